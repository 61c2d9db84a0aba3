"""OCR of generated faxes and photos (tests/fixtures/fax.py), and the bounds on bad scans."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image

from odm_intake.config.settings import Settings
from odm_intake.errors import CorruptDocument, DocumentTooLarge
from odm_intake.extractors.fields.evidence import Mission
from odm_intake.extractors.fields.form import find_labels
from odm_intake.extractors.fields.interpret import apply_hits
from odm_intake.extractors.fields.prose import extract_prose
from odm_intake.extractors.mailtext import SenderIdentity
from odm_intake.extractors.ocr import drop_fax_header, read_image, read_scanned_pdf
from odm_intake.extractors.words import Box, Word
from tests.fixtures import demo, fax
from tests.fixtures.odm_render import render_odm_pdf

VALUES = dict(
    agency=demo.AGENCY, civility="Mme", last_name="GARNIER", first_name="Sylvie", street="14 rue des Écoles", complement="",
    postal_code="21000", city="Dijon", phone="06 33 44 55 66", phone2="", email="", claim="B4455012", policy="MRH 55 10 22",
    agent_code="551203", date="12/10/2026", nature="Dégâts des eaux", housing="Maison", occupation="Locataire",
    cause_repaired="Oui", trade="Plomberie", limit="", description="Fuite sous l'évier.",
)


@pytest.fixture(scope="module")
def page() -> Image.Image:
    return fax.rasterise(render_odm_pdf(VALUES, "table"), dpi=204)


def _fields(doc) -> dict:
    """What the mail pipeline reads from an attachment: the form's labels, then free text."""
    mission = Mission()
    for p in doc.pages:
        apply_hits(find_labels(p), lambda _p: doc.source, mission)
    extract_prose(doc.text, doc.source, SenderIdentity(), mission, scanned=True)
    return {k: v.value for k, v in mission.values.items()}


@pytest.mark.parametrize("standard", [False, True], ids=["fine", "standard"])
def test_degraded_fax_tiff(page, standard):
    tiff = fax.fax_tiff([fax.degrade_fax(page, seed=3)], standard=standard)
    doc = read_image(tiff, "fax.tif", Settings(ocr_threads=1))
    assert doc.channel == "fax_tiff" and len(doc.pages) == 1
    fields = _fields(doc)
    assert fields["claim_number"] == "B4455012"
    assert fields["postal_code"] == "21000" and fields["occupation"] == "locataire"
    words = doc.pages[0].words
    assert all(0 <= w.conf <= 1 for w in words) and all(w.box.x1 > w.box.x0 for w in words)
    assert not any("P.01/01" in w.text for w in words)  # the fax header line is dropped


def test_scanned_pdf_and_photo(page):
    doc = read_scanned_pdf(fax.scanned_pdf([fax.degrade_fax(page, seed=5, header=None)]), "scan.pdf", Settings(ocr_threads=1))
    assert doc.channel == "fax_pdf" and _fields(doc)["claim_number"] == "B4455012"
    doc = read_image(fax.phone_photo(page, seed=2), "photo.jpg", Settings(ocr_threads=1))
    assert doc.channel == "photo" and "B4455012" in doc.text


def test_fax_header_words_are_dropped():
    words = [Word(t, Box(10 + 60 * i, 5, 60 + 60 * i, 15)) for i, t in enumerate("02/11/2026 17:16 DE: AGENCE FAX 01 62 87 79 01 P.01/01".split())]
    words.append(Word("ORDRE", Box(10, 300, 80, 315)))
    assert [w.text for w in drop_fax_header(words, 2000)] == ["ORDRE"]


def test_a_fax_header_read_past_recognition_is_dropped_and_passes_for_no_name():
    scraps = [("DEN", 0.0), ("ANQPEA", 0.0), ("LE", 0.0), ("AGNEE", 0.0), ("M", 0.67), ("LUE", 0.61), ("NSTEARO", 0.0)]
    words = [Word(t, Box(10 + 60 * i, 0, 60 + 60 * i, 28), conf) for i, (t, conf) in enumerate(scraps)]
    words.append(Word("ALLIANZ", Box(10, 132, 120, 147), 0.91))
    assert [w.text for w in drop_fax_header(words, 2386)] == ["ALLIANZ"]


def _png(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    Image.new("1", (width, height), 1).save(buf, format="PNG")
    return buf.getvalue()


def test_bounds_on_bad_scans():
    settings = Settings(max_image_pixels=60_000_000, max_fax_pages=50)
    start = time.monotonic()
    with pytest.raises(DocumentTooLarge):
        read_image(_png(10_000, 10_000), "huge.png", settings)  # 100 megapixels
    # A TIFF whose header claims 60000×60000 pixels: refused from the header, before decoding.
    small = io.BytesIO()
    Image.new("1", (64, 64), 1).save(small, format="TIFF", compression="group4")
    claimed = small.getvalue().replace((64).to_bytes(2, "little") + b"\x00\x00", (60000).to_bytes(2, "little") + b"\x00\x00", 2)
    with pytest.raises((DocumentTooLarge, CorruptDocument)):
        read_image(claimed, "claims.tif", settings)
    page = io.BytesIO()
    Image.new("1", (1700, 2200), 1).save(page, format="TIFF", compression="group4")
    with pytest.raises(CorruptDocument):
        read_image(page.getvalue()[: len(page.getvalue()) // 2], "truncated.tif", settings)
    frames = [Image.new("1", (200, 200), 1) for _ in range(200)]
    batch = io.BytesIO()
    frames[0].save(batch, format="TIFF", compression="group4", save_all=True, append_images=frames[1:])
    with pytest.raises(DocumentTooLarge):
        read_image(batch.getvalue(), "batch.tif", settings)  # 200 pages
    assert time.monotonic() - start < 30


def test_a_full_page_scan_in_a_pdf_is_read_at_its_own_resolution(page):
    """Fax servers wrap each page's scan in a PDF page: the scan is taken as is (a standard
    resolution one resampled to square pixels), not rendered again."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from odm_intake.extractors.images import iter_image_pdf_pages

    standard = fax.standard_resolution(fax.degrade_fax(page, seed=4, header=None)).convert("L")
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.drawImage(ImageReader(standard), 0, 0, width=A4[0], height=A4[1])
    c.save()
    scan = next(iter_image_pdf_pages(buf.getvalue(), Settings()))
    assert scan.image.width == standard.width and abs(scan.image.height - 2 * standard.height) <= 2
    assert 200 <= scan.dpi <= 208
    doc = read_scanned_pdf(buf.getvalue(), "FAX.pdf", Settings(ocr_threads=1))
    assert _fields(doc)["claim_number"] == "B4455012"


def test_a_faxed_tables_heads_set_sideways_name_the_cells_under_them():
    """OCR reads sideways heads as stacks of scraps: their band is read again turned upright."""
    from odm_intake.extractors.ocr import read_image
    from tests.fixtures.sideways import export_with_sideways_heads, faxed

    page = read_image(faxed(export_with_sideways_heads()), "export.tif", Settings()).pages[0]
    mission = Mission()
    apply_hits(find_labels(page), lambda p: "test", mission)
    got = {k: v.value for k, v in mission.values.items()}
    assert (got["claim_number"], got["agent_code"], got["last_name"], got["postal_code"]) == ("B7716206", "441857", "NOEL", "85450")
    assert got["phone"] == "0624323440"  # the handler's own line is no insured's phone
    assert not any(w.conf < 0.6 and len(w.text) <= 2 for w in page.words if w.box.y1 < page.heads[0].box.y1)  # no scraps left


def test_a_label_and_its_value_read_as_one_word_are_split():
    from odm_intake.extractors.ocr import split_glued_pairs
    from odm_intake.extractors.words import Box, Word

    words = split_glued_pairs([Word("Nom:BRUN", Box(0, 0, 80, 10), 0.9), Word("http://x.fr", Box(90, 0, 190, 10), 0.9), Word("10:30", Box(200, 0, 250, 10), 0.9)])
    assert [w.text for w in words] == ["Nom:", "BRUN", "http://x.fr", "10:30"]
    assert words[0].box.x1 == words[1].box.x0 == 40


def _vera(size: int):
    """reportlab's bundled Vera font at ``size`` pixels, for images drawn in tests."""
    from pathlib import Path

    import reportlab
    from PIL import ImageFont

    return ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"), size)


def _screens_pdf() -> bytes:
    """Two phone screens pasted side by side in a PDF page, their rows not level with each
    other's, their captions small on the page (as screenshots under a mail's greeting)."""
    from PIL import ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    font = _vera(30)
    screens = []
    for rows in ([(60, "Assuré(e)"), (110, "M. MARTIN Nicolas"), (190, "Téléphone"), (240, "0488826862")],
                 [(110, "Occupant"), (190, "Locataire"), (270, "Corps de métier"), (320, "Serrurerie")]):
        image = Image.new("L", (540, 1000), 255)
        draw = ImageDraw.Draw(image)
        draw.rectangle((2, 2, 537, 997), outline=0, width=3)
        for y, text in rows:
            draw.text((30, y), text, fill=0, font=font)
        screens.append(image.resize((900, 1667)))  # a phone's pixels: finer than the page's 200 dpi
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(595, 842))
    c.drawString(60, 790, "Bonjour, voici les captures de notre application.")
    for k, image in enumerate(screens):
        c.drawImage(ImageReader(image), 60 + k * 250, 330, width=200, height=200 * 1000 / 540)
    c.showPage()
    c.save()
    return out.getvalue()


def test_screens_side_by_side_are_read_each_as_a_column_at_their_own_resolution():
    from odm_intake.extractors.images import iter_image_pdf_pages

    pdf = _screens_pdf()
    page = next(iter_image_pdf_pages(pdf, Settings()))
    assert page.dpi > 200 and len(page.panels) == 2
    doc = read_scanned_pdf(pdf, "captures.pdf", Settings())
    mission = Mission()
    apply_hits(find_labels(doc.pages[0]), lambda p: "test", mission)
    assert (mission.get("phone"), mission.get("occupation"), mission.get("trade")) == ("0488826862", "locataire", "serrurerie")
