"""Cleaning a scanned page before OCR, and reading its checkboxes from the pixels.

Each step is here because it measurably helped on degraded faxes (see bench/OCR_NOTES.md):
- binarisation (global Otsu, or local mean for uneven phone photos);
- removal of form rules: long horizontal and vertical runs of ink (table borders) that make
  Tesseract merge cells and misread the characters touching them;
- checkboxes found as small hollow squares with four inked corners, read as ticked when
  their inside holds ink, turned into "☒"/"☐" words and erased before OCR;
- despeckling: specks of a few pixels (fax line noise) removed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image
from scipy import ndimage

from odm_intake.extractors.words import Box, Word

TICKED, UNTICKED = "\u2612", "\u2610"
GREY_THRESHOLD = 140


@dataclass(slots=True)
class Cleaned:
    image: Image.Image  # mode "L", black text on white
    boxes: list[Word]  # checkbox words found, in this image's pixel coordinates


def ink_mask(image: Image.Image, photo: bool) -> np.ndarray:
    """True where there is ink."""
    if image.mode == "1":
        return ~np.asarray(image, dtype=bool)
    grey = np.asarray(image.convert("L"), dtype=np.float32)
    if photo:
        return _local_threshold(grey)
    # Scanned faxes are mostly white with a spike of black and thin grey strokes: Otsu's
    # optimum lands next to the black spike and loses the strokes. A mid-grey cut keeps them.
    return grey < GREY_THRESHOLD


def _otsu(grey: np.ndarray) -> float:
    hist, _ = np.histogram(grey, bins=256, range=(0, 256))
    total = grey.size
    levels = np.arange(256)
    weight_bg = np.cumsum(hist)
    weight_fg = total - weight_bg
    mean_cum = np.cumsum(hist * levels)
    mean_total = mean_cum[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean_total * weight_bg - mean_cum * total) ** 2 / (weight_bg * weight_fg)
    between = np.nan_to_num(between)
    # A nearly black-and-white page has a flat optimum: take the middle of the plateau.
    plateau = np.flatnonzero(between >= between.max() * (1 - 1e-9))
    return float(plateau.mean())


def _local_threshold(grey: np.ndarray) -> np.ndarray:
    """Ink is darker than its neighbourhood by a margin: handles shadows and gradients of photos."""
    window = max(15, (min(grey.shape) // 25) | 1)
    local_mean = ndimage.uniform_filter(grey, size=window)
    return grey < local_mean - 12


def rules_mask(ink: np.ndarray, min_len: int) -> np.ndarray:
    """Pixels of horizontal and vertical rules: ink that stays dense over ``min_len`` pixels
    along a row or a column. Tolerates the gaps and one-pixel steps of a scanned line."""
    rules = np.zeros_like(ink)
    as_float = ink.astype(np.float32)
    for axis in (1, 0):
        density = ndimage.uniform_filter1d(as_float, size=min_len, axis=axis, mode="constant")
        core = density >= 0.8
        # Widen the cores to the whole run, and to the line's full thickness.
        run = ndimage.maximum_filter1d(core, size=min_len, axis=axis)
        thick = ndimage.maximum_filter1d(run, size=3, axis=1 - axis)
        rules |= thick & ink if axis == 1 else thick & ink
    return rules


def find_checkboxes(ink: np.ndarray, scale: float) -> tuple[list[Word], np.ndarray]:
    """Small hollow squares: (box words, mask of their pixels).

    Scanned box outlines are thin and break into dots; a one-pixel dilation joins them
    before the squares are looked for."""
    joined = ndimage.binary_dilation(ink, structure=np.ones((3, 3), dtype=bool))
    labels, count = ndimage.label(joined, structure=np.ones((3, 3), dtype=bool))
    if count == 0:
        return [], np.zeros_like(ink)
    found: list[Word] = []
    mask = np.zeros_like(ink)
    lo, hi = 9 * scale, 45 * scale
    for index, slc in enumerate(ndimage.find_objects(labels), 1):
        if slc is None:
            continue
        h = slc[0].stop - slc[0].start
        w = slc[1].stop - slc[1].start
        if not (lo <= w <= hi and lo <= h <= hi) or abs(w - h) > 0.25 * max(w, h):
            continue
        comp = labels[slc] == index
        if not _is_square_outline(comp):
            continue
        if not _stands_apart(ink, slc):
            continue  # a letter drawn like a box ("B", "D"), glued to its neighbours
        inner = joined[slc][h // 4 : h - h // 4, w // 4 : w - w // 4]
        density = inner.mean() if inner.size else 0.0
        glyph = TICKED if density > 0.10 else UNTICKED
        found.append(Word(glyph, Box(slc[1].start, slc[0].start, slc[1].stop, slc[0].stop), 0.9))
        mask[slc] |= comp
    return found, mask


def _stands_apart(ink: np.ndarray, slc: tuple[slice, slice]) -> bool:
    """A box is set off by spaces; a letter touches its word's next letters."""
    rows, cols = slc
    w = cols.stop - cols.start
    margin = max(3, int(w * 0.3))
    left = ink[rows, max(0, cols.start - margin) : max(0, cols.start - 1)]
    right = ink[rows, cols.stop + 1 : cols.stop + margin]
    return not left.any() and not right.any()


def _is_square_outline(comp: np.ndarray) -> bool:
    h, w = comp.shape
    band = max(1, min(h, w) // 6)
    sides = [comp[:band, :].any(axis=0).mean(), comp[-band:, :].any(axis=0).mean(), comp[:, :band].any(axis=1).mean(), comp[:, -band:].any(axis=1).mean()]
    if min(sides) < 0.8:
        return False
    corner = max(2, min(h, w) // 5)
    corners = [comp[:corner, :corner], comp[:corner, -corner:], comp[-corner:, :corner], comp[-corner:, -corner:]]
    return all(c.any() for c in corners)


def despeckle(ink: np.ndarray, max_area: int) -> np.ndarray:
    labels, count = ndimage.label(ink, structure=np.ones((3, 3), dtype=bool))
    if count == 0:
        return ink
    areas = np.bincount(labels.ravel())
    small = areas <= max_area
    small[0] = False
    return ink & ~small[labels]


def clean_page(image: Image.Image, dpi: float, photo: bool) -> Cleaned:
    scale = (dpi or 200) / 200
    ink = ink_mask(image, photo)
    ink = despeckle(ink, max_area=max(2, int(3 * scale * scale)))
    boxes, box_pixels = find_checkboxes(ink, scale)
    ink &= ~rules_mask(ink, min_len=int(90 * scale))
    # Boxes are erased: Tesseract reads them as "©", "LI", "[1"... their state is in ``boxes``.
    ink &= ~ndimage.binary_dilation(box_pixels, iterations=1)
    cleaned = Image.fromarray(np.where(ink, 0, 255).astype(np.uint8), mode="L")
    return Cleaned(cleaned, boxes)
