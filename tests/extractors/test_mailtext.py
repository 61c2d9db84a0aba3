"""The mission part of a mail's text: quotes, corrections, tools' headers and signatures."""

from odm_intake.extractors.fields.evidence import Mission
from odm_intake.extractors.fields.prose import extract_prose
from odm_intake.extractors.mailtext import split_mail_text

CORRECTION = """Bonjour,

Petite erreur dans mon mail ci-dessous.
Rectificatif – la date du sinistre : lire 09/10/2026 au lieu de 11/10/2026.
Le reste est inchangé.

Avec mes excuses,
Isabelle Durand

Le 13/10/2026 à 07:58, Isabelle Durand <isabelle.durand@cabinet-dupont.example> a écrit :
> Bonjour,
>
> Assurée : Mme Sylvie LUCAS
> Adresse du sinistre : 150 rue des Lilas, 66160 Le Boulou
> Survenance : 11/10/2026
>
> Cordialement,
> Isabelle Durand
> Tél. 02 83 32 97 50
"""

TICKET = """##- Merci de répondre au-dessus de cette ligne -##

Ticket #63864 – Priorité : Normale – Statut : Ouvert
Demandeur : Aurélie Fontaine (Groupe Simon Courtage)
----------------------------------------------------------------
Aurélie Fontaine, 23/10/2026 09:11

Bonjour,

› Assuré(e) : Mme Sylvie JOLY
› Joignable au : 0279930761

Aurélie Fontaine
Chargée de clientèle – Groupe Simon Courtage
Tél. 01 62 25 45 99
----------------------------------------------------------------
Vous pouvez répondre directement à ce message pour compléter le ticket #63864.
"""


def _fields(text: str, name: str, address: str) -> dict:
    split = split_mail_text(text, name, address)
    mission = Mission()
    extract_prose(split.mission, "body", split.identity, mission)
    return {k: v.value for k, v in mission.values.items()}


def test_the_senders_own_quoted_mail_is_the_mission_as_corrected():
    fields = _fields(CORRECTION, "Isabelle Durand", "isabelle.durand@cabinet-dupont.example")
    assert (fields["last_name"], fields["postal_code"]) == ("LUCAS", "66160")
    assert fields["date_of_loss"] == "2026-10-09"
    assert "0283329750" not in fields.values()  # her own signature, quoted


def test_another_senders_quoted_mail_stays_history():
    split = split_mail_text(CORRECTION, "Marc Petit", "marc.petit@cabinet-petit.example")
    assert "LUCAS" not in split.mission


def test_a_tools_rules_are_no_signature_and_the_requesters_signature_is_hers():
    split = split_mail_text(TICKET, "Groupe Simon Courtage", "support@cabinet-simon.example")
    assert "Sylvie JOLY" in split.mission and "0279930761" in split.mission
    assert "0162254599" in split.identity.phones and "0162254599" not in "".join(split.mission.split())


def test_markdown_bold_and_checklist_marks_are_no_part_of_values():
    text = "* **Assurée :** mme Céline ROUX\n* **Police :** Az39092214\n4) Adresse du bien : 102 place de l'Église, 34130 Valergues ✓\n"
    split = split_mail_text(text, "Christine Dupont", "christine.dupont@cabinet-michel.example")
    from odm_intake.extractors.fields.form import find_labels
    from odm_intake.extractors.fields.interpret import apply_hits
    from odm_intake.extractors.words import page_from_text

    mission = Mission()
    apply_hits(find_labels(page_from_text(split.mission)), lambda p: "body", mission)
    assert (mission.get("civility"), mission.get("first_name"), mission.get("policy_number")) == ("Mme", "Céline", "AZ39092214")
    assert mission.get("city") == "Valergues"


def test_the_firms_code_in_a_signature():
    fields = _fields("Bonjour,\nMission pour Mme Anne GIRAUD.\nCordialement,\nPierre Fournier\nCode de notre cabinet auprès d'Allianz : 3630.\n",
                     "Pierre Fournier", "pierre.fournier@cabinet-brun.example")
    from odm_intake.extractors.fields.prose import extract_signature_codes

    split = split_mail_text("Bonjour,\nCordialement,\nPierre Fournier\nCode de notre cabinet auprès d'Allianz : 3630.\n", "Pierre Fournier", "p@x.example")
    mission = Mission()
    extract_signature_codes(split.signature, "body", mission)
    assert mission.get("broker_code") == "3630" and fields["last_name"] == "GIRAUD"


INTERNAL = """Bonjour,

Je vous transfère notre échange interne pour l'ouverture de la mission, tout y est.

Cordialement,
Anne-Laure Thiébaut

Le sam. 17 oct. 2026 à 11:37, Timothée Reynaud <timothee.reynaud@courtage-sextant.example> a écrit :
> Elle vient de rappeler : on peut la joindre au 02 11 43 36 38.
>
> Le sam. 17 oct. 2026 à 10:27, Margaux Poujol <margaux.poujol@courtage-sextant.example> a écrit :
> > Sinistre Allianz C-26-067045. Date du sinistre : 20261013.
> >
> > Margaux Poujol
> > Ligne directe : 05 85 67 00 25 – Mobile : +33 6 87 81 55 89
"""


def test_a_firms_internal_exchange_forwarded_is_the_mission_and_its_signatures_are_the_firms():
    from odm_intake.config.settings import Settings
    from odm_intake.extractors import mail
    from tests.fixtures.mails import mail as make_mail

    raw = make_mail(body=INTERNAL, subject="TR: RE: Appel GODARD", sender="Anne-Laure Thiébaut <anne-laure.thiebaut@courtage-sextant.example>")
    fields = mail.process_mail(raw, Settings()).drafts[0].fields
    assert (fields["claim_number"], fields["date_of_loss"], fields["phone"]) == ("C-26-067045", "2026-10-13", "0211433638")
    assert fields["phone2"] is None  # the colleague's own lines


def test_a_colleagues_signature_in_a_forwarded_internal_thread_is_the_firms():
    text = (
        "Bonjour,\nJe vous transfère notre échange interne, tout y est.\n\nMarc Roux\nCabinet Roux\n\n"
        "________________________________\n"
        "De : Julie Morel <julie.morel@cabinet-roux.example>\nEnvoyé : lundi 12 octobre 2026 10:00\n"
        "À : Marc Roux\nObjet : RE: Appel Mme DURAND\n\n"
        "Elle vient de rappeler : on peut la joindre au 04 72 00 00 00.\n\n"
        "Julie Morel\nLigne directe : 02 25 00 00 01 – Mobile : 07 93 00 00 02\n"
    )
    split = split_mail_text(text, "Marc Roux", "marc.roux@cabinet-roux.example")
    assert "0793000002" in split.identity.phones and "07 93 00 00 02" not in split.mission
    assert "04 72 00 00 00" in split.mission


def test_a_forwarded_web_forms_reply_to_header_is_no_part_of_the_form():
    text = (
        "Bonjour,\nVoici la déclaration reçue par notre site.\n\n-------- Message transféré --------\n"
        "De : Formulaire <site@cabinet-roux.example>\nRépondre à : DURAND Léa <lea.durand@example.org>\n"
        "Date : jeudi 8 octobre 2026 15:36\nObjet : Déclaration\n\nNom : DURAND\nDate du sinistre : 3 octobre\n"
    )
    split = split_mail_text(text, "Marc Roux", "marc.roux@cabinet-roux.example")
    assert "Répondre" not in split.mission and "Date : jeudi" not in split.mission and "Nom : DURAND" in split.mission


def test_a_new_request_below_a_quoted_html_thread_is_the_mission():
    """Bottom posting: our acknowledgement of an old file quoted above (with the sender's old
    request inside it), the new request below."""
    from odm_intake.extractors.html import html_to_text

    html = (
        '<div>Le jeu. 8 oct. 2026 à 08:19, Multiassistance &lt;gestion@multiassistance.example&gt; a écrit :</div>'
        "<blockquote>Nous accusons réception de votre demande pour Mme Héloïse LARTIGUE.<br>"
        "<div>Le 07/10/2026 à 11:42, Marc Roux &lt;marc.roux@cabinet-roux.example&gt; a écrit :</div>"
        "<blockquote>Merci d'ouvrir une mission pour Mme Héloïse LARTIGUE, 57 allée des Acacias, 19100 Brive.</blockquote>"
        "</blockquote><p>Nouvelle demande : Mme Apolline HOANG, 88 sente des Jardins, 46000 Cahors.</p>"
    )
    split = split_mail_text(html_to_text(html), "Marc Roux", "marc.roux@cabinet-roux.example")
    assert "HOANG" in split.mission and "LARTIGUE" not in split.mission


def test_a_thunderbird_forwards_french_headers_are_headers():
    text = (
        "Bonjour,\nCi-dessous l'accord d'Allianz, merci d'organiser l'intervention.\nCordialement,\nMarc Roux\nCabinet Roux\n"
        "-------- Message transféré --------\n"
        "Sujet : Votre déclaration\nDate : samedi 31 octobre 2026 16:29\n"
        "De : Marie Darrigade <marie.darrigade@allianz-iard.example>\nPour : marc.roux@cabinet-roux.example\n"
        "Bonjour,\nÉvénement : dégâts d'incendie du jeudi 29/10.\n"
    )
    split = split_mail_text(text, "Marc Roux", "marc.roux@cabinet-roux.example")
    assert "Événement" in split.mission and "Sujet" not in split.mission and "Date : samedi" not in split.mission


COPIED_LETTER = """Bonjour,

Pour suite à donner, copie du courrier adressé ce jour à notre cliente.
Merci de lui envoyer un plombier. Nous intervenons chez Allianz sous le code 5521.

Merci,
Hélène Marchal

- - - - - - - - - - - - - - - - - - - -

CABINET MARCHAL ASSURANCES
4 place du Marché – 24000 Périgueux

                                        Madmae Rosalie VERNET
                                        18 allée des Tanneurs
                                        Résidence Le Clos, appartement 12
                                        24000 Périgueux
                                        Envoi par e-mail à rosalie.vernet@example.org

Périgueux, le 2 novembre 2026

Vos références : contrat multirisque habitation n° MRH 4410 227 – sinistre Allianz C-2026-118230
Objet : votre déclaration de sinistre du ven. 30/10/2026

Madame,

Nous avons bien reçu votre déclaration concernant le « dommage causé par les eaux » survenu dans votre
maison. Notre prestataire vous contactera au 06 41 52 63 74.

Nous restons à votre écoute et vous prions d'agréer, Madame, l'expression de nos salutations distinguées.

Hélène Marchal
"""


def test_a_letter_copied_under_the_note_is_the_mission_and_its_letterhead_the_firms():
    """The letter to the insured under a rule: its addressee is the insured (a misspelt civility,
    a complement between street and town, her address in copy of the mail), its letterhead the
    firm's (in her town: the town stays hers), its own date no loss date."""
    from odm_intake.config.settings import Settings
    from odm_intake.extractors import mail
    from tests.fixtures.mails import mail as make_mail

    raw = make_mail(
        body=COPIED_LETTER, subject="Copie courrier assurée", sender="Hélène Marchal <h.marchal@cabinet-marchal.example>",
        cc="Rosalie VERNET <rosalie.vernet@example.org>",
    )
    draft = mail.process_mail(raw, Settings()).drafts[0]
    fields = draft.fields
    assert draft.kind == "courtage"
    assert (fields["civility"], fields["first_name"], fields["last_name"]) == ("Mme", "Rosalie", "VERNET")
    assert (fields["street"], fields["postal_code"], fields["city"]) == ("18 allée des Tanneurs", "24000", "Périgueux")
    assert fields["address_complement"] == "Résidence Le Clos, appartement 12"
    assert fields["email"] == "rosalie.vernet@example.org" and fields["phone"] == "0641526374"
    assert (fields["claim_number"], fields["policy_number"], fields["broker_code"]) == ("C-2026-118230", "MRH4410227", "5521")
    assert fields["date_of_loss"] == "2026-10-30" and fields["peril"] == "dde"


def test_a_rule_above_a_legal_notice_keeps_the_signature_the_senders():
    text = (
        "Bonjour,\nMerci d'envoyer un vitrier chez Mme Léa ROUX, 3 rue Haute, 33000 Bordeaux.\n\nCordialement,\nMarc Petit\n"
        "____________________\nCe message et ses pièces jointes sont confidentiels. Cabinet Petit, 9 rue Basse, 33000 Bordeaux.\n"
    )
    split = split_mail_text(text, "Marc Petit", "m.petit@cabinet-petit.example")
    assert "9 rue Basse" not in split.mission and "3 rue Haute" in split.mission


def test_a_misspelt_civility_before_a_name_reads_right():
    split = split_mail_text("Bonjour,\nPour Monsiuer Ibrahim BELKACEM et MADMAE Léa ROUX, merci.\nLa Madame est partie.\n")
    assert "Monsieur Ibrahim BELKACEM" in split.mission and "MADAME Léa ROUX" in split.mission
    assert "La Madame est partie" in split.mission  # no name after it: left as written
    # The same slips as a civility field forgives: a letter doubled, a long form one slip off.
    split = split_mail_text("Bonjour,\nPour Mmme Léa ROUX et Monseiur Paul SIMON, merci.\nMarie DUPONT, Manon LEROY.\n")
    assert "Madame Léa ROUX" in split.mission and "Monsieur Paul SIMON" in split.mission
    assert "Marie DUPONT, Manon LEROY" in split.mission  # first names are no civilities


def test_a_file_set_aside_in_a_mail_about_two_is_no_mission():
    text = (
        "Bonjour,\n\n▶ DOSSIER 1 : ANNULATION – Mme Perrine WANG – sinistre C26.548456\n"
        "Merci d'annuler la demande : Mme WANG, 58 chemin du Bois Joli, 40000 Mont-de-Marsan, 07 75 21 33 11.\n\n"
        "▶ DOSSIER 2 : MISSION À OUVRIR – Mme Brigitte PAOLI – sinistre C1357470\n"
        "Mme PAOLI, 89 montée de la Citadelle, 06130 Grasse, joignable au 06 54 56 13 02.\n"
    )
    split = split_mail_text(text)
    assert "WANG" not in split.mission and "PAOLI" in split.mission and "0775213311" in split.identity.phones
    both = text.replace("ANNULATION", "NOUVELLE MISSION")
    assert "WANG" in split_mail_text(both).mission  # two missions: both stay


def test_files_numbered_with_a_bracket_in_a_mail_about_two():
    text = (
        "Deux points ce jour :\n\n1) ANNULATION – M. Valentin D'AUBIGNY – sinistre c464183363\nMerci d'annuler, tél. 06 01 63 34 62.\n\n"
        "2) MISSION À OUVRIR – Mme Marie OYHENART – sinistre C26.935789\nMme OYHENART, joignable au 06 54 56 13 02.\n"
    )
    split = split_mail_text(text)
    assert "AUBIGNY" not in split.mission and "OYHENART" in split.mission
    lettered = text.replace("1) ANNULATION", "A. MISE EN ATTENTE").replace("2) MISSION", "B. Nouvelle MISSION")
    assert "AUBIGNY" not in split_mail_text(lettered).mission


def test_the_mail_goes_on_after_the_last_file_set_aside():
    text = (
        "Bonjour,\n\nA. Nouvelle demande – Mme Marie OYHENART – sinistre C26.935789\nMme OYHENART, joignable au 06 54 56 13 02.\n\n"
        "B. MISE EN ATTENTE – M. Léon MOREIRA – sinistre c924325467\nMerci de ne rien programmer.\nPour mémoire : 6 impasse des Lys, tél. 06 01 63 34 62.\n\n"
        "Référence de notre cabinet chez Allianz : 1865\n\nBonne fin de journée,\n"
    )
    split = split_mail_text(text)
    assert "MOREIRA" not in split.mission and "0601633462" in split.identity.phones
    assert "Référence de notre cabinet chez Allianz : 1865" in split.mission
    numbered = text.replace("A. Nouvelle", "Dossier n° 1 – Nouvelle").replace("B. MISE", "Dossier n° 2 – MISE")
    assert "MOREIRA" not in split_mail_text(numbered).mission


def test_the_insureds_own_letter_under_the_note_is_the_mission_and_his_signature_his():
    from odm_intake.extractors.mailtext import split_mail_text

    text = (
        "Bonjour,\n\nLa lettre de notre assuré est ci-dessous.\nSinistre Allianz : C26_518509.\n\nCordialement,\nLison Marchal\n"
        "Puisaye Patrimoine\n\nDocument numérisé le 04/11/2026 – texte reconnu (OCR) :\n\nM. Auguste Yildiz\n124 rue du Capitaine Dreyfus\n"
        "19200 Ussel\n\nObjet : sinistre\n\nMadame, Monsieur,\n\nJe vous écris pour déclarer un sinistre. La fuite n'a pas encore été colmatée.\n\n"
        "Veuillez agréer, Madame, Monsieur, l'expression de mes salutations distinguées.\n\nAuguste Yildiz\n"
    )
    split = split_mail_text(text, "Lison Marchal", "lison.marchal@puisaye.example")
    assert "124 rue du Capitaine Dreyfus" in split.mission and "auguste yildiz" not in split.identity.names


def test_a_bracketed_scanners_line_announces_the_letter_too():
    from odm_intake.extractors.mailtext import split_mail_text

    text = (
        "Bonjour,\n\nSinistre Allianz : C 324 779486.\n\nCordialement,\nAristide Granger | Responsable indemnisation\n\n"
        "[Numérisation RICOH IM C3000 · 28.10.2026 12:04 · OCR]\n\nM. Auguste Triboulet\n135 montée de la Chapelle\n52200 Langres\n\n"
        "Objet : sinistre\n\nMadame, Monsieur,\n\nJe vous écris pour déclarer un sinistre.\n"
    )
    assert "135 montée de la Chapelle" in split_mail_text(text, "Aristide Granger", "a.granger@bauges.example").mission


def test_notes_below_a_rule_under_the_signature_are_the_mission_again():
    from odm_intake.extractors.html import html_to_text
    from odm_intake.extractors.mailtext import split_mail_text

    signature = "Cordialement,\n\nAmbroise Ducros | Gestionnaire\nLes Courtiers du Puisaye\nTél. 05 24 45 65 34\n"
    notes = "Notes d'appel – 18/10 15h09\nassurée GRANDCLAUDE – C-2026-421143\ntél 06 22 59 29 45 ok\n"
    for text in (
        "Téléphone : 06 22 59 29 45\n\n" + signature + "\n---------- mes notes ----------\n" + notes,
        html_to_text("<p>Téléphone : 06 22 59 29 45</p><p>" + signature.replace("\n", "<br>") + "</p><hr><p>" + notes.replace("\n", "<br>") + "</p>"),
    ):
        split = split_mail_text(text, "Ambroise Ducros", "a.ducros@puisaye.example")
        assert "0622592945" not in split.identity.phones and "assurée GRANDCLAUDE" in split.mission
        assert "0524456534" in split.identity.phones


def test_a_text_conversions_links_and_bold_and_references_under_the_closing():
    from odm_intake.extractors.mailtext import split_mail_text

    text = (
        "[cid:image001.png@01DB45AD.92D509AF]\n*N° de contrat :* H-AZ/2905448\n"
        "Adresse : 39 passage du Cloître\n51300 Vitry-le-François<https://www.google.com/maps/search/?api=1&query=39>\n"
        "Téléphone : 04 89 36 64 21<tel:+33489366421>\n\nMerci beaucoup.\n\nPour compléter :\nSinistre Allianz : c_8109_9859\n"
        "Contrat : 40m 412 388\n\n-- dictée vocale\nGwenola Lavergne\n"
    )
    mission = split_mail_text(text, "Gwenola Lavergne", "g.lavergne@gatinais.example").mission
    assert "Vitry-le-François\n" in mission and "https" not in mission and "tel:" not in mission and "cid:" not in mission
    assert "N° de contrat : H-AZ/2905448" in mission and "c_8109_9859" in mission and "40m 412 388" in mission


def test_an_sms_in_parts_a_repairers_letterhead_and_a_mail_on_several_subjects():
    from odm_intake.extractors.mailtext import split_mail_text

    sms = split_mail_text(
        "Expéditeur : +33687327719\nNombre de parties : 3\n\n[1/3] Bonjour, demande pour Mme PETROSSIAN Rosalie au 136 passage des Orfèvres, 48100 Marv\n"
        "[2/3] ejols. Tél 0655166540. Contrat Az 08\n[3/3] 5/57260.\n", "SMSRelais", "sms-entrant@smsrelais.example",
    )
    assert "48100 Marvejols. Tél 0655166540. Contrat Az 085/57260." in sms.mission and "0687327719" in sms.identity.phones

    invoice = split_mail_text(
        "Ci-dessous la facture du dépanneur.\n\nBERHOUET INTERVENTIONS 7J/7\nMaçonnerie – Charpente\n38 rue du Pressoir – 46110 Vayrac\n"
        "Tél. 03 83 15 75 34 – contact@berhouet-depannage.example\nSIRET 736 082 129 23277 – TVA intracom. FR20 736082129\n"
        "FACTURE N° F2026-09041   Date : 24/10/2026\nClient : Mme Fanny Nasrallah\nTél. : 03.35.37.99.30\n",
        "Sosthène Cassagne", "s.cassagne@vermandois.example",
    )
    assert "38 rue du Pressoir" not in invoice.mission and "Client : Mme Fanny Nasrallah" in invoice.mission
    assert "0383157534" in invoice.identity.phones and invoice.identity.owns_email("ne-pas-repondre@evisapro.example")

    subjects = split_mail_text(
        "Bonjour,\n\nVOTRE FACTURE F-2026-7751 – DOSSIER GOURIOU\nPour l'intervention chez M. Maé Gouriou.\n\n"
        "FERMETURE DE FIN D'ANNÉE\nLe cabinet sera fermé du 24/12/2026 au 02/01/2027.\n\n"
        "MISSION C2026-887-902\nNotre assurée Mme Jacinthe OUÉDRAOGO a subi un sinistre.\n",
        "Jacinthe Larribe", "j.larribe@vermandois.example",
    )
    assert "Gouriou" not in subjects.mission and "24/12/2026" not in subjects.mission and "OUÉDRAOGO" in subjects.mission


def test_a_forms_title_over_its_numbered_parts_is_one_subject_and_a_legal_notice_stays_out():
    from odm_intake.extractors.mailtext import split_mail_text

    form = split_mail_text(
        "Bonjour,\n\nFORMULAIRE MISSION PRESTATAIRE\nRéf. formulaire DS-4.8\n\n1. ASSURÉ(E)\nNom\nVAN HOVE\n\n"
        "2. LIEU D'INTERVENTION\nAdresse\n91 bis impasse du Lavoir\n", "Noé Granger", "n.granger@avranchin.example",
    )
    assert "VAN HOVE" in form.mission and "91 bis impasse du Lavoir" in form.mission
    notice = split_mail_text(
        "Merci d'envoyer un plombier.\n\nCordialement,\nMalo Luong\n------------------------------\n"
        "Protection des données : Ternois Courtiers Réunis, SAS au capital de 150 000 €, RCS Cagnes 838 101 239 : dpo@ternois.example ou 05 93 23 91 03.\n",
        "Malo Luong", "m.luong@ternois.example",
    )
    assert "05 93 23 91 03" not in notice.mission


def test_an_sms_signs_off_on_its_line_and_its_senders_number_is_his():
    from odm_intake.extractors.mailtext import split_mail_text

    split = split_mail_text(
        "[1/2] Bonjour, demande pour Mme MACHADO Isaure, Tél 0730796524. Notre code Allianz : 3574 Merci ! Rosalie – 03\n[2/2]  02 50 00 77\n",
        "TextoMail", "sms-entrant@textomail.example",
    )
    assert "0730796524" in split.mission and "03 02 50 00 77" not in split.mission and "0302500077" in split.identity.phones


def test_a_calls_transcript_below_the_signature_is_the_mission():
    from odm_intake.extractors.mailtext import split_mail_text

    split = split_mail_text(
        "Je vous transmets la transcription de mon appel : tout y est.\n\nCordialement,\n\nPERRINE-LOU BOUSCARLE\nTél. 01 32 50 62 47\n\n---\n"
        "Appel entrant du 28/10/2026 à 11:49\n1. Assurée : C'était le 26 octobre 2026.\n2. Perrine-Lou : Votre numéro de sinistre, c'est le C26.630.328.\n",
        "Perrine-Lou Bouscarle", "p.bouscarle@charolais.example",
    )
    assert "C26.630.328" in split.mission and "0132506247" in split.identity.phones


def test_the_broker_an_assistant_writes_for_is_the_senders_side():
    from odm_intake.extractors.mailtext import split_mail_text

    split = split_mail_text("Je vous écris de la part de M. Fabrègue, absent du bureau.\nÀ la demande de Mme Bouscarle, voici le dossier.\n", "Joséphine Hennebelle", "j.hennebelle@charolais.example")
    assert {"fabregue", "bouscarle"} <= split.identity.names


def test_an_out_of_office_reply_quoting_our_acknowledgement_and_the_mission_below_it():
    split = split_mail_text(
        "*** Message automatique ***\n\nAbsence du bureau jusqu'au 10/11/2026.\nPaul-Louis Bouscarle – Charolais Courtage\n\n"
        "> ________________________________\n> De : Multi Assistance <gestion@multiassistance.example>\n> Envoyé : lundi 2 novembre 2026 13:56\n"
        "> Objet : RE: Mission Pulversheim\n>\n> Votre demande est bien enregistrée.\n>\n> Cordialement,\n> Multi Assistance – plateau gestion\n"
        "> Tél. 09 70 80 90 10 (7j/7)\n>\n> ________________________________\n> De : Paul-Louis Bouscarle <pl.bouscarle@charolais.example>\n"
        "> Envoyé : lundi 2 novembre 2026 13:40\n> Objet : Mission Pulversheim\n>\n> Nouvelle mission pour notre assuré :\n>\n"
        "> Assuré : Monsieur Évrard Le Floc'H\n> Adresse du risque : 28 place du Jeu de Paume, 68840 Pulversheim\n> Portable : 07.21.37.78.96\n",
        "Paul-Louis Bouscarle", "pl.bouscarle@charolais.example",
    )
    assert "Assuré : Monsieur Évrard Le Floc'H" in split.mission and "Portable : 07.21.37.78.96" in split.mission


def test_a_page_pasted_below_the_signature_with_no_rule_starts_again_at_its_claim():
    split = split_mail_text(
        "Je vous copie la fiche du dossier depuis notre portail.\n\nCordialement,\n\n--\nZacharie Lapeyrade\nRoyans Courtiers Conseil\n\n\n"
        "Aller au contenu principal\nSinistres › En cours › C-2026-678677\nSinistre n° C-2026-678677\nOuvert\n\nClient\nNom\tM. STOEFFLER Aurèle\n",
        "Zacharie Lapeyrade", "zacharie.lapeyrade@agence-royans.example",
    )
    assert "Sinistre n° C-2026-678677" in split.mission and "STOEFFLER" in split.mission


def test_an_outlines_bullets_and_branches_are_no_part_of_what_they_list():
    split = split_mail_text(
        "Mes notes de l'appel :\n\n├── Assurée\n│   ├── Mme Gersende OUATTARA\n│   └── Téléphone\n│       └── 0653881834 (portable)\n"
        "└── Sinistre\n    * Date : 01/10/26 à 13h45\n",
        "Loïs Peyrusse", "lois.peyrusse@agence-perche.example",
    )
    lines = split.mission.split("\n")
    assert "Assurée : Mme Gersende OUATTARA" in lines and "portable : 0653881834" in lines and "Date : 01/10/26 à 13h45" in lines
