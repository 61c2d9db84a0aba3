"""Options chosen by a mark in the row under them.

A table lists the options in a row of cells ("Maison | Appartement | Locataire") and the
agency types an "X" in the row below, under the ones it chooses. Each option cell gets a box
before it, ticked where a mark stands under the cell, and the row of marks is dropped: the
row then reads as any "☒ Maison ☐ Appartement" line of a form.
"""

from __future__ import annotations

from statistics import median

from odm_intake.extractors.boxslots import names_an_option
from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.words import TICKED, UNTICKED, Box, Line, Word, cells, group_lines

CELL_GAP = 1.5  # a gap this many letters wide parts two cells of the options row


def marks_under_options(words: list[Word]) -> list[Word]:
    lines = group_lines(words)
    dropped: set[int] = set()
    added: list[Word] = []
    for index, below in enumerate(lines):
        if not below.words or not all(w.text in knowledge.tick_marks() for w in below.words):
            continue
        # The options row is just above; a word set sideways in a margin may come between.
        above = next((line for line in reversed(lines[max(0, index - 2) : index]) if _is_options_row(line)), None)
        if above is None:
            continue
        height = median(w.box.height for w in above.words)
        if below.words[0].box.y0 - above.words[0].box.y1 > 3 * height:
            continue  # too far below to belong to this row
        row = cells(above, CELL_GAP)
        marked = {_cell_under(row, (m.box.x0 + m.box.x1) / 2) for m in below.words}
        for index, cell in enumerate(row):
            if not names_an_option(cell):
                continue
            first = cell[0]
            size = first.box.height
            box = Box(first.box.x0 - size * 1.4, first.box.y0, first.box.x0 - size * 0.4, first.box.y1)
            added.append(Word(TICKED if index in marked else UNTICKED, box, first.conf))
        dropped.update(id(m) for m in below.words)
    if not added:
        return words
    return [w for w in words if id(w) not in dropped] + added


def _is_options_row(line: Line) -> bool:
    return sum(names_an_option([w]) for w in line.words) >= 2


def _cell_under(cells: list[list[Word]], x: float) -> int:
    """The cell a mark at ``x`` stands under: the one whose centre is nearest."""
    centres = [(cell[0].box.x0 + cell[-1].box.x1) / 2 for cell in cells]
    return min(range(len(cells)), key=lambda i: abs(centres[i] - x))


def options_on_dark(words: list[Word], bands: list[Box]) -> list[Word]:
    """An option set in white on a dark button (a segmented choice whose chosen part is filled):
    the words with a ticked box before each such option, and an empty one before the choice's
    other options on its row."""
    ticks: list[Word] = []
    edges: set[int] = set()
    chosen: list[Box] = []
    for band in bands:
        inside = [w for w in words if _within(w.box, band)]
        lettered = [w for w in inside if any(c.isalnum() for c in w.text)]
        if lettered and names_an_option(lettered):
            edges.update(id(w) for w in inside if w not in lettered)  # the button's edges read as "|"
            ticks.append(tick_before(lettered, band.x0))
            chosen.append(band)
    kept = [w for w in words if id(w) not in edges]
    return kept + ticks + _unchosen_segments(kept, chosen, bands)


def _unchosen_segments(words: list[Word], chosen: list[Box], bands: list[Box]) -> list[Word]:
    """Empty boxes before the options sharing a row with a dark button, when the row has no
    boxes of its own: "Propriétaire occupant | Locataire | ■Propriétaire non occupant■" would
    otherwise read "... Locataire ☒ Propriétaire non occupant", the tick on either side."""
    empty: list[Word] = []
    for line in group_lines(words):
        if any(w.text in (TICKED, UNTICKED) for w in line.words):
            continue
        middle = median((w.box.y0 + w.box.y1) / 2 for w in line.words)
        if not any(band.y0 <= middle <= band.y1 for band in chosen):
            continue
        for cell in cells(line, CELL_GAP):
            if names_an_option(cell) and not any(_within(w.box, band) for w in cell for band in bands):
                first = cell[0].box
                empty.append(Word(UNTICKED, Box(first.x0 - first.height, first.y0, first.x0 - 1, first.y1), 1.0))
    return empty


def _within(box: Box, band: Box) -> bool:
    return band.x0 <= (box.x0 + box.x1) / 2 <= band.x1 and band.y0 <= (box.y0 + box.y1) / 2 <= band.y1


def tick_before(option: list[Word], left: float) -> Word:
    """A ticked box standing before an option's words, from ``left`` (the edge of the mark that
    chose it: a ring, a filled button) to its first word."""
    first = min(option, key=lambda w: w.box.x0)
    return Word(TICKED, Box(left, first.box.y0, max(left + 1, first.box.x0 - 1), first.box.y1), 1.0)

