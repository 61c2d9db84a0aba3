"""A call's or a chat's transcript: what each speaker says is prose, not a captioned value.

"2. Assurée : Oui bonjour, c'est Madame MOUGENOT" reads as the caption "Assurée" over the
name "Oui bonjour"; in a transcript the words before the colon name who speaks. A speaker
is known by speaking several times, in sentences; a form's captions come once, over short
values.
"""

from __future__ import annotations

import re

# "[00:29] Assuré : ...", "2. Courtier : ...", "Adelphe (cabinet) : ...". A speaker's name is a
# word at least: "Q :" and "R :" ask and answer a questionnaire.
_TURN = re.compile(
    r"^(?P<lead>\s*(?:\[\d{1,2}:\d{2}(?::\d{2})?\]\s*|\d{1,3}[.)]\s+)?)"
    r"(?P<speaker>[^\W\d][\w'’-]+(?: [\w'’-]+){0,3}(?:\s*\([^()]{1,25}\))?)\s*:\s+(?P<said>\S.*)$"
)
_SENTENCE_WORDS = 4  # a speaker says this many words a turn, on average


def as_prose(lines: list[str]) -> list[str]:
    """The lines with the speakers of a transcript taken off their turns; others as they are."""
    turns = {i: m for i, line in enumerate(lines) if (m := _TURN.match(line))}
    by_speaker: dict[str, list[int]] = {}
    for i, m in turns.items():
        by_speaker.setdefault(_speaker(m), []).append(i)
    speakers = {
        speaker for speaker, where in by_speaker.items()
        if len(where) >= 2 and sum(len(turns[i]["said"].split()) for i in where) >= _SENTENCE_WORDS * len(where)
    }
    # A dialogue: two speakers at least, taking turns several times.
    if len(speakers) < 2 or sum(len(by_speaker[s]) for s in speakers) < 4:
        return lines
    prose: list[str] = []
    for i, line in enumerate(lines):
        if i in turns and _speaker(turns[i]) in speakers:
            prose.append(f"{turns[i]['lead']}{turns[i]['said']}")
        elif not _names_the_speakers(line, speakers):
            prose.append(line)
    return prose


def _names_the_speakers(line: str, speakers: set[str]) -> bool:
    """The transcript's cast ("Interlocuteurs : Courtier / Assurée"), no caption over the line below."""
    _, colon, cast = line.partition(":")
    names = [name.strip().lower() for name in re.split(r"\s*(?:/|,|&|\bet\b)\s*", cast) if name.strip()]
    return bool(colon) and len(names) >= 2 and all(name in speakers for name in names)


def _speaker(turn: re.Match[str]) -> str:
    return turn["speaker"].strip().lower()
