"""The draft's fields as the case system's opening form shows them, and the reading of a CC's edits.

Edited values go through the same normalisers as extraction (``extractors.fields.values``), so
a value typed by a CC is stored exactly as one read from a mail would be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from odm_intake.errors import InvalidValue
from odm_intake.extractors.fields import values as v


@dataclass(frozen=True, slots=True)
class FieldSpec:
    key: str
    label: str
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, French label)
    derived: bool = False  # computed by the rules from other fields; not edited
    long: bool = False


PERILS = (("dde", "Dégât des eaux"), ("bris_de_glace", "Bris de glace"), ("choc_vehicule", "Choc de véhicule"),
          ("vol_cles", "Vol de clés"), ("perte_cles", "Perte de clés"), ("incendie", "Incendie"), ("autre", "Autre"))
TRADES = (("plomberie", "Plomberie"), ("recherche_fuite", "Recherche de fuite"), ("vitrerie", "Vitrerie"),
          ("serrurerie", "Serrurerie"), ("menuiserie", "Menuiserie"), ("electricite", "Électricité"), ("autre", "Autre"))

# The order of the case system's opening form: the CC copies them top to bottom.
FORM = (
    FieldSpec("claim_number", "N° de sinistre"),
    FieldSpec("order_number", "N° d'ordre", derived=True),
    FieldSpec("agent_code", "Code agent"),
    FieldSpec("broker_code", "Code courtier"),
    FieldSpec("date_of_loss", "Date de survenue"),
    FieldSpec("policy_number", "Police"),
    FieldSpec("civility", "Civilité", choices=(("M.", "M."), ("Mme", "Mme"))),
    FieldSpec("first_name", "Prénom"),
    FieldSpec("last_name", "Nom"),
    FieldSpec("street", "Adresse"),
    FieldSpec("address_complement", "Complément d'adresse"),
    FieldSpec("postal_code", "Code postal"),
    FieldSpec("city", "Ville"),
    FieldSpec("department", "Département", derived=True),
    FieldSpec("housing", "Habitation", choices=(("maison", "Maison"), ("appartement", "Appartement"))),
    FieldSpec("occupation", "Occupation", choices=(("proprietaire_occupant", "Propriétaire occupant"),
                                                    ("proprietaire_non_occupant", "Propriétaire non occupant"),
                                                    ("locataire", "Locataire"))),
    FieldSpec("phone", "Téléphone"),
    FieldSpec("phone_type", "Type de téléphone", derived=True),
    FieldSpec("phone2", "Téléphone 2"),
    FieldSpec("phone2_type", "Type de téléphone 2", derived=True),
    FieldSpec("email", "Email client"),
    FieldSpec("peril", "Nature du sinistre", choices=PERILS),
    FieldSpec("dde_cause_repaired", "Cause réparée (DDE)", choices=(("true", "Oui"), ("false", "Non"))),
    FieldSpec("trade", "CDM (corps de métier)", choices=TRADES),
    FieldSpec("management_limit_eur", "Limite de gestion (€)"),
    FieldSpec("description", "Description", long=True),
)
SPECS = {spec.key: spec for spec in FORM}
EDITABLE = tuple(spec.key for spec in FORM if not spec.derived)


def _postal_code(text: str) -> str | None:
    digits = re.sub(r"\s", "", text)
    return digits if re.fullmatch(r"\d{5}", digits) else None


def _choice(key: str) -> Callable[[str], Any]:
    allowed = {value for value, _ in SPECS[key].choices}
    return lambda text: text if text in allowed else None


def _bool(text: str) -> bool | None:
    return {"true": True, "false": False}.get(text.lower())


def _plain(text: str) -> str | None:
    return " ".join(text.split()) or None


_READERS: dict[str, tuple[Callable[[str], Any], str]] = {
    "claim_number": (v.normalize_claim_number, "numéro de sinistre illisible (ex. B1234567 ou C-2026-123456)"),
    "agent_code": (v.normalize_code, "code agent : des chiffres"),
    "broker_code": (v.normalize_code, "code courtier : des chiffres (000 s'il n'y en a pas)"),
    "date_of_loss": (v.normalize_date, "date illisible (ex. 03/11/2026)"),
    "policy_number": (v.normalize_policy_number, "numéro de police illisible"),
    "civility": (v.normalize_civility, "civilité : M. ou Mme"),
    "postal_code": (_postal_code, "code postal : 5 chiffres"),
    "phone": (v.normalize_phone, "téléphone : 10 chiffres (ex. 06 12 34 56 78)"),
    "phone2": (v.normalize_phone, "téléphone : 10 chiffres (ex. 06 12 34 56 78)"),
    "email": (v.normalize_email, "adresse email invalide"),
    "management_limit_eur": (v.normalize_amount, "montant illisible (ex. 800)"),
    "dde_cause_repaired": (_bool, "cause réparée : oui ou non"),
}
for _key in ("housing", "occupation", "peril", "trade"):
    _READERS[_key] = (_choice(_key), "valeur hors liste")


def read_edits(current: dict[str, Any], submitted: dict[str, str]) -> dict[str, Any]:
    """The fields whose submitted value differs from ``current``, normalised; raises InvalidValue."""
    changes: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, text in submitted.items():
        if key not in EDITABLE:
            continue
        text = text.strip()
        if text == display(current.get(key)):
            continue  # untouched: an extracted value is never re-judged behind the CC's back
        if not text:
            value = None
        else:
            reader, reason = _READERS.get(key, (_plain, ""))
            try:
                value = reader(text)
            except (ValueError, TypeError):
                value = None
            if value is None:
                errors[key] = f"{SPECS[key].label} : {reason or 'valeur illisible'}"
                continue
        if value != current.get(key):
            changes[key] = value
    if errors:
        raise InvalidValue(errors)
    return changes


def display(value: Any) -> str:
    """A stored value as the CC types it in the case system."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)
