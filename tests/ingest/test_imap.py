"""The IMAP source and the daemon against a real Dovecot started for the tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlmodel import Session, select

from odm_intake.config.settings import Settings
from odm_intake.ingest.imap import ImapMailbox, poll
from odm_intake.models.db import get_engine, upgrade
from odm_intake.models.tables import Message
from tests.conftest import REPO
from tests.fixtures.mails import mail
from tests.servers.dovecot import PASSWORD, USER, remove, start_dovecot

pytestmark = pytest.mark.skipif(not os.path.exists("/usr/sbin/dovecot"), reason="dovecot-imapd not installed")


@pytest.fixture
def dovecot():
    server = start_dovecot()
    yield server
    remove(server)


def _settings(server, db_url: str, **extra) -> Settings:
    return Settings(
        database_url=db_url, imap_host="127.0.0.1", imap_port=server.port, imap_ssl=False, imap_user=USER, imap_password=PASSWORD,
        poll_seconds=2, workers=1, reconnect_seconds=0.2, **extra,
    )


def _body(n: int) -> str:
    return f"Assuré : M. MARTIN Paul\nN° de sinistre : B{1000000 + n}\nLieu du risque : 3 rue Neuve\nCode postal / Ville : 59000 Lille\n"


def _agence(n: int) -> bytes:
    return mail(_body(n), subject=f"ODM B{1000000 + n}", sender="Agence Allianz X <a@x.example>", message_id=f"<imap{n}@t>")


def _keywords(server) -> dict[int, list[bytes]]:
    with server.client() as c:
        c.select_folder("INBOX")
        return {uid: list(data[b"FLAGS"]) for uid, data in c.fetch(c.search(["ALL"]), ["FLAGS"]).items()}


def test_poll_stores_then_marks_and_never_fetches_twice(dovecot, db_url):
    settings = _settings(dovecot, db_url)
    upgrade(db_url)
    for n in range(3):
        dovecot.append(_agence(n))
    box = ImapMailbox(settings)
    box.connect()
    committed_before_mark = []

    def check_committed(uid):
        with Session(get_engine(db_url)) as s:
            committed_before_mark.append(s.exec(select(Message).where(Message.source.endswith(f"/{uid}"))).first() is not None)
        assert b"$OdmIntake" not in _keywords(dovecot)[uid]

    first = poll(settings, box, before_mark=check_committed)
    assert (first.seen, first.new) == (3, 3) and committed_before_mark == [True] * 3
    assert all(b"$OdmIntake" in flags and b"\\Seen" not in flags for flags in _keywords(dovecot).values())
    box.close()
    box.connect()
    assert poll(settings, box).seen == 0  # a restart: nothing fetched again
    dovecot.append(_agence(3))
    assert poll(settings, box).new == 1


def test_uidvalidity_change_rescans_without_duplicates(dovecot, db_url):
    settings = _settings(dovecot, db_url, imap_folder="Missions")
    upgrade(db_url)
    with dovecot.client() as c:
        c.create_folder("Missions")
    dovecot.append(_agence(0), folder="Missions")
    box = ImapMailbox(settings)
    box.connect()
    assert poll(settings, box).new == 1
    # The folder is deleted and made again: a new UIDVALIDITY, the same mail back without its keyword.
    with dovecot.client() as c:
        c.delete_folder("Missions")
        c.create_folder("Missions")
    dovecot.append(_agence(0), folder="Missions")
    dovecot.append(_agence(1), folder="Missions")
    result = poll(settings, box)
    assert (result.seen, result.new, result.known) == (2, 1, 1)
    with Session(get_engine(db_url)) as s:
        assert len(s.exec(select(Message)).all()) == 2


def _start_worker(server, db_url: str) -> subprocess.Popen:
    env = dict(os.environ, ODM_INTAKE_DATABASE_URL=db_url, ODM_INTAKE_IMAP_HOST="127.0.0.1", ODM_INTAKE_IMAP_PORT=str(server.port),
               ODM_INTAKE_IMAP_SSL="false", ODM_INTAKE_IMAP_USER=USER, ODM_INTAKE_IMAP_PASSWORD=PASSWORD, ODM_INTAKE_POLL_SECONDS="30",
               ODM_INTAKE_WORKERS="1", ODM_INTAKE_RECONNECT_SECONDS="0.2", ODM_INTAKE_LOG_JSON="true")
    return subprocess.Popen([sys.executable, "-m", "odm_intake.cli", "run"], env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _drafts(db_url: str) -> int:
    from odm_intake.models.tables import Draft

    with Session(get_engine(db_url)) as s:
        return len(s.exec(select(Draft)).all())


def test_daemon_idle_latency_restart_and_sigterm(dovecot, db_url):
    upgrade(db_url)
    worker = _start_worker(dovecot, db_url)
    try:
        time.sleep(2)  # connected and idling
        latencies = []
        for n in range(3):
            start = time.monotonic()
            dovecot.append(_agence(n))
            assert _wait_for(lambda: _drafts(db_url) == n + 1, 15)
            latencies.append(time.monotonic() - start)
        assert sorted(latencies)[1] < 3, latencies  # the median, with IDLE, well before the 30 s poll
        # The server goes away and comes back: the worker reconnects and goes on.
        dovecot.stop()
        time.sleep(1)
        dovecot.start()
        dovecot.append(_agence(10))
        assert _wait_for(lambda: _drafts(db_url) == 4, 40)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=20) == 0
        logs = [json.loads(line) for line in worker.stderr.read().decode().splitlines() if line.startswith("{")]
        assert any(entry["event"].startswith("relève") for entry in logs)
        assert not any(PASSWORD in json.dumps(entry) for entry in logs)
    finally:
        if worker.poll() is None:
            worker.kill()


def test_status_reports_the_last_poll(dovecot, db_url):
    from typer.testing import CliRunner

    from odm_intake.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["status"]).exit_code == 1  # never polled
    settings = _settings(dovecot, db_url)
    upgrade(db_url)
    box = ImapMailbox(settings)
    box.connect()
    poll(settings, box)
    result = runner.invoke(app, ["status"], env={"ODM_INTAKE_POLL_SECONDS": "60"})
    assert result.exit_code == 0, result.output
    assert "dernière relève" in result.stdout and "brouillons" in result.stdout


def test_sigkill_at_random_points_loses_and_doubles_nothing(dovecot, db_url):
    """Kill the worker with SIGKILL again and again while it stores and marks: every mail ends
    stored exactly once and marked; those killed between commit and mark are recognised."""
    import random

    from odm_intake.models.tables import Draft

    upgrade(db_url)
    count = 30
    for n in range(count):
        dovecot.append(_agence(100 + n))
    rng = random.Random(7)
    kills = 0
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        worker = _start_worker(dovecot, db_url)
        time.sleep(rng.uniform(0.8, 2.5))  # start-up is about a second: kill during the work
        if worker.poll() is None:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            kills += 1
        flags = _keywords(dovecot)
        if kills >= 20 and all(b"$OdmIntake" in f for f in flags.values()):
            break
    worker = _start_worker(dovecot, db_url)  # a last, undisturbed run finishes the work
    try:
        assert _wait_for(lambda: _drafts(db_url) == count and all(b"$OdmIntake" in f for f in _keywords(dovecot).values()), 60)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=20)
    with Session(get_engine(db_url)) as s:
        messages = s.exec(select(Message)).all()
        drafts = s.exec(select(Draft)).all()
    assert kills >= 20
    assert len(messages) == count and len({m.sha256 for m in messages}) == count
    assert len(drafts) == count and len({d.claim_number for d in drafts}) == count


def test_refused_connection_and_wrong_password_are_imap_errors(dovecot, db_url):
    from odm_intake.errors import ImapError
    from tests.servers.dovecot import free_port

    box = ImapMailbox(_settings(dovecot, db_url).model_copy(update={"imap_port": free_port()}))
    with pytest.raises(ImapError):
        box.connect()
    from pydantic import SecretStr

    box = ImapMailbox(_settings(dovecot, db_url).model_copy(update={"imap_password": SecretStr("mauvais")}))
    with pytest.raises(ImapError) as failure:
        box.connect()
    assert "mauvais" not in str(failure.value)


def test_worker_keeps_going_until_the_server_appears(db_url):
    """Started while nothing listens: it backs off, logs the error, and picks up once the server is there."""
    from tests.servers.dovecot import Dovecot, free_port

    upgrade(db_url)
    import tempfile
    from pathlib import Path

    server = Dovecot(Path(tempfile.mkdtemp(prefix="odm-dovecot-")), free_port())
    os.chmod(server.root, 0o755)
    server.write_config()
    worker = _start_worker(server, db_url)
    try:
        time.sleep(2)
        assert worker.poll() is None
        server.start()
        server.append(_agence(50))
        assert _wait_for(lambda: _drafts(db_url) == 1, 40)
    finally:
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=20) == 0
        remove(server)
