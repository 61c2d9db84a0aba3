"""The database tables. Schema changes go through Alembic migrations (``odm_intake/migrations``).

``message`` is the ledger: one row per distinct raw mail (SHA-256 identity), written before any
other work. ``document`` and ``draft`` are what processing made of it; ``draft_event`` is the
append-only history of each draft.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class MessageState:
    """Processing state of a ledger entry."""

    NEW = "new"  # stored, not processed yet
    PROCESSING = "processing"  # claimed by a worker (claim expires)
    DONE = "done"  # drafts written
    FAILED = "failed"  # processing failed; a processing_failed record was written


class Message(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64, unique=True, index=True)
    message_id: str | None = Field(default=None, max_length=998, index=True)
    subject: str | None = Field(default=None, sa_column=Column(Text))
    sender: str | None = Field(default=None, sa_column=Column(Text))
    received_at: str | None = Field(default=None, max_length=40)  # ISO 8601 with the sender's offset
    received_utc: datetime | None = Field(default=None, index=True)
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    size: int = 0
    source: str = Field(default="", max_length=500)  # where it was first read: "mbox:x.mbox", "imap:INBOX"
    state: str = Field(default=MessageState.NEW, max_length=20, index=True)
    error: str | None = Field(default=None, sa_column=Column(Text))
    attempts: int = 0
    claimed_by: str | None = Field(default=None, max_length=100)
    claimed_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    processed_at: datetime | None = None


class Document(SQLModel, table=True):
    """One readable part of a message: body, HTML body or attachment."""

    id: int | None = Field(default=None, primary_key=True)
    message_pk: int = Field(foreign_key="message.id", index=True)
    index: int = 0
    source: str = Field(max_length=500)  # "body", "html", "attachment:ODM.pdf"
    part_path: str = Field(default="", max_length=100)  # MIME part path inside the raw mail, e.g. "2" or "2.1"
    filename: str | None = Field(default=None, max_length=500)
    content_type: str = Field(default="", max_length=200)
    sha256: str = Field(default="", max_length=64)
    size: int = 0
    channel: str | None = Field(default=None, max_length=20)
    pages: int = 0
    error: str | None = Field(default=None, sa_column=Column(Text))
    text: str | None = Field(default=None, sa_column=Column(Text))


class Draft(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("message_pk", "index_in_message"),)

    id: int | None = Field(default=None, primary_key=True)
    message_pk: int = Field(foreign_key="message.id", index=True)
    index_in_message: int = 0
    kind: str = Field(max_length=20, index=True)
    provenance: str | None = Field(default=None, max_length=40)
    status: str = Field(max_length=20, index=True)
    team: str = Field(default="cc", max_length=20, index=True)
    channel: str | None = Field(default=None, max_length=20)
    claim_number: str | None = Field(default=None, max_length=100, index=True)
    claim_key: str | None = Field(default=None, max_length=100, index=True)  # letters and digits only, for duplicates
    last_name: str | None = Field(default=None, max_length=200, index=True)
    fields: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    confidence: dict[str, float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    evidence: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    expertise_04p: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    warnings: list[dict[str, str]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    received_utc: datetime | None = Field(default=None, index=True)
    version: int = 1  # optimistic locking for edits
    edited_fields: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class DraftEvent(SQLModel, table=True):
    """Append-only: what happened to a draft, when, and by whom."""

    __tablename__ = "draft_event"

    id: int | None = Field(default=None, primary_key=True)
    draft_id: int = Field(foreign_key="draft.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    actor: str = Field(max_length=100)  # "system" or a user name
    action: str = Field(max_length=40)  # created, reprocessed, edited, confirmed, rejected, ...
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class SourcePosition(SQLModel, table=True):
    """Bookkeeping of how far a mailbox folder has been read (not identity: see Message.sha256)."""

    __tablename__ = "source_position"
    __table_args__ = (UniqueConstraint("mailbox", "folder"),)

    id: int | None = Field(default=None, primary_key=True)
    mailbox: str = Field(max_length=300)  # user@host
    folder: str = Field(max_length=300)
    uidvalidity: int | None = None
    last_uid: int = 0
    last_poll_at: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    last_error_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class User(SQLModel, table=True):
    """A login of the review page."""

    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True, index=True)
    role: str = Field(default="cc", max_length=20)
    password_hash: str = Field(max_length=300)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
