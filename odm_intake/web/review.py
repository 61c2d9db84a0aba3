"""What a CC does to a draft: edit, confirm, reject, reprocess; each appends a DraftEvent.

Optimistic locking: every action names the ``version`` the CC loaded, and the update is
``UPDATE ... WHERE id = :id AND version = :version``; when someone else got there first, the
action raises :class:`StaleDraft` and nothing is written (the page keeps the CC's input).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from odm_intake.config.settings import Settings
from odm_intake.errors import ActionRefused, StaleDraft
from odm_intake.extractors.mail import process_mail
from odm_intake.extractors.rules import DDE_WARNINGS, apply_rules, finalize_fields
from odm_intake.extractors.fields.values import claim_digits
from odm_intake.models.tables import Draft, DraftEvent, Message, utcnow
from odm_intake.web.fields import read_edits

OPEN = ("to_review", "blocked")
# Warnings that come from the mail's text or from other drafts, not from the fields alone:
# an edit keeps them; the field-based ones are decided again by the rules.
_KEPT_ON_EDIT = ("leak_repair_not_covered", "cosmetic_repairs_not_covered", "unreadable_attachment",
                 "possible_duplicate", "processing_failed")


def _write(session: Session, draft: Draft, version: int, actor: str, action: str, detail: dict[str, Any], **values: Any) -> Draft:
    values.update(version=version + 1, updated_at=utcnow())
    result = session.exec(update(Draft).where(Draft.id == draft.id, Draft.version == version).values(**values))
    if result.rowcount != 1:
        session.rollback()
        raise StaleDraft("Ce brouillon a été modifié par quelqu'un d'autre pendant votre saisie : rien n'a été enregistré. "
                         "Vos valeurs sont conservées ci-dessous ; vérifiez la nouvelle version puis enregistrez à nouveau.")
    session.add(DraftEvent(draft_id=draft.id, actor=actor, action=action, detail=detail))
    session.commit()
    session.refresh(draft)
    return draft


def edit(session: Session, draft: Draft, version: int, actor: str, submitted: dict[str, str]) -> Draft:
    changes = read_edits(draft.fields, submitted)
    if not changes:
        return draft
    fields = finalize_fields(draft.kind, {**draft.fields, **changes})
    outcome = apply_rules(draft.kind, fields, "", [])
    warnings = outcome.warnings + [w for w in draft.warnings if w["code"] in _KEPT_ON_EDIT]
    status = draft.status
    if status in OPEN:
        status = "blocked" if any(w["code"] in DDE_WARNINGS for w in warnings) else "to_review"
    detail = {"changes": {k: {"avant": draft.fields.get(k), "après": fields.get(k)} for k in changes}}
    edited = sorted(set(draft.edited_fields) | set(changes))
    return _write(
        session, draft, version, actor, "edited", detail,
        fields=fields, warnings=warnings, expertise_04p=outcome.expertise_04p, status=status, edited_fields=edited,
        claim_number=fields.get("claim_number"), last_name=fields.get("last_name"),
        claim_key=claim_digits(fields["claim_number"]) if fields.get("claim_number") else None,
    )


def confirm(session: Session, draft: Draft, version: int, actor: str, dde_acknowledged: bool = False) -> Draft:
    if draft.status not in OPEN:
        raise ActionRefused("Seul un brouillon à vérifier ou bloqué peut être confirmé.")
    detail: dict[str, Any] = {}
    if draft.status == "blocked":
        if not dde_acknowledged:
            raise ActionRefused("Brouillon bloqué (dégât des eaux) : cochez « La cause est réparée » pour confirmer. "
                                "Assurez-vous que la cause a bien été réparée avant de missionner.")
        detail["dde_cause_repair_acknowledged"] = True
    return _write(session, draft, version, actor, "confirmed", detail, status="confirmed")


def reject(session: Session, draft: Draft, version: int, actor: str, reason: str) -> Draft:
    reason = " ".join(reason.split())
    if not reason:
        raise ActionRefused("Indiquez le motif du rejet.")
    if draft.status in ("confirmed", "rejected"):
        raise ActionRefused("Ce brouillon est déjà traité.")
    return _write(session, draft, version, actor, "rejected", {"reason": reason[:1000]}, status="rejected")


def reopen(session: Session, draft: Draft, version: int, actor: str, role: str) -> Draft:
    """An administrator puts a decided draft back in the queue (a wrong confirmation or rejection)."""
    if role != "admin":
        raise ActionRefused("Seul un administrateur peut rouvrir un brouillon.")
    if draft.status not in ("confirmed", "rejected", "ignored"):
        raise ActionRefused("Ce brouillon est déjà ouvert.")
    status = "blocked" if any(w["code"] in DDE_WARNINGS for w in draft.warnings) else "to_review"
    return _write(session, draft, version, actor, "reopened", {"from": draft.status}, status=status)


def reprocess(settings: Settings, session: Session, draft: Draft, version: int, actor: str) -> Draft:
    """Extract the draft's mail again and store it as the pipeline does; the CC's edits are kept."""
    from odm_intake import pipeline

    if draft.version != version:
        raise StaleDraft("Ce brouillon a changé depuis son affichage : rechargez la page avant de relancer le traitement.")
    message = session.get(Message, draft.message_pk)
    raw = message.raw
    try:
        result = process_mail(raw, settings)
    except Exception as exc:  # recorded by the pipeline as processing_failed, like a replay
        result = exc
    pipeline.store_result(settings, message.id, result, pipeline.ProcessSummary())
    session.add(DraftEvent(draft_id=draft.id, actor=actor, action="reprocess_requested", detail={}))
    session.commit()
    session.refresh(draft)
    return draft


def history(session: Session, draft_id: int) -> list[DraftEvent]:
    return list(session.exec(select(DraftEvent).where(DraftEvent.draft_id == draft_id).order_by(DraftEvent.at, DraftEvent.id)))
