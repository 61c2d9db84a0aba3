"""Whether words can be a label's value, by the value's type: the check that chooses between
two places a value could be read from (under a caption, or above it)."""

from __future__ import annotations

import re

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.fields.knowledge import LabelSpec
from odm_intake.extractors.fields.values import (
    EMAIL_RE,
    STREET_RE,
    find_dates,
    find_phones,
    normalize_amount,
    normalize_claim_number,
    normalize_code,
    normalize_policy_number,
)
from odm_intake.extractors.text import fold
from odm_intake.extractors.words import TICKED, UNTICKED


def fits(spec: LabelSpec, text: str) -> bool:
    """True when ``text`` reads as a value of the label's kind ("B7716206" for a claim number,
    "Mme" for a civility), False when it cannot be one ("1 1 1 0 2026" for a claim number)."""
    text = text.strip()
    if not text:
        return False
    digits = re.sub(r"\D", "", text)
    kind = spec.kind
    if kind == "claim_number":
        return normalize_claim_number(text) is not None
    if kind == "policy_number":
        # A letter in it, as Allianz prints them ("AZ 6610 9576", "68M625809"): no bare number.
        return normalize_policy_number(text) is not None and bool(re.search(r"[A-Za-z]", text))
    if kind == "code":
        return normalize_code(text) is not None and len(digits) >= 3
    if kind == "date":
        return bool(find_dates(text) or find_dates(re.sub(r"(?<=\d) (?=\d)", "", text)))
    if kind in ("postal_code", "postal_city"):
        return bool(re.search(r"\b\d{5}\b", text) or re.fullmatch(r"(\d ){4}\d.*", text))
    if kind == "phones":
        return bool(find_phones(text))
    if kind == "email":
        return bool(EMAIL_RE.search(text.replace(" ", "")))
    if kind == "amount":
        return normalize_amount(text) is not None
    if kind == "address":
        return bool(STREET_RE.search(text + ",") or re.match(r"\d{1,4}\b", text))
    if kind == "civility":
        return any(fold(w) in knowledge.civilities() for w in re.split(rf"[\s{TICKED}{UNTICKED}]+", text) if w)
    if kind in ("name", "person"):
        return not digits and any(c.isalpha() for c in text) and not text.startswith((TICKED, UNTICKED))
    if kind in ("housing", "occupation", "peril", "trade", "yes_no"):
        return True
    return not digits or kind in ("text", "mailing_address")
