"""Where a line's labels are: the synonyms of ``config/labels.toml`` matched on positioned words.

A label is matched word by word (exactly, or on a scan with a letter or two off), and taken as
a label only where it stands as one: starting a line or a column, before a colon, a gap or its
value's number. Its bracketed gloss belongs to it ("Demeurant (numéro et voie) :"). On scans,
a table's label cell or a heading row's captions misread past word-by-word matching are
compared whole with the synonyms. ``form.py`` pairs the labels found here with their values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from statistics import median

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.fields.knowledge import LabelSpec
from odm_intake.extractors.fields.typecheck import fits
from odm_intake.extractors.text import edit_distance, fold, within_one_edit, within_one_slip
from odm_intake.extractors.words import TICKED, UNTICKED, Line, Page, Word, cells


ARROWS = ("►", "▸", "→")  # what a software extract puts where a form has a colon
_SEPARATORS = {":", "-", "–", "|", "/", ";", ",", "•", "·", "*", ">", "—", *ARROWS}
_BULLETS = {"-", "•", "*", "–", "—", ">", "·", "o", "›", "»", "▪", "◦", "‣", "➤", "➢", "│", "┃", "║"}  # (and a text box's left edge)
_NUMBERED = re.compile(r"^(?:\d{1,2}[.)]|#\d{1,2}|[A-H]\d{1,2})$")  # "3.", "#10" or a checklist's "B2" before a numbered question
_LABEL_GAP = 4.0  # letters: a gap this wide between two words parts two captions
# Labels whose value may start with a number right after them ("Adresse 32 quai ...").
_NUMBERED_KINDS = {"address", "postal_code", "postal_city", "amount", "date"}
# Labels commonly followed directly by their value without a colon ("Sinistre n° c123", "Police MRH 1").
_DIRECT_KINDS = {"claim_number", "policy_number", "code", "phones", "email", "date"}
# "06" before a form's numbered caption ("06 Nom *"); a scan may read its 0 or 1 as a letter ("O1").
_CAPTION_NUMBER = re.compile(r"^(?=\D?\d)[\dOoIl]{1,2}[.)]?$")


def _is_bullet(text: str) -> bool:
    return text in _BULLETS or bool(_NUMBERED.match(text))


@dataclass(slots=True)
class _Token:
    folded: str
    word_index: int
    last_in_word: bool


def _tokens(line: Line) -> list[_Token]:
    out: list[_Token] = []
    for i, w in enumerate(line.words):
        parts = fold(w.text).split()
        for j, part in enumerate(parts):
            out.append(_Token(part, i, j == len(parts) - 1))
    return out


def _same_token(text: str, label: str, fuzzy: bool) -> bool:
    if text == label:
        return True
    if not fuzzy or len(label) < 5 or abs(len(text) - len(label)) > 2:
        return False
    if within_one_edit(text, label):
        return True
    # Long label words survive two slips ("civitte" for "civilite", "tekephonc" for "telephone").
    return len(label) >= 8 and edit_distance(text, label) <= 2


def _spec_fits(tokens: list[_Token], t: int, spec: LabelSpec, loose: bool, strict_single: bool = False) -> bool:
    """Whether the label ``spec`` is written at token ``t``: exactly, or on a scan (``loose``)
    with slips: long words one or two letters off, a short word of a label of two or more
    words one letter off ("Coge agent"); in a label of three or more words whose other words are
    exact, a short inner word lost ("Nom et prénom oe l'assuré") or any word two slips off.
    ``strict_single``: a one-word label only one letter off."""
    n = len(spec.tokens)
    if n == 0 or t + n > len(tokens) or not tokens[t + n - 1].last_in_word:
        return False
    words = [tokens[t + k].folded for k in range(n)]
    if tuple(words) == spec.tokens:
        return True
    if not loose:
        return False
    exact = sum(w == label for w, label in zip(words, spec.tokens))
    if n == 1 and strict_single:
        return len(spec.tokens[0]) >= 5 and within_one_edit(words[0], spec.tokens[0])
    if n == 1 or exact == 0:
        return all(_same_token(w, label, True) for w, label in zip(words, spec.tokens))
    misses = [
        k for k, (w, label) in enumerate(zip(words, spec.tokens))
        if not (_same_token(w, label, True) or (len(label) >= 4 and within_one_edit(w, label)))
    ]
    if not misses:
        return True
    if n < 3 or len(misses) > 1 or exact < n - 1:
        return False
    # All the other words exact: the missed one is a short word inside the label, lost ("de",
    # "et"), or any word two slips off ("Coms de métier": "rp" read as "m").
    k = misses[0]
    # A word of one or two letters is never "two slips off": that would take any short word
    # after the label for its end ("Nom de l'assuré(e)" read in "NOM DE L'ASSURÉ M. Vincent").
    return (0 < k < n - 1 and len(spec.tokens[k]) <= 3) or (len(spec.tokens[k]) >= 4 and edit_distance(words[k], spec.tokens[k]) <= 2)


def _abbreviation_fits(tokens: list[_Token], t: int, spec: LabelSpec) -> bool:
    """An abbreviation of the page's legend read with a scan's slips ("OT SURY." for "DT SURV."):
    as many words, letters one off (two off from six letters on), never a word cut in two."""
    n = len(spec.tokens)
    if t + n > len(tokens) or not tokens[t + n - 1].last_in_word:
        return False
    written, label = "".join(tokens[t + k].folded for k in range(n)), "".join(spec.tokens)
    if len(label) < 4:
        return False
    return edit_distance(written, label) <= (1 if len(label) < 6 else 2)


@lru_cache(maxsize=1)
def _specs_by_first_word() -> dict[str, tuple[LabelSpec, ...]]:
    """The label specs (longest first) under their first word, for exact matching."""
    index: dict[str, list[LabelSpec]] = {}
    for spec in knowledge.labels():
        if spec.tokens:
            index.setdefault(spec.tokens[0], []).append(spec)
    return {word: tuple(specs) for word, specs in index.items()}


def gap_before(line: Line, word_index: int) -> float:
    """Horizontal gap before a word, in units of the line's typical character width."""
    if word_index == 0:
        return 99.0
    prev, cur = line.words[word_index - 1], line.words[word_index]
    return (cur.box.x0 - prev.box.x1) / line.char_width


def ends_with_colon(line: Line, word_index: int) -> bool:
    """A colon, an arrow a software extract puts in its place ("Police ► AZ 6610 9576"), or a rule."""
    word = line.words[word_index].text
    if word.endswith(":"):
        return True
    # A lone "|" after a label is the rule or frame edge between it and its value's cell.
    # So is the asterisk of a required field ("Nom *"), which a fax reads as a quote mark.
    return word_index + 1 < len(line.words) and (line.words[word_index + 1].text[:1] in (":", *ARROWS) or line.words[word_index + 1].text in ("|", "*", "”", '"'))


def label_matches(line: Line, abbreviations: dict[str, tuple[LabelSpec, ...]] | None = None) -> list[tuple[int, int, LabelSpec]]:
    """(first word, last word, spec) of each label on the line, left to right, not overlapping;
    ``abbreviations``: the labels the page's legend explains, by first word."""
    abbreviations = abbreviations or {}
    tokens = _tokens(line)
    # Scanned text misreads letters ("Nâture", "Quslité"): allow one slip in long label words.
    fuzzy = any(w.conf < 1.0 for w in line.words)
    found: list[tuple[int, int, LabelSpec]] = []
    t = 0
    while t < len(tokens):
        tok = tokens[t]
        # A label starts at the start of a word.
        if t > 0 and tokens[t - 1].word_index == tok.word_index:
            t += 1
            continue
        label_word = tok.word_index
        first_word = _caption_start(line, label_word, found)
        # A bullet, or a scan's speck, before a line's first label.
        at_start = first_word == 0 or (first_word == 1 and (_is_bullet(line.words[0].text) or fuzzy and is_speck(line.words[0].text)))
        # A misread label is only trusted where labels start lines, or right after another label
        # across a wide gap (a row of labels above their values), never inside values ("GARNIER").
        after_label = (
            bool(found)
            and all(w.text in _SEPARATORS for w in line.words[found[-1][1] + 1 : first_word])  # "Date du sinistre *  16 Nature"
            and gap_before(line, first_word) >= 2.5
        )
        loose = fuzzy and (at_start or after_label)
        # Or across a gap as wide as one between two captions, past a speck ("Église ‘ Compièment . Lot 7").
        wide_gap = fuzzy and (gap_before(line, first_word) >= _LABEL_GAP or first_word >= 2 and is_speck(line.words[first_word - 1].text)
                              and gap_before(line, first_word - 1) + gap_before(line, first_word) >= _LABEL_GAP)
        accepted = None
        for match, from_legend in _candidate_specs(tokens, t, abbreviations, fuzzy, loose or wide_gap, at_start):
            last_word = _accepted_end(line, tokens, t, match, first_word, found, at_start, fuzzy, loose, from_legend)
            misread = tuple(tok.folded for tok in tokens[t : t + len(match.tokens)]) != match.tokens
            if last_word is not None and misread and not loose and all(is_speck(w.text) for w in line.words[last_word + 1 :]):
                continue  # a misread caption found by its gap alone takes its value on its line
            if last_word is not None:
                accepted = (first_word, last_word, match)
                break
        if accepted is None and at_start:
            accepted = _shorthand(line, tokens, t, first_word) or (None if fuzzy else _misspelt(line, tokens, t, first_word))
        if accepted is None:
            t += 1
            continue
        found.append(accepted)
        t = next((k for k in range(t, len(tokens)) if tokens[k].word_index > accepted[1]), len(tokens))
    return found


_SHORTHAND_WORDS = 3


def _shorthand(line: Line, tokens: list[_Token], t: int, first_word: int) -> tuple[int, int, LabelSpec] | None:
    """A caption in a claims tool's shorthand starting the line, before its colon ("CD.AGT :",
    "DT.SURV. :", "CPLT :"; on a scan, a sign read for the colon or none): whole words, each in
    capitals or ending with a full stop."""
    for last in range(first_word, min(first_word + _SHORTHAND_WORDS, len(line.words))):
        word = line.words[last]
        text = word.text.rstrip(":")
        if not text or not (text.isupper() or text.endswith(".")):
            return None
        # On a scan the colon may be lost altogether: a lone word in capitals ("CPLT Lot 7").
        bare = last == first_word and word.conf < 1.0 and text.isalpha() and text.isupper() and len(text) >= 3 and last + 1 < len(line.words)
        if ends_with_colon(line, last) or _scanned_colon(line, last) or bare:
            written = tuple(tok.folded for tok in tokens[t:] if tok.word_index <= last)
            specs = knowledge.shorthand_labels(written, scanned=word.conf < 1.0)
            if len({spec.key for spec in specs}) > 1:
                # "N°CTR. : MRH 2051933": the field whose value the rest of the line gives.
                rest = " ".join(w.text for w in line.words[last + 1 :]).lstrip(" :")
                specs = tuple(spec for spec in specs if fits(spec, rest) and not (spec.kind == "code" and re.search(r"[A-Za-z]", rest)))
            if len({spec.key for spec in specs}) > 1:
                # "TEL.S.": "Téléphone secondaire" word for word, before "Tél. du sinistré" with a word skipped.
                specs = tuple(spec for spec in specs if len(spec.tokens) == len(written)) or specs
            if not specs or len({spec.key for spec in specs}) > 1:
                return None
            spec = specs[0]
            return first_word, last, LabelSpec(spec.key, spec.kind, written, spec.text, spec.multiline, shorthand=True)
    return None


def _misspelt(line: Line, tokens: list[_Token], t: int, first_word: int) -> tuple[int, int, LabelSpec] | None:
    """A typed caption starting the line with a typing slip ("N° de contrta :", "Adrese -",
    "Ocupation :"): every word as the label's, or one slip off in a word of five letters or more,
    the caption closed by a colon or a dash. The longest such label."""
    for spec in _labels_longest_first():
        n = len(spec.tokens)
        if t + n > len(tokens) or not tokens[t + n - 1].last_in_word:
            continue
        words = [tokens[t + k].folded for k in range(n)]
        if tuple(words) == spec.tokens or not all(w == label or len(label) >= 5 and within_one_slip(w, label) for w, label in zip(words, spec.tokens)):
            continue
        last = tokens[t + n - 1].word_index
        after = line.words[last + 1].text if last + 1 < len(line.words) else ""
        if ends_with_colon(line, last) or after in ("-", "–", ":"):
            return first_word, last, spec
    return None


@lru_cache(maxsize=1)
def _labels_longest_first() -> tuple[LabelSpec, ...]:
    return tuple(sorted(knowledge.labels(), key=lambda spec: -len(spec.tokens)))


def _scanned_colon(line: Line, last: int) -> bool:
    """A colon a scan read as another sign ("MET. # SERRURERIE", "QUAL. 5 PROPRIÉTAIRE", "CD.AGT ‘ 351906")."""
    after = line.words[last + 1] if last + 1 < len(line.words) else None
    return after is not None and after.conf < 1.0 and len(after.text) == 1


def _only_separators(text: str) -> bool:
    return bool(text) and all(c in _SEPARATOR_CHARS for c in text)


_SEPARATOR_CHARS = frozenset(":+·•-–—*|;,/")


def _candidate_specs(tokens: list[_Token], t: int, abbreviations: dict, fuzzy: bool, loose: bool, at_start: bool):
    """The labels that may start at token ``t``, best first, each with whether the page's legend
    explains it: written exactly (a label written exactly wins over a longer one read with
    slips), an abbreviation of the legend read with slips, then any label read with slips. A
    later one is tried when the one before is not set off as a label ("Nature" exact in "16
    Nature du sinislre" is not, "Nature du sinistre" read with a slip is)."""
    exact = abbreviations.get(tokens[t].folded, ()) + _specs_by_first_word().get(tokens[t].folded, ())
    for match in (spec for spec in exact if _spec_fits(tokens, t, spec, False)):
        yield match, match in abbreviations.get(tokens[t].folded, ())
    if fuzzy:
        match = next((spec for specs in abbreviations.values() for spec in specs if _abbreviation_fits(tokens, t, spec)), None)
        if match is not None:
            yield match, True
    if loose:
        # After another label, a one-word label must be one letter off at most: a value
        # ("GARNIER") can be two letters from a label word ("garantie").
        match = next((spec for spec in knowledge.labels() if _spec_fits(tokens, t, spec, True, strict_single=not at_start)), None)
        if match is not None:
            yield match, False
        # A label's words read as one, their space lost and a letter off ("Survenute" for "Survenu le").
        word = tokens[t].folded
        if len(word) >= 7 and tokens[t].last_in_word:
            glued = next((spec for letters, spec in _glued_labels() if within_one_edit(word, letters)), None)
            if glued is not None:
                yield LabelSpec(glued.key, glued.kind, (word,), glued.text, glued.multiline), False


@lru_cache(maxsize=1)
def _glued_labels() -> tuple[tuple[str, LabelSpec], ...]:
    """The labels of two words or more, their letters run together, in the labels' order."""
    return tuple(("".join(spec.tokens), spec) for spec in knowledge.labels() if len(spec.tokens) >= 2)


def _accepted_end(line: Line, tokens: list[_Token], t: int, match: LabelSpec, first_word: int, found: list, at_start: bool,
                  fuzzy: bool, loose: bool, from_legend: bool) -> int | None:
    """The label's last word when ``match`` at token ``t`` stands as a label where it is
    (starting a line or a column, before a colon or a gap), else None."""
    last_word = tokens[t + len(match.tokens) - 1].word_index
    if any(gap_before(line, k) >= _LABEL_GAP for k in range(tokens[t].word_index + 1, last_word + 1)):
        return None  # "Nom      Prénom", "Code postal      Commune": two captions, not one label
    if not fuzzy and _ends_sentence(line.words[last_word].text) and not from_legend:
        # "Cause réparée." says so: a sentence, not a label waiting for its value. (On scans a
        # speck is often read as a full stop.)
        return None
    after_gap = _gap(line, first_word, first_word, last_word) >= 2.5
    before = line.words[first_word - 1] if first_word > 0 else None
    # A scan's speck right before the label ("complémentaires ‘ Total commande TTC") stands in a gap.
    speck_before = before is not None and fuzzy and before.conf < 1.0 and is_speck(before.text) and gap_before(line, first_word - 1) >= 2.5
    # A scan reads the middle dot between two pairs as ":" or ":+".
    after_sep = before is not None and (before.text in _SEPARATORS or before.text[-1:] in ",;|" or speck_before or _only_separators(before.text))
    # "Demeurant (numéro et voie) :"; "Code agent général . . . . 678245": leader dots stand for the colon.
    colon = (
        ends_with_colon(line, last_word) or label_gloss(line.words[last_word + 1 :]) > 0 or leaders_after(line.words[last_word + 1 :]) > 0
        or at_start and _question_tail(line.words[last_word + 1 :])  # "Corps de métier déterminé ?  ✔  Serrurerie"
    )
    # "... au plus vite. Code Allianz du courtier : 2679": a pair after a sentence, on its line.
    after_sep = after_sep or (before is not None and before.text.endswith(".") and colon and line.words[first_word].text[:1].isupper())
    # "Présente : Mme Ludivine Barrère, assurée": a word ending a line after a comma is an
    # apposition, not a label waiting for its value.
    apposition = before is not None and before.text.endswith(",") and not after_gap
    nothing_after = last_word == len(line.words) - 1 and not apposition
    # "Préférence de contact : Téléphone": a label's word ending the line right after another
    # caption's colon is that caption's value.
    answered = nothing_after and before is not None and before.text.endswith(":") and not after_gap
    gap_after = last_word + 1 < len(line.words) and (
        _gap(line, last_word + 1, first_word, last_word) >= 2.5
        or _set_larger(line.words[last_word + 1], line.words[first_word : last_word + 1])
        # A box right after it opens its value ("Nom ☒ MASSON", a ring around the value), unless
        # the words are themselves an option ("☒ Propriétaire ☐ Locataire").
        or line.words[last_word + 1].text in (TICKED, UNTICKED) and (before is None or before.text not in (TICKED, UNTICKED))
        # A scan's speck in the gap ("Compièment . Lot 7"): the gap is both sides of it.
        or fuzzy and last_word + 2 < len(line.words) and is_speck(line.words[last_word + 1].text)
        and gap_before(line, last_word + 1) + gap_before(line, last_word + 2) >= 2.5
    )
    # A row of a printed form in capitals: "CIVILITÉ M.    NOM MARTIN    PRÉNOM Nicolas".
    capitals = not loose and all(w.text.isupper() for w in line.words[first_word : last_word + 1])
    capitals_row = capitals and (bool(found) and after_gap or at_start and len(line.words[first_word].text) >= 4)
    # A label of several words written exactly, across a gap as wide as a column's.
    new_column = not loose and len(match.tokens) >= 2 and gap_before(line, first_word) >= 5
    # An abbreviation the page's legend explains is a label wherever a word gap sets it off.
    explained = from_legend and (at_start or gap_before(line, first_word) >= 1.2)
    # "Adresse 32 quai des Bateliers": a number right after a label that takes one starts its value.
    number_after = match.kind in _NUMBERED_KINDS and last_word + 1 < len(line.words) and line.words[last_word + 1].text[:1].isdigit()
    if (at_start and (colon or gap_after or nothing_after or len(match.tokens) >= 2 or match.kind in _DIRECT_KINDS or number_after)) or (
        (after_gap or after_sep) and (colon or gap_after or (nothing_after and not answered))
    ) or capitals_row or new_column or explained:
        return last_word
    return None


LETTER_PER_HEIGHT = 0.45  # a letter's mean width, in the height of a text layer's word box


def _gap(line: Line, word_index: int, first: int, last: int) -> float:
    """The gap before a word, in letters of the line or of the label's own print, whichever is
    narrower: a form filled in by hand has its values in a larger hand than its printed labels.
    A text layer's box height is the label's type size, a surer measure than a short word's width."""
    if word_index == 0:
        return 99.0
    label = line.words[first : last + 1]
    letter = min(line.char_width, sum(w.box.x1 - w.box.x0 for w in label) / max(1, sum(len(w.text) for w in label)))
    height = median(w.box.y1 - w.box.y0 for w in label)
    if all(w.conf >= 1.0 for w in label) and height > line.char_width:  # type, not a text page's rows
        letter = min(letter, LETTER_PER_HEIGHT * height)
    return (line.words[word_index].box.x0 - line.words[word_index - 1].box.x1) / max(letter, 0.01)


LARGER_VALUE = 1.4  # a value this many times as high as its label is in print of its own


def _set_larger(word: Word, label: list[Word]) -> bool:
    """Whether ``word`` is set in larger print than the label before it, as the values typed or
    written onto a form whose captions are in small print (or small capitals): the label ends
    there however narrow the gap. A scan's boxes vary in height with the letters' ascenders: the
    value must start as a name or a number does, not with a small word ("Nom de la voie")."""
    first = next((c for c in word.text if c.isalnum()), "")  # past a rule's residue ("_DUBOIS")
    if not first.isupper() and not first.isdigit():
        return False
    return word.box.y1 - word.box.y0 >= LARGER_VALUE * max(w.box.y1 - w.box.y0 for w in label)


def _caption_start(line: Line, label_word: int, found: list) -> int:
    """Where a label begins, counting the number of a numbered caption ("01 N° de sinistre *",
    "06 Nom *"): a bare one- or two-digit number starting its line or its column. The label
    then starts at the number, so the label before it does not take the number as its value."""
    k = label_word - 1
    if k < 0 or not _CAPTION_NUMBER.match(line.words[k].text) or (found and found[-1][1] >= k):
        return label_word
    if k == 0 or gap_before(line, k) >= 2.5:
        return k
    return label_word


def question_end(words: list[Word], within: int | None = None) -> int | None:
    """The index of the word closing a question ("connu ?") among the first ``within`` words, or None."""
    return next((k for k, w in enumerate(words[:within]) if w.text.endswith("?")), None)


def _question_tail(words: list[Word]) -> bool:
    """A few words closing a checklist's question after the label ("déterminé ?", "connu ?")."""
    asked = question_end(words, within=6)
    return asked is not None and not any(c.isdigit() or c == ":" for w in words[: asked + 1] for c in w.text)


_LEADER = re.compile(r"[.…]+")  # dots only: a run of underscores is a blank to fill in


def leaders_after(words: list[Word]) -> int:
    """How many words a caption's end and its leader dots take before the value ("à rappeler
    . . . . . . B70882793", "général ........ 678245"): a few words, then a run of dots."""
    for k, word in enumerate(words[:6]):
        if _LEADER.fullmatch(word.text) and (len(word.text) >= 3 or k + 1 < len(words) and _LEADER.fullmatch(words[k + 1].text)):
            end = k
            while end < len(words) and _LEADER.fullmatch(words[end].text):
                end += 1
            return end
        if word.text.endswith((":", "…", "...")) or any(c.isdigit() for c in word.text):
            return 0
    return 0


def label_gloss(words: list[Word]) -> int:
    """How many words a bracketed gloss of the label takes before its colon ("Adresse du risque
    (lieu des travaux) : 12 rue ..."): they belong to the label, not to the value."""
    if words and words[0].text == "|":
        return _scanned_gloss(words)
    tails = _label_tails(words)
    if tails:
        return tails
    if words and not words[0].text.startswith("("):
        return _unopened_gloss(words)
    for k, word in enumerate(words[:6]):
        if _closes_gloss(word.text):
            return k + 1
        if word.text.endswith(")"):
            # Followed by its colon, or by the asterisk of a required field or nothing:
            # "Adresse du risque (n°, voie) *" with the value on the line below.
            rest = [w.text for w in words[k + 1 :]]
            return k + 1 if rest[:1] == [":"] or rest in ([], ["*"]) else 0
    return 0


def _closes_gloss(text: str) -> bool:
    """A gloss's closing bracket and the label's colon, as printed or as a scan reads the bracket ("}:")."""
    return text.endswith(("):", "}:", "]:"))


def _unopened_gloss(words: list[Word]) -> int:
    """A gloss whose opening bracket a scan lost: "précisions | bâtiment. escalier. porte): Apt 12"
    (small letters, parted by commas or dots, closed by its bracket and colon)."""
    close = next((k for k in range(min(len(words), 7)) if _closes_gloss(words[k].text)), None)
    if close is None:
        return 0
    inner = " ".join(w.text for w in words[: close + 1])
    return close + 1 if inner[:1].islower() and re.search(r"[,.]", inner) and not re.search(r"\d", inner) else 0


def _label_tails(words: list[Word]) -> int:
    """A word that ends a label a shorter synonym matched ("Adresse du bien | concerné :"), before
    the colon or alone on the line: it belongs to the label."""
    tails = knowledge.label_tails()
    k = 0
    while k < min(len(words), 2) and fold(words[k].text.rstrip(":*")) in tails:
        k += 1
        if words[k - 1].text.endswith(":"):
            return k
    rest = [w.text for w in words[k:]]
    return k if k and (rest[:1] == [":"] or rest in ([], ["*"])) else 0


def _scanned_gloss(words: list[Word]) -> int:
    """A gloss whose brackets a scan read as rules: "| n°. voie | *", "| bâtiment, étage, porte |".
    Only taken when the asterisk of a required field follows it, or when it ends the line and reads
    as a gloss (small letters, a list or an instruction): a table's "| value |" cell is no gloss."""
    close = next((k for k in range(1, min(len(words), 8)) if words[k].text == "|" or _closes_gloss(words[k].text)), None)
    if close is None or close == 1:
        return 0
    inner = re.sub(r"[)}\]]:$", "", " ".join(w.text for w in words[1 : close + 1]))
    if _closes_gloss(words[close].text):
        # Opened as a rule, closed by its bracket and the colon: "| bâtiment, escalier, porte): Apt 12".
        return close + 1 if inner[:1].islower() and re.search(r"[,.]", inner) else 0
    rest = [w.text for w in words[close + 1 :]]
    inner = " ".join(w.text for w in words[1:close])
    first_word = fold(inner).split()[:1]
    form_values = knowledge.vocabulary()["form_values"]
    instruction = bool(first_word) and first_word[0] in form_values["instructions"] or bool(set(fold(inner).split()) & set(form_values["gloss_words"]))
    worded = inner[:1].islower() and not any(c.isdigit() for c in inner)
    if rest == ["*"] or (rest in ([], [":"]) and worded and ("," in inner or instruction)):
        return close + 1 + len(rest)
    if rest[:1] == [":"] and worded:
        return close + 2  # "| ou de sa découverte | : 16/10/2026": the label's colon closes it
    return 0


def _ends_sentence(word: str) -> bool:
    """A full word closed by a full stop; abbreviated labels ("Tél.", "Réf.", "Bât.") are short."""
    return word.endswith(".") and not word.endswith("..") and sum(c.isalpha() for c in word) >= 5


CELL_LABEL_RATIO = 0.75


def cell_label(page: Page, line: Line) -> list[tuple[int, int, LabelSpec]]:
    """A scanned table row whose label cell was misread past word-by-word matching
    ("Comp'ement d'adresse", "Cade :ntermediurre"): the cell left of the row's widest gap is
    a label, so it is compared whole with the label synonyms, and kept when one field's
    synonym is clearly the closest."""
    if not page.rules or not line.words or not page.table_row(line.box):
        return []
    if len(line.words) == 1:
        return []
    gap, split = max((gap_before(line, i), i) for i in range(1, len(line.words)))
    if gap < 2.0:
        split = len(line.words)  # a label cell with an empty value cell
    spec = _closest_label(line.words[:split], CELL_LABEL_RATIO)
    return [] if spec is None else [(0, split - 1, spec)]


def _closest_label(words: list[Word], least_ratio: float) -> LabelSpec | None:
    """The label synonym a misread caption is closest to, compared whole, when it is close
    enough and clearly closer than any other field's."""
    cell = fold(" ".join(w.text for w in words))
    if len(cell) < 3:
        return None
    best: dict[str, tuple[float, LabelSpec]] = {}
    for spec in knowledge.labels():
        ratio = SequenceMatcher(None, cell, " ".join(spec.tokens)).ratio()
        if ratio > best.get(spec.key, (0.0, spec))[0]:
            best[spec.key] = (ratio, spec)
    ranked = sorted(best.values(), key=lambda item: -item[0])
    if not ranked or ranked[0][0] < least_ratio or (len(ranked) > 1 and ranked[0][0] - ranked[1][0] < 0.1):
        return None
    return ranked[0][1]


# A misread heading only has to be this close: the row's other cells are labels, and the values
# under it are type-checked.
HEADING_CELL_RATIO = 0.65


def heading_cells(line: Line, found: list) -> list:
    """A scanned row of column headings with captions misread past word-by-word matching
    ("Police souscritu", "Code appureut"): each of the row's cells that no label covers is
    compared whole with the label synonyms, and a label's bracketed gloss in its own cell
    ("Réf. dossier (sinistre)") is the label's. Only where two labels or more were read word by
    word, and kept only when every cell then is a label: a heading row, whose values are in the
    row below."""
    if len(found) < 2 or not any(w.conf < 1.0 for w in line.words):
        return found
    index = {id(w): k for k, w in enumerate(line.words)}
    out: list[tuple[int, int, LabelSpec]] = []
    for cell in cells(line, gap=2.5):
        first, last = index[id(cell[0])], index[id(cell[-1])]
        inside = [m for m in found if first <= m[0] and m[1] <= last]
        if any(m not in inside and m[0] <= last and m[1] >= first for m in found):
            return found  # a label running across two cells: not a row of headings
        covered = {k for m in inside for k in range(m[0], m[1] + 1)}
        uncovered = [w for k, w in enumerate(cell, first) if k not in covered and not is_speck(w.text)]
        if inside and not uncovered:
            out += inside
        elif len(inside) == 1 and inside[0][0] == first and _is_bracketed(line.words[inside[0][1] + 1 : last + 1]):
            out.append((first, last, inside[0][2]))
        elif not inside and (spec := _misread_heading(cell)) is not None:
            out.append((first, last, spec))
        else:
            return found
    return out if len(out) >= 2 else found


def _misread_heading(words: list[Word]) -> LabelSpec | None:
    """The label a heading cell's words misread: several words close enough as a whole, or one
    word one letter off a one-word label ("Règement"; a value beside labels is further off:
    "Adrienne" is not "Adresse"). A digit makes a value."""
    text = fold(" ".join(w.text for w in words))
    if len(text) < 6 or any(c.isdigit() for c in text):
        return None
    if len(words) >= 2:
        return _closest_label(words, HEADING_CELL_RATIO) if len(text) >= 8 else None
    return next((spec for spec in knowledge.labels() if len(spec.tokens) == 1 and len(spec.tokens[0]) >= 6 and within_one_edit(text, spec.tokens[0])), None)


def _is_bracketed(words: list[Word]) -> bool:
    """A gloss in brackets, or in what a scan makes of them ("{sinistre)", "| s nistre |")."""
    return bool(words) and words[0].text[:1] in "({[|" and words[-1].text[-1:] in ")}]|"


def is_speck(text: str) -> bool:
    """What a scan's specks become: punctuation or one small letter ("i", "°", "'"), never a
    capital or a digit ("M.", "4")."""
    return sum(c.isalnum() for c in text) <= 1 and not any(c.isupper() or c.isdigit() for c in text)
