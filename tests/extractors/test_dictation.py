from odm_intake.extractors.dictation import as_written


def test_a_phone_said_in_words_is_written_in_digits():
    assert as_written("On peut la joindre au zéro deux soixante-dix-neuf quatre-vingt-treize zéro sept soixante et un.") == (
        "On peut la joindre au 02 79 93 07 61."
    )
    # Hyphens join a number's words: "soixante quatre-vingt-seize" is 60 then 96.
    assert "02 28 60 96 55" in as_written("au zéro deux vingt-huit soixante quatre-vingt-seize cinquante-cinq")
    assert as_written("survenu le vingt-trois octobre") == "survenu le vingt-trois octobre"  # no phone: as written


def test_a_dictated_mails_said_punctuation_and_address():
    text = as_written(
        "Bonjour virgule à la ligne notre cliente madame Khadija Herrero virgule domiciliée au 88 boulevard des Remparts "
        "virgule 88200 Remiremont point son adresse mail deux points malo tiret s arobase wanadoo point es point à la ligne merci"
    )
    assert "Herrero, domiciliée au 88 boulevard des Remparts, 88200 Remiremont." in text
    assert "malo-s@wanadoo.es" in text and "\n" in text
    # One "point" in a sentence is no dictation: left as written.
    assert as_written("Un point de vue, à la ligne près.") == "Un point de vue, à la ligne près."
