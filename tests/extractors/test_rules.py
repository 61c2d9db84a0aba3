import pytest

from odm_intake.extractors.rules import FIELD_KEYS, apply_rules, finalize_fields


def _fields(kind="odm_agence", **values):
    return finalize_fields(kind, {k: values.get(k) for k in FIELD_KEYS})


def _codes(outcome):
    return sorted(w["code"] for w in outcome.warnings)


def test_derived_fields_by_kind():
    f = _fields("courtage", postal_code="20110", phone="0712345678", phone2="0712345678", peril="incendie", dde_cause_repaired=True)
    assert f["order_number"] == "0" and f["broker_code"] == "000" and f["agent_code"] is None
    assert f["department"] == "2A" and f["phone_type"] == "mobile" and f["phone2"] is None
    assert f["dde_cause_repaired"] is None
    # A broker's "code intermédiaire" read as an agent code is the broker code.
    f = _fields("courtage", agent_code="3450")
    assert f["broker_code"] == "3450" and f["agent_code"] is None
    assert _fields("cs2i")["order_number"] is None
    assert all(v is None for v in _fields("other", claim_number="B1").values())


@pytest.mark.parametrize(
    "cause, code, status",
    [(False, "dde_cause_not_repaired", "blocked"), (None, "dde_cause_unknown", "blocked"), (True, None, "to_review")],
)
def test_dde_cause(cause, code, status):
    outcome = apply_rules("odm_agence", _fields(peril="dde", dde_cause_repaired=cause), "", [])
    assert _codes(outcome) == ([code] if code else []) and outcome.status == status


def test_leaks_cosmetics_and_unreadable():
    f = _fields(peril="dde", dde_cause_repaired=True, trade="recherche_fuite", housing="maison", occupation="proprietaire_occupant")
    assert _codes(apply_rules("courtage", f, "Merci de réparer la fuite puis reprise des embellissements", ["x.pdf : PDF illisible"])) == [
        "cosmetic_repairs_not_covered", "leak_repair_not_covered", "no_leak_search_owner_occupied_house", "unreadable_attachment"
    ]


@pytest.mark.parametrize(
    "peril, limit, expected",
    [
        ("bris_de_glace", None, "Vérifier si expertise"),
        ("choc_vehicule", None, "choc de véhicule si devis entre 300 et 800€ rendre le dossier si devis > 800 € = expertise"),
        ("vol_cles", None, "Limite 800 €TTC"),
        ("perte_cles", 500, "Limite 500 €TTC"),
        ("incendie", None, None),
    ],
)
def test_04p(peril, limit, expected):
    outcome = apply_rules("odm_agence", _fields(peril=peril, management_limit_eur=limit), "", [])
    assert outcome.expertise_04p == {"required": expected is not None, "description": expected}


def test_cs2i_goes_to_the_allianz_team_and_noise_is_ignored():
    assert apply_rules("cs2i", _fields("cs2i", peril="autre"), "", []).team == "allianz"
    assert apply_rules("c2s", _fields("c2s"), "", []).status == "ignored"
