"""Which of the five kinds (FIELDS.md) a mail is: who sent it, and does it carry a new mission.

Signals are data (``config/classify.toml``): patterns over the sender, the subject and the
text. A mail is a mission only if it asks for one or carries an insured's details; reminders,
cancellations, quotes for review, newsletters, out-of-office replies and spam are ``other``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.fields.evidence import Mission
from odm_intake.extractors.text import fold

import re
from functools import lru_cache

MISSION_KINDS = ("odm_agence", "courtage", "cs2i")
CONTENT_FIELDS = ("last_name", "street", "postal_code", "phone", "email", "policy_number", "date_of_loss")


@dataclass(slots=True)
class Signals:
    sender: str
    subject: str
    text: str
    scores: dict[str, float] = field(default_factory=dict)


@lru_cache(maxsize=None)
def _compiled(section: str, where: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.M) for p in knowledge.classification()[section].get(where, []))


def score(section: str, signals: Signals) -> float:
    total = 0.0
    for where, weight in (("sender", 2.0), ("subject", 2.0), ("text", 1.0)):
        haystack = getattr(signals, where)
        total += weight * sum(1 for p in _compiled(section, where) if p.search(haystack))
    return total


def classify(sender: str, subject: str, text: str, mission: Mission | None) -> str:
    signals = Signals(fold(sender), fold(subject), "\n".join(fold(line) for line in text.splitlines()))
    if score("c2s", signals) >= 3:
        return "c2s"
    content = mission.filled(*CONTENT_FIELDS) if mission else 0
    has_claim = bool(mission and mission.get("claim_number"))
    noise = score("noise", signals)
    intent = score("mission", signals)
    if noise >= 2 and content < 3:
        return "other"
    if content < 2 and not (intent and has_claim):
        return "other"
    scores = {kind: score(kind, signals) for kind in MISSION_KINDS}
    claim = (mission.get("claim_number") or "") if mission else ""
    if claim.startswith("B"):
        scores["odm_agence"] += 1.5
    elif claim.startswith("C"):
        scores["courtage"] += 1.5
    if scores["cs2i"] >= 3 and scores["cs2i"] >= max(scores["odm_agence"], scores["courtage"]):
        return "cs2i"
    return "odm_agence" if scores["odm_agence"] > scores["courtage"] else "courtage"


def provenance(kind: str) -> str | None:
    return knowledge.classification()["provenance"].get(kind)
