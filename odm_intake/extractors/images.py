"""Scanned pages as images, one at a time, within bounds.

Loads TIFF (multi-page, Group 3/4), PNG and JPEG with Pillow, and renders image-only PDF pages
with pypdfium2. Every page is checked against the pixel bound from its header before it is
decoded (decompression bombs), documents against the page bound, and fax pages scanned at
standard resolution (204×98 dpi, pixels twice as tall as wide) are resampled to square pixels.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Iterator

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from odm_intake.config.settings import Settings
from odm_intake.errors import CorruptDocument, DocumentTooLarge, EncryptedDocument
from odm_intake.extractors.words import Box

PDF_RENDER_DPI = 200


@dataclass(slots=True)
class PageImage:
    number: int
    image: Image.Image  # mode "L" (grey) or "1"
    dpi: float  # horizontal resolution after resampling
    source_kind: str  # "tiff", "photo", "pdf"
    panels: tuple[Box, ...] = ()  # pictures set side by side on a PDF page (screenshots), in the image's pixels


def _open(data: bytes, settings: Settings) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = settings.max_image_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise DocumentTooLarge(f"image trop grande ({exc.args[0][:80] if exc.args else 'limite de pixels'})") from exc
    except UnidentifiedImageError as exc:
        raise CorruptDocument("format d'image non reconnu") from exc
    except Exception as exc:
        raise CorruptDocument(f"image illisible ({type(exc).__name__})") from exc


def iter_image_pages(data: bytes, settings: Settings) -> Iterator[PageImage]:
    """Pages of a TIFF/PNG/JPEG, decoded one by one."""
    im = _open(data, settings)
    kind = "tiff" if im.format == "TIFF" else "photo"
    try:
        pages = getattr(im, "n_frames", 1)
    except Exception as exc:
        raise CorruptDocument(f"image illisible ({type(exc).__name__})") from exc
    if pages > settings.max_fax_pages:
        raise DocumentTooLarge(f"{pages} pages (limite {settings.max_fax_pages})")
    try:
        for number, frame in enumerate(ImageSequence.Iterator(im), 1):
            width, height = frame.size
            _check_pixels(number, width, height, settings)
            xdpi, ydpi = _dpi(frame)
            page = frame.copy()
            page.load()
            yield _normalise(page, number, xdpi, ydpi, kind)
    except DocumentTooLarge:
        raise
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise CorruptDocument(f"image tronquée ou corrompue ({type(exc).__name__}: {str(exc)[:60]})") from exc


def _check_pixels(number: int, width: int, height: int, settings: Settings) -> None:
    """Refuse a page from its header's size, before decoding it (decompression bombs)."""
    if width * height > settings.max_image_pixels:
        raise DocumentTooLarge(f"page {number} de {width}×{height} pixels (limite {settings.max_image_pixels:,})".replace(",", " "))


def _dpi(frame: Image.Image) -> tuple[float, float]:
    dpi = frame.info.get("dpi")
    if not dpi:
        return 0.0, 0.0
    try:
        return float(dpi[0]), float(dpi[1])
    except (TypeError, ValueError, IndexError):
        return 0.0, 0.0


def _normalise(page: Image.Image, number: int, xdpi: float, ydpi: float, kind: str) -> PageImage:
    if kind == "photo":
        page = ImageOps.exif_transpose(page)
    if page.mode not in ("1", "L"):
        page = page.convert("L")
    if xdpi and ydpi and ydpi < xdpi * 0.75:
        # Standard fax resolution: each pixel is twice as tall as wide. Tesseract wants square pixels.
        page = page.convert("L").resize((page.width, round(page.height * xdpi / ydpi)), Image.Resampling.LANCZOS)
    return PageImage(number, page, xdpi or 0.0, kind)


def iter_image_pdf_pages(data: bytes, settings: Settings, dpi: int | None = None) -> Iterator[PageImage]:
    """Pages of an image-only PDF as grey images, one by one.

    A page that is one full-page scan (what fax servers and scanners write) yields that scan
    at its own resolution: rendering would resample its pixels and blur thin fax strokes
    (measured in bench/OCR_NOTES.md). Other pages are rendered."""
    import pypdfium2 as pdfium

    dpi = dpi or PDF_RENDER_DPI
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedDocument("PDF protégé par un mot de passe") from exc
        raise CorruptDocument(f"PDF illisible ({str(exc)[:80]})") from exc
    try:
        if len(pdf) > settings.max_fax_pages:
            raise DocumentTooLarge(f"PDF de {len(pdf)} pages (limite {settings.max_fax_pages})")
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                yield _full_page_scan(page, index + 1, settings) or _render(page, index + 1, dpi, settings)
            finally:
                page.close()
    finally:
        pdf.close()


def _full_page_scan(page, number: int, settings: Settings) -> PageImage | None:
    import pypdfium2.raw as pdfium_c

    objects = list(page.get_objects(max_depth=1))
    images = [o for o in objects if o.type == pdfium_c.FPDF_PAGEOBJ_IMAGE]
    if len(images) != 1 or len(objects) != 1:
        return None
    scan = images[0]
    page_width, page_height = page.get_size()
    left, bottom, right, top = scan.get_bounds()
    if (right - left) * (top - bottom) < 0.9 * page_width * page_height:
        return None
    width, height = scan.get_px_size()
    _check_pixels(number, width, height, settings)
    if page.get_rotation() or width < 200 or height < 200:
        return None
    try:
        bitmap = scan.get_bitmap()
    except Exception:  # an image filter pdfium cannot decode alone: rendering still may
        return None
    image = bitmap.to_pil().convert("L")  # a copy: the bitmap is freed with its object
    # Resolution from the image's size on the page (points are 1/72 inch).
    xdpi, ydpi = width * 72 / (right - left), height * 72 / (top - bottom)
    return _normalise(image, number, xdpi, ydpi, "pdf")


PICTURES_MAX_DPI = 300


def _pictures(page) -> list[tuple[tuple[float, float, float, float], float]]:
    """The page's pictures an inch wide or more (no logo, no icon): (bounds in points from the
    bottom left, resolution)."""
    import pypdfium2.raw as pdfium_c

    found = []
    for obj in page.get_objects(max_depth=2):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            left, bottom, right, top = obj.get_bounds()
            if right - left > 72:
                found.append(((left, bottom, right, top), obj.get_px_size()[0] * 72 / (right - left)))
    return found


def _side_by_side(bounds: list[tuple[float, float, float, float]], page_height: float, scale: float) -> tuple[Box, ...]:
    """Pictures two inches tall or more set side by side (screenshots of a phone): each is read
    as a column of its own, as lines across them would mix two screens."""
    tall = sorted((b for b in bounds if b[3] - b[1] > 144), key=lambda b: b[0])
    apart = all(a[2] <= b[0] and min(a[3], b[3]) > max(a[1], b[1]) for a, b in zip(tall, tall[1:]))
    if len(tall) < 2 or not apart:
        return ()
    return tuple(Box(left * scale, (page_height - top) * scale, right * scale, (page_height - bottom) * scale) for left, bottom, right, top in tall)


def _render(page, number: int, dpi: int, settings: Settings) -> PageImage:
    width, height = page.get_size()
    pictures = _pictures(page)
    # Screenshots pasted in a page print their small captions a few points high: legible only
    # at the pictures' own resolution (read at 200 dpi they came out garbled).
    dpi = max(dpi, min(PICTURES_MAX_DPI, max((found for _, found in pictures), default=0)))
    scale = dpi / 72
    if width * scale * height * scale > settings.max_image_pixels:
        raise DocumentTooLarge(f"page {number} trop grande pour être lue")
    bitmap = page.render(scale=scale, grayscale=True)
    image = bitmap.to_pil().convert("L")
    bitmap.close()
    return PageImage(number, image, float(dpi), "pdf", _side_by_side([b for b, _ in pictures], height, scale))
