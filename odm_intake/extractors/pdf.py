"""PDF text layers to positioned words (pdfplumber), and the test of whether a layer is real."""

from __future__ import annotations

import io
import logging
import math
import re
from dataclasses import replace

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from odm_intake.config.settings import Settings
from odm_intake.errors import CorruptDocument, DocumentTooLarge, EncryptedDocument
from odm_intake.extractors.boxslots import names_an_option
from odm_intake.extractors.combs import join_comb_fields
from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.markrows import marks_under_options, options_on_dark, sides_of_lone_ticks, tick_before
from odm_intake.extractors.sideways import sideways_heads
from odm_intake.extractors.strikes import choices_by_strikes, struck_words
from odm_intake.extractors.text import fold
from odm_intake.extractors.words import TICKED, UNTICKED, Box, Page, Word

# pdfminer narrates every oddity of a broken PDF on the root logger; the reason we keep is ours.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

# A usable text layer has words made mostly of letters and digits; a garbage layer (a scanner's
# invisible OCR gone wrong, font encodings without ToUnicode) does not.
_READABLE = re.compile(r"[A-Za-zÀ-ÿ0-9]")


def read_pdf_words(data: bytes, settings: Settings) -> list[Page]:
    """The text layer of every page as words; pages without text come back empty."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(cause).lower():
            raise EncryptedDocument("PDF protégé par un mot de passe") from exc
        raise CorruptDocument(f"PDF illisible ({_short(cause)})") from exc
    except Exception as exc:  # pdfminer raises many types on broken files
        raise CorruptDocument(f"PDF illisible ({_short(exc)})") from exc
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception as exc:
            raise CorruptDocument(f"PDF illisible ({_short(exc)})") from exc
        if count > settings.max_pdf_pages:
            raise DocumentTooLarge(f"PDF de {count} pages (limite {settings.max_pdf_pages})")
        pages: list[Page] = []
        for number, page in enumerate(pdf.pages, 1):
            try:
                raw_words = page.filter(_printed_matter).extract_words(
                    x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, extra_attrs=["fontname"], return_chars=True
                )
            except Exception as exc:
                raise CorruptDocument(f"PDF illisible page {number} ({_short(exc)})") from exc
            words = [
                Word(symbol_box(w["text"], w["fontname"]), Box(w["x0"], w["top"], w["x1"], w["bottom"]), 1.0)
                for w in raw_words
                if w["text"].strip() and w.get("upright", True)  # words set sideways: margin titles, or a table's heads (below)
            ]
            words = marks_under_options(join_comb_fields(_marks_in_boxes(words, checkbox_words(page)))) + _rings(page, words)
            words = options_on_dark(words, _dark_buttons(page, words))
            words = sides_of_lone_ticks(choices_by_strikes(words, struck_words(words, *_pen_strokes(page))))
            words = _straightened(words, raw_words)  # after the strokes and boxes, drawn where the words stand
            heads = sideways_heads(raw_words, page)
            pages.append(Page(number=number, width=float(page.width), height=float(page.height), words=words, heads=heads, pictured=_pictured(page)))
            page.flush_cache()
        return pages


_SLANT = 0.18  # tan 10°


def _straightened(words: list[Word], raw_words: list[dict]) -> list[Word]:
    """The words, those of a block set a little askew (a rubber stamp and what is written in
    its blanks) turned back level about the block's middle, so that a value written on the
    stamp's line stays on its caption's line however far right it stands."""
    askew: dict[float, list[dict]] = {}
    for word in raw_words:
        a, b = word["chars"][0]["matrix"][:2] if word.get("chars") else (1, 0)
        if a > 0 and 0.005 < abs(b) / a <= _SLANT:
            askew.setdefault(round(math.atan2(b, a), 3), []).append(word)
    moves: dict[tuple[str, float, float], tuple[float, float]] = {}
    for angle, group in askew.items():
        cx = sum((w["x0"] + w["x1"]) / 2 for w in group) / len(group)
        cy = sum((w["top"] + w["bottom"]) / 2 for w in group) / len(group)
        cos, sin = math.cos(angle), math.sin(angle)
        for word in group:
            x, y = (word["x0"] + word["x1"]) / 2 - cx, (word["top"] + word["bottom"]) / 2 - cy
            # PDF space turns anticlockwise with y up; pdfplumber's "top" runs down the page.
            moves[(word["text"], round(word["x0"], 1), round(word["top"], 1))] = (x * cos - y * sin - x, x * sin + y * cos - y)
    if not moves:
        return words
    out = []
    for w in words:
        dx, dy = moves.get((w.text, round(w.box.x0, 1), round(w.box.y0, 1)), (0.0, 0.0))
        out.append(Word(w.text, Box(w.box.x0 + dx, w.box.y0 + dy, w.box.x1 + dx, w.box.y1 + dy), w.conf) if dx or dy else w)
    return out


def _printed_matter(obj: dict) -> bool:
    """Everything but a watermark's letters: characters set at a slant ("COPIE" across the sheet)
    or in a pale tint (a background mark, a placeholder) are not what the form says. A rubber
    stamp set a few degrees askew is: its slant is under ten degrees."""
    if obj.get("object_type") != "char":
        return True
    a, b = obj.get("matrix", (1, 0, 0, 1, 0, 0))[:2]
    slanted = abs(a) > 1e-3 and abs(b) > _SLANT * abs(a)
    return not slanted and not _is_pale(obj.get("non_stroking_color"))


def _is_pale(colour) -> bool:
    """A grey, RGB or CMYK fill light enough to be a tint behind the text, not ink. White is not
    pale: it is print reversed on a dark cell, read like black on white."""
    values = colour if isinstance(colour, (tuple, list)) else (colour,)
    try:
        values = [float(v) for v in values if v is not None]
    except (TypeError, ValueError):
        return False
    if not values:
        return False
    if len(values) == 4:  # CMYK: little ink of any kind
        return 0.03 < max(values) < 0.2
    return min(values) > 0.75 and max(values) < 0.97


def symbol_box(text: str, fontname: str) -> str:
    """A box typed in a symbol font ("n" in ZapfDingbats) as the box glyph it shows (■ → ☒)."""
    fonts = knowledge.vocabulary()["checkbox"].get("symbol_fonts", {})
    family = next((name for name in fonts if name.lower() in fontname.lower()), None)
    if family is None or len(text) != 1:
        return text
    if text in fonts[family]["ticked"]:
        return TICKED
    if text in fonts[family]["unticked"]:
        return UNTICKED
    return text


def checkbox_words(page) -> list[Word]:
    """Checkboxes and radio buttons drawn as vector shapes become "☒"/"☐" words, like typed
    glyphs would.

    A square 4-16 points wide is a box; a stroke (line or curve) inside it, or a dark fill,
    means it is ticked. A circle that size is a radio button, chosen when a dark dot (a smaller
    filled shape) sits inside it or it is filled itself.
    """
    boxes: list[Word] = []
    strokes = page.lines + page.curves
    for rect in page.rects:
        w, h = rect["width"], rect["height"]
        if not (4 <= w <= 16 and 4 <= h <= 16 and abs(w - h) <= 2):
            continue
        ticked = _dark_fill(rect) or any(_inside(stroke, rect, slack=1) for stroke in strokes)
        boxes.append(_box_word(rect, ticked))
    circles = [c for c in page.curves if 4 <= c["width"] <= 16 and 4 <= c["height"] <= 16 and abs(c["width"] - c["height"]) <= 1]
    dots = [c for c in page.curves + page.rects if _dark_fill(c)]
    for ring in circles:
        if any(other is not ring and _inside(ring, other) for other in circles):
            continue  # the dot of a larger ring
        chosen = _dark_fill(ring) or any(dot is not ring and _inside(dot, ring) for dot in dots)
        boxes.append(_box_word(ring, chosen))
    return _crossed_over(boxes, _hand_ticks(page.lines, boxes))


def _crossed_over(boxes: list[Word], ticks: list[Word]) -> list[Word]:
    """The boxes and the hand ticks, a tick drawn across a box (a cross wider than the box it
    ticks) ticking that box rather than standing beside it."""
    out, loose = list(boxes), []
    for tick in ticks:
        cx, cy = (tick.box.x0 + tick.box.x1) / 2, (tick.box.y0 + tick.box.y1) / 2
        k = next((k for k, b in enumerate(out) if b.box.x0 <= cx <= b.box.x1 and b.box.y0 <= cy <= b.box.y1), None)
        if k is None:
            loose.append(tick)
        else:
            out[k] = Word(TICKED, out[k].box, out[k].conf)
    return out + loose


def _rings(page, words: list[Word]) -> list[Word]:
    """Options circled by hand ("entourer la réponse"): a ring wider than high drawn around an
    option word is a tick, put as a ticked box before the word."""
    ticks: list[Word] = []
    for ring in page.curves:
        width, height = ring["width"], ring["height"]
        if not (8 <= height <= 40 and 1.5 * height <= width <= 260) or ring.get("fill"):
            continue  # a pen's ring is drawn, not filled: a filled outline is a button or a chip
        inside = [w for w in words if _inside(_shape(w), ring, slack=1)]
        # A capsule round a caption and its value ("Type de bien  Maison", a web page's field) is
        # no ring round an answer; nor is the same outline drawn again.
        if inside and names_an_option(inside) and not knowledge.starts_with_label(" ".join(w.text for w in inside)):
            tick = tick_before(inside, ring["x0"])
            if not any(t.box == tick.box for t in ticks):
                ticks.append(tick)
    return ticks


def _dark_buttons(page, words: list[Word]) -> list[Box]:
    """Dark filled cells wider than high: a segmented choice's chosen part, with its option in
    white (and label cells, which name no option); rounded, a chat's chosen quick reply, unless
    it holds a switch's "OUI" (a toggle is no choice among options)."""
    def switch(shape: dict) -> bool:
        inside = [fold(w.text) for w in words if _inside(_shape(w), shape)]
        return bool(inside) and all(t in ("oui", "non", "yes", "no", "on", "off") for t in inside)

    def buttons(shapes: list[dict]) -> list[dict]:
        return [s for s in shapes if _dark_fill(s) and s["height"] >= 8 and s["width"] >= 1.5 * s["height"]]

    chosen = buttons(page.rects) + [chip for chip in buttons(page.curves) if not switch(chip)]
    return [Box(s["x0"], s["top"], s["x1"], s["bottom"]) for s in chosen]


# A form ticked by hand has a few dozen short strokes; a page with more is something else.
MAX_TICK_STROKES = 2000


def _pen_strokes(page) -> tuple[list[Box], list[tuple[tuple[float, float], tuple[float, float]]]]:
    """Where a pen may strike a word: the boxes of the stroked (not filled) curves, and the
    straight lines by their two ends."""
    boxes: list[Box] = []
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for s in page.lines + page.curves:
        if not s.get("stroke", True) or s.get("fill"):
            continue
        pts = s.get("pts") or ()
        if len(pts) == 2:
            segments.append((tuple(pts[0]), tuple(pts[1])))
        else:
            boxes.append(Box(s["x0"], s["top"], s["x1"], s["bottom"]))
    return boxes, segments


def _hand_ticks(lines: list[dict], boxes: list[Word]) -> list[Word]:
    """Check marks drawn by hand beside an option, with no box: two or more short strokes that
    meet (a V or a cross), outside any box, become a ticked box where they stand."""
    strokes = [s for s in lines if 2 <= max(s["width"], s["height"]) <= 16]
    if len(strokes) > MAX_TICK_STROKES:
        return []  # a drawing or a vectorised scan, not a form ticked by hand: grouping would be quadratic
    strokes = [s for s in strokes if not any(_inside(s, _shape(b), slack=1) for b in boxes)]
    groups: list[list[dict]] = []
    for stroke in strokes:
        touching = [g for g in groups if any(_touch(stroke, other) for other in g)]
        merged = [stroke] + [s for g in touching for s in g]
        groups = [g for g in groups if g not in touching] + [merged]
    ticks: list[Word] = []
    for group in groups:
        x0, x1 = min(s["x0"] for s in group), max(s["x1"] for s in group)
        top, bottom = min(s["top"] for s in group), max(s["bottom"] for s in group)
        if len(group) >= 2 and 4 <= x1 - x0 <= 20 and 4 <= bottom - top <= 20:
            ticks.append(Word(TICKED, Box(x0, top, x1, bottom), 1.0))
    return ticks


def _touch(a: dict, b: dict, slack: float = 1.5) -> bool:
    return a["x0"] - slack <= b["x1"] and b["x0"] - slack <= a["x1"] and a["top"] - slack <= b["bottom"] and b["top"] - slack <= a["bottom"]


def _shape(word: Word) -> dict:
    return {"x0": word.box.x0, "x1": word.box.x1, "top": word.box.y0, "bottom": word.box.y1}


def _marks_in_boxes(words: list[Word], boxes: list[Word]) -> list[Word]:
    """The words with the boxes added; a mark typed inside a box ticks it and is no word."""
    marks: set[int] = set()
    out_boxes: list[Word] = []
    for box in boxes:
        inside = [
            i for i, w in enumerate(words)
            if w.text in knowledge.tick_marks("typed_in_box") and box.box.x0 - 1 <= (w.box.x0 + w.box.x1) / 2 <= box.box.x1 + 1
            and box.box.y0 - 2 <= (w.box.y0 + w.box.y1) / 2 <= box.box.y1 + 2
        ]
        marks.update(inside)
        out_boxes.append(Word(TICKED, box.box, box.conf) if inside else box)
    return [w for i, w in enumerate(words) if i not in marks] + out_boxes


def _box_word(shape: dict, ticked: bool) -> Word:
    return Word(TICKED if ticked else UNTICKED, Box(shape["x0"], shape["top"], shape["x1"], shape["bottom"]), 1.0)


def _inside(inner: dict, outer: dict, slack: float = 0) -> bool:
    """True when pdfplumber object ``inner`` lies within ``outer`` (give or take ``slack`` points)."""
    return (
        outer["x0"] - slack <= inner["x0"] and inner["x1"] <= outer["x1"] + slack
        and outer["top"] - slack <= inner["top"] and inner["bottom"] <= outer["bottom"] + slack
    )


def _dark_fill(shape: dict) -> bool:
    return bool(shape.get("fill")) and _is_dark(shape.get("non_stroking_color"))


def _is_dark(colour) -> bool:
    """A fill colour (grey, RGB or CMYK tuple as pdfplumber gives it) dark enough to be a tick."""
    if colour is None:
        return True  # the default fill colour is black
    values = colour if isinstance(colour, (tuple, list)) else (colour,)
    try:
        values = [float(v) for v in values]
    except (TypeError, ValueError):
        return False
    if len(values) == 4:  # CMYK: ink, not light
        return values[3] > 0.5 or min(values[:3]) > 0.5
    return bool(values) and sum(values) / len(values) < 0.5


def has_text_layer(pages: list[Page]) -> bool:
    words = [w for p in pages for w in p.words]
    if len(words) < 5 or any(_text_in_pictures(p) for p in pages):
        return False
    return _readable(words)


def _readable(words: list[Word]) -> bool:
    """Words mostly made of letters and digits. Leader dots and rules ("Code agent . . . . .
    678245") are no text, read or garbled."""
    words = [w for w in words if not _LEADERS.fullmatch(w.text)] or words
    readable = sum(1 for w in words if _READABLE.search(w.text))
    return bool(words) and readable / len(words) > 0.6


def typed_over_pictures(pages: list[Page]) -> bool:
    """A sound text layer over pictures that carry the rest: a scanned blank form filled in on
    screen (the answers typed, the captions in the scan), screenshots under a typed greeting."""
    return any(_text_in_pictures(p) for p in pages) and _readable([w for p in pages for w in p.words])


def with_typed_words(scan: Page, layer: Page) -> Page:
    """The scan's words, those the text layer types over replaced by the typed ones: the answers
    exact, the captions as OCR read them."""
    if not layer.words or not layer.width or not layer.height:
        return scan
    sx, sy = scan.width / layer.width, scan.height / layer.height
    typed = [Word(w.text, Box(w.box.x0 * sx, w.box.y0 * sy, w.box.x1 * sx, w.box.y1 * sy)) for w in layer.words]

    def covered(word: Word) -> bool:
        area = max(1e-6, (word.box.x1 - word.box.x0) * (word.box.y1 - word.box.y0))
        # A typed cross replaces whatever the scan read of its box ("[IX", a box of its own).
        return any(_overlap(word.box, t.box) > (0 if t.text in (TICKED, UNTICKED) else 0.3 * area) for t in typed)

    return replace(scan, words=[w for w in scan.words if not covered(w)] + typed, _lines=None, _labels=None, _zones=None)


def _overlap(a: Box, b: Box) -> float:
    return max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0)) * max(0.0, min(a.y1, b.y1) - max(a.y0, b.y0))


_LEADERS = re.compile(r"[.…_·\-–]+")
PICTURED = 0.4  # a page this much covered by pictures, with few words of text, says it in pictures
FEW_WORDS = 80


def _text_in_pictures(page: Page) -> bool:
    """Screenshots pasted in a document and exported to PDF: the text layer holds only a
    greeting, the mission is in the pictures, to be read as a scan."""
    return page.pictured >= PICTURED and len(page.words) < FEW_WORDS


def _pictured(page) -> float:
    """The share of the page the pictures cover (overlaps counted twice, capped at 1)."""
    area = float(page.width * page.height) or 1.0
    try:
        covered = sum(max(0.0, float(im["x1"]) - float(im["x0"])) * max(0.0, float(im["bottom"]) - float(im["top"])) for im in page.images)
    except Exception:  # a broken image dictionary: no picture counted
        return 0.0
    return min(1.0, covered / area)


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text[:120]
