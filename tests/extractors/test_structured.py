"""Claim records a broker's software pastes into a mail (XML, JSON), read as label lines."""

from odm_intake.extractors.fields.evidence import Mission
from odm_intake.extractors.fields.form import find_labels
from odm_intake.extractors.fields.interpret import apply_hits
from odm_intake.extractors.mailtext import split_mail_text
from odm_intake.extractors.structured import expand_records
from odm_intake.extractors.words import page_from_text

XML = """Les données du dossier au format XML :
<?xml version="1.0" encoding="UTF-8"?>
<DeclarationSinistre version="2.3">
  <Emetteur><Cabinet>Courtage Vauban</Cabinet><CodeCourtierAllianz>3450</CodeCourtierAllianz>
    <TelephoneGestionnaire>01 62 25 45 99</TelephoneGestionnaire></Emetteur>
  <Sinistre><NumeroSinistreCompagnie>C_50721743</NumeroSinistreCompagnie><DateSurvenance>2026-10-22</DateSurvenance>
    <DateDeclaration>2026-10-26</DateDeclaration><Nature code="CHOCVEH">impact d'un véhicule terrestre</Nature></Sinistre>
  <Assure><Civilite>Mme</Civilite><Nom>POIRIER</Nom><Prenom>Inès</Prenom><Telephone type="FIXE">+33279930761</Telephone></Assure>
  <Risque><AdresseLigne1>88 sentier des Écoliers</AdresseLigne1><CodePostal>51000</CodePostal><Commune>Châlons-en-Champagne</Commune></Risque>
</DeclarationSinistre>
Merci."""

JSON = """Au format JSON :
{"declarationSinistre": {"emetteur": {"codeCourtierAllianz": "9714", "telephoneGestionnaire": "04 90 85 80 02"},
  "sinistre": {"numeroPolice": "AZ 26-204721", "nature": {"code": "BDG", "libelle": "casse vitre"}},
  "assure": {"nom": "CARON", "telephones": [{"type": "FIXE", "numero": "+33385134406"}]},
  "risque": {"adresseLigne2": "Lotissement Les Coteaux, lot 8", "typeBien": {"code": "MAI", "libelle": "pavillon en lotissement"}}}}
"""


def _fields(text: str) -> dict:
    split = split_mail_text(text, "Courtage Vauban", "notifications@vauban-courtage.example")
    mission = Mission()
    apply_hits(find_labels(page_from_text(split.mission)), lambda p: "body", mission)
    return {k: v.value for k, v in mission.values.items()}


def test_an_xml_record_reads_as_labels():
    fields = _fields(XML)
    assert (fields["claim_number"], fields["broker_code"], fields["date_of_loss"]) == ("C_50721743", "3450", "2026-10-22")
    assert (fields["civility"], fields["first_name"], fields["last_name"]) == ("Mme", "Inès", "POIRIER")
    assert (fields["street"], fields["postal_code"], fields["city"]) == ("88 sentier des Écoliers", "51000", "Châlons-en-Champagne")
    assert fields["phone"] == "0279930761" and fields["peril"] == "choc_vehicule"


def test_a_json_record_reads_its_labelled_values():
    fields = _fields(JSON)
    assert (fields["broker_code"], fields["policy_number"], fields["last_name"]) == ("9714", "AZ26-204721", "CARON")
    assert (fields["peril"], fields["housing"], fields["phone"]) == ("bris_de_glace", "maison", "0385134406")
    assert fields["address_complement"] == "Lotissement Les Coteaux, lot 8"
    assert "0490858002" not in fields.values()


def test_a_record_declaring_entities_is_not_expanded():
    bomb = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><Assure><Nom>&a;</Nom></Assure>'
    assert expand_records(bomb).text == bomb


def test_the_managers_phone_in_a_records_sender_part_is_the_senders():
    assert any("01 62 25 45 99" in line for line in expand_records(XML).sender_lines)


def test_an_export_of_key_value_lines_in_sections_or_with_dotted_keys():
    """A tool's export: "[ASSURE]" sections of "KEY=value", or "assure.nom = ..." keys. The
    handler's own section is the sender's."""
    sections = (
        "Le dossier ci-dessous vous est transmis.\n# export automatique\n[DOSSIER]\nNUM_SINISTRE_CIE=C-2026-038961\n"
        "NUM_POLICE=AZ7 261 5630\nCODE_COURTIER_CIE=3355\n\n[ASSURE]\nCIVILITE=Mme\nNOM=JIMÉNEZ\nPRENOM=Blandine\n\n"
        "[RISQUE]\nADRESSE_1=73 place de la Halle\nADRESSE_2=Bât. B\nCODE_POSTAL=35400\nVILLE=Saint-Malo\n\n"
        "[SINISTRE]\nDATE_SURVENANCE=26/10/2026\nCAUSE_REPAREE=false\n\n[GESTIONNAIRE]\nNOM=Léon Cardon\nTEL=04 00 88 40 11\n"
    )
    fields = _fields(sections)
    assert (fields["claim_number"], fields["policy_number"], fields["broker_code"]) == ("C-2026-038961", "AZ72615630", "3355")
    assert (fields["civility"], fields["last_name"], fields["first_name"]) == ("Mme", "JIMÉNEZ", "Blandine")
    assert (fields["street"], fields["address_complement"], fields["postal_code"]) == ("73 place de la Halle", "Bât. B", "35400")
    assert fields["date_of_loss"] == "2026-10-26" and fields["dde_cause_repaired"] is False
    assert "0400884011" in split_mail_text(sections).identity.phones
    dotted = "dossier.num_sinistre_cie = C2273820\nassure.nom = PENNEC\nassure.prenom = Bruno\nrisque.code_postal = 97640\nrisque.ville = Sada\n"
    fields = _fields(dotted)
    assert (fields["claim_number"], fields["last_name"], fields["postal_code"], fields["city"]) == ("C2273820", "PENNEC", "97640", "Sada")


def test_a_formula_or_two_settings_are_no_export():
    assert expand_records("Bonjour,\nx = 3\ny = 4\nMerci").text == "Bonjour,\nx = 3\ny = 4\nMerci"


def test_an_exports_abbreviated_keys():
    fields = _fields("CPLT_ADR=Bât. B\nCP_RISQUE=35400\nVILLE_RISQUE=Saint-Malo\nTEL1=06 12 34 56 78\nQUALITE_OCC=locataire\n")
    assert (fields["address_complement"], fields["postal_code"], fields["city"]) == ("Bât. B", "35400", "Saint-Malo")
    assert fields["phone"] == "0612345678" and fields["occupation"] == "locataire"


def test_a_namespaced_xml_tree_and_one_a_scan_broke_read_line_by_line():
    from odm_intake.extractors.structured import tree_lines_as_record

    tree = (
        '<MessageMission xmlns="urn:exemple:habitation:mission:3">\n<Emetteur type="AGENT_GENERAL">\n<Telephone>05 56 48 98 88</Telephone>\n'
        "</Emetteur>\n<Dossier>\n<NumeroSinistre>B7716206</NumeroSinistre>\n</Dossier>\n<Assure>\n<Nom>NOEL</Nom>\n<Prenom>Jean</Prenom>\n"
        '<Telephone rang="1">0624323440</Telephone>\n</Assure>\n</MessageMission>'
    )
    sound = expand_records(tree)
    assert "B7716206" in sound.text and "0624323440" in sound.text and "05 56 48 98 88" not in sound.text
    broken = tree_lines_as_record(tree.replace("<Dossier>", "<Dossier").replace("</Dossier>", "</Dosier"))
    assert "NOEL" in broken.text and "0624323440" in broken.text and any("05 56 48 98 88" in line for line in broken.sender_lines)


def test_an_xml_tree_read_from_a_fax_with_its_brackets_and_tags_misread():
    from odm_intake.extractors.structured import scanned_tree_lines_as_record

    record = scanned_tree_lines_as_record("\n".join([
        "Y <MessageMission versions\"3,2\">",
        "V <Emettreur type= \"AGENT GENERAL‘:",
        "<Codeïntérmediaire»945149-/Codelntermediairez",
        "<Telephone>05 56 13 16 67</Telephone>",
        "< Emetteur",
        "Y <Dossier>",
        "<NumeroSinistre>B5003989< NumersSiristre>",
        "<Gatantie code :\"VON\">Vol des clés<:Garancie>",
        "<'Dossier>",
        "Y<Assure role=\"SOUSCRIPTEUR\" >",
        "<NOm>MICHEL< °Nom>",
        "<Cimmune >Dembeni</Conmune>",
        "<Telephone rang=\"1\">06 19 14 43 82</Telephone>",
        "<'Assure>",
    ]))
    assert "Numéro de sinistre : B5003989" in record.text and "Nom : MICHEL" in record.text and "Commune : Dembeni" in record.text
    assert "Code intermédiaire : 945149" in record.text and "06 19 14 43 82" in record.text
    assert record.sender_lines == ["N° de téléphone : 05 56 13 16 67"]
