"""The review page on a real PostgreSQL: the queue's SQL (JSON filter, grouping) and the locked update."""

import os

import pytest
from fastapi.testclient import TestClient

from odm_intake.config.settings import Settings
from tests.servers.postgres import pg_bin, postgres_server
from tests.web.conftest import _fill, csrf_of, draft_id, login

pytestmark = pytest.mark.skipif(pg_bin() is None and not os.environ.get("CI"), reason="PostgreSQL not installed")


def test_queue_and_actions_on_postgres():
    from odm_intake.web.app import create_app

    with postgres_server() as url:
        settings = Settings(database_url=url, secret_key="pg-secret-" + "k" * 40, workers=1)
        _fill(settings)
        with TestClient(create_app(settings)) as client:
            login(client)
            assert "B7712345" in client.get("/?tab=blocked&warning=dde_cause_unknown").text
            assert "B4455667" in client.get("/?tab=to_review&q=blanc&date_from=2026-11-01").text
            counts = client.get("/api/drafts").json()["counts"]
            assert counts["blocked"] == 1 and counts["to_review"] == 2
            pk = draft_id(settings, "<bdg@t>")
            headers = {"X-CSRF-Token": csrf_of(client)}
            version = client.get(f"/api/drafts/{pk}").json()["version"]
            edited = client.post(f"/api/drafts/{pk}/edit", headers=headers, json={"version": version, "fields": {"postal_code": "20200"}})
            assert edited.json()["fields"]["department"] == "2B"
            assert client.post(f"/api/drafts/{pk}/confirm", headers=headers, json={"version": version}).status_code == 409
            assert client.post(f"/api/drafts/{pk}/confirm", headers=headers, json={"version": version + 1}).json()["status"] == "confirmed"
