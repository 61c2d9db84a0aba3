"""Contact cards pasted in mails: vCard blocks and framed cards become labelled lines."""

from odm_intake.extractors.cards import contact_cards
from odm_intake.extractors.mailtext import split_mail_text

VCARD = """Voici la fiche contact de notre client :
BEGIN:VCARD
VERSION:3.0
N:MULLER;Pierre;;M.;
FN:M. Pierre MULLER
ADR;TYPE=HOME:;Bât. B;87 bis allée des Tilleuls;Vénéjan;;30200;France
TEL;TYPE=CELL:0647254636
TEL;TYPE=HOME:04 66 90 40
  66
EMAIL:p.muller\\,pro@free.fr
NOTE:Client du cabinet
END:VCARD
Sinistre C81844118"""

FRAMED = """┌─ Fiche contact ──────
│ Mme Sylvie JOLY
│ ☎ 0279930761
│ 📱 06 12 34 56 78
│ ✉ s.joly@free.fr
└──────────────────────"""


def test_a_vcard_reads_as_labelled_lines():
    assert contact_cards(VCARD.split("\n")) == [
        "Voici la fiche contact de notre client :",
        "Civilité : M.", "Nom : MULLER", "Prénom : Pierre",
        "Adresse : 87 bis allée des Tilleuls, 30200 Vénéjan", "Complément d'adresse : Bât. B",
        "Portable : 0647254636", "Téléphone : 04 66 90 40 66", "Email : p.muller,pro@free.fr",
        "Sinistre C81844118",
    ]


def test_a_framed_card_loses_its_frame_and_its_symbols_become_labels():
    assert contact_cards(FRAMED.split("\n")) == [
        "Fiche contact", "Mme Sylvie JOLY", "Téléphone : 0279930761", "Portable : 06 12 34 56 78", "Email : s.joly@free.fr", "",
    ]


def test_a_mail_reads_its_card():
    assert "Nom : MULLER" in split_mail_text(VCARD).mission


def test_pictograms_standing_for_labels():
    lines = contact_cards(["📁 C-115.1696", "📄 HAB430823A", "📅 huit octobre 2026", "👤 M. DA SILVA Jean", "🛠️ Merci d'envoyer un plombier."])
    assert lines == ["Dossier : C-115.1696", "Contrat : HAB430823A", "Date du sinistre : huit octobre 2026", "Assuré : M. DA SILVA Jean",
                     "Prestation : Merci d'envoyer un plombier."]
