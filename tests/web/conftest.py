"""A review page over a throwaway database filled by replaying a few test mails (one of them hostile)."""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest
from sqlmodel import Session, select

from odm_intake.config.settings import Settings
from tests.fixtures.mails import mail, text_pdf

PASSWORD = "motdepasse-test"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"

DDE_PDF_LINES = [
    (50, 80, "ORDRE DE MISSION"), (50, 120, "N° de sinistre :"), (200, 120, "B7712345"), (50, 140, "Assuré :"),
    (200, 140, "Mme ROCHE Hélène"), (50, 160, "Adresse du risque :"), (200, 160, "8 allée des Cerisiers"),
    (50, 180, "Code postal / Ville :"), (200, 180, "69100 Villeurbanne"), (50, 200, "Téléphone :"), (200, 200, "06 11 22 33 44"),
    (50, 220, "Nature du sinistre :"), (200, 220, "Dégâts des eaux"), (50, 240, "Prestation demandée :"), (200, 240, "Plomberie"),
]
BDG_BODY = """Bonjour,
ORDRE DE MISSION
N° de sinistre : B4455667
Code agent : 99887
Date du sinistre : 03/11/2026
Assuré : M. BLANC Louis
Lieu du risque : 12 rue Haute
Code postal / Ville : 21000 Dijon
Téléphone(s) : 06 55 44 33 22
Nature du sinistre : Bris de glace
Prestation demandée : Vitrerie
"""
HOSTILE_HTML = """<html><head><style>body{background:url(http://127.0.0.1:9/css-bg)}</style>
<link rel="stylesheet" href="http://127.0.0.1:9/evil.css"><meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/refresh">
<script>alert('script')</script></head><body>
<p>Bonjour, merci d'intervenir chez M. DURAND Paul, 5 rue du Port 44000 Nantes, tél 06 98 76 54 32.
Sinistre C-2026-445566, fuite d'eau, cause réparée.</p>
<img src="x" onerror="alert('onerror')"><img src="http://127.0.0.1:9/pixel.gif">
<a href="javascript:alert('link')">cliquez</a> <svg onload="alert('svg')"></svg>
<div style="background-image:url(http://127.0.0.1:9/inline-bg)">texte</div>
<iframe src="http://127.0.0.1:9/frame"></iframe><object data="http://127.0.0.1:9/obj"></object>
<form action="http://127.0.0.1:9/post"><input name="x" autofocus onfocus="alert('focus')"></form>
</body></html>"""


def test_mails() -> list[bytes]:
    agence = "Agence Allianz Test <agence@test.example>"
    return [
        mail("Veuillez trouver ci-joint un ODM.", subject="ODM B7712345", sender=agence, message_id="<dde-pdf@t>",
             attachments=[("ODM.pdf", "application/pdf", text_pdf(DDE_PDF_LINES))]),
        mail(BDG_BODY, subject="ODM sinistre B4455667", sender=agence, message_id="<bdg@t>"),
        mail("Bonjour, merci d'intervenir chez M. DURAND Paul, 5 rue du Port 44000 Nantes, tél 06 98 76 54 32. "
             "Sinistre C-2026-445566, fuite d'eau, cause réparée. <script>alert('texte')</script>",
             subject="Mission courtage <script>alert('sujet')</script> C-2026-445566",
             sender="Cabinet <b>Courtier</b> <courtier@test.example>", message_id="<hostile@t>", html=HOSTILE_HTML),
    ]


def _fill(settings: Settings) -> None:
    from odm_intake.ingest.ledger import record_raw
    from odm_intake.models.db import get_engine, upgrade
    from odm_intake.pipeline import process_pending
    from odm_intake.web.auth import create_user

    upgrade(settings.database_url)
    with Session(get_engine(settings.database_url)) as session:
        for raw in test_mails():
            record_raw(session, raw, "file:test")
    process_pending(settings, 1)
    create_user(settings, "claire", "cc", PASSWORD)
    create_user(settings, "marc", "cc", PASSWORD)


@pytest.fixture
def web_settings(tmp_path) -> Settings:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'web.db'}", secret_key="test-secret-key-" + "x" * 32, workers=1)
    _fill(settings)
    return settings


def draft_id(settings: Settings, message_id: str) -> int:
    from odm_intake.models.db import get_engine
    from odm_intake.models.tables import Draft, Message

    with Session(get_engine(settings.database_url)) as session:
        return session.exec(select(Draft.id).join(Message, Draft.message_pk == Message.id).where(Message.message_id == message_id)).one()


@pytest.fixture
def client(web_settings):
    from fastapi.testclient import TestClient

    from odm_intake.web.app import create_app

    with TestClient(create_app(web_settings)) as c:
        yield c


def login(c, name: str = "claire", password: str = PASSWORD):
    page = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return c.post("/login", data={"name": name, "password": password, "csrf_token": token}, follow_redirects=False)


def csrf_of(c) -> str:
    return c.get("/api/me").json()["csrf_token"]


@pytest.fixture
def server(web_settings):
    """The app served by uvicorn on 127.0.0.1:<free port> in a thread."""
    import uvicorn

    from odm_intake.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(web_settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(5)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium absent")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
