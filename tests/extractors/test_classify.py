import pytest

from odm_intake.extractors.classify import classify
from odm_intake.extractors.fields.evidence import FieldValue, Mission


def _mission(**values) -> Mission:
    m = Mission()
    for k, v in values.items():
        m.offer(k, FieldValue(v, 0.9, "body", ""))
    return m


FULL = dict(last_name="X", street="1 rue A", postal_code="75001", phone="0601020304")


@pytest.mark.parametrize(
    "sender, subject, text, mission, kind",
    [
        ("Allianz C2S <notif@c2s.example>", "[C2S] Ouverture automatique", "ouvert automatiquement sur le Web", None, "c2s"),
        ("Agence Allianz Dupuis <a@agence.example>", "ODM B1234567", "Code agent : 123", _mission(claim_number="B1234567", **FULL), "odm_agence"),
        ("J. Broker <j@cabinet.example>", "Mission", "Code courtier 77, notre client", _mission(claim_number="C99887766", **FULL), "courtage"),
        ("Cabinet Expert <e@expertise-x.example>", "Mission expert", "Le cabinet d'expertise mandaté par Allianz", _mission(claim_number="B1234567", **FULL), "cs2i"),
        ("Agence <a@agence.example>", "Relance dossier B1234567", "Pouvez-vous nous donner des nouvelles du dossier ?", _mission(claim_number="B1234567"), "other"),
        ("x@y.example", "", "", Mission(), "other"),
        ("Promo <p@p.example>", "Votre bon d'achat", "Cliquez ici", Mission(), "other"),
        ("Agence Allianz Leroy <l@agence.example>", "ODM sinistre B1234567", "Veuillez trouver ci-joint un ODM.", _mission(claim_number="B1234567"), "odm_agence"),
        # A broker writing from an "agence-" domain: an intermediary's code is a broker's as much as an agent's.
        ("R. Carrère <r@agence-bessin.example>", "Fiche sinistre", "COURTAGE BESSIN ASSURANCES\nCode intermédiaire 5921", _mission(claim_number="C2026_236307", **FULL), "courtage"),
        ("Y. Bonnefous <y@agence-perche.example>", "Mission", "Merci de lancer la mission.\nPerche Courtiers Conseil", _mission(claim_number="C-2026-694303", **FULL), "courtage"),
    ],
)
def test_kinds(sender, subject, text, mission, kind):
    assert classify(sender, subject, text, mission) == kind
