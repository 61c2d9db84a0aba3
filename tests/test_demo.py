"""The bundled demo mailbox: made by tests/fixtures/demo.py, read back without an error."""

import json

from typer.testing import CliRunner

from odm_intake.cli import _load_records, app
from odm_intake.config.settings import get_settings
from odm_intake.evaluation import evaluate
from tests.conftest import REPO
from tests.fixtures import demo


def test_checked_in_truth_is_what_the_generator_writes():
    _, truth = demo.build()
    on_disk = [json.loads(line) for line in (REPO / "demo" / "expected.jsonl").read_text().splitlines()]
    assert on_disk == truth


def test_demo_mailbox_is_read_exactly(db_url):
    result = CliRunner().invoke(app, ["replay", str(REPO / "demo" / "mailbox.mbox")])
    assert result.exit_code == 0, result.output
    report = evaluate(REPO / "demo" / "expected.jsonl", _load_records(get_settings()))
    assert report.kind.rate == report.warnings.rate == report.expertise.rate == report.fields.rate == 1.0, report.errors
