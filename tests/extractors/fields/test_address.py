"""Splitting an address into street, complement, postcode and city."""

from odm_intake.extractors.fields.address import parse_address


def test_a_complement_in_parts_keeps_the_dwellings_number():
    address = parse_address("76 montée du Château d'Eau, Résidence Les Terrasses du Port, logement 21, 97615 Pamandzi")
    assert (address.street, address.complement) == ("76 montée du Château d'Eau", "Résidence Les Terrasses du Port, logement 21")
    assert (address.postal_code, address.city) == ("97615", "Pamandzi")


def test_the_next_fields_label_ends_the_address():
    address = parse_address("12 rue Haute, Commune 33000 Bordeaux")
    assert (address.street, address.complement, address.postal_code) == ("12 rue Haute", None, "33000")


def test_a_postcode_whose_town_wrapped_is_no_complement():
    address = parse_address("58 boulevard Gambetta, 33000")
    assert (address.street, address.complement, address.postal_code) == ("58 boulevard Gambetta", None, "33000")


def test_the_next_pair_a_scan_joined_is_no_part_of_the_address():
    address = parse_address("114 boulevard Gambetta : Code postai : 81470")
    assert (address.street, address.complement) == ("114 boulevard Gambetta", None)


def test_a_label_inside_a_hyphenated_word_ends_nothing():
    address = parse_address("93 rue des Bouchers, Lieu-dit Les Quatre Vents, 26000 Valence")  # "Lieu" is a label
    assert (address.street, address.complement) == ("93 rue des Bouchers", "Lieu-dit Les Quatre Vents")


def test_a_floor_is_a_complement_however_short():
    from odm_intake.extractors.fields.address import parse_address

    assert parse_address("48 impasse du Lavoir, Résidence Les Glycines, esc. B, 3e, 17100 Saintes").complement == "Résidence Les Glycines, esc. B, 3e"
