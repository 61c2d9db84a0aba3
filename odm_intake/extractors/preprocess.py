"""Cleaning a scanned page before OCR, and reading its checkboxes from the pixels.

Each step is here because it measurably helped on degraded faxes (see bench/OCR_NOTES.md):
- binarisation (a fixed grey cut for faxes, a local mean for uneven phone photos);
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
DESKEW_MIN_DEGREES = 0.2
MEDIAN_SIZE = 1


@dataclass(slots=True)
class Cleaned:
    image: Image.Image  # mode "L", black text on white
    boxes: list[Word]  # checkbox words found, in this image's pixel coordinates


def ink_mask(image: Image.Image, photo: bool) -> np.ndarray:
    """True where there is ink."""
    if image.mode == "1":
        return ~np.asarray(image, dtype=bool)
    grey = np.asarray(image.convert("L"), dtype=np.float32)
    if MEDIAN_SIZE > 1:
        grey = ndimage.median_filter(grey, size=MEDIAN_SIZE)
    if photo:
        return _local_threshold(grey)
    # Scanned faxes are mostly white with a spike of black and thin grey strokes: Otsu's
    # optimum lands next to the black spike and loses the strokes. A mid-grey cut keeps them.
    return grey < GREY_THRESHOLD


def _local_threshold(grey: np.ndarray) -> np.ndarray:
    """Ink is darker than its neighbourhood by a margin: handles shadows and gradients of photos."""
    window = max(15, (min(grey.shape) // 25) | 1)
    local_mean = ndimage.uniform_filter(grey, size=window)
    return grey < local_mean - 12


def rules_mask(ink: np.ndarray, min_len: int) -> np.ndarray:
    """Pixels of horizontal and vertical rules: runs of ink at least ``min_len`` long along a
    row or a column, once gaps of a few pixels (scan dropouts) are bridged.

    A 1-D morphological opening (erode then dilate by ``min_len``) keeps exactly the runs that
    long; min/max filters make it linear in the image size whatever the length."""
    as_bytes = ink.view(np.uint8)
    rules = np.zeros_like(ink)
    for axis in (1, 0):
        closed = ndimage.minimum_filter1d(ndimage.maximum_filter1d(as_bytes, 5, axis=axis), 5, axis=axis)
        opened = ndimage.maximum_filter1d(ndimage.minimum_filter1d(closed, min_len, axis=axis), min_len, axis=axis)
        # The rule's full thickness: one pixel more on each side, across it.
        rules |= ndimage.maximum_filter1d(opened, 3, axis=1 - axis).astype(bool)
    return rules & ink


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
        if not _is_square_outline(joined[slc]):
            continue
        if not _stands_apart(ink, slc):
            continue  # a letter drawn like a box ("B", "D"), glued to its neighbours
        inner = joined[slc][h // 4 : h - h // 4, w // 4 : w - w // 4]
        density = inner.mean() if inner.size else 0.0
        if density > 0.10 and not _crossed_or_filled(joined[slc]):
            continue  # ink inside but not a cross: a letter with holes ("B", "8")
        glyph = TICKED if density > 0.10 else UNTICKED
        found.append(Word(glyph, Box(slc[1].start, slc[0].start, slc[1].stop, slc[0].stop), 0.9))
        mask[slc] |= comp
    return found, mask


def _crossed_or_filled(box: np.ndarray) -> bool:
    """A tick: ink at the centre and on both diagonals, as an X or a filled square has."""
    h, w = box.shape
    points = [(0.5, 0.5), (0.33, 0.33), (0.67, 0.67), (0.33, 0.67), (0.67, 0.33)]
    hits = 0
    for fy, fx in points:
        y, x = int(h * fy), int(w * fx)
        hits += bool(box[max(0, y - 1) : y + 2, max(0, x - 1) : x + 2].any())
    return hits >= 4


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
    if min(sides) < 0.7:
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


def skew_angle(ink: np.ndarray) -> float:
    """The page's rotation in degrees: the angle whose row profile is sharpest (text lines and
    rules give tall, narrow peaks when horizontal). Small angles are shears of the ink
    coordinates, so each trial is a histogram of a reduced copy, not an image rotation."""
    ys, xs = np.nonzero(ink[::4, ::4])
    if len(ys) < 100:
        return 0.0
    height = ink.shape[0] // 4 + 1
    offset = int(abs(np.tan(np.radians(3.5))) * ink.shape[1] / 4) + 1

    def sharpness(angle: float) -> float:
        rows = np.round(ys + xs * np.tan(np.radians(angle))).astype(np.int64) + offset
        return float(np.var(np.bincount(rows, minlength=height + 2 * offset)))

    best = max(np.arange(-3.0, 3.01, 0.25), key=sharpness)
    return float(max(np.arange(best - 0.2, best + 0.21, 0.05), key=sharpness))


def deskew(image: Image.Image, ink: np.ndarray, photo: bool) -> tuple[Image.Image, np.ndarray]:
    angle = skew_angle(ink)
    if abs(angle) < DESKEW_MIN_DEGREES:
        return image, ink
    grey = image.convert("L")
    # PIL turns counter-clockwise for a positive angle; the shear measured the other way.
    rotated = grey.rotate(-angle, resample=Image.Resampling.BICUBIC, fillcolor=255, expand=False)
    return rotated, ink_mask(rotated, photo)


def clean_page(image: Image.Image, dpi: float, photo: bool) -> Cleaned:
    scale = (dpi or 200) / 200
    ink = ink_mask(image, photo)
    image, ink = deskew(image, ink, photo)
    ink = despeckle(ink, max_area=max(2, int(3 * scale * scale)))
    boxes, box_pixels = find_checkboxes(ink, scale)
    ink &= ~rules_mask(ink, min_len=int(90 * scale))
    # Boxes are erased: Tesseract reads them as "©", "LI", "[1"... their state is in ``boxes``.
    ink &= ~ndimage.binary_dilation(box_pixels, iterations=1)
    cleaned = Image.fromarray(np.where(ink, 0, 255).astype(np.uint8), mode="L")
    return Cleaned(cleaned, boxes)
