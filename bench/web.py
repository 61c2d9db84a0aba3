"""Benchmark: server time of the review page with 5 000 drafts, median milliseconds.

Pages: the queue (first page, a deep page, a search, a warning filter) and a draft page with
a text-PDF mission. Requests go through the whole app in-process (FastAPI TestClient), so the
figures are server time without the network.

    python bench/web.py [N_DRAFTS]        targets: queue < 200 ms, draft page < 100 ms
"""

from __future__ import annotations

import copy
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from odm_intake.config.settings import Settings  # noqa: E402
from odm_intake.ingest.ledger import record_raw  # noqa: E402
from odm_intake.models.db import get_engine, upgrade  # noqa: E402
from odm_intake.models.tables import Draft  # noqa: E402
from odm_intake.pipeline import process_pending  # noqa: E402
from odm_intake.web.auth import create_user  # noqa: E402
from tests.web.conftest import PASSWORD, login, test_mails  # noqa: E402

ROUNDS = 30
STATUSES = ["to_review"] * 6 + ["blocked", "confirmed", "rejected", "ignored"]


def fill(settings: Settings, n: int) -> int:
    upgrade(settings.database_url)
    engine = get_engine(settings.database_url)
    with Session(engine) as session:
        for raw in test_mails():
            record_raw(session, raw, "file:bench")
    process_pending(settings, 1)
    create_user(settings, "bench", "cc", PASSWORD)
    rng = random.Random(7)
    with Session(engine) as session:
        templates = list(session.exec(select(Draft)))
        start = min(d.received_utc for d in templates)
        for i in range(n):
            t = templates[i % len(templates)]
            fields = copy.deepcopy(t.fields)
            fields["claim_number"] = f"B{1000000 + i}"
            fields["last_name"] = f"{t.fields.get('last_name') or 'NOM'}{i}"
            session.add(Draft(
                message_pk=t.message_pk, index_in_message=1000 + i, kind=t.kind, provenance=t.provenance,
                status=rng.choice(STATUSES), team=rng.choice(["cc"] * 9 + ["allianz"]), channel=t.channel,
                claim_number=fields["claim_number"], claim_key=fields["claim_number"], last_name=fields["last_name"],
                fields=fields, confidence=t.confidence, evidence=t.evidence, expertise_04p=t.expertise_04p,
                warnings=t.warnings, received_utc=start + timedelta(minutes=7 * i),
            ))
        session.commit()
        return templates[0].id


def median_ms(client, url: str) -> float:
    client.get(url)  # warm-up (templates compiled, page image cached)
    times = []
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main() -> None:
    from fastapi.testclient import TestClient

    from odm_intake.web.app import create_app

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite:///{tmp}/bench.db", secret_key="bench-" + "k" * 40, workers=1)
        pdf_draft = fill(settings, n)
        with TestClient(create_app(settings)) as client:
            login(client, "bench")
            page = client.get(f"/drafts/{pdf_draft}").text
            image = re.search(r'src="(/drafts/\d+/documents/\d+/pages/1\.png)"', page).group(1)
            rows = {
                "queue, first page": "/",
                "queue, page 40": "/?tab=to_review&page=40",
                "queue, search by name": "/?tab=to_review&q=roche12",
                "queue, warning filter": "/?tab=blocked&warning=dde_cause_unknown",
                "draft page (text PDF)": f"/drafts/{pdf_draft}",
                "page image (cached)": image,
                "API list": "/api/drafts",
            }
            print(f"{n} drafts, median of {ROUNDS} requests (ms), SQLite")
            for label, url in rows.items():
                print(f"  {label:<26} {median_ms(client, url):7.1f}")


if __name__ == "__main__":
    main()
