"""Column heads set sideways over a table, from a PDF's text layer or a scan.

A spreadsheet export prints narrow columns under heads turned a quarter ("NUM_SINISTRE",
"CP_RISQUE" running up the head band). A lone sideways word is a margin title and is left out;
a row of them over a table is the table's heads. Each is kept with its column, bounded by the
table's rules, for the form reader to take the cells under it (fields/form.py).

On a scan, OCR reading the head band upright leaves stacks of unsure scraps ("ë", "8.", "Ë"),
one a column: the band is found by them and read again turned a quarter (extractors/ocr.py).
There the columns are bounded by the heads and where the cells of the row under them start.
"""

from __future__ import annotations

from statistics import median

from odm_intake.extractors.words import Box, Line, Word, is_legible

MIN_HEADS = 3  # sideways words on one baseline: fewer are margin titles
_SAME_BASE = 2.0  # points between the bottoms of a row's heads


def sideways_heads(raw_words: list[dict], page) -> list[Word]:
    """The rows of sideways heads among pdfplumber's words of ``page``, each boxed as its column."""
    sideways = sorted((w for w in raw_words if not w.get("upright", True) and w["text"].strip()), key=lambda w: w["bottom"])
    rows: list[list[dict]] = []
    for w in sideways:
        if rows and abs(rows[-1][-1]["bottom"] - w["bottom"]) <= _SAME_BASE:
            rows[-1].append(w)
        else:
            rows.append([w])
    rows = [row for row in rows if len(row) >= MIN_HEADS]
    if not rows:
        return []
    edges = [e for e in page.edges if e["orientation"] == "v"]
    heads: list[Word] = []
    for row in rows:
        bottom = max(w["bottom"] for w in row)
        middle = (min(w["top"] for w in row) + bottom) / 2
        rules = sorted(e["x0"] for e in edges if e["top"] <= middle <= e["bottom"])  # this table's rules
        for w in sorted(row, key=lambda w: w["x0"]):
            text = w["text"][::-1] if _reads_upwards(page, w) else w["text"]
            left = max((x for x in rules if x <= w["x0"]), default=w["x0"])
            right = min((x for x in rules if x >= w["x1"]), default=w["x1"])
            heads.append(Word(text, Box(left, w["top"], right, bottom), 1.0))
    return heads


def _reads_upwards(page, word: dict) -> bool:
    """Text turned anticlockwise reads bottom to top: pdfplumber gives its letters top down."""
    for char in page.chars:
        inside = word["x0"] - 0.5 <= char["x0"] and char["x1"] <= word["x1"] + 0.5 and word["top"] - 0.5 <= char["top"] <= word["bottom"]
        if inside and not char.get("upright", True):
            return char["matrix"][1] > 0
    return False


# ---------------------------------------------------------------- scans

SCRAP_CONFIDENCE = 0.6  # OCR's confidence in the scraps it reads in sideways text
_CELL_GAP = 1.2  # letters between the end of a cell's value and the start of the next one


def sideways_bands(words: list[Word], page_width: float) -> list[Box]:
    """The bands of a scanned page where text runs sideways, across the page: rows of at least
    MIN_HEADS stacks of unsure narrow scraps side by side. A page that sets one table's heads
    sideways sets the others' so too: once a band is sure, shorter stacks make the others."""
    heights = [w.box.height for w in words if w.conf >= 0.8 and w.text.isalnum()]
    if not heights:
        return []
    h = median(heights)
    scraps = sorted((w for w in words if w.conf < SCRAP_CONFIDENCE and w.box.x1 - w.box.x0 <= 1.5 * h), key=lambda w: w.box.y0)
    sure = _bands(scraps, h, 3)
    if not sure:
        return []
    more = [(t, b) for t, b in _bands(scraps, h, 2) if not any(t < bottom and top < b for top, bottom in sure)]
    # A band runs up to the text above it (a section's title): the longest heads run higher
    # than the scraps OCR made of the others.
    text_bottoms = [w.box.y1 for w in words if w.conf >= 0.8 and w.text.isalnum() and w.box.x1 - w.box.x0 > 1.5 * h]  # no scrap read sure
    return [
        Box(0, max((y for y in text_bottoms if y <= top), default=top - 2 * h) + 1, page_width, bottom)
        for top, bottom in sorted(sure + more)
    ]


def _bands(scraps: list[Word], h: float, least: int) -> list[tuple[float, float]]:
    """The (top, bottom) of rows of MIN_HEADS stacks of ``least`` scraps or more, each stack one
    over another, a line's height apart at most, and ``least`` lines high."""
    stacks: list[list[Word]] = []
    for w in scraps:
        stack = next((s for s in stacks if abs(s[0].box.x0 - w.box.x0) <= 0.5 * h and w.box.y0 - s[-1].box.y1 <= h), None)
        if stack is None:
            stacks.append([w])
        else:
            stack.append(w)
    spans = [(min(w.box.y0 for w in s), max(w.box.y1 for w in s)) for s in stacks if len(s) >= least]
    spans = sorted((top, bottom) for top, bottom in spans if bottom - top >= least * h)
    rows: list[list[tuple[float, float]]] = []
    for top, bottom in spans:
        if rows and top < max(b for _, b in rows[-1]):
            rows[-1].append((top, bottom))
        else:
            rows.append([(top, bottom)])
    return [(min(t for t, _ in row), max(b for _, b in row) + h / 2) for row in rows if len(row) >= MIN_HEADS]


def rotated_back(words: list[Word], band: Box) -> list[Word]:
    """Words read on the band turned a quarter clockwise, put back in the page's pixels."""
    height = band.y1 - band.y0
    return [
        Word(w.text, Box(band.x0 + w.box.y0, band.y0 + height - w.box.x1, band.x0 + w.box.y1, band.y0 + height - w.box.x0), w.conf)
        for w in words
    ]


def scanned_columns(heads: list[list[Word]], band: Box, lines: list[Line]) -> list[Word]:
    """Each head read in ``band`` (its words, in the page's pixels) with its column: from where
    its cell starts in the row under the band (cells' values start at their left edge, left of
    their head's middle, right of the head before) to where the next cell starts."""
    centres = sorted(((sum(w.box.x0 + w.box.x1 for w in head) / (2 * len(head)), head) for head in heads), key=lambda c: c[0])
    row = next((line for line in lines if line.box.y0 >= band.y1 - 1 and any(is_legible(w) for w in line.words)), None)
    # A cell's lines start where its first does, give or take a pixel: its column from half a
    # letter before.
    starts = [segment[0].box.x0 - row.char_width / 2 for segment in row.segments(_CELL_GAP)] if row else []
    bounds = [band.x0]
    for (before, _), (centre, _) in zip(centres, centres[1:]):
        bounds.append(next((x for x in starts if before < x <= centre), (before + centre) / 2))
    bounds.append(band.x1)
    out: list[Word] = []
    for k, (_, head) in enumerate(centres):
        top = min(w.box.y0 for w in head)
        out.append(Word(head_text(head), Box(bounds[k] + 1, top, bounds[k + 1] + 1, band.y1), min(w.conf for w in head)))
    return out


def head_text(head: list[Word]) -> str:
    """A head's words put back upright read from the bottom up, the specks of the rules around
    it aside ("| NUM_SINISTRE")."""
    return " ".join(w.text for w in sorted(head, key=lambda w: -w.box.y1)).strip(" .,:;|!'‘’{}()[]")
