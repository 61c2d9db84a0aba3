"""Draft assembly: confidences of scanned values and the low_confidence flag."""

from __future__ import annotations

from odm_intake.extractors import mail
from odm_intake.extractors.fields.evidence import FieldValue, Mission


def _mission(**values: FieldValue) -> Mission:
    mission = Mission()
    for key, fv in values.items():
        mission.offer(key, fv)
    return mission


def test_a_guessed_decisive_field_flags_the_draft():
    guess = _mission(claim_number=FieldValue("B1234567", 0.3, "body", "sinistre 8l234567", method="prose"),
                     peril=FieldValue("dde", 0.9, "body", "dégât des eaux", method="prose"))
    draft = mail._draft("odm_agence", guess, "body", "", [])
    codes = [w["code"] for w in draft.warnings]
    assert "low_confidence" in codes
    assert "n° de sinistre" in next(w["message"] for w in draft.warnings if w["code"] == "low_confidence")

    sure = _mission(claim_number=FieldValue("B1234567", 0.95, "body", "sinistre B1234567", method="prose"))
    assert "low_confidence" not in [w["code"] for w in mail._draft("odm_agence", sure, "body", "", []).warnings]
    # Noise is never flagged.
    assert not mail._draft("other", guess, "body", "", []).warnings


def test_scanned_values_take_the_calibrated_confidence(monkeypatch):
    monkeypatch.setattr(mail.calibration, "calibrated", lambda key, fv: 0.42)
    fv = FieldValue("0612345678", 0.95, "attachment:fax.tif#page=1", "Tél 06 12 34 56 78", ocr_conf=0.9)
    typed = FieldValue("B1234567", 0.95, "subject", "ODM B1234567", method="subject")
    draft = mail._draft("odm_agence", _mission(phone=fv, claim_number=typed), "fax_tiff", "", [])
    assert draft.confidence["phone"] == 0.42 and draft.confidence["claim_number"] == 0.95


def test_a_label_alone_as_a_sentence_states_it():
    """"Cause réparée." on its own line says the cause was repaired; "Cause réparée :" with
    nothing after it is a form's empty box (not stated)."""
    from odm_intake.config.settings import Settings
    from tests.fixtures.mails import mail as make_mail

    def cause(line: str):
        body = (
            "Bonjour,\n\nMerci d'intervenir chez notre client M. Paul MARTIN, 3 rue des Lilas, 69003 Lyon.\n"
            f"Sinistre C1234567, dégât des eaux.\n{line}\nMerci de nous envoyer un plombier.\n\nCordialement,\nJean Courtier\n"
        )
        raw = make_mail(body=body, subject="Mission", sender="Jean Courtier <jean@cabinet.example>", message_id="<s@x>")
        return mail.process_mail(raw, Settings()).drafts[0].fields["dde_cause_repaired"]

    assert cause("Cause réparée.") is True
    assert cause("Cause réparée :") is None


def test_the_signature_of_a_mail_printed_to_pdf_is_the_senders():
    """An agency's mail printed to PDF signs off under the mission: the phone of its signature
    is the agency's, never the insured's second phone."""
    from odm_intake.config.settings import Settings
    from tests.fixtures.mails import mail as make_mail
    from tests.fixtures.mails import text_pdf

    rows = ["N° de sinistre B7088279", "Nom MARTIN", "Prénom Nicolas", "Adresse du risque 61 place de l'Église",
            "Code postal / Ville 50310 Éroudeville", "Téléphone 04 88 82 68 62", "Cordialement,", "Sophie Vasseur",
            "Agence Allianz Thomas", "26 rue Victor Hugo, 33000 Bordeaux", "Tél. 05 56 98 04 53 | Fax 05 57 01 48 72"]
    pdf = text_pdf([(50, 100 + 14 * i, row) for i, row in enumerate(rows)])
    raw = make_mail(body="ODM ci-jointe.", subject="ODM", sender="Agence <agence@allianz.example>",
                    attachments=[("odm.pdf", "application/pdf", pdf)])
    fields = mail.process_mail(raw, Settings()).drafts[0].fields
    assert (fields["phone"], fields["phone2"], fields["postal_code"]) == ("0488826862", None, "50310")


def test_a_page_that_says_it_follows_joins_a_form_whose_claim_was_not_read():
    from odm_intake.extractors.words import Document, page_from_text

    first = page_from_text("N° de police : AZ1\nNom : NOEL")
    second = page_from_text("ORDRE DE MISSION (suite)     Sinistre n° B7716206\nPage 2/2")
    third = page_from_text("Sinistre n° B1234567\nNom : AUTRE")
    second.number, third.number = 2, 3
    doc = Document("attachment:ODM.pdf", "pdf_text", [first, second, third])
    assert [[p.number for p in group] for group in mail.split_forms(doc)] == [[1, 2], [3]]


def test_the_next_page_of_a_form_sent_as_its_own_attachment_joins_it():
    """A phone photographs a two-page form one page a picture: one mission, not two."""
    from odm_intake.config.settings import Settings
    from tests.fixtures.mails import mail as make_mail
    from tests.fixtures.mails import text_pdf

    first = text_pdf([(50, 100, "N° de sinistre : B7716206"), (50, 120, "Nom : NOEL"), (50, 140, "Prénom : Jean"), (50, 700, "Page 1/2")])
    second = text_pdf([(50, 100, "Sinistre n° B7716206"), (50, 120, "Nature du sinistre : Incendie"), (50, 700, "Page 2/2")])
    raw = make_mail(subject="ODM", attachments=[("p1.pdf", "application/pdf", first), ("p2.pdf", "application/pdf", second)])
    result = mail.process_mail(raw, Settings())
    assert len(result.drafts) == 1
    assert (result.drafts[0].fields["last_name"], result.drafts[0].fields["peril"]) == ("NOEL", "incendie")


def test_two_labels_answering_differently_leave_the_value_unsure():
    """A fax cover sheet's "Date :" and the form's "Date du sinistre :": whichever is kept, the CC checks it."""
    from odm_intake.config.settings import Settings
    from tests.fixtures.mails import mail as make_mail

    body = "Sinistre n° B7716206\nNom : NOEL Jean\nDate : 20/10/2026\nDate du sinistre : 11/10/2026\nCode postal : 33000\n"
    draft = mail.process_mail(make_mail(body=body, subject="ODM"), Settings()).drafts[0]
    assert draft.confidence["date_of_loss"] <= 0.8 and draft.confidence["last_name"] > 0.9


def test_a_sentence_above_the_insureds_name_is_no_letterhead():
    """A broker writes where the risk is before the forwarded declaration names the insured: the
    sentence is the mission's, not the sender's own address."""
    from odm_intake.config.settings import Settings
    from tests.fixtures.mails import mail as make_mail

    body = (
        "Bonjour,\n\nAllianz a validé la prise en charge (voir ci-dessous).\n"
        "Le logement sinistré (qu'elle donne en location) se trouve au 27 chemin du Lavoir, 09200 Saint-Girons ; "
        "il s'agit d'une maison dont l'assurée est propriétaire.\n\nCordialement,\nHamid Lemarchand\n\n"
        "________________________________\nDe : Service sinistres <sinistres@allianz.example>\nObjet : Votre déclaration\n\n"
        "Nous accusons réception de la déclaration de votre cliente Mme Kenza ABGRALL, sinistre C-3794-081.\n"
    )
    raw = make_mail(body=body, subject="TR: Votre déclaration", sender="Hamid Lemarchand <h.lemarchand@cabinet.example>", message_id="<l@x>")
    fields = mail.process_mail(raw, Settings()).drafts[0].fields
    assert (fields["street"], fields["postal_code"], fields["last_name"]) == ("27 chemin du Lavoir", "09200", "ABGRALL")


def test_values_noted_after_them_with_labels_a_broker_uses():
    from odm_intake.config.settings import Settings
    from tests.fixtures.mails import mail as make_mail

    body = (
        "Bonjour,\n\nLes infos notées au téléphone :\n\n"
        "Mme Chloé GARNIER (l'assurée)\n4926 – notre code Allianz\nHab.0273306 (contrat habitation)\n"
        "dim. 18/10/2026 – jour des faits\n8 rue Neuve, 50100 Cherbourg-en-Cotentin (adresse du sinistre)\n\n"
        "Merci,\nJean Courtier\n"
    )
    raw = make_mail(body=body, subject="Nouveau dossier", sender="Jean Courtier <jean@cabinet-courtier.example>")
    fields = mail.process_mail(raw, Settings()).drafts[0].fields
    assert (fields["broker_code"], fields["policy_number"], fields["date_of_loss"]) == ("4926", "HAB.0273306", "2026-10-18")
    assert (fields["last_name"], fields["street"]) == ("GARNIER", "8 rue Neuve")


def test_the_agencys_own_block_below_the_insureds_is_the_agencys():
    """A summary ends with the agency's block ("Agence : ... · Adresse : ... · Tél. : ..."): its
    address and phone are not the insured's, even when the insured's read less cleanly."""
    from odm_intake.config.settings import Settings
    from tests.fixtures.mails import mail as make_mail, text_pdf

    pdf = text_pdf([
        (40, 100, "N° de sinistre : B5940828 · Nom : CLEMENT · Prénom : Hugo"),
        (40, 120, "Adresse : 59 rue de la Gare :+ Code postal : 50750 · Commune : Canisy"),
        (40, 140, "Téléphone : 01 42 68 45 17"),
        (40, 170, "D.2 Agence"), (120, 170, "Agence : Agence Allianz Thomas · Adresse : 35 rue Pasteur, 33000 Bordeaux"),
        (180, 185, "Tél. : 05 56 04 94 79 · Courriel : agence.thomas@allianz-agence.example"),
    ])
    raw = make_mail(body="Ci-joint la demande.", subject="Demande d'intervention", sender="Agence Allianz Thomas <agence.thomas@allianz-agence.example>",
                    attachments=[("synthese.pdf", "application/pdf", pdf)])
    fields = mail.process_mail(raw, Settings()).drafts[0].fields
    assert (fields["street"], fields["postal_code"], fields["city"]) == ("59 rue de la Gare", "50750", "Canisy")
    assert fields["phone"] == "0142684517" and fields["phone2"] is None


def test_a_fax_cover_sheets_parties_are_nobodys_insured():
    """A fax-to-mail cover sheet: the sender's block and the sheet's own date are the broker's;
    the mission is in its message, the trade in a request that comes after the address."""
    from datetime import datetime

    from odm_intake.config.settings import Settings
    from tests.fixtures.mails import PARIS, mail as make_mail

    body = (
        "T É L É C O P I E\nDate : 14/10/2026      Nombre de pages : 2\n\n"
        "DESTINATAIRE\nSociété : Multiassistance\nE-mail : gestion@multiassistance.example\n\n"
        "EXPÉDITEUR\nNom : Lenny Boissière – Cabinet de courtage Armorique\nTél. : 02 83 05 13 51      Fax : 04 32 47 93 27\n\n"
        "MESSAGE :\nMerci d'organiser une intervention chez Mme Ginette SZYMAŃSKI, 119 bis cours Berriat, Entresol, porte droite, 18000 Bourges.\n"
        "Tél. : 07–7044–3671\nSinistre Allianz n° C27018308. Date du sinistre : 08/10 dernier (DDE – eau répandue).\n"
        "Rien n'a encore été réparé côté fuite.\nIl faudrait un électricien dépanneur chez elle au plus vite.\n"
    )
    raw = make_mail(body=body, subject="Fax", sender="Cabinet Armorique <fax@armorique.example>", when=datetime(2026, 10, 14, 10, 0, tzinfo=PARIS))
    fields = mail.process_mail(raw, Settings()).drafts[0].fields
    assert (fields["phone"], fields["phone2"]) == ("0770443671", None)
    assert (fields["date_of_loss"], fields["trade"], fields["dde_cause_repaired"]) == ("2026-10-08", "electricite", False)
    assert (fields["last_name"], fields["first_name"]) == ("SZYMAŃSKI", "Ginette")


def test_details_above_the_insureds_name_are_his_when_the_mail_says_so():
    """A calendar invitation's place and a table of changed details stand above the insured's
    name: neither is a letterhead."""
    from odm_intake.config.settings import Settings
    from tests.fixtures.mails import mail as make_mail

    body = (
        "Intervention chez Estelle KOZLOV (C2026.507217)\nmer. 28 oct. 2026 ⋅ 8:00 – 10:00\n\n"
        "Lieu\n88 venelle du Presbytère, 19000 Tulle\n\n"
        "Notre assurée a changé de coordonnées :\n- Téléphone : 02 36 29 81 28 → 05 82 80 93 85\n\n"
        "Notre assurée : Mme Estelle KOZLOV\nSinistre Allianz C2026.507217\n"
    )
    raw = make_mail(body=body, subject="Invitation", sender="Honoré Chastang <h.chastang@cabinet.example>")
    fields = mail.process_mail(raw, Settings()).drafts[0].fields
    assert (fields["street"], fields["city"], fields["phone"], fields["phone2"]) == ("88 venelle du Presbytère", "Tulle", "0582809385", None)


def test_a_scanned_surname_that_is_the_end_of_the_street_is_no_surname():
    read = _mission(
        last_name=FieldValue("des Bateliers", 0.9, "attachment:fax.tif#page=1", "Nom des Bateliers", method="label"),
        street=FieldValue("147 quai des Bateliers", 0.9, "attachment:fax.tif#page=1", "147 quai des Bateliers", method="label"),
    )
    assert mail._draft("odm_agence", read, "fax_tiff", "", []).fields["last_name"] is None
    kept = _mission(
        last_name=FieldValue("BATELIER", 0.9, "attachment:fax.tif#page=1", "Nom BATELIER", method="label"),
        street=FieldValue("147 quai des Bateliers", 0.9, "attachment:fax.tif#page=1", "147 quai des Bateliers", method="label"),
    )
    assert mail._draft("odm_agence", kept, "fax_tiff", "", []).fields["last_name"] == "BATELIER"


def test_a_numbered_item_beside_a_heading_above_the_claim_is_the_forms_not_the_letterhead():
    """A page in two columns: the right column's first item shares its line with the left
    column's heading, above the claim's line."""
    from odm_intake.config.settings import Settings
    from tests.fixtures.mails import mail as make_mail
    from tests.fixtures.mails import text_pdf

    dots = ". " * 8
    pdf = text_pdf([
        (50, 60, "Agence Allianz Thomas"), (50, 72, "Tél. 05 56 98 04 53"), (50, 84, "agence.thomas@allianz-agence.example"),
        (50, 140, "LE DOSSIER"), (310, 140, f"11. Second numéro {dots}02 73 51 99 82"),
        (50, 152, f"1. N° de sinistre {dots}B70882793"), (310, 152, f"12. Messagerie {dots}non communiquée"),
        (50, 164, f"6. Assuré {dots}M. MARTIN Nicolas"), (50, 176, f"10. N° d'appel {dots}0488826862"),
    ])
    raw = make_mail(body="Bonjour, ci-joint l'ordre de mission.", subject="ODM B70882793", sender="Agence Thomas <agence.thomas@allianz-agence.example>",
                    attachments=[("ODM.pdf", "application/pdf", pdf)])
    fields = mail.process_mail(raw, Settings()).drafts[0].fields
    assert (fields["phone"], fields["phone2"], fields["claim_number"]) == ("0488826862", "0273519982", "B70882793")


def test_a_calls_transcript_the_callers_number_and_a_field_a_tool_says_is_empty():
    from odm_intake.config.settings import Settings
    from tests.fixtures.mails import mail as make_mail

    body = (
        "Bonjour,\n\nCi-dessous la transcription de l'appel du client. Merci de missionner.\n\nCordialement,\n\nEDMOND SARRAZIN\n"
        "Tél. 02 52 61 75 62\n\n------ Transcription ------\nAppel entrant du 15/10/2026 à 17:00\nNuméro appelant : 0167505171\n"
        "Interlocuteurs : Courtier / Assurée\n\n"
        "1. Courtier : Courtiers associés, Edmond à l'appareil, bonjour.\n"
        "2. Assurée : Oui bonjour, c'est Madame MOUGENOT, euh, Mahaut MOUGENOT, je suis assurée chez vous pour la maison.\n"
        "3. Courtier : Vous me redonnez l'adresse exacte ?\n"
        "4. Assurée : Oui, c'est au 91 rue du Four Banal, 80134 Hangest-en-Santerre.\n"
        "5. Courtier : Votre numéro de sinistre chez Allianz, c'est le C-2026-793562, et votre contrat le AZ94076035.\n"
        "6. Assurée : Merci beaucoup, au revoir.\n\nComplément d'adresse : non renseigné\n"
    )
    raw = make_mail(body=body, subject="Transcription appel – MOUGENOT", sender="Edmond Sarrazin <edmond.sarrazin@charolais.example>")
    fields = mail.process_mail(raw, Settings()).drafts[0].fields
    assert (fields["first_name"], fields["last_name"], fields["phone"]) == ("Mahaut", "MOUGENOT", "0167505171")
    assert (fields["policy_number"], fields["street"], fields["address_complement"]) == ("AZ94076035", "91 rue du Four Banal", None)


def test_a_portal_page_pasted_under_a_short_rule_below_a_brokers_signature():
    """The broker writes from an "agence-" domain and signs as brokers; the page under "=====" is
    the mission, its section captions over other captions take no value."""
    from odm_intake.config.settings import Settings
    from tests.fixtures.mails import mail as make_mail

    body = (
        "Bonjour,\n\nJe vous copie la fiche du dossier depuis notre portail, tout y est.\nCode Allianz du cabinet : 3037\n\nCordialement,\n\n--\n"
        "Ilan-Lou Daguerre | Chargé(e) d'indemnisation MRH\nCerdagne Courtiers Conseil\n75 sente des Ânes · 97119 Vieux-Habitants\n\n=====\n"
        "Accueil\nMes clients\nContrats\nSinistres\nConnecté : Ilan-Lou Daguerre\nSe déconnecter\nSinistres › En cours › C952:614701\n"
        "Sinistre n° C952:614701\nOuvert\nSynthèse\nHistorique\n\nAssuré\nNom\nMonsieur STOEFFLER Aurèle\n"
        "Adresse du risque\n20 bis impasse du Clos Saint-Jacques\nCode postal / Ville\n95130 Le Plessis-Bouchard\n"
        "Téléphone 1 (mobile)\n06.01.66.52.36\nDate de survenance\n11/10/26 à 15h15\nNature\nvol du trousseau dans la voiture\n"
    )
    raw = make_mail(body=body, subject="Sinistre C952:614701", sender="Ilan-Lou Daguerre <ilan-lou.daguerre@agence-cerdagne.example>")
    draft = mail.process_mail(raw, Settings()).drafts[0]
    assert draft.kind == "courtage"
    assert (draft.fields["claim_number"], draft.fields["broker_code"], draft.fields["last_name"]) == ("C952:614701", "3037", "STOEFFLER")
    assert (draft.fields["phone"], draft.fields["postal_code"]) == ("0601665236", "95130")


def test_the_senders_line_that_also_names_the_claim_keeps_the_claim():
    from odm_intake.extractors.mailtext import SenderIdentity

    identity = SenderIdentity(phones={"0556988377"})
    text = "Thierry Lemoine (ligne directe\n05 56 98 83 77). Sinistre B70882793, contrat AZ65593785.\nAgence Thomas – Tél. 05 56 98 83 77"
    assert mail._drop_identity_lines(text, identity).split("\n") == ["Thierry Lemoine (ligne directe", "). Sinistre B70882793, contrat AZ65593785."]


def test_a_record_read_from_a_fax_is_as_sure_as_the_fax():
    """An XML tree printed then faxed, read as label lines: its words keep the scan's doubt, so
    its values are never as sure as typed ones."""
    from odm_intake.extractors.mailtext import SenderIdentity
    from odm_intake.extractors.words import Document, page_from_text

    tree = "\n".join(["<Dossier>", "<NumeroSinistre>B5003989</NumeroSinistre>", "<Nom>MICHEL</Nom>", "<Prenom>Nathalie</Prenom>",
                      "<Commune>Dembeni</Commune>", "<CodePostal>97660</CodePostal>", "</Dossier>"])
    doc = Document("attachment:fax.tif", "fax_tiff", [page_from_text(tree, conf=0.8)])
    read = mail._record_as_text(doc, SenderIdentity())
    assert "Nom : MICHEL" in [line.text for line in read.pages[0].lines()]
    assert {round(w.conf, 2) for w in read.pages[0].words} == {0.8}
