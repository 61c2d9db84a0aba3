"""A form's key to its abbreviated labels: "Abréviations : N° SIN. : numéro de sinistre ;
C. AGT : code agent ; DT SURV. : date de survenance du sinistre ...".

A dense form (a fax cover sheet, a grid of small cells) abbreviates its labels and explains
them in a footnote; a CC reads the footnote once and then reads "C. AGT" as "code agent". So
does this module: each explanation that names a known label makes its abbreviation a label of
the same field, on that page only. The footnote's own lines are no labels and values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import median

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.fields.knowledge import LabelSpec
from odm_intake.extractors.text import edit_distance, fold, fold_tokens, within_one_edit
from odm_intake.extractors.words import Box, Line, Page, Word, cells, group_lines

_MAX_ABBREVIATION = 16  # characters: longer is a sentence, not an abbreviation
_GLOSS = re.compile(r"[(|][^()|]*[)|]")  # "(dégâts des eaux)", on a scan "| dégâts des eaux |"


@dataclass(slots=True)
class Legend:
    """The footnote's lines and the labels its abbreviations stand for, by first folded word."""

    lines: set[int] = field(default_factory=set)
    specs: dict[str, tuple[LabelSpec, ...]] = field(default_factory=dict)


def read_legend(lines: list[Line]) -> Legend:
    legend = Legend()
    start = next((i for i, line in enumerate(lines) if _opens_legend(line.text) or _explains_labels(line.text)), None)
    if start is None:
        return legend
    text_parts: list[str] = []
    for i in range(start, len(lines)):
        line = lines[i]
        if i > start and (":" not in line.text or line.box.y0 - lines[i - 1].box.y1 > 1.5 * max(0.01, line.box.height)):
            break
        legend.lines.add(i)
        text_parts.append(line.text)
    found: dict[str, list[LabelSpec]] = {}
    for abbreviation, spec in _entries(_after_cue(" ".join(text_parts))):
        tokens = tuple(fold_tokens(abbreviation))
        if tokens:
            found.setdefault(tokens[0], []).append(LabelSpec(spec.key, spec.kind, tokens, abbreviation, spec.multiline))
    legend.specs = {word: tuple(sorted(specs, key=lambda s: -len(s.tokens))) for word, specs in found.items()}
    return legend


def _entries(text: str) -> list[tuple[str, LabelSpec]]:
    """(abbreviation, label) pairs of "ABBR : explanation ; ABBR : explanation ...". A scan reads
    the semicolons as colons or full stops, so the text is cut at every colon and semicolon and
    each piece is taken for an explanation when it starts with a label's words; the words after
    the explanation, or a piece that explains nothing, are the next abbreviation."""
    entries: list[tuple[str, LabelSpec]] = []
    abbreviation: str | None = None
    for piece in re.split(r"[;:]", text):
        explained = _spec_explained(piece)
        if explained is not None and abbreviation:
            entries.append((abbreviation, explained[0]))
            piece = explained[1]
        elif explained is None:
            inner = _inner_entry(piece)  # "HAB. . type d'habitation": the colon read as a stop
            if inner:
                entries.append(inner)
                piece = ""
        piece = piece.strip(" .,")
        abbreviation = piece if 0 < len(piece) <= _MAX_ABBREVIATION else None
    return entries


def _inner_entry(piece: str) -> tuple[str, LabelSpec] | None:
    """An abbreviation and its explanation in one piece, parted by a stop or a comma."""
    words = piece.split()
    for k in range(1, min(4, len(words))):
        head = " ".join(words[:k]).strip(" .,")
        if not words[k - 1].endswith((".", ",")) and words[k] not in (".", ","):
            continue
        tail = " ".join(words[k:]).lstrip(" .,")
        if not tail[:1].islower():
            continue  # an explanation is written in small letters, an abbreviation in capitals
        explained = _spec_explained(tail)
        if head and len(head) <= _MAX_ABBREVIATION and explained and not explained[1]:
            return head, explained[0]
    return None


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold_tokens(cue)) for cue in knowledge.vocabulary()["legend"]["cues"])


@lru_cache(maxsize=1)
def _owners() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold_tokens(owner)) for owner in knowledge.vocabulary()["legend"]["owners"])


def _opens_legend(text: str) -> bool:
    """A line that starts with a cue and its colon ("Abréviations :"), a letter or two off on a scan."""
    head, colon, _ = text.partition(":")
    words = tuple(fold_tokens(head))
    return bool(colon) and any(len(cue) == len(words) and all(_same_word(w, c) for w, c in zip(words, cue)) for cue in _cues())


def _explains_labels(text: str) -> bool:
    """A line of a legend whose cue a scan garbled ("Abiévalions :"): three or more explanations,
    in small letters, of known labels."""
    pieces = re.split(r"[;:]", text)
    return len(pieces) >= 6 and sum(1 for piece in pieces if piece.strip()[:1].islower() and _spec_explained(piece)) >= 3


def _after_cue(text: str) -> str:
    head, colon, rest = text.partition(":")
    return rest if colon and len(head.split()) <= 3 else text


def _same_word(word: str, label: str) -> bool:
    """Equal, or a scan's slips: one letter in a word of five or more, two in one of seven or more."""
    if word == label:
        return True
    return (len(label) >= 5 and within_one_edit(word, label)) or (len(label) >= 7 and edit_distance(word, label) <= 2)


def _spec_explained(piece: str) -> tuple[LabelSpec, str] | None:
    """The label a piece of the legend starts with, and the rest of the piece (the text after the
    explanation): a label written out whole ("numéro de sinistre"), or followed only by whose it
    is ("téléphone de l'assuré"), a gloss in brackets left out. The rest may be the next
    abbreviation when a scan lost the semicolon: after a label of several words ("prestation
    demandée . CIV."), or after a one-word label closed by a stop ("commune . TÉL.")."""
    raw = _GLOSS.sub(" ", piece).split()
    flat = [(part, k) for k, word in enumerate(raw) for part in fold(word).split()]  # folded word, raw index
    folded = tuple(part for part, _ in flat)
    if not folded:
        return None
    best: tuple[LabelSpec, int] | None = None
    for spec in knowledge.labels():  # longest first
        n = len(spec.tokens)
        if len(folded) < n or not all(_same_word(w, t) for w, t in zip(folded[:n], spec.tokens)):
            continue
        rest = folded[n:]
        if not rest or rest in _owners():
            return spec, ""
        last = flat[n - 1][1]
        closed = raw[last][-1:] in ".," or (last + 1 < len(raw) and raw[last + 1] in (".", ","))
        if best is None and (n >= 2 or closed) and flat[n][1] > last:
            best = (spec, flat[n][1])
    if best is None:
        return None
    spec, rest_at = best
    return spec, " ".join(raw[rest_at:])


@dataclass(slots=True)
class NumberedZones:
    """A form whose fields are framed zones known only by a number in a badge ("01", "02"...),
    named in a legend at the foot of the page ("01 N° de sinistre Allianz  13 Second téléphone"):
    the label each number stands for (None for a zone no field is read from) and the legend's
    lines (no labels, no values)."""

    lines: set[int] = field(default_factory=set)
    names: dict[str, LabelSpec | None] = field(default_factory=dict)


_NUMBERED_ENTRY = re.compile(r"^(\d{1,2})\s+(\D.*)$")
MIN_ZONES = 6  # named entries: fewer is a numbered list, not a legend
LEGEND_DENSITY = 0.8  # share of the legend's lines that hold an entry (the rest: wrapped explanations)


def read_numbered_zones(lines: list[Line]) -> NumberedZones:
    """The legend of numbered zones: one or two columns of "number explanation" entries, each a
    number alone then the words of a label (an explanation may wrap onto the next line), with no
    value after them."""
    entries: list[tuple[int, str, LabelSpec | None]] = []
    for i, line in enumerate(lines):
        for cell in cells(line, gap=2.5):
            m = _NUMBERED_ENTRY.match(" ".join(w.text for w in cell))
            if m is None or any(c.isdigit() for c in m.group(2)):
                continue  # no entry, or a numbered field with its value ("1 Rue 12 des Lilas")
            entries.append((i, m.group(1).zfill(2), _label_opening(m.group(2))))
    named = [i for i, _, spec in entries if spec is not None]
    if len(named) < MIN_ZONES:
        return NumberedZones()
    # The legend's block: its named entries' lines and the wrapped explanations between them.
    # Numbered captions over their values are no legend: their values' lines part them.
    block = set(range(min(named), max(named) + 1))
    if len(block & {i for i, _, _ in entries}) < LEGEND_DENSITY * len(block) or not _titled(lines, min(named)):
        return NumberedZones()
    zones = NumberedZones(lines=block)
    zones.names = {number: spec for i, number, spec in entries if i in zones.lines}
    return zones


def page_zones(page: Page) -> NumberedZones:
    """The page's numbered zones, read once and kept with it (the form and the prose reader both ask)."""
    if page._zones is None:
        page._zones = read_numbered_zones(page.lines())
    return page._zones


def _titled(lines: list[Line], start: int) -> bool:
    """A legend's title just above its entries ("LÉGENDE DES RUBRIQUES", "Légende :"): without
    it, numbered rows of labels and values are a spreadsheet's, not a key to zones."""
    firsts = {cue[0] for cue in _cues() if cue}
    for line in lines[max(0, start - 2) : start]:
        words = fold_tokens(line.text)
        if words and any(_same_word(words[0], first) for first in firsts):
            return True
    return False


def _label_opening(text: str) -> LabelSpec | None:
    """The label a legend's explanation opens with, whatever follows it ("Téléphone où joindre
    l'assuré(e)", "Métier à envoyer"): a legend explains, it holds no values. A label after a
    colon when none opens it ("Dégâts des eaux seulement : fuite réparée (oui / non)")."""
    head, colon, tail = text.partition(":")
    for part in (head, tail) if colon else (head,):
        folded = tuple(fold_tokens(_GLOSS.sub(" ", part)))
        for spec in knowledge.labels():  # longest first
            n = len(spec.tokens)
            if len(folded) >= n and all(_same_word(w, t) for w, t in zip(folded[:n], spec.tokens)):
                return spec
    return None


def zone_badges(line: Line, zones: NumberedZones) -> bool:
    """A line of the zones' badges only ("01 02 03 04", a scan's specks of the frames aside):
    their values are on the line below."""
    numbers = [w for w in line.words if any(c.isalnum() for c in w.text)]
    if not zones.names or not numbers or not all(w.text.isdigit() and len(w.text) <= 2 for w in numbers):
        return False
    # A scan may have misread a number in the legend ("0t" for "01"): most of them are named there.
    return 2 * sum(w.text.zfill(2) in zones.names for w in numbers) >= len(numbers)


BADGE_CONFIDENCE = 0.9  # a badge numbered by its place, not read


def numbered_badges(words: list[Word], badges: list[Box]) -> list[Word]:
    """A scan loses the white digits of the zones' badges (black 4:3 blocks). On a page whose
    legend numbers its zones, the badges are numbered in reading order, as the form numbers its
    zones, and what OCR made of them is dropped."""
    if len(badges) < MIN_ZONES:
        return words
    zones = read_numbered_zones(group_lines(words))
    highest = max((int(number) for number in zones.names), default=0)
    if not zones.names or not len(badges) - 2 <= highest <= len(badges) + 2:
        return words  # no legend, or not one badge a zone
    height = median(b.y1 - b.y0 for b in badges)
    rows: list[list[Box]] = []
    for badge in sorted(badges, key=lambda b: b.y0):
        if rows and badge.y0 - rows[-1][0].y0 < 0.5 * height:
            rows[-1].append(badge)
        else:
            rows.append([badge])
    ordered = [badge for row in rows for badge in sorted(row, key=lambda b: b.x0)]
    kept = [w for w in words if not any(_inside(w.box, b) for b in ordered)]
    return kept + [Word(f"{k:02d}", badge, BADGE_CONFIDENCE) for k, badge in enumerate(ordered, 1)]


def _inside(word: Box, badge: Box) -> bool:
    """A word OCR read mostly on a badge."""
    width = max(0.0, min(word.x1, badge.x1) - max(word.x0, badge.x0))
    height = max(0.0, min(word.y1, badge.y1) - max(word.y0, badge.y0))
    return width * height >= 0.5 * max(1.0, (word.x1 - word.x0) * (word.y1 - word.y0))


@dataclass(slots=True)
class CodeTables:
    """A notice's tables of codes ("Nature du sinistre" over "1 Dégâts des eaux", "2 Bris de
    glace"...): the meaning of each code by field, and the notice's lines (no labels, no values)."""

    lines: set[int] = field(default_factory=set)
    meanings: dict[str, dict[str, str]] = field(default_factory=dict)


_CODED_KINDS = {"peril", "housing", "occupation", "trade", "civility", "yes_no"}  # answers a notice may code
_CODE_ENTRY = re.compile(r"^([0-9]{1,3}|[A-Z]{1,4})\s+(\S.*)$")
MIN_ENTRIES = 2


def read_code_tables(lines: list[Line], matches: list) -> CodeTables:
    """Columns of "code meaning" lines under a label: a form whose answers are codes explained
    in a notice ("Nature du sinistre (code, voir notice) : 3"). Each label heads the words of
    its column down to the first line that is no entry."""
    tables = CodeTables()
    for li, found in enumerate(matches):
        if not found or li + MIN_ENTRIES >= len(lines):
            continue
        # Each heading's column is its cell of the line ("Cadre 1 – Nature du sinistre").
        row = cells(lines[li])
        starts = sorted(cell[0].box.x0 for cell in row)
        heads = [(next(c[0].box.x0 for c in row if any(w is lines[li].words[first] for w in c)), spec) for first, _, spec in found]
        for x0, spec in heads:
            if spec.kind not in _CODED_KINDS:
                continue
            x1 = next((x for x in starts if x > x0), float("inf"))
            entries: dict[str, str] = {}
            rows: list[int] = []
            for j in range(li + 1, len(lines)):
                column = [w for w in lines[j].words if x0 - lines[li].box.height <= w.box.x0 < x1 - 1]
                m = _CODE_ENTRY.match(" ".join(w.text for w in column)) if column and not matches[j] else None
                if m is not None and not any(c.isalpha() for c in m.group(2)):
                    m = None  # "MRH 5391520": a value, not a code and its meaning
                if m is None:
                    if column or not rows:
                        break
                    continue  # this column's list is shorter than the next one's
                entries[m.group(1)] = m.group(2).strip()
                rows.append(j)
            if len(entries) >= MIN_ENTRIES:
                tables.meanings.setdefault(spec.key, {}).update(entries)
                tables.lines.update([li, *rows])
    return tables
