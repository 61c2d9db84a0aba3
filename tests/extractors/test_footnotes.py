"""A letter's footnotes: the call marks off the values, each note after the line calling it."""

from odm_intake.extractors import footnotes

LETTER = (
    "Notre assuré a déclaré un sinistre survenu le 18 octobre 2026, un dimanche¹.\n"
    "Le sinistre est enregistré sous le contrat MRH:AZ:7389323³.\n"
    "Il est joignable au +335 4277 6780⁴⁵ et au 03.35.37.99.30(2).\n"
    "Le logement : 42 bis boulevard des Remparts Nord(6), 92410 Ville-d'Avray.\n\n"
    "Cordialement,\nThéodora Lapeyrade\n\n"
    "____________________\n"
    "¹ Déclaration faite par téléphone.\n(2) Le soir.\n³ Contrat en vigueur.\n⁴ Autre numéro : 02 94 08 02 29.\n⁵ Coordonnées vérifiées.\n"
    "(6) Cage B, 3e étage.\n"
)


def test_call_marks_leave_the_values_and_the_notes_follow_their_lines():
    lines = footnotes.inline(LETTER).split("\n")
    assert "Le sinistre est enregistré sous le contrat MRH:AZ:7389323." in lines
    calls = lines.index("Il est joignable au +335 4277 6780 et au 03.35.37.99.30.")
    assert lines[calls + 1 : calls + 4] == ["Autre numéro : 02 94 08 02 29.", "Coordonnées vérifiées.", "Le soir."]
    assert "Le logement : 42 bis boulevard des Remparts Nord, Cage B, 3e étage, 92410 Ville-d'Avray." in lines  # in its place
    assert "____________________" not in lines and not any(line.startswith("¹") for line in lines)


def test_a_numbered_list_is_no_footnotes():
    text = "Deux dossiers :\n(1) Annulation du dossier MARTIN\n(2) Nouvelle mission pour M. DURAND\n"
    assert footnotes.inline(text) == text
