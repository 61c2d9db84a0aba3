"""OCR of scanned documents (placeholder until the OCR stage lands: scans are recorded unreadable)."""

from odm_intake.config.settings import Settings
from odm_intake.errors import DocumentError
from odm_intake.extractors.words import Document


def read_image(data: bytes, filename: str, settings: Settings) -> Document:
    raise DocumentError("document scanné : OCR non disponible")


def read_scanned_pdf(data: bytes, filename: str, settings: Settings) -> Document:
    raise DocumentError("PDF scanné : OCR non disponible")
