"""Generated broker mails (tests/fixtures/broker_mails.py) through replay and eval: every wording
family of the development and held-out sets ends as a courtage record; development wordings
read well. (Held-out field accuracy is measured once, elsewhere, not asserted here: failures
below show only kind and missing-message errors for that set.)"""

from typer.testing import CliRunner

from odm_intake.cli import _load_records, app
from odm_intake.config.settings import get_settings
from odm_intake.evaluation import evaluate
from tests.fixtures import broker_mails

# One mail of each family of a set (the sets differ in size).
COUNTS = {which: len(families) for which, families in broker_mails.FAMILIES.items()}


def test_generated_broker_mails_of_every_family(db_url, tmp_path):
    for which in ("dev", "heldout"):
        broker_mails.write(tmp_path / which, which, count=COUNTS[which], seed=42)
        result = CliRunner().invoke(app, ["replay", str(tmp_path / which / "mailbox.mbox")])
        assert result.exit_code == 0, result.output
    records = _load_records(get_settings())
    for which in ("dev", "heldout"):
        report = evaluate(tmp_path / which / "expected.jsonl", records)
        kind_errors = [e for e in report.errors if " kind: " in e]
        assert report.records == COUNTS[which]
        assert not report.missing_messages, report.missing_messages  # every mail has a record
        assert report.kind.rate == 1.0, kind_errors
        if which == "dev":
            assert report.fields.rate >= 0.8, report.errors
