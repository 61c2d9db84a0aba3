from odm_intake.extractors.garbled import ungarbled


def test_broken_accents_are_repaired_and_sound_text_left_alone():
    assert ungarbled("AssurÃ©e : Mme IrÃ¨ne DUMITRESCU") == "Assurée : Mme Irène DUMITRESCU"
    assert ungarbled("Nouvelle d&eacute;claration n&deg; 76308 &ndash; re&ccedil;ue") == "Nouvelle déclaration n° 76308 – reçue"
    sound = "L’assurée, Mme Zoë Ça – « oui », 5 € (ﬁn)"
    assert ungarbled(sound) == sound


def test_raw_quoted_printable_pasted_with_its_headers_is_decoded():
    text = (
        "----- Message d'origine -----\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: quoted-printable\n\n"
        "Assur=C3=A9e : Madame M=C3=A9lisande MALLERET\nAdresse : 78 all=C3=A9e des Hirondelles, re=C3=A7ue le 30=\n/10/2026\n"
    )
    out = ungarbled(text)
    assert "Assurée : Madame Mélisande MALLERET" in out and "78 allée des Hirondelles" in out and "30/10/2026" in out
    assert "quoted-printable" not in out and out.startswith("----- Message d'origine -----")
