"""A second reading of the lines Tesseract was unsure of.

The 3×3 majority vote that clears fax noise also thickens small print until its letters
touch ("Cous agent" for "Code agent"). Each line holding an unsure word is binarised again
from the grey page with a light blur and a fixed cut, which keeps small letters apart; the
lines are stacked into one strip and read in a single Tesseract call, and an unsure word takes
its second reading when Tesseract is surer of the same word there (bench/OCR_NOTES.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from PIL import Image
from scipy import ndimage

from odm_intake.errors import DocumentError
from odm_intake.extractors.words import Box, Word

REREAD_BELOW = 0.80  # a line is read again when one of its words is below this confidence
BLUR_SIGMA = 0.7  # px at 200 dpi
BLUR_CUT = 150
MARGIN = 6  # px kept around a line's words
GAP = 20  # px of white between stacked lines
BETTER_BY = 0.15  # a word's second reading must be this much surer
SAME_WORD = 0.6  # boxes overlapping this much (intersection over union) hold the same word


@dataclass(slots=True)
class _Slot:
    top: int  # in the strip
    bottom: int
    box: Box  # the crop, in page coordinates


def reread_unsure_lines(
    lines: list[list[Word]], grey: np.ndarray, keep_out: np.ndarray, scale: float, read: Callable[[Image.Image], list[list[Word]]]
) -> list[list[Word]]:
    """``lines`` as Tesseract grouped them; ``grey`` the deskewed page; ``keep_out`` the pixels
    of rules and boxes, never given back to OCR; ``read`` the OCR of an image, as lines of words.
    Returns the lines, some of their words read again."""
    unsure = [i for i, line in enumerate(lines) if line and min(w.conf for w in line) < REREAD_BELOW]
    if not unsure:
        return lines
    height, width = grey.shape
    crops, slots, top = [], [], GAP
    for i in unsure:
        x0 = max(0, int(min(w.box.x0 for w in lines[i])) - MARGIN)
        y0 = max(0, int(min(w.box.y0 for w in lines[i])) - MARGIN)
        x1 = min(width, int(max(w.box.x1 for w in lines[i])) + MARGIN)
        y1 = min(height, int(max(w.box.y1 for w in lines[i])) + MARGIN)
        blurred = ndimage.gaussian_filter(grey[y0:y1, x0:x1].astype(np.float32), BLUR_SIGMA * scale)
        crops.append((blurred < BLUR_CUT) & ~keep_out[y0:y1, x0:x1])
        slots.append(_Slot(top, top + (y1 - y0), Box(x0, y0, x1, y1)))
        top += (y1 - y0) + GAP
    strip = np.zeros((top, max(c.shape[1] for c in crops) + 2 * GAP), dtype=bool)
    for crop, slot in zip(crops, slots):
        strip[slot.top : slot.bottom, GAP : GAP + crop.shape[1]] = crop
    try:
        read_again = [w for line in read(Image.fromarray(~strip)) for w in line]
    except DocumentError:
        return lines  # the first reading stands
    second: list[list[Word]] = [[] for _ in slots]
    for word in read_again:
        centre = (word.box.y0 + word.box.y1) / 2
        k = next((k for k, s in enumerate(slots) if s.top - GAP / 2 <= centre < s.bottom + GAP / 2), None)
        if k is None:
            continue
        dx, dy = slots[k].box.x0 - GAP, slots[k].box.y0 - slots[k].top
        second[k].append(Word(word.text, Box(word.box.x0 + dx, word.box.y0 + dy, word.box.x1 + dx, word.box.y1 + dy), word.conf))
    out = list(lines)
    for k, i in enumerate(unsure):
        out[i] = [_better(w, lines[i], second[k]) if w.conf < REREAD_BELOW else w for w in lines[i]]
    return out


def _better(word: Word, line: list[Word], second: list[Word]) -> Word:
    """The second reading of the same word, where Tesseract is surer of it. A second word that
    also covers a neighbour is two words read as one ("AZ 73002238" as "4773002238"): not taken."""
    for other in second:
        if other.conf >= word.conf + BETTER_BY and _overlap(word.box, other.box) >= SAME_WORD:
            if not any(_covers(other.box, n.box) for n in line if n is not word):
                return other
    return word


def _covers(a: Box, b: Box) -> bool:
    """``a`` spans a fair part of ``b``'s width."""
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0.3 * (b.x1 - b.x0)


def _overlap(a: Box, b: Box) -> float:
    """Intersection over union."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    return inter / ((a.x1 - a.x0) * (a.y1 - a.y0) + (b.x1 - b.x0) * (b.y1 - b.y0) - inter)
