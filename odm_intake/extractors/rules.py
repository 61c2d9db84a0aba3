"""The procedure's rules (FIELDS.md 1-7): derived fields, warnings, 04P, status and team.

Duplicates (rule 5) need the other drafts, so they are applied when drafts are stored
(``odm_intake/pipeline.py``); everything else is decided here from one draft alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.fields.values import department_of, phone_type
from odm_intake.extractors.text import fold

FIELD_KEYS = (
    "claim_number", "order_number", "agent_code", "broker_code", "policy_number", "civility", "first_name", "last_name",
    "street", "address_complement", "postal_code", "city", "department", "phone", "phone_type", "phone2", "phone2_type",
    "email", "date_of_loss", "peril", "housing", "occupation", "dde_cause_repaired", "trade", "management_limit_eur",
    "description",
)
DDE_WARNINGS = ("dde_cause_not_repaired", "dde_cause_unknown")
EXPERTISE_04P = {
    "bris_de_glace": "Vérifier si expertise",
    "choc_vehicule": "choc de véhicule si devis entre 300 et 800€ rendre le dossier si devis > 800 € = expertise",
}
DEFAULT_KEY_LIMIT_EUR = 800


@dataclass(slots=True)
class Outcome:
    fields: dict[str, Any]
    warnings: list[dict[str, str]] = field(default_factory=list)
    expertise_04p: dict[str, Any] = field(default_factory=lambda: {"required": False, "description": None})
    status: str = "to_review"
    team: str = "cc"


def warning(code: str, detail: str = "") -> dict[str, str]:
    return {"code": code, "message": knowledge.messages()[code].replace("{detail}", detail).strip()}


def finalize_fields(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Fill what the procedure derives: order number, codes by kind, department, phone types."""
    out = {key: fields.get(key) for key in FIELD_KEYS}
    if kind not in ("odm_agence", "courtage", "cs2i"):
        return {key: None for key in FIELD_KEYS}
    out["order_number"] = "0" if kind in ("odm_agence", "courtage") else None
    if kind == "courtage":
        # A broker's "code intermédiaire" is the broker code.
        out["broker_code"] = out["broker_code"] or out["agent_code"] or "000"
    else:
        out["broker_code"] = None
    if kind != "odm_agence":
        out["agent_code"] = None
    out["department"] = department_of(out["postal_code"])
    if out["phone"] and out["phone"] == out["phone2"]:
        out["phone2"] = None
    if not out["phone"] and out["phone2"]:
        out["phone"], out["phone2"] = out["phone2"], None
    out["phone_type"] = phone_type(out["phone"])
    out["phone2_type"] = phone_type(out["phone2"])
    if out["peril"] != "dde":
        out["dde_cause_repaired"] = None
    return out


def apply_rules(kind: str, fields: dict[str, Any], mission_text: str, unreadable: list[str]) -> Outcome:
    """``mission_text`` is what the mission asks and says (for leak repair and cosmetic requests)."""
    outcome = Outcome(fields=fields)
    if kind in ("c2s", "other"):
        outcome.status = "ignored"
        return outcome
    if kind == "cs2i":
        outcome.team = "allianz"
    warnings = outcome.warnings
    peril = fields.get("peril")
    if peril == "dde":
        if fields.get("dde_cause_repaired") is False:
            warnings.append(warning("dde_cause_not_repaired"))
        elif fields.get("dde_cause_repaired") is None:
            warnings.append(warning("dde_cause_unknown"))
    folded = fold(mission_text)
    if any(p.search(folded) for p in knowledge.patterns("requests", "leak_repair")):
        warnings.append(warning("leak_repair_not_covered"))
    if fields.get("trade") == "recherche_fuite" and fields.get("housing") == "maison" and fields.get("occupation") == "proprietaire_occupant":
        warnings.append(warning("no_leak_search_owner_occupied_house"))
    if any(p.search(folded) for p in knowledge.patterns("requests", "cosmetic")):
        warnings.append(warning("cosmetic_repairs_not_covered"))
    for reason in unreadable:
        warnings.append(warning("unreadable_attachment", reason))
    if peril in EXPERTISE_04P:
        outcome.expertise_04p = {"required": True, "description": EXPERTISE_04P[peril]}
    elif peril in ("vol_cles", "perte_cles"):
        limit = fields.get("management_limit_eur") or DEFAULT_KEY_LIMIT_EUR
        outcome.expertise_04p = {"required": True, "description": f"Limite {_amount(limit)} €TTC"}
    if any(w["code"] in DDE_WARNINGS for w in warnings):
        outcome.status = "blocked"
    return outcome


def _amount(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".replace(".", ",")
