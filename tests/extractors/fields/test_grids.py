"""Two fields crossed in one grid, a single cross between them."""

from __future__ import annotations

from odm_intake.extractors.fields.grids import crossed_cells
from odm_intake.extractors.words import Box, Word, group_lines


def _line(y: float, *cells: tuple[float, str]) -> list[Word]:
    words = []
    for x, text in cells:
        for part in text.split():
            words.append(Word(part, Box(x, y, x + 6 * len(part), y + 8), 1.0))
            x += 6 * len(part) + 4
    return words


def test_one_cross_answers_its_rows_field_and_its_columns():
    words = (
        _line(100, (130, "Propriétaire"), (215, "Locataire"), (285, "Propriétaire non"), (420, "Vitre du séjour fendue."))
        + _line(109, (134, "occupant"), (298, "occupant"))
        + _line(122, (31, "Maison"))
        + _line(135, (31, "Appartement"), (306, "X"))
    )
    got = {key: word.text for key, word in crossed_cells(group_lines(words))}
    assert got == {"housing": "Appartement", "occupation": "Propriétaire non occupant"}


def test_a_cross_in_a_table_of_one_field_answers_nothing():
    words = _line(100, (130, "Plomberie"), (215, "Vitrerie")) + _line(122, (31, "Maison"), (140, "X"))
    assert crossed_cells(group_lines(words)) == []
