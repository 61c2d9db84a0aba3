"""Postcodes and communes checked against the reference list (config/data/postal_codes.tsv.gz)."""

from odm_intake.extractors.fields.geo import check_place, find_place_in_text


def _pair(place) -> tuple[str, str]:
    return place.postal_code, place.city


def test_a_known_pair_stands_and_a_scan_gets_the_official_spelling():
    place = check_place("81130", "TAIX", scanned=False)
    assert _pair(place) == ("81130", "TAIX") and place.score == 1.0
    assert check_place("81130", "Taix", scanned=True).city == "Taïx"


def test_a_city_alone_gives_its_postcode_spelt_as_the_reference_on_a_scan():
    assert _pair(check_place(None, "Taix", scanned=True)) == ("81130", "Taïx")
    assert _pair(check_place(None, "Taix", scanned=False)) == ("81130", "Taix")


def test_a_misread_city_or_postcode_is_corrected_unsure():
    place = check_place("81130", "Tiax", scanned=True)
    assert place.city == "Taïx" and place.score < 1.0
    place = check_place("31130", "Taïx", scanned=True)
    assert _pair(place) == ("81130", "Taïx") and place.score < 1.0


def test_a_commune_found_in_a_pages_text_for_a_postcode_read_alone():
    assert find_place_in_text("81130", "LIEU\n12 rue Haute\nTaïx (Tarn)\n").city == "Taïx"
