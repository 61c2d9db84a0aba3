"""Rendering attachment pages for the draft page, and placing evidence boxes on them."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from odm_intake.config.settings import Settings
from odm_intake.errors import CorruptDocument, DocumentTooLarge
from odm_intake.models.tables import Document
from odm_intake.web.pages import render_page
from odm_intake.web.source import locate, page_views, sanitize_html
from tests.fixtures.mails import text_pdf


def _tiff(pages: int, size=(1700, 2200)) -> bytes:
    frames = [Image.new("1", size, 1) for _ in range(pages)]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:], compression="group4")
    return out.getvalue()


def test_fax_pages_render_scaled_and_bounded():
    settings = Settings(max_image_pixels=10_000_000)
    png = render_page(settings, _tiff(2), "image/tiff", "fax.tif", 2, "fax-1")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width == 1100
    with pytest.raises(DocumentTooLarge):
        render_page(settings, _tiff(2), "image/tiff", "fax.tif", 3, "fax-2")
    with pytest.raises(DocumentTooLarge):
        render_page(Settings(max_image_pixels=1_000_000), _tiff(1), "image/tiff", "fax.tif", 1, "fax-3")
    with pytest.raises(CorruptDocument):
        render_page(settings, b"II*\x00garbage", "image/tiff", "fax.tif", 1, "fax-4")


def test_pdf_page_renders():
    png = render_page(Settings(), text_pdf([(50, 50, "ORDRE DE MISSION")]), "application/pdf", "ODM.pdf", 1, "pdf-1")
    assert Image.open(io.BytesIO(png)).width == 1100
    with pytest.raises(CorruptDocument):
        render_page(Settings(), b"%PDF-1.4 broken", "application/pdf", "ODM.pdf", 1, "pdf-2")


def test_evidence_box_in_percent_of_the_page():
    doc = Document(id=3, message_pk=1, source="attachment:fax.tif", content_type="image/tiff", filename="fax.tif", pages=2, error="OCR")
    where = locate({"source": "attachment:fax.tif#page=2", "text": "B123", "box": [170, 220, 340, 264], "page_size": [1700, 2200]}, [doc])
    assert where.anchor == "doc-3-p2"
    left, top, width, height = map(float, where.box.split(","))
    assert (round(left + 0.4, 1), round(top + 0.4, 1), round(width - 0.8, 1), round(height - 0.8, 1)) == (10.0, 10.0, 10.0, 2.0)
    assert [p.anchor for p in page_views([doc])] == ["doc-3-p1", "doc-3-p2"]  # shown even when OCR failed
    assert locate({"source": "body", "text": "x"}, [doc]).anchor == "body"


def test_sanitiser_keeps_text_and_drops_everything_active():
    clean = sanitize_html('<p onclick="x()">Bonjour <img src="http://e/x"> <a href="javascript:alert(1)">ici</a>'
                          '<a href="https://ok.example/">lien</a><style>p{}</style><script>alert(1)</script></p>')
    assert "Bonjour" in clean and "ici" in clean and 'href="https://ok.example/"' in clean
    for bad in ("onclick", "<img", "javascript:", "<style", "<script", "alert"):
        assert bad not in clean
