"""The HTML pages: login, queue, draft page, actions (POST then redirect) and downloads."""

from __future__ import annotations

import secrets
from datetime import date
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, select

from odm_intake.errors import ActionRefused, InvalidValue, ReviewError, StaleDraft
from odm_intake.extractors.mime import part_bytes
from odm_intake.models.tables import Document, Draft, Message
from odm_intake.web import queue as queue_mod
from odm_intake.web import review, source
from odm_intake.web.auth import SESSION_COOKIE, authenticate
from odm_intake.web.deps import CSRF_FIELD, CurrentUser, check_csrf, current_user, db
from odm_intake.web.fields import FORM, display
from odm_intake.web.labels import KINDS, STATUSES, WARNINGS
from odm_intake.web.pages import render_page

public = APIRouter()
pages = APIRouter(dependencies=[Depends(check_csrf)])
_LOGIN_CSRF_COOKIE = "odm_login_csrf"


def _templates(request: Request):
    return request.app.state.templates


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


# ------------------------------------------------------------------ login

@public.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@public.get("/login", response_class=HTMLResponse)
def login_page(request: Request, error: str | None = None, status_code: int = 200):
    token = secrets.token_urlsafe(24)
    response = _templates(request).TemplateResponse(request, "login.html", {"csrf": token, "error": error}, status_code=status_code)
    response.set_cookie(_LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request), path="/login")
    return response


@public.post("/login")
def login(request: Request, name: str = Form(""), password: str = Form(""), csrf_token: str = Form("")):
    state = request.app.state
    expected = request.cookies.get(_LOGIN_CSRF_COOKIE) or ""
    if not expected or not secrets.compare_digest(expected, csrf_token):
        return login_page(request, "Session expirée : veuillez réessayer.", 403)
    address = request.client.host if request.client else "?"
    if state.throttle.blocked(name, address):
        return login_page(request, "Trop de tentatives échouées : réessayez dans quelques minutes.", 429)
    user = authenticate(state.settings, name, password)
    if user is None:
        state.throttle.failed(name, address)
        return login_page(request, "Identifiant ou mot de passe incorrect.", 401)
    state.throttle.succeeded(name)
    cookie, _ = state.signer.dump(user.id)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(SESSION_COOKIE, cookie, max_age=state.signer.max_age, httponly=True, samesite="lax", secure=_secure(request))
    response.delete_cookie(_LOGIN_CSRF_COOKIE, path="/login")
    return response


@pages.post("/logout")
def logout(request: Request):
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


# ------------------------------------------------------------------ queue

def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@pages.get("/", response_class=HTMLResponse)
def queue_page(request: Request, tab: str = "to_review", kind: str = "", team: str = "", warning: str = "",
               date_from: str = "", date_to: str = "", q: str = "", page: int = 1,
               user: CurrentUser = Depends(current_user), session: Session = Depends(db)):
    if tab not in queue_mod.TAB_KEYS:
        tab = "to_review"
    f = queue_mod.QueueFilter(tab=tab, kind=kind or None, team=team or None, warning=warning or None,
                              date_from=_date(date_from), date_to=_date(date_to), q=q or None, page=page)
    result = queue_mod.load(session, f, request.app.state.settings.queue_page_size)
    params = {k: val for k, val in dict(kind=kind, team=team, warning=warning, date_from=date_from, date_to=date_to, q=q).items() if val}
    return _templates(request).TemplateResponse(request, "queue.html", {
        "user": user, "f": f, "result": result, "tabs": queue_mod.TABS, "kinds": KINDS, "statuses": STATUSES,
        "warning_labels": WARNINGS, "params": params, "query": lambda **kw: urlencode({**params, "tab": tab, **kw}),
    })


# ------------------------------------------------------------------ draft page

def _draft(session: Session, draft_id: int) -> Draft:
    draft = session.get(Draft, draft_id)
    if draft is None:
        raise HTTPException(404, "Brouillon introuvable")
    return draft


def _draft_context(request: Request, session: Session, draft: Draft, user: CurrentUser, **extra):
    message = session.get(Message, draft.message_pk)
    documents = list(session.exec(select(Document).where(Document.message_pk == draft.message_pk).order_by(Document.index)))
    body = next((d for d in documents if d.source == "body"), None)
    raw_html = source.mail_html(message.raw)
    submitted = extra.pop("submitted", None) or {}
    rows = []
    for spec in FORM:
        value = draft.fields.get(spec.key)
        rows.append({
            "spec": spec, "value": submitted.get(spec.key, display(value)), "confidence": draft.confidence.get(spec.key),
            "where": source.locate(draft.evidence.get(spec.key), documents), "edited": spec.key in draft.edited_fields,
        })
    return {
        "user": user, "draft": draft, "message": message, "rows": rows, "documents": documents, "body": body,
        "mail_html": source.sanitize_html(raw_html) if raw_html else "", "pages": source.page_views(documents),
        "events": review.history(session, draft.id), "next_id": queue_mod.next_open(session, draft),
        "kinds": KINDS, "statuses": STATUSES, "dde_blocked": draft.status == "blocked", **extra,
    }


@pages.get("/drafts/{draft_id}", response_class=HTMLResponse)
def draft_page(request: Request, draft_id: int, done: str = "", user: CurrentUser = Depends(current_user), session: Session = Depends(db)):
    draft = _draft(session, draft_id)
    notice = {"edited": "Modifications enregistrées.", "confirmed": "Brouillon confirmé.", "rejected": "Brouillon rejeté.",
              "reprocessed": "Mail retraité (vos corrections sont conservées).",
              "reopened": "Brouillon rouvert."}.get(done)
    return _templates(request).TemplateResponse(request, "draft.html", _draft_context(request, session, draft, user, notice=notice))


def _refused(request: Request, session: Session, draft_id: int, user: CurrentUser, exc: ReviewError, submitted=None):
    session.rollback()
    draft = _draft(session, draft_id)
    session.refresh(draft)
    status = 409 if isinstance(exc, StaleDraft) else 422
    errors = exc.errors if isinstance(exc, InvalidValue) else {}
    return _templates(request).TemplateResponse(request, "draft.html", _draft_context(
        request, session, draft, user, error=str(exc), field_errors=errors, submitted=submitted,
        stale=isinstance(exc, StaleDraft)), status_code=status)


@pages.post("/drafts/{draft_id}/edit")
async def edit_draft(request: Request, draft_id: int, user: CurrentUser = Depends(current_user), session: Session = Depends(db)):
    form = await request.form()
    # Only what the CC changed on the page counts: the page's other values may be stale, and
    # sending them back would undo a colleague's edit made meanwhile.
    originals = {k[len("orig."):]: str(v) for k, v in form.items() if k.startswith("orig.")}
    submitted = {k: str(v) for k, v in form.items()
                 if k not in (CSRF_FIELD, "version") and not k.startswith("orig.") and str(v).strip() != originals.get(k, "\0").strip()}
    draft = _draft(session, draft_id)
    try:
        review.edit(session, draft, int(form.get("version", "0")), user.name, submitted)
    except ReviewError as exc:
        return _refused(request, session, draft_id, user, exc, submitted)
    return RedirectResponse(f"/drafts/{draft_id}?done=edited", status_code=303)


def _act(request: Request, session: Session, draft_id: int, user: CurrentUser, done: str, action) -> Response:
    """Run a review action on the draft, then show it again: with the reason when refused."""
    draft = _draft(session, draft_id)
    try:
        action(draft)
    except ReviewError as exc:
        return _refused(request, session, draft_id, user, exc)
    return RedirectResponse(f"/drafts/{draft_id}?done={done}", status_code=303)


@pages.post("/drafts/{draft_id}/confirm")
def confirm_draft(request: Request, draft_id: int, version: int = Form(...), dde_ack: str = Form(""),
                  user: CurrentUser = Depends(current_user), session: Session = Depends(db)):
    return _act(request, session, draft_id, user, "confirmed",
                lambda draft: review.confirm(session, draft, version, user.name, dde_acknowledged=dde_ack == "on"))


@pages.post("/drafts/{draft_id}/reject")
def reject_draft(request: Request, draft_id: int, version: int = Form(...), reason: str = Form(""),
                 user: CurrentUser = Depends(current_user), session: Session = Depends(db)):
    return _act(request, session, draft_id, user, "rejected", lambda draft: review.reject(session, draft, version, user.name, reason))


@pages.post("/drafts/{draft_id}/reopen")
def reopen_draft(request: Request, draft_id: int, version: int = Form(...),
                 user: CurrentUser = Depends(current_user), session: Session = Depends(db)):
    def reopen(draft) -> None:
        try:
            review.reopen(session, draft, version, user.name, user.role)
        except ActionRefused as exc:
            if user.role != "admin":
                raise HTTPException(403, str(exc)) from exc  # not the CC's to do: no page, a refusal
            raise

    return _act(request, session, draft_id, user, "reopened", reopen)


@pages.post("/drafts/{draft_id}/reprocess")
def reprocess_draft(request: Request, draft_id: int, version: int = Form(...),
                    user: CurrentUser = Depends(current_user), session: Session = Depends(db)):
    return _act(request, session, draft_id, user, "reprocessed",
                lambda draft: review.reprocess(request.app.state.settings, session, draft, version, user.name))


# ------------------------------------------------------------------ source and downloads

def _attachment_response(data: bytes, filename: str, media_type: str = "application/octet-stream") -> Response:
    ascii_name = "".join(c if c.isalnum() or c in "._-" else "_" for c in filename) or "piece-jointe"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"})


@pages.get("/drafts/{draft_id}/mail.eml")
def download_mail(draft_id: int, session: Session = Depends(db)):
    message = session.get(Message, _draft(session, draft_id).message_pk)
    return _attachment_response(message.raw, f"mail-{message.id}.eml", "message/rfc822")


def _document(session: Session, draft_id: int, document_id: int) -> tuple[Document, Message]:
    draft = _draft(session, draft_id)
    doc = session.get(Document, document_id)
    if doc is None or doc.message_pk != draft.message_pk or not doc.part_path:
        raise HTTPException(404, "Pièce jointe introuvable")
    return doc, session.get(Message, draft.message_pk)


@pages.get("/drafts/{draft_id}/documents/{document_id}/download")
def download_document(draft_id: int, document_id: int, session: Session = Depends(db)):
    doc, message = _document(session, draft_id, document_id)
    return _attachment_response(part_bytes(message.raw, doc.part_path), doc.filename or f"piece-jointe-{doc.id}")


@pages.get("/drafts/{draft_id}/documents/{document_id}/pages/{page}.png")
def document_page(request: Request, draft_id: int, document_id: int, page: int, session: Session = Depends(db)):
    from odm_intake.errors import DocumentError

    doc, message = _document(session, draft_id, document_id)
    try:
        png = render_page(request.app.state.settings, part_bytes(message.raw, doc.part_path), doc.content_type, doc.filename,
                          page, f"{doc.sha256 or doc.id}")
    except DocumentError as exc:
        raise HTTPException(404, exc.reason) from exc
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})
