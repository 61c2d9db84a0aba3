"""Cleaning a scanned page before OCR, and reading its checkboxes from the pixels.

Each step is here because it measurably helped on degraded faxes (see bench/OCR_NOTES.md):
- binarisation: a 3×3 majority vote for faxes (drops line noise, closes broken strokes), a
  local mean for uneven phone photos;
- deskew, by turning the grey page (bicubic) and binarising it again;
- removal of form rules: long horizontal and vertical runs of ink (table borders) that make
  Tesseract merge cells and misread the characters touching them;
- white print on dark cells (label cells, a chosen option's button) reversed to dark on white:
  Tesseract reads nothing in a solid block;
- checkboxes found as small hollow squares with four inked corners, read as ticked when
  their inside holds ink, turned into "☒"/"☐" words and erased before OCR;
- no separate despeckling: the majority vote already removes the specks (measured: same
  fields, less time).
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from PIL import Image
from scipy import ndimage

from odm_intake.extractors.words import TICKED, UNTICKED, Box, Word
# The mean grey of a 3×3 window with 4 of its 9 pixels black is 141.7, with 3 it is 170.
MAJORITY_GREY = 170
DESKEW_MIN_DEGREES = 0.2
BOX_SQUARENESS = 0.18  # a box is square; a "0" or an "O" is taller than wide (w/h ≈ 0.75)
BAND_MIN_HEIGHT = 25  # pixels at 200 dpi: a cell around a line of print (a bold word is a clump, lower)
BAND_MAX_WIDTH = 0.5  # share of the page's width: label cells and option buttons, not title bars
RING_INSIDE = 0.78  # the print a ring circles lies within this share of its half-axes
DARK_BAND = 0.85  # share of ink in a filled band with white print (bold words: about 0.8)
BADGE_RATIO = (1.2, 1.5)  # width over height of a zone's number badge (a filled box is square)
BADGE_MAX_HEIGHT = 45  # pixels at 200 dpi
DESKEW_RESAMPLING = Image.Resampling.BICUBIC  # bilinear: 13 fields fewer on the sample faxes


@dataclass(slots=True)
class Cleaned:
    image: Image.Image  # mode "1", black text on white
    boxes: list[Word]  # checkbox words found, in this image's pixel coordinates
    rules: list[Box]  # table rules (thin boxes), same coordinates
    ink: np.ndarray  # the ink once rules are erased, boxes kept: for reading boxes OCR missed
    grey: np.ndarray  # the deskewed grey page, bands reversed, for reading unsure lines again (reread.py)
    keep_out: np.ndarray  # rules and boxes, slightly grown: pixels never handed to OCR
    bands: list[Box]  # dark cells whose white print was reversed (label cells, chosen options)
    rings: list[Box]  # areas circled by hand (the answers chosen), their rings erased
    badges: list[Box] = field(default_factory=list)  # small dark blocks a little wider than high (a zone's number)


def ink_mask(image: Image.Image, photo: bool) -> np.ndarray:
    """True where there is ink."""
    if photo:
        return _local_threshold(np.asarray(image.convert("L"), dtype=np.float32))
    if image.mode == "1":
        grey = np.asarray(image, dtype=np.uint8) * np.uint8(255)
    else:
        grey = np.asarray(image.convert("L"))
    # Faxes are black and white with line noise: isolated dots in the background, strokes
    # broken into dots. A 3×3 majority vote (ink where at least 4 of the 9 pixels are dark)
    # drops the dots and closes the breaks. It beat plain thresholds, Gaussian and larger
    # windows on the sample faxes, and the cleaner page also OCRs faster (bench/OCR_NOTES.md).
    return _sum3x3(grey) < MAJORITY_GREY * 9


def _sum3x3(grey: np.ndarray) -> np.ndarray:
    """Sum over each pixel's 3×3 window (edges repeated), as shifted adds: several times
    faster than a generic filter on a page."""
    padded = np.pad(grey.astype(np.uint16), 1, mode="edge")
    rows = padded[:-2] + padded[1:-1] + padded[2:]
    return rows[:, :-2] + rows[:, 1:-1] + rows[:, 2:]


def _dilate3x3(mask: np.ndarray) -> np.ndarray:
    padded = np.pad(mask, 1)
    rows = padded[:-2] | padded[1:-1] | padded[2:]
    return rows[:, :-2] | rows[:, 1:-1] | rows[:, 2:]


def _local_threshold(grey: np.ndarray) -> np.ndarray:
    """Ink is darker than its neighbourhood by a margin: handles shadows and gradients of photos."""
    window = max(15, (min(grey.shape) // 25) | 1)
    local_mean = ndimage.uniform_filter(grey, size=window)
    return grey < local_mean - 12


RULE_REDUCTION = 4  # rules are looked for on a copy reduced this much along their length
RULE_BLOCK_INK = 0.75  # a reduced block is part of a rule when this share of its pixels is ink
RULE_MAX_THICKNESS = 10  # px at 200 dpi: thicker runs are text lines, unless solid (a title bar)


def reverse_dark_bands(ink: np.ndarray, scale: float) -> tuple[np.ndarray, list[Box], list[Box]]:
    """White print on dark cells (a label cell, a chosen option's button) as dark print on
    paper: Tesseract reads nothing in a solid black block. A band is a solid area wider than
    high (filled checkboxes are square and stay as they are) and narrower than half the page
    (a title bar across it carries no field, and reading it shifts the lines around it)."""
    size = max(3, int(9 * scale)) | 1
    solid = ndimage.uniform_filter(ink.astype(np.float32), size=size) > 0.6
    labels, count = ndimage.label(solid)
    if not count:
        return ink, [], []
    out = ink.copy()
    bands: list[Box] = []
    badges: list[Box] = []  # a zone's number, white on a 4:3 block: left as it is, found for ocr.py
    for slc in ndimage.find_objects(labels):
        # The band's own rows and columns (the window's mean spreads it a little beyond them).
        rows = np.flatnonzero(ink[slc].mean(axis=1) >= 0.5)
        cols = np.flatnonzero(ink[slc].mean(axis=0) >= 0.5)
        if not len(rows) or not len(cols):
            continue
        y0, y1 = slc[0].start + rows[0], slc[0].start + rows[-1] + 1
        x0, x1 = slc[1].start + cols[0], slc[1].start + cols[-1] + 1
        height, width = y1 - y0, x1 - x0
        if BADGE_RATIO[0] * height <= width < BADGE_RATIO[1] * height and BAND_MIN_HEIGHT * scale <= height <= BADGE_MAX_HEIGHT * scale:
            if ink[y0:y1, x0:x1].mean() >= DARK_BAND:
                badges.append(Box(int(x0), int(y0), int(x1), int(y1)))
            continue
        if height < BAND_MIN_HEIGHT * scale or width < 1.5 * height or width < 40 * scale or width > BAND_MAX_WIDTH * ink.shape[1]:
            continue  # a filled box, or a title bar across the page (section titles carry no field)
        if ink[y0:y1, x0:x1].mean() < DARK_BAND:
            continue  # bold print or a grey shading, not a filled band
        out[y0:y1, x0:x1] = ~ink[y0:y1, x0:x1]
        # Its ragged edges (a fax's uneven border rows) and the stubs of the rules that met it,
        # reversed, would read as dashes by the next line: the rim is cleared (print keeps clear of it).
        # The window's mean can also fall short of a fax's ragged first row: the rim reaches
        # beyond the band by its own width.
        rim = max(2, int(4 * scale))
        top, bottom = max(0, min(slc[0].start, y0 - rim)), max(slc[0].stop, y1 + rim)
        left, right = max(0, min(slc[1].start, x0 - rim)), max(slc[1].stop, x1 + rim)
        out[top : y0 + rim, left:right] = False
        out[y1 - rim : bottom, left:right] = False
        out[top:bottom, left : x0 + rim] = False
        out[top:bottom, x1 - rim : right] = False
        bands.append(Box(int(x0), int(y0), int(x1), int(y1)))
    return out, bands, badges


def find_rules(ink: np.ndarray, min_len: int) -> tuple[np.ndarray, list[Box]]:
    """Horizontal and vertical rules: runs of ink at least ``min_len`` long along a row or a
    column. Returns the mask of their pixels (to erase) and their segments (the table's grid,
    kept for field extraction).

    A 1-D morphological opening (erode then dilate by ``min_len``) keeps exactly the runs that
    long; min/max filters make it linear in the image size whatever the length. It runs on a
    copy reduced along the rule's length, where a block counts as ink when most of its pixels
    are, so the gaps between letters break runs (bridging gaps made lines of small text into
    "rules"); a dropout splits a rule into two segments, both erased. A band of such runs
    thicker than a rule is a line of bold text and is left alone, unless it is solid ink."""
    k = RULE_REDUCTION
    scale = min_len / 90
    mask = np.zeros_like(ink)
    segments: list[Box] = []
    for axis in (1, 0):
        along = ink if axis == 1 else ink.T
        n = along.shape[1] // k * k
        blocks = along[:, :n].reshape(along.shape[0], n // k, k).sum(axis=2, dtype=np.uint8)
        reduced = (blocks >= RULE_BLOCK_INK * k).view(np.uint8)
        length = max(3, min_len // k)
        opened = ndimage.maximum_filter1d(ndimage.minimum_filter1d(reduced, length, axis=1), length, axis=1).astype(bool)
        for b in _segments(opened, length):
            x0, y0, x1, y1 = int(b.x0 * k), int(b.y0), int(b.x1 * k), int(b.y1)
            if y1 - y0 > RULE_MAX_THICKNESS * scale and along[y0:y1, x0:x1].mean() < 0.6:
                continue
            # The rule's full thickness: one pixel more on each side, across it.
            target = mask[max(0, y0 - 1) : y1 + 1, x0:x1] if axis == 1 else mask[x0:x1, max(0, y0 - 1) : y1 + 1]
            target[...] = True
            segments.append(Box(x0, y0, x1, y1) if axis == 1 else Box(y0, x0, y1, x1))
    return mask & ink, segments


def _segments(opened: np.ndarray, min_len: int) -> list[Box]:
    """The horizontal runs of ``opened`` as boxes, one per band of adjacent rows."""
    rows = np.flatnonzero(opened.sum(axis=1) >= min_len)
    found: list[Box] = []
    if rows.size == 0:
        return found
    for band in np.split(rows, np.flatnonzero(np.diff(rows) > 2) + 1):
        covered = opened[band[0] : band[-1] + 1].any(axis=0)
        edges = np.flatnonzero(np.diff(np.concatenate(([0], covered.view(np.int8), [0]))))
        for start, stop in zip(edges[::2], edges[1::2]):
            if stop - start >= min_len:
                found.append(Box(float(start), float(band[0]), float(stop), float(band[-1] + 1)))
    return found


def find_posts(ink: np.ndarray, rule_pixels: np.ndarray, scale: float) -> np.ndarray:
    """Short upright strokes standing between two rules: the walls of a comb field's boxes
    ("one character a box") and of small table cells, too short to be rules themselves. OCR
    reads them as "|", "l", "1" among the characters; no letter touches a rule at both ends."""
    labels, _ = ndimage.label(ink)
    posts = np.zeros_like(ink)
    for index, found in enumerate(ndimage.find_objects(labels), 1):
        if found is None:
            continue
        rows, cols = found
        height, width = rows.stop - rows.start, cols.stop - cols.start
        if height < 10 * scale or width > max(3, height / 5):
            continue
        above = rule_pixels[max(0, rows.start - 3) : rows.start, cols]
        below = rule_pixels[rows.stop : rows.stop + 3, cols]
        if above.any() and below.any():
            posts[found] |= labels[found] == index
    return posts


def find_hairlines(ink: np.ndarray, scale: float) -> np.ndarray:
    """The pixels of strokes one pixel thin and a few long: what a fax leaves of a thin frame
    line (dashes along a cell's edge). No print is that thin once the page is cleaned; OCR
    glues such a dash to the value under it ("8" with the dash above it read as a tall word)."""
    labels, _ = ndimage.label(ink)
    mask = np.zeros_like(ink)
    thin, long = max(1, int(scale)), 4 * scale
    for index, found in enumerate(ndimage.find_objects(labels), 1):
        if found is None:
            continue
        height, width = found[0].stop - found[0].start, found[1].stop - found[1].start
        if min(height, width) <= thin and max(height, width) >= long:
            mask[found] |= labels[found] == index
    return mask


LEADER_MIN_DOTS = 6  # "Label ...... value": a row of at least this many dots, evenly spaced


def find_leaders(ink: np.ndarray, scale: float) -> np.ndarray:
    """The pixels of dotted leaders: rows of small dots on one baseline, evenly spaced.

    OCR reads them as letters ("ss...", "nn.", "msn") glued to the values they lead to."""
    labels, count = ndimage.label(ink, structure=np.ones((3, 3), dtype=bool))
    mask = np.zeros_like(ink)
    if count == 0:
        return mask
    small = 5 * scale
    dots = sorted(
        ((slc[0].start + slc[0].stop) / 2, (slc[1].start + slc[1].stop) / 2, index)
        for index, slc in enumerate(ndimage.find_objects(labels), 1)
        if slc is not None and slc[0].stop - slc[0].start <= small and slc[1].stop - slc[1].start <= small
    )
    rows: list[list[tuple[float, float, int]]] = []
    for dot in dots:  # by height: a row holds the dots within 2 px of its first one
        if rows and dot[0] - rows[-1][0][0] <= 2 * scale:
            rows[-1].append(dot)
        else:
            rows.append([dot])
    found: list[int] = []
    for row in rows:
        row.sort(key=lambda d: d[1])
        chain = [row[0]]
        for dot in row[1:] + [(0.0, math.inf, 0)]:
            gap = dot[1] - chain[-1][1]
            if 2 * scale <= gap <= 15 * scale and (len(chain) < 2 or abs(gap - (chain[1][1] - chain[0][1])) <= 2 * scale):
                chain.append(dot)
                continue
            if len(chain) >= LEADER_MIN_DOTS:
                # With the dots a fax merged or shifted at its ends, up to three spacings away.
                reach = 3 * (chain[-1][1] - chain[0][1]) / (len(chain) - 1)
                found.extend(d[2] for d in row if chain[0][1] - reach <= d[1] <= chain[-1][1] + reach)
            chain = [dot]
    if found:
        mask = np.isin(labels, found)
    return mask


def find_checkboxes(ink: np.ndarray, scale: float) -> tuple[list[Word], np.ndarray]:
    """Small hollow squares: (box words, mask of their pixels).

    Scanned box outlines are thin and break into dots; a one-pixel dilation joins them
    before the squares are looked for."""
    joined = _dilate3x3(ink)
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
        if not (lo <= w <= hi and lo <= h <= hi) or abs(w - h) > BOX_SQUARENESS * max(w, h):
            continue
        comp = labels[slc] == index
        if not _is_square_outline(joined[slc]) or not _closed_sides(ink[slc]):
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


def find_rings(ink: np.ndarray, scale: float) -> tuple[np.ndarray, list[Box]]:
    """Rings drawn around an answer ("Entourer la réponse"): (mask of their pixels, the area
    each encloses). A ring is a closed loop wider than high around a line of print, its inside
    left to the words it circles. OCR reads a ring's ends as letters glued to the answer
    ("Cocatairs >" for "Locataire"); erased, the answer reads clean and the ring is its tick."""
    joined = _dilate3x3(ink)
    labels, _ = ndimage.label(joined, structure=np.ones((3, 3), dtype=bool))
    mask = np.zeros_like(ink)
    rings: list[Box] = []
    lo, hi = 20 * scale, 100 * scale
    for index, slc in enumerate(ndimage.find_objects(labels), 1):
        if slc is None:
            continue
        h, w = slc[0].stop - slc[0].start, slc[1].stop - slc[1].start
        if not (lo <= h <= hi and 1.5 * h <= w <= 0.6 * ink.shape[1]):
            continue
        comp = labels[slc] == index
        if comp.mean() > 0.25 or not _is_loop(comp) or not _is_oval(comp, ink[slc] & ~comp):
            continue
        # The loop's pixels only, out near the ellipse it draws: the print the dilation glued
        # to it inside stays.
        y, x = np.ogrid[:h, :w]
        inside = ((x - w / 2) / (w / 2)) ** 2 + ((y - h / 2) / (h / 2)) ** 2 < RING_INSIDE**2
        mask[slc] |= comp & ~inside & ink[slc]
        rings.append(Box(slc[1].start, slc[0].start, slc[1].stop, slc[0].stop))
    return mask, rings


def _is_loop(comp: np.ndarray) -> bool:
    """A closed loop around an empty middle: ink at both ends of its middle rows and along the
    top and bottom of its middle columns, little inside."""
    h, w = comp.shape
    rows, cols = slice(int(0.35 * h), int(0.65 * h) + 1), slice(int(0.3 * w), int(0.7 * w) + 1)
    ends = comp[rows, : int(0.2 * w)].any(axis=1).mean() >= 0.8 and comp[rows, int(0.8 * w) :].any(axis=1).mean() >= 0.8
    sides = comp[: int(0.25 * h), cols].any(axis=0).mean() >= 0.8 and comp[int(0.75 * h) :, cols].any(axis=0).mean() >= 0.8
    middle = comp[int(0.3 * h) : int(0.7 * h) + 1, int(0.2 * w) : int(0.8 * w) + 1]
    return ends and sides and middle.mean() < 0.05


def _is_oval(loop: np.ndarray, inside: np.ndarray) -> bool:
    """A ring drawn round an answer, not a value's frame with rounded corners: its corners are
    empty, and the print it circles is less than half its height (a frame fits its value)."""
    h, w = loop.shape
    ch, cw = max(1, int(0.12 * h)), max(1, int(0.12 * w))
    if loop[:ch, :cw].any() or loop[:ch, -cw:].any() or loop[-ch:, :cw].any() or loop[-ch:, -cw:].any():
        return False
    rows = np.flatnonzero(inside[:, int(0.2 * w) : int(0.8 * w) + 1].any(axis=1))
    return not len(rows) or rows[-1] - rows[0] + 1 <= 0.55 * h


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


def _closed_sides(raw: np.ndarray) -> bool:
    """Each side of a box, before the dilation, is one stroke with a few dots missing at most; a
    bold "n" that the dilation filled stays open between its legs."""
    rows, cols = np.flatnonzero(raw.any(axis=1)), np.flatnonzero(raw.any(axis=0))
    if not len(rows):
        return False
    raw = raw[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    h, w = raw.shape
    band = max(1, min(h, w) // 5)
    sides = [raw[:band, :].any(axis=0), raw[-band:, :].any(axis=0), raw[:, :band].any(axis=1), raw[:, -band:].any(axis=1)]
    return all(_longest_gap(side) <= 0.2 * len(side) for side in sides)


def _longest_gap(side: np.ndarray) -> int:
    longest = run = 0
    for inked in side:
        run = 0 if inked else run + 1
        longest = max(longest, run)
    return longest


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
    # The grey page is turned and its ink found again: turning the ink mask instead breaks
    # thin strokes (measured: 12 fields lost on the sample faxes).
    # PIL turns counter-clockwise for a positive angle; the shear measured the other way.
    turned = turn(image.convert("L"), -angle)
    return turned, ink_mask(turned, photo)


def turn(grey: Image.Image, angle: float, tiles: int = 2) -> Image.Image:
    """``grey.rotate(angle)`` about the centre (bicubic, white corners), computed as horizontal
    bands in threads: Pillow lets go of the GIL while it resamples, so a page turns in about
    half the time on two cores, pixel for pixel the same."""
    width, height = grey.size
    a = -math.radians(angle)
    cos, sin = math.cos(a), math.sin(a)
    # Output pixel → input pixel, as Image.rotate builds it.
    cx, cy = width / 2.0, height / 2.0
    c, f = cos * -cx + sin * -cy + cx, -sin * -cx + cos * -cy + cy
    bands = [(height * i // tiles, height * (i + 1) // tiles) for i in range(tiles)]

    def band(rows: tuple[int, int]) -> Image.Image:
        top, bottom = rows
        matrix = (cos, sin, c + sin * top, -sin, cos, f + cos * top)
        return grey.transform((width, bottom - top), Image.Transform.AFFINE, matrix, DESKEW_RESAMPLING, fillcolor=255)

    out = Image.new("L", grey.size)
    with ThreadPoolExecutor(max_workers=tiles) as pool:
        for (top, _), piece in zip(bands, pool.map(band, bands)):
            out.paste(piece, (0, top))
    return out


def clean_page(image: Image.Image, dpi: float, photo: bool) -> Cleaned:
    scale = (dpi or 200) / 200
    image, ink = deskew(image, ink_mask(image, photo), photo)
    ink, bands, badges = reverse_dark_bands(ink, scale)
    boxes, box_pixels = find_checkboxes(ink, scale)
    ring_pixels, rings = find_rings(ink & ~box_pixels, scale)
    ink &= ~ring_pixels
    rule_pixels, rules = find_rules(ink, min_len=int(90 * scale))
    ink &= ~(rule_pixels | find_leaders(ink, scale) | find_hairlines(ink, scale))
    ink &= ~find_posts(ink, rule_pixels, scale)
    unruled = ink.copy()
    # Boxes are erased: Tesseract reads them as "©", "LI", "[1"... their state is in ``boxes``.
    for box in boxes:
        around = (slice(max(0, int(box.box.y0) - 1), int(box.box.y1) + 1), slice(max(0, int(box.box.x0) - 1), int(box.box.x1) + 1))
        ink[around] &= ~_dilate3x3(box_pixels[around])
    # A 1-bit image: Tesseract reads it as is, and it is written for it several times faster.
    cleaned = Image.fromarray(~ink)
    keep_out = _dilate3x3((unruled & ~ink) | rule_pixels)
    return Cleaned(cleaned, boxes, rules, unruled, _reversed_in(np.asarray(image.convert("L")), bands), keep_out, bands, rings, badges)


def _reversed_in(grey: np.ndarray, bands: list[Box]) -> np.ndarray:
    """The grey page with its dark bands reversed too: a line read again from it reads the
    band's print as the cleaned page shows it, not as white on black."""
    if not bands:
        return grey
    grey = grey.copy()
    for band in bands:
        region = grey[int(band.y0) : int(band.y1), int(band.x0) : int(band.x1)]
        region[...] = 255 - region
    return grey
