"""A page's text in reading order, for the prose reader: columns side by side read one after the other.

A letter sets the recipient's address beside its references; a portal's printout sets cards
side by side. Read line by line across the page, "Nos références : sinistre B611 | 117 avenue
de Verdun" makes one claim number of two columns, and the address's lines come apart. Here a
run of lines that share a clear vertical channel is read left column first, then right column.
A gap after a label alone ("Code agent        441857") is a label and its value, not two columns;
other rows read across, their pieces three spaces apart (where a street or a city stops).
"""

from __future__ import annotations

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.fields.legend import page_zones
from odm_intake.extractors.text import fold
from odm_intake.extractors.words import Line, Page, Word, words_text

_COLUMN_GAP = 6.0  # characters: a gap this wide parts two columns (or a label from its value)
COLUMN_SEPARATOR = "   "  # between pieces of a row: the prose reader's values stop at it
_BOTH_FILLED = 3  # lines with both columns filled that make a run of two columns (fewer: a form's row of pairs)


def reading_text(page: Page) -> str:
    """The page's text, a run of two columns read left column first."""
    lines = page.lines()
    rows = [_pieces(line) for line in lines]
    legend = page_zones(page).lines  # a key to the zones, no mission text
    out: list[str] = []
    i = 0
    while i < len(rows):
        if i in legend:
            i += 1
            continue
        region = _region(rows, lines, i)
        if region is None:
            out.append(COLUMN_SEPARATOR.join(words_text(p) for p in rows[i]))  # a table's row reads across
            i += 1
            continue
        end, middle = region
        left = [words_text(p) for row in rows[i:end] for p in row if p[0].box.x0 < middle]
        right = [words_text(p) for row in rows[i:end] for p in row if p[0].box.x0 >= middle]
        out.extend(left + [""] + right + [""])
        i = end
    return "\n".join(out)


def _pieces(line: Line) -> list[list[Word]]:
    """The line's column pieces: a label alone before a gap stays with the value after it."""
    pieces: list[list[Word]] = []
    for run in line.segments(_COLUMN_GAP):
        if pieces and _label_only(pieces[-1]):
            pieces[-1] = pieces[-1] + run
        else:
            pieces.append(run)
    return pieces


def _label_only(piece: list[Word]) -> bool:
    text = words_text(piece)
    # A scan's label one letter off ("Code postat") is still one.
    return text.endswith(":") or knowledge.is_label_run(text) or knowledge.is_label_run(knowledge.correct_scanned(fold(text)))


def _region(rows: list[list[list[Word]]], lines: list[Line], start: int) -> tuple[int, float] | None:
    """The run of lines from ``start`` that two columns share (both columns filled on three
    lines at least): its end and the middle of the channel between the columns; None when the
    line starts no such run."""
    if len(rows[start]) != 2:
        return None
    x_left, x_right = rows[start][0][-1].box.x1, rows[start][1][0].box.x0
    both = 1
    end = start + 1
    while end < len(rows):
        row = rows[end]
        if len(row) > 2 or lines[end].box.y0 - lines[end - 1].box.y1 > 2 * lines[end - 1].box.height:
            break
        middle = (x_left + x_right) / 2  # a scan's columns start a pixel or two apart
        lefts = [p for p in row if p[0].box.x0 < middle]
        rights = [p for p in row if p[0].box.x0 >= middle]
        if any(p[-1].box.x1 > middle for p in lefts) or len(lefts) > 1 or len(rights) > 1:
            break  # a piece across the channel: a line of the whole page width
        if lefts:
            x_left = max(x_left, lefts[0][-1].box.x1)
        if rights:
            x_right = min(x_right, rights[0][0].box.x0)
        if x_left >= x_right:
            break
        both += bool(lefts and rights)
        end += 1
    if both < _BOTH_FILLED or sum(_label_only(p) for row in rows[start:end] for p in row) >= 2:
        return None  # captions over their values: a form's grid, which reads across
    return end, (x_left + x_right) / 2
