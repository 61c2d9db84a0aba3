"""Checkboxes the pixel search missed, read again once OCR has placed the words.

On faded faxes a box's thin outline breaks into dots that the cleaning removes, so the box is
not found before OCR; Tesseract then reads its remains as a glyph ("&", "*", ":1", ".!") or
nothing at all. Next to the words, the place of such a box is known: a glyph-like word, or a
gap about one letter-height wide, on a line that names options of the vocabularies (housing,
occupation, yes/no). There, the cleaned ink shows
whether the box held a cross (a tick survives where the outline did not).
"""

from __future__ import annotations

import numpy as np

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.text import fold, within_one_edit
from odm_intake.extractors.words import TICKED, UNTICKED, Box, Word, group_lines


def read_box_slots(words: list[Word], ink: np.ndarray) -> list[Word]:
    """``words`` with glyph-like words that are boxes turned into ☒/☐, and ticks found in
    the gaps of option lines added as ☒."""
    out: list[Word] = []
    previous_had_boxes, previous_start = False, 0.0
    for line in group_lines(words):
        letters = [w for w in line.words if w.text.isalpha()]
        if not letters:
            out.extend(line.words)
            previous_had_boxes = False
            continue
        height = float(np.median([w.box.y1 - w.box.y0 for w in letters]))
        # An option list wraps onto a line indented under its values, not onto the next label's line.
        wrapped = previous_had_boxes and line.words[0].box.x0 > previous_start + height
        if not (wrapped or names_an_option(line.words)):
            # Glyphs elsewhere are letters and punctuation ("Escalier B, porte 4", "n°").
            out.extend(line.words)
            previous_had_boxes = False
            continue
        y0, y1 = float(np.median([w.box.y0 for w in letters])), float(np.median([w.box.y1 for w in letters]))
        read: dict[int, Word] = {}
        for i, w in enumerate(line.words):
            state = _box_state(ink, w.box.x0 - 2, y0, w.box.x1 + 2, y1, height) if _is_glyph(w.text) else None
            if state:
                read[i] = Word(state, w.box, 0.5)
        ticks: list[Word] = []
        for i, (left, right) in enumerate(zip(line.words, line.words[1:])):
            if right.box.x0 - left.box.x1 >= 1.2 * height and i not in read and i + 1 not in read:
                x0, x1 = left.box.x1 + 0.15 * height, right.box.x0 - 0.15 * height
                if _box_state(ink, x0, y0, x1, y1, height) == TICKED:
                    ticks.append(Word(TICKED, Box(x0, y0, x1, y1), 0.5))
        # Boxes already read, and box remains glued to words ("occupant(]").
        boxes_seen = sum(w.text in (TICKED, UNTICKED) or any(c in "[](){}" for c in w.text) for w in line.words)
        if len(read) + len(ticks) + boxes_seen < 2 and not wrapped:
            out.extend(line.words)  # one glyph alone is punctuation
            previous_had_boxes = False
            continue
        previous_had_boxes = True
        previous_start = line.words[0].box.x0
        out.extend(read.get(i, w) for i, w in enumerate(line.words))
        out.extend(ticks)
    return out


def names_an_option(words: list[Word]) -> bool:
    """True when a word is (one slip from) a word of the options forms tick ("Maison", "Locataire", "Oui")."""
    options = knowledge.option_words()
    for w in words:
        for token in fold(w.text).split():
            if token in options or (len(token) >= 5 and any(within_one_edit(token, o) for o in options)):
                return True
    return False


# What OCR makes of an empty box's four sides: "LI", "[1", "Il", "O", "D"...
_BOX_LOOKALIKES = set("LIlijJ1|[](){}OoDUC0")


def _is_glyph(text: str) -> bool:
    """Not a word: at most three characters with at most one letter or digit, or two
    characters that look like a box's sides."""
    if text in (TICKED, UNTICKED) or len(text) > 3:
        return False
    return sum(c.isalnum() for c in text) <= 1 or (len(text) == 2 and set(text) <= _BOX_LOOKALIKES)


def _box_state(ink: np.ndarray, x0: float, y0: float, x1: float, y1: float, height: float) -> str | None:
    """☒/☐ when the region holds a box-sized square of ink (crossed or not), else None."""
    pad = 0.25 * height
    top, bottom = max(0, int(y0 - pad)), min(ink.shape[0], int(y1 + pad))
    left, right = max(0, int(x0)), min(ink.shape[1], int(x1))
    region = ink[top:bottom, left:right]
    if region.size == 0 or not region.any():
        return None
    rows, cols = np.flatnonzero(region.any(axis=1)), np.flatnonzero(region.any(axis=0))
    h, w = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
    if not (0.4 * height <= h <= 1.4 * height and 0.4 * height <= w <= 1.4 * height) or abs(h - w) > 0.35 * max(h, w):
        return None
    crop = region[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    # A cross or a fill inks the middle of the box; an empty outline leaves it blank.
    middle = crop[h // 4 : h - h // 4, w // 4 : w - w // 4]
    if not middle.size or middle.mean() < 0.12:
        return UNTICKED
    centre = crop[int(0.4 * h) : int(0.6 * h) + 1, int(0.4 * w) : int(0.6 * w) + 1]
    return TICKED if centre.any() else None  # two bars and no centre: an "=" between a code and its meaning
