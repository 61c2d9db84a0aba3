"""Label/value pairs from positioned words, by geometry (ARCHITECTURE.md invariant 4).

Works the same on a PDF text layer, an OCRed fax and a form pasted in a mail body:
- value right of the label on the same line, up to the next label (two-column forms);
- a table row "Label | value", the cell gap being just a wider space;
- label alone on its line with the value on the line below (label-above-value blocks);
- values that wrap onto following lines (long descriptions, option lists).
Where the labels are on each line is ``captions.py``'s part; the synonyms come from
``config/labels.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.fields.grids import crossed_cells
from odm_intake.extractors.fields.captions import (
    ARROWS,
    cell_label,
    ends_with_colon,
    gap_before,
    heading_cells,
    is_speck,
    label_gloss,
    label_matches,
    leaders_after,
    question_end,
)
from odm_intake.extractors.fields.knowledge import LabelSpec
from odm_intake.extractors.fields.legend import NumberedZones, page_zones, read_code_tables, read_legend, zone_badges
from odm_intake.extractors.fields.options import parse_options
from odm_intake.extractors.fields.typecheck import fits
from odm_intake.extractors.structured import label_for_key, senders_part
from odm_intake.extractors.text import fold, fold_tokens
from odm_intake.extractors.words import TICKED, UNTICKED, Box, Line, Page, Word, cells, is_legible

_LEADER = re.compile(r"^[.…·_]{2,}[:|]?$")
_CHECKED_OFF = re.compile(r"(\s*[✓✔])+\s*$")
_TICKED_KINDS = {"housing", "occupation", "yes_no", "peril", "trade"}  # a mark after an option chooses it
_PUNCTUATION_SPECK = re.compile(r"[‘’'`\"“”.,|°_-]{1,2}")  # a scan's speck, never a box ("☒")
_RULE_RESIDUE = re.compile(r"^[|!¡;:iIlÎÏ¦\[\]'‘’`.,]\s?(?=[A-Z0-9])|^[|!¡;:iÎÏ¦'‘’`.,]\s(?=\S)")


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
    guessed_label: bool = False  # the label was inferred, not read (a scan's zone badge numbered by its place)

    @property
    def words_text(self) -> str:
        """The value's words as read, dotted leaders ("Téléphone ........ 06 ...") left out."""
        return " ".join(w.text for w in self.value_words if not _LEADER.match(w.text))

    @property
    def value(self) -> str:
        if self.decoded is not None:
            return self.decoded
        text = self.words_text.strip(" :|-–_").rstrip(" ·+:")
        if self.spec.kind not in _TICKED_KINDS:
            text = _CHECKED_OFF.sub("", text)  # a checklist's "✓" after each value it checked
        if fold(text).startswith(knowledge.placeholders()):
            return ""  # a word processor's prompt in an empty field
        if self.value_words and self.conf < 1.0:
            # A dotted column rule OCRed as a glyph glued before the value ("iM.", "! AZ52…").
            text = _RULE_RESIDUE.sub("", text)
            # A speck in the gap before the next caption ("90 place de l'Église ‘ Complément").
            last = self.value_words[-1]
            if len(self.value_words) > 1 and last.conf < 1.0 and _PUNCTUATION_SPECK.fullmatch(last.text) and text.endswith(f" {last.text}"):
                text = text.removesuffix(last.text).rstrip()
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


_COLUMN_GAP = 6.0  # letters: a gap this wide inside a value parts it from another column
_NAME_GAP = 4.0  # letters: a gap this wide ends a name (its words are a space apart)


# Values whose words may lie apart on purpose: options with their boxes, a description.
_SPREAD_KINDS = {"housing", "occupation", "yes_no", "peril", "trade", "text"}


def _start_in(line: Line, words: list[Word]) -> int | None:
    """The index in ``line`` of the first of ``words`` (a run of the line's own words), or None."""
    return next((k for k, w in enumerate(line.words) if words and w is words[0]), None)


def _column_gap_at(line: Line, words: list[Word], width: float = _COLUMN_GAP) -> int | None:
    """Where a value's words meet a gap as wide as a column's ("Assuré : M. NOEL Jean" with the
    page's "Verso – page 2/2" set far right on the same line), or None."""
    start = _start_in(line, words)
    if start is None:
        return None
    for k in range(1, len(words)):
        # "DATE SIN.        : 22 OCTOBRE": a label padded to its colon, not a column.
        if gap_before(line, start + k) >= width and not words[k].text.startswith(":"):
            if any(c.isalnum() for w in words[:k] for c in w.text):
                return k  # (leaders or a speck before the gap are the label's, not a column)
    return None


# Fields whose value is one or more words (never a code of one or two characters).
_WORDED_KINDS = {"peril", "trade", "housing", "occupation"}


_PAIR_SEPARATOR = "·"
_VOCABULARY_KINDS = ("housing", "occupation", "peril", "trade")
_ANSWER_GAP = 3.0  # letters between a question and its answer's column


def _answer_after_question(line: Line, words: list[Word], spec: LabelSpec, following: str) -> list[Word] | None:
    """A question and its answer in the next column ("Jusqu'à quel montant TTC pouvez-vous
    intervenir sans nouvel accord ?      1 500 €", "À quel titre ... : propriétaire qui l'habite,
    locataire, ou ...      Locataire"): the answer, not the rest of the question (which may wrap
    onto the next line). None when the words are no question and its answer."""
    start = _start_in(line, words)
    if start is None or len(words) < 2:
        return None
    ticked = _ticked_answer(words)
    if ticked:
        return ticked
    answer = max(range(1, len(words)), key=lambda k: gap_before(line, start + k))  # where the widest gap ends
    if gap_before(line, start + answer) < _ANSWER_GAP:
        return None
    if answer < 3 or any(c in TICKED + UNTICKED for w in words for c in w.text):
        return None  # a question is a sentence; options with their boxes are no question
    asked = " ".join(w.text for w in words[:answer])
    if words[answer - 1].text.endswith("?"):
        return words[answer:]
    # Options named in a sentence ("... le logement : propriétaire qui l'habite, locataire, ou
    # propriétaire qui le loue ?"), not a row of options (a scan may lose their boxes).
    sentence = ":" in asked and "?" in following and answer >= 4
    choice = spec.kind in _VOCABULARY_KINDS and knowledge.offers_choice(fold(asked + " " + following), (spec.kind,))
    return words[answer:] if sentence and choice else None


def _yes_no_question(words: list[Word]) -> bool:
    """A question closed by its "?", only boxes after it."""
    asked = question_end(words)
    return asked is not None and all(_is_box(w.text) for w in words[asked + 1 :])


def _ticked_answer(words: list[Word]) -> list[Word] | None:
    """A checklist's row: the label's question ends a few words on ("Corps de métier déterminé ?"),
    a tick stands in its Oui column, the answer comes last ("✔   Serrurerie")."""
    asked = question_end(words, within=7)
    if not asked or any(c.isdigit() for w in words[:asked] for c in w.text):
        return None
    rest = words[asked + 1 :]
    while rest and _is_box(rest[0].text):
        rest = rest[1:]
    if not rest or len(rest) == len(words) - asked - 1 or any(_is_box(w.text) for w in rest):
        return None  # no tick before the answer, or options with their boxes: no checklist row
    return rest


# Kinds a row may give once per column, all columns blank but one (a grid with a column for
# each peril: "Date de survenance   __ / __ / ____   27.10.2026   __ / __ / ____").
_COLUMNED_KINDS = ("date", "amount")


def _first_fitting_cell(line: Line, spec: LabelSpec, words: list[Word], gap: int) -> list[Word]:
    """The first of the value's cells, or, in a row of a kind given once per column whose first
    cell reads as no value of it (a blank template a scan made glyphs of), the first that does."""
    first = words[:gap]
    if spec.kind not in _COLUMNED_KINDS or fits(spec, " ".join(w.text for w in first)):
        return first
    ours = {id(w) for w in words}
    cells_ = [cell for segment in line.segments(_COLUMN_GAP) if (cell := [w for w in segment if id(w) in ours])]
    return next((cell for cell in cells_ if fits(spec, " ".join(w.text for w in cell))), first)


# Kinds whose value a scan may find off the label's line, written by hand above or below it.
_TYPED_KINDS = ("date", "phones", "amount", "claim_number", "policy_number", "code", "email")


def _unread_typed_value(spec: LabelSpec, words: list[Word]) -> bool:
    """A scan's scraps where a typed value should be: a word or two read with doubt that are no
    value of the kind."""
    return (
        spec.kind in _TYPED_KINDS and 0 < len(words) <= 2 and all(w.conf < 0.9 for w in words)
        and not fits(spec, " ".join(w.text for w in words))
    )


def _misread_colon(words: list[Word], spec: LabelSpec) -> bool:
    """A scan's single sign where a shorthand's colon stands ("CD.AGT ‘ 351906", "QUAL. 5
    PROPRIÉTAIRE"): a letter or digit only when the value reads without it ("7 oct. 2026" does not)."""
    if len(words) < 2 or len(words[0].text) != 1 or words[0].conf >= 1.0:
        return False
    return not words[0].text.isalnum() or _names_a_value(spec, " ".join(w.text for w in words[1:]), True)


def _names_a_value(spec: LabelSpec, text: str, scanned: bool) -> bool:
    """Whether ``text`` reads as a value of the label's field: one of its vocabulary's (on a scan,
    a printed name a slip or two off: "MENCISERTE"), or of its type (what a label read from a
    shorthand must give to be taken for that label)."""
    if spec.kind in _VOCABULARY_KINDS:
        folded = fold(text)
        if knowledge.vocab(spec.kind).first(folded) is not None:
            return True
        return scanned and spec.kind in ("peril", "trade") and any(knowledge.nearest_form_name(spec.kind, w) for w in [folded, *folded.split()])
    return spec.kind in ("text", "person", "name", "civility", "yes_no") or fits(spec, text)


def _wrapped_label_words(line: Line, spec: LabelSpec, words: list[Word]) -> int:
    """How many of the words after a label go on with a longer synonym of it up to its cell's edge
    ("Engagement TTC sans nouvel" in a narrow column, "accord" wrapped onto the line below): they
    are the label's, and the value starts across the gap."""
    start = _start_in(line, words)
    if start is None:
        return 0
    for longer in knowledge.labels():
        if longer.key != spec.key or len(longer.tokens) <= len(spec.tokens) or longer.tokens[: len(spec.tokens)] != spec.tokens:
            continue
        rest, k = longer.tokens[len(spec.tokens) :], 0
        while k < len(words) and rest and tuple(fold_tokens(words[k].text)) == rest[:1]:
            rest, k = rest[1:], k + 1
        if k and rest and (k == len(words) or gap_before(line, start + k) >= _COLUMN_GAP):
            return k
    return 0


_LEADER_GAP = 3.0  # letters: a value sits right after its leader dots, another column further


def _after_leaders(line: Line, words: list[Word], leaders: int) -> list[Word]:
    """The value after a caption's leader dots, up to the next column ("Bât. A      néant, ..."
    of a page set in two columns); none when the dots run to the column's edge and the next
    column follows (the value is then below)."""
    value = words[leaders:]
    if any(w.conf < 1.0 for w in words):
        return value  # a scan's leaders are erased before OCR: the gaps they leave say nothing
    start = _start_in(line, value)
    if not value or start is None or gap_before(line, start) >= _LEADER_GAP:
        return []
    for k in range(1, len(value)):
        if gap_before(line, start + k) >= _LEADER_GAP:
            return value[:k]
    return value


def _icon_after(words: list[Word]) -> bool:
    """A scan's lone sign far right of a value (a button's icon read as "4" or "&")."""
    last, before = words[-1], words[-2]
    return last.conf < 1.0 and len(last.text) == 1 and (last.box.x0 - before.box.x1) / Line(words[:-1]).char_width >= 6


def _frame_residue(words: list[Word]) -> bool:
    """What a scan makes of a frame's edge or corner beside a label ("A", "TT", "0"): at most two
    letters or digits, read with doubt, and no tick."""
    text = "".join(w.text for w in words)
    return bool(words) and all(w.conf < 1.0 for w in words) and sum(c.isalnum() for c in text) <= 2 and not parse_options(text)


def find_labels(page: Page) -> list[LabelHit]:
    """The page's labels with their values (computed once per page, then kept with it)."""
    if page._labels is None:
        page._labels = _find_labels(page)
    return page._labels


def _find_labels(page: Page) -> list[LabelHit]:
    lines = page.lines()
    legend = read_legend(lines)
    zones = page_zones(page)
    badges = [li for li, line in enumerate(lines) if li not in zones.lines and zone_badges(line, zones)]
    matches = [
        [] if li in legend.lines or li in zones.lines or li in badges
        else heading_cells(line, label_matches(line, legend.specs)) or cell_label(page, line)
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
        columns = None if captions_under else _column_headings(lines, matches, li)
        for k, (first, last, spec) in enumerate(found):
            end = found[k + 1][0] if k + 1 < len(found) else len(line.words)
            value_words = line.words[last + 1 : end]
            # "Nom : MARTIN · Prénom : Nicolas": a middle dot parts the pairs of a flowing line.
            value_words = next((value_words[:cut] for cut, w in enumerate(value_words) if w.text == _PAIR_SEPARATOR), value_words)
            if columns is not None:
                value_words = columns[k]  # the cell under this heading, the next line being a table's row
            value_words = value_words[label_gloss(value_words) :]
            leaders = leaders_after(value_words)
            if leaders:
                value_words = _after_leaders(line, value_words, leaders)
            value_words = value_words[_wrapped_label_words(line, spec, value_words) :]
            # A typed "?" closes a question ("La fuite est-elle réparée ?"); on a scan it may be a box.
            while value_words and (value_words[0].text in (":", "|", "-", "–", "*", *ARROWS) or value_words[0].text == "?" and value_words[0].conf >= 1.0):
                value_words = value_words[1:]
            asked = _answer_after_question(line, value_words, spec, lines[li + 1].text if li + 1 < len(lines) else "")
            value_words = asked if asked is not None else value_words
            if asked is None and spec.kind in _VOCABULARY_KINDS and _yes_no_question(value_words):
                value_words = []  # "S'agit-il d'une maison individuelle ?  ✔": a tick in a Oui or Non column, not the value
            # A complement is free text but a short one: a column's gap ends it.
            spread = spec.kind in _SPREAD_KINDS and spec.key != "address_complement"
            gap = None if spread or spec.multiline else _column_gap_at(line, value_words)
            if gap is None and spec.kind == "name" and value_words and value_words[0].conf < 1.0:
                # A scanned name ends at a gap as wide as one between two captions: the next
                # caption follows, maybe misread ("Prénom  Stéphane   Tét. ponapai  06 ...").
                value_words = value_words[: _column_gap_at(line, value_words, _NAME_GAP) or len(value_words)]
            split = gap is not None
            if split and spec.kind != "phones":
                # "Nom   M. QUÉRÉ Rachid      Mme Margaux RAYNAL": a table of two columns, or a
                # neighbour's value: the first column is read, and not as sure.
                value_words = _first_fitting_cell(line, spec, value_words, gap)
            if value_words and all(w.conf < 1.0 and is_speck(w.text) for w in value_words):
                value_words = []  # a scan's specks after the label ("i", "°"): no value on its line
            if spec.kind in _WORDED_KINDS and _frame_residue(value_words):
                value_words = []  # "Nature du sinistre A": a frame's corner, not a peril
            label_words = line.words[first : last + 1]
            if _unread_typed_value(spec, value_words):
                # A handwritten value that rides off its dotted line ("16/10/2026" under "Date du
                # sinistre : Loue"): the scraps on the label's line give way to the value by it.
                near = [w for w in (_value_below(page, lines, matches, li, label_words), _value_above(lines, matches, li, label_words, used)) if w]
                value_words = next((w for w in near if fits(spec, " ".join(x.text for x in w))), value_words)
            if not value_words and _cell_of_a_row(line, found, label_words):
                pass  # "19/10/2026 11:45  Déclaration reçue  Terminé  Assurée": a table's cell, no caption
            elif not value_words:
                below = _value_below(page, lines, matches, li, label_words)
                above = [] if ends_with_colon(line, last) or _section_title(lines, matches, li) else _value_above(lines, matches, li, label_words, used)
                if above and _reads_above(spec, above, below, captions_under):
                    value_words = above
                elif captions_under and not spec.multiline and (_heading_row(line, found) or len(found) == 1):
                    value_words = []  # captions under their values: nothing above, nothing written
                else:
                    value_words = below
                    if value_words and spec.kind in _CHOICE_KINDS:
                        value_words += _options_further_below(page, lines, matches, li, label_words, value_words)
            elif asked is None and (spec.multiline or spec.kind in ("housing", "occupation", "yes_no") or _bare_policy_prefix(spec, value_words) or _none_ticked(value_words)):
                # Only a value begun on the label's line wraps onto the lines below it (a
                # contract number cut after its prefix in a portal's narrow card: "AZ" / "9151 8276").
                extra = _continuation(page, lines, matches, li, value_words, options_only=spec.kind in ("trade", "peril"))
                continued.update(range(li + 1, li + 1 + len(extra)))
                value_words += [w for line in extra for w in line.words]
            if spec.shorthand and last + 1 < len(line.words) and value_words and value_words[0] is line.words[last + 1] and _misread_colon(value_words, spec):
                value_words = value_words[1:]  # the colon after a shorthand, misread by a scan ("MET. î PLOMBERTE")
            if spec.kind == "address" and len(value_words) > 2 and _icon_after(value_words):
                value_words = value_words[:-1]  # "61 place de l'Église      4": an app's arrow icon, read
            if spec.key == "date_of_loss" and spec.tokens == ("date",) and _DOCUMENT_HEAD.search(" ".join(w.text for w in line.words[:first])):
                spec = _spec_for("issue_date")  # "FACTURE N° F2026-09041   Date : 24/10/2026": the document's date
            hit = LabelHit(spec, label_words, value_words, page, li, split=split)
            if spec.shorthand and not _names_a_value(spec, hit.value, hit.conf < 1.0):
                continue  # a shorthand read as a label wrongly ("PRESTA. : MULTIASSISTANCE" names no trade)
            used.update(id(w) for w in value_words)
            meaning = codes.meanings.get(spec.key, {}).get(re.sub(rf"[\s{TICKED}{UNTICKED}]", "", hit.value))
            if meaning:
                hit.decoded = meaning  # "3" of a form whose notice lists "3 Incendie"
            hits.append(hit)
    hits += [hit for li in badges for hit in _zone_values(page, lines, li, zones)] + _values_under_heads(page, lines)
    crossed = [LabelHit(_spec_for(key), [], [value], page, 0) for key, value in crossed_cells(lines)]
    return _joined_street_parts(hits) + _option_rows(page, lines, matches) + crossed


def _values_under_heads(page: Page, lines: list[Line]) -> list[LabelHit]:
    """The cells under a table's heads set sideways (a spreadsheet's database names, "NUM_SINISTRE"
    over "B7716206"): a head that names a label ("numéro de sinistre", read as a record's key is)
    takes the words of the first line under it in its column, and a wrapped cell's next line. The
    heads of the sender's own part ("TEL_GESTIONNAIRE") are left out."""
    hits: list[LabelHit] = []
    for head in page.heads:
        spec, column = label_for_key(head.text), head.box
        if spec is None and head.conf < 1.0:
            spec = label_for_key(knowledge.correct_scanned(fold(head.text)))  # a scan's slip ("TVPE_BIEN")
        if spec is None or senders_part([head.text]):
            continue
        # The row under the heads: the first line below them with a word in it, not a scan's specks.
        below = next((j for j, line in enumerate(lines) if line.box.y0 >= column.y1 - 1 and any(is_legible(w) for w in line.words)), None)
        if below is None or lines[below].box.y0 - column.y1 > 3 * max(0.01, lines[below].box.height):
            continue
        def in_column(w: Word) -> bool:
            return column.x0 - 1 <= w.box.x0 < column.x1 - 1

        words = [w for w in lines[below].words if in_column(w)]
        # A cell wrapped: the next line close under it with words in the column (a scan's
        # specks elsewhere make lines of their own).
        for after in range(below + 1, min(below + 3, len(lines))):
            if not words or lines[after].box.y0 - lines[below].box.y1 >= 0.5 * lines[below].box.height:
                break
            wrapped = [w for w in lines[after].words if in_column(w) and is_legible(w)]
            if wrapped:
                words += wrapped
                break
        if words:
            hits.append(LabelHit(spec, [head], words, page, below))
    return hits


def _zone_values(page: Page, lines: list[Line], li: int, zones: NumberedZones) -> list[LabelHit]:
    """The values of a row of numbered zones: under each badge, the words of the next line from
    the badge to the next one ("01 02 03 04" over "B7716206  MRH 5391520  441857  11 oct. 2026");
    a text zone's words go on down to the next row of badges."""
    badges = [w for w in lines[li].words if w.text.isdigit()]  # a scan's specks of the frames aside
    line_h = max(0.01, lines[li].box.height)
    hits: list[LabelHit] = []
    for k, badge in enumerate(badges):
        spec = zones.names.get(badge.text.zfill(2))
        if spec is None:
            continue
        x0 = badge.box.x0 - line_h
        x1 = badges[k + 1].box.x0 - 0.5 * line_h if k + 1 < len(badges) else float("inf")
        words: list[Word] = []
        prev = lines[li]
        for j in range(li + 1, len(lines)):
            if j in zones.lines or zone_badges(lines[j], zones) or lines[j].box.y0 - prev.box.y1 > 2.5 * line_h:
                break
            column = [w for w in lines[j].words if x0 <= w.box.x0 < x1]
            if column:
                words += column
            if not spec.multiline and words:
                break
            prev = lines[j]
        hits.append(LabelHit(spec, [badge], words, page, li, guessed_label=badge.conf < 1.0))
    return hits


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
        if _yes_no_question(line.words):
            continue  # "S'agit-il d'une maison individuelle ?  ✔": a Oui or Non column's tick, no option ticked
        start = found[0][1] + 1 if found and found[0][0] == 0 else 0
        for skip in range(start, min(start + _UNKNOWN_LABEL_WORDS, len(line.words)) + 1):
            words = line.words[skip:]
            options = parse_options(" ".join(w.text for w in words))
            if not options or not any(ticked for _, ticked in options):
                break
            runs = _runs_of_one_field(words)
            if runs:
                hits.extend(LabelHit(_spec_for(key), [], run, page, li) for key, run in runs)
                break
    return hits


def _runs_of_one_field(words: list[Word]) -> list[tuple[str, list[Word]]]:
    """The words as one run of options of a single field, or as two runs, one field each (a
    table's row of boxes: "☒ Maison ☐ Appartement ☐ Propriétaire occupant ☒ Locataire")."""
    key = _field_of_options(words)
    if key:
        return [(key, words)]
    for i, word in enumerate(words):
        if word.text not in (TICKED, UNTICKED):
            continue
        for cut in (i, i + 1):  # boxes before their options, or after them
            first, second = _field_of_options(words[:cut]), _field_of_options(words[cut:])
            if first and second and first != second:
                return [(first, words[:cut]), (second, words[cut:])]
    return []


def _field_of_options(words: list[Word]) -> str | None:
    """The one field all the options named by ``words`` belong to, each with its own box."""
    text = " ".join(w.text for w in words)
    options = parse_options(text)
    if not options:
        return None
    # Every option its own box: a tick between two runs of options says not which it is.
    named = {
        v for v in _SELF_NAMED_CHOICES
        if all(len(knowledge.vocab(v).distinct(fold(option))) == 1 for option, _ in options)
        and len(knowledge.vocab(v).distinct(fold(text))) == len(options)
    }
    return named.pop() if len(named) == 1 else None


_UNKNOWN_LABEL_WORDS = 4  # at most this many words of an unknown label before the options


@lru_cache(maxsize=None)
def _spec_for(key: str) -> LabelSpec:
    """A label spec of the field, for values read without a label of their own."""
    return next(spec for spec in knowledge.labels() if spec.key == key)


def _cell_of_a_row(line: Line, found: list, label_words: list[Word]) -> bool:
    """The label's words are one cell of a table's row whose other cells are values, one of them
    with digits (a tracking table's "Par" column: "20/10/2026 11:54  Pièces reçues  Assurée"):
    a word in the row, not a caption over the row below."""
    captions = {id(w) for first, last, _ in found for w in line.words[first : last + 1]}
    cells = line.segments(gap=2.0)
    others = [cell for cell in cells if not any(id(w) in captions for w in cell)]
    own = [cell for cell in cells if any(w is label_words[0] for w in cell)]
    return len(others) >= 2 and len(others) == len(cells) - 1 and bool(own) and any(re.search(r"\d", w.text) for cell in others for w in cell)


def _value_below(page: Page, lines: list[Line], matches: list, li: int, label_words: list[Word]) -> list[Word]:
    """Label alone at the end of its line: the value is the words of the next line under it, or
    of the line after when that one has nothing under it (answers typed over a scanned form sit
    a little lower in one box than in the next)."""
    below = _nearby_line(lines, li, step=1, reach=3)
    words = _words_below(page, lines, matches, li, below, label_words, 2.5)
    if words is not None and not words and below is not None and not matches[below]:
        # Only a value of the label's type, on a line of no label (a scan's next caption or an
        # option's word is no value two lines down).
        spec = next((spec for first, _, spec in matches[li] if lines[li].words[first] is label_words[0]), None)
        further = _nearby_line(lines, below, step=1, reach=1)
        if spec is not None and spec.kind in _FURTHER_KINDS and further is not None and not matches[further]:
            words = _words_below(page, lines, matches, li, further, label_words, 4.0)
            words = words if words and fits(spec, " ".join(w.text for w in words)) else []
    return words or []


def _starts_a_column(line: Line, found: list, label_words: list[Word]) -> bool:
    """The label starts a column of a page set in columns: a wide gap before it, and a label
    with its value before that ("4. Garantie . . . Perte de clés      14. Occupés par ..."), not
    a row of headings ("Référence   Date   Précision")."""
    start = line.words.index(label_words[0])
    if gap_before(line, start) < _COLUMN_GAP:
        return False
    before = [(first, last) for first, last, _ in found if last < start]
    ends = [first for first, _, _ in found if first > before[-1][1]] + [start] if before else []
    return bool(before) and any(c.isalnum() for w in line.words[before[-1][1] + 1 : min(ends)] for c in w.text)


# A document's own heading on the line before its "Date :" (an invoice, a quote, an order).
_DOCUMENT_HEAD = re.compile(r"\b(facture|devis|avoir|bon de commande|bon d'intervention|commande)\b", re.I)
_FURTHER_KINDS = {"name", "postal_code", "postal_city", *_TYPED_KINDS}


def _words_below(page: Page, lines: list[Line], matches: list, li: int, below: int | None, label_words: list[Word], reach: float) -> list[Word] | None:
    """The words of line ``below`` under the label (None when that line cannot hold its value:
    another row, too far)."""
    if below is None:
        return None
    nxt = lines[below]
    if page.rule_between(lines[li].box, nxt.box) and not _heading_row(lines[li], matches[li]):
        return None  # the next table row: this label's cell is empty
    # The next row's label; in a page of columns, one ending left of a label that starts its
    # column is the other column's.
    own_column = _starts_a_column(lines[li], matches[li], label_words)
    if matches[below] and matches[below][0][0] <= 1 and (not own_column or nxt.words[matches[below][0][1]].box.x1 > label_words[0].box.x0):
        return None
    line_h = max(0.01, lines[li].box.height)
    if nxt.box.y0 - lines[li].box.y1 > line_h * reach:
        return None
    if _heading_row(lines[li], matches[li]):
        return _cells_under_heading(lines[li], matches[li], nxt, label_words)
    x0 = label_words[0].box.x0
    x1 = _next_label_x(lines[li], matches[li], x0)
    # Labels below ours, not another column's to the left of it.
    below_labels = [m for m in matches[below] if not own_column or nxt.words[m[1]].box.x1 > x0]
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
    if not words or any(id(w) in used for w in words) or all(is_speck(w.text) for w in words):
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
        if not all(is_speck(w.text) for w in lines[j].words):
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
    parts: list[list[Word]] = []
    for cell in cells(below):
        if parts and len(parts[-1]) == 1 and _is_box(parts[-1][0].text):
            parts[-1] += cell  # a box and its option ("☒   Monsieur", a scan's gap between them) are one cell
        else:
            parts.append(list(cell))
    kinds = [spec.kind for _, _, spec in matches]
    for cell in parts:
        # An option goes to the heading of its field ("☒ Monsieur" under "Civilité", though
        # nearer "Nom"); any other cell to the heading it lies under most.
        field = _option_kind(cell)
        if field in kinds:
            if kinds.index(field) == mine:
                words.extend(cell)
        elif max(range(len(spans)), key=lambda i: _fit(cell, spans[i])) == mine:
            words.extend(cell)
    return words


def _option_kind(cell: list[Word]) -> str | None:
    """The kind of field a boxed option belongs to ("☒ Monsieur": civility), or None."""
    if len(cell) < 2 or not _is_box(cell[0].text):
        return None
    named = fold(" ".join(w.text for w in cell[1:]))
    if named in knowledge.civilities():
        return "civility"
    return next((kind for kind in _VOCABULARY_KINDS if knowledge.vocab(kind).first(named)), None)


def _fit(cell: list[Word], span: tuple[float, float]) -> tuple[float, float]:
    """How well a cell sits under a heading: their overlap, then how close their centres are."""
    x0, x1 = cell[0].box.x0, cell[-1].box.x1
    return (min(x1, span[1]) - max(x0, span[0]), -abs((x0 + x1) / 2 - (span[0] + span[1]) / 2))


_DIGIT_KINDS = {"date", "claim_number", "policy_number", "postal_code", "phones", "amount", "code"}


def _column_headings(lines: list[Line], matches: list, li: int) -> list[list[Word]] | None:
    """A table's row of column headings where some headings are no labels ("Référence | Date |
    Précision" over "Sinistre | B70882793 | 05.10.2026 | Perte de clés"): each label's value is
    the cell of the next line under it, not the next heading beside it. None when the line is
    no such row: a heading cell is a few words in letters only, and the next line has a cell
    under each heading."""
    line, found = lines[li], matches[li]
    # The next line may open with its row's own label ("Sinistre"), under no heading. Only
    # labels of values with digits are read so: beside a name's label ("Nom   MASSON"), a word
    # in letters is its value, not a heading.
    if not found or li + 1 >= len(lines) or any(m[0] > 0 for m in matches[li + 1]) or any(m[2].kind not in _DIGIT_KINDS for m in found):
        return None
    heads = cells(line, gap=2.5)
    index = {id(w): k for k, w in enumerate(line.words)}
    labelled = [any(index[id(c[0])] <= m[0] <= index[id(c[-1])] for m in found) for c in heads]
    if len(heads) < 3 or all(labelled) or any(len(c) > 3 or any(ch.isdigit() for w in c for ch in w.text) or not c[0].text[:1].isupper() for c in heads):
        return None
    below = cells(lines[li + 1], gap=2.5)[1 if matches[li + 1] else 0 :]
    if len(below) < len(heads) or lines[li + 1].box.y0 - line.box.y1 > 2.5 * max(0.01, line.box.height):
        return None
    spans = [(c[0].box.x0, c[-1].box.x1) for c in heads]
    owner = [max(range(len(spans)), key=lambda i: _fit(cell, spans[i])) for cell in below]
    values: list[list[Word]] = []
    for first, _, _ in found:
        mine = next(i for i, c in enumerate(heads) if index[id(c[0])] <= first <= index[id(c[-1])])
        values.append([w for cell, o in zip(below, owner) if o == mine for w in cell])
    return values


def _heading_row(line: Line, matches: list) -> bool:
    """A row of column headings, only labels ("Référence sinistre | N° de contrat | Date"): their
    values are in the row under the rule, not in the heading's own cell."""
    in_labels = {k for first, last, _ in matches for k in range(first, last + 1)}
    others = [w for k, w in enumerate(line.words) if k not in in_labels and not is_speck(w.text)]
    return len(matches) >= 2 and not others


def _bare_policy_prefix(spec: LabelSpec, value_words: list[Word]) -> bool:
    prefixes = knowledge.vocabulary()["policy"]["prefixes"]
    return spec.kind == "policy_number" and len(value_words) == 1 and value_words[0].text.upper() in prefixes


def _continuation(page: Page, lines: list[Line], matches: list, li: int, value_words: list[Word], options_only: bool = False) -> list[Line]:
    """The lines after line ``li`` that continue its wrapping value: no label (or, in a table,
    the same cell), starting under the value; ``options_only``: lines of boxed options only."""
    if not value_words:
        return []
    extra: list[Line] = []
    x_value = value_words[0].box.x0
    prev = lines[li]
    for nxt, found in zip(lines[li + 1 :], matches[li + 1 :]):
        if not nxt.words or page.rule_between(prev.box, nxt.box) or options_only and not _is_box(nxt.words[0].text):
            break
        line_h = max(0.01, prev.box.height)
        # In a table, a line of the same cell under the value continues it even when it reads
        # like a label ("occupant").
        same_cell = bool(page.rules) and nxt.words[0].box.x0 >= x_value - line_h
        if found and not same_cell:
            # Under the value, its end before the next pair: "(+) Locataire ( ) Propriétaire non
            # occupant : Fuite réparée : ...".
            head = nxt.words[: found[0][0]]
            while head and all(c in ":·|;" for c in head[-1].text):
                head = head[:-1]
            if head and (head[0].box.x0 >= x_value - line_h or _is_box(value_words[0].text) and _is_box(head[0].text)) and nxt.box.y0 - prev.box.y1 <= line_h * 1.5:
                extra.append(Line(head))
            break
        if nxt.box.y0 - prev.box.y1 > line_h * 1.5:
            break
        first_x = nxt.words[0].box.x0
        # Options flow on from the block's margin ("L'assuré(e) est : ( ) Propriétaire occupant"
        # over "(+) Locataire ( ) Propriétaire non occupant").
        options_go_on = _is_box(value_words[0].text) and _is_box(nxt.words[0].text)
        if not options_go_on and (first_x < lines[li].words[0].box.x0 - line_h or (first_x < x_value - line_h * 2 and first_x > lines[li].words[0].box.x0 + line_h)):
            break
        if _is_title(nxt):
            break
        extra.append(nxt)
        prev = nxt
    return extra


def _none_ticked(words: list[Word]) -> bool:
    """Options with their boxes, none ticked: the ticked one may be on the lines below
    ("☐ Plomberie ☐ Vitrerie ☐ Électricité" over "☐ Recherche de fuite ☒ Menuiserie")."""
    options = parse_options(" ".join(w.text for w in words))
    return bool(options) and not any(ticked for _, ticked in options)


def _is_box(text: str) -> bool:
    """An option's box as typed or read: "☐", "[X]", "(•)", or a scan's "(" of "( }"."""
    return text in (TICKED, UNTICKED) or text in knowledge.tick_marks() or (len(text) <= 3 and text[:1] in "([{")


def _section_title(lines: list[Line], matches: list, li: int) -> bool:
    """A title in capitals over a row of labels ("ASSURÉ" above "05 Civilité 06 Nom"), or a
    caption alone on its line, a blank line above it, over a line that opens with another
    ("Assuré" over "Nom : ..."): it names the section below, it is no caption under a value
    above it."""
    below = _nearby_line(lines, li, step=1, reach=2)
    if below is None or not matches[below]:
        return False
    alone = len(matches[li]) == 1 and matches[li][0][0] == 0 and matches[li][0][1] == len(lines[li].words) - 1
    apart = li == 0 or lines[li].box.y0 - lines[li - 1].box.y1 > lines[li].box.height
    return _is_title(lines[li]) or alone and apart and matches[below][0][0] == 0


def _is_title(line: Line) -> bool:
    """A section title: a few words in capitals ("--- ASSURÉ ---", "MISSION")."""
    letters = [c for c in line.text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(line.words) <= 5
