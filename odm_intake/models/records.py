"""Drafts as stored rows and as export records (the shape of draft.schema.json)."""

from __future__ import annotations

from typing import Any

from odm_intake.models.tables import Draft, Message


def export_message_id(message: Message) -> str:
    """The mail's Message-ID as received; a stable stand-in when the mail has none."""
    return message.message_id or f"<sans-message-id.{message.sha256[:24]}@odm-intake.invalid>"


def export_record(draft: Draft, message: Message) -> dict[str, Any]:
    return {
        "draft_id": str(draft.id),
        "message_id": export_message_id(message),
        "received_at": message.received_at,
        "kind": draft.kind,
        "provenance": draft.provenance,
        "status": draft.status,
        "team": draft.team,
        "fields": draft.fields,
        "confidence": draft.confidence,
        "evidence": draft.evidence,
        "expertise_04p": draft.expertise_04p,
        "warnings": draft.warnings,
        "channel": draft.channel,
    }
