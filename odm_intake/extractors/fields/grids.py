"""Two fields crossed in one grid, a single cross between them.

"Logement sinistré et qualité de l'assuré(e) – une seule croix": the occupations head the
columns, the homes head the rows, and one X in a cell answers both. The row's head is one
field's option, the column's head (maybe wrapped over two lines: "Propriétaire non" over
"occupant") another's.
"""

from __future__ import annotations

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.text import fold
from odm_intake.extractors.words import Line, Word

_CROSSED_FIELDS = ("housing", "occupation")
_HEAD_LINES = 2  # lines of column heads above the first row: a head may wrap once
_WORD_GAP = 1.5  # letters between two words of one head


def crossed_cells(lines: list[Line]) -> list[tuple[str, Word]]:
    """(field, value) pairs a grid's single cross answers: its row's head, its column's head."""
    for li, line in enumerate(lines):
        crosses = [w for w in line.words if w.text in knowledge.tick_marks()]
        if len(crosses) != 1:
            continue
        cross = crosses[0]
        row_head = [w for w in line.words if w.box.x1 <= cross.box.x0]
        # The row's head alone in its cell, the cross in a cell of its own further right (not
        # "Type de bien : Maison ☒", an option ticked where it is written).
        if not row_head or len(row_head) > 3 or any(":" in w.text for w in row_head) or cross.box.x0 - row_head[-1].box.x1 < 3 * cross.box.height:
            continue
        row_key = _field_named(row_head)
        if row_key is None:
            continue
        columns = _column_heads(lines, li, row_key, row_head[-1].box.x1)
        centre = (cross.box.x0 + cross.box.x1) / 2
        column = next((c for c in columns if c[0].box.x0 - cross.box.height <= centre <= max(w.box.x1 for w in c) + cross.box.height), None)
        if column is None:
            continue
        column_key = _field_named(column)
        if column_key is None or column_key == row_key or not _offers(columns, column_key):
            continue
        text = " ".join(w.text for w in sorted(column, key=lambda w: (w.box.y0, w.box.x0)))
        row_text = " ".join(w.text for w in row_head)
        return [(row_key, Word(row_text, row_head[0].box.union(row_head[-1].box), min(w.conf for w in row_head))),
                (column_key, Word(text, cross.box, min(w.conf for w in column + [cross])))]
    return []


def _field_named(words: list[Word]) -> str | None:
    """The one crossed field whose option the words name, all of them."""
    folded = fold(" ".join(w.text for w in words))
    named = [key for key in _CROSSED_FIELDS if knowledge.vocab(key).distinct(folded)]
    return named[0] if len(named) == 1 and folded else None


def _column_heads(lines: list[Line], li: int, row_key: str, left: float) -> list[list[Word]]:
    """The column heads over the row at ``li``: the words right of the rows' heads on the
    _HEAD_LINES lines above (rows of the same field skipped), grouped by the columns they
    overlap, up to the last column that names an option (a box beside the grid is no head)."""
    runs: list[list[Word]] = []  # a head's words on one line ("Propriétaire non")
    k, taken = li - 1, 0
    while k >= 0 and taken < _HEAD_LINES:
        if _field_named([w for w in lines[k].words if w.box.x1 <= left]) == row_key:
            k -= 1
            continue  # another row of the grid
        above = [run for run in lines[k].segments(_WORD_GAP) if run[0].box.x0 >= left]
        if not above:
            break
        runs += above
        taken += 1
        k -= 1
    columns: list[list[Word]] = []
    for run in sorted(runs, key=lambda r: r[0].box.x0):
        x0, x1 = run[0].box.x0, run[-1].box.x1
        column = next((c for c in columns if x0 <= max(w.box.x1 for w in c) and min(w.box.x0 for w in c) <= x1), None)
        if column is None:
            columns.append(list(run))
        else:
            column.extend(run)
    last = max((i for i, c in enumerate(columns) if _field_named(c)), default=-1)
    return columns[: last + 1]


def _offers(columns: list[list[Word]], key: str) -> bool:
    """The heads name two options or more of the field: a grid of its options, not a table."""
    return sum(_field_named(c) == key for c in columns) >= 2
