"""Regression on the shared sample mailbox (text channels; scans are the OCR stage's)."""

import pytest
from typer.testing import CliRunner

from odm_intake.cli import app, _load_records
from odm_intake.config.settings import get_settings
from odm_intake.evaluation import evaluate
from tests.conftest import SHARED

SAMPLES = SHARED / "samples"
TEXT_CHANNELS = ("body", "html", "pdf_text")


@pytest.mark.skipif(not (SAMPLES / "mailbox.mbox").exists(), reason="shared samples not beside this checkout")
def test_sample_mailbox_text_channels(db_url):
    runner = CliRunner()
    assert runner.invoke(app, ["replay", str(SAMPLES / "mailbox.mbox")]).exit_code == 0
    report = evaluate(SAMPLES / "expected.jsonl", _load_records(get_settings()))
    assert not report.missing_messages
    for channel in TEXT_CHANNELS:
        assert report.per_channel[channel].rate >= 0.97, channel
        assert report.per_channel_kind[channel].rate == 1.0, channel
        assert report.per_channel_warnings[channel].rate == 1.0, channel
