"""The review queue: drafts by tab, filtered, searched and paginated in SQL (oldest first)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Text, cast, func, or_
from sqlmodel import Session, select

from odm_intake.models.tables import Draft

# (tab key, French label); "allianz" is the Allianz team's open drafts (CS2I).
TABS = (("to_review", "À vérifier"), ("blocked", "Bloqués"), ("allianz", "Équipe Allianz"),
        ("confirmed", "Confirmés"), ("rejected", "Rejetés"), ("ignored", "Ignorés"))
TAB_KEYS = tuple(key for key, _ in TABS)
_OPEN = ("to_review", "blocked")


@dataclass(slots=True)
class QueueFilter:
    tab: str = "to_review"
    kind: str | None = None
    team: str | None = None
    warning: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None
    page: int = 1


@dataclass(slots=True)
class QueuePage:
    rows: list[Draft]
    total: int
    page: int
    pages: int
    counts: dict[str, int] = field(default_factory=dict)


def _tab_clause(tab: str):
    if tab == "allianz":
        return [Draft.team == "allianz", Draft.status.in_(_OPEN)]
    if tab in _OPEN:
        return [Draft.status == tab, Draft.team != "allianz"]
    return [Draft.status == tab]


def _filters(f: QueueFilter):
    clauses = _tab_clause(f.tab)
    if f.kind:
        clauses.append(Draft.kind == f.kind)
    if f.team:
        clauses.append(Draft.team == f.team)
    if f.warning:
        # Warning codes are plain identifiers; matching the quoted code in the JSON text is portable.
        clauses.append(cast(Draft.warnings, Text).like(f'%"{f.warning}"%'))
    if f.date_from:
        clauses.append(Draft.received_utc >= datetime.combine(f.date_from, time(), timezone.utc))
    if f.date_to:
        clauses.append(Draft.received_utc < datetime.combine(f.date_to + timedelta(days=1), time(), timezone.utc))
    if f.q:
        term = f.q.strip()
        like = f"{term.replace(' ', '').upper()}%"
        clauses.append(or_(Draft.claim_number.like(like), func.lower(Draft.last_name).like(f"{term.lower()}%")))
    return clauses


def tab_counts(session: Session) -> dict[str, int]:
    counts = {key: 0 for key in TAB_KEYS}
    query = select(Draft.status, Draft.team, func.count()).group_by(Draft.status, Draft.team)
    for status, team, n in session.exec(query):
        if team == "allianz" and status in _OPEN:
            counts["allianz"] += n
        elif status in counts:
            counts[status] += n
    return counts


def load(session: Session, f: QueueFilter, page_size: int) -> QueuePage:
    clauses = _filters(f)
    total = session.exec(select(func.count()).select_from(Draft).where(*clauses)).one()
    pages = max(1, -(-total // page_size))
    page = min(max(1, f.page), pages)
    query = (select(Draft).where(*clauses).order_by(Draft.received_utc, Draft.id)
             .offset((page - 1) * page_size).limit(page_size))
    return QueuePage(rows=list(session.exec(query)), total=total, page=page, pages=pages, counts=tab_counts(session))


def next_open(session: Session, draft: Draft) -> int | None:
    """The next open draft of the same queue after ``draft``, oldest first."""
    tab = "allianz" if draft.team == "allianz" else "to_review"
    clauses = _tab_clause(tab if draft.status not in _OPEN or draft.team == "allianz" else draft.status)
    after = or_(Draft.received_utc > draft.received_utc, (Draft.received_utc == draft.received_utc) & (Draft.id > draft.id)) \
        if draft.received_utc else Draft.id > draft.id
    query = select(Draft.id).where(*clauses, after).order_by(Draft.received_utc, Draft.id).limit(1)
    return session.exec(query).first()
