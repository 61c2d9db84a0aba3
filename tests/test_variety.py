"""Generated variety (tests/fixtures/variety.py) through replay and eval: every channel of a
development layout ends as a scored draft; development text PDFs read exactly. The held-out set
is generated here but never run through the product: it is measured once, by hand, and a test
failing on it would show what it holds (see bench/OCR_NOTES.md)."""

import json


from typer.testing import CliRunner

from odm_intake.cli import _load_records, app
from odm_intake.config.settings import get_settings
from odm_intake.evaluation import evaluate
from tests.fixtures import variety


def test_generated_mails_through_every_channel(db_url, tmp_path):
    variety.write(tmp_path / "dev", "dev", count=5, seed=42)  # one layout, each channel once
    result = CliRunner().invoke(app, ["replay", str(tmp_path / "dev" / "mailbox.mbox")])
    assert result.exit_code == 0, result.output
    report = evaluate(tmp_path / "dev" / "expected.jsonl", _load_records(get_settings()))
    assert not report.missing_messages and report.kind.rate == 1.0
    assert set(report.per_channel) == {"pdf_text", "fax_tiff", "fax_pdf", "photo"}
    assert report.per_channel["pdf_text"].rate == 1.0, report.errors
    assert report.fields.rate >= 0.8, report.errors


def test_the_held_out_set_is_generated_with_its_truth(tmp_path):
    variety.write(tmp_path / "heldout", "heldout", count=5, seed=42)
    records = [json.loads(line) for line in (tmp_path / "heldout" / "expected.jsonl").read_text().splitlines()]
    assert len(records) == 5 and {r["channel"] for r in records} == {"pdf_text", "fax_tiff", "fax_pdf", "photo"}
    assert (tmp_path / "heldout" / "mailbox.mbox").stat().st_size > 0
