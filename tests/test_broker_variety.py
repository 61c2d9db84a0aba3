"""Generated broker mails (tests/fixtures/broker_mails.py) through replay and eval: every wording
family of the development set ends as a courtage record and reads well. The held-out set is
generated here but never run through the product: it is measured once, by hand, and a test
failing on it would show what it holds (see bench/OCR_NOTES.md)."""

import json

from typer.testing import CliRunner

from odm_intake.cli import _load_records, app
from odm_intake.config.settings import get_settings
from odm_intake.evaluation import evaluate
from tests.fixtures import broker_mails

# One mail of each family of a set (the sets differ in size).
COUNTS = {which: len(families) for which, families in broker_mails.FAMILIES.items()}


def test_generated_broker_mails_of_every_family(db_url, tmp_path):
    broker_mails.write(tmp_path / "dev", "dev", count=COUNTS["dev"], seed=42)
    result = CliRunner().invoke(app, ["replay", str(tmp_path / "dev" / "mailbox.mbox")])
    assert result.exit_code == 0, result.output
    report = evaluate(tmp_path / "dev" / "expected.jsonl", _load_records(get_settings()))
    assert report.records == COUNTS["dev"]
    assert not report.missing_messages, report.missing_messages  # every mail has a record
    assert report.kind.rate == 1.0, [e for e in report.errors if " kind: " in e]
    assert report.fields.rate >= 0.8, report.errors


def test_the_held_out_set_is_generated_with_its_truth(tmp_path):
    broker_mails.write(tmp_path / "heldout", "heldout", count=COUNTS["heldout"], seed=42)
    records = [json.loads(line) for line in (tmp_path / "heldout" / "expected.jsonl").read_text().splitlines()]
    assert len(records) == COUNTS["heldout"] and all(r["kind"] == "courtage" for r in records)
    assert {r["wording"] for r in records} == set(broker_mails.FAMILIES["heldout"])
