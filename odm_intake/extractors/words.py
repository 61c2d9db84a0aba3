"""The one word model (ARCHITECTURE.md invariant 4).

Every reader turns its input into :class:`Page` objects holding positioned :class:`Word`
objects: a PDF text layer, Tesseract's ``image_to_data`` and a plain mail body alike. Field
extractors only ever see pages, so a form layout reads the same from a PDF, a fax or a body.

Coordinates are in the page's own units (PDF points, image pixels, or for plain text one
unit per character and per line); ``conf`` is in [0, 1] (1.0 for born-digital text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median


@dataclass(frozen=True, slots=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def union(self, other: "Box") -> "Box":
        return Box(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1))

    def as_list(self) -> list[float]:
        return [round(self.x0, 1), round(self.y0, 1), round(self.x1, 1), round(self.y1, 1)]


# A checkbox as every reader writes it into the words: ticked, empty (PDF vector boxes, symbol
# fonts, scanned boxes, rings, struck mentions).
TICKED, UNTICKED = "\u2612", "\u2610"


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    box: Box
    conf: float = 1.0


def is_legible(word: Word) -> bool:
    """A word read with some assurance, with a letter or a digit in it: no scan's speck."""
    return word.conf >= 0.5 and any(c.isalnum() for c in word.text)


def words_text(words: list[Word]) -> str:
    """Words read as text, one space apart."""
    return " ".join(w.text for w in words)


@dataclass(slots=True)
class Line:
    """Words sharing a baseline, left to right."""

    words: list[Word]

    @property
    def text(self) -> str:
        return words_text(self.words)

    @property
    def char_width(self) -> float:
        """The line's mean character width, leaving out words set far wider than the rest (a comb
        field's letters, one a box, would hide the gaps between cells)."""
        sized = [(w.box.x1 - w.box.x0, len(w.text)) for w in self.words if w.text]
        if not sized:
            return 0.01
        typical = sorted(width / chars for width, chars in sized)[len(sized) // 2]
        kept = [(width, chars) for width, chars in sized if width / chars <= 2 * typical] or sized
        return max(0.01, sum(width for width, _ in kept) / sum(chars for _, chars in kept))

    def segments(self, gap: float = 6.0) -> list[list[Word]]:
        """The line's runs of words parted by gaps of at least ``gap`` characters (columns)."""
        runs: list[list[Word]] = []
        width = self.char_width
        for word in self.words:
            if runs and (word.box.x0 - runs[-1][-1].box.x1) / width < gap:
                runs[-1].append(word)
            else:
                runs.append([word])
        return runs

    @property
    def box(self) -> Box:
        box = self.words[0].box
        for w in self.words[1:]:
            box = box.union(w.box)
        return box

    @property
    def conf(self) -> float:
        return min(w.conf for w in self.words) if self.words else 1.0


@dataclass(slots=True)
class Page:
    """One page of one document, as positioned words."""

    number: int  # 1-based
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    rules: list[Box] = field(default_factory=list)  # table rules seen on a scan (thin boxes)
    heads: list[Word] = field(default_factory=list)  # column heads set sideways, each boxed as its column (sideways.py)
    pictured: float = 0.0  # the share of a PDF page its pictures cover
    panels: list[Box] = field(default_factory=list)  # pictures side by side, each read as a column of its own
    _lines: list[Line] | None = field(default=None, repr=False)
    _labels: list | None = field(default=None, repr=False)  # fields/form.py's label hits, once computed
    _zones: object | None = field(default=None, repr=False)  # fields/legend.py's numbered zones, once read

    def lines(self) -> list[Line]:
        """Group words into lines by vertical overlap, top to bottom."""
        if self._lines is None:
            self._lines = group_lines(self.words) if not self.panels else self._lines_by_panel()
        return self._lines

    def _lines_by_panel(self) -> list[Line]:
        """The lines above the panels, each panel's lines (left to right), then the lines below."""
        def panel_of(word: Word) -> int | None:
            x, y = (word.box.x0 + word.box.x1) / 2, (word.box.y0 + word.box.y1) / 2
            return next((k for k, p in enumerate(self.panels) if p.x0 <= x <= p.x1 and p.y0 <= y <= p.y1), None)

        owner = [panel_of(w) for w in self.words]
        outside = group_lines([w for w, k in zip(self.words, owner) if k is None])
        top = min(p.y0 for p in self.panels)
        inside = [line for k in range(len(self.panels)) for line in group_lines([w for w, o in zip(self.words, owner) if o == k])]
        return [line for line in outside if line.box.y0 < top] + inside + [line for line in outside if line.box.y0 >= top]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines())

    def _rules_across(self, x: float) -> list[Box]:
        """The horizontal rules (much wider than thick) that pass over abscissa ``x``."""
        return [r for r in self.rules if r.x1 - r.x0 > 4 * (r.y1 - r.y0) and r.x0 <= x <= r.x1]

    def rule_between(self, upper: Box, lower: Box) -> bool:
        """True when a horizontal table rule runs between two boxes: they sit in different rows."""
        top, bottom = (upper.y0 + upper.y1) / 2, (lower.y0 + lower.y1) / 2
        x = (lower.x0 + min(lower.x1, lower.x0 + 20)) / 2
        return any(top < (r.y0 + r.y1) / 2 < bottom for r in self._rules_across(x))

    def table_row(self, box: Box) -> bool:
        """True when horizontal rules run above and below the box, close to it: a table cell."""
        reach = 2 * (box.y1 - box.y0)
        spans = self._rules_across((box.x0 + box.x1) / 2)
        above = any(box.y0 - reach <= r.y1 <= box.y0 + 2 for r in spans)
        below = any(box.y1 - 2 <= r.y0 <= box.y1 + reach for r in spans)
        return above and below


@dataclass(slots=True)
class Document:
    """A readable unit of a mail: its body, its HTML, or one attachment.

    ``source`` names it for evidence (``body``, ``attachment:ODM.pdf``); ``channel`` says how its
    text was obtained (``body``, ``html``, ``pdf_text``, ``fax_tiff``, ``fax_pdf``, ``photo``).
    """

    source: str
    channel: str
    pages: list[Page]
    filename: str | None = None
    error: str | None = None  # set when the document could not be read

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)

    def page_source(self, page: Page) -> str:
        if len(self.pages) > 1 or self.source.startswith("attachment:"):
            return f"{self.source}#page={page.number}"
        return self.source


def group_lines(words: list[Word]) -> list[Line]:
    """Cluster words into lines: a word joins a line when its vertical centre lies within the
    line's band. Robust to the small baseline jitter of OCR and of mixed font sizes."""
    if not words:
        return []
    typical = median(w.box.height for w in words) or 1.0

    def centre_of(word: Word) -> float:
        # A scan's number boxed as a sliver (written on a dotted fill-in line and read with the
        # line's height only) stands on that line: its digits rise above it. Other slivers are
        # the dotted line itself read as letters ("Le Lee"): left on a line of their own.
        if word.box.height < 0.3 * typical and sum(c.isdigit() for c in word.text) >= 3:
            return word.box.y1 - typical / 2
        return (word.box.y0 + word.box.y1) / 2

    ordered = sorted(words, key=lambda w: (centre_of(w), w.box.x0))
    lines: list[list[Word]] = []
    centres: list[float] = []
    for word in ordered:
        centre = centre_of(word)
        if lines and abs(centre - centres[-1]) <= typical * 0.5:
            lines[-1].append(word)
            n = len(lines[-1])
            centres[-1] += (centre - centres[-1]) / n
        else:
            lines.append([word])
            centres.append(centre)
    return [Line(sorted(ws, key=lambda w: w.box.x0)) for ws in lines]


def cells(line: Line, gap: float = 1.5) -> list[list[Word]]:
    """A line's words in cells, parted where the gap between two words is wider than ``gap``
    letters (the typical letter width of the line's words)."""
    letter = median((w.box.x1 - w.box.x0) / max(len(w.text), 1) for w in line.words)
    parts: list[list[Word]] = [[line.words[0]]]
    for previous, word in zip(line.words, line.words[1:]):
        if word.box.x0 - previous.box.x1 > gap * letter:
            parts.append([])
        parts[-1].append(word)
    return parts


def page_from_text(text: str, number: int = 1, conf: float = 1.0) -> Page:
    """A plain-text page: one unit per character horizontally, one per line vertically.

    Keeps the text's own line breaks and column positions, so the same label/value logic
    applies to a form pasted in a mail body. ``conf``: how sure its words are (a text read
    from a scan is as sure as the scan, not typed).
    """
    words: list[Word] = []
    lines = text.replace("\t", "    ").replace("\u00a0", " ").splitlines()
    for row, line in enumerate(lines):
        col = 0
        for token in line.split(" "):
            if token.strip():
                stripped = token.strip()
                start = col + (len(token) - len(token.lstrip()))
                words.append(Word(stripped, Box(start, row, start + len(stripped), row + 0.8), conf))
            col += len(token) + 1
    page = Page(number=number, width=max((len(l) for l in lines), default=0), height=len(lines), words=words)
    # Plain text already knows its lines; keep them exactly (empty lines dropped).
    page._lines = _lines_by_row(words)
    return page


def _lines_by_row(words: list[Word]) -> list[Line]:
    rows: dict[float, list[Word]] = {}
    for w in words:
        rows.setdefault(w.box.y0, []).append(w)
    return [Line(rows[y]) for y in sorted(rows)]
