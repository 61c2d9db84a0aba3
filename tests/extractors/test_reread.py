"""Unsure words read a second time from the grey page (extractors/reread.py)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from odm_intake.config.settings import Settings
from odm_intake.extractors.ocr import read_lines
from odm_intake.extractors.reread import _better, reread_unsure_lines
from odm_intake.extractors.words import Box, Word
from tests.fixtures import fax


def _grey_label() -> np.ndarray:
    """A label in small print, rendered as a 200 dpi grey page."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 8)
    c.drawString(60, 780, "Code agent")
    c.save()
    return np.asarray(fax.rasterise(buf.getvalue(), dpi=200))


def _read(image: Image.Image) -> list[list[Word]]:
    return read_lines(image, 1, Settings())


def _words(grey: np.ndarray) -> list[Word]:
    """The label's words as Tesseract places them, marked sure."""
    return [Word(w.text, w.box, 0.95) for line in _read(Image.fromarray(grey)) for w in line]


def test_an_unsure_word_takes_its_surer_second_reading():
    grey = _grey_label()
    code, agent = _words(grey)
    misread = Word("Cous", code.box, 0.30)  # what the majority vote made of it on a fax
    [line] = reread_unsure_lines([[misread, agent]], grey, np.zeros(grey.shape, dtype=bool), 1.0, _read)
    assert [w.text for w in line] == ["Code", "agent"]
    assert line[1] is agent  # a sure word is kept as it was read


def test_sure_lines_are_not_read_again():
    grey = _grey_label()
    lines = [[Word("Cous", Box(160, 150, 200, 165), 0.95)]]
    assert reread_unsure_lines(lines, grey, np.zeros(grey.shape, dtype=bool), 1.0, _read) is lines


def test_rules_and_boxes_stay_out_of_the_second_reading():
    grey = _grey_label()
    code, agent = _words(grey)
    keep_out = np.zeros(grey.shape, dtype=bool)
    keep_out[int(code.box.y0) - 5 : int(code.box.y1) + 5, int(code.box.x0) - 5 : int(code.box.x1) + 5] = True
    misread = Word("Cous", code.box, 0.30)
    [line] = reread_unsure_lines([[misread, agent]], grey, keep_out, 1.0, _read)
    assert line[0] is misread  # nothing left to read there: the first reading stands


def test_a_second_word_spanning_two_first_words_is_not_taken():
    """A sample fax read "AZ 73002238" (both words at confidence 0) a second time as one word
    "4773002238": it overlaps the number well enough, but it also covers "AZ"."""
    first = [Word("AZ", Box(539, 578, 576, 601), 0.0), Word("73002238", Box(584, 577, 736, 601), 0.0)]
    merged = Word("4773002238", Box(539, 578, 736, 601), 0.57)
    assert _better(first[1], first, [merged]) is first[1]
    alone = Word("73002238", Box(585, 577, 735, 601), 0.9)
    assert _better(first[1], first, [merged, alone]) is alone
