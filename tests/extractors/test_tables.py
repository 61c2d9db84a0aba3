"""Tables in a mail's text: spreadsheet rows under their headings, one party of a table of parties."""

from odm_intake.config.settings import Settings
from odm_intake.extractors import tables
from odm_intake.extractors.html import html_to_text
from odm_intake.extractors.mail import process_mail
from tests.fixtures.mails import mail as make_mail

SPREADSHEET = (
    "Voici la ligne de notre tableau :\n"
    "Date saisie\tN° sinistre\tNom\tPrénom\tCP\tVille\tTél. 1\tTél. 2\n"
    "02/11/2026\tC 123 456\tMARCHAND\tLéa\t69003\tLyon\t0478000000\t\n"
)

PARTIES = """Deux personnes sont concernées.

              Personne 1                         Personne 2
              ------------------------------     ------------------------------
Qualité       Locataire du dessus                Notre cliente, mission à ouvrir
Nom           M. Paul VIDAL                      Mme Léa MARCHAND
Adresse       14 rue des Fleurs                  12 rue des Fleurs
              69003 Lyon                         69003 Lyon
Téléphone     0612121212                         0478000000
Assureur      MAAF                               Allianz

Merci de ne pas contacter M. VIDAL.
"""


def test_spreadsheet_rows_read_as_labelled_lines():
    text = tables.rewrite(SPREADSHEET)
    assert "Nom : MARCHAND" in text and "Ville : Lyon" in text and "CP : 69003" in text
    assert "Tél. 2 :" not in text  # an empty cell is no value


def test_labels_and_values_side_by_side_are_left_as_they_are():
    pairs = "Police\tAZ123\tDate du sinistre\t03/10/2026\nAdresse\t3 rue Neuve\tCode postal\t69003\n"
    assert tables.rewrite(pairs) == pairs.rstrip("\n")


def test_only_the_mission_partys_column_is_kept():
    text = tables.rewrite(PARTIES)
    assert "Nom : Mme Léa MARCHAND" in text and "12 rue des Fleurs" in text
    assert "VIDAL" not in text.split("Merci")[0] and "0612121212" not in text


def test_a_table_of_parties_nothing_decides_is_left_as_it_is():
    undecided = PARTIES.replace("Notre cliente, mission à ouvrir", "Voisine").replace("Allianz", "MAAF").replace("Merci de ne pas contacter M. VIDAL.", "")
    assert "Paul VIDAL" in tables.rewrite(undecided)


def test_the_mail_names_the_party_in_a_sentence():
    html = (
        "<p>Voici les deux parties.</p><table><tr><th></th><th>Partie A</th><th>Partie B</th></tr>"
        "<tr><td>Nom</td><td>M. Paul VIDAL</td><td>Mme Léa MARCHAND</td></tr>"
        "<tr><td>Adresse</td><td>14 rue des Fleurs<br>69003 Lyon</td><td>2 place Bellecour<br>69002 Lyon</td></tr>"
        "<tr><td>Téléphone</td><td>0612121212</td><td>0478000000</td></tr></table>"
        "<p>La mission est pour Mme MARCHAND (Partie B) ; M. VIDAL est assuré ailleurs, ne pas le contacter.</p>"
    )
    text = html_to_text(html)
    assert "Nom : Mme Léa MARCHAND" in text and "Adresse : 2 place Bellecour\n69002 Lyon" in text and "0612121212" not in text


def test_a_mail_with_a_table_of_parties_gives_the_mission_partys_details():
    draft = process_mail(make_mail(body="Bonjour,\n\n" + PARTIES + "\nSinistre C 123 456, dégât des eaux.\n", subject="Sinistre"), Settings()).drafts[0]
    assert (draft.fields["last_name"], draft.fields["street"], draft.fields["phone"]) == ("MARCHAND", "12 rue des Fleurs", "0478000000")


def test_a_spreadsheet_html_table_with_bold_styled_headings_reads_as_labels():
    bold = 'style="font-weight:700;background:#D9E1F2"'
    html = (
        f"<table><tr><td {bold}>Nom</td><td {bold}>Prénom</td><td {bold}>CP</td></tr>"
        "<tr><td>MARCHAND</td><td>Léa</td><td>69003</td></tr></table>"
    )
    text = html_to_text(html)
    assert "Nom : MARCHAND" in text and "CP : 69003" in text


CONTACTS = """Personnes à contacter :
* Assuré (propriétaire absent des lieux) : M. Paul VIDAL
  06 12 12 12 12 – p.vidal@example.org
* Locataire en place : Mme Léa MARCHAND
  07 60 00 00 01
* Sœur de l'assuré : Mme Anne VIDAL
  07 34 00 00 02
"""


def test_a_list_of_people_to_contact_keeps_the_insureds_item():
    text = tables.rewrite(CONTACTS)
    assert "Paul VIDAL" in text and "06 12 12 12 12" in text
    assert "MARCHAND" not in text and "07 60" not in text and "Anne VIDAL" not in text


def test_a_list_without_the_insured_is_left_as_it_is():
    others = CONTACTS.replace("* Assuré (propriétaire absent des lieux)", "* Propriétaire")
    assert tables.rewrite(others) == others.rstrip("\n")


def test_a_table_of_people_keeps_the_insureds_row():
    text = tables.rewrite(
        "Qui              Nom                 Téléphone\n"
        "---------------  ------------------  --------------\n"
        "Fils de l'assuré M. Hamid SALAÜN     07.26.03.94.68\n"
        "Assuré           M. Jean BEN AMOR    07 49 90 25 63\n"
    )
    assert "Nom : M. Jean BEN AMOR" in text and "SALAÜN" not in text
    html = html_to_text(
        "<table><tr><th>Qui</th><th>Nom</th><th>Téléphone</th></tr>"
        "<tr><td>Neveu de l'assuré</td><td>M. Quentin KERMARREC</td><td>0631609949</td></tr>"
        "<tr><td>Assuré (propriétaire occupant)</td><td>M. Pierre BEN AMOR</td><td>0785879730</td></tr></table>"
    )
    assert "Nom : M. Pierre BEN AMOR" in html and "KERMARREC" not in html


CLIENT_RECORD = """Voici la fiche client ; le sinistre à traiter est celui en cours.

COORDONNÉES
  Adresse principale     : 77 rue du Docteur Schweitzer, 14100 Lisieux
  Tél. domicile          : 02 31 00 00 00
  Contact d'urgence      : Romane LAHLOU (sœur) – 06.68.43.21.62
  Préférence de contact  : Téléphone
CONTRATS
  Produit                | Compagnie | N° de contrat | Effet      | Statut
  Auto – Toyota Yaris    | Generali  | 802 4540 B    | 01/04/2018 | En cours
  Multirisque habitation | Allianz   | HAB/AZ/003896 | 01/04/2013 | En cours
  Risque assuré (MRH) : 53 allée des Marronniers, 15200 Mauriac
HISTORIQUE DES SINISTRES
  Date       | N° de sinistre | Nature                     | Statut
  25/10/2023 | C411415736     | Accrochage parking         | Clos
  28/10/2026 | C81-743-37     | Dommages liés à un écoulement d'eau | En cours – mission à ouvrir
"""


def test_a_client_records_tables_keep_the_claim_in_progress_and_the_contract_with_us():
    # (A row's free text may open with a label's word, "Dommages": still a row of values.)
    text = tables.rewrite(CLIENT_RECORD)
    assert "N° de sinistre : C81-743-37" in text and "C411415736" not in text
    assert "N° de contrat : HAB/AZ/003896" in text and "802 4540 B" not in text


def test_a_client_record_gives_the_claim_in_progress_the_risk_address_and_no_relatives_phone():
    raw = make_mail(body=CLIENT_RECORD, subject="Fiche client", sender="Cabinet <c@cabinet.example>", message_id="<record@test>")
    fields = process_mail(raw, Settings()).drafts[0].fields
    assert (fields["claim_number"], fields["policy_number"], fields["date_of_loss"], fields["peril"]) == ("C81-743-37", "HAB/AZ/003896", "2026-10-28", "dde")
    assert (fields["street"], fields["postal_code"]) == ("53 allée des Marronniers", "15200")
    assert fields["phone"] == "0231000000" and fields["phone2"] is None


def test_a_form_copied_from_a_viewer_labels_first_then_values():
    text = "1. ASSURÉ(E)\nCivilité\nNom\nPrénom\nTéléphone 1\nMme\nPerruchot\nMaryse\n06 35 50 36 53\n\nassure.tel_2 =\nassure.email =\nrisque.ville = Beaugency\n"
    lines = tables.labels_then_values(text).splitlines()
    assert lines[1:5] == ["Civilité : Mme", "Nom : Perruchot", "Prénom : Maryse", "Téléphone 1 : 06 35 50 36 53"]
    assert "assure.tel_2 =" in lines and "risque.ville = Beaugency" in lines  # "key = value" lines are left alone


def test_a_workbooks_selection_column_keeps_the_row_it_marks():
    from odm_intake.extractors.tables import rewrite

    text = rewrite(
        "A missionner\tN° sinistre\tNom\tPrénom\tCP\tVille\n"
        "X\tC 507-21-743\tROSSETTI\tJoséphine\t97213\tGros-Morne\n"
        "\tC90248432\tLIANG\tMédard\t68840\tPulversheim\n"
    )
    assert "Nom : ROSSETTI" in text and "LIANG" not in text and "A missionner" not in text


def test_the_row_the_mail_says_to_take_by_a_columns_value():
    text = tables.rewrite(
        "Voici les dossiers de la semaine :\n"
        "Statut\tN° sinistre\tNom\tPrénom\tCP\tVille\n"
        "En attente\tC 810-53-85\tKAMINSKI\tLéo\t73120\tCourchevel\n"
        "À missionner\tC009153659\tMARTIN\tLéa\t78126\tAulnay-sur-Mauldre\n"
        "Transmis\tC 542 058221\tARNAUD\tPaul\t38144\tVaulx\n\n"
        "Merci de ne prendre que la ligne « Statut = À missionner ».\n"
    )
    assert "Nom : MARTIN" in text and "KAMINSKI" not in text and "ARNAUD" not in text
