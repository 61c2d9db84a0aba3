"""The message ledger: every distinct raw mail, stored once, before any other work.

``record_raw`` is idempotent on the mail's identity hash and commits before returning, so a
caller may acknowledge the mail to its source (mark it on the IMAP server) only afterwards.
``claim`` hands a stored mail to one worker at a time with a portable conditional UPDATE;
claims expire, so a dead worker's mail is taken again.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import or_, update
from sqlmodel import Session, select

from odm_intake.extractors.mime import parse_date
from odm_intake.ingest.identity import mail_identity
from odm_intake.models.tables import Message, MessageState, utcnow

CLAIM_EXPIRY = timedelta(minutes=15)
WORKER_NAME = f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True, slots=True)
class Recorded:
    message_pk: int
    sha256: str
    is_new: bool


def _headers(raw: bytes) -> tuple[str | None, str | None, str | None, str | None, datetime | None]:
    """Message-ID, subject, sender, ISO date with offset, UTC date: best effort, never raises."""
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        message_id = (msg.get("Message-ID") or "").strip() or None
        subject = str(email.header.make_header(email.header.decode_header(msg.get("Subject") or "")))
        sender = str(email.header.make_header(email.header.decode_header(msg.get("From") or "")))
        received = parse_date(msg.get("Date") or "")
    except Exception:
        return None, None, None, None, None
    if received is None:
        return message_id, subject, sender, None, None
    utc = received.astimezone(timezone.utc)
    return message_id, " ".join(subject.split()), sender, received.isoformat(), utc


def record_raw(session: Session, raw: bytes, source: str) -> Recorded:
    """Store a raw mail unless a mail with the same identity is already in the ledger; commits."""
    sha = mail_identity(raw)
    existing = session.exec(select(Message.id).where(Message.sha256 == sha)).first()
    if existing is not None:
        return Recorded(existing, sha, False)
    message_id, subject, sender, received_at, received_utc = _headers(raw)
    message = Message(
        sha256=sha,
        message_id=message_id,
        subject=subject,
        sender=sender,
        received_at=received_at,
        received_utc=received_utc or utcnow(),
        raw=raw,
        size=len(raw),
        source=source[:500],
    )
    session.add(message)
    try:
        session.commit()
    except Exception:
        # Another process stored the same mail between our check and our insert.
        session.rollback()
        existing = session.exec(select(Message.id).where(Message.sha256 == sha)).first()
        if existing is None:
            raise
        return Recorded(existing, sha, False)
    return Recorded(message.id, sha, True)


def claim(session: Session, message_pk: int, worker: str = WORKER_NAME) -> bool:
    """Take a stored mail for processing; False if another worker holds a live claim or it is done."""
    now = utcnow()
    result = session.execute(
        update(Message)
        .where(Message.id == message_pk)
        .where(
            or_(
                Message.state == MessageState.NEW,
                (Message.state == MessageState.PROCESSING) & (Message.claimed_at < now - CLAIM_EXPIRY),
            )
        )
        .values(state=MessageState.PROCESSING, claimed_by=worker, claimed_at=now, attempts=Message.attempts + 1)
    )
    session.commit()
    return result.rowcount == 1


def release_dead_claims(session: Session) -> int:
    """Claims held by processes of this machine that no longer run (killed mid-work) are
    released at once, rather than after the claim expiry."""
    host = socket.gethostname() + ":"
    released = 0
    for message in session.exec(select(Message).where(Message.state == MessageState.PROCESSING)):
        owner = message.claimed_by or ""
        if owner.startswith(host) and not _alive(owner[len(host) :]):
            message.state = MessageState.NEW
            message.claimed_at = None
            session.add(message)
            released += 1
    if released:
        session.commit()
    return released


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def pending_ids(session: Session, limit: int | None = None) -> list[int]:
    """Mails waiting for processing (new, or with an expired claim), oldest first."""
    now = utcnow()
    query = (
        select(Message.id)
        .where(
            or_(
                Message.state == MessageState.NEW,
                (Message.state == MessageState.PROCESSING) & (Message.claimed_at < now - CLAIM_EXPIRY),
            )
        )
        .order_by(Message.received_utc, Message.id)
    )
    if limit:
        query = query.limit(limit)
    return list(session.exec(query).all())
