"""Turn a parsed mail into :class:`Document` objects: body, HTML body, each attachment.

Dispatches attachments by type to the PDF text reader or to OCR, and turns every
:class:`DocumentError` into a document carrying its reason, so one broken attachment never
stops the rest of the mail from being read.
"""

from __future__ import annotations

from odm_intake.config.settings import Settings
from odm_intake.errors import DocumentError, DocumentTooLarge
from odm_intake.extractors.limits import time_limit
from odm_intake.extractors.mime import Attachment
from odm_intake.extractors.pdf import has_text_layer, read_pdf_words, typed_over_pictures, with_typed_words
from odm_intake.extractors.words import Document

IMAGE_TYPES = {"image/tiff", "image/png", "image/jpeg", "image/jpg", "image/pjpeg", "image/gif", "image/bmp"}
IMAGE_EXTENSIONS = (".tif", ".tiff", ".png", ".jpg", ".jpeg", ".gif", ".bmp")


def is_readable_kind(att: Attachment) -> bool:
    name = att.filename.lower()
    return att.content_type == "application/pdf" or name.endswith(".pdf") or att.content_type in IMAGE_TYPES or name.endswith(IMAGE_EXTENSIONS)


def read_attachment(att: Attachment, settings: Settings) -> Document:
    """Read one attachment; never raises for a bad document, the reason goes in ``error``."""
    source = f"attachment:{att.filename}"
    try:
        if len(att.data) > settings.max_attachment_bytes:
            raise DocumentTooLarge(
                f"pièce jointe de {len(att.data) / 1_048_576:.0f} Mo (limite {settings.max_attachment_bytes / 1_048_576:.0f} Mo)"
            )
        if not att.data:
            raise DocumentTooLarge("pièce jointe vide")
        with time_limit(settings.document_seconds, f"{att.filename}"):
            return _read(att, source, settings)
    except DocumentError as exc:
        return Document(source=source, channel=None, pages=[], filename=att.filename, error=f"{att.filename} : {exc.reason}")
    except MemoryError:
        return Document(source=source, channel=None, pages=[], filename=att.filename, error=f"{att.filename} : mémoire insuffisante")


def _read(att: Attachment, source: str, settings: Settings) -> Document:
    name = att.filename.lower()
    if att.content_type == "application/pdf" or name.endswith(".pdf"):
        pages = read_pdf_words(att.data, settings)
        if has_text_layer(pages):
            return Document(source=source, channel="pdf_text", pages=pages, filename=att.filename)
        from odm_intake.extractors import ocr

        scanned = ocr.read_scanned_pdf(att.data, att.filename, settings)
        if typed_over_pictures(pages) and len(scanned.pages) == len(pages):
            scanned.pages = [with_typed_words(scan, layer) for scan, layer in zip(scanned.pages, pages)]
        return scanned
    from odm_intake.extractors import ocr

    return ocr.read_image(att.data, att.filename, settings)
