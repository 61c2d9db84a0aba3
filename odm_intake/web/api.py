"""The JSON API over the same drafts and actions, with the same login (session cookie) and CSRF header."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field
from sqlmodel import Session

from odm_intake.models.records import export_record
from odm_intake.models.tables import Draft, Message
from odm_intake.web import queue as queue_mod
from odm_intake.web import review
from odm_intake.web.deps import CurrentUser, check_csrf, current_user, db
from odm_intake.web.queue import QueueFilter

router = APIRouter(prefix="/api", dependencies=[Depends(check_csrf)])


class Versioned(BaseModel):
    version: int


class ConfirmBody(Versioned):
    dde_acknowledged: bool = False


class RejectBody(Versioned):
    reason: str


class EditBody(Versioned):
    fields: dict[str, str | None] = Field(default_factory=dict)


def _record(session: Session, draft: Draft) -> dict[str, Any]:
    record = export_record(draft, session.get(Message, draft.message_pk))
    record.update(version=draft.version, edited_fields=draft.edited_fields)
    return record


def _draft(session: Session, draft_id: int) -> Draft:
    draft = session.get(Draft, draft_id)
    if draft is None:
        raise HTTPException(404, "Brouillon introuvable")
    return draft


@router.get("/me")
def me(user: CurrentUser = Depends(current_user)) -> dict[str, str]:
    return {"name": user.name, "role": user.role, "csrf_token": user.csrf}


@router.get("/drafts")
def list_drafts(request: Request, tab: str = "to_review", kind: str | None = None, team: str | None = None, warning: str | None = None,
                q: str | None = None, page: int = 1, session: Session = Depends(db)) -> dict[str, Any]:
    if tab not in queue_mod.TAB_KEYS:
        raise HTTPException(422, f"onglet inconnu : {tab}")
    result = queue_mod.load(session, QueueFilter(tab=tab, kind=kind, team=team, warning=warning, q=q, page=page),
                            request.app.state.settings.queue_page_size)
    return {"total": result.total, "page": result.page, "pages": result.pages, "counts": result.counts,
            "drafts": [_record(session, d) for d in result.rows]}


@router.get("/drafts/{draft_id}")
def get_draft(draft_id: int, session: Session = Depends(db)) -> dict[str, Any]:
    draft = _draft(session, draft_id)
    record = _record(session, draft)
    record["history"] = [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "detail": e.detail}
                         for e in review.history(session, draft_id)]
    return record


@router.post("/drafts/{draft_id}/confirm")
def confirm(draft_id: int, body: ConfirmBody, user: CurrentUser = Depends(current_user), session: Session = Depends(db)):
    return _record(session, review.confirm(session, _draft(session, draft_id), body.version, user.name, body.dde_acknowledged))


@router.post("/drafts/{draft_id}/reject")
def reject(draft_id: int, body: RejectBody, user: CurrentUser = Depends(current_user), session: Session = Depends(db)):
    return _record(session, review.reject(session, _draft(session, draft_id), body.version, user.name, body.reason))


@router.post("/drafts/{draft_id}/edit")
def edit(draft_id: int, body: EditBody, user: CurrentUser = Depends(current_user), session: Session = Depends(db)):
    submitted = {k: (v or "") for k, v in body.fields.items()}
    return _record(session, review.edit(session, _draft(session, draft_id), body.version, user.name, submitted))
