import io

import pytest
from reportlab.pdfgen import canvas

from odm_intake.config.settings import Settings
from odm_intake.errors import CorruptDocument, EncryptedDocument
from odm_intake.extractors.mime import Attachment
from odm_intake.extractors.pdf import has_text_layer, read_pdf_words
from odm_intake.extractors.readers import read_attachment
from odm_intake.extractors.words import Page
from tests.fixtures.mails import text_pdf
from tests.fixtures.sideways import export_with_sideways_heads


def _canvas() -> tuple[io.BytesIO, canvas.Canvas]:
    """A one-page PDF to draw on (reportlab), and the buffer it is written to."""
    buf = io.BytesIO()
    return buf, canvas.Canvas(buf)


def _first_page(buf: io.BytesIO, c: canvas.Canvas) -> Page:
    """The text layer of the page drawn on ``c``."""
    c.save()
    return read_pdf_words(buf.getvalue(), Settings())[0]


def test_words_have_positions():
    pdf = text_pdf([(50, 100, "Nom"), (200, 100, "DUPONT")])
    pages = read_pdf_words(pdf, Settings())
    words = {w.text: w for w in pages[0].words}
    assert words["DUPONT"].box.x0 > words["Nom"].box.x1
    assert pages[0].lines()[0].text == "Nom DUPONT"
    assert has_text_layer(read_pdf_words(text_pdf([(50, 100 + 12 * i, f"ligne {i} texte") for i in range(5)]), Settings()))


def test_corrupt_and_encrypted_pdfs_raise_document_errors():
    pdf = text_pdf([(50, 100, "Nom DUPONT")])
    with pytest.raises(CorruptDocument):
        read_pdf_words(pdf[: len(pdf) // 3], Settings())
    with pytest.raises(EncryptedDocument):
        read_pdf_words(text_pdf([(50, 100, "secret")], password="motdepasse"), Settings())


def test_reader_turns_errors_into_reasons():
    settings = Settings(max_attachment_bytes=1000)
    doc = read_attachment(Attachment("gros.pdf", "application/pdf", b"%PDF" + b"0" * 2000, "2"), settings)
    assert doc.error and "limite" in doc.error
    doc = read_attachment(Attachment("casse.pdf", "application/pdf", b"%PDF-1.4 broken", "2"), Settings())
    assert doc.error and doc.error.startswith("casse.pdf")


def test_vector_checkboxes_become_box_words():
    buf, c = _canvas()
    c.drawString(50, 700, "Habitation :")
    c.rect(120, 699, 7, 7)
    c.drawString(130, 700, "Maison")
    c.rect(175, 699, 7, 7)
    c.line(175, 699, 182, 706)
    c.line(175, 706, 182, 699)
    c.drawString(185, 700, "Appartement")
    page = _first_page(buf, c)
    assert page.lines()[0].text == "Habitation : ☐ Maison ☒ Appartement"


def test_filled_and_stroked_squares_are_ticked_boxes():
    """Agencies tick by filling the square (stroked or not); a white fill is an empty box."""
    buf, c = _canvas()
    c.drawString(50, 700, "Logement :")
    c.rect(120, 699, 8, 8, stroke=1, fill=1)
    c.drawString(132, 700, "Maison")
    c.setFillGray(1)
    c.rect(180, 699, 8, 8, stroke=1, fill=1)
    c.setFillGray(0)
    c.drawString(192, 700, "Appartement")
    page = _first_page(buf, c)
    assert page.lines()[0].text == "Logement : ☒ Maison ☐ Appartement"


def test_boxes_typed_in_a_symbol_font():
    """Word processors type boxes in ZapfDingbats or Wingdings: the text layer holds the font's
    letters ("n", "q"), read as the boxes they show."""
    buf, c = _canvas()
    c.setFont("Helvetica", 10)
    c.drawString(50, 700, "Logement :")
    for x, glyph, option in ((120, "\u2751", "Maison"), (190, "\u25a0", "Appartement")):
        c.setFont("ZapfDingbats", 10)
        c.drawString(x, 700, glyph)
        c.setFont("Helvetica", 10)
        c.drawString(x + 14, 700, option)
    page = _first_page(buf, c)
    assert page.lines()[0].text == "Logement : ☐ Maison ☒ Appartement"


def test_radio_buttons_are_boxes():
    buf, c = _canvas()
    c.drawString(50, 700, "Logement")
    c.circle(124, 703, 4)
    c.drawString(132, 700, "Maison")
    c.circle(194, 703, 4)
    c.circle(194, 703, 2, stroke=0, fill=1)
    c.drawString(202, 700, "Appartement")
    page = _first_page(buf, c)
    assert page.lines()[0].text == "Logement ☐ Maison ☒ Appartement"


def test_a_letter_typed_into_a_box_ticks_it():
    """"V" or "X" typed inside a drawn square is the tick, not a word."""
    buf, c = _canvas()
    c.drawString(50, 700, "LOGEMENT")
    c.rect(140, 699, 8, 8, stroke=1, fill=0)
    c.drawString(141.5, 700, "V")
    c.drawString(152, 700, "Maison")
    c.rect(200, 699, 8, 8, stroke=1, fill=0)
    c.drawString(212, 700, "Appartement")
    page = _first_page(buf, c)
    assert page.lines()[0].text == "LOGEMENT ☒ Maison ☐ Appartement"


def test_check_marks_drawn_by_hand_tick_the_option_after_them():
    buf, c = _canvas()
    c.setFont("Helvetica", 10)
    c.drawString(60, 700, "Civilité  M.")
    c.drawString(150, 700, "Mme")
    c.line(134, 704, 137, 699.5)  # a V drawn before "Mme"
    c.line(137, 699.5, 144, 709)
    words = _first_page(buf, c).lines()[0].text
    assert words == "Civilité M. ☒ Mme"


def test_a_cross_drawn_by_hand_across_a_box_ticks_that_box():
    buf, c = _canvas()
    c.setFont("Helvetica", 10)
    c.drawString(50, 700, "Civilité :")
    c.rect(100, 699, 8, 8)
    c.drawString(111, 700, "M.")
    c.rect(140, 699, 8, 8)
    c.drawString(151, 700, "Mme")
    c.line(98, 697, 110, 709)  # a cross in ink, wider than the box it ticks
    c.line(98, 709, 110, 697)
    assert _first_page(buf, c).lines()[0].text == "Civilité : ☒ M. ☐ Mme"


def test_a_stamp_set_askew_keeps_each_value_on_its_captions_line():
    # The value far right of its caption rises with the stamp's slant, and the stamp's dotted
    # rule under it runs askew too: neither moves the value off its line or strikes it out.
    buf, c = _canvas()
    c.setFont("Helvetica", 10)
    c.drawString(50, 640, "Pas les biens endommagés avant le passage de l'expert.")
    c.saveState()
    c.translate(330, 650)
    c.rotate(3.2)
    c.setFont("Helvetica", 7)
    c.drawString(0, 0, "Sinistre n°")
    c.setDash(1, 2)
    c.line(40, -2, 200, -2)
    c.setFont("Times-Italic", 11)
    c.drawString(120, 1, "B0414616")
    c.restoreState()
    lines = [line.text for line in _first_page(buf, c).lines()]
    assert "Sinistre n° B0414616" in lines


def test_an_option_circled_by_hand_is_ticked():
    buf, c = _canvas()
    c.setFont("Helvetica", 10)
    c.drawString(60, 700, "Type de bien")
    c.drawString(180, 700, "Maison")
    c.drawString(260, 700, "Appartement")
    c.ellipse(250, 693, 330, 713.5)  # around "Appartement"
    c.roundRect(170, 660, 80, 18, 6)  # a rounded value box around a name is no ring
    c.drawString(180, 665, "DUPONT")
    lines = [line.text for line in _first_page(buf, c).lines()]
    assert lines == ["Type de bien ☐ Maison ☒ Appartement", "DUPONT"]


def test_a_page_of_thousands_of_tiny_strokes_is_no_hand_ticked_form():
    from odm_intake.extractors import pdf

    def stroke(x: float, y: float) -> dict:
        return {"x0": x, "x1": x + 6, "top": y, "bottom": y + 6, "width": 6, "height": 6}

    v = [stroke(100, 100), stroke(103, 100)]  # two strokes that meet: a tick
    assert len(pdf._hand_ticks(v, [])) == 1
    crowd = v + [stroke(10 + (i % 50) * 11, 200 + (i // 50) * 11) for i in range(pdf.MAX_TICK_STROKES)]
    assert pdf._hand_ticks(crowd, []) == []


def test_a_watermark_is_not_read():
    """"COPIE" set at a slant in pale grey across the sheet would slip its letters into values."""
    buf, c = _canvas()
    c.saveState()
    c.setFillGray(0.86)
    c.translate(300, 700)
    c.rotate(37)
    c.setFont("Helvetica-Bold", 90)
    c.drawCentredString(0, 0, "COPIE")
    c.restoreState()
    c.drawString(50, 700, "Limite de gestion : 1 500 €")
    c.setFillColorRGB(1, 1, 1)
    c.drawString(50, 650, "BLANC")  # white print is read: it stands on a dark cell
    page = _first_page(buf, c)
    assert [line.text for line in page.lines()] == ["Limite de gestion : 1 500 €", "BLANC"]


def test_a_struck_mention_leaves_the_other_one():
    """"Rayer la mention inutile": a pen stroke through NON leaves OUI, the option chosen."""
    buf, c = _canvas()
    c.drawString(50, 700, "Maison")
    c.drawString(150, 700, "OUI / NON")
    c.drawString(50, 680, "Appartement")
    c.drawString(150, 680, "OUI / NON")
    non_x = 150 + c.stringWidth("OUI / ", "Helvetica", 12)
    c.line(non_x - 1, 704, non_x + c.stringWidth("NON", "Helvetica", 12) + 1, 705)
    c.line(149, 684, 151 + c.stringWidth("OUI", "Helvetica", 12), 685)
    c.line(50, 697, 120, 697)  # an underline is no strike
    page = _first_page(buf, c)
    assert [line.text for line in page.lines()] == ["Maison OUI ☒ / NON ☐", "Appartement OUI ☐ / NON ☒"]


def test_the_part_of_a_segmented_choice_filled_dark_is_ticked():
    """The chosen option in white on a dark button; a label in white on a dark cell is no option."""
    buf, c = _canvas()
    c.setFillGray(0.22)
    c.rect(55, 694, 110, 20, stroke=0, fill=1)  # the label's cell
    c.rect(250, 694, 90, 20, stroke=0, fill=1)  # the chosen segment
    c.setFont("Helvetica", 10)
    c.setFillGray(1)
    c.drawString(60, 700, "Type de logement")
    c.drawString(260, 700, "Appartement")
    c.setFillGray(0)
    c.drawString(180, 700, "Maison")
    lines = [line.text for line in _first_page(buf, c).lines()]
    assert lines == ["Type de logement ☐ Maison ☒ Appartement"]


def test_a_chats_chosen_quick_reply_is_a_rounded_dark_chip_and_an_outlined_one_is_no_ring():
    """Quick replies under a question: the chosen chip filled dark with its text in white, the
    others outlined and filled white (no hand's ring round an answer)."""
    buf, c = _canvas()
    c.setStrokeColorRGB(0.0, 0.25, 0.57)
    c.setFillColorRGB(0.0, 0.25, 0.57)
    c.roundRect(55, 694, 60, 18, 9, stroke=1, fill=1)
    c.setFillGray(1)
    c.roundRect(125, 694, 90, 18, 9, stroke=1, fill=1)
    c.setFont("Helvetica", 10)
    c.drawString(62, 700, "Maison")
    c.setFillColorRGB(0.0, 0.25, 0.57)
    c.drawString(132, 700, "Appartement")
    c.roundRect(150, 644, 36, 18, 9, stroke=0, fill=1)  # a switch set on: no choice among options
    c.setFillGray(0)
    c.drawString(55, 650, "Sinistre déclaré")
    c.setFillGray(1)
    c.drawString(158, 650, "OUI")
    lines = [line.text for line in _first_page(buf, c).lines()]
    assert lines == ["☒ Maison ☐ Appartement", "Sinistre déclaré OUI"]


def test_a_tables_heads_set_sideways_name_the_cells_under_them():
    from odm_intake.extractors.fields.evidence import Mission
    from odm_intake.extractors.fields.form import find_labels
    from odm_intake.extractors.fields.interpret import apply_hits

    page = read_pdf_words(export_with_sideways_heads(), Settings())[0]
    mission = Mission()
    apply_hits(find_labels(page), lambda p: "test", mission)
    got = {k: v.value for k, v in mission.values.items()}
    assert (got["claim_number"], got["agent_code"], got["last_name"], got["postal_code"]) == ("B7716206", "441857", "NOEL", "85450")
    assert got["phone"] == "0624323440"  # the handler's own line is no insured's phone


def test_screenshots_pasted_under_a_greeting_are_read_as_a_scan():
    from PIL import Image

    buf, c = _canvas()
    c.drawString(50, 800, "Bonjour, voici les captures d'écran de notre application, qui valent ordre de mission.")
    c.drawInlineImage(Image.new("RGB", (400, 600), "white"), 50, 100, width=400, height=600)
    page = _first_page(buf, c)
    assert page.pictured >= 0.4 and not has_text_layer([page])
    assert has_text_layer([Page(1, 595, 842, page.words * 5, pictured=0.0)])


def test_leader_dots_do_not_make_a_text_layer_unreadable():
    buf, c = _canvas()
    for k, (label, value) in enumerate([("1. N° de sinistre", "B70882793"), ("2. Police", "AZ65593785"), ("3. Code agent", "678245")]):
        c.drawString(50, 780 - 20 * k, f"{label} {'. ' * 25}{value}")
    c.save()
    pages = read_pdf_words(buf.getvalue(), Settings())
    assert has_text_layer(pages)


def test_answers_typed_over_a_scanned_blank_form_replace_what_ocr_read_of_them():
    """A blank form scanned, then filled in a PDF reader: the captions are in the picture, the
    answers (and the crosses) in the text layer, exact."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    from tests.extractors.test_ocr import _vera

    scan = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(scan)
    for y, caption in ((300, "Référence du dossier"), (500, "Code postal"), (700, "Commune")):
        draw.text((140, y), caption, fill=0, font=_vera(34))
        draw.rectangle((130, y - 20, 1500, y + 150), outline=0, width=3)
    buf, c = _canvas()
    c.drawImage(ImageReader(scan), 0, 0, width=595.3, height=841.9)
    for y, answer in ((300, "B7716206"), (500, "85450"), (700, "Vouillé-les-Marais")):
        c.setFont("Helvetica", 12)
        c.drawString(60, 841.9 - (y + 90) * 72 / 200, answer)
    c.save()
    doc = read_attachment(Attachment("ODM.pdf", "application/pdf", buf.getvalue(), "2"), Settings())
    texts = {w.text: w.conf for p in doc.pages for w in p.words}
    assert texts["B7716206"] == 1.0 and texts["85450"] == 1.0 and "Vouillé-les-Marais" in texts
    assert any(t.startswith("Référence") for t in texts)  # the captions, read by OCR


def test_a_capsule_round_a_caption_and_its_value_ticks_nothing():
    buf, c = _canvas()
    for _ in range(3):  # a web page draws its field's outline more than once
        c.roundRect(50, 700, 200, 18, 9)
    c.drawString(58, 705, "Type de bien")
    c.drawString(150, 705, "Maison")
    c.save()
    words = read_pdf_words(buf.getvalue(), Settings())[0].words
    assert not any(w.text == "☒" for w in words)
