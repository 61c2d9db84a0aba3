"""OCR of scanned documents with Tesseract (``fra``), into the one word model.

``read_image`` takes faxes (TIFF) and photos (JPEG/PNG), ``read_scanned_pdf`` image-only PDFs.
Pages are decoded, cleaned and OCRed one at a time, in a small thread pool: Tesseract runs as
a child process, so threads are enough to keep several cores busy, and a thread pool nests
safely inside the mail-level process pool (each of its processes uses one thread).
Tesseract's own OpenMP threads are limited to one: they fight the pool otherwise.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator

import pytesseract
from PIL import Image

from odm_intake.config.settings import Settings
from odm_intake.errors import DocumentError, DocumentTooLarge
from odm_intake.extractors.boxslots import read_box_slots
from odm_intake.extractors.combs import join_comb_fields
from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.fields.legend import numbered_badges
from odm_intake.extractors.images import PageImage, iter_image_pdf_pages, iter_image_pages
from odm_intake.extractors.markrows import marks_under_options, options_on_dark, sides_of_lone_ticks, underlined_options
from odm_intake.extractors.strikes import choices_by_strikes, struck_in_image
from odm_intake.extractors.preprocess import clean_page
from odm_intake.extractors.reread import reread_unsure_lines
from odm_intake.extractors.sideways import MIN_HEADS, SCRAP_CONFIDENCE, head_text, rotated_back, scanned_columns, sideways_bands
from odm_intake.extractors.structured import label_for_key
from odm_intake.extractors.words import Box, Document, Page, Word, group_lines

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

TESSERACT_CONFIG = "--oem 1 --psm 6"
SPARSE_CONFIG = "--oem 1 --psm 11"  # words scattered over the image, not a block of lines (heads turned upright)
ILLEGIBLE = 0.3  # a line whose words OCR is this unsure of, on average, was not read
# A fax machine's transmission line at the top of the page: "02/11/2026 17:16 DE: AGENCE ... FAX 01 .. P.01/01".
FAX_HEADER = re.compile(r"(\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\s+\d{1,2}[:h]\d{2})|\bP\.?\s?\d{1,3}\s?/\s?\d{1,3}\b|\bDE\s?:|\bFAX\b|\bPage\s\d+", re.I)


def read_image(data: bytes, filename: str, settings: Settings) -> Document:
    pages = iter_image_pages(data, settings)
    first = next(pages, None)
    if first is None:
        raise DocumentError("image sans page")
    channel = "fax_tiff" if first.source_kind == "tiff" else "photo"
    return Document(f"attachment:{filename}", channel, _ocr_pages(_chain(first, pages), settings), filename=filename)


def read_scanned_pdf(data: bytes, filename: str, settings: Settings) -> Document:
    return Document(f"attachment:{filename}", "fax_pdf", _ocr_pages(iter_image_pdf_pages(data, settings), settings), filename=filename)


def _chain(first: PageImage, rest: Iterator[PageImage]) -> Iterator[PageImage]:
    yield first
    yield from rest


def _ocr_pages(pages: Iterator[PageImage], settings: Settings) -> list[Page]:
    threads = max(1, settings.ocr_threads)
    if threads == 1:
        return [ocr_page(p, settings) for p in pages]
    results: list[Page] = []
    with ThreadPoolExecutor(max_workers=threads) as pool:
        # At most ``threads`` pages decoded at once: memory stays at a few pages.
        pending = []
        for page in pages:
            pending.append(pool.submit(ocr_page, page, settings))
            if len(pending) >= threads:
                results.append(pending.pop(0).result())
        results.extend(f.result() for f in pending)
    return results


UPSCALE_BELOW_DPI = 0  # measured: see bench/OCR_NOTES.md


def ocr_page(page: PageImage, settings: Settings) -> Page:
    if page.dpi and page.dpi < UPSCALE_BELOW_DPI:
        factor = UPSCALE_BELOW_DPI / page.dpi
        image = page.image.convert("L").resize((round(page.image.width * factor), round(page.image.height * factor)), Image.Resampling.LANCZOS)
        page = PageImage(page.number, image, UPSCALE_BELOW_DPI, page.source_kind)
    photo = page.source_kind == "photo"
    cleaned = clean_page(page.image, page.dpi, photo=photo)
    read = read_lines(cleaned.image, page.number, settings)
    if not photo:  # a photo's light is uneven: one fixed cut does not fit it
        scale = (page.dpi or 200) / 200
        read = reread_unsure_lines(read, cleaned.grey, cleaned.keep_out, scale, lambda strip: read_lines(strip, page.number, settings))
    words = [w for line in read for w in line]
    words = choices_by_strikes(words, struck_in_image(words, cleaned.ink))
    words = read_box_slots(words + cleaned.boxes, cleaned.ink)
    words = options_on_dark(words, cleaned.bands + cleaned.rings + underlined_options(words, cleaned.rules))
    words = sides_of_lone_ticks(marks_under_options(join_comb_fields(split_glued_pairs(drop_frame_edges(words)))))
    words = numbered_badges(drop_fax_header(words, cleaned.image.height), cleaned.badges)
    sideways, words = _read_sideways(cleaned.image, words, page.number, settings)
    out = Page(number=page.number, width=float(cleaned.image.width), height=float(cleaned.image.height), words=words, rules=cleaned.rules, panels=list(page.panels))
    out.heads = [column for band, heads in sideways for column in scanned_columns(heads, band, out.lines())]
    return out


def _read_sideways(image: Image.Image, words: list[Word], number: int, settings: Settings) -> tuple[list[tuple[Box, list[list[Word]]]], list[Word]]:
    """The heads of each band of sideways text (a table's column heads turned a quarter), read
    on the band turned back upright, and the page's words without the scraps OCR made of them."""
    found: list[tuple[Box, list[list[Word]]]] = []
    for band in sideways_bands(words, image.width):
        band = Box(int(band.x0), int(max(0, band.y0)), int(band.x1), int(min(image.height, band.y1)))
        upright = image.crop((band.x0, band.y0, band.x1, band.y1)).rotate(-90, expand=True)
        heads = [rotated_back(line, band) for line in read_lines(upright, number, settings, SPARSE_CONFIG)]
        # A head OCR is unsure of counts when it names a key ("{:NOM_ASSURE"); unsure scraps do not.
        heads = [
            h for h in heads
            if sum(c.isalnum() for w in h for c in w.text) >= 3 and (sum(w.conf for w in h) / len(h) >= 0.5 or label_for_key(head_text(h)))
        ]
        if len(heads) < MIN_HEADS:
            continue
        found.append((band, heads))
        words = [w for w in words if not (w.conf < SCRAP_CONFIDENCE and band.y0 <= w.box.y0 and w.box.y1 <= band.y1)]
    return found, words


def read_lines(image: Image.Image, number: int, settings: Settings, config: str = TESSERACT_CONFIG) -> list[list[Word]]:
    """Tesseract's words on ``image``, grouped in the lines it found, in the image's pixels."""
    try:
        data = pytesseract.image_to_data(image, lang="fra", config=config, timeout=settings.ocr_page_seconds, output_type=pytesseract.Output.DICT)
    except RuntimeError as exc:  # pytesseract's timeout
        raise DocumentTooLarge(f"page {number} : OCR interrompu après {settings.ocr_page_seconds} s") from exc
    except pytesseract.TesseractError as exc:
        raise DocumentError(f"page {number} : échec de l'OCR ({str(exc)[:80]})") from exc
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for text, left, top, width, height, conf, *line in zip(
        data["text"], data["left"], data["top"], data["width"], data["height"], data["conf"], data["block_num"], data["par_num"], data["line_num"]
    ):
        if text.strip() and float(conf) >= 0:
            word = Word(text.strip(), Box(left, top, left + width, top + height), max(0.0, min(1.0, float(conf) / 100)))
            lines.setdefault(tuple(line), []).append(word)
    return list(lines.values())


def drop_fax_header(words: list[Word], page_height: float) -> list[Word]:
    """Remove the fax transmission line from the top of the page: its date, sender number and
    page count belong to the fax machine, never to the mission. Read past recognition ("DEN
    ANQPEA LE AGNEE M LUE"), its scraps would pass for a name."""
    band = page_height * 0.06
    top_lines = [line for line in group_lines([w for w in words if w.box.y1 <= band])]
    header_words = set()
    for line in top_lines:
        if len(FAX_HEADER.findall(line.text)) >= 2 or sum(w.conf for w in line.words) / len(line.words) < ILLEGIBLE:
            header_words.update(id(w) for w in line.words)
    return [w for w in words if id(w) not in header_words]


_GLUED_PAIR = re.compile(r"^([^\W\d_][\w'’.-]{1,20}):(\S+)$")


def split_glued_pairs(words: list[Word]) -> list[Word]:
    """A label and its value read as one word, the space after the colon lost ("Nom:BRUN"):
    split in two, "Nom:" and "BRUN", each with its share of the box."""
    out: list[Word] = []
    for word in words:
        m = _GLUED_PAIR.match(word.text)
        if m is None or not knowledge.is_label_run(m.group(1)):
            out.append(word)
            continue
        box, cut = word.box, (len(m.group(1)) + 1) / len(word.text)
        middle = box.x0 + (box.x1 - box.x0) * cut
        out += [Word(m.group(1) + ":", Box(box.x0, box.y0, middle, box.y1), word.conf), Word(m.group(2), Box(middle, box.y0, box.x1, box.y1), word.conf)]
    return out


_OPENERS, _CLOSERS = "([{", ")]}"


def drop_frame_edges(words: list[Word]) -> list[Word]:
    """Words with the edges of the frames drawn around values read as column rules: a rounded
    or square box around "DENIS" reads "(DENIS ]" or "( DENIS }"; its edges become "|" words
    of their own, which separate a value from the next label as a table's rule does."""
    out: list[Word] = []
    for index, word in enumerate(words):
        text, box = word.text, word.box
        if text and all(c in _OPENERS + _CLOSERS + "|" for c in text):
            # "[ X ]" or "iX ]" is a checkbox, not a frame: its brackets hold a mark.
            near = [w.text for w in words[max(0, index - 1) : index + 2] if w is not word]
            out.append(word if any(len(t) == 1 or _is_mark(t) for t in near) else Word("|", box, word.conf))
            continue
        step = (box.x1 - box.x0) / max(len(text), 1)  # about one letter of the box an edge
        before = after = None
        if len(text) > 1 and text[0] in _OPENERS and not any(c in _CLOSERS for c in text[1:]) and not _is_mark(text[1:]):
            before = Word("|", Box(box.x0, box.y0, box.x0 + step, box.y1), word.conf)
            text, box = text[1:], Box(box.x0 + step, box.y0, box.x1, box.y1)
        if len(text) > 1 and text[-1] in _CLOSERS and not any(c in _OPENERS for c in text[:-1]) and not _is_mark(text[:-1]):
            after = Word("|", Box(box.x1 - step, box.y0, box.x1, box.y1), word.conf)
            text, box = text[:-1], Box(box.x0, box.y0, box.x1 - step, box.y1)
        out.extend(w for w in (before, Word(text, box, word.conf) if text != word.text else word, after) if w)
    return out


def _is_mark(text: str) -> bool:
    """A tick as a scan reads it in its box: "X", "iX", "✓"."""
    return len(text) <= 2 and any(c in "xX✓✔" for c in text)

