"""Processing stored mails into drafts: the stage between the ledger and the review queue.

Extraction (``extractors.mail.process_mail``) is pure and runs in a process pool when there is
a backlog; storing is done here, in the parent, one mail per transaction and in received order,
so the duplicate rule sees earlier drafts and a crash leaves every mail either done or pending.
"""

from __future__ import annotations

import logging
import os
import traceback
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Callable, Iterable

from sqlalchemy.exc import DBAPIError, StatementError
from sqlmodel import Session, delete, select

from odm_intake.config.settings import Settings
from odm_intake.extractors.mail import DraftRecord, MailResult, process_mail
from odm_intake.extractors.rules import FIELD_KEYS, warning
from odm_intake.extractors.fields.values import claim_digits
from odm_intake.ingest import ledger
from odm_intake.models.db import get_engine
from odm_intake.models.tables import Document, Draft, DraftEvent, Message, MessageState, utcnow

log = logging.getLogger(__name__)

MISSION_KINDS = ("odm_agence", "courtage", "cs2i")


@dataclass(slots=True)
class ProcessSummary:
    processed: int = 0
    failed: int = 0
    drafts: int = 0
    failures: list[str] = field(default_factory=list)


def _init_worker() -> None:
    # Tesseract's OpenMP threads would fight our processes for the cores: one thread each.
    os.environ["OMP_THREAD_LIMIT"] = "1"


def _extract(raw: bytes, settings: Settings) -> MailResult:
    return process_mail(raw, settings)


def process_pending(settings: Settings, workers: int | None = None, on_done: Callable[[int], None] | None = None) -> ProcessSummary:
    """Process every pending mail of the ledger; returns what happened."""
    workers = max(1, workers or settings.workers)
    engine = get_engine(settings.database_url)
    summary = ProcessSummary()
    with Session(engine) as session:
        ledger.release_dead_claims(session)
        ids = ledger.pending_ids(session)
    if not ids:
        return summary
    if workers == 1 or len(ids) == 1:
        for message_pk in ids:
            _process_one_inline(settings, message_pk, summary)
            if on_done:
                on_done(message_pk)
        return summary
    _process_in_pool(settings, ids, workers, summary, on_done)
    return summary


def _process_one_inline(settings: Settings, message_pk: int, summary: ProcessSummary) -> None:
    engine = get_engine(settings.database_url)
    with Session(engine) as session:
        if not ledger.claim(session, message_pk):
            return
        raw = session.get(Message, message_pk).raw
    try:
        result: MailResult | BaseException = _extract(raw, settings)
    except Exception as exc:  # any failure of one mail is recorded, never propagated
        result = exc
        log.warning("processing failed for message %s: %s", message_pk, exc)
    store_result(settings, message_pk, result, summary)


def _process_in_pool(settings: Settings, ids: list[int], workers: int, summary: ProcessSummary, on_done) -> None:
    engine = get_engine(settings.database_url)
    # A bounded window of mails in flight: memory stays flat on a large backlog.
    window = workers * 2
    queue = list(ids)
    # Mails are the unit of parallelism here: each worker OCRs its pages one at a time.
    settings = settings.model_copy(update={"ocr_threads": 1})
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker)
    try:
        in_flight: list[tuple[int, Future]] = []
        while queue or in_flight:
            while queue and len(in_flight) < window:
                message_pk = queue.pop(0)
                with Session(engine) as session:
                    if not ledger.claim(session, message_pk):
                        continue
                    raw = session.get(Message, message_pk).raw
                in_flight.append((message_pk, pool.submit(_extract, raw, settings)))
            if not in_flight:
                break
            message_pk, future = in_flight.pop(0)  # in order: duplicates see earlier drafts
            try:
                result: MailResult | BaseException = future.result()
            except BrokenProcessPool as exc:
                # A worker died (a crashing decoder): fail this mail, restart the pool, resubmit the others.
                result = RuntimeError(f"le processus de traitement s'est arrêté ({exc.__class__.__name__})")
                pool.shutdown(wait=False, cancel_futures=True)
                pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker)
                queue = [pk for pk, _ in in_flight] + queue
                in_flight = []
                _release(settings, queue)
            except Exception as exc:
                result = exc
            store_result(settings, message_pk, result, summary)
            if on_done:
                on_done(message_pk)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _release(settings: Settings, ids: Iterable[int]) -> None:
    with Session(get_engine(settings.database_url)) as session:
        for message_pk in ids:
            message = session.get(Message, message_pk)
            if message and message.state == MessageState.PROCESSING:
                message.state = MessageState.NEW
                message.claimed_at = None
                session.add(message)
        session.commit()


def store_result(settings: Settings, message_pk: int, result: MailResult | BaseException, summary: ProcessSummary) -> None:
    """Write what processing made of a stored mail, in one transaction: its documents (replacing
    earlier ones), its drafts (a CC's edits kept), and the mail's final state. A result the
    database cannot hold (a value it cannot serialise: a bug) is recorded as the mail's failure,
    so that one mail never stops the others; a database that fails stops the run."""
    try:
        _store(settings, message_pk, result, summary)
    except (TypeError, ValueError, StatementError) as exc:
        if isinstance(exc, DBAPIError) or isinstance(result, BaseException):
            raise
        log.warning("result of message %s could not be stored: %s", message_pk, exc)
        _store(settings, message_pk, exc, summary)


def _store(settings: Settings, message_pk: int, result: MailResult | BaseException, summary: ProcessSummary) -> None:
    with Session(get_engine(settings.database_url), expire_on_commit=False) as session:
        message = session.get(Message, message_pk)
        session.exec(delete(Document).where(Document.message_pk == message_pk))
        if isinstance(result, BaseException):
            reason = f"{result.__class__.__name__}: {result}"[:500]
            message.state = MessageState.FAILED
            message.error = "".join(traceback.format_exception(result))[-4000:]
            drafts = [_failure_record(reason)]
            summary.failed += 1
            summary.failures.append(f"{message.message_id or message.sha256[:12]}: {reason}")
        else:
            message.state = MessageState.DONE
            message.error = None
            drafts = result.drafts or [_failure_record("aucun résultat")]
            for index, info in enumerate(result.documents):
                session.add(
                    Document(
                        message_pk=message_pk,
                        index=index,
                        source=info.source,
                        part_path=info.part_path,
                        filename=info.filename,
                        content_type=info.content_type,
                        sha256=info.sha256,
                        size=info.size,
                        channel=info.channel,
                        pages=info.pages,
                        error=info.error,
                        text=info.text,
                    )
                )
        message.processed_at = utcnow()
        session.add(message)
        _replace_drafts(session, message, drafts)
        session.commit()
        summary.processed += 1
        summary.drafts += len(drafts)


def _failure_record(reason: str) -> DraftRecord:
    return DraftRecord(
        kind="other",
        provenance=None,
        status="to_review",
        team="cc",
        channel="none",
        fields={key: None for key in FIELD_KEYS},
        confidence={},
        evidence={},
        expertise_04p={"required": False, "description": None},
        warnings=[warning("processing_failed", reason)],
    )


def _replace_drafts(session: Session, message: Message, records: list[DraftRecord]) -> None:
    """Write the drafts of a mail; on reprocessing, update them without touching a CC's edits."""
    existing = {d.index_in_message: d for d in session.exec(select(Draft).where(Draft.message_pk == message.id))}
    for index, record in enumerate(records):
        draft = existing.get(index)
        fields = dict(record.fields)
        warnings = list(record.warnings)
        if record.kind in MISSION_KINDS and fields.get("claim_number"):
            if _is_duplicate(session, fields["claim_number"], message.id, draft.id if draft else None):
                warnings.append(warning("possible_duplicate", fields["claim_number"]))
        if draft is None:
            draft = Draft(message_pk=message.id, index_in_message=index, kind=record.kind, status=record.status)
            action = "created"
        else:
            action = "reprocessed"
            for key in draft.edited_fields:
                fields[key] = draft.fields.get(key)
        draft.kind = record.kind
        draft.provenance = record.provenance
        if draft.status not in ("confirmed", "rejected"):
            draft.status = record.status
        draft.team = record.team
        draft.channel = record.channel
        draft.fields = fields
        draft.confidence = record.confidence
        draft.evidence = record.evidence
        draft.expertise_04p = record.expertise_04p
        draft.warnings = warnings
        draft.claim_number = fields.get("claim_number")
        draft.claim_key = claim_digits(fields["claim_number"]) if fields.get("claim_number") else None
        draft.last_name = fields.get("last_name")
        draft.received_utc = message.received_utc
        draft.updated_at = utcnow()
        if action == "reprocessed":
            draft.version += 1
        session.add(draft)
        session.flush()
        session.add(DraftEvent(draft_id=draft.id, actor="system", action=action, detail={"status": draft.status, "kind": draft.kind}))


def _is_duplicate(session: Session, claim_number: str, message_pk: int, draft_id: int | None) -> bool:
    """Another, earlier draft (of another mail) with the same claim number."""
    query = (
        select(Draft.id)
        .where(Draft.claim_key == claim_digits(claim_number))
        .where(Draft.message_pk != message_pk)
        .where(Draft.kind.in_(MISSION_KINDS))
    )
    if draft_id is not None:
        query = query.where(Draft.id < draft_id)
    return session.exec(query.limit(1)).first() is not None
