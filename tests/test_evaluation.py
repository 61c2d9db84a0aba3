"""The eval command's scoring: fields per channel, only what the truth states, reliability."""

from __future__ import annotations

import json

from odm_intake.evaluation import evaluate, format_report


def _truth(tmp_path, records):
    path = tmp_path / "expected.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_reliability_table_and_fields_only_truth(tmp_path):
    truth = _truth(tmp_path, [
        {"message_id": "<a>", "kind": "odm_agence", "channel": "fax_tiff", "fields": {"claim_number": "B1234567", "city": "Dijon", "street": "1 rue X"}},
    ])
    actual = [{
        "message_id": "<a>", "kind": "odm_agence", "status": "to_review", "warnings": ["low_confidence"], "expertise_04p": None,
        "fields": {"claim_number": "B1234567", "city": "Dijon", "street": "1 rue Y"},
        "confidence": {"claim_number": 0.97, "city": 0.92, "street": 0.6},
    }]
    report = evaluate(truth, actual)
    # Status, warnings and 04P are not in this truth: not scored, not errors.
    assert report.status.total == report.warnings.total == report.expertise.total == 0
    assert (report.fields.right, report.fields.total) == (2, 3)
    assert (report.confident.right, report.confident.total) == (2, 2)
    assert report.reliability["0,50–0,70"].total == 1 and report.reliability["0,50–0,70"].right == 0
    text = format_report(report)
    assert "fiabilité" in text and "confiance ≥ 0,90 : 100.00 % (2/2)" in text
