"""The review page without a browser: login, route protection, CSRF, locking, actions, downloads, headers."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from starlette.routing import Mount

from tests.web.conftest import PASSWORD, csrf_of, draft_id, login

PUBLIC = {"/login", "/healthz"}


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def _walk(routes):
    """Every endpoint route, including those of included routers (wrapped by recent FastAPI versions)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _walk(route.original_router.routes)
        elif not isinstance(route, Mount) and hasattr(route, "routes"):
            yield from _walk(route.routes)


def test_every_route_but_login_and_health_requires_a_login(client):
    checked = 0
    for route in _walk(client.app.routes):
        if route.path in PUBLIC:
            continue
        for method in route.methods - {"HEAD", "OPTIONS"}:
            response = client.request(method, _concrete(route.path), follow_redirects=False)
            assert response.status_code in (303, 401), (method, route.path, response.status_code)
            if route.path.startswith("/api/"):
                assert response.status_code == 401
            else:
                assert response.headers["location"] == "/login"
            checked += 1
    assert checked >= 15
    assert client.get("/healthz").status_code == 200
    assert client.get("/login").status_code == 200


def test_login_sets_a_protected_cookie_and_logout_ends_it(client):
    response = login(client)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    assert client.get("/", follow_redirects=False).status_code == 200
    token = csrf_of(client)
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


def test_wrong_password_then_throttled(client):
    for _ in range(5):
        assert login(client, password="mauvais-mdp").status_code == 401
    response = login(client)  # the right password is refused while throttled
    assert response.status_code == 429
    assert "Trop de tentatives" in response.text
    assert login(client, "marc").status_code == 303  # another CC at the same address still gets in


def test_many_failures_from_one_address_pause_it(web_settings):
    from fastapi.testclient import TestClient

    from odm_intake.web.app import create_app

    web_settings.login_max_failures_per_address = 3
    with TestClient(create_app(web_settings)) as c:
        for name in ("a", "b", "c"):
            assert login(c, name, "faux-mot-de-passe").status_code == 401
        assert login(c, "marc").status_code == 429


def test_login_form_needs_its_csrf_token(client):
    client.get("/login")
    response = client.post("/login", data={"name": "claire", "password": PASSWORD, "csrf_token": "faux"}, follow_redirects=False)
    assert response.status_code == 403


def test_post_without_csrf_is_refused(client, web_settings):
    login(client)
    pk = draft_id(web_settings, "<bdg@t>")
    version = client.get(f"/api/drafts/{pk}").json()["version"]
    assert client.post(f"/drafts/{pk}/confirm", data={"version": version}, follow_redirects=False).status_code == 403
    assert client.post(f"/api/drafts/{pk}/confirm", json={"version": version}).status_code == 403
    assert client.post(f"/api/drafts/{pk}/confirm", json={"version": version}, headers={"X-CSRF-Token": "faux"}).status_code == 403
    assert client.get(f"/api/drafts/{pk}").json()["status"] == "to_review"


def test_edit_normalises_with_extraction_code_and_recomputes_rules(client, web_settings):
    login(client)
    headers = {"X-CSRF-Token": csrf_of(client)}
    pk = draft_id(web_settings, "<dde-pdf@t>")
    record = client.get(f"/api/drafts/{pk}").json()
    assert record["status"] == "blocked"
    response = client.post(f"/api/drafts/{pk}/edit", headers=headers, json={"version": record["version"], "fields": {
        "phone": "+33 7 12 34 56 78", "claim_number": "b 7712345", "postal_code": "20090", "dde_cause_repaired": "true"}})
    assert response.status_code == 200, response.text
    after = response.json()
    assert after["fields"]["phone"] == "0712345678" and after["fields"]["phone_type"] == "mobile"
    assert after["fields"]["claim_number"] == "B7712345"
    assert after["fields"]["department"] == "2A"
    assert after["status"] == "to_review" and not [w for w in after["warnings"] if w["code"].startswith("dde")]
    assert set(after["edited_fields"]) >= {"phone", "postal_code", "dde_cause_repaired"}
    bad = client.post(f"/api/drafts/{pk}/edit", headers=headers, json={"version": after["version"], "fields": {"postal_code": "123"}})
    assert bad.status_code == 422 and "postal_code" in bad.json()["errors"]
    history = client.get(f"/api/drafts/{pk}").json()["history"]
    assert [e["action"] for e in history] == ["created", "edited"] and history[-1]["actor"] == "claire"


def test_peril_edit_gives_the_04p_block(client, web_settings):
    login(client)
    headers = {"X-CSRF-Token": csrf_of(client)}
    pk = draft_id(web_settings, "<dde-pdf@t>")
    version = client.get(f"/api/drafts/{pk}").json()["version"]
    after = client.post(f"/api/drafts/{pk}/edit", headers=headers, json={"version": version, "fields": {"peril": "vol_cles", "management_limit_eur": "600"}}).json()
    assert after["expertise_04p"] == {"required": True, "description": "Limite 600 €TTC"}
    assert after["status"] == "to_review"


def test_optimistic_locking_refuses_a_stale_save_and_keeps_the_input(client, web_settings):
    from fastapi.testclient import TestClient

    login(client)
    pk = draft_id(web_settings, "<bdg@t>")
    version = client.get(f"/api/drafts/{pk}").json()["version"]
    with TestClient(client.app) as other:
        login(other, "marc")
        ok = other.post(f"/api/drafts/{pk}/edit", headers={"X-CSRF-Token": csrf_of(other)}, json={"version": version, "fields": {"city": "Dijon Centre"}})
        assert ok.status_code == 200
    token = csrf_of(client)
    # Claire's page, loaded before Marc's save, sends back every field with its old value.
    form = {"csrf_token": token, "version": version, "first_name": "Louise", "orig.first_name": "Louis",
            "city": "Dijon", "orig.city": "Dijon"}
    stale = client.post(f"/drafts/{pk}/edit", data=form, follow_redirects=False)
    assert stale.status_code == 409
    assert "modifié par quelqu" in stale.text
    assert 'value="Louise"' in stale.text  # nothing lost: the CC's input is on the page
    record = client.get(f"/api/drafts/{pk}").json()
    assert record["fields"]["city"] == "Dijon Centre" and record["fields"]["first_name"] == "Louis"
    assert 'value="Dijon Centre"' in stale.text  # and Marc's change, not Claire's stale view
    new_version = int(re.search(r'name="version" value="(\d+)"', stale.text).group(1))
    resaved = client.post(f"/drafts/{pk}/edit", data={**form, "version": new_version, "city": "Dijon Centre", "orig.city": "Dijon Centre"},
                          follow_redirects=False)
    assert resaved.status_code == 303
    record = client.get(f"/api/drafts/{pk}").json()
    assert record["fields"]["city"] == "Dijon Centre" and record["fields"]["first_name"] == "Louise"
    api_stale = client.post(f"/api/drafts/{pk}/confirm", headers={"X-CSRF-Token": token}, json={"version": version})
    assert api_stale.status_code == 409


def test_blocked_dde_needs_acknowledgement_then_confirm_and_reject(client, web_settings):
    login(client)
    headers = {"X-CSRF-Token": csrf_of(client)}
    pk = draft_id(web_settings, "<dde-pdf@t>")
    version = client.get(f"/api/drafts/{pk}").json()["version"]
    refused = client.post(f"/api/drafts/{pk}/confirm", headers=headers, json={"version": version})
    assert refused.status_code == 422 and "Assurez-vous que la cause a bien été réparée" in refused.json()["detail"]
    done = client.post(f"/api/drafts/{pk}/confirm", headers=headers, json={"version": version, "dde_acknowledged": True})
    assert done.status_code == 200 and done.json()["status"] == "confirmed"
    other = draft_id(web_settings, "<bdg@t>")
    v2 = client.get(f"/api/drafts/{other}").json()["version"]
    assert client.post(f"/api/drafts/{other}/reject", headers=headers, json={"version": v2, "reason": " "}).status_code == 422
    rejected = client.post(f"/api/drafts/{other}/reject", headers=headers, json={"version": v2, "reason": "Doublon du dossier 123"})
    assert rejected.json()["status"] == "rejected"
    history = client.get(f"/api/drafts/{other}").json()["history"]
    assert history[-1]["detail"] == {"reason": "Doublon du dossier 123"}


def test_reprocess_keeps_cc_edits(client, web_settings):
    login(client)
    token = csrf_of(client)
    pk = draft_id(web_settings, "<bdg@t>")
    version = client.get(f"/api/drafts/{pk}").json()["version"]
    client.post(f"/api/drafts/{pk}/edit", headers={"X-CSRF-Token": token}, json={"version": version, "fields": {"first_name": "Louise"}})
    version = client.get(f"/api/drafts/{pk}").json()["version"]
    response = client.post(f"/drafts/{pk}/reprocess", data={"csrf_token": token, "version": version}, follow_redirects=False)
    assert response.status_code == 303
    record = client.get(f"/api/drafts/{pk}").json()
    assert record["fields"]["first_name"] == "Louise" and record["fields"]["claim_number"] == "B4455667"
    assert [e["action"] for e in record["history"]][-2:] == ["reprocessed", "reprocess_requested"]
    page = client.get(f"/drafts/{pk}")
    assert page.text.count("ODM.pdf") == 0  # documents not doubled (this mail has none)


def test_queue_tabs_filters_search_and_pagination(client, web_settings):
    login(client)
    page = client.get("/?tab=blocked").text
    assert "B7712345" in page and "B4455667" not in page
    assert "B4455667" in client.get("/?tab=to_review&q=b445").text
    assert "B4455667" not in client.get("/?tab=to_review&q=durand").text
    assert "C-2026-445566" in client.get("/?tab=to_review&q=durand").text
    assert "B7712345" in client.get("/?tab=blocked&warning=dde_cause_unknown").text
    assert "B7712345" not in client.get("/?tab=blocked&kind=courtage").text
    assert "B7712345" not in client.get("/?tab=blocked&date_from=2030-01-01").text
    listing = client.get("/api/drafts?tab=to_review").json()
    assert listing["counts"]["blocked"] == 1 and listing["total"] == 2


def test_downloads_are_attachments_never_inline(client, web_settings):
    login(client)
    pk = draft_id(web_settings, "<dde-pdf@t>")
    eml = client.get(f"/drafts/{pk}/mail.eml")
    assert eml.headers["content-disposition"].startswith("attachment;")
    assert eml.headers["x-content-type-options"] == "nosniff"
    assert eml.content.startswith(b"From:") or b"Message-ID: <dde-pdf@t>" in eml.content
    doc_link = re.search(r'href="(/drafts/\d+/documents/\d+/download)"', client.get(f"/drafts/{pk}").text).group(1)
    pdf = client.get(doc_link)
    assert pdf.content.startswith(b"%PDF") and pdf.headers["content-type"] == "application/octet-stream"
    assert pdf.headers["content-disposition"].startswith("attachment;")
    png = client.get(doc_link.replace("download", "pages/1.png"))
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


def test_hostile_mail_is_escaped_and_sanitised(client, web_settings):
    login(client)
    pk = draft_id(web_settings, "<hostile@t>")
    response = client.get(f"/drafts/{pk}")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    html = response.text
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html  # the subject and body text shown as text
    srcdoc = re.search(r'srcdoc="([^"]*)"', html).group(1)
    for bad in ("script", "onerror", "javascript:", "onload", "127.0.0.1:9", "&lt;img", "style="):
        assert bad not in srcdoc, bad
    assert 'sandbox=""' in html


@pytest.mark.parametrize("path", ["/", "/login"])
def test_security_headers(client, path):
    login(client)
    response = client.get(path)
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_only_an_admin_reopens_a_decided_draft(client, web_settings):
    from fastapi.testclient import TestClient

    from odm_intake.web.auth import create_user

    create_user(web_settings, "admin", "admin", PASSWORD)
    login(client)
    token = csrf_of(client)
    pk = draft_id(web_settings, "<bdg@t>")
    version = client.get(f"/api/drafts/{pk}").json()["version"]
    client.post(f"/api/drafts/{pk}/reject", headers={"X-CSRF-Token": token}, json={"version": version, "reason": "erreur"})
    version += 1
    refused = client.post(f"/drafts/{pk}/reopen", data={"csrf_token": token, "version": version}, follow_redirects=False)
    assert refused.status_code == 403
    with TestClient(client.app) as admin:
        login(admin, "admin")
        assert "Rouvrir" in admin.get(f"/drafts/{pk}").text
        done = admin.post(f"/drafts/{pk}/reopen", data={"csrf_token": csrf_of(admin), "version": version}, follow_redirects=False)
        assert done.status_code == 303
        record = admin.get(f"/api/drafts/{pk}").json()
        assert record["status"] == "to_review" and record["history"][-1]["actor"] == "admin"
