"""Values a mail changes: corrections, details old against new."""

from __future__ import annotations

from odm_intake.extractors.changes import apply_corrections, only_new_values
from odm_intake.extractors.mailtext import split_mail_text


def test_corrections_replace_the_wrong_value():
    lines = ["Erratum : le numéro de sinistre est C35 834 334, et non C35 834 343 comme indiqué par erreur.", "Sinistre n° C35 834 343"]
    assert apply_corrections(lines) == ["", "Sinistre n° C35 834 334"]
    alone = ["Correction : le numéro de téléphone est 04.91.86.54.41 (et non 04.19.86.54.41)."]
    assert apply_corrections(alone) == ["Correction : le numéro de téléphone  04.91.86.54.41"]
    sentence = ["Le voisin est absent et non joignable."]
    assert apply_corrections(sentence) == sentence
    international = ["Rectificatif – le téléphone : lire +33 (0)6 58 30 68 31 au lieu de +33 (0)6 58 30 68 13.", "> Tél. : +33 (0)6 58 30 68 13"]
    assert apply_corrections(international) == ["", "> Tél. : +33 (0)6 58 30 68 31"]


def test_details_changed_old_against_new_keep_the_new():
    lines = [
        "- Adresse : 41 rue Gay-Lussac, 37400 Amboise → 73 bis cours Berriat, 11000 Carcassonne",
        "- Nom : PAPADOPOULOS -> CHAMBON",
        "62100 → code postal",  # a value and what it is: no change
    ]
    assert only_new_values(lines) == ["- Adresse : 73 bis cours Berriat, 11000 Carcassonne", "- Nom : CHAMBON", "62100 → code postal"]


def test_a_table_of_details_old_and_new_keeps_the_new_column():
    text = (
        "Bonjour,\n\nLes coordonnées de notre assuré ont changé.\n\n"
        "            Ancien       Nouveau\n"
        "Téléphone   0205546890   0339308445\n\n"  # rows apart, as a table out of HTML comes
        "Adresse     16 allée des Cerisiers, 60200 Compiègne   15 chemin de Halage, 76200 Dieppe\n\n"
        "Notre assuré : M. FLAMENT Nabil\n"
    )
    mission = split_mail_text(text).mission
    assert "0205546890" not in mission and "Compiègne" not in mission
    assert "Téléphone : 0339308445" in mission and "Adresse : 15 chemin de Halage, 76200 Dieppe" in mission
    reversed_heads = text.replace("Ancien       Nouveau", "Nouveau      Ancien")
    assert "Téléphone : 0205546890" in split_mail_text(reversed_heads).mission
