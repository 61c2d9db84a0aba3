"""Boxes OCR turned into glyphs, read back from the ink once the words are placed."""

from __future__ import annotations

import numpy as np

from odm_intake.extractors.boxslots import read_box_slots
from odm_intake.extractors.words import Box, Word


def _crossed_box(ink: np.ndarray, x: int, y: int, size: int = 20) -> None:
    ink[y : y + size, x] = ink[y : y + size, x + size - 1] = True
    ink[y, x : x + size] = ink[y + size - 1, x : x + size] = True
    for i in range(size):
        ink[y + i, x + i] = ink[y + i, x + size - 1 - i] = True


def _empty_box(ink: np.ndarray, x: int, y: int, size: int = 20) -> None:
    ink[y : y + size, x] = ink[y : y + size, x + size - 1] = True
    ink[y, x : x + size] = ink[y + size - 1, x : x + size] = True


def test_glyphs_on_an_option_line_become_boxes():
    ink = np.zeros((100, 600), dtype=bool)
    _crossed_box(ink, 120, 40)
    _empty_box(ink, 330, 40)
    words = [
        Word("Maison", Box(20, 40, 110, 62), 0.9), Word("&", Box(118, 40, 142, 62), 0.3),
        Word("Appartement", Box(160, 40, 320, 62), 0.9), Word("LI", Box(328, 40, 352, 62), 0.3),
    ]
    assert [w.text for w in sorted(read_box_slots(words, ink), key=lambda w: w.box.x0)] == ["Maison", "☒", "Appartement", "☐"]


def test_a_tick_whose_box_ocr_dropped_is_found_in_the_gap():
    ink = np.zeros((100, 600), dtype=bool)
    _crossed_box(ink, 125, 40)
    _empty_box(ink, 330, 40)
    words = [Word("Maison", Box(20, 40, 110, 62), 0.9), Word("Appartement", Box(160, 40, 320, 62), 0.9), Word(":°", Box(328, 40, 352, 62), 0.3)]
    texts = [w.text for w in sorted(read_box_slots(words, ink), key=lambda w: w.box.x0)]
    assert texts == ["Maison", "☒", "Appartement", "☐"]


def test_letters_elsewhere_stay_letters():
    ink = np.zeros((100, 600), dtype=bool)
    _crossed_box(ink, 200, 40)  # whatever the ink, "B" and "4" in an address are characters
    _crossed_box(ink, 330, 40)
    words = [Word("Escalier", Box(20, 40, 180, 62), 0.9), Word("B,", Box(198, 40, 222, 62), 0.8),
             Word("porte", Box(240, 40, 320, 62), 0.9), Word("4", Box(328, 40, 352, 62), 0.8)]
    assert [w.text for w in read_box_slots(words, ink)] == ["Escalier", "B,", "porte", "4"]


def test_an_equals_sign_between_a_code_and_its_meaning_is_no_box():
    """"PO = propriétaire occupant, PNO = propriétaire non occupant", the "=" dropped by OCR."""
    ink = np.zeros((100, 700), dtype=bool)
    for x in (58, 378):
        ink[46:50, x : x + 14] = ink[53:56, x : x + 14] = True
    words = [Word("PO", Box(20, 40, 50, 60), 0.9), Word("propriétaire", Box(90, 40, 200, 62), 0.9), Word("occupant,", Box(210, 40, 290, 62), 0.9),
             Word("PNO", Box(320, 40, 370, 60), 0.9), Word("propriétaire", Box(410, 40, 520, 62), 0.9), Word("non", Box(530, 40, 560, 62), 0.9),
             Word("occupant", Box(570, 40, 650, 62), 0.9)]
    assert all(w.text not in ("☒", "☐") for w in read_box_slots(words, ink))
