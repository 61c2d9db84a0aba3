"""Scoring stored drafts against a truth file shaped like ``samples/expected.jsonl``."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCORED_EXCLUDED = {"description"}
# Confidence buckets of the reliability table: (lower bound, label).
BUCKETS = ((0.95, "≥ 0,95"), (0.9, "0,90–0,95"), (0.8, "0,80–0,90"), (0.7, "0,70–0,80"), (0.5, "0,50–0,70"), (0.0, "< 0,50"))


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += int(ok)

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{100 * self.rate:6.2f} % ({self.right}/{self.total})"


@dataclass
class Report:
    records: int = 0
    missing_messages: list[str] = field(default_factory=list)
    kind: Tally = field(default_factory=Tally)
    status: Tally = field(default_factory=Tally)
    warnings: Tally = field(default_factory=Tally)
    expertise: Tally = field(default_factory=Tally)
    fields: Tally = field(default_factory=Tally)
    mission_fields: Tally = field(default_factory=Tally)
    per_field: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    per_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    per_channel: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    per_channel_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    per_channel_warnings: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    errors: list[str] = field(default_factory=list)
    # Non-null values the product gave, by confidence bucket: is the confidence honest?
    reliability: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    confident: Tally = field(default_factory=Tally)  # confidence ≥ 0.9


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return abs(a - b) < 0.005
    return a == b


def _pair(expected: list[dict], actual: list[dict]) -> list[tuple[dict, dict | None]]:
    """Pair a message's expected and actual records: by claim number first, then in order."""
    remaining = list(actual)
    pairs: list[tuple[dict, dict | None]] = []
    for exp in expected:
        claim = exp["fields"].get("claim_number")
        match = next((a for a in remaining if claim and a["fields"].get("claim_number") == claim), None)
        if match is None and remaining:
            match = remaining[0]
        if match is not None:
            remaining.remove(match)
        pairs.append((exp, match))
    return pairs


def evaluate(truth_path: Path, records: list[dict]) -> Report:
    truth: dict[str, list[dict]] = defaultdict(list)
    for line in truth_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            truth[rec["message_id"]].append(rec)
    by_message: dict[str, list[dict]] = defaultdict(list)
    for rec in records:
        by_message[rec["message_id"]].append(rec)
    report = Report()
    for message_id, expected in truth.items():
        actual = by_message.get(message_id, [])
        if not actual:
            report.missing_messages.append(message_id)
        for exp, act in _pair(expected, actual):
            report.records += 1
            channel = exp.get("channel") or "?"
            act = act or {"kind": None, "status": None, "fields": {}, "warnings": [], "expertise_04p": None}
            ok_kind = act["kind"] == exp["kind"]
            report.kind.add(ok_kind)
            report.per_channel_kind[channel].add(ok_kind)
            if not ok_kind:
                report.errors.append(f"{message_id} [{channel}] kind: {act['kind']!r} ≠ {exp['kind']!r}")
            # A generated truth file may leave out what follows from the rules: only what it states is scored.
            if "status" in exp:
                report.status.add(act["status"] == exp["status"])
            if "warnings" in exp:
                codes = sorted(w["code"] if isinstance(w, dict) else w for w in act["warnings"])
                ok_w = codes == sorted(exp["warnings"])
                report.warnings.add(ok_w)
                report.per_channel_warnings[channel].add(ok_w)
                if not ok_w:
                    report.errors.append(f"{message_id} [{channel}] warnings: {codes} ≠ {sorted(exp['warnings'])}")
            if "expertise_04p" in exp:
                ok_04p = act["expertise_04p"] == exp["expertise_04p"]
                report.expertise.add(ok_04p)
                if not ok_04p:
                    report.errors.append(f"{message_id} [{channel}] 04P: {act['expertise_04p']} ≠ {exp['expertise_04p']}")
            mission = exp["kind"] in ("odm_agence", "courtage", "cs2i")
            for key, value in exp["fields"].items():
                if key in SCORED_EXCLUDED:
                    continue
                got = act["fields"].get(key)
                ok = _same(got, value)
                report.fields.add(ok)
                report.per_field[key].add(ok)
                report.per_kind[exp["kind"]].add(ok)
                report.per_channel[channel].add(ok)
                if mission:
                    report.mission_fields.add(ok)
                confidence = (act.get("confidence") or {}).get(key)
                if got is not None and confidence is not None:
                    report.reliability[_bucket(confidence)].add(ok)
                    if confidence >= 0.9:
                        report.confident.add(ok)
                if not ok:
                    report.errors.append(f"{message_id} [{channel}] {key}: {got!r} ≠ {value!r}")
    return report


def _bucket(confidence: float) -> str:
    return next(label for bound, label in BUCKETS if confidence >= bound)


def format_report(report: Report) -> str:
    lines = [
        f"enregistrements attendus : {report.records}   messages sans enregistrement : {len(report.missing_messages)}",
        f"type (kind)       {report.kind}",
        f"statut            {report.status}",
        f"avertissements    {report.warnings}",
        f"04P               {report.expertise}",
        f"champs (tous)     {report.fields}",
        f"champs (missions) {report.mission_fields}",
        "",
        "par canal            champs                     type                       avertissements",
    ]
    for channel in sorted(report.per_channel):
        lines.append(
            f"  {channel:<10} {str(report.per_channel[channel]):<26} {str(report.per_channel_kind[channel]):<26} {report.per_channel_warnings[channel]}"
        )
    lines += ["", "par type"]
    for kind in sorted(report.per_kind):
        lines.append(f"  {kind:<12} {report.per_kind[kind]}")
    lines += ["", "par champ"]
    for key in sorted(report.per_field):
        lines.append(f"  {key:<22} {report.per_field[key]}")
    lines += ["", "fiabilité (valeurs non nulles, par confiance)"]
    for _, label in BUCKETS:
        if label in report.reliability:
            lines.append(f"  {label:<12} {report.reliability[label]}")
    lines.append(f"  confiance ≥ 0,90 : {report.confident} justes")
    if report.missing_messages:
        lines += ["", "messages sans enregistrement :"] + [f"  {m}" for m in report.missing_messages]
    if report.errors:
        lines += ["", f"erreurs ({len(report.errors)}) :"] + [f"  {e}" for e in report.errors]
    return "\n".join(lines)
