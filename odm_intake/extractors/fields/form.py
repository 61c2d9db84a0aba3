"""Label/value pairs from positioned words, by geometry (ARCHITECTURE.md invariant 4).

Works the same on a PDF text layer, an OCRed fax and a form pasted in a mail body:
- value right of the label on the same line, up to the next label (two-column forms);
- a table row "Label | value", the cell gap being just a wider space;
- label alone on its line with the value on the line below (label-above-value blocks);
- values that wrap onto following lines (long descriptions, option lists).
Labels and their synonyms come from ``config/labels.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.fields.knowledge import LabelSpec
from odm_intake.extractors.fields.legend import read_code_tables, read_legend
from odm_intake.extractors.fields.options import parse_options
from odm_intake.extractors.fields.typecheck import fits
from odm_intake.extractors.text import edit_distance, fold, within_one_edit
from odm_intake.extractors.words import TICKED, UNTICKED, Box, Line, Page, Word, cells

_ARROWS = ("►", "▸", "→")  # what a software extract puts where a form has a colon
_SEPARATORS = {":", "-", "–", "|", "/", ";", ",", "•", "*", ">", "—", *_ARROWS}
_BULLETS = {"-", "•", "*", "–", "—", ">", "·", "o", "›", "»", "▪", "◦", "‣", "➤", "➢"}
_NUMBERED = re.compile(r"^\d{1,2}[.)]$")  # "3." before a numbered question
# "06" before a form's numbered caption ("06 Nom *"); a scan may read its 0 or 1 as a letter ("O1").
_CAPTION_NUMBER = re.compile(r"^(?=\D?\d)[\dOoIl]{1,2}$")
_LEADER = re.compile(r"^[.…·_]{2,}[:|]?$")
_CHECKED_OFF = re.compile(r"(\s*[✓✔])+\s*$")
_TICKED_KINDS = {"housing", "occupation", "yes_no", "peril", "trade"}  # a mark after an option chooses it
_RULE_RESIDUE = re.compile(r"^[|!¡;:iIlÎÏ¦\[\]'‘’`.,]\s?(?=[A-Z0-9])|^[|!¡;:iÎÏ¦'‘’`.,]\s(?=\S)")


def _is_bullet(text: str) -> bool:
    return text in _BULLETS or bool(_NUMBERED.match(text))


@dataclass(slots=True)
class LabelHit:
    """A label found on a page and the value read for it."""

    spec: LabelSpec
    label_words: list[Word]
    value_words: list[Word]
    page: Page
    line_index: int
    decoded: str | None = None  # the meaning of a code the value gives, from the page's notice
    split: bool = False  # the line went on past a column gap: another column's value was left out

    @property
    def words_text(self) -> str:
        """The value's words as read, dotted leaders ("Téléphone ........ 06 ...") left out."""
        return " ".join(w.text for w in self.value_words if not _LEADER.match(w.text))

    @property
    def value(self) -> str:
        if self.decoded is not None:
            return self.decoded
        text = self.words_text.strip(" :|-–_")
        if self.spec.kind not in _TICKED_KINDS:
            text = _CHECKED_OFF.sub("", text)  # a checklist's "✓" after each value it checked
        if fold(text).startswith(knowledge.placeholders()):
            return ""  # a word processor's prompt in an empty field
        if self.value_words and self.conf < 1.0:
            # A dotted column rule OCRed as a glyph glued before the value ("iM.", "! AZ52…").
            text = _RULE_RESIDUE.sub("", text)
        return text

    @property
    def label_text(self) -> str:
        return " ".join(w.text for w in self.label_words)

    @property
    def box(self) -> Box:
        words = self.label_words + self.value_words
        box = words[0].box
        for w in words[1:]:
            box = box.union(w.box)
        return box

    @property
    def min_conf(self) -> float:
        """The least sure word of the value (1.0 for born-digital text)."""
        return min((w.conf for w in self.value_words), default=1.0)

    @property
    def conf(self) -> float:
        """How well the value was read: the mean word confidence (1.0 for born-digital text)."""
        if not self.value_words:
            return 1.0
        return sum(w.conf for w in self.value_words) / len(self.value_words)


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


def _gap_before(line: Line, word_index: int) -> float:
    """Horizontal gap before a word, in units of the line's typical character width."""
    if word_index == 0:
        return 99.0
    prev, cur = line.words[word_index - 1], line.words[word_index]
    return (cur.box.x0 - prev.box.x1) / line.char_width


def _ends_with_colon(line: Line, word_index: int) -> bool:
    """A colon, an arrow a software extract puts in its place ("Police ► AZ 6610 9576"), or a rule."""
    word = line.words[word_index].text
    if word.endswith(":"):
        return True
    # A lone "|" after a label is the rule or frame edge between it and its value's cell.
    # So is the asterisk of a required field ("Nom *").
    return word_index + 1 < len(line.words) and (line.words[word_index + 1].text[:1] in (":", *_ARROWS) or line.words[word_index + 1].text in ("|", "*"))


def _label_matches(line: Line, abbreviations: dict[str, tuple[LabelSpec, ...]] | None = None) -> list[tuple[int, int, LabelSpec]]:
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
        at_start = first_word == 0 or (first_word == 1 and (_is_bullet(line.words[0].text) or fuzzy and _is_speck(line.words[0].text)))
        # A misread label is only trusted where labels start lines, or right after another label
        # across a wide gap (a row of labels above their values), never inside values ("GARNIER").
        after_label = (
            bool(found)
            and all(w.text in _SEPARATORS for w in line.words[found[-1][1] + 1 : first_word])  # "Date du sinistre *  16 Nature"
            and _gap_before(line, first_word) >= 2.5
        )
        loose = fuzzy and (at_start or after_label)
        accepted = None
        for match, from_legend in _candidate_specs(tokens, t, abbreviations, fuzzy, loose, at_start):
            last_word = _accepted_end(line, tokens, t, match, first_word, found, at_start, fuzzy, loose, from_legend)
            if last_word is not None:
                accepted = (first_word, last_word, match)
                break
        if accepted is None:
            t += 1
            continue
        found.append(accepted)
        t = next((k for k in range(t, len(tokens)) if tokens[k].word_index > accepted[1]), len(tokens))
    return found


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


def _accepted_end(line: Line, tokens: list[_Token], t: int, match: LabelSpec, first_word: int, found: list, at_start: bool,
                  fuzzy: bool, loose: bool, from_legend: bool) -> int | None:
    """The label's last word when ``match`` at token ``t`` stands as a label where it is
    (starting a line or a column, before a colon or a gap), else None."""
    last_word = tokens[t + len(match.tokens) - 1].word_index
    if any(_gap_before(line, k) >= _LABEL_GAP for k in range(tokens[t].word_index + 1, last_word + 1)):
        return None  # "Nom      Prénom", "Code postal      Commune": two captions, not one label
    if not fuzzy and _ends_sentence(line.words[last_word].text) and not from_legend:
        # "Cause réparée." says so: a sentence, not a label waiting for its value. (On scans a
        # speck is often read as a full stop.)
        return None
    after_gap = _gap_before(line, first_word) >= 2.5
    before = line.words[first_word - 1] if first_word > 0 else None
    # A scan's speck right before the label ("complémentaires ‘ Total commande TTC") stands in a gap.
    speck_before = before is not None and fuzzy and before.conf < 1.0 and _is_speck(before.text) and _gap_before(line, first_word - 1) >= 2.5
    after_sep = before is not None and (before.text in _SEPARATORS or before.text[-1:] in ",;|" or speck_before)
    colon = _ends_with_colon(line, last_word) or _label_gloss(line.words[last_word + 1 :]) > 0  # "Demeurant (numéro et voie) :"
    nothing_after = last_word == len(line.words) - 1
    gap_after = last_word + 1 < len(line.words) and _gap_before(line, last_word + 1) >= 2.5
    # A row of a printed form in capitals: "CIVILITÉ M.    NOM MARTIN    PRÉNOM Nicolas".
    capitals = not loose and all(w.text.isupper() for w in line.words[first_word : last_word + 1])
    capitals_row = capitals and (bool(found) and after_gap or at_start and len(line.words[first_word].text) >= 4)
    # A label of several words written exactly, across a gap as wide as a column's.
    new_column = not loose and len(match.tokens) >= 2 and _gap_before(line, first_word) >= 5
    # An abbreviation the page's legend explains is a label wherever a word gap sets it off.
    explained = from_legend and (at_start or _gap_before(line, first_word) >= 1.2)
    # "Adresse 32 quai des Bateliers": a number right after a label that takes one starts its value.
    number_after = match.kind in _NUMBERED_KINDS and last_word + 1 < len(line.words) and line.words[last_word + 1].text[:1].isdigit()
    if (at_start and (colon or gap_after or nothing_after or len(match.tokens) >= 2 or match.kind in _DIRECT_KINDS or number_after)) or (
        (after_gap or after_sep) and (colon or gap_after or nothing_after)
    ) or capitals_row or new_column or explained:
        return last_word
    return None


def _caption_start(line: Line, label_word: int, found: list) -> int:
    """Where a label begins, counting the number of a numbered caption ("01 N° de sinistre *",
    "06 Nom *"): a bare one- or two-digit number starting its line or its column. The label
    then starts at the number, so the label before it does not take the number as its value."""
    k = label_word - 1
    if k < 0 or not _CAPTION_NUMBER.match(line.words[k].text) or (found and found[-1][1] >= k):
        return label_word
    if k == 0 or _gap_before(line, k) >= 2.5:
        return k
    return label_word


_COLUMN_GAP = 6.0  # letters: a gap this wide inside a value parts it from another column


# Values whose words may lie apart on purpose: options with their boxes, a description.
_SPREAD_KINDS = {"housing", "occupation", "yes_no", "peril", "trade", "text"}


def _column_gap_at(line: Line, words: list[Word]) -> int | None:
    """Where a value's words meet a gap as wide as a column's ("Assuré : M. NOEL Jean" with the
    page's "Verso – page 2/2" set far right on the same line), or None."""
    if not words:
        return None
    start = next((k for k, w in enumerate(line.words) if w is words[0]), None)
    if start is None:
        return None
    for k in range(1, len(words)):
        # "DATE SIN.        : 22 OCTOBRE": a label padded to its colon, not a column.
        if _gap_before(line, start + k) >= _COLUMN_GAP and not words[k].text.startswith(":"):
            if any(c.isalnum() for w in words[:k] for c in w.text):
                return k  # (leaders or a speck before the gap are the label's, not a column)
    return None


def _label_gloss(words: list[Word]) -> int:
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
    instruction = bool(first_word) and first_word[0] in knowledge.vocabulary()["form_values"]["instructions"]
    worded = inner[:1].islower() and not any(c.isdigit() for c in inner)
    if rest == ["*"] or (rest in ([], [":"]) and worded and ("," in inner or instruction)):
        return close + 1 + len(rest)
    return 0


def _ends_sentence(word: str) -> bool:
    """A full word closed by a full stop; abbreviated labels ("Tél.", "Réf.", "Bât.") are short."""
    return word.endswith(".") and not word.endswith("..") and sum(c.isalpha() for c in word) >= 5


# Fields whose value is one or more words (never a code of one or two characters).
_WORDED_KINDS = {"peril", "trade", "housing", "occupation"}


def _frame_residue(words: list[Word]) -> bool:
    """What a scan makes of a frame's edge or corner beside a label ("A", "TT", "0"): at most two
    letters or digits, read with doubt, and no tick."""
    text = "".join(w.text for w in words)
    return bool(words) and all(w.conf < 1.0 for w in words) and sum(c.isalnum() for c in text) <= 2 and not parse_options(text)


_LABEL_GAP = 4.0  # letters: a gap this wide between two words parts two captions
_NUMBERED_KINDS = {"address", "postal_code", "postal_city", "amount", "date"}
# Labels commonly followed directly by their value without a colon ("Sinistre n° c123", "Police MRH 1").
_DIRECT_KINDS = {"claim_number", "policy_number", "code", "phones", "email", "date"}


def find_labels(page: Page) -> list[LabelHit]:
    """The page's labels with their values (computed once per page, then kept with it)."""
    if page._labels is None:
        page._labels = _find_labels(page)
    return page._labels


def _find_labels(page: Page) -> list[LabelHit]:
    lines = page.lines()
    legend = read_legend(lines)
    matches = [
        [] if li in legend.lines else _heading_cells(line, _label_matches(line, legend.specs)) or _cell_label(page, line)
        for li, line in enumerate(lines)
    ]
    codes = read_code_tables(lines, matches)
    matches = [[] if li in codes.lines else found for li, found in enumerate(matches)]
    captions_under = _captions_under_values(page, lines, matches)
    hits: list[LabelHit] = []
    continued: set[int] = set()  # lines read as the continuation of a value above
    used: set[int] = set()  # words already read as some label's value
    for li, (line, found) in enumerate(zip(lines, matches)):
        if li in continued:
            continue
        for k, (first, last, spec) in enumerate(found):
            end = found[k + 1][0] if k + 1 < len(found) else len(line.words)
            value_words = line.words[last + 1 : end]
            value_words = value_words[_label_gloss(value_words) :]
            # A typed "?" closes a question ("La fuite est-elle réparée ?"); on a scan it may be a box.
            while value_words and (value_words[0].text in (":", "|", "-", "–", "*", *_ARROWS) or value_words[0].text == "?" and value_words[0].conf >= 1.0):
                value_words = value_words[1:]
            gap = None if spec.kind in _SPREAD_KINDS or spec.multiline else _column_gap_at(line, value_words)
            split = gap is not None
            if split and spec.kind != "phones":
                # "Nom   M. QUÉRÉ Rachid      Mme Margaux RAYNAL": a table of two columns, or a
                # neighbour's value: the first column is read, and not as sure.
                value_words = value_words[:gap]
            if value_words and all(w.conf < 1.0 and _is_speck(w.text) for w in value_words):
                value_words = []  # a scan's specks after the label ("i", "°"): no value on its line
            if spec.kind in _WORDED_KINDS and _frame_residue(value_words):
                value_words = []  # "Nature du sinistre A": a frame's corner, not a peril
            label_words = line.words[first : last + 1]
            if not value_words:
                below = _value_below(page, lines, matches, li, label_words)
                above = [] if _ends_with_colon(line, last) or _section_title(lines, matches, li) else _value_above(lines, matches, li, label_words, used)
                if above and _reads_above(spec, above, below, captions_under):
                    value_words = above
                elif captions_under and not spec.multiline and (_heading_row(line, found) or len(found) == 1):
                    value_words = []  # captions under their values: nothing above, nothing written
                else:
                    value_words = below
                    if value_words and spec.kind in _CHOICE_KINDS:
                        value_words += _options_further_below(page, lines, matches, li, label_words, value_words)
            elif spec.multiline or spec.kind in ("housing", "occupation", "yes_no"):
                # Only a value begun on the label's line wraps onto the lines below it.
                extra = _continuation(page, lines, matches, li, value_words)
                continued.update(range(li + 1, li + 1 + len(extra)))
                value_words += [w for line in extra for w in line.words]
            used.update(id(w) for w in value_words)
            hit = LabelHit(spec, label_words, value_words, page, li, split=split)
            meaning = codes.meanings.get(spec.key, {}).get(re.sub(rf"[\s{TICKED}{UNTICKED}]", "", hit.value))
            if meaning:
                hit.decoded = meaning  # "3" of a form whose notice lists "3 Incendie"
            hits.append(hit)
    return _joined_street_parts(hits) + _option_rows(page, lines, matches)


def _joined_street_parts(hits: list[LabelHit]) -> list[LabelHit]:
    """The parts of a street captioned one by one on a row ("149 | avenue | Jean Jaurès" over
    "N° | Extension | Type de voie | Nom de la voie") as one address value, in reading order;
    a number left of the first part, over an unknown "N°" caption, belongs to it."""
    parts = [h for h in hits if h.spec.kind == "street_part"]
    if not parts:
        return hits
    rows: dict[int, list[LabelHit]] = {}
    for hit in parts:
        rows.setdefault(hit.line_index, []).append(hit)
    joined: list[LabelHit] = []
    for row in rows.values():
        words = sorted({id(w): w for h in row for w in h.value_words}.values(), key=lambda w: w.box.x0)
        if not words:
            continue
        first = min(row, key=lambda h: h.label_words[0].box.x0)
        value_line = next((line for line in first.page.lines() if any(w is words[0] for w in line.words)), None)
        if value_line is not None:
            # The number over the "N°" caption, left of the first part's column.
            lead = [w for w in value_line.words if w.box.x1 <= words[0].box.x0 and re.fullmatch(r"\d{1,4}[A-Za-z]?", w.text)]
            words = lead[-1:] + words
        joined.append(LabelHit(_spec_for("address"), first.label_words, words, first.page, first.line_index))
    return [h for h in hits if h.spec.kind != "street_part"] + joined


# Choice fields whose options name themselves: "☒ Locataire ☐ Propriétaire" says what it is about.
_SELF_NAMED_CHOICES = ("housing", "occupation")


def _option_rows(page: Page, lines: list[Line], matches: list) -> list[LabelHit]:
    """Lines of ticked options that name their field whatever their label: "L'assuré est ☒
    Locataire ☐ Propriétaire", or a table's rows with a Oui and a Non box per option ("Maison
    Oui ☒ Non ☐") whose label, centred in a cell spanning the rows, reads only those below it.
    Each line is read by itself when all its options belong to one field; words before the
    first option that name none (an unknown label) are left out."""
    hits: list[LabelHit] = []
    for li, (line, found) in enumerate(zip(lines, matches)):
        if any(spec.kind not in _SELF_NAMED_CHOICES for _, _, spec in found):
            continue  # another field's line: "4) Adresse du bien : ..., appt 31 ✓" is an address checked off
        start = found[0][1] + 1 if found and found[0][0] == 0 else 0
        for skip in range(start, min(start + _UNKNOWN_LABEL_WORDS, len(line.words)) + 1):
            words = line.words[skip:]
            text = " ".join(w.text for w in words)
            options = parse_options(text)
            if not options or not any(ticked for _, ticked in options):
                break
            # Every option its own box: a tick between two runs of options says not which it is.
            named = {
                v for v in _SELF_NAMED_CHOICES
                if all(len(knowledge.vocab(v).distinct(fold(option))) == 1 for option, _ in options)
                and len(knowledge.vocab(v).distinct(fold(text))) == len(options)
            }
            if len(named) == 1:
                hits.append(LabelHit(_spec_for(named.pop()), [], words, page, li))
                break
    return hits


_UNKNOWN_LABEL_WORDS = 4  # at most this many words of an unknown label before the options


@lru_cache(maxsize=None)
def _spec_for(key: str) -> LabelSpec:
    """A label spec of the field, for values read without a label of their own."""
    return next(spec for spec in knowledge.labels() if spec.key == key)


CELL_LABEL_RATIO = 0.75


def _cell_label(page: Page, line: Line) -> list[tuple[int, int, LabelSpec]]:
    """A scanned table row whose label cell was misread past word-by-word matching
    ("Comp'ement d'adresse", "Cade :ntermediurre"): the cell left of the row's widest gap is
    a label, so it is compared whole with the label synonyms, and kept when one field's
    synonym is clearly the closest."""
    if not page.rules or not line.words or not page.table_row(line.box):
        return []
    if len(line.words) == 1:
        return []
    gap, split = max((_gap_before(line, i), i) for i in range(1, len(line.words)))
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


def _heading_cells(line: Line, found: list) -> list:
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
        loose = [w for k, w in enumerate(cell, first) if k not in covered and not _is_speck(w.text)]
        if inside and not loose:
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


def _value_below(page: Page, lines: list[Line], matches: list, li: int, label_words: list[Word]) -> list[Word]:
    """Label alone at the end of its line: the value is the words of the next line under it."""
    below = _nearby_line(lines, li, step=1, reach=3)
    if below is None:
        return []
    nxt = lines[below]
    if page.rule_between(lines[li].box, nxt.box) and not _heading_row(lines[li], matches[li]):
        return []  # the next table row: this label's cell is empty
    if matches[below] and matches[below][0][0] <= 1:
        return []
    line_h = max(0.01, lines[li].box.height)
    if nxt.box.y0 - lines[li].box.y1 > line_h * 2.5:
        return []
    if _heading_row(lines[li], matches[li]):
        return _cells_under_heading(lines[li], matches[li], nxt, label_words)
    x0 = label_words[0].box.x0
    x1 = _next_label_x(lines[li], matches[li], x0)
    below_labels = matches[below]
    # A value under the next label starts where that label starts (give or take a scan's jitter).
    words = [w for w in nxt.words if x0 - line_h <= w.box.x0 < x1 - 0.5 * line_h]
    if below_labels:
        # Another label sits under ours: its words are not our value.
        cut = min(nxt.words[m[0]].box.x0 for m in below_labels)
        words = [w for w in words if w.box.x0 < cut]
    return words


_CHOICE_KINDS = ("housing", "occupation", "yes_no")


def _options_further_below(page: Page, lines: list[Line], matches: list, li: int, label_words: list[Word], first: list[Word]) -> list[Word]:
    """A choice's options listed one a line under its label, in the label's column ("HAB." over
    "Maison ... OUI / NON", "Appartement ... OUI / NON"), beside another label's list: the
    column's words of the lines after the first, down to a rule, a label or a gap."""
    start = next((j for j in range(li + 1, len(lines)) if any(w is first[0] for w in lines[j].words)), None)
    if start is None:
        return []
    x0 = label_words[0].box.x0
    x1 = _next_label_x(lines[li], matches[li], x0)
    line_h = max(0.01, lines[li].box.height)
    words: list[Word] = []
    prev = lines[start]
    for j in range(start + 1, len(lines)):
        column = [w for w in lines[j].words if x0 - line_h <= w.box.x0 < x1 - 0.5 * line_h]
        if not column or matches[j] or page.rule_between(prev.box, lines[j].box) or lines[j].box.y0 - prev.box.y1 > 1.5 * line_h:
            break
        words += column
        prev = lines[j]
    return words


def _value_above(lines: list[Line], matches: list, li: int, label_words: list[Word], used: set[int]) -> list[Word]:
    """A caption under its value: a form filled in by hand, or a CERFA-style form, has the value
    on a rule and the label printed under it ("248270" above "Code agent"). Taken from the
    label's column of the line just above (past a line of "jour mois année" under a date's
    cells) when no label stands in that column there and no other label has read those words."""
    line_h = max(0.01, lines[li].box.height)
    x0 = label_words[0].box.x0
    x1 = _next_label_x(lines[li], matches[li], x0)
    j = li
    end = x1
    for _ in range(2):
        above = _nearby_line(lines, j, step=-1, reach=2)
        if above is None or lines[j].box.y0 - lines[above].box.y1 > line_h * 1.8:
            return []
        label_starts = [lines[above].words[first].box.x0 for first, _, _ in matches[above]]
        if any(x0 - 2 * line_h <= x < label_words[-1].box.x1 for x in label_starts):
            return []  # a label stands above this one: a row of captions, not a value
        # A label above, right of this one, starts another column.
        end = min([end] + [x for x in label_starts if x >= label_words[-1].box.x1])
        words = [w for w in lines[above].words if x0 - 2 * line_h <= w.box.x0 < end - 0.5 * line_h]
        if words and all(fold(w.text) in _DATE_PARTS for w in words):
            j = above
            continue
        break
    if not words or any(id(w) in used for w in words) or all(_is_speck(w.text) for w in words):
        return []
    if (len(words) > 8 and any(c.isalpha() for w in words for c in w.text)) or (len(words) >= 4 and words[-1].text[-1:] in ".?!"):
        return []  # a sentence of the text above, not a value written on a rule (a comb's digits are many words)
    return words


_DATE_PARTS = {"jour", "mois", "annee", "an", "jj", "mm", "aa", "aaaa", "day", "month", "year"}


def _reads_above(spec: LabelSpec, above: list[Word], below: list[Word], captions_under: bool) -> bool:
    """Whether a label's value is the one above it rather than the one below: nothing below, or
    the one above has the value's type and the one below has not, or the page puts its captions
    under their values and the one above has the type."""
    if not below:
        return True
    if not fits(spec, " ".join(w.text for w in above)):
        return False
    return captions_under or not fits(spec, " ".join(w.text for w in below))


def _captions_under_values(page: Page, lines: list[Line], matches: list) -> bool:
    """Whether the page prints its captions under their values: of the rows of captions, more
    have values of their type above than below."""
    above_only = below_only = 0
    for li, found in enumerate(matches):
        if not found or not _heading_row(lines[li], found) and len(found) != 1:
            continue
        for first, last, spec in found:
            label_words = lines[li].words[first : last + 1]
            if last + 1 < len(lines[li].words) and not _heading_row(lines[li], found):
                continue  # a value on the label's line
            up = fits(spec, " ".join(w.text for w in _value_above(lines, matches, li, label_words, set())))
            down = fits(spec, " ".join(w.text for w in _value_below(page, lines, matches, li, label_words)))
            above_only += up and not down
            below_only += down and not up
    return above_only >= 2 and above_only > below_only


def _nearby_line(lines: list[Line], li: int, step: int, reach: int) -> int | None:
    """The index of the next line below (``step`` 1) or above (-1) within ``reach`` lines, past
    a scan's lines of specks."""
    for j in range(li + step, li + step * (reach + 1), step):
        if not 0 <= j < len(lines):
            return None
        if not all(_is_speck(w.text) for w in lines[j].words):
            return j
    return None


def _next_label_x(line: Line, matches: list, x0: float) -> float:
    """Where the value column of a label starting at ``x0`` ends: at the next label on its line."""
    return min((line.words[first].box.x0 for first, _, _ in matches if line.words[first].box.x0 > x0), default=float("inf"))


def _cells_under_heading(line: Line, matches: list, below: Line, label_words: list[Word]) -> list[Word]:
    """The cells of the row under a row of headings that belong to this heading: each cell goes
    to the heading it lies under most, or to the nearest one (a heading centred over a group
    of option cells is narrower than the group)."""
    spans = [(line.words[first].box.x0, line.words[last].box.x1) for first, last, _ in matches]
    mine = next(i for i, (x0, _) in enumerate(spans) if x0 == label_words[0].box.x0)
    words: list[Word] = []
    for cell in cells(below):
        if max(range(len(spans)), key=lambda i: _fit(cell, spans[i])) == mine:
            words.extend(cell)
    return words


def _fit(cell: list[Word], span: tuple[float, float]) -> tuple[float, float]:
    """How well a cell sits under a heading: their overlap, then how close their centres are."""
    x0, x1 = cell[0].box.x0, cell[-1].box.x1
    return (min(x1, span[1]) - max(x0, span[0]), -abs((x0 + x1) / 2 - (span[0] + span[1]) / 2))


def _is_speck(text: str) -> bool:
    """What a scan's specks become: punctuation or one small letter ("i", "°", "'"), never a
    capital or a digit ("M.", "4")."""
    return sum(c.isalnum() for c in text) <= 1 and not any(c.isupper() or c.isdigit() for c in text)


def _heading_row(line: Line, matches: list) -> bool:
    """A row of column headings, only labels ("Référence sinistre | N° de contrat | Date"): their
    values are in the row under the rule, not in the heading's own cell."""
    in_labels = {k for first, last, _ in matches for k in range(first, last + 1)}
    others = [w for k, w in enumerate(line.words) if k not in in_labels and not _is_speck(w.text)]
    return len(matches) >= 2 and not others


def _continuation(page: Page, lines: list[Line], matches: list, li: int, value_words: list[Word]) -> list[Line]:
    """The lines after line ``li`` that continue its wrapping value: no label (or, in a table,
    the same cell), starting under the value."""
    if not value_words:
        return []
    extra: list[Line] = []
    x_value = value_words[0].box.x0
    prev = lines[li]
    for nxt, found in zip(lines[li + 1 :], matches[li + 1 :]):
        if not nxt.words or page.rule_between(prev.box, nxt.box):
            break
        line_h = max(0.01, prev.box.height)
        # In a table, a line of the same cell under the value continues it even when it reads
        # like a label ("occupant").
        same_cell = bool(page.rules) and nxt.words[0].box.x0 >= x_value - line_h
        if found and not same_cell:
            break
        if nxt.box.y0 - prev.box.y1 > line_h * 1.5:
            break
        first_x = nxt.words[0].box.x0
        if first_x < lines[li].words[0].box.x0 - line_h or (first_x < x_value - line_h * 2 and first_x > lines[li].words[0].box.x0 + line_h):
            break
        if _is_title(nxt):
            break
        extra.append(nxt)
        prev = nxt
    return extra


def _section_title(lines: list[Line], matches: list, li: int) -> bool:
    """A title in capitals over a row of labels ("ASSURÉ" above "05 Civilité 06 Nom"): it names
    the section below, it is no caption under a value above it."""
    below = _nearby_line(lines, li, step=1, reach=2)
    return _is_title(lines[li]) and below is not None and bool(matches[below])


def _is_title(line: Line) -> bool:
    """A section title: a few words in capitals ("--- ASSURÉ ---", "MISSION")."""
    letters = [c for c in line.text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(line.words) <= 5
