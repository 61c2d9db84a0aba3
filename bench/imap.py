"""Benchmark: the IMAP worker against a local Dovecot (started here, on 127.0.0.1).

    python bench/imap.py

- cost of an idle poll (nothing new) on a folder of 100 mails and of 10 000 mails, all already
  processed: median milliseconds and the ratio (the poll asks only for UIDs above the last
  one seen, so it must not grow with the folder);
- new mail → committed draft latency with the daemon idling (median of 10).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlmodel import Session, select  # noqa: E402

from odm_intake.config.settings import Settings  # noqa: E402
from odm_intake.ingest.imap import ImapMailbox, poll  # noqa: E402
from odm_intake.models.db import get_engine, upgrade  # noqa: E402
from odm_intake.models.tables import Draft, SourcePosition  # noqa: E402
from tests.fixtures.mails import mail  # noqa: E402
from tests.servers.dovecot import PASSWORD, USER, remove, start_dovecot  # noqa: E402


def fill(server, folder: str, count: int) -> None:
    with server.client() as c:
        c.create_folder(folder)
        for n in range(count):
            c.append(folder, mail(f"message {n}", subject=f"bench {n}", message_id=f"<{folder}.{n}@bench>"), flags=[b"$OdmIntake"])


def idle_poll_ms(server, db_url: str, folder: str, count: int) -> float:
    settings = Settings(database_url=db_url, imap_host="127.0.0.1", imap_port=server.port, imap_ssl=False, imap_user=USER,
                        imap_password=PASSWORD, imap_folder=folder)
    fill(server, folder, count)
    with Session(get_engine(db_url)) as s:  # all already processed: the position is at the last UID
        s.add(SourcePosition(mailbox=f"{USER}@127.0.0.1", folder=folder, uidvalidity=None, last_uid=0))
        s.commit()
    box = ImapMailbox(settings)
    box.connect()
    poll(settings, box)  # learns UIDVALIDITY; every mail carries the keyword already
    with Session(get_engine(db_url)) as s:
        pos = s.exec(select(SourcePosition).where(SourcePosition.folder == folder)).one()
        pos.last_uid = count
        s.add(pos)
        s.commit()
    times = []
    for _ in range(30):
        start = time.perf_counter()
        poll(settings, box)
        times.append((time.perf_counter() - start) * 1000)
    box.close()
    return statistics.median(times)


def latency(server, db_url: str) -> list[float]:
    env = dict(os.environ, ODM_INTAKE_DATABASE_URL=db_url, ODM_INTAKE_IMAP_HOST="127.0.0.1", ODM_INTAKE_IMAP_PORT=str(server.port),
               ODM_INTAKE_IMAP_SSL="false", ODM_INTAKE_IMAP_USER=USER, ODM_INTAKE_IMAP_PASSWORD=PASSWORD, ODM_INTAKE_POLL_SECONDS="60",
               ODM_INTAKE_WORKERS="1")
    worker = subprocess.Popen([sys.executable, "-m", "odm_intake.cli", "run"], env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = []
    try:
        time.sleep(3)
        for n in range(10):
            with Session(get_engine(db_url)) as s:
                before = len(s.exec(select(Draft)).all())
            start = time.perf_counter()
            server.append(mail(f"Assuré : M. DUPONT Jean\nN° de sinistre : B{2000000 + n}\n", subject=f"ODM B{2000000 + n}",
                               sender="Agence Allianz X <a@x.example>", message_id=f"<lat{n}@bench>"))
            while time.perf_counter() - start < 60:
                with Session(get_engine(db_url)) as s:
                    if len(s.exec(select(Draft)).all()) > before:
                        break
                time.sleep(0.02)
            results.append(time.perf_counter() - start)
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return results


def main() -> None:
    server = start_dovecot()
    tmp = tempfile.mkdtemp()
    try:
        db_url = f"sqlite:///{tmp}/bench.db"
        upgrade(db_url)
        small = idle_poll_ms(server, db_url, "Small", 100)
        large = idle_poll_ms(server, db_url, "Large", 10_000)
        print(f"idle poll, median of 30: 100 mails {small:.1f} ms; 10 000 mails {large:.1f} ms; ratio {large / small:.2f}x")
        lat = latency(server, db_url)
        print(f"new mail -> committed draft with IDLE: median {statistics.median(lat):.2f} s (min {min(lat):.2f}, max {max(lat):.2f}, n={len(lat)})")
    finally:
        remove(server)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
