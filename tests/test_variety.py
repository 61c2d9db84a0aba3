"""Generated variety (tests/fixtures/variety.py) through replay and eval: every channel of a
development and a held-out layout ends as a scored draft; development text PDFs read exactly.
(Held-out accuracy is measured, not asserted: see bench/OCR_NOTES.md.)"""

from typer.testing import CliRunner

from odm_intake.cli import _load_records, app
from odm_intake.config.settings import get_settings
from odm_intake.evaluation import evaluate
from tests.fixtures import variety


def test_generated_mails_through_every_channel(db_url, tmp_path):
    variety.write(tmp_path / "dev", "dev", count=5, seed=42)  # one layout, each channel once
    variety.write(tmp_path / "heldout", "heldout", count=5, seed=42)
    for which in ("dev", "heldout"):
        result = CliRunner().invoke(app, ["replay", str(tmp_path / which / "mailbox.mbox")])
        assert result.exit_code == 0, result.output
    records = _load_records(get_settings())
    for which in ("dev", "heldout"):
        report = evaluate(tmp_path / which / "expected.jsonl", records)
        assert not report.missing_messages and report.kind.rate == 1.0
        assert set(report.per_channel) == {"pdf_text", "fax_tiff", "fax_pdf", "photo"}
        if which == "dev":  # held-out field errors are never printed here: they would be looked at
            assert report.per_channel["pdf_text"].rate == 1.0, report.errors
            assert report.fields.rate >= 0.8, report.errors
