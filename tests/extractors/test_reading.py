"""A page's reading order for prose: two columns read one after the other; the sender's contact block."""

from odm_intake.extractors.letterhead import sender_phones
from odm_intake.extractors.mailtext import SenderIdentity
from odm_intake.extractors.reading import reading_text
from odm_intake.extractors.words import page_from_text

LETTER = """Agence Allianz Durand
Tél. 04 78 00 00 01
agence.durand@allianz-agence.example

Vos références : contrat AZ12345678          Madame Léa MARCHAND
Nos références : sinistre B12345678          117 avenue de Verdun
Code agent : 123456                          69003 Lyon
Ligne directe : 04 78 00 00 02

Madame, nous avons missionné notre prestataire.
"""

CARDS = """  Assuré                                       N° de sinistre        B7716206
  M. Jean NOEL                                 Code agent            441857
  0624323440                                   Nature                Dégâts des eaux

  Agence                                       Historique
  Agence Allianz Durand                        Document imprimé
  Code 441857                                  Mission créée
  04 78 00 00 01                               09/11/2026 11:18
  agence.durand@allianz-agence.example         Déclaration enregistrée
"""


def test_a_letters_references_and_address_are_read_one_column_after_the_other():
    text = reading_text(page_from_text(LETTER))
    assert "sinistre B12345678\n" in text  # not run on into the street's number
    assert "Madame Léa MARCHAND\n117 avenue de Verdun\n69003 Lyon" in text


def test_a_label_and_its_value_far_apart_are_no_columns():
    text = reading_text(page_from_text(CARDS))
    assert "N° de sinistre B7716206" in text and "Code agent 441857" in text


def test_the_senders_card_gives_his_phones_whatever_stands_beside_it():
    identity = SenderIdentity(emails={"agence.durand@allianz-agence.example"})
    assert sender_phones(page_from_text(CARDS), identity) == {"0478000001"}
    identity = SenderIdentity(names={"agence allianz durand"})
    assert sender_phones(page_from_text(LETTER), identity) == {"0478000001"}


def test_the_senders_block_ends_at_a_blank_line():
    page = page_from_text("Agence Allianz Durand\nTél. 04 78 00 00 01\n\nTéléphone de l'assuré : 06 12 34 56 78\n")
    assert sender_phones(page, SenderIdentity(names={"agence allianz durand"})) == {"0478000001"}


def test_a_rows_pieces_far_apart_stay_apart_for_the_prose_reader():
    from odm_intake.extractors.fields.evidence import Mission
    from odm_intake.extractors.fields.prose import extract_prose

    text = reading_text(page_from_text("Adresse\n146 rue de la Gare                    men mrnmenine ee\n46160 Saint-Sulpice\n"))
    mission = Mission()
    extract_prose(text, "fax", SenderIdentity(), mission, scanned=True)
    assert mission.values["street"].value == "146 rue de la Gare"


def test_the_legend_of_numbered_zones_is_no_text_to_read():
    """"17 L'assuré(e) est : propriétaire occupant, locataire ou propriétaire non occupant" names
    the options, it answers nothing."""
    page = page_from_text(
        "01            02\n  B7716206      Propriétaire occupant\n\nLÉGENDE\n"
        "01 N° de sinistre Allianz              05 Code postal\n"
        "02 L'assuré(e) est : propriétaire occupant, locataire ou propriétaire non occupant\n"
        "03 Civilité                            06 Commune\n"
        "04 Nom de l'assuré(e)                  07 Métier à envoyer\n"
        "08 Date de l'événement                 09 Prénom\n"
    )
    text = reading_text(page)
    assert "B7716206" in text and "non occupant" not in text
