"""Label/value pairing by geometry, on hand-placed words (the same model PDFs and OCR produce)."""

from odm_intake.extractors.fields.evidence import Mission
from odm_intake.extractors.fields.form import find_labels
from odm_intake.extractors.fields.interpret import apply_hits
from odm_intake.extractors.fields.options import parse_options
from odm_intake.extractors.words import Box, Page, Word, page_from_text


def _page(items: list[tuple[float, float, str]]) -> Page:
    """Words at (x, y) in points, 6 points per character."""
    words = []
    for x, y, text in items:
        for token in text.split():
            words.append(Word(token, Box(x, y, x + 6 * len(token), y + 10)))
            x += 6 * (len(token) + 1)
    return Page(1, 600, 800, words)


def _fields(page: Page) -> dict:
    mission = Mission()
    apply_hits(find_labels(page), lambda p: "test", mission)
    return {k: v.value for k, v in mission.values.items()}


def test_value_in_the_next_table_cell():
    page = _page([(40, 100, "Réf. sinistre"), (220, 100, "B7654321"), (40, 120, "Nom"), (220, 120, "MARTIN"), (40, 140, "Prénom"), (220, 140, "Léa")])
    fields = _fields(page)
    assert (fields["claim_number"], fields["last_name"], fields["first_name"]) == ("B7654321", "MARTIN", "Léa")


def test_two_columns_of_pairs_on_one_line():
    page = _page([(40, 100, "Sinistre n° :"), (130, 100, "B1112223"), (320, 100, "Contrat :"), (390, 100, "HAB 55 66 77")])
    fields = _fields(page)
    assert fields["claim_number"] == "B1112223" and fields["policy_number"] == "HAB556677"


def test_label_above_value():
    page = _page([(40, 100, "Code postal"), (200, 100, "Ville"), (40, 114, "69003"), (200, 114, "Lyon")])
    fields = _fields(page)
    assert fields["postal_code"] == "69003" and fields["city"] == "Lyon"


def test_wrapped_description_and_checkboxes():
    page = _page(
        [
            (40, 100, "Type d'habitation"), (220, 100, "☐ Maison ☒ Appartement"),
            (40, 114, "Statut de l'occupant"), (220, 114, "Propriétaire occupant ☐ Locataire ☐ Propriétaire"),
            (220, 126, "non occupant ☒"),
            (40, 140, "Circonstances"), (220, 140, "Fuite sous l'évier,"),
            (220, 152, "recherche de fuite demandée."),
        ]
    )
    fields = _fields(page)
    assert fields["housing"] == "appartement"
    assert fields["occupation"] == "proprietaire_non_occupant"
    assert fields["description"].endswith("recherche de fuite demandée.")


def test_plain_text_form_and_empty_boxes():
    text = "N° de sinistre : B2223334\nComplément : \nCode postal / Ville : 13001 Marseille\nCause réparée : [ ] Oui [ ] Non\n"
    mission = Mission()
    apply_hits(find_labels(page_from_text(text)), lambda p: "body", mission)
    assert mission.get("postal_code") == "13001" and mission.get("city") == "Marseille"
    assert mission.get("address_complement") is None and "address_complement" in mission.from_form
    assert mission.get("dde_cause_repaired") is None and "dde_cause_repaired" in mission.from_form


def test_a_role_after_a_comma_ending_the_line_is_no_label():
    text = "Lieu : 92 place de la Liberté, 97470 Saint-Benoît\nPrésente : Mme Ludivine Barrère, assurée\n"
    assert find_labels(page_from_text(text)) == []
    assert [h.spec.key for h in find_labels(page_from_text("Présente : Mme Ludivine Barrère, assurée : oui\n"))] == ["insured"]


def test_a_pair_after_a_sentence_on_its_line():
    text = "Il faudrait un vitrier chez lui au plus vite. Code Allianz du courtier : 2679\n"
    assert [(h.spec.key, h.value) for h in find_labels(page_from_text(text))] == [("broker_code", "2679")]


def test_options_parse_both_orders():
    assert parse_options("[X] Oui [ ] Non") == [("Oui", True), ("Non", False)]
    assert parse_options("Maison ☐ Appartement ■") == [("Maison", False), ("Appartement", True)]
    assert parse_options("appartement") is None
    # The end of the label before the first box ("Corps de métier à envoyer"): boxes before.
    assert parse_options("à envoyer ☐ Plomberie ☒ Vitrerie ☐ Serrurerie") == [("Plomberie", False), ("Vitrerie", True), ("Serrurerie", False)]


def test_scanned_labels_tolerate_one_misread_letter():
    words = [Word("Quslité", Box(40, 100, 80, 110), 0.6), Word("de", Box(84, 100, 96, 110), 0.9), Word("l'assuré", Box(100, 100, 150, 110), 0.9),
             Word("Locataire", Box(220, 100, 280, 110), 0.9)]
    fields = _fields(Page(1, 600, 800, words))
    assert fields["occupation"] == "locataire"
    # Born-digital text is matched exactly: a misspelt label is not a label.
    digital = [Word(w.text, w.box, 1.0) for w in words]
    assert "occupation" not in _fields(Page(1, 600, 800, digital))


def test_scanned_claim_with_a_misread_b_is_a_low_confidence_guess():
    words = [Word("Réf.", Box(40, 100, 70, 110), 0.9), Word("sinistre", Box(74, 100, 130, 110), 0.9), Word("84455012", Box(220, 100, 280, 110), 0.8)]
    mission = Mission()
    apply_hits(find_labels(Page(1, 600, 800, words)), lambda p: "fax", mission)
    assert mission.get("claim_number") == "B4455012" and mission.values["claim_number"].confidence <= 0.5


def test_long_scanned_labels_survive_two_slips():
    words = [Word("Civitte", Box(40, 100, 90, 110), 0.6), Word("M.", Box(220, 100, 235, 110), 0.9)]
    assert _fields(Page(1, 600, 800, words))["civility"] == "M."


def test_a_label_read_exactly_wins_over_a_longer_one_read_with_slips():
    """On a scan "NOM DE L'ASSURÉ M. Vincent MOREL" is the insured's label then the whole name:
    "Nom de l'assuré(e)" (the last name's label) must not take "M." for its "(e)"."""
    texts = ["NOM", "DE", "L'ASSURÉ", "M.", "Vincent", "MOREL"]
    words, x = [], 40.0
    for text in texts:
        words.append(Word(text, Box(x, 100, x + 7 * len(text), 110), 0.93))
        x += 7 * len(text) + (30 if text == "L'ASSURÉ" else 6)
    fields = _fields(Page(1, 600, 800, words))
    assert (fields["civility"], fields["first_name"], fields["last_name"]) == ("M.", "Vincent", "MOREL")


def test_long_scanned_label_words_two_letters_off():
    words = [Word("Téképhonc", Box(40, 100, 100, 110), 0.6), Word("0612345678", Box(220, 100, 290, 110), 0.9)]
    assert _fields(Page(1, 600, 800, words))["phone"] == "0612345678"


def test_a_table_rule_ends_a_value():
    """On a scanned table the rows' rules are kept: a wrapped value stops at the next row, and a
    label cell alone (an empty value) does not take the next row's words."""
    rule = lambda y: Box(30, y, 560, y + 2)  # noqa: E731
    words = [
        Word("Qualité", Box(40, 100, 80, 110), 0.9), Word("de", Box(84, 100, 96, 110), 0.9), Word("l'assuré", Box(100, 100, 150, 110), 0.9),
        Word("Locataire", Box(220, 100, 280, 110), 0.9), Word("☒", Box(284, 100, 292, 110), 0.9),
        Word("Complément", Box(40, 122, 100, 132), 0.9), Word("d'adresse", Box(104, 122, 160, 132), 0.9),
        Word("Ville", Box(40, 144, 70, 154), 0.9), Word("Dijon", Box(220, 144, 260, 154), 0.9),
    ]
    page = Page(1, 600, 800, words, rules=[rule(95), rule(117), rule(139), rule(161)])
    fields = _fields(page)
    assert fields["occupation"] == "locataire" and fields["city"] == "Dijon"
    assert "address_complement" not in fields


def test_a_misread_label_cell_is_matched_whole_on_a_table_row():
    rule = lambda y: Box(30, y, 560, y + 2)  # noqa: E731
    words = [Word("Cade", Box(40, 100, 70, 110), 0.5), Word(":ntermediurre", Box(74, 100, 150, 110), 0.4), Word("6676862", Box(220, 100, 270, 110), 0.9)]
    assert _fields(Page(1, 600, 800, words, rules=[rule(95), rule(117)]))["agent_code"] == "6676862"
    # Without the table's rules, the same words are not trusted as a label.
    assert "agent_code" not in _fields(Page(1, 600, 800, words))
    # A cell like no label at all (nothing in common with any synonym) is no label.
    junk = [Word("###", Box(40, 100, 70, 110), 0.3), Word("%%%", Box(220, 100, 250, 110), 0.3)]
    assert _fields(Page(1, 600, 800, junk, rules=[rule(95), rule(117)])) == {}


def test_a_misread_label_is_not_looked_for_inside_a_value():
    words = [Word("Nom", Box(40, 100, 60, 110), 0.9), Word("GARNIER", Box(220, 100, 270, 110), 0.9)]
    assert _fields(Page(1, 600, 800, words))["last_name"] == "GARNIER"  # not the label "Garantie"


def test_scanned_option_lists_with_a_lost_box_at_either_end():
    assert parse_options("Propriétaire occupant ☒ Locataire ☐ Propriétaire non occupant :1") == [
        ("Propriétaire occupant", True), ("Locataire", False), ("Propriétaire non occupant", False)]
    assert parse_options("? Propriétaire occupant {X}Locataire { ] Propriétaire non occupant") == [
        ("Propriétaire occupant", False), ("Locataire", True), ("Propriétaire non occupant", False)]


def test_scanned_option_list_whose_ticked_box_was_lost():
    from odm_intake.extractors.fields.interpret import choice

    # Every box read is empty and one option has none: its box, inked by the cross, was lost.
    assert choice("occupation", "Propriétaire occupant Locataire ☐ Propriétaire non occupant ☐", scanned=True) == "proprietaire_occupant"
    assert choice("occupation", "Propriétaire occupant Locataire ☐ Propriétaire non occupant ☐") is None  # text: not stated
    assert choice("housing", "☐ Maison ☐ Appartement", scanned=True) is None
    # A box's side glued before the first option says the boxes come before their options.
    assert choice("occupation", "[Propriétaire occupant ☒ Locataire ☐ Propriétaire non occupant", scanned=True) == "locataire"
    # A speck read as a lone letter inside the ticked option does not make it another one.
    assert choice("occupation", "☐ Propriétaire occupant ☐ Locataire ☒ Propriétaire r non occupant", scanned=True) == "proprietaire_non_occupant"


def test_scanned_address_values_lose_their_specks():
    words = [
        Word("Adresse", Box(40, 100, 90, 110), 0.9), Word("14", Box(220, 100, 232, 110), 0.9), Word("rue", Box(236, 100, 256, 110), 0.9),
        Word("Hugo", Box(260, 100, 290, 110), 0.9), Word(".", Box(296, 100, 298, 110), 0.4),
        Word("Complément", Box(40, 120, 110, 130), 0.9), Word("Bât.", Box(220, 120, 246, 130), 0.9), Word("À", Box(250, 120, 258, 130), 0.6),
    ]
    fields = _fields(Page(1, 600, 800, words))
    assert fields["street"] == "14 rue Hugo" and fields["address_complement"] == "Bât. A"


def test_phone_labels_name_a_type_the_order_names_the_rank():
    """"Tél. fixe" first then "Autre tél.": the landline is the main phone."""
    page = page_from_text("Tél. fixe : 03 25 00 46 74\nAutre tél. : 02.34.18.19.88\n")
    fields = _fields(page)
    assert (fields["phone"], fields["phone2"]) == ("0325004674", "0234181988")
    page = page_from_text("Tél. portable : 06 12 34 56 78\nTél. fixe : 01 40 31 62 66\n")
    fields = _fields(page)
    assert (fields["phone"], fields["phone2"]) == ("0612345678", "0140316266")


def test_a_heading_row_above_its_values_across_the_table_rule():
    """Scanned column headings: the rule under the headings is their cells' border, not an empty cell."""
    headings = ((40, "N°"), (58, "de"), (76, "contrat"), (240, "Code"), (270, "de"), (288, "l'agent"), (400, "i"))  # "i": a speck
    words = [Word(t, Box(x, 100, x + 6 * len(t), 110), 0.9) for x, t in headings]
    words += [Word("AZ12345678", Box(40, 130, 110, 140), 0.9), Word("945140", Box(240, 130, 280, 140), 0.9)]
    page = Page(1, 600, 800, words, rules=[Box(30, 118, 560, 120)])
    fields = _fields(page)
    assert fields["policy_number"] == "AZ12345678" and fields["agent_code"] == "945140"


def test_a_printed_row_of_capital_labels_without_colons():
    words, x = [], 50.0
    for text, gap in (("CIVILITÉ", 9), ("M.", 43), ("NOM", 9), ("MARTIN", 140), ("PRÉNOM", 9), ("Nicolas", 0)):
        words.append(Word(text, Box(x, 100, x + 5 * len(text), 110)))
        x += 5 * len(text) + gap
    fields = _fields(Page(1, 600, 800, words))
    assert (fields["civility"], fields["last_name"], fields["first_name"]) == ("M.", "MARTIN", "Nicolas")


def test_numbered_questions():
    page = page_from_text("3. Bâtiment, étage, porte : Bât. A\n4. Code postal : 85450      Commune : Vouillé-les-Marais\n")
    fields = _fields(page)
    assert fields["address_complement"] == "Bât. A" and fields["postal_code"] == "85450" and fields["city"] == "Vouillé-les-Marais"


def test_arrows_of_a_software_extract_separate_labels_from_values():
    page = page_from_text("Police             ► AZ 6610 9576\nClient             ► Madame Sylvie JOLY\n")
    fields = _fields(page)
    assert fields["policy_number"] == "AZ66109576"
    assert (fields["civility"], fields["first_name"], fields["last_name"]) == ("Mme", "Sylvie", "JOLY")


def test_values_in_drawn_frames_read_on_a_scan():
    """Right-aligned labels before framed values, the frames' edges read as brackets."""
    from odm_intake.extractors.ocr import drop_frame_edges

    words = []
    x = 40.0
    for token in "Civilité (M. ] Nom (DENIS ) Prénom (Camille }".split():
        words.append(Word(token, Box(x, 100, x + 6 * len(token), 110), 0.9))
        x += 6 * (len(token) + 1)
    framed = drop_frame_edges(words)
    assert [w.text for w in framed] == ["Civilité", "|", "M.", "|", "Nom", "|", "DENIS", "|", "Prénom", "|", "Camille", "|"]
    fields = _fields(Page(1, 600, 800, framed))
    assert (fields["civility"], fields["last_name"], fields["first_name"]) == ("M.", "DENIS", "Camille")


def test_a_code_read_through_its_legend():
    page = _page([(40, 100, "Type de bien : APP (MAI = maison, APP = appartement)"),
                  (40, 120, "Qualité occupant : LOC (PO = propriétaire occupant, PNO = propriétaire non occupant, LOC = locataire)")])
    fields = _fields(page)
    assert (fields["housing"], fields["occupation"]) == ("appartement", "locataire")


def test_a_caption_under_its_handwritten_value():
    page = _page([(40, 100, "248270"), (200, 100, "28.10.2026"), (40, 114, "Code agent"), (200, 114, "Date du sinistre"),
                  (40, 140, "Nom"), (200, 140, "MARTIN")])
    fields = _fields(page)
    assert (fields["agent_code"], fields["date_of_loss"], fields["last_name"]) == ("248270", "2026-10-28", "MARTIN")


def test_values_under_headings_centred_over_their_cells():
    page = _page([(120, 100, "Type d'habitation"), (330, 100, "Occupation du logement"),
                  (40, 114, "☐ Maison"), (150, 114, "☒ Appartement"), (260, 114, "☐ Propriétaire occupant"), (420, 114, "☒ Locataire")])
    fields = _fields(page)
    assert (fields["housing"], fields["occupation"]) == ("appartement", "locataire")


def test_implausible_label_values_are_not_offered():
    page = _page([(40, 100, "ASSURÉ ET LIEU DU SINISTRE"), (40, 120, "Nature du sinistre : Dégâts des eaux Bris de glace Vol des clés"),
                  (40, 140, "Civilité : M. Mme"), (40, 160, "Bât., étage, résidence")])
    fields = _fields(page)
    assert not {"first_name", "last_name", "peril", "civility", "address_complement"} & set(fields)
    assert _fields(_page([(40, 100, "Civilité : M. ☒ Mme")]))["civility"] == "Mme"


def test_a_sentence_is_no_name_and_a_name_in_lower_case_is_one():
    from odm_intake.extractors.fields.interpret import plausible_name

    assert not plausible_name("Nous vous demandons de missionner un technicien")
    assert not plausible_name("ET LIEU DU") and not plausible_name("de")
    assert plausible_name("anne fournier") and plausible_name("de La Fontaine") and plausible_name("Jean-Pierre")


def test_options_with_a_oui_and_a_non_box_each_under_a_label_spanning_their_rows():
    # The label is centred in a cell spanning two rows: the first row is above it.
    page = _page([(300, 100, "Maison"), (420, 100, "Oui ☒"), (480, 100, "Non ☐"),
                  (40, 107, "Type de logement"),
                  (300, 114, "Appartement"), (420, 114, "Oui ☐"), (480, 114, "Non ☒"),
                  (300, 128, "Propriétaire occupant"), (420, 128, "Oui ☐"), (480, 128, "Non ☒"),
                  (40, 142, "Occupation"), (300, 142, "Locataire"), (420, 142, "Oui ☒"), (480, 142, "Non ☐")])
    fields = _fields(page)
    assert (fields["housing"], fields["occupation"]) == ("maison", "locataire")
    assert parse_options("Maison Oui ☒ Non ☐ Appartement Oui ☐ Non ☒") == [("Maison", True), ("Appartement", False)]


def test_a_value_found_below_its_label_is_read_once():
    page = _page([(40, 100, "Circonstances"), (40, 114, "Fuite sous l'évier."), (40, 128, "Eau au sol.")])
    hits = [h for h in find_labels(page) if h.spec.key == "description"]
    assert [h.value for h in hits] == ["Fuite sous l'évier."]


def test_english_labels_of_a_bilingual_form_are_labels_not_values():
    # Each French label has its English gloss under it; the address complement is left empty.
    page = _page([(40, 100, "Complément d'adresse"), (40, 110, "Address line 2"),
                  (40, 130, "Code postal"), (200, 130, "Commune"), (40, 144, "33000"), (200, 144, "Bordeaux"),
                  (40, 158, "Postcode"), (200, 158, "Town")])
    fields = _fields(page)
    assert "address_complement" not in fields
    assert (fields["postal_code"], fields["city"]) == ("33000", "Bordeaux")


def test_options_without_a_label_name_their_field_when_each_has_its_box():
    fields = _fields(_page([(40, 100, "L'assuré est ☐ Propriétaire occupant ☒ Locataire ☐ Propriétaire non occupant")]))
    assert fields["occupation"] == "locataire"
    # One tick between two runs of options: which it belongs to is not said by the line alone.
    assert "occupation" not in _fields(_page([(40, 100, "Il est Propriétaire occupant ☒ Locataire Propriétaire non occupant")]))


def _scanned_peril(text: str) -> tuple[str | None, float]:
    page = _page([(40, 100, "Nature du sinistre"), (220, 100, text)])
    page = Page(1, page.width, page.height, [Word(w.text, w.box, 0.8) for w in page.words])
    mission = Mission()
    apply_hits(find_labels(page), lambda p: "test", mission)
    return mission.get("peril"), mission.values["peril"].confidence


def test_a_scanned_peril_naming_nothing_known_is_autre_below_sure():
    peril, confidence = _scanned_peril("Rupture canalisatlon")
    assert peril == "autre" and confidence < 0.7


def test_a_scanned_peril_misreading_a_printed_name_is_that_peril_to_check():
    read = [_scanned_peril(t) for t in ("Dégrts dcs eoux", "Pene de clés", "Dégâtsdeseaux")]
    assert [p for p, _ in read] == ["dde", "perte_cles", "dde"] and all(c <= 0.6 for _, c in read)


def test_a_contract_number_under_a_claim_label_is_read_as_the_policy():
    fields = _fields(_page([(40, 100, "N° de dossier : B2449465"), (300, 100, "Réf. compagnie : AZ 8780 0625")]))
    assert (fields["claim_number"], fields["policy_number"]) == ("B2449465", "AZ87800625")


def test_a_comb_field_does_not_hide_the_next_label_on_its_line():
    # The claim number is written one character a box: its letters stand far apart.
    words = [Word("N°", Box(40, 100, 50, 110)), Word("de", Box(52, 100, 61, 110)), Word("sinistre", Box(64, 100, 91, 110)),
             Word("B20373265", Box(100, 100, 228, 110)),
             Word("N°", Box(302, 100, 312, 110)), Word("de", Box(314, 100, 323, 110)), Word("police", Box(326, 100, 348, 110)),
             Word("AZ", Box(360, 100, 376, 110)), Word("5967", Box(380, 100, 407, 110)), Word("5000", Box(411, 100, 439, 110))]
    fields = _fields(Page(1, 600, 800, words))
    assert (fields["claim_number"], fields["policy_number"]) == ("B20373265", "AZ59675000")


def test_a_name_label_whose_value_is_the_whole_person():
    fields = _fields(_page([(40, 100, "Nom : Mme Sylvie LUCAS"), (40, 120, "Commune : Le Boulou")]))
    assert (fields["civility"], fields["first_name"], fields["last_name"]) == ("Mme", "Sylvie", "LUCAS")


def test_a_date_on_the_mails_own_day_is_kept_below_green_and_a_misread_label_is_no_name():
    from datetime import date

    page = _page([(40, 100, "Date : 09/11/2026"), (40, 120, "Nom : Civitité"), (40, 140, "Prén. : Nicolas")])
    page = Page(1, page.width, page.height, [Word(w.text, w.box, 0.9) for w in page.words])
    mission = Mission(sent=date(2026, 11, 9))
    apply_hits(find_labels(page), lambda p: "test", mission)
    assert mission.get("date_of_loss") == "2026-11-09" and mission.values["date_of_loss"].confidence < 0.7
    assert mission.get("last_name") is None and mission.get("first_name") == "Nicolas"
    later = Mission(sent=date(2026, 11, 2))  # a date after the mail's: no loss happened then
    apply_hits(find_labels(page), lambda p: "test", later)
    assert later.values["date_of_loss"].confidence < 0.5


def test_a_numbered_caption_after_an_address_label_is_no_street():
    fields = _fields(_page([(40, 100, "Adresse du risque : 18 Type de logement"), (40, 120, "Nom : BLANC")]))
    assert "street" not in fields and fields["last_name"] == "BLANC"


def _scanned(items: list[tuple[float, float, str]], conf: float = 0.8) -> Page:
    """Like ``_page``, read with a scan's doubt."""
    page = _page(items)
    return Page(1, 600, 800, [Word(w.text, w.box, conf) for w in page.words])


def test_numbered_captions_with_required_marks():
    """A carbonless form numbers its captions and stars the required ones; the values are below."""
    page = _page([
        (40, 100, "01 N° de sinistre *"), (300, 100, "02 N° de police *"),
        (40, 114, "B7716206"), (300, 114, "MRH 5391520"),
        (40, 140, "05 Civilité"), (160, 140, "06 Nom *"), (300, 140, "07 Prénom"),
        (40, 154, "M."), (160, 154, "NOEL"), (300, 154, "Jean"),
        (40, 180, "08 Adresse du risque (n°, voie) *"),
        (40, 194, "149 avenue Jean Jaurès"),
    ])
    fields = _fields(page)
    assert (fields["claim_number"], fields["policy_number"]) == ("B7716206", "MRH5391520")
    assert (fields["civility"], fields["last_name"], fields["first_name"]) == ("M.", "NOEL", "Jean")
    assert fields["street"] == "149 avenue Jean Jaurès"


def test_a_section_title_takes_no_value_from_above():
    """"ASSURÉ" over its captions names a section: the agent code above it is not the insured."""
    page = _page([
        (40, 100, "03 Code agent"), (40, 114, "441857"),
        (40, 134, "ASSURÉ"),
        (40, 150, "06 Nom"), (300, 150, "07 Prénom"), (40, 164, "NOEL"), (300, 164, "Jean"),
    ])
    fields = _fields(page)
    assert fields["agent_code"] == "441857" and fields["last_name"] == "NOEL"


def test_a_scanned_label_after_a_required_mark_and_a_caption_number():
    """"Nature" alone is a label written exactly but not set off; "Nature du sinislre" is."""
    page = _scanned([(40, 100, "15 Date du sinistre *"), (300, 100, "16 Nature du sinislre"), (40, 114, "21/10/2026"), (300, 114, "Vol des clés")])
    fields = _fields(page)
    assert fields["date_of_loss"] == "2026-10-21" and fields["peril"] == "vol_cles"


def test_a_gloss_whose_brackets_a_scan_read_as_rules():
    page = _scanned([(40, 100, "08 Adresse du risque | n°, voie | *"), (40, 114, "19 route de Lyon"), (40, 140, "Adresse | 12 rue Haute |")])
    hits = {h.label_text: h.value for h in find_labels(page)}
    assert hits["08 Adresse du risque"] == "19 route de Lyon"
    assert hits["Adresse"] == "12 rue Haute"  # a table cell between rules is a value


def test_a_name_stops_at_a_column_gap():
    page = _page([(40, 100, "Assuré : Mme MICHEL Nathalie"), (420, 100, "Verso – page 2/2")])
    fields = _fields(page)
    assert (fields["first_name"], fields["last_name"]) == ("Nathalie", "MICHEL")


def test_abbreviated_labels_explained_in_a_legend():
    """A dense grid abbreviates its labels and explains them in a footnote; so does a scan, with slips."""
    legend = [
        (40, 300, "Abréviations : N° SIN. : numéro de sinistre ; C. AGT : code agent ; DT SURV. : date de survenance du sinistre ;"),
        (40, 312, "PREST. : prestation demandée ; LIM. GEST. : limite de gestion ; HAB. : type d'habitation."),
    ]
    page = _page([(40, 100, "N° SIN. B70882793"), (200, 100, "C. AGT 678245"), (40, 114, "DT SURV. 05.10.2026"), (200, 114, "PREST. Serrurerie")] + legend)
    fields = _fields(page)
    assert (fields["claim_number"], fields["agent_code"], fields["date_of_loss"], fields["trade"]) == ("B70882793", "678245", "2026-10-05", "serrurerie")
    scanned = _scanned([(40, 100, "OT SURY. 11.10.2026"), (200, 100, "UM. GEST. 800 €")] + [
        (40, 300, "Abréviauons : DT SURV. : date de Survenance du sinistre : LIM. GEST. : limite de geston : HAB. . type d'habitation"),
    ])
    fields = _fields(scanned)
    assert fields["date_of_loss"] == "2026-10-11" and fields["management_limit_eur"] == 800.0
    without = _page([(40, 100, "C. AGT 678245")])
    assert "agent_code" not in _fields(without)  # an abbreviation no legend explains is no label


def test_a_firm_insured_is_written_as_its_representative():
    page = page_from_text("Assuré : SCI DUMONT PATRIMOINE, représentée par M. DUMONT Alain (gérant)\nAssurée : Mle Anne GIRAUD")
    hits = find_labels(page)
    first = Mission()
    apply_hits(hits[:1], lambda p: "test", first)
    assert (first.get("civility"), first.get("first_name"), first.get("last_name")) == ("M.", "Alain", "DUMONT")
    second = Mission()
    apply_hits(hits[1:], lambda p: "test", second)
    assert (second.get("civility"), second.get("first_name")) == ("Mme", "Anne")


def test_a_statement_answered_by_its_own_oui():
    """"C. RÉP. : Cause réparée ..... OUI / NON" with NON struck reads as "Cause réparée OUI ☒ / NON ☐"."""
    from odm_intake.extractors.fields.interpret import yes_no

    assert yes_no("Cause réparée OUI ☒ / NON ☐") is True
    assert yes_no("Cause réparée OUI ☐ / NON ☒") is False


def test_a_checked_off_address_line_offers_no_housing():
    """"appt 31 ✓": the checklist's mark after an address is no ticked housing option."""
    page = page_from_text("4) Adresse du bien : 102 place de l'Église, appt 31, 34130 Valergues ✓\nStatut : propriétaire ne résidant pas sur place")
    fields = _fields(page)
    assert "housing" not in fields and fields["city"] == "Valergues"
    assert fields["occupation"] == "proprietaire_non_occupant"


def test_a_civility_read_with_a_comma_is_no_name():
    assert _fields(page_from_text("Assuré : M, GARNIER Laurent")) == {"civility": "M.", "first_name": "Laurent", "last_name": "GARNIER"}


def test_one_tick_in_a_list_without_boxes():
    """A ring around the first option becomes a box before it: the option named first after it
    is chosen, not one whose word comes again later ("propriétaire" in "propriétaire non occupant")."""
    page = page_from_text("Qualité de l'occupant : ☒ Propriétaire occupant Locataire Propriétaire non occupant")
    assert _fields(page)["occupation"] == "proprietaire_occupant"
    mission = Mission()
    apply_hits(find_labels(page_from_text("Nature du sinistre : Dégâts des eaux ☒ Bris de glace Vol des clés")), lambda p: "test", mission)
    assert mission.values["peril"].confidence < 0.9  # before or after the tick: a guess


def test_a_heading_over_a_name_row_reads_the_row_without_its_label():
    assert _fields(page_from_text("Bénéficiaire\nNom M. Hugo MATHIEU")) == {"civility": "M.", "first_name": "Hugo", "last_name": "MATHIEU"}


def test_one_tick_between_two_housings_is_a_guess():
    mission = Mission()
    apply_hits(find_labels(page_from_text("Type de bien : Maison ☒ Appartement")), lambda p: "test", mission)
    assert mission.values["housing"].confidence < 0.9
    sure = Mission()
    apply_hits(find_labels(page_from_text("Type de bien : ☐ Maison ☒ Appartement")), lambda p: "test", sure)
    assert (sure.get("housing"), sure.values["housing"].confidence) == ("appartement", 0.93)


def test_a_number_right_after_an_address_label_starts_its_value():
    fields = _fields(page_from_text("Adresse d'intervention\nAdresse 32 quai des Bateliers\nComplément\nCode postal 07150"))
    assert fields["street"] == "32 quai des Bateliers" and "address_complement" not in fields


def test_a_word_processors_prompt_is_no_value():
    fields = _fields(page_from_text("Complément d'adresse : Cliquez ou appuyez ici pour entrer du texte.\nSouscripteur : mr RIOU Mehdi\nAutre n° : +(33) 6 75 91 26 69"))
    assert "address_complement" not in fields
    assert (fields["civility"], fields["last_name"], fields["phone2"]) == ("M.", "RIOU", "0675912669")


def test_captions_under_their_values_with_codes_explained_in_a_notice():
    """A CERFA-style form: each value typed above its small caption, a date one digit a cell
    over "jour mois année", the street in parts, answers given as codes a notice explains."""
    page = _page([
        (40, 100, "B7716206"), (200, 100, "MRH 5391520"), (400, 100, "441857"),
        (40, 112, "Numéro de sinistre"), (200, 112, "Numéro de contrat"), (400, 112, "Code agent"),
        (40, 130, "1 1 1 0 2026"), (200, 130, "3"),
        (40, 142, "jour mois année"), (200, 142, "Nature du sinistre (code, voir notice)"),
        (40, 154, "Date du sinistre"),
        (40, 180, "NOEL"), (200, 180, "Jean"),
        (40, 192, "Nom"), (200, 192, "Prénom"),
        (40, 210, "149"), (100, 210, "avenue"), (250, 210, "Jean Jaurès"),
        (40, 222, "N°"), (100, 222, "Type de voie"), (250, 222, "Nom de la voie"),
        (40, 240, "8 5 4 5 0"), (200, 240, "Vouillé-les-Marais"),
        (40, 252, "Code postal"), (200, 252, "Commune"),
        (40, 270, "Adresse électronique"),
        (40, 300, "NOTICE"),
        (40, 312, "Nature du sinistre"),
        (40, 324, "1 Dégâts des eaux"),
        (40, 336, "2 Bris de glace"),
        (40, 348, "3 Incendie"),
    ])
    fields = _fields(page)
    assert (fields["claim_number"], fields["policy_number"], fields["agent_code"]) == ("B7716206", "MRH5391520", "441857")
    assert (fields["date_of_loss"], fields["peril"]) == ("2026-10-11", "incendie")
    assert (fields["last_name"], fields["first_name"], fields["street"]) == ("NOEL", "Jean", "149 avenue Jean Jaurès")
    assert (fields["postal_code"], fields["city"]) == ("85450", "Vouillé-les-Marais")
    assert "email" not in fields  # nothing above its caption: the row below is no value of it


def test_a_row_of_two_columns_reads_the_first_and_not_as_sure():
    """"Partie A | Partie B": the second party's name and contract are not the insured's."""
    page = _page([
        (40, 100, "Nom"), (150, 100, "M. QUÉRÉ Rachid"), (400, 100, "Mme Margaux RAYNAL"),
        (40, 114, "N° de contrat"), (150, 114, "AZ68591200"), (400, 114, "GE892783469"),
        (40, 128, "Date du sinistre"), (220, 128, ": 21/10/2026"),
    ])
    mission = Mission()
    apply_hits(find_labels(page), lambda p: "test", mission)
    assert (mission.get("last_name"), mission.get("policy_number"), mission.get("date_of_loss")) == ("QUÉRÉ", "AZ68591200", "2026-10-21")
    assert mission.values["policy_number"].confidence < 0.9 and mission.values["date_of_loss"].confidence >= 0.9


def test_a_labels_last_word_a_shorter_synonym_left_is_no_value():
    """"Adresse du bien concerné" alone on its line, its value below; "?" ends a question label."""
    fields = _fields(page_from_text("Adresse du bien concerné\n\n8 rue Neuve\n\nLa fuite est-elle réparée ?\n\nNon, pas encore\n"))
    assert fields["street"] == "8 rue Neuve" and fields["dde_cause_repaired"] is False


def test_a_spreadsheets_lost_leading_zeros_are_given_back_unsure():
    mission = Mission()
    apply_hits(find_labels(page_from_text("CP : 3100\nTéléphone : 749713965\n")), lambda p: "test", mission)
    assert (mission.values["postal_code"].value, mission.values["phone"].value) == ("03100", "0749713965")
    assert mission.values["phone"].confidence < 0.9 and mission.values["postal_code"].confidence < 0.9


def test_a_one_word_label_with_its_gloss_before_the_colon():
    fields = _fields(page_from_text("Demeurant (numéro et voie) : 61 place de l'Église\nPrécisions (bâtiment, escalier, porte) : Bât. A\n"))
    assert (fields["street"], fields["address_complement"]) == ("61 place de l'Église", "Bât. A")


def test_an_orders_heading_row_with_captions_of_its_paperwork():
    page = page_from_text(
        "Réf. dossier     Code apporteur    Date du fait générateur    Règlement\n"
        "B7716206         441857            11/10/2026                 30 jours fin de mois\n"
    )
    fields = _fields(page)
    assert (fields["agent_code"], str(fields["date_of_loss"])) == ("441857", "2026-10-11")


def test_a_gloss_whose_opening_bracket_a_scan_lost():
    fields = _fields(page_from_text("précisions bâtiment. escalier. étage. porte): Apt 12\n"))
    assert fields["address_complement"] == "Apt 12"


def test_a_contacts_email_and_the_nature_of_the_premises():
    fields = _fields(page_from_text("E-mail du contact : lea.martin@example.org\nNature du local : Appartement\n"))
    assert fields["email"] == "lea.martin@example.org" and fields["housing"] == "appartement" and "peril" not in fields


def test_a_scanned_heading_row_with_misread_captions():
    """Small print read badly: the row's cells that no label matched word by word are compared
    whole with the synonyms, a caption's gloss in its cell is its own, and the values are below."""
    page = _scanned([
        (40, 100, "Réf. dossier (sinistre)"), (200, 100, "Police souscritu"), (320, 100, "Code appureut"),
        (420, 100, "Date du tai getitrulcur"), (590, 100, "Réglement"),
        (40, 114, "B4578553"), (200, 114, "AZ86918518"), (320, 114, "318217"), (420, 114, "16/10/2026"), (590, 114, "30 jours"),
    ])
    fields = _fields(page)
    assert (fields["claim_number"], fields["policy_number"], fields["agent_code"]) == ("B4578553", "AZ86918518", "318217")
    assert str(fields["date_of_loss"]) == "2026-10-16"


def test_a_scans_speck_before_a_label_across_a_gap():
    fields = _fields(_scanned([(40, 100, "Informations complémentaires"), (288, 100, "‘"), (300, 100, "Total commande TTC"), (460, 100, "1 500 €")]))
    assert fields["management_limit_eur"] == 1500


def test_a_one_word_value_beside_scanned_labels_is_no_misread_heading():
    page = _scanned([(40, 100, "Nom"), (160, 100, "ARNAUD"), (300, 100, "Prénom"), (420, 100, "Adrienne")])
    assert _fields(page)["first_name"] == "Adrienne"


def test_a_scans_gloss_closed_by_a_curly_bracket_or_left_empty():
    assert _fields(page_from_text("précisions bâtiment. escalier, étage, porte}: Lot 7\n"))["address_complement"] == "Lot 7"
    empty = _scanned([(40, 100, "précisions | bâtiment, escalier, élage. porte | :"), (40, 130, "Code postal : 81470")])
    assert "address_complement" not in _fields(empty)


def test_a_sentence_after_a_word_like_a_label_is_no_address():
    """"adressé à l'agence." in an order's terms, its "à" read as "2" by a scan."""
    page = _scanned([(40, 100, "adrassé 2 l'agence. Le fournisseur reste responsable du choix et de la qualification")])
    assert "street" not in _fields(page)


def test_a_codes_legend_whose_brackets_a_scan_read_as_bars():
    page = page_from_text("Qualité occupant : LOC | PO = propriétaire occupant, PNO = propriétaire non occupant, LOC = locataire |\n")
    assert _fields(page)["occupation"] == "locataire"


def test_a_policy_box_left_empty_does_not_take_the_next_caption():
    fields = _fields(_scanned([(40, 100, "N° de contrat"), (160, 100, "Code 189929")]))
    assert "policy_number" not in fields


def test_a_scans_speck_starting_the_line_before_a_misread_label():
    page = _scanned([(30, 100, "‘"), (40, 100, "Moniant que le prestalaire peut engager sans nouvel accord : 1 500 €")])
    assert _fields(page)["management_limit_eur"] == 1500


def test_a_contract_number_cut_after_its_prefix_continues_below():
    fields = _fields(_page([(300, 100, "N° de contrat AZ"), (300, 114, "9151 8276"), (40, 140, "Nom : DENIS")]))
    assert fields["policy_number"] == "AZ91518276"


def test_a_checklists_numbered_lines_start_with_their_labels():
    fields = _fields(page_from_text("#9 Occupant : ☒ Propriétaire occupant  ☐ Locataire\n#10 Cause réparée : ☐ oui  ☒ non\n"))
    assert (fields["occupation"], fields["dde_cause_repaired"]) == ("proprietaire_occupant", False)


def test_labels_in_small_print_before_values_written_larger_by_hand():
    """A form filled in by hand (the boxes of a rendered one): the values, in a larger hand, and
    the tick widen the line's letters, yet the gap after each printed label is wide for the
    label's own print."""
    def word(text: str, x0: float, x1: float, written: bool = False) -> Word:
        return Word(text, Box(x0, 327.5 if written else 333.3, x1, 340.0 if written else 341.8), 1.0)

    words = [word("Civilité", 40, 65), word("☒", 77, 87, True), word("M.", 90, 100.6), word("Mme", 134.6, 155.7), word("Nom", 182, 199.9),
             word("VINCENT", 211.9, 266.8, True), word("Prénom", 380, 409.8), word("Sophie", 421.8, 460.7, True)]
    fields = _fields(Page(1, 600, 800, words))
    assert (fields["civility"], fields["last_name"], fields["first_name"]) == ("M.", "VINCENT", "Sophie")


def test_a_value_typed_larger_than_its_small_capital_label_right_after_it():
    """A caption in small capitals, the value typed just after it in larger print (a scan)."""
    words = [Word("Nom", Box(412, 100, 459, 118), 0.6), Word("MASSON", Box(476, 92, 614, 124), 0.66),
             Word("Prénom", Box(1008, 100, 1089, 118), 0.7), Word("Claire", Box(1104, 94, 1190, 124), 0.9)]
    fields = _fields(Page(1, 1687, 2386, words))
    assert (fields["last_name"], fields["first_name"]) == ("MASSON", "Claire")


def test_a_box_right_after_a_label_opens_its_value():
    words = [Word("Nom", Box(233, 256, 252, 265), 1.0), Word("☒", Box(259, 256, 263, 266), 1.0), Word("MASSON", Box(264, 256, 309, 266), 1.0)]
    assert _fields(Page(1, 600, 800, words))["last_name"] == "MASSON"


def test_civilities_offered_and_a_tick_read_as_a_letter():
    from odm_intake.extractors.fields.interpret import yes_no

    assert yes_no("Oui Non") is None and yes_no("Oui / Non") is None and yes_no("Oui") is True
    words = [Word("Civilité", Box(113, 931, 230, 960), 0.9), Word("M.", Box(300, 931, 330, 960), 0.9), Word("VMme", Box(380, 931, 440, 960), 0.5)]
    assert _fields(Page(1, 1687, 2386, words))["civility"] == "Mme"
    words[2] = Word("fMme", Box(380, 931, 440, 960), 0.5)  # a hand cross over its box, read as an "f"
    words.insert(2, Word("☐", Box(280, 931, 295, 960), 0.5))
    assert _fields(Page(1, 1687, 2386, words))["civility"] == "Mme"


def test_an_x_typed_in_a_sheets_tick_column():
    from odm_intake.extractors.fields.interpret import choice

    assert choice("housing", "24 Type de logement Maison 25 Appartement x") == "appartement"
    assert choice("occupation", "Propriétaire occupant 27 Locataire x 28 Propriétaire non occupant 29") == "locataire"


def test_one_row_of_boxes_holding_two_fields_options():
    """A table's row of boxes, its captions lost: housing's options, then occupation's."""
    page = _page([(40, 100, "☒ Maison ☐ Appartement ☐ Propriétaire occupant ☒ Locataire ☐ Propriétaire non occupant")])
    fields = _fields(page)
    assert (fields["housing"], fields["occupation"]) == ("maison", "locataire")


def test_a_scanned_trade_misreading_a_printed_name():
    from odm_intake.extractors.fields.interpret import trade

    assert (trade("Serurrerie", scanned=True), trade("Vitrere", scanned=True), trade("Vitrere")) == ("serrurerie", "vitrerie", "autre")


def test_a_scanned_phone_with_a_letter_for_a_digit():
    words = [Word("TÉLÉPHONE", Box(40, 100, 120, 110), 0.9), Word("O1", Box(220, 100, 232, 110), 0.6), Word("89", Box(236, 100, 248, 110), 0.9),
             Word("97", Box(252, 100, 264, 110), 0.9), Word("41", Box(268, 100, 280, 110), 0.9), Word("02", Box(284, 100, 296, 110), 0.9)]
    mission = Mission()
    apply_hits(find_labels(Page(1, 600, 800, words)), lambda p: "test", mission)
    assert mission.get("phone") == "0189974102" and mission.values["phone"].confidence < 0.9


def test_zones_known_by_a_number_named_in_a_legend():
    """Framed zones with only a numbered badge; the legend at the foot names each number. The
    legend's own words are no labels and no values ("19 Métier à envoyer" is no street)."""
    page = _page([
        (40, 100, "01"), (200, 100, "02"), (400, 100, "03"),
        (50, 112, "B7716206"), (210, 112, "MRH 5391520"), (410, 112, "11 oct. 2026"),
        (40, 140, "04"), (200, 140, "05"), (400, 140, "06"),
        (50, 152, "149 avenue Jean Jaurès"), (210, 152, "85450"), (410, 152, "Vouillé-les-Marais"),
        (40, 180, "07"), (200, 180, "08"),
        (210, 192, "Plomberie"),  # zone 07 left empty
        (40, 688, "LÉGENDE DES RUBRIQUES"),
        (40, 700, "01 N° de sinistre Allianz"), (300, 700, "05 Code postal"),
        (40, 712, "02 N° du contrat"), (300, 712, "06 Commune"),
        (40, 724, "03 Date de l'événement"), (300, 724, "07 Bâtiment, étage, appartement"),
        (40, 736, "04 Adresse des dommages (n° et voie)"), (300, 736, "08 Métier à envoyer"),
    ])
    fields = _fields(page)
    assert (fields["claim_number"], fields["policy_number"], fields["date_of_loss"]) == ("B7716206", "MRH5391520", "2026-10-11")
    assert (fields["street"], fields["postal_code"], fields["city"]) == ("149 avenue Jean Jaurès", "85450", "Vouillé-les-Marais")
    assert fields["trade"] == "plomberie" and "address_complement" not in fields


def test_numbered_rows_of_labels_and_values_are_no_legend():
    """A spreadsheet's numbered rows ("24 Type de logement   Maison") hold values: no key to zones."""
    page = _page([(40, 100 + 12 * k, f"{k + 21} {label}") for k, label in enumerate(
        ["Nom DUPONT", "Prénom Jean", "Commune Lyon", "Code postal 69003", "Type de logement Maison", "Métier plomberie", "Civilité M."]
    )])
    fields = _fields(page)
    assert fields["postal_code"] == "69003"


def test_a_table_whose_column_headings_are_not_all_labels():
    """"Référence | Date | Précision" over the claim's row: the date under "Date", not the next heading."""
    page = _page([
        (120, 100, "Référence"), (260, 100, "Date"), (380, 100, "Précision"),
        (40, 114, "Sinistre"), (120, 114, "B70882793"), (260, 114, "05.10.2026"), (380, 114, "Perte de clés"),
    ])
    fields = _fields(page)
    assert (fields["claim_number"], fields["date_of_loss"]) == ("B70882793", "2026-10-05")


def test_a_question_answered_in_the_next_column():
    page = _page([
        (40, 100, "Jusqu'à quel montant TTC pouvez-vous intervenir sans nouvel accord ?"), (480, 100, "1 500 €"),
        (40, 120, "À quel titre l'assuré(e) détient-il le logement : propriétaire qui l'habite,"), (520, 120, "Locataire"),
        (40, 132, "locataire, ou propriétaire qui le loue ?"),
    ])
    fields = _fields(page)
    assert fields["management_limit_eur"] == 1500 and fields["occupation"] == "locataire"


def test_an_exports_booleans_answer_yes_or_no():
    from odm_intake.extractors.fields.interpret import yes_no

    assert (yes_no("true"), yes_no("false"), yes_no("Vrai"), yes_no("FAUX")) == (True, False, True, False)
    assert yes_no("Oui / Non / NC (non communiqué) ; « – » hors dégâts des eaux.") is None  # a footnote's answers


def test_pairs_parted_by_middle_dots_and_radio_buttons():
    """A summary's flowing lines: "Nom : MARTIN · Prénom : Nicolas", options as "(•)" and "( )"."""
    page = _page([
        (40, 100, "C.1 Identité"), (126, 100, "Civilité : M. · Nom : MARTIN · Prénom : Nicolas"),
        (40, 120, "B.2 Le bien"), (126, 120, "Type de bien : (•) Maison ( ) Appartement"),
    ])
    fields = _fields(page)
    assert (fields["civility"], fields["last_name"], fields["first_name"]) == ("M.", "MARTIN", "Nicolas")
    assert fields["housing"] == "maison"


def test_a_scans_middle_dots_read_as_colons_still_part_the_pairs():
    page = _page([
        (40, 100, "B.1 Adresse"), (126, 100, "Adresse : 59 rue de la Gare :+ Complément : Apt 12 : Code postal : 50750"),
        (40, 120, "B.2 Le bien"), (126, 120, "Type de bien : ( ) Maison (+) Appartement"),
    ])
    fields = _fields(page)
    assert (fields["street"], fields["address_complement"], fields["postal_code"]) == ("59 rue de la Gare", "Apt 12", "50750")
    assert fields["housing"] == "appartement"


def test_a_scans_zone_badges_are_numbered_in_reading_order_and_their_values_unsure():
    """On a fax the badges' white digits are lost (OCR reads "CR", "o7"): the black blocks found
    on the page are numbered in reading order, as the legend numbers the zones, and the values
    under them are never sure."""
    from odm_intake.extractors.fields.legend import numbered_badges

    words = _page([
        (40, 100, "CR"), (200, 100, "o7"),  # what OCR made of the first two badges
        (50, 112, "B7716206"), (210, 112, "MRH 5391520"), (410, 112, "11 oct. 2026"),
        (50, 152, "149 avenue Jean Jaurès"), (210, 152, "85450"), (410, 152, "Vouillé-les-Marais"),
        (40, 688, "LÉGENDE DES RUBRIQUES"),
        (40, 700, "0t N° de sinistre Allianz"), (300, 700, "05 Code postal"),
        (40, 712, "02 N° du contrat"), (300, 712, "06 Commune"),
        (40, 724, "03 Date de l'événement"), (300, 724, "07 Bâtiment, étage, appartement"),
        (40, 736, "04 Adresse des dommages (n° et voie)"), (300, 736, "08 Métier à envoyer"),
    ]).words
    badges = [Box(x, y, x + 14, y + 10) for y in (100, 140) for x in (40, 200, 400)] + [Box(40, 170, 54, 180), Box(200, 170, 214, 180)]
    page = Page(1, 600, 800, numbered_badges(words, badges))
    assert not any(w.text in ("CR", "o7") for w in page.words)
    hits = {h.spec.key: h for h in find_labels(page)}
    # "0t" names no zone: the first zone's value is left to other readings.
    assert "claim_number" not in hits
    assert (hits["policy_number"].value, hits["postal_code"].value, hits["city"].value) == ("MRH 5391520", "85450", "Vouillé-les-Marais")
    assert hits["policy_number"].guessed_label


def test_options_flowing_on_from_the_blocks_margin_after_the_label():
    page = _page([
        (40, 100, "Type de bien : (•) Maison ( ) Appartement · L'assuré(e) est : ( ) Propriétaire occupant"),
        (120, 112, "(•) Locataire ( ) Propriétaire non occupant · Fuite réparée : ( ) Oui ( ) Non"),
    ])
    assert _fields(page)["occupation"] == "locataire"


def test_a_label_wrapped_in_its_narrow_column_is_read_whole_and_the_column_of_the_ticked_peril_gives_the_value():
    # A grid with a column for each peril: only the ticked one's cells are filled in.
    page = _page([
        (40, 100, "Date de survenance"), (240, 100, "II 2121 II"), (340, 100, "27.10.2026"), (440, 100, "121 121"),
        (40, 120, "Engagement TTC sans nouvel"), (240, 120, "________ €"), (340, 120, "1 500 € TTC"), (440, 120, "________ €"),
        (40, 132, "accord"),
    ])
    fields = _fields(page)
    assert fields["date_of_loss"] == "2026-10-27" and fields["management_limit_eur"] == 1500


def test_the_first_cell_of_a_row_stays_the_value_when_it_reads_as_one():
    page = _page([(40, 100, "Date de survenance"), (240, 100, "03/11/2026"), (440, 100, "Date de déclaration 05/11/2026")])
    assert _fields(page)["date_of_loss"] == "2026-11-03"


def test_options_none_ticked_on_the_labels_line_go_on_below_where_one_is():
    page = _page([
        (40, 100, "Corps de métier"), (200, 100, "☐ Plomberie ☐ Vitrerie ☐ Électricité"),
        (200, 112, "☐ Recherche de fuite ☒ Menuiserie"),
        (40, 124, "Dégâts des eaux : fuite réparée ☐ Oui ☐ Non"),
    ])
    assert _fields(page)["trade"] == "menuiserie"


def test_captions_in_a_claims_tools_shorthand_name_their_fields():
    page = _page([
        (40, 100, "CD.AGT : 556270"), (40, 112, "CPLT : Résidence les Pins"), (40, 124, "DT.SURV. : 2 oct. 2026"),
        (40, 136, "MET. : VITRERIE"), (40, 148, "PLAF.TTC : 1 500 €"), (40, 160, "TEL.S. : 05 56 58 89 44"),
        (40, 172, "LGT : MAISON"), (40, 184, "QUAL. : PROPRIÉTAIRE OCCUPANT"),
    ])
    fields = _fields(page)
    assert (fields["agent_code"], fields["address_complement"], fields["date_of_loss"], fields["trade"]) == ("556270", "Résidence les Pins", "2026-10-02", "vitrerie")
    assert (fields["management_limit_eur"], fields["phone2"], fields["housing"], fields["occupation"]) == (1500, "0556588944", "maison", "proprietaire_occupant")


def test_a_shorthand_whose_value_names_nothing_of_its_field_is_no_label():
    # "PRESTA." (the provider mandated, us) also shortens "Prestation", a trade's label.
    page = _page([(40, 100, "PRESTA. : MULTIASSISTANCE"), (40, 112, "Mission : Merci de prendre contact")])
    assert "trade" not in _fields(page)


def test_a_declarations_options_in_the_second_person():
    page = _page([(40, 100, "Vous êtes : ☐ propriétaire et vous l'habitez ☐ locataire ☒ propriétaire et vous ne l'habitez pas")])
    assert _fields(page)["occupation"] == "proprietaire_non_occupant"
    page = _page([(40, 100, "Vous êtes : ☒ propriétaire et vous l'habitez ☐ locataire ☐ propriétaire et vous ne l'habitez pas")])
    assert _fields(page)["occupation"] == "proprietaire_occupant"


def test_a_scanned_shorthand_with_its_colon_misread_and_a_letter_off():
    words = []
    for y, items in ((100, ["MET.", "?", "MENCISERTE"]), (112, ["PLAF,TIC", ":", "800", "€"]), (124, ["CD.AGT", "‘", "351906"]), (136, ["DT.SURV,", ":", "7", "oct.", "2026"])):
        x = 40.0
        for text in items:
            words.append(Word(text, Box(x, y, x + 6 * len(text), y + 10), 0.85))
            x += 6 * (len(text) + 1)
    fields = _fields(Page(1, 600, 800, words))
    assert (fields["trade"], fields["management_limit_eur"], fields["agent_code"], fields["date_of_loss"]) == ("menuiserie", 800, "351906", "2026-10-07")


def test_a_phone_label_stops_at_the_fax_and_a_scans_leader_dots_read_as_zeros_are_dropped():
    words = []
    for y, items in ((100, ["TEL", "05", "56", "96", "71", "07", "FAX", "05", "57", "45", "25", "73"]), (112, ["Téléphone", ":", "074313433400"])):
        x = 40.0
        for text in items:
            words.append(Word(text, Box(x, y, x + 6 * len(text), y + 10), 0.85))
            x += 6 * (len(text) + 1)
    mission = Mission()
    apply_hits(find_labels(Page(1, 600, 800, words)), lambda p: "fax", mission)
    assert {mission.get("phone"), mission.get("phone2")} == {"0556967107", "0743134334"}


def test_a_scanned_civility_whose_boxes_all_read_empty_is_a_guess_not_the_option_left_with_its_box():
    words = [Word(t, Box(40 + 50 * i, 100, 80 + 50 * i, 110), 0.8) for i, t in enumerate(["Civilité:", "JM", "☐", "Mme"])]
    mission = Mission()
    apply_hits(find_labels(Page(1, 600, 800, words)), lambda p: "fax", mission)
    assert mission.get("civility") == "M." and mission.values["civility"].confidence <= 0.5


def test_a_handwritten_date_riding_above_its_dotted_line_on_a_scan():
    words = [
        Word("16/10/2026", Box(563, 1485, 700, 1513), 0.94),
        *[Word(t, Box(x, 1504, x + 6 * len(t) * 1.5, 1526), 0.93) for x, t in ((115, "Date"), (172, "du"), (206, "sinistre"), (288, "|"), (299, "ou"), (330, "de"), (363, "sa"), (396, "découverte"), (508, "|"), (530, ":"))],
        Word("Loue", Box(895, 1522, 940, 1526), 0.4),  # the dotted line read as a word
    ]
    assert _fields(Page(1, 1687, 2386, words))["date_of_loss"] == "2026-10-16"


def test_a_declarations_second_person_asks_the_occupation_even_with_its_tick_lost():
    words = [Word(t, Box(40 + 70 * i, 100, 100 + 70 * i, 110), 0.8) for i, t in enumerate(["Vous", "êtes", ":", "☐", "locataire", "D", "propriétaire", "non", "occupant"])]
    assert _fields(Page(1, 1687, 2386, words))["occupation"] == "proprietaire_non_occupant"


def test_a_scanned_shorthands_value_keeps_its_first_digit_after_a_colon_read_right():
    words = []
    x = 40.0
    for text in ["PLAF.TTC", ":", "1", "500", "€"]:
        words.append(Word(text, Box(x, 100, x + 6 * len(text), 110), 0.85))
        x += 6 * (len(text) + 1)
    assert _fields(Page(1, 600, 800, words))["management_limit_eur"] == 1500


def test_a_scanned_shorthand_that_lost_its_colon_or_shortens_two_fields_labels():
    words = []
    for y, items in ((100, ["CPLT", "Lot", "7"]), (112, ["N°CTR.", ":", "MRH", "2051933"])):
        x = 40.0
        for text in items:
            words.append(Word(text, Box(x, y, x + 6 * len(text), y + 10), 0.85))
            x += 6 * (len(text) + 1)
    fields = _fields(Page(1, 600, 800, words))
    assert (fields["address_complement"], fields["policy_number"]) == ("Lot 7", "MRH2051933")


def test_a_text_boxs_left_edge_before_a_label_is_no_value():
    from odm_intake.extractors.fields.captions import label_matches

    line = _page([(40, 100, "│ Assurée"), (160, 100, "Mme KERHERVÉ Lison")]).lines()[0]
    assert [(first, spec.key) for first, _, spec in label_matches(line)] == [(1, "insured")]  # the edge stands as a bullet


def test_a_labels_word_in_a_row_of_values_and_a_bare_label_outranked():
    text = (
        "SUIVI DU DOSSIER\n"
        "Date              Étape                      Statut       Par\n"
        "19/10/2026 11:45  Déclaration reçue          Terminé      Assurée (téléphone)\n"
        "19/10/2026 17:06  Ouverture chez l'assureur  Terminé      Clémentine Delorme\n\n"
        "Assurée            : Madame KERHERVÉ Lison\n"
        "Date de survenance : 18/10/2026\n"
    )
    fields = _fields(page_from_text(text))
    assert (fields["first_name"], fields["last_name"], fields["date_of_loss"]) == ("Lison", "KERHERVÉ", "2026-10-18")


def test_a_typed_caption_with_a_slip_before_its_colon():
    fields = _fields(page_from_text("N° de contrta : MRH 841 447 AZ\nAdrese - 77 place du Marché, 71400 Autun\nOcupation : locataire\n"))
    assert (fields["policy_number"], fields["street"], fields["occupation"]) == ("MRH841447AZ", "77 place du Marché", "locataire")


def test_numbered_items_with_leader_dots_in_two_columns():
    page = _page([
        (40, 100, "1. N° de sinistre à rappeler . . . . . . B70882793"), (420, 100, "11. Second numéro . . . . 02 73 51 99 82"),
        (40, 120, "6. Nom et prénom du sinistré . . . . . . . . . ."), (420, 120, "LA MISSION"),
        (40, 140, "M. MARTIN Nicolas"), (420, 140, "16. Plafond de prise en charge TTC . . ."),
        (40, 160, "8. Accès . . . . . . . Bât. A"), (420, 160, "néant, devis préalable"),
    ])
    fields = _fields(page)
    assert (fields["claim_number"], fields["phone2"], fields["last_name"], fields["address_complement"]) == ("B70882793", "0273519982", "MARTIN", "Bât. A")


def test_a_value_typed_a_line_lower_than_its_neighbours():
    page = _page([(40, 100, "Code postal"), (200, 100, "Commune"), (200, 113, "Vouillé-les-Marais"), (40, 126, "85450")])
    assert _fields(page)["postal_code"] == "85450"


def test_a_checklists_rows_and_a_documents_own_date():
    page = page_from_text(
        "N°   Point à vérifier                        Oui   Non   Réponse\n"
        "C2   Jour de survenance connu ?              ☒           05.10.2026\n"
        "D1   Corps de métier déterminé ?             ☒           Serrurerie\n"
        "FACTURE N° F2026-09041            Date : 24/10/2026\n"
        "Date d'intervention : 23/10/2026\n"
    )
    fields = _fields(page)
    assert (fields["date_of_loss"], fields["trade"]) == ("2026-10-05", "serrurerie")
    # A yes/no question's tick says which column, not which option: no housing read from it.
    asked = _fields(page_from_text("B2   S'agit-il d'une maison individuelle ?      ☒\nB3   L'assuré(e) est-il propriétaire du logement ?    ☒\n"))
    assert "housing" not in asked and "occupation" not in asked


def test_a_web_apps_capsules_name_their_phones_and_a_delay_is_no_limit():
    # Each capsule a caption half and a value half, a gap between them and between capsules.
    page = page_from_text("Tél. principal   0488826862      Tél. secondaire   02 73 51 99 82\nPlafond TTC   sur devis      Délai de contact   48 h ouvrées\n")
    fields = _fields(page)
    assert (fields["phone"], fields["phone2"], fields.get("management_limit_eur")) == ("0488826862", "0273519982", None)


def test_a_correction_beside_a_struck_date_and_a_gloss_a_scan_misread():
    page = page_from_text("Sinistre du   4 oct. 2026   3 oct. 2026\n")
    mission = Mission()
    apply_hits(find_labels(page), lambda p: "test", mission)
    assert mission.get("date_of_loss") == "2026-10-03" and mission.values["date_of_loss"].confidence < 0.9


def test_scanned_captions_after_a_value_across_a_wide_gap_glued_or_past_a_speck():
    """A web page's captions side by side, faxed: "Survenu le" read as one word a letter off,
    "Complément" a letter off between two specks, "Tél. portable" past recognition."""
    fields = _fields(_scanned([
        (40, 100, "N° sinistre"), (130, 100, "B4029291"), (200, 100, "Code agence"), (290, 100, "264639"), (350, 100, "Survenute"),
        (430, 100, "11/10/2026"),
        (40, 120, "Adresse"), (104, 120, "90 place de l'Église"), (246, 120, "‘"), (261, 120, "Compièment"), (329, 120, "."), (343, 120, "Lot 7"),
        (400, 120, "CP"), (430, 120, "02590"),
        (40, 140, "Nom"), (80, 140, "BONNET"), (150, 140, "Prénom"), (206, 140, "Stéphane"), (286, 140, "Tét. ponapai 0647697970"),
    ]))
    assert (fields["date_of_loss"], fields["address_complement"], fields["street"]) == ("2026-10-11", "Lot 7", "90 place de l'Église")
    assert fields["first_name"] == "Stéphane"  # a name ends at a caption's gap, the caption misread


def test_a_limit_captioned_with_its_condition_takes_the_amount_below():
    fields = _fields(_page([(40, 100, "CORPS DE MÉTIER"), (200, 100, "PLAFOND TTC SANS DEVIS"), (40, 114, "Vitrerie"), (200, 114, "1 500 €")]))
    assert (fields["trade"], fields["management_limit_eur"]) == ("vitrerie", 1500)


def test_a_complement_ends_at_a_columns_gap():
    fields = _fields(_page([(40, 100, "Complément"), (120, 100, "3e étage"), (330, 100, "Sac volé avec les clés du logement.")]))
    assert fields["address_complement"] == "3e étage"


def test_a_printed_trees_tag_is_no_complement():
    fields = _fields(_scanned([(40, 100, "Complément d'adresse"), (200, 100, "<CodePostal>46160<'CodePostal>")]))
    assert "address_complement" not in fields
