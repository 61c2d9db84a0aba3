from odm_intake.extractors.fields.evidence import Mission
from odm_intake.extractors.fields.prose import extract_prose
from odm_intake.extractors.mailtext import split_mail_text

BROKER_MAIL = """Bonjour,

Notre assurée Madame Odile Ferrand, demeurant 4 impasse des Tilleuls, Bât. C, 31500 Toulouse,
nous déclare un dégât des eaux survenu le 12/09/2026 (sinistre C-2026-0042).
Contrat PJ 778 12. Elle est locataire d'un appartement. La fuite a été réparée par le syndic.
Merci de missionner un peintre : reprise des peintures. Tél. 06 01 02 03 04.
Code courtier : 4411

Cordialement,

Gérard Vidal
Cabinet Vidal Assurances
2 rue du Port, 17000 La Rochelle
Tél. 05 46 00 00 00 - Port. 06 99 99 99 99
g.vidal@cabinet-vidal.example

Le 10/09/2026 à 10:00, Multiassistance a écrit :
> Concernant M. Paul AUTRE, 1 rue Ailleurs 75001 Paris, joignable au 06 55 55 55 55
> Suivi Allianz C2S : 09 72 72 96 50
"""


def test_broker_mail_takes_the_insured_not_the_sender_nor_the_history():
    split = split_mail_text(BROKER_MAIL, "Gérard Vidal", "g.vidal@cabinet-vidal.example")
    assert "Paul AUTRE" not in split.mission and "La Rochelle" not in split.mission
    assert "0546000000" in split.identity.phones
    mission = Mission()
    extract_prose(split.mission, "body", split.identity, mission)
    got = {k: v.value for k, v in mission.values.items()}
    assert got["claim_number"] == "C-2026-0042"
    assert (got["civility"], got["first_name"], got["last_name"]) == ("Mme", "Odile", "Ferrand")
    assert got["street"] == "4 impasse des Tilleuls" and got["address_complement"] == "Bât. C"
    assert (got["postal_code"], got["city"]) == ("31500", "Toulouse")
    assert got["phone"] == "0601020304" and "phone2" not in got
    assert got["date_of_loss"] == "2026-09-12"
    assert got["peril"] == "dde" and got["housing"] == "appartement" and got["occupation"] == "locataire"
    assert got["dde_cause_repaired"] is True
    assert got["broker_code"] == "4411" and got["policy_number"] == "PJ77812"


def test_our_own_numbers_are_never_the_insured():
    split = split_mail_text("Assuré : M. Jean Roux\nJoignable via Allianz C2S au 09 72 72 96 50 ou au 01 40 09 38 39.")
    mission = Mission()
    extract_prose(split.mission, "body", split.identity, mission)
    assert mission.get("phone") is None


def test_insured_named_without_civility():
    text = "Bonjour,\nMerci d'intervenir chez notre cliente Noémie LAURENT, 5 rue des Ormes 44000 Nantes, pour une fuite.\n"
    split = split_mail_text(text)
    mission = Mission()
    extract_prose(split.mission, "body", split.identity, mission)
    assert (mission.get("first_name"), mission.get("last_name"), mission.get("civility")) == ("Noémie", "LAURENT", None)


LETTER = """N/Réf. : DUPO/1963
Réf. sinistre Allianz : C49 333 1290

Madame, Monsieur,

Nous vous prions de bien vouloir intervenir pour le compte de notre sociétaire, Mr Laurent DUPONT,
pour le logement situé 142 allée des Tilleuls, 47160 Caubeyres.
Le sinistre (dégât des eaux) est survenu le samedi 31 octobre 2026. La fuite est toujours active.
Son contrat porte le numéro AZ00202495. Notre code courtier est le 2446.
Nous vous saurions gré de bien vouloir mandater un plombier.
Coordonnées de l'assuré : 06.81.85.91.02.

Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.

Léa Moreau | Chargée de clientèle
Cabinet Roux Assurances
Ligne directe : 04 90 34 21 92 | Mobile : 06.57.80.24.79
Ce message et ses pièces jointes sont confidentiels et destinés à leurs seuls destinataires, merci.
"""


def test_a_formal_letter_in_sentences():
    split = split_mail_text(LETTER, "Léa Moreau", "lea.moreau@cabinet-roux.example")
    assert "0657802479" in split.identity.phones  # the closing sentence opens the signature
    mission = Mission()
    extract_prose(split.mission, "body", split.identity, mission)
    got = {k: v.value for k, v in mission.values.items()}
    assert got["phone"] == "0681859102" and "phone2" not in got
    assert got["date_of_loss"] == "2026-10-31" and got["dde_cause_repaired"] is False
    assert got["policy_number"] == "AZ00202495" and got["broker_code"] == "2446"
    assert got["trade"] == "plomberie"


def test_broker_code_written_after_the_firm():
    split = split_mail_text("Courtier ........ : Cabinet Robert (code 1819)\nMerci de missionner un vitrier.")
    mission = Mission()
    extract_prose(split.mission, "body", split.identity, mission)
    assert mission.get("broker_code") == "1819"


def test_complement_above_the_street_and_a_repair_already_done():
    text = (
        "Sociétaire\nM. Hugo LEMAIRE\nLot 7\n63 rue Pasteur\n28350 Dampierre-sur-Avre\n"
        "Dégât des eaux. Fuite réparée par l'entreprise de l'assuré.\n"
        "La réparation de la fuite a déjà été faite.\nMerci de dépêcher un menuisier pour les plinthes.\n"
    )
    split = split_mail_text(text)
    mission = Mission()
    extract_prose(split.mission, "body", split.identity, mission)
    assert mission.get("street") == "63 rue Pasteur" and mission.get("address_complement") == "Lot 7"
    assert mission.get("dde_cause_repaired") is True
    assert mission.get("trade") == "menuiserie"  # the repair done is no request for a plumber


def test_short_mail_and_software_extract_wordings():
    text = (
        "Bjr,\nVol de clefs chez M. Christophe CHEVALIER au 63 rue Nationale, 59730 Beaurain.\n"
        "Sin. c-2026-968685 / pol. MRH 004 4164.\nNotre cliente est MME Catherine PERRIN.\n"
        "Pouvez-vous faire passer un artisan électricien ?\nCode Allianz 4082.\n"
    )
    mission = Mission()
    split = split_mail_text(text)
    extract_prose(split.mission, "body", split.identity, mission)
    assert mission.get("policy_number") == "MRH0044164" and mission.get("broker_code") == "4082"
    assert mission.get("trade") == "electricite"
    mission = Mission()
    extract_prose("Notre cliente est MME Catherine PERRIN.", "body", split.identity, mission)
    assert (mission.get("civility"), mission.get("first_name"), mission.get("last_name")) == ("Mme", "Catherine", "PERRIN")


def _read(text: str, sender: str = "Claire Henry", address: str = "claire.henry@cabinet.example") -> dict:
    split = split_mail_text(text, sender, address)
    mission = Mission()
    extract_prose(split.mission, "body", split.identity, mission)
    return {k: v.value for k, v in mission.values.items()}


def test_a_name_stops_at_the_end_of_its_line():
    got = _read("Concerne : notre assurée Mme Chloé MARTIN\n\nMadame, Monsieur,\nSinistre C-2026-1.")
    assert (got["first_name"], got["last_name"]) == ("Chloé", "MARTIN")


def test_phones_in_international_and_uneven_groupings():
    got = _read("Vous pouvez joindre notre assurée au +33.6.58.19.12.50 ou au (+33) 5 68 68 59 12.")
    assert (got["phone"], got["phone2"]) == ("0658191250", "0568685912")
    assert _read("Notre assuré est joignable au 0372 46 07 04.")["phone"] == "0372460704"


def test_phones_of_the_sender_and_of_third_persons_are_not_the_insureds():
    got = _read(
        "Suivi du dossier : Claire Henry (03 12 54 72 94)\n"
        "Assurée : Mme Sophie JOLY, tél. 06 11 22 33 44\n"
        "• Témoin : Monsieur NOEL (voisin), tél. 07 59 02 48 43\n"
        "À noter – syndic : Cabinet Immo, M. Paul (gestionnaire), tél. 06.19.09.04.64. Le rendez-vous est à convenir avec notre assurée.\n"
    )
    assert got["phone"] == "0611223344" and "phone2" not in got


def test_the_brokers_code_in_his_signature():
    from odm_intake.extractors.fields.prose import extract_signature_codes

    split = split_mail_text(
        "Bonjour,\nMerci d'intervenir chez Mme Léa ROUX.\n\nCordialement,\nClaire Henry\nIdentifiant courtier Allianz : 3450\n",
        "Claire Henry",
        "claire.henry@cabinet.example",
    )
    mission = Mission()
    extract_signature_codes(split.signature, "body", mission)
    assert mission.get("broker_code") == "3450"
    for line, code in (("Intermédiaire Allianz – code 2327", "2327"), ("Notre code chez Allianz : 7965.", "7965")):
        mission = Mission()
        extract_signature_codes(line, "body", mission)
        assert mission.get("broker_code") == code


def test_the_insureds_own_mail_forwarded_by_outlook_is_read_with_its_signature():
    text = (
        "Bonjour,\nJe vous transfère le message de notre cliente, Mme CHEVALIER Catherine.\n\nBonne journée,\nClaire Henry\n\n"
        "________________________________\nDe : CHEVALIER Catherine <catherine.chevalier@free.fr>\nEnvoyé : mercredi 7 octobre 2026\n"
        "Objet : Sinistre\n\nBonjour,\nJ'habite au 69 boulevard Gambetta, 22210 Coëtlogon.\n\nCordialement,\nCHEVALIER Catherine\n06.14.19.97.20\n"
    )
    got = _read(text)
    assert (got["civility"], got["last_name"]) == ("Mme", "CHEVALIER")
    assert got["email"] == "catherine.chevalier@free.fr" and got["phone"] == "0614199720"
    assert got["street"] == "69 boulevard Gambetta"


def test_a_table_typed_in_plain_text_reads_as_labels():
    text = (
        "Merci d'ouvrir une mission :\n+-------------------+----------------------+\n| Rubrique | Renseignement |\n"
        "+===================+======================+\n| N° sinistre Allianz | C-2026-658004 |\n| Assuré | M. ROUSSEAU Nicolas |\n"
        "| Adresse du risque | 143 place de l'Église |\n|                   | 3e étage |\n|                   | 25620 Étalans |\n"
        "| Fixe | 05.63.19.64.43 |\n+-------------------+----------------------+\n"
    )
    split = split_mail_text(text, "Hugo Andre", "hugo.andre@cabinet.example")
    assert "Assuré : M. ROUSSEAU Nicolas" in split.mission and "|" not in split.mission


def test_a_quotation_without_attribution_is_the_mission_passed_on():
    text = (
        "Bonjour,\nJe vous transmets la mission ci-dessous.\n\n> Assuré : monsieur Julien Bertrand\n"
        "> Lieu du sinistre : 52 rue Nationale, 88240 Le Clerjus\n\nCordialement,\nStéphane Mercier\n"
    )
    got = _read(text, "Stéphane Mercier", "s.mercier@cabinet.example")
    assert got["street"] == "52 rue Nationale" and got["postal_code"] == "88240"
    # Under "Le ... a écrit :", quoted lines are earlier mails.
    assert "Paul AUTRE" not in split_mail_text(BROKER_MAIL, "Gérard Vidal", "g.vidal@cabinet-vidal.example").mission


def test_a_date_without_its_year_takes_the_mails():
    from datetime import date

    split = split_mail_text("Sinistre survenu le 28 déc., dégât des eaux.", "", "")
    mission = Mission(sent=date(2026, 11, 20))
    extract_prose(split.mission, "body", split.identity, mission)
    assert mission.get("date_of_loss") == "2025-12-28"


def test_a_day_named_before_the_date_in_brackets():
    from datetime import date

    text = "Le sinistre est survenu mercredi dernier (07/10) et a été déclaré à Allianz le 09/10."
    mission = Mission(sent=date(2026, 10, 12))
    extract_prose(text, "body", split_mail_text("").identity, mission)
    assert mission.get("date_of_loss") == "2026-10-07"


def test_doubtful_scanned_values_are_offered_below_sure():
    from datetime import date

    from odm_intake.extractors.fields.values import find_dates

    # "27/1 0/2026" is a split "10", not the 27th of January.
    assert [d for d, _, _ in find_dates("Date du sinistre 27/1 0/2026", date(2026, 11, 20))] != [date(2026, 1, 27)]
    mission = Mission()
    extract_prose("Adresse e-mail Céline.marie@orange.fr\nLimite de gestion _/ 500 €", "attachment:fax.tif#page=1", split_mail_text("", "", "").identity, mission)
    assert mission.values["email"].confidence < 0.7 and mission.values["management_limit_eur"].confidence < 0.7


def test_the_brokers_code_under_other_names():
    for line, code in [("Matricule courtier Allianz : 7193", "7193"), ("Code portefeuille Allianz 0823", "0823"),
                       ("Allianz broker code: 5912", "5912"), ("COD. COURT. ALLIANZ : 2769", "2769"),
                       ("Référencement Allianz n° 4577", "4577")]:
        split = split_mail_text(f"Merci de missionner un plombier.\n{line}")
        mission = Mission()
        extract_prose(split.mission, "body", split.identity, mission)
        assert mission.get("broker_code") == code, line


def test_a_chat_pasted_in_a_mail_answers_its_questions():
    text = ("Je vous colle mon échange avec notre cliente, Melle Céline RICHARD.\n"
            "[16:16] Moi : C'est une maison ou un appartement ? Vous êtes locataire ou propriétaire ?\n"
            "[16:17] RICHARD Céline : une maison, j'en suis propriétaire et j'y habite. Le 09 10 2026.\n"
            "Pourriez-vous programmer le déplacement d'un ouvrier serrurier ?")
    split = split_mail_text(text)
    mission = Mission()
    extract_prose(split.mission, "body", split.identity, mission)
    assert (mission.get("civility"), mission.get("first_name"), mission.get("last_name")) == ("Mme", "Céline", "RICHARD")
    assert (mission.get("housing"), mission.get("date_of_loss"), mission.get("trade")) == ("maison", "2026-10-09", "serrurerie")


def test_the_insureds_mailing_address_is_not_the_risk_address():
    from odm_intake.extractors.fields.form import find_labels
    from odm_intake.extractors.fields.interpret import apply_hits
    from odm_intake.extractors.words import page_from_text

    page = page_from_text("Adresse de correspondance : 48 rue Pasteur, 10160 Bérulle\n"
                          "Adresse du risque (lieu des travaux) : 87 bis rue des Écoles, 59139 Noyelles-lès-Seclin")
    mission = Mission()
    apply_hits(find_labels(page), lambda p: "body", mission)
    assert (mission.get("street"), mission.get("postal_code")) == ("87 bis rue des Écoles", "59139")


def test_a_closing_formula_misread_on_a_scan_still_opens_the_signature():
    from odm_intake.extractors.mailtext import is_closing

    assert is_closing("Cordislement.", scanned=True) and not is_closing("Cordislement.")
    assert not is_closing("Coordonnées", scanned=True)


def test_a_forms_row_read_as_prose_gives_no_label_for_a_name():
    mission = Mission()
    extract_prose("Civilité M. ☒ Mme Nom MATHIEU Prénom\n2. ASSURÉ ET LIEU DU SINISTRE", "body", split_mail_text("").identity, mission)
    assert mission.get("last_name") == "MATHIEU" and mission.get("first_name") is None


def test_answers_written_under_our_quoted_questions_take_them_as_labels():
    text = ("Bonjour,\nMes réponses sous vos questions.\nCordialement,\nAurélie Fontaine\nTél. 01 62 25 45 99\n\n"
            "Le 21/10/2026 à 11:08, Multiassistance <gestion@multiassistance.example> a écrit :\n"
            "> Concernant le sinistre de M. Paul AUTRE, merci de compléter :\n>\n"
            "> 1. Nom et prénom de l'assuré(e) :\nRéponse : Mme Sylvie JOLY\n>\n"
            "> 2. Maison ou appartement ?\n► une maison\n")
    split = split_mail_text(text, "Aurélie Fontaine", "a.fontaine@cabinet.example")
    assert "Nom et prénom de l'assuré(e) : Mme Sylvie JOLY" in split.mission
    assert "\nune maison" in split.mission  # a question offering a choice labels nothing
    assert "AUTRE" not in split.mission and "0162254599" in split.identity.phones


def test_an_outlook_reply_in_html_answers_under_the_questions():
    text = ("Bonjour,\nCordialement,\nHugo Masson\nTél. 05 95 97 34 41\n"
            "De : Multiassistance <gestion@multiassistance.example>\nEnvoyé : samedi 24 octobre 2026 10:48\n"
            "Objet : éléments manquants\n\n1. Nom et prénom de l'assuré(e) :\n\n--> Mᵐᵉ Isabelle BERNARD\n")
    split = split_mail_text(text, "Hugo Masson", "hugo@cabinet.example")
    assert "Nom et prénom de l'assuré(e) : Mme Isabelle BERNARD" in split.mission


def test_the_insureds_details_under_the_signature():
    text = ("Cf. objet.\nCordialement,\nCamille Mathieu\nMorin Courtage\nTél. 03 09 33 50 30\n"
            "________________________________\nCoordonnées assuré :\nM. MOREAU François\n2 rue de la Gare\n24380 Vergt\n"
            "Portable : 06 35 33 08 16\n")
    split = split_mail_text(text, "Camille Mathieu", "c.mathieu@cabinet.example")
    assert "M. MOREAU François" in split.mission and "0635330816" not in split.identity.phones
    assert "0309335030" in split.identity.phones


def test_a_date_after_the_mail_is_never_the_loss():
    from datetime import date

    mission = Mission(sent=date(2026, 11, 2))
    extract_prose("Intervention souhaitée le 15/11/2026. Sinistre du 28/10/2026.", "body", split_mail_text("").identity, mission)
    assert mission.get("date_of_loss") == "2026-10-28"


def test_a_contract_sheet_pasted_above_the_claim():
    """Its guarantees name trades and amounts, its dates are the contract's: none is the mission's."""
    text = """Merci de mandater un électricien qualifié.
Contrat : AZ75403022
Date d'effet : 01/08/2022
Garanties souscrites :
  Recherche de fuite                   plafond 2 000 €
Reçu le : 08/10/2026
Survenu le : six octobre 2026
Notre assurée mlle Fatou KERVELLA s'est fait voler ses clés.
"""
    split = split_mail_text(text, "Pierre-Yves Morvan", "pym@horizon-courtage.example")
    mission = Mission(sent=__import__("datetime").date(2026, 10, 9))
    extract_prose(split.mission, "body", split.identity, mission)
    got = {k: v.value for k, v in mission.values.items()}
    assert got["trade"] == "electricite" and got["date_of_loss"] == "2026-10-06"
    assert (got["civility"], got["last_name"], got["peril"]) == ("Mme", "KERVELLA", "vol_cles")


def test_a_dictated_sentence_and_a_signature_naming_the_sender_before_his_firm():
    text = ("Bonjour, pourriez-vous envoyer un menuisier chez M. CARON Jean-Baptiste (tél. 06.77.20.55.94, mail jb.caron@zoho.eu) "
            "à son domicile au 126 bis rue d'Alsace-Lorraine, 97139 Les Abymes.\n\nPierre-Yves Fabre – Agence de courtage Vauban\nPort. 06.66.57.36.08\n")
    split = split_mail_text(text, "Pierre-Yves Fabre", "pierre-yves.fabre@vauban-courtage.example")
    mission = Mission()
    extract_prose(split.mission, "body", split.identity, mission)
    got = {k: v.value for k, v in mission.values.items()}
    assert got["street"] == "126 bis rue d'Alsace-Lorraine" and got["phone"] == "0677205594" and "phone2" not in got


def test_a_city_with_its_postcode_in_brackets():
    mission = Mission()
    text = "Intervention au 49 rue de la Fontaine (Entrée 2 – 1er étage) à Les Abymes (97139) pour Mme Agnès LEJEUNE."
    extract_prose(text, "body", split_mail_text("").identity, mission)
    got = {k: v.value for k, v in mission.values.items()}
    assert (got["street"], got["address_complement"], got["postal_code"], got["city"]) == ("49 rue de la Fontaine", "Entrée 2 – 1er étage", "97139", "Les Abymes")


def test_a_guarantee_ceiling_is_no_management_limit():
    mission = Mission()
    text = "Garanties souscrites :\n  Dégâts des eaux                      plafond 30 000 € – franchise 150 €\nMerci d'intervenir.\n"
    extract_prose(text, "body", split_mail_text("").identity, mission)
    assert "management_limit_eur" not in mission.values


def _prose(text: str, scanned: bool = False) -> dict:
    """The values prose reading finds in ``text``, typed in a body or (``scanned``) OCRed from a fax."""
    mission = Mission()
    source = "attachment:fax.tif#page=1" if scanned else "body"
    extract_prose(text, source, split_mail_text("", "", "").identity, mission, scanned=scanned)
    return {k: v.value for k, v in mission.values.items()}


def test_wordings_of_codes_limits_and_requests():
    fields = _prose(
        "Je vous sollicite pour l'envoi d'un réparateur en serrurerie chez elle.\n"
        "Devis à nous soumettre si le montant dépasse 800 € TTC.\n"
        "Cabinet enregistré chez Allianz sous le n° 8105.\n"
    )
    assert (fields["trade"], fields["management_limit_eur"], fields["broker_code"]) == ("serrurerie", 800, "8105")
    assert _prose("Limite de prise en charge directe : 450 € TTC.")["management_limit_eur"] == 450


def test_a_mail_in_english():
    fields = _prose(
        "We act for Mr John SMITH, who owns the house and lets it out.\n"
        "He reported a vehicle hitting the property on Friday 2nd October 2026.\n"
        "Could you please arrange for a glazing contractor to attend? You are authorised to spend up to €800.\n"
        "The leak has since been fixed.\nOur Allianz broker code is 7254.\n"
    )
    assert fields["occupation"] == "proprietaire_non_occupant" and fields["peril"] == "choc_vehicule"
    assert (fields["trade"], fields["management_limit_eur"], fields["broker_code"]) == ("vitrerie", 800, "7254")
    assert fields["dde_cause_repaired"] is True and str(fields["date_of_loss"]) == "2026-10-02"


def test_a_scans_spaced_at_sign_and_an_agents_direct_line():
    mission = Mission()
    text = "Ugne directe : 05 56 10 40 38\nLe prestataire vous appellera au 0647697970.\nCourriel : stephane.bonnet@ gmail.com.\n"
    extract_prose(text, "fax", split_mail_text("", "", "").identity, mission, scanned=True)
    assert mission.values["phone"].value == "0647697970" and "phone2" not in mission.values
    assert mission.values["email"].value == "stephane.bonnet@gmail.com"


def test_the_agencys_address_misread_on_a_scan_is_still_the_senders():
    identity = split_mail_text("", "Agence Allianz Dumont", "agence.dumont@allianz-agence.example").identity
    mission = Mission()
    extract_prose("Courriel : agence.dumont@ ailianz-agence.exampie\n", "fax", identity, mission, scanned=True)
    assert "email" not in mission.values


def test_a_files_history_gives_the_date_written_before_its_event():
    fields = _prose("- 03/11/2026 : survenance – perte de ses clés.\n- 06/11/2026 : déclaration enregistrée.\n")
    assert str(fields["date_of_loss"]) == "2026-11-03"
    assert _prose("Appeler Mde Maïwenn DIALLO au 0793222544.")["civility"] == "Mme"
    assert _prose("Msieur Goulven COMBES, propriétaire absent des lieux.")["occupation"] == "proprietaire_non_occupant"


def test_a_forms_footnote_listing_the_answers_names_none():
    fields = _prose(
        "Agence Allianz Thomas, code agent n° 678245, donne mandat.\n"
        "Le bien sinistré est maison (1), dont l'assuré(e) est locataire (2).\n"
        "(1) maison ou appartement.\n(2) propriétaire occupant, propriétaire non occupant ou locataire.\n"
    )
    assert (fields["agent_code"], fields["housing"], fields["occupation"]) == ("678245", "maison", "locataire")


def test_a_policy_number_after_words_a_scan_glued():
    assert _prose("Au titre ducontratn° AZ 3590 3831, l'assuré a déclaré un sinistre.")["policy_number"] == "AZ35903831"


def test_round_ten_broker_wordings():
    fields = _prose(
        "Code de rattachement Allianz : 1978\n"
        "Il s'agit d'un F5 dont l'assuré est signataire du bail. La fuite est colmatée.\n"
        "Budget maximal sans accord préalable : 800 € TTC au plus.\n"
    )
    assert (fields["broker_code"], fields["occupation"], fields["dde_cause_repaired"]) == ("1978", "locataire", True)
    assert fields["management_limit_eur"] == 800
    assert _prose("Origine de la fuite : non traitée à ce jour.")["dde_cause_repaired"] is False
    assert _prose("Précisions : origine de la fuite : traitée.")["dde_cause_repaired"] is True
    assert _prose("La fuite n'est toujours pas colmatée.")["dde_cause_repaired"] is False
    perils = {
        "trousseau subtilisé du 30.10.26": "vol_cles", "trousseau introuvable": "perte_cles", "perte de ses clés": "perte_cles",
        "vitre étoilée": "bris_de_glace", "bris d'une vitre": "bris_de_glace", "dégâts occasionnés par l'eau": "dde",
        "accident de véhicule contre le bien": "choc_vehicule", "choc d'un engin motorisé": "choc_vehicule",
    }
    for wording, peril in perils.items():
        assert _prose(f"Événement : {wording}.")["peril"] == peril, wording


def test_civilities_spaced_or_in_lowercase_and_a_name_ending_like_one():
    fields = _prose("1) Appeler M . Sylvain Jaouen au 07 68 20 83 42 pour fixer le rendez-vous.")
    assert (fields["civility"], fields["first_name"], fields["last_name"]) == ("M.", "Sylvain", "Jaouen")
    fields = _prose("Étape 1 – Appeler mademoiselle Armelle SANTONI au 0648004755.")
    assert (fields["civility"], fields["first_name"], fields["last_name"]) == ("Mme", "Armelle", "SANTONI")


def test_a_footnote_whose_answer_a_scan_misread_still_names_none():
    fields = _prose(
        "Le bien sinistré est appartement (1), dont l'assuré(e) est locataire (2).\n"
        "(2) propriétaire occupant, propriéture non occupant où locataire.\n"
    )
    assert fields["occupation"] == "locataire"


def test_a_scanned_mandates_numbers_with_their_cues_misread():
    fields = _prose(
        "Agence Allianz Vincent .codeagentn® 575967: donne mandat à la suciété Multiassistance\n"
        "que l'on peut joindre au 06.92.20,14.96 ou au\n"
        "Au titre du contru n° MRH 2580182 . l'assuré(e) a déclaré un sinistre Bris de glace\n"
        "survenu le 20 oct. 2026 ,enregisiré sous la référence 89794323\n",
        scanned=True,
    )
    assert (fields["agent_code"], fields["policy_number"], fields["phone"]) == ("575967", "MRH2580182", "0692201496")
    assert fields["claim_number"] == "B9794323"
    assert _prose("Autitre du contratn® AZ 0341 7693 . l'assuré(e)", scanned=True)["policy_number"] == "AZ03417693"


def test_a_footnote_a_scan_misread_further_still_names_none():
    fields = _prose(
        "Le bien sinistréest appartement (1). dont l'assuré(e) Propriétaire occupant (2).\n"
        "A2 | propriétaire accupant, propriétaire non ivupant où locataire.\n",
        scanned=True,
    )
    assert fields["occupation"] == "proprietaire_occupant"
    fields = _prose("Le bien sinistré est maison | h. dont l'assuré(e) est locataire (2).\nCD tue ou appartement\n", scanned=True)
    assert fields["housing"] == "maison"


def test_a_date_without_its_year_is_a_guess():
    import datetime

    def date_confidence(text: str) -> float:
        mission = Mission(sent=datetime.date(2026, 11, 9))
        extract_prose(text, "body", split_mail_text("", "", "").identity, mission)
        return mission.values["date_of_loss"].confidence

    assert date_confidence("- 03/11 : survenance – perte de ses clés.") < 0.8
    assert date_confidence("Sinistre survenu le 6.10.26.") >= 0.8


def test_an_abbreviated_non_occupying_owner_beside_a_let_property():
    assert _prose("Statut P. N-OCC (bien loué)")["occupation"] == "proprietaire_non_occupant"


def test_an_agent_cue_a_scan_cut_short():
    assert _prose("_Agance Allianz Mercier code ageni n° 827176 donne mandai", scanned=True)["agent_code"] == "827176"


def test_a_compact_mails_first_line_is_the_insureds():
    fields = _prose("Mad. BARRE Yasmine - 11 rue d'Alsace-Lorraine, 64500 Saint-Jean-de-Luz - +33 765 126 460")
    assert (fields["civility"], fields["last_name"], fields["street"], fields["phone"]) == ("Mme", "BARRE", "11 rue d'Alsace-Lorraine", "0765126460")


def test_compact_wordings_of_a_cause_an_occupation_and_lost_keys():
    assert _prose("Fuite non neutralisée à ce jour.")["dde_cause_repaired"] is False
    assert _prose("Pas encore réparé, il y a toujours une fuite.")["dde_cause_repaired"] is False
    assert _prose("Appartement en attique (PROPR. OCC.).")["occupation"] == "proprietaire_occupant"
    assert _prose("Clés du domicile perdues : jeu de clés oublié sur un banc.")["peril"] == "perte_cles"


def test_a_street_followed_by_its_city_and_bracketed_postcode():
    fields = _prose("Merci d'intervenir chez M. Antoine GUERIN à son domicile au 133 bis impasse des Rosiers à Pinols (43300).")
    assert (fields["street"], fields["city"], fields["postal_code"]) == ("133 bis impasse des Rosiers", "Pinols", "43300")


def test_the_senders_contact_in_a_tools_footer_is_no_insured_phone():
    fields = _prose("Mme Aurélie DURAND, mobile 07.27.66.15.35.\nVotre contact : Bernard Boyer, Service sinistres – 05 71 23 19 68")
    assert fields["phone"] == "0727661535" and "phone2" not in fields
    fields = _prose("Mme Aurélie DURAND, mobile 07.27.66.15.35.\nPour toute question : Céline Durand, Chargé(e) de clientèle, 05 87 04 15 31.")
    assert "phone2" not in fields


def test_an_owner_who_does_not_live_there_said_in_the_first_person():
    assert _prose("Je suis propriétaire du logement mais je n'y habite pas, c'est une location.")["occupation"] == "proprietaire_non_occupant"


def test_a_scans_policy_prefix_and_building_letter_repaired_in_prose():
    fields = _prose("Au titre du contrat n° A272425644 .l'assuré(e) a déclaré un sinistre.\n32 rue des Lilas, Bât. À, 64120 Bunus\n", scanned=True)
    assert (fields["policy_number"], fields["address_complement"]) == ("AZ72425644", "Bât. A")


def test_more_ways_to_say_whether_the_cause_was_repaired():
    wordings = {
        "Réparation cause   | Non effectuée": False, "La réparation de la fuite n'a pas encore été faite.": False,
        "Réparation de la cause : non, en attente.": False, "Aucune réparation de la cause pour le moment.": False,
        "Ça fuit toujours, rien n'a été réparé.": False, "Origine du sinistre réparée, plus aucune fuite.": True,
        "Réparation de la cause : faite.": True,
    }
    for wording, repaired in wordings.items():
        assert _prose(f"Dégât des eaux. {wording}").get("dde_cause_repaired") is repaired, wording


def test_more_wordings_of_perils():
    perils = {
        "percussion par un véhicule": "choc_vehicule", "une moto a percuté le portillon": "choc_vehicule",
        "perte du jeu de clés": "perte_cles", "vol du jeu de clés": "vol_cles", "Dommages dus à l'eau": "dde",
    }
    for wording, peril in perils.items():
        assert _prose(f"Sinistre : {wording}.")["peril"] == peril, wording


def test_a_sentence_on_the_cause_is_no_request_unless_it_asks():
    fields = _prose("La réparation de la fuite n'a pas encore été faite. Merci d'envoyer un diagnostiqueur pour la recherche de fuite.")
    assert fields["trade"] == "recherche_fuite"
    assert _prose("La fuite n'est pas réparée, merci d'envoyer un plombier.")["trade"] == "plomberie"


def test_a_contracts_guarantee_row_is_no_request_a_capped_request_is():
    from odm_intake.extractors.fields.prose import request_text

    assert request_text("Garanties : Recherche de fuite      plafond 2 000 €") == ""
    asked = "Pourriez-vous solliciter un technicien du vitrage pour intervenir ; prise en charge plafonnée à 800 EUROS."
    assert request_text(asked) == asked


def _prose_of(text: str) -> dict:
    from datetime import date

    mission = Mission(sent=date(2026, 11, 2))
    extract_prose(text, "body", split_mail_text(text).identity, mission)
    return {k: v.value for k, v in mission.values.items()}


def test_a_contract_named_before_its_number_and_a_code_under_which_the_firm_works():
    got = _prose_of("M. Paul RIVIERE est assuré au titre du contrat multirisque habitation n° HAB 123 456 7.\nNous intervenons chez Allianz sous le code 4025.")
    assert got["policy_number"] == "HAB1234567" and got["broker_code"] == "4025"
    got = _prose_of("Courtier immatriculé à l'ORIAS sous le n° 56153078 et référencé chez Allianz sous le code 5176.")
    assert got["broker_code"] == "5176"
    assert _prose_of("Réf. apporteur chez Allianz : 7228")["agent_code"] == "7228"
    assert _prose_of("Code courtier attribué par Allianz : 3488")["broker_code"] == "3488"
    assert _prose_of("Allianz nous a attribué le code 9714.")["broker_code"] == "9714"
    assert _prose_of("Référence de notre cabinet chez Allianz : 9325")["broker_code"] == "9325"


def test_a_letters_own_date_is_no_loss_date():
    got = _prose_of("Perpignan, le 24 octobre 2026\n\nObjet : votre déclaration de sinistre du lun. 19/10/2026\n")
    assert got["date_of_loss"] == "2026-10-19"


def test_the_dwelling_named_with_its_address_outweighs_the_addressees_home():
    text = (
        "Mme Léa ROUX\n4 rue du Lac\n81100 Castres\n\n"
        "Le sinistre est survenu dans votre appartement du 98 rue des Capucines, 05100 Briançon, que vous louez.\n"
    )
    got = _prose_of(text)
    assert (got["street"], got["postal_code"]) == ("98 rue des Capucines", "05100")


def test_held_out_wordings_of_perils_and_occupations():
    assert _prose_of("un dommage causé par les eaux")["peril"] == "dde"
    assert _prose_of("un choc par véhicule à moteur")["peril"] == "choc_vehicule"
    assert _prose_of("heurt du bien par un véhicule")["peril"] == "choc_vehicule"
    assert _prose_of("bris d'un vitrage")["peril"] == "bris_de_glace"
    assert _prose_of("vitrage endommagé")["peril"] == "bris_de_glace"
    assert _prose_of("propriétaire n'occupant pas le logement")["occupation"] == "proprietaire_non_occupant"
    assert _prose_of("bien loué, l'assurée n'y habite pas")["occupation"] == "proprietaire_non_occupant"
    assert _prose_of("Dégât des eaux. La cause est toujours là, rien n'est réparé.")["dde_cause_repaired"] is False
    assert _prose_of("Merci d'envoyer un spécialiste des dépannages électriques.")["trade"] == "electricite"
    assert _prose_of("Montant pris en charge sans devis : EUR 500,00 TTC.")["management_limit_eur"] == 500
    assert _prose_of("Pas de devis nécessaire en dessous de 800 euros TTC.")["management_limit_eur"] == 800
    assert _prose_of("Dégât des eaux. Circonstances : tache au plafond. Cause réparée : non.")["dde_cause_repaired"] is False
    assert _prose_of("Une fuite. L'origine de la fuite est désormais réparée.")["dde_cause_repaired"] is True
    assert _prose_of("Une fuite. La fuite a depuis été réparée par un artisan.")["dde_cause_repaired"] is True
    assert _prose_of("Sinistre déclaré, contrat AZ4 737 3893. Le raccord a cédé.")["policy_number"] == "AZ47373893"


def test_a_mandate_names_the_firms_seat_before_the_insured():
    text = (
        "Cabinet Hermine, dont le siège est situé 55 cours Saint-Louis, 36000 Châteauroux, ci-après « le Mandant ».\n"
        "La mission est exécutée au profit de Mselle NAVARRO Maryvonne, joignable au 02 31 29 08 00.\n"
        "La prestation sera exécutée à l'adresse suivante : 40 bis rue Molière, 06130 Grasse.\n"
    )
    got = _prose_of(split_mail_text(text).mission)
    assert (got["civility"], got["last_name"], got["first_name"]) == ("Mme", "NAVARRO", "Maryvonne")
    assert (got["street"], got["postal_code"]) == ("40 bis rue Molière", "06130")


def test_a_purchase_orders_amounts_and_a_visits_findings():
    said = {
        "Montant d'intervention autorisé : 800 € TTC max..": ("management_limit_eur", 800),
        "Au-dessus de 800 EUR (TTC), devis obligatoire.": ("management_limit_eur", 800),
        "TOTAL AUTORISÉ TTC : 500 EUR (TTC)": ("management_limit_eur", 500),
        "Montant : sur devis, à nous soumettre avant travaux.": ("management_limit_eur", None),
        "La fuite n'a toujours pas été réparée.": ("dde_cause_repaired", False),
        "Un artisan est déjà passé réparer la fuite.": ("dde_cause_repaired", True),
        "Sinistre : écoulement accidentel d'eau du 11 octobre 2026": ("peril", "dde"),
    }
    for text, (key, value) in said.items():
        mission = Mission()
        extract_prose(text, "body", split_mail_text("").identity, mission)
        assert mission.get(key) == value, text


def test_the_place_of_the_loss_named_in_a_note_beats_an_address_above():
    text = (
        "Agence Allianz Henry\n29 rue de la Gare, 33000 Bordeaux\n"
        "Sinistre ouvert sous le n° B7716206. Lieu du\n11:34\n\nsinistre : 149 avenue Jean Jaurès, 85450 Vouillé-les-Marais.\n"
    )
    mission = Mission()
    extract_prose(text, "body", split_mail_text("").identity, mission)
    assert (mission.get("street"), mission.get("city")) == ("149 avenue Jean Jaurès", "Vouillé-les-Marais")


def test_another_number_to_reach_the_insured_is_the_second_wherever_written():
    text = (
        "Communique ses coordonnées – autre numéro où le (la) joindre : 0270450489.\n"
        "Assuré(e) rappelé(e) au 0624323440. Le bien sinistré est un appartement.\n"
    )
    mission = Mission()
    extract_prose(text, "body", split_mail_text("").identity, mission)
    assert (mission.get("phone"), mission.get("phone2")) == ("0624323440", "0270450489")


REMINDER = """Bonjour,

2e relance : aucun retour sur la mission transmise le 06/10 à 10:44, malgré notre relance du 07/10 à 12:45.
Notre assurée est aussi joignable au 04 28 44 78 70.

> Assurée : Mme Marie-Thérèse STOECKEL
> Tél. : 07 56 01 89 68
> Sinistre : sinistre eau (fuite) – 5/10/2026 dans l'après-midi
"""


def test_a_reminders_own_dates_are_no_loss_and_its_new_number_is_the_second():
    fields = _read(REMINDER)
    assert fields["date_of_loss"] == "2026-10-05"
    assert fields["phone2"] == "0428447870"


def test_a_neighbour_named_with_his_civility_gives_no_phone_of_the_insured():
    text = "Assuré : M. Nolan ÇELIK, tél. 01 37 30 12 19.\nEn cas de difficulté, le voisin, M. Gilbert GUYON, peut guider l'intervenant : 0180654010.\n"
    fields = _read(text)
    assert fields["phone"] == "0137301219" and fields.get("phone2") is None


def test_the_insureds_words_in_guillemets_name_no_trade_and_a_doubled_stop_after_a_civility():
    text = (
        "Nouvelle mission pour notre client M.. Maurice Cornec, demeurant 23 boulevard Pasteur, 18100 Vierzon.\n"
        "Ses explications avec l'envoi : « Un volet rabattu par le vent a brisé la vitre. »\n"
        "Est-il possible d'organiser la venue d'une entreprise de vitrerie ?\n"
        "Sinistre : clés d'entrée perdues le 17/10/2026.\n"
    )
    fields = _read(text)
    assert (fields["civility"], fields["last_name"], fields["trade"], fields["peril"]) == ("M.", "Cornec", "vitrerie", "perte_cles")


def test_nothing_leaks_any_more_the_cause_is_repaired():
    from odm_intake.extractors.fields.prose import cause_repaired
    from odm_intake.extractors.text import fold

    assert cause_repaired(fold("Plus rien ne fuit, la réparation est faite.")) is True
    assert cause_repaired(fold("Rien n'est réparé, la fuite continue.")) is False


def test_a_contracts_guarantees_with_leaders_are_no_limit_and_broker_codes_with_a_gloss():
    text = (
        "Garanties souscrites :\n  Recherche de fuite ................. plafond 3 000 €\n\n"
        "Merci d'envoyer un plombier.\n\nCode courtier (Allianz) : 8822\n"
    )
    fields = _read(text)
    assert "management_limit_eur" not in fields and fields["broker_code"] == "8822"
    assert _read("Merci d'envoyer un plombier.\nCode intermédiaire du cabinet : 5726\n")["broker_code"] == "5726"


def test_a_platforms_hotline_is_no_phone_of_the_insured():
    from odm_intake.extractors.fields.prose import _someone_else
    from odm_intake.extractors.mailtext import SenderIdentity
    from odm_intake.extractors.text import fold

    assert _someone_else(fold("Ne répondez pas à ce message automatique. Assistance SinistreLink :"), SenderIdentity())


def test_a_relatives_number_is_no_phone_of_the_insured_and_typed_slips_in_captions():
    text = (
        "Notre cliente Mme Philippine GRANDCLAUDE, 80 rue des Savonniers, 62000 Arras.\n"
        "Téléphone : 06 22 59 29 45\nrappel possible sa fille (Clémentine Van Hove) 06 51 69 67 43\n"
        "Pour Allianz, notre code est le 3450.\n"
        "Plafond de prise en charge sans accord préalable : 800 euros TTC.\n"
        "Une voiture ayant percuté le portail. La réparation de la fuite est faite.\n"
        "Il faut une entreprise spécialisée dans la détection des fuites.\n"
    )
    fields = _read(text)
    assert (fields["phone"], fields.get("phone2")) == ("0622592945", None)
    assert (fields["broker_code"], fields["management_limit_eur"], fields["peril"]) == ("3450", 800, "choc_vehicule")
    assert (fields["dde_cause_repaired"], fields["trade"]) == (True, "recherche_fuite")


def test_the_address_a_cue_announces_wins_over_a_letters_postal_block():
    text = (
        "Identifiant courtier chez Allianz : 2384\n\n\nMme BAYLE Soraya\n50 rue du Four à Chaux\n17100 Saintes\n\n"
        "Je vous écris pour déclarer un sinistre dans ma maison que je loue au\n142 place du Marché aux Herbes, 01090 Montmerle-sur-Saône.\n"
    )
    fields = _read(text)
    assert (fields["street"], fields["postal_code"]) == ("142 place du Marché aux Herbes", "01090")


def test_a_loss_told_with_its_date_in_brackets_and_the_keys_of_the_home():
    fields = _read(
        "Pour le compte de notre cliente Mme Sixtine Ostermann :\n"
        "Trousseau de la maison perdu (21/10/2026 dans la soirée), sinistre Allianz C-2026-910565.\n"
        "La fuite n'est toujours pas stoppée. Code d'agence Allianz : 7707\n"
    )
    assert (fields["date_of_loss"], fields["peril"], fields.get("housing")) == ("2026-10-21", "perte_cles", None)
    assert fields["dde_cause_repaired"] is False
    assert _read("La cause (la fuite) a déjà été éliminée.")["dde_cause_repaired"] is True


def test_a_peril_in_brackets_before_its_date_a_code_the_firm_bears_an_owner_letting():
    fields = _read(
        "Notre assuré M. CASABIANCA Anselme a subi un sinistre (INC – feu circonscrit) jeudi 29/10/2026 au 3 venelle des Charrons, "
        "01400 Châtillon-sur-Chalaronne.\nPropriétaire, logement occupé par un locataire. Le cabinet porte le code Allianz 1674.\n"
        "Code de l'intermédiaire chez Allianz : 1610\n"
    )
    assert (fields["date_of_loss"], fields["occupation"], fields["broker_code"]) == ("2026-10-29", "proprietaire_non_occupant", "1674")


def test_a_home_damaged_by_a_vehicle_and_a_securing_that_names_no_trade():
    fields = _read("Survenu le 1/11/2026 : bien endommagé par un véhicule.\nL'entreprise n'a fait qu'une mise en sécurité. Nous sollicitons l'envoi d'un menuisier.\n")
    assert (fields["peril"], fields["trade"]) == ("choc_vehicule", "menuiserie")


def test_a_calls_date_is_no_loss_and_my_sisters_number_no_phone_of_mine():
    fields = _read("Appel entrant du 28/10/2026 à 11:49.\nC'était le 26 octobre 2026.\nLe fixe, le 01 74 33 75 00. Sinon, appelez ma sœur, Bathilde, au 0630236835.\n")
    assert (fields["date_of_loss"], fields["phone"], fields.get("phone2")) == ("2026-10-26", "0174337500", None)


def test_a_name_said_again_with_its_first_name_and_a_surname_with_particles_in_capitals():
    got = _read("2. Oui bonjour, c'est Madame MOUGENOT, euh, Mahaut MOUGENOT, je suis assurée chez vous.\n")
    assert (got["civility"], got["first_name"], got["last_name"]) == ("Mme", "Mahaut", "MOUGENOT")
    got = _read("Ci-dessous le signalement du gestionnaire ; notre assurée est Mme DE LA MOTTE Mahaut.\n")
    assert (got["first_name"], got["last_name"]) == ("Mahaut", "DE LA MOTTE")


def test_the_broker_in_charge_and_a_caretaker_are_not_the_insured_to_call():
    got = _read(
        "Mme Courbassier, qui suit ce dossier, m'a demandé de vous transmettre la demande suivante.\n"
        "Sa cliente (Mme Marie-Pascale BOURGEON) attend votre appel au 0666412856 ; pour toute question sur le dossier, "
        "Mme Courbassier est au 07.95.04.49.51.\n"
        "Pour l'accès aux parties communes, contactez M. Adelphe Caporossi, gardien de la résidence, au 06.76.83.48.25.\n",
        "Boubacar Vandeputte", "boubacar@ponthieu.example",
    )
    assert (got["phone"], got.get("phone2")) == ("0666412856", None)


def test_keys_taken_in_a_bag_snatching_and_keys_dropped_and_never_found():
    assert _read("Sinistre : clés prises lors d'un vol à l'arraché le 13/10/2026.\n")["peril"] == "vol_cles"
    assert _read("Sinistre : clés tombées et jamais retrouvées le 18/10/2026.\n")["peril"] == "perte_cles"


def test_a_leak_left_to_repair_or_stopped_then_repaired_and_an_owner_living_elsewhere():
    dde = "Dégât des eaux le 12/10/2026. "
    assert _read(dde + "L'origine de la fuite reste à réparer.\n")["dde_cause_repaired"] is False
    assert _read(dde + "Réparation de la fuite : pas faite à ce jour.\n")["dde_cause_repaired"] is False
    assert _read(dde + "La fuite n'a toujours pas été reprise.\n")["dde_cause_repaired"] is False
    assert _read(dde + "La fuite a été arrêtée puis réparée.\n")["dde_cause_repaired"] is True
    assert _read(dde + "Qualité : PROP. NON RÉSIDENT\n")["occupation"] == "proprietaire_non_occupant"
    assert _read(dde + "Qualité : PROP. HABITANT\n")["occupation"] == "proprietaire_occupant"


def test_a_post_scriptum_below_the_signature_and_a_contract_changed_to_allianz():
    got = _read(
        "Notre client M. Ambrosio Laffitte a subi un bris de glace.\n\nCordialement,\n\nThéophane Lacrampe\nLigne fixe : 03 08 94 37 04\n\n"
        "PS : J'oubliais les références Allianz : sinistre C 7738/3557, contrat 166/02574 AZ.\n"
        "PS 2 : Son téléphone : 07/71.87.22.85.\n",
        "Théophane Lacrampe", "t.lacrampe@cabinet-boulonnais.example",
    )
    assert (got["claim_number"], got["policy_number"], got["phone"]) == ("C7738/3557", "166/02574AZ", "0771872285")
    got = _read(
        "Notre cliente a quitté Mutuelle Atlantique pour Allianz : son contrat Allianz MRH AZ.7389.3236 a pris effet le 16/09/2026.\n"
        "Sinistre : incendie le 30/10/2026.\n✔ Contrat vérifié : AZ.7389.3236\n"
    )
    assert (got["policy_number"], got["date_of_loss"]) == ("MRHAZ.7389.3236", "2026-10-30")
    assert _read("✔ Contrat vérifié : AZ-MRH/197796\n")["policy_number"] == "AZ-MRH/197796"
