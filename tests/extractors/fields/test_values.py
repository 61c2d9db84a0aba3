import pytest

from odm_intake.extractors.fields.values import (
    department_of,
    email_from_names,
    find_dates,
    find_phones,
    normalize_amount,
    normalize_civility,
    normalize_claim_number,
    normalize_email,
    normalize_policy_number,
    phone_type,
    read_scanned_claim,
    read_scanned_email,
    split_person,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("c-2026-123456", "C-2026-123456"),
        ("Sinistre n° b 1234567", "B1234567"),
        ("C 411 4852", "C4114852"),
        ("réf. c98765432.", "C98765432"),
        ("sans numéro", None),
        ("B12", None),
    ],
)
def test_claim_numbers(text, expected):
    assert normalize_claim_number(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("MRH 440 3732", "MRH4403732"), ("AZ3 195 1360 - du 2026-11-03", "AZ31951360"), ("n° hab 91-128", "HAB91-128"), ("aucun", None)],
)
def test_policy_numbers(text, expected):
    assert normalize_policy_number(text) == expected


def test_phones_in_every_french_form():
    text = "06 12 34 56 78 / 06.12.34.56.79 - +33 6 12 34 56 80, +33 (0)1 40 00 00 00, 0033 7 11 22 33 44 et 12345"
    assert [p for p, _, _ in find_phones(text)] == ["0612345678", "0612345679", "0612345680", "0140000000", "0711223344"]
    assert phone_type("0712345678") == "mobile" and phone_type("0412345678") == "fixe" and phone_type(None) is None


@pytest.mark.parametrize(
    "text, iso",
    [
        ("13/10/26", "2026-10-13"),
        ("13.10.2026", "2026-10-13"),
        ("2026-10-13", "2026-10-13"),
        ("13 oct. 2026", "2026-10-13"),
        ("1er novembre 2026", "2026-11-01"),
        ("le 3 février 2026", "2026-02-03"),
        ("31/02/2026", None),
        ("le 3-nov-2026", "2026-11-03"),
        ("03 11 2026", "2026-11-03"),
        ("Date of loss: 6 October 2026", "2026-10-06"),
        ("Date of loss: October 6, 2026", "2026-10-06"),
        ("06 12 34 56 78", None),
        ("06 12 2026 78", None),
    ],
)
def test_dates_in_french_forms(text, iso):
    dates = find_dates(text)
    assert (dates[0][0].isoformat() if dates else None) == iso


@pytest.mark.parametrize("pc, dept", [("75011", "75"), ("20000", "2A"), ("20200", "2B"), ("97400", "974"), ("97110", "971"), ("01000", "01"), ("9740", None)])
def test_departments(pc, dept):
    assert department_of(pc) == dept


@pytest.mark.parametrize(
    "text, expected",
    [
        ("M. DUPONT Jean", ("M.", "Jean", "DUPONT")),
        ("Madame Claire Martin", ("Mme", "Claire", "Martin")),
        ("Mlle Lefort Sophie", ("Mme", "Sophie", "Lefort")),
        ("Monsieur Jean-Luc LE GOFF", ("M.", "Jean-Luc", "LE GOFF")),
        ("Mr Paul", ("M.", None, "Paul")),
    ],
)
def test_person_names(text, expected):
    assert split_person(text, surname_first=False) == expected


def test_small_normalisers():
    assert normalize_civility("Mademoiselle") == "Mme" and normalize_civility("Mr") == "M."
    assert normalize_email("Mail : Jean.Dupont@Example.FR.") == "jean.dupont@example.fr"
    assert normalize_amount("800 €") == 800 and normalize_amount("1 500,50 EUR") == 1500.5


def test_scanned_dates_are_repaired_only_when_one_reading_fits():
    from datetime import date

    from odm_intake.extractors.fields.values import repair_scanned_date

    today = date(2026, 11, 20)
    assert repair_scanned_date("24/10/2026", today) == "2026-10-24"
    assert repair_scanned_date("91/11/2026", today) == "2026-11-01"  # 9 read for 0
    assert repair_scanned_date("22.10 2626", today) == "2026-10-22"  # 6 read for 0 in the year
    assert repair_scanned_date("31/02/2026", today) is None
    assert repair_scanned_date("2110/2026", today) == "2026-10-21"  # the first separator lost
    assert repair_scanned_date("45 oct. 2026", today) == "2026-10-15"  # a month in words, 4 read for 1
    assert repair_scanned_date("8oct 2026", today) == "2026-10-08"  # the day glued to its month


@pytest.mark.parametrize("text, expected", [
    ("patrick. buisson@Ggmaii.exampie", "patrick.buisson@gmail.example"),
    ("Laurence rviere'&laposte.fr", "laurence.rviere@laposte.fr"),
    ("Pierre bruniworange.fr", "pierre.bruniw@orange.fr"),
    ("jean.dupont@agence-x.fr", "jean.dupont@agence-x.fr"),
    ("Bonjour", None),
])
def test_scanned_emails(text, expected):
    assert read_scanned_email(text) == expected


def test_scanned_email_local_part_made_of_the_names():
    assert email_from_names("pierre.bruniw", "Pierre", "Brun") == "pierre.brun"
    assert email_from_names("laurence.rviere", "Laurence", "RIVIÈRE") == "laurence.riviere"
    assert email_from_names("contact", "Pierre", "Brun") is None  # too far: kept as read
    assert email_from_names("pierre.brun", "Pierre", "Brun") is None  # already right


@pytest.mark.parametrize("text, expected", [("Bi14160C7", "B11416007"), ("830552048", "B30552048"), ("B30SS2048x", None), ("AZ52589473", None)])
def test_scanned_claim_numbers(text, expected):
    assert read_scanned_claim(text) == expected


def test_scanned_civility_and_grouped_amounts():
    assert normalize_civility("Mroe") == "Mme" and normalize_civility("Mr") == "M."
    assert normalize_amount("1 500") == 1500 and normalize_amount("1 500 ☒") == 1500 and normalize_amount("800 €") == 800


def test_scanned_address_words_get_their_accents_back():
    from odm_intake.extractors.fields.knowledge import restore_accents

    assert restore_accents("Bat. B, 3e etage") == "Bât. B, 3e étage"
    assert restore_accents("place de l'Eglise") == "place de l'Église"
    assert restore_accents("Batterie, Bât. A") == "Batterie, Bât. A"  # other words, and accents already there, kept


def test_a_code_spaced_out_is_one_code():
    from odm_intake.extractors.fields.values import normalize_code

    assert normalize_code("945 140") == "945140"
    assert normalize_code("Allianz 7032") == "7032"
    assert normalize_code("4411 (depuis 2019)") == "4411"


def test_claim_numbers_keep_their_printed_separators():
    from odm_intake.extractors.fields.values import normalize_claim_number

    assert normalize_claim_number("C/2026/302368") == "C/2026/302368"
    assert normalize_claim_number("C-2026-371482") == "C-2026-371482"
    assert normalize_claim_number("C5072 1743") == "C50721743"
    assert normalize_claim_number("C.2026.507217") == "C.2026.507217"
    assert normalize_claim_number("Sinistre C - 60189686 –") == "C-60189686"
    assert normalize_claim_number("AZ.1234.5678") is None


def test_a_day_and_month_ending_a_sentence_take_the_mails_year():
    from datetime import date

    assert find_dates("le mardi 03.11.", date(2026, 11, 9))[0][0] == date(2026, 11, 3)
    assert find_dates("le 03.11.2026", date(2026, 11, 9))[0][0] == date(2026, 11, 3)


def test_a_date_typed_without_separators():
    from datetime import date

    assert find_dates("Survenance : 28102026")[0][0] == date(2026, 10, 28)
    assert find_dates("Sinistre C28102026") == [] and find_dates("Tél. 0628102026") == []


def test_phone_pairs_parted_by_spaced_dashes():
    assert [p for p, _, _ in find_phones("Tél. : 07 - 22 - 75 - 75 - 74 ou +33-1-57-69-29-72")] == ["0722757574", "0157692972"]


def test_a_scanned_policy_number_with_a_letter_for_a_digit():
    from odm_intake.extractors.fields.values import read_scanned_policy

    assert read_scanned_policy("AZO1300950") == "AZ01300950"
    assert read_scanned_policy("A204042951") == "AZ04042951" and read_scanned_policy("A2040429") is None
    assert read_scanned_policy("AZ01300950") is None and read_scanned_policy("HAB/556667C") is None


def test_a_day_written_in_words():
    from datetime import date

    assert find_dates("Survenu le : six octobre 2026")[0][0] == date(2026, 10, 6)
    assert find_dates("le vingt et un octobre 2026")[0][0] == date(2026, 10, 21)
    assert normalize_claim_number("C_50721743") == "C_50721743"


def test_a_surname_with_its_particle_and_mad_for_madame():
    assert split_person("mlle Marie-Claire Le Bihan", surname_first=False) == ("Mme", "Marie-Claire", "Le Bihan")
    assert split_person("Mad. Agnès Grondin", surname_first=False) == ("Mme", "Agnès", "Grondin")


def test_english_ordinal_dates_and_a_weekday_with_its_day_only():
    from datetime import date

    sent = date(2026, 11, 8)
    assert [d for d, _, _ in find_dates("reported on Nov 3rd.", sent)] == [date(2026, 11, 3)]
    assert [d for d, _, _ in find_dates("on Friday 2nd October.", sent)] == [date(2026, 10, 2)]
    assert [d for d, _, _ in find_dates("on 25th October 2026", sent)] == [date(2026, 10, 25)]
    # "mercredi 7": the latest 7th that was a Wednesday (7 November 2026 was a Saturday).
    assert [d for d, _, _ in find_dates("mercredi 7 dans la nuit", sent)] == [date(2026, 10, 7)]
    assert [d for d, _, _ in find_dates("le jeudi 22 octobre 2026", sent)] == [date(2026, 10, 22)]
    assert find_dates("mai 12 rue Neuve", sent) == []


def test_a_scanned_streets_specks_are_left_out():
    from odm_intake.extractors.fields.values import strip_scan_residue

    assert strip_scan_residue("146 rue de la Gare ii. |") == "146 rue de la Gare"
    assert strip_scan_residue("71 chemin | du Moulin |") == "71 chemin du Moulin"
    assert strip_scan_residue("19 route de Lyon eo") == "19 route de Lyon"
    assert strip_scan_residue("8 rue du Moulin") == "8 rue du Moulin"
    assert strip_scan_residue("147 quai _des Bateliers") == "147 quai des Bateliers"
    assert [strip_scan_residue(t) for t in ("18 routc de Lyon", "17 ruc de la Gare", "4 Avenuc Foch", "93 rue du Chäteau")] == [
        "18 route de Lyon", "17 rue de la Gare", "4 Avenue Foch", "93 rue du Chateau"]


def test_a_portals_avatar_initials_beside_the_name_are_no_part_of_it():
    assert split_person("M. Jean NOEL JN", False) == ("M.", "Jean", "NOEL")
    assert split_person("M. Jean DA COSTA", False) == ("M.", "Jean", "DA COSTA")


def test_days_of_the_current_month_and_days_in_words_without_a_year():
    from datetime import date

    sent = date(2026, 11, 8)
    assert [d for d, _, _ in find_dates("une fuite du 5 courant", sent)] == [date(2026, 11, 5)]
    assert [d for d, _, _ in find_dates("une fuite du trois novembre.", sent)] == [date(2026, 11, 3)]
    assert find_dates("depuis deux mois", sent) == []


def test_a_scanned_complements_lot_or_flat_number():
    from odm_intake.extractors.fields.values import repair_scanned_complement

    assert [repair_scanned_complement(t) for t in ("tot 7", "Lot7", "Lot 7 ]", "Apt 12 !", "Bât. À", "Apt. 12", "Art 5")] == [
        "Lot 7", "Lot 7", "Lot 7", "Apt 12", "Bât. A", "Apt. 12", "Art 5"]


def test_a_scanned_first_name_one_letter_off_a_known_one():
    from odm_intake.extractors.fields.values import repair_scanned_first_name

    assert [repair_scanned_first_name(t) for t in ("Syivie", "Ciaire", "Chioé", "Näthälie", "Sylvie", "Chloë", "Abc")] == [
        "Sylvie", "Claire", "Chloé", "Nathalie", "Sylvie", "Chloë", "Abc"]


def test_a_residue_before_the_civility_is_no_part_of_the_name():
    from odm_intake.extractors.fields.values import split_person

    assert split_person("5: M. DUFOUR Hugo", surname_first=False) == ("M.", "Hugo", "DUFOUR")
    assert split_person("M.LEROY Céline", surname_first=False) == ("M.", "Céline", "LEROY")  # glued by the scan


def test_slips_in_civilities_claim_numbers_typed_with_an_en_dash_and_a_bracketed_first_digit():
    assert [normalize_civility(w) for w in ("Monseiur", "Mselle", "Mmme", "MSR")] == ["M.", "Mme", "Mme", "M."]
    assert normalize_civility("Mona") is None and normalize_civility("Mathilde") is None
    assert normalize_claim_number("C–97900179") == "C–97900179"
    assert normalize_claim_number("sinistre C1234567 – 06 12 34 56 78") == "C1234567"
    assert normalize_policy_number("MRH–2971551") == "MRH–2971551"
    assert [p for p, _, _ in find_phones("+33 (3) 78 31 65 47")] == ["0378316547"]
    # The trunk zero in brackets, with a country code or alone.
    assert [p for p, _, _ in find_phones("joignable au (0)7 31 81 57 17, +33 (0)6 01 63 34 62")] == ["0731815717", "0601633462"]
    assert [p for p, _, _ in find_phones("☎️ 33170106317, réf. 331701063170")] == ["0170106317"]  # the country code bare


def test_surnames_of_two_words_after_the_first_name():
    assert split_person("Mme Nadine Ben Salah", surname_first=False) == ("Mme", "Nadine", "Ben Salah")
    assert split_person("M. Raymond Dos Reis", surname_first=False) == ("M.", "Raymond", "Dos Reis")


def test_a_scanned_day_one_read_as_a_slash_before_its_month():
    from datetime import date

    from odm_intake.extractors.fields.values import repair_scanned_date

    assert repair_scanned_date("/ Oct. 2026", date(2026, 11, 9)) == "2026-10-01"
    assert repair_scanned_date("12/10/2026", date(2026, 11, 9)) == "2026-10-12"


def test_a_claim_number_with_an_underscore_between_its_groups():
    from odm_intake.extractors.fields.values import normalize_claim_number

    assert normalize_claim_number("Sinistre Allianz : C26_518509 – contrat AZ_MRH_886085") == "C26_518509"


def test_year_first_dates_with_dots_and_phones_parted_by_slashes():
    from datetime import date

    from odm_intake.extractors.fields.values import find_dates, find_phones

    assert [d for d, _, _ in find_dates("survenu le 2026.10.13 au 80 rue")] == [date(2026, 10, 13)]
    assert [p for p, _, _ in find_phones("Téléphone 1 : 01/6510/4113")] == ["0165104113"]
    assert find_phones("Reçu le 01/10/2026 10:45") == []


def test_a_surname_with_its_particle_after_an_unknown_first_name():
    from odm_intake.extractors.fields.values import split_person

    assert split_person("monsieur Barthélemy Le Dantec", surname_first=False) == ("M.", "Barthélemy", "Le Dantec")
    assert split_person("Amadou De La Villardière", surname_first=False) == (None, "Amadou", "De La Villardière")


def test_a_contract_number_said_in_a_sentence_or_parted_by_colons_and_a_claim_with_a_glued_colon():
    from odm_intake.extractors.fields.values import find_phones, normalize_claim_number, normalize_policy_number

    assert normalize_policy_number("le MRH 530 6697.") == "MRH5306697"
    assert normalize_policy_number("AZ:MRH:610957).") == "AZ:MRH:610957"
    assert normalize_policy_number("AZ123456 : voir plus bas") == "AZ123456"
    assert normalize_claim_number("C:00871429") == "C:00871429"
    assert normalize_claim_number("Bât. C : 12 rue Neuve") is None
    assert [p for p, _, _ in find_phones("Fixe : +33 1/10/63/17/84")] == ["0110631784"]
    assert find_phones("+33 1/10/2026 10:45") == []
