"""The review page in a real browser (Debian Chromium, headless, driven by Playwright)."""

from __future__ import annotations

import re

from tests.web.conftest import ARTIFACTS, PASSWORD, draft_id


def _login(page, base: str, name: str = "claire") -> None:
    page.goto(base + "/")
    assert page.url.endswith("/login")  # anonymous: redirected to the login page
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def test_review_a_blocked_dde_draft_end_to_end(server, browser, web_settings):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1500, "height": 1000}, locale="fr-FR")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _login(page, server)

    page.click("a[data-tab=blocked]")
    assert page.locator("table.queue tbody tr").count() == 1
    page.screenshot(path=str(ARTIFACTS / "queue.png"))
    page.click("text=B7712345")
    pk = draft_id(web_settings, "<dde-pdf@t>")
    page.wait_for_url(f"{server}/drafts/{pk}")
    assert "Assurez-vous que la cause a bien été réparée avant de missionner" in page.inner_text(".warnings")

    # The evidence of the focused field is highlighted on the rendered PDF page.
    # (wait_for_function would need 'unsafe-eval', which our CSP rightly refuses)
    for _ in range(100):
        if page.evaluate("document.querySelector('.page-frame img').naturalWidth > 0"):
            break
        page.wait_for_timeout(50)
    page.focus("#f-claim_number")
    highlight = page.locator(".page-frame .highlight")
    highlight.wait_for(state="visible")
    # Both rectangles in one go: the page scrolls smoothly to the highlight meanwhile.
    frame, box = page.evaluate("""() => [".page-frame img", ".page-frame .highlight"].map((s) => {
        const r = document.querySelector(s).getBoundingClientRect(); return {y: r.top, width: r.width, height: r.height}; })""")
    assert box["width"] > 20 and box["height"] > 5
    # The claim number is printed 120 pt from the top of an 842 pt page.
    assert abs((box["y"] + box["height"] / 2 - frame["y"]) / frame["height"] - 117 / 842) < 0.03
    page.screenshot(path=str(ARTIFACTS / "draft.png"))

    # Edit a field: normalised by the extraction code.
    page.fill("#f-phone", "+33 7 12 34 56 78")
    page.click("#save")
    page.wait_for_url(re.compile(r".*done=edited"))
    assert page.input_value("#f-phone") == "0712345678"
    assert page.input_value("#f-phone_type") == "mobile"

    # Still blocked: confirming needs the acknowledgement; the C shortcut focuses it.
    page.locator("body").press("c")
    assert page.evaluate("document.activeElement.id") == "dde-ack"
    page.check("#dde-ack")
    page.click("#confirm")
    page.wait_for_url(re.compile(r".*done=confirmed"))
    assert "Confirmé" in page.inner_text(".draft-head")
    history = page.inner_text(".history")
    assert "claire" in history and "modifié" in history and "confirmé" in history and "cause réparée vérifiée" in history
    page.screenshot(path=str(ARTIFACTS / "draft-confirmed.png"), full_page=True)
    assert not errors


def test_next_draft_shortcut(server, browser, web_settings):
    page = browser.new_page(locale="fr-FR")
    _login(page, server)
    first = draft_id(web_settings, "<bdg@t>")
    page.goto(f"{server}/drafts/{first}")
    page.locator("body").press("n")
    page.wait_for_url(f"{server}/drafts/{draft_id(web_settings, '<hostile@t>')}")


def test_post_without_csrf_is_refused_in_the_browser(server, browser, web_settings):
    page = browser.new_page(locale="fr-FR")
    _login(page, server)
    pk = draft_id(web_settings, "<bdg@t>")
    status = page.evaluate(
        """async (url) => (await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
                                           body: JSON.stringify({version: 1})})).status""",
        f"{server}/api/drafts/{pk}/confirm")
    assert status == 403


def test_hostile_mail_executes_nothing(server, browser, web_settings):
    page = browser.new_page(locale="fr-FR")
    _login(page, server)
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    pk = draft_id(web_settings, "<hostile@t>")
    page.goto(f"{server}/drafts/{pk}")
    page.wait_for_load_state("networkidle")
    page.click("text=Texte du mail")
    for key in ("#f-claim_number", "#f-last_name"):
        page.focus(key)
    frame = page.frame_locator("iframe.mailhtml")
    frame.locator("a", has_text="cliquez").click()  # javascript: link was removed by the sanitiser
    page.wait_for_timeout(500)
    assert dialogs == []
    allowed = (f"{server}/drafts/{pk}", f"{server}/static/")
    strays = [u for u in requests if not u.startswith(allowed) and not u.startswith(("data:", "about:"))]
    assert strays == [], strays
    assert "<script>alert('sujet')</script>" in page.inner_text(".meta")  # shown as text
