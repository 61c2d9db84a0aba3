"""A call's transcript: the speakers before each turn are no captions."""

from odm_intake.extractors import dialogue

TRANSCRIPT = [
    "Interlocuteurs : Adelphe (cabinet) / Assuré",
    "[00:00] Adelphe (cabinet) : Trièves Courtage, Adelphe à l'appareil, bonjour.",
    "[00:06] Assuré : Oui bonjour, Monsieur Jean-Eudes Stoica, je vous appelle pour un sinistre.",
    "[00:24] Adelphe (cabinet) : Oui, je vous écoute, qu'est-ce qui s'est passé ?",
    "[00:29] Assuré : Le siphon de l'évier s'est fendu dans la cuisine.",
]


def test_a_transcripts_turns_are_what_is_said_and_its_cast_is_no_caption():
    assert dialogue.as_prose(TRANSCRIPT) == [
        "[00:00] Trièves Courtage, Adelphe à l'appareil, bonjour.",
        "[00:06] Oui bonjour, Monsieur Jean-Eudes Stoica, je vous appelle pour un sinistre.",
        "[00:24] Oui, je vous écoute, qu'est-ce qui s'est passé ?",
        "[00:29] Le siphon de l'évier s'est fendu dans la cuisine.",
    ]


def test_a_forms_captions_and_a_questionnaires_letters_are_no_speakers():
    form = ["Nom : MARTIN", "Prénom : Léa", "Adresse : 3 rue Neuve", "Téléphone : 06 12 34 56 78"]
    assert dialogue.as_prose(form) == form
    questionnaire = [
        "Q : Référence du sinistre chez Allianz ?", "R : C.785/41089 pour notre assurée Mme Darrigade",
        "Q : Numéro du contrat de l'assurée ?", "R : AZ.HAB.392029 depuis le mois de mars",
    ]
    assert dialogue.as_prose(questionnaire) == questionnaire


def test_a_chatbots_questions_label_the_answers_and_its_buttons_are_no_answer():
    chat = [
        "[12:54] Clara : De quel type de sinistre s'agit-il ?",
        "[12:55] Clara : [Vol du trousseau dans la voiture]  [Infiltration d'eau dans le logement]",
        "[12:55] Visiteur : [Infiltration d'eau dans le logement]",
        "[12:56] Clara : S'agit-il d'une maison ou d'un appartement ?",
        "[13:01] Visiteur : T3 avec loggia",
        "[13:06] Clara : Et votre numéro de contrat ?",
        "[13:07] Visiteur : AZ4 033 8405",
        "[13:11] Clara : Merci ! Votre déclaration est transmise à votre conseiller.",
    ]
    prose = dialogue.as_prose(chat)
    assert "Numéro de contrat : AZ4 033 8405" in prose and "T3 avec loggia" in prose
    assert not any("Vol du trousseau" in line for line in prose)
