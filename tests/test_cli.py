"""End to end through the ``odm-intake`` command: replay, export, eval, bad input."""

from __future__ import annotations

import json
import mailbox
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from odm_intake.cli import app
from tests.conftest import SHARED
from tests.fixtures.mails import mail, text_pdf

runner = CliRunner()
SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "draft.schema.json").read_text())

AGENCE_BODY = """Bonjour,
ORDRE DE MISSION
Agence Allianz Test - 3 rue de l'Agence 69002 Lyon - Tél. : 04 78 00 00 00 - Fax : 04 78 00 00 01
N° de sinistre : B4455667
N° de police : MRH 12 34 56
Code agent : 99887
Date du sinistre : 03/11/2026
Assuré : Mme ROCHE Hélène
Lieu du risque : 8 allée des Cerisiers
Code postal / Ville : 69100 Villeurbanne
Téléphone(s) : 06 11 22 33 44
Nature du sinistre : Dégâts des eaux
Habitation : [ ] Maison [X] Appartement
Occupation : [X] Propriétaire occupant [ ] Locataire
Cause réparée : [X] Oui [ ] Non
Prestation demandée : Plomberie
"""


def _mails(tmp_path: Path) -> list[bytes]:
    odm_pdf = text_pdf(
        [(50, 80, "ORDRE DE MISSION"), (50, 120, "N° de sinistre :"), (200, 120, "B9988776"), (50, 140, "Assuré :"), (200, 140, "M. BLANC Louis"),
         (50, 160, "Adresse du risque :"), (200, 160, "12 rue Haute"), (50, 180, "Code postal / Ville :"), (200, 180, "21000 Dijon"),
         (50, 200, "Nature du sinistre :"), (200, 200, "Bris de glace"), (50, 220, "Prestation demandée :"), (200, 220, "Vitrerie")]
    )
    return [
        mail(AGENCE_BODY, subject="ODM sinistre B4455667", sender="Agence Allianz Test <agence@test.example>", message_id="<agence@t>"),
        mail("Veuillez trouver ci-joint un ODM.", subject="ODM B9988776", sender="Agence Allianz Test <agence@test.example>", message_id="<pdf@t>", attachments=[("ODM.pdf", "application/pdf", odm_pdf)]),
        mail("Ci-joint l'ODM.", subject="ODM sinistre B1231231", sender="Agence Allianz Test <agence@test.example>", message_id="<corrupt@t>", attachments=[("ODM.pdf", "application/pdf", odm_pdf[:300])]),
        mail("Ci-joint l'ODM.", subject="ODM sinistre B3213213", sender="Agence Allianz Test <agence@test.example>", message_id="<crypt@t>", attachments=[("ODM.pdf", "application/pdf", text_pdf([(50, 50, "secret")], password="x"))]),
        mail("", subject="", sender="scan@test.example", message_id="<empty@t>"),
        mail("Bonjour, relance sur le dossier.", subject="Relance", message_id=None),
        mail("Je suis absent du bureau.", subject="Réponse automatique : absence", message_id="<ooo@t>"),
    ]


def _write_mbox(path: Path, raws: list[bytes]) -> None:
    box = mailbox.mbox(str(path))
    for raw in raws:
        box.add(raw)
    box.flush()
    box.close()


def _export(db_url) -> list[dict]:
    result = runner.invoke(app, ["drafts", "export", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_replay_export_and_idempotency(db_url, tmp_path):
    raws = _mails(tmp_path)
    box = tmp_path / "box.mbox"
    _write_mbox(box, raws)
    result = runner.invoke(app, ["replay", str(box)])
    assert result.exit_code == 0, result.output
    assert "messages lus : 7, nouveaux : 7, déjà connus : 0, échecs : 0" in result.stdout

    records = _export(db_url)
    assert len(records) == 7
    for record in records:
        jsonschema.validate(record, SCHEMA)
    by_id = {r["message_id"]: r for r in records}

    agence = by_id["<agence@t>"]
    assert agence["kind"] == "odm_agence" and agence["status"] == "to_review" and agence["received_at"] == "2026-11-02T09:00:00+01:00"
    f = agence["fields"]
    assert (f["claim_number"], f["agent_code"], f["policy_number"], f["last_name"], f["city"], f["phone"]) == (
        "B4455667", "99887", "MRH123456", "ROCHE", "Villeurbanne", "0611223344"
    )
    assert agence["confidence"]["claim_number"] >= 0.9 and "N° de sinistre" in agence["evidence"]["claim_number"]["text"]

    pdf = by_id["<pdf@t>"]
    assert pdf["fields"]["claim_number"] == "B9988776" and pdf["fields"]["city"] == "Dijon"
    assert pdf["expertise_04p"] == {"required": True, "description": "Vérifier si expertise"}
    assert pdf["evidence"]["claim_number"]["source"] == "attachment:ODM.pdf#page=1" and len(pdf["evidence"]["claim_number"]["box"]) == 4

    for mid in ("<corrupt@t>", "<crypt@t>"):
        rec = by_id[mid]
        assert rec["kind"] == "odm_agence" and [w["code"] for w in rec["warnings"]] == ["unreadable_attachment"]
    assert "mot de passe" in by_id["<crypt@t>"]["warnings"][0]["message"]
    assert by_id["<empty@t>"]["kind"] == "other" and by_id["<empty@t>"]["status"] == "ignored"
    assert any(m.startswith("<sans-message-id.") for m in by_id)

    again = runner.invoke(app, ["replay", str(box)])
    assert "nouveaux : 0, déjà connus : 7" in again.stdout
    folder = tmp_path / "eml"
    folder.mkdir()
    for i, raw in enumerate(raws):
        (folder / f"{i}.eml").write_bytes(raw)
    again = runner.invoke(app, ["replay", str(folder)])
    assert "nouveaux : 0, déjà connus : 7" in again.stdout
    assert len(_export(db_url)) == 7


def test_duplicates_are_flagged_on_the_later_draft(db_url, tmp_path):
    first = mail(AGENCE_BODY, subject="ODM B4455667", sender="Agence Allianz Test <a@t.example>", message_id="<1@t>")
    second = mail(AGENCE_BODY, subject="2e envoi ODM B4455667", sender="Agence Allianz Test <a@t.example>", message_id="<2@t>")
    for i, raw in enumerate((first, second)):
        (tmp_path / f"{i}.eml").write_bytes(raw)
    assert runner.invoke(app, ["replay", str(tmp_path / "0.eml"), str(tmp_path / "1.eml")]).exit_code == 0
    codes = {r["message_id"]: [w["code"] for w in r["warnings"]] for r in _export(db_url)}
    assert codes == {"<1@t>": [], "<2@t>": ["possible_duplicate"]}


def test_bad_sources_and_big_attachments(db_url, tmp_path, monkeypatch):
    maildir = tmp_path / "md"
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True)
    (maildir / "new" / "0.empty").write_bytes(b"")
    big = mail("Ci-joint.", subject="ODM B5556667", sender="Agence Allianz Test <a@t.example>", message_id="<big@t>", attachments=[("ODM.pdf", "application/pdf", b"%PDF-1.4\n" + b"0" * 50_000_000)])
    (maildir / "new" / "1.big").write_bytes(big)
    garbage = tmp_path / "garbage.mbox"
    garbage.write_bytes(b"\x00\x01\x02 binary junk\n\n")
    result = runner.invoke(app, ["replay", str(maildir), str(garbage)])
    assert result.exit_code == 0, result.output
    records = {r["message_id"]: r for r in _export(db_url)}
    assert len(records) == 3
    big_rec = records["<big@t>"]
    assert [w["code"] for w in big_rec["warnings"]] == ["unreadable_attachment"] and "Mo" in big_rec["warnings"][0]["message"]


def test_a_mail_that_fails_is_recorded_and_exit_code_is_1(db_url, tmp_path, monkeypatch):
    import odm_intake.pipeline as pipeline

    def explode(raw, settings):
        raise ValueError("boom")

    monkeypatch.setattr(pipeline, "_extract", explode)
    (tmp_path / "a.eml").write_bytes(mail("x", message_id="<fail@t>"))
    result = runner.invoke(app, ["replay", str(tmp_path / "a.eml")])
    assert result.exit_code == 1 and "échecs : 1" in result.stdout
    [record] = _export(db_url)
    assert record["status"] == "to_review" and record["warnings"][0]["code"] == "processing_failed"
    assert "boom" in record["warnings"][0]["message"]
    monkeypatch.undo()
    result = runner.invoke(app, ["reprocess", "--failed"])
    assert result.exit_code == 0
    [record] = _export(db_url)
    assert record["warnings"] == []


def test_usage_errors_exit_2(db_url, tmp_path):
    assert runner.invoke(app, ["replay", str(tmp_path / "missing.mbox")]).exit_code == 2
    assert runner.invoke(app, ["drafts", "list", "--status", "nope"]).exit_code == 2


def test_vendored_schema_matches_the_spec():
    spec = SHARED / "spec" / "draft.schema.json"
    if not spec.exists():
        pytest.skip("the shared spec is not beside this checkout")
    assert json.loads(spec.read_text()) == SCHEMA


def test_parallel_workers_give_the_same_records(db_url, tmp_path, monkeypatch):
    box = tmp_path / "box.mbox"
    _write_mbox(box, _mails(tmp_path))
    monkeypatch.setenv("ODM_INTAKE_WORKERS", "2")
    from odm_intake.config.settings import get_settings

    get_settings.cache_clear()
    assert runner.invoke(app, ["replay", "--workers", "2", str(box)]).exit_code == 0
    records = _export(db_url)
    assert len(records) == 7 and {r["kind"] for r in records} == {"odm_agence", "other"}


def test_a_result_the_database_cannot_hold_is_recorded_as_a_failure_and_the_run_goes_on(db_url, tmp_path, monkeypatch):
    import odm_intake.pipeline as pipeline

    real = pipeline._extract

    def unserialisable(raw, settings):
        result = real(raw, settings)
        if b"<bad@t>" in raw:
            result.drafts[0].fields["city"] = object()  # a bug's value: not JSON
        return result

    monkeypatch.setattr(pipeline, "_extract", unserialisable)
    (tmp_path / "a.eml").write_bytes(mail("x", message_id="<bad@t>"))
    (tmp_path / "b.eml").write_bytes(mail("y", message_id="<good@t>"))
    result = runner.invoke(app, ["replay", "-w", "1", str(tmp_path / "a.eml"), str(tmp_path / "b.eml")])
    assert result.exit_code == 1 and "échecs : 1" in result.stdout
    records = {r["message_id"]: r for r in _export(db_url)}
    assert records["<bad@t>"]["warnings"][0]["code"] == "processing_failed"
    assert "processing_failed" not in [w["code"] for w in records["<good@t>"]["warnings"]]
