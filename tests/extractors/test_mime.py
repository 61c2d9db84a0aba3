from email.message import EmailMessage
from email.policy import SMTP

from odm_intake.extractors.html import html_to_text
from odm_intake.extractors.mime import decode_text, parse_mail
from tests.fixtures.mails import mail


def test_wrong_declared_charsets_are_repaired():
    assert decode_text("Dégâts".encode("utf-8"), "iso-8859-1") == "Dégâts"
    assert decode_text("Dégâts".encode("latin-1"), "utf-8") == "Dégâts"
    assert decode_text("Dégâts".encode("cp1252"), "x-unknown-charset") == "Dégâts"


def _raw_text_mail(payload: bytes, charset: str, cte: str = "8bit") -> bytes:
    return (
        f"From: a@b.example\nTo: c@d.example\nSubject: t\nMessage-ID: <m@x>\nContent-Type: text/plain; charset={charset}\n"
        f"Content-Transfer-Encoding: {cte}\n\n"
    ).encode() + payload


def test_body_with_lying_charset_header():
    parsed = parse_mail(_raw_text_mail("Assurée : Mme Hélène Dupré".encode("utf-8"), "iso-8859-1"))
    assert "Hélène Dupré" in parsed.text
    parsed = parse_mail(_raw_text_mail("Assurée : Mme Hélène Dupré".encode("latin-1"), "utf-8"))
    assert "Hélène Dupré" in parsed.text


def test_html_only_mail_and_tables():
    raw = mail(None, html="<html><body><table><tr><td><b>N° sinistre</b></td><td>C123456</td></tr></table><script>alert(1)</script></body></html>")
    parsed = parse_mail(raw)
    assert parsed.text == ""
    assert "N° sinistre" in parsed.html_text and "C123456" in parsed.html_text
    assert "alert" not in parsed.html_text


def test_html_to_text_keeps_cells_apart():
    text = html_to_text("<table><tr><td>Nom</td><td>DUPONT</td></tr><tr><td>Ville</td><td>Lyon</td></tr></table>")
    assert text.splitlines()[0].split() == ["Nom", "DUPONT"]
    assert "    " in text.splitlines()[0]


def test_forwarded_message_rfc822_is_walked():
    inner = EmailMessage()
    inner["From"] = "Agence <agence@x.example>"
    inner["Subject"] = "ODM B1234567"
    inner.set_content("N° de sinistre : B1234567")
    inner.add_attachment(b"%PDF-1.4 fake", maintype="application", subtype="pdf", filename="odm.pdf")
    outer = EmailMessage()
    outer["From"] = "Collègue <c@x.example>"
    outer["Subject"] = "TR: ODM"
    outer.set_content("Voir ci-dessous")
    outer.add_attachment(inner)
    parsed = parse_mail(outer.as_bytes(policy=SMTP))
    assert "B1234567" in parsed.text
    assert [a.filename for a in parsed.attachments] == ["odm.pdf"]


def test_missing_message_id_and_date():
    parsed = parse_mail(b"Subject: rien\n\ncorps")
    assert parsed.message_id is None and parsed.received_at is None and parsed.text.strip() == "corps"


def test_quoted_printable_and_base64_bodies():
    qp = mail("Dégâts des eaux " * 10)
    assert "Dégâts des eaux" in parse_mail(qp).text
    b64 = _raw_text_mail(b"RMOpZ8OidHMgZGVzIGVhdXg=", "utf-8", "base64")
    assert parse_mail(b64).text.strip() == "Dégâts des eaux"


def test_an_html_table_of_headings_above_values_reads_as_labels():
    from odm_intake.extractors.html import html_to_text

    html = (
        "<table><tr><th>Nom</th><th>Prénom</th><th>CP</th></tr><tr><td>Moreau</td><td>Nicolas</td><td>65370</td></tr></table>"
        "<table><tr><td><b>Ville</b></td><td><b>Tél.</b></td></tr><tr><td>Créchets</td><td>02 08 16 84 32</td></tr></table>"
        "<table><tr><td>Nom</td><td>Moreau</td></tr></table>"
    )
    lines = html_to_text(html).splitlines()
    assert {"Nom : Moreau", "Prénom : Nicolas", "CP : 65370", "Ville : Créchets", "Tél. : 02 08 16 84 32"} <= set(lines)
    assert "Nom    Moreau" in lines  # a table of label and value cells side by side stays as it is


def test_preformatted_html_keeps_its_lines():
    from odm_intake.extractors.html import html_to_text

    text = html_to_text("<pre>| Assuré | Mme JOLY |\n| Fixe | 0279930761 |</pre>")
    assert text.splitlines() == ["| Assuré | Mme JOLY |", "| Fixe | 0279930761 |"]


def test_a_definition_list_reads_as_label_value_lines():
    from odm_intake.extractors.html import html_to_text

    text = html_to_text("<dl><dt>Nom</dt><dd>Mme Sylvie LUCAS</dd><dt>Commune</dt><dd>Le Boulou</dd></dl>")
    assert [line for line in text.splitlines() if line] == ["Nom : Mme Sylvie LUCAS", "Commune : Le Boulou"]


def test_an_elements_class_names_it_a_caption_whose_colon_the_stylesheet_adds():
    html = (
        '<style>.label::after{content:" :"}</style><div class="champ"><span class="label">Commune</span>'
        '<span class="valeur">Saulgond</span></div><div><span class="label">Code postal :</span> 16420</div>'
    )
    assert [line for line in html_to_text(html).splitlines() if line] == ["Commune : Saulgond", "Code postal : 16420"]


def test_a_form_sent_as_html_shows_its_fields_values():
    from odm_intake.extractors.html import html_to_text

    html = (
        '<form><input type="hidden" name="id" value="50832">'
        '<div><label>Nom</label> <input type="text" name="nom" value="GEHIN" readonly></div>'
        '<div><label>Complément</label> <input type="text" value="" placeholder="Bâtiment, étage, porte…"></div>'
        '<div><label>Type de logement</label> <select><option value="">— Choisir —</option><option value="1" selected>Maison</option>'
        '<option value="2">Appartement</option></select></div>'
        '<div><label>Nature</label> <select><option value="" selected>— Choisir —</option><option value="1">Dégât des eaux</option></select></div>'
        '<div><label>Occupation</label> <input type="radio" name="o" value="1"> Propriétaire occupant '
        '<input type="radio" name="o" value="2" checked> Locataire</div>'
        '<p><button type="submit">Valider</button></p></form>'
    )
    text = html_to_text(html)
    assert "Nom : GEHIN" in text and "Type de logement : Maison" in text and "☐ Propriétaire occupant ☒ Locataire" in text
    assert "50832" not in text and "Choisir" not in text and "Valider" not in text and "Bâtiment" not in text
