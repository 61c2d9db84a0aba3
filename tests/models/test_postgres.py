"""The same pipeline on a real PostgreSQL: migrations, ledger, drafts, export."""

import json
import os

import pytest
from typer.testing import CliRunner

from odm_intake.cli import app
from odm_intake.config.settings import get_settings
from tests.fixtures.mails import mail
from tests.servers.postgres import pg_bin, postgres_server

pytestmark = pytest.mark.skipif(pg_bin() is None and not os.environ.get("CI"), reason="PostgreSQL not installed")


@pytest.fixture(scope="module")
def pg_url():
    with postgres_server() as url:
        yield url


def test_replay_and_export_on_postgres(pg_url, tmp_path, monkeypatch):
    monkeypatch.setenv("ODM_INTAKE_DATABASE_URL", pg_url)
    monkeypatch.setenv("ODM_INTAKE_WORKERS", "1")
    get_settings.cache_clear()
    runner = CliRunner()
    body = "Assuré : M. MARTIN Paul\nN° de sinistre : B1020304\nLieu du risque : 3 rue Neuve\nCode postal / Ville : 59000 Lille\nTéléphone : 06 01 02 03 04\n"
    for i in range(2):
        (tmp_path / f"{i}.eml").write_bytes(mail(body, subject="ODM B1020304", sender="Agence Allianz X <a@x.example>", message_id=f"<pg{i}@t>"))
    result = runner.invoke(app, ["replay", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "nouveaux : 2" in result.stdout
    assert "nouveaux : 0" in runner.invoke(app, ["replay", str(tmp_path)]).stdout
    out = runner.invoke(app, ["drafts", "export", "--format", "jsonl"])
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["fields"]["city"] for r in records] == ["Lille", "Lille"]
    assert [w["code"] for w in records[1]["warnings"]] == ["possible_duplicate"]
    get_settings.cache_clear()
