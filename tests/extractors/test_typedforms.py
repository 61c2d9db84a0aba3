"""Forms typed in a mail's text, read as "label : value" lines."""

from odm_intake.extractors.typedforms import annotated_values, answered_questions, headed_values


def test_a_questionnaire_answered_in_a_mail_reads_as_labels():
    lines = ["Q : Numéro du contrat ?", "R : 86m 859 120", "", "- Adresse du risque ? -> 12 rue Haute", "3. Date de survenance ?", "   Réponse : 21/10/26"]
    assert answered_questions(lines) == ["Numéro du contrat : 86m 859 120", "", "- Adresse du risque : 12 rue Haute", "Date de survenance : 21/10/26"]


def test_values_noted_with_what_they_are_read_as_labelled():
    lines = [
        "3082 (notre code Allianz)",
        "Briançon [commune]",
        "11.10   <-- date du sinistre",
        "62100 – code postal",
        "12 rue Neuve (adresse du bien loué, l'assuré n'y habite pas)",
        "21/10 (mercredi)",  # a remark, no label
        "Nature du bien\tappartement\tOccupant\tpropriétaire (bien loué)",  # a row of cells
        "1 - Sinistre Allianz : C 96.1476179",  # a numbered labelled line
        "Article 2 – Bénéficiaire",  # a heading
        "1) ANNULATION – M. Valentin D'AUBIGNY – sinistre c464183363",  # a value after the dash, no note
    ]
    assert annotated_values(lines) == [
        "notre code Allianz : 3082",
        "commune : Briançon",
        "date du sinistre : 11.10",
        "code postal : 62100",
        "adresse du bien loué : 12 rue Neuve",
        "l'assuré n'y habite pas",
        *lines[5:],
    ]


def test_a_label_as_a_heading_or_asked_reads_its_value():
    lines = ["— Quand —", "03.10", "", "► QUOI ? Choc par véhicule à moteur", "Assuré", "Nom : DURAND"]
    assert headed_values(lines) == ["Quand : 03.10", "", "QUOI : Choc par véhicule à moteur", "Assuré", "Nom : DURAND"]


def test_the_place_of_an_invitation_or_a_visit_is_the_place_of_the_work():
    lines = ["Lieu", "88 venelle du Presbytère, 19000 Tulle", "", "Où : 102 rue Racine, 19000 Tulle", "Lieu-dit : Kerhuel"]
    assert headed_values(lines) == [
        "Lieu d'intervention : 88 venelle du Presbytère, 19000 Tulle", "", "Lieu d'intervention : 102 rue Racine, 19000 Tulle", "Lieu-dit : Kerhuel",
    ]
