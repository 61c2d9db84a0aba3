"""The web side of the command line: users add and serve's configuration check."""

from __future__ import annotations

from typer.testing import CliRunner

from odm_intake.cli import app


def test_users_add_then_if_missing(settings):
    from odm_intake.web.auth import authenticate

    runner = CliRunner()
    assert runner.invoke(app, ["users", "add", "lea", "--role", "cc", "--password-stdin"], input="motdepasse-lea\n").exit_code == 0
    again = runner.invoke(app, ["users", "add", "lea", "--role", "cc", "--password-stdin"], input="motdepasse-lea\n")
    assert again.exit_code == 2
    assert runner.invoke(app, ["users", "add", "lea", "--password-stdin", "--if-missing"], input="autre-mot\n").exit_code == 0
    user = authenticate(settings, "lea", "motdepasse-lea")
    assert user is not None and user.role == "cc" and user.password_hash.startswith("$argon2")
    assert authenticate(settings, "lea", "autre-mot") is None


def test_serve_without_secret_key_exits_2(settings, monkeypatch):
    monkeypatch.delenv("ODM_INTAKE_SECRET_KEY", raising=False)
    result = CliRunner().invoke(app, ["serve", "--port", "8123"])
    assert result.exit_code == 2
    assert "ODM_INTAKE_SECRET_KEY" in result.output
