"""Options chosen by a mark in the row under them, by a dark button, a ring or an underline
(areas the page cleaning found), or by a lone tick.

A table lists the options in a row of cells ("Maison | Appartement | Locataire") and the
agency types an "X" in the row below, under the ones it chooses. Each option cell gets a box
before it, ticked where a mark stands under the cell, and the row of marks is dropped: the
row then reads as any "☒ Maison ☐ Appartement" line of a form.
"""

from __future__ import annotations

import re
from statistics import median

from odm_intake.extractors.boxslots import names_an_option
from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.text import fold
from odm_intake.extractors.words import TICKED, UNTICKED, Box, Line, Word, cells, group_lines

CELL_GAP = 1.5  # a gap this many letters wide parts two cells of the options row
NEARER = 0.5  # a lone tick belongs to the word it is this much nearer to than the other


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
            # The button's edges read as "|" or ":" (a typed currency sign is the option's: "1 500 €").
            edges.update(id(w) for w in inside if w not in lettered and not (w.conf >= 1.0 and re.search(r"[€$%]", w.text)))
            ticks.append(tick_before(lettered, band.x0))
            chosen.append(band)
    kept = [w for w in words if id(w) not in edges]
    return kept + ticks + _unchosen_segments(kept, chosen, bands)


def underlined_options(words: list[Word], rules: list[Box]) -> list[Box]:
    """The options a short rule underlines (the chosen one, set apart by an underline while the
    others are greyed): the area of each, to be ticked as a dark button's option is."""
    chosen: list[Box] = []
    for rule in rules:
        if rule.y1 - rule.y0 > rule.x1 - rule.x0:
            continue  # upright
        slack = 0.1 * (rule.x1 - rule.x0)  # a scan's word box overhangs its underline a little, either way
        over = [
            w for w in words
            if rule.x0 - slack <= w.box.x0 and w.box.x1 <= rule.x1 + slack and -0.3 * w.box.height <= rule.y0 - w.box.y1 <= 0.6 * w.box.height
        ]
        if not over or sum(w.box.x1 - w.box.x0 for w in over) < 0.7 * (rule.x1 - rule.x0) or not names_an_option(over):
            continue  # a table's rule, or a line under a caption
        # Widened to the left, so that the tick set before the option stands clear of it.
        left = min(rule.x0, *(w.box.x0 for w in over)) - over[0].box.height / 2
        chosen.append(Box(left, min(w.box.y0 for w in over), rule.x1, rule.y1))
    return chosen


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
            if _names_a_choice(cell) and not any(_within(w.box, band) for w in cell for band in bands):
                empty.append(_empty_box_beside(cell[0], before=True))
    return empty


def _within(box: Box, band: Box) -> bool:
    return band.x0 <= (box.x0 + box.x1) / 2 <= band.x1 and band.y0 <= (box.y0 + box.y1) / 2 <= band.y1


def tick_before(option: list[Word], left: float) -> Word:
    """A ticked box standing before an option's words, from ``left`` (the edge of the mark that
    chose it: a ring, a filled button) to its first word."""
    first = min(option, key=lambda w: w.box.x0)
    return Word(TICKED, Box(left, first.box.y0, max(left + 1, first.box.x0 - 1), first.box.y1), 1.0)


def sides_of_lone_ticks(words: list[Word]) -> list[Word]:
    """A tick alone among options without boxes ("Dégâts des eaux ☒ Bris de glace Vol des
    clés", a form ticked by hand) chooses the option it stands nearest to. The other options
    of its line get an empty box on the same side, which tells the text which one it is."""
    added: list[Word] = []
    for line in group_lines(words):
        marks = [i for i, w in enumerate(line.words) if w.text in (TICKED, UNTICKED)]
        if len(marks) != 1 or line.words[marks[0]].text != TICKED or marks[0] in (0, len(line.words) - 1):
            continue
        before, mark, after = line.words[marks[0] - 1 : marks[0] + 2]
        gap_before, gap_after = mark.box.x0 - before.box.x1, after.box.x0 - mark.box.x1
        if gap_after < NEARER * gap_before:
            chosen, precedes = after, True
        elif gap_before < NEARER * gap_after:
            chosen, precedes = before, False
        else:
            continue
        for cell in cells(Line([w for w in line.words if w is not mark]), CELL_GAP):
            if chosen in cell or not _names_a_choice(cell):
                continue
            added.append(_empty_box_beside(cell[0] if precedes else cell[-1], before=precedes))
    return words + added


def _empty_box_beside(word: Word, before: bool) -> Word:
    """An empty box, one letter high and wide, just before or just after ``word``."""
    box, size = word.box, word.box.height
    x0 = box.x0 - size if before else box.x1 + 1
    return Word(UNTICKED, Box(x0, box.y0, x0 + size - 1, box.y1), 1.0)


def _names_a_choice(cell: list[Word]) -> bool:
    """Whether a cell names an option (housing, occupation, yes or no, a peril), not the label
    before the options ("Qualité de l'occupant")."""
    text = fold(" ".join(w.text for w in cell))
    if knowledge.is_label_run(text):
        return False
    return names_an_option(cell) or bool(knowledge.vocab("peril").distinct(text))
