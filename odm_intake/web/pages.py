"""Pages of attachments rendered as PNG for the draft page (PDF with pypdfium2, images with Pillow).

Rendering is bounded like reading (page count, pixels) and cached in memory by the
attachment's hash and page number, so flipping between fields does not render again.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict

from PIL import Image

from odm_intake.config.settings import Settings
from odm_intake.errors import CorruptDocument, DocumentTooLarge

_RENDER_WIDTH = 1100  # pixels: readable beside the form on a laptop screen
_CACHE_ITEMS = 64
_cache: OrderedDict[tuple[str, int], bytes] = OrderedDict()
_lock = threading.Lock()


def is_renderable(content_type: str, filename: str | None) -> bool:
    name = (filename or "").lower()
    return content_type in ("application/pdf", "image/tiff", "image/png", "image/jpeg") or name.endswith(
        (".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg"))


def render_page(settings: Settings, data: bytes, content_type: str, filename: str | None, page: int, key: str) -> bytes:
    """PNG of page ``page`` (1-based)."""
    with _lock:
        if (key, page) in _cache:
            _cache.move_to_end((key, page))
            return _cache[(key, page)]
    is_pdf = content_type == "application/pdf" or (filename or "").lower().endswith(".pdf") or data[:5] == b"%PDF-"
    png = _render_pdf(settings, data, page) if is_pdf else _render_image(settings, data, page)
    with _lock:
        _cache[(key, page)] = png
        while len(_cache) > _CACHE_ITEMS:
            _cache.popitem(last=False)
    return png


def _render_pdf(settings: Settings, data: bytes, page: int) -> bytes:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise CorruptDocument(f"PDF illisible : {exc}") from exc
    try:
        if not 1 <= page <= min(len(pdf), settings.max_pdf_pages):
            raise DocumentTooLarge("page hors du document")
        pdf_page = pdf[page - 1]
        width = pdf_page.get_width() or 595
        image = pdf_page.render(scale=min(4.0, _RENDER_WIDTH / width)).to_pil()
        return _png(image)
    finally:
        pdf.close()


def _render_image(settings: Settings, data: bytes, page: int) -> bytes:
    Image.MAX_IMAGE_PIXELS = settings.max_image_pixels
    try:
        with Image.open(io.BytesIO(data)) as image:
            if not 1 <= page <= min(getattr(image, "n_frames", 1), settings.max_fax_pages):
                raise DocumentTooLarge("page hors du document")
            image.seek(page - 1)
            frame = image.convert("L") if image.mode in ("1", "L", "P") else image.convert("RGB")
            if frame.width > _RENDER_WIDTH:
                frame = frame.resize((_RENDER_WIDTH, round(frame.height * _RENDER_WIDTH / frame.width)))
            return _png(frame)
    except Image.DecompressionBombError as exc:
        raise DocumentTooLarge("image trop grande") from exc
    except (OSError, EOFError, ValueError) as exc:
        raise CorruptDocument(f"image illisible : {exc}") from exc


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
