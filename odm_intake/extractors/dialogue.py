"""A call's or a chat's transcript: what each speaker says is prose, not a captioned value.

"2. Assurée : Oui bonjour, c'est Madame MOUGENOT" reads as the caption "Assurée" over the
name "Oui bonjour"; in a transcript the words before the colon name who speaks. A speaker
is known by speaking several times, in sentences; a form's captions come once, over short
values.
"""

from __future__ import annotations

import re

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.text import fold

# "[00:29] Assuré : ...", "2. Courtier : ...", "Adelphe (cabinet) : ...". A speaker's name is a
# word at least: "Q :" and "R :" ask and answer a questionnaire.
_TURN = re.compile(
    r"^(?P<lead>\s*(?:\[\d{1,2}:\d{2}(?::\d{2})?\]\s*|\d{1,3}[.)]\s+)?)"
    r"(?P<speaker>[^\W\d][\w'’-]+(?: [\w'’-]+){0,3}(?:\s*\([^()]{1,25}\))?)\s*:\s+(?P<said>\S.*)$"
)
_SENTENCE_WORDS = 4  # a speaker says this many words a turn, on average
# A bot's buttons, or the one clicked: "[Déclarer un sinistre]  [Suivre un dossier]".
_OPTIONS = re.compile(r"(?:\[([^\[\]]{1,80})\]\s*)+")
_CHOICES = ("housing", "occupation", "peril", "trade")
_SHORT_ANSWER = 6  # words a turn: a form's answers, a chatbot's visitor, not a caller's sentences


def as_prose(lines: list[str]) -> list[str]:
    """The lines with the speakers of a transcript taken off their turns, a question that names
    a field and the other speaker's answer written as "Label : answer" (a chatbot's "Et votre
    numéro de contrat ?" then "AZ4 033 8405"), the options a bot offers dropped; other lines as
    they are."""
    turns = {i: m for i, line in enumerate(lines) if (m := _TURN.match(line))}
    by_speaker: dict[str, list[int]] = {}
    for i, m in turns.items():
        by_speaker.setdefault(_speaker(m), []).append(i)
    speakers = {speaker for speaker, where in by_speaker.items() if len(where) >= 2}
    # A dialogue: two speakers at least, taking turns several times, one of them in sentences (a
    # list of people's "Nom :" and "Tél :" is none).
    if len(speakers) < 2 or sum(len(by_speaker[s]) for s in speakers) < 4 or not any(_words_a_turn(turns, by_speaker[s]) >= _SENTENCE_WORDS for s in speakers):
        return lines
    said = {i: turns[i]["said"].strip() for i in turns if _speaker(turns[i]) in speakers}
    order = sorted(said)
    offered = {i for k, i in enumerate(order) if _OPTIONS.fullmatch(said[i]) and k and _speaker(turns[order[k - 1]]) == _speaker(turns[i])}
    answers, asked = _answered(turns, said, [i for i in order if i not in offered], by_speaker, chatbot=bool(offered))
    prose: list[str] = []
    for i, line in enumerate(lines):
        if i in offered or i in asked:
            continue
        if i in answers:
            prose.append(answers[i])
        elif i in said:
            prose.append(f"{turns[i]['lead']}{said[i]}")
        elif not _names_the_speakers(line, speakers):
            prose.append(line)
    return prose


def _answered(turns: dict[int, re.Match[str]], said: dict[int, str], order: list[int], by_speaker: dict[str, list[int]],
              chatbot: bool) -> tuple[dict[int, str], set[int]]:
    """The answers that follow a question naming a field, as "Label : answer" lines by the
    answer's line, and the questions they answer."""
    answers: dict[int, str] = {}
    asked: set[int] = set()
    for question, answer in zip(order, order[1:]):
        if _speaker(turns[question]) == _speaker(turns[answer]) or not said[question].endswith(("?", ":")):
            continue
        if not chatbot and _words_a_turn(turns, by_speaker[_speaker(turns[answer])]) > _SHORT_ANSWER:
            continue  # a call: the answers are sentences ("Oui, c'est au 100 impasse ..."), read as prose
        reply = _OPTIONS.sub(r"\1", said[answer]).strip()  # a button clicked: its text
        if knowledge.offers_choice(fold(said[question]), _CHOICES):
            answers[answer] = reply  # "Maison ou appartement ?": the options are no answer
        elif label := _asked_label(said[question]):
            answers[answer] = f"{label} : {reply}"
        else:
            continue
        asked.add(question)
    return answers, asked


def _words_a_turn(turns: dict[int, re.Match[str]], where: list[int]) -> float:
    return sum(len(turns[i]["said"].split()) for i in where) / len(where)


def _asked_label(question: str) -> str | None:
    """The caption a question names, its longest ("Avez-vous un numéro de sinistre Allianz ?"
    names "N° de sinistre")."""
    words = fold(question).split()
    found = [
        spec for spec in knowledge.labels()
        if spec.tokens and any(tuple(words[k : k + len(spec.tokens)]) == spec.tokens for k in range(len(words) - len(spec.tokens) + 1))
    ]
    return max(found, key=lambda spec: len(spec.tokens)).text if found else None


def _names_the_speakers(line: str, speakers: set[str]) -> bool:
    """The transcript's cast ("Interlocuteurs : Courtier / Assurée"), no caption over the line below."""
    _, colon, cast = line.partition(":")
    names = [name.strip().lower() for name in re.split(r"\s*(?:/|,|&|\bet\b)\s*", cast) if name.strip()]
    return bool(colon) and len(names) >= 2 and all(name in speakers for name in names)


def _speaker(turn: re.Match[str]) -> str:
    return turn["speaker"].strip().lower()
