"""The general mailbox over IMAP (imapclient): new mails by UID, marked only after they are stored.

``ImapMailbox`` is a thin layer named after the protocol: ``select``, ``new_uids``, ``fetch``
(``BODY.PEEK[]``, so fetching marks nothing as read), ``mark`` and ``idle``.
:func:`poll` is one round: read what is new, store each mail in the ledger (committed), then
mark it on the server, then advance the folder's position. A crash anywhere in between means
the mail is read again next time and recognised by its hash: nothing lost, nothing doubled.
"""

from __future__ import annotations

import logging
import socket
import ssl
from dataclasses import dataclass
from typing import Callable

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError
from sqlmodel import Session, select

from odm_intake.config.settings import Settings
from odm_intake.errors import ConfigError, ImapError
from odm_intake.ingest.ledger import record_raw
from odm_intake.models.db import get_engine
from odm_intake.models.tables import SourcePosition, utcnow

log = logging.getLogger(__name__)

FETCH_BATCH = 50
NETWORK_ERRORS = (IMAPClientError, OSError, socket.timeout, ssl.SSLError, EOFError)


@dataclass(slots=True)
class PollResult:
    seen: int = 0
    new: int = 0
    known: int = 0


class ImapMailbox:
    def __init__(self, settings: Settings):
        if not settings.imap_host or not settings.imap_user or settings.imap_password is None:
            raise ConfigError("IMAP : ODM_INTAKE_IMAP_HOST, ODM_INTAKE_IMAP_USER et ODM_INTAKE_IMAP_PASSWORD sont requis")
        self.settings = settings
        self.client: IMAPClient | None = None
        self._uidvalidity: int | None = None

    @property
    def name(self) -> str:
        return f"{self.settings.imap_user}@{self.settings.imap_host}"

    def connect(self) -> None:
        s = self.settings
        try:
            self.client = IMAPClient(s.imap_host, port=s.imap_port, ssl=s.imap_ssl, timeout=60)
            self.client.login(s.imap_user, s.imap_password.get_secret_value())
        except NETWORK_ERRORS as exc:
            self.client = None
            raise ImapError(f"connexion IMAP impossible ({type(exc).__name__}: {exc})") from exc

    def close(self) -> None:
        self._uidvalidity = None
        if self.client is not None:
            try:
                self.client.logout()
            except Exception:
                pass
            self.client = None

    def select(self) -> int:
        """Make sure the folder is selected and current; returns its UIDVALIDITY.

        A SELECT costs a scan of a large folder, so it is done once per connection; each poll
        sends a NOOP instead, which brings the selected view up to date. When the server
        answers that the selected folder is gone (deleted, replaced), it is selected again, so
        a new UIDVALIDITY is seen rather than a stale, empty view."""
        if self._uidvalidity is not None:
            _, responses = self.client.noop()
            if not any(isinstance(r, tuple) and r and r[0] in (b"NO", b"BYE") for r in responses):
                return self._uidvalidity
        info = self.client.select_folder(self.settings.imap_folder)
        self._uidvalidity = int(info[b"UIDVALIDITY"])
        return self._uidvalidity

    def new_uids(self, after: int) -> list[int]:
        # "N:*" always includes the last message, even when its UID is below N: filter. The
        # keyword test matters only when rescanning from the start (it costs a folder scan).
        criteria = ["UID", f"{after + 1}:*"] if after else ["NOT", "KEYWORD", self.settings.imap_keyword]
        uids = self.client.search(criteria)
        return sorted(uid for uid in uids if uid > after)

    def fetch(self, uids: list[int]) -> dict[int, bytes]:
        response = self.client.fetch(uids, ["BODY.PEEK[]"])
        return {uid: data[b"BODY[]"] for uid, data in response.items() if b"BODY[]" in data}

    def mark(self, uid: int) -> None:
        s = self.settings
        self.client.add_flags([uid], [s.imap_keyword.encode()])
        if s.imap_mark == "seen":
            self.client.add_flags([uid], [b"\\Seen"])
        elif s.imap_mark == "move":
            if self.client.has_capability("MOVE"):
                self.client.move([uid], s.imap_move_folder)
            else:
                self.client.copy([uid], s.imap_move_folder)
                self.client.delete_messages([uid])
                self.client.uid_expunge([uid]) if self.client.has_capability("UIDPLUS") else self.client.expunge()

    def has_idle(self) -> bool:
        return self.client.has_capability("IDLE")


def poll(settings: Settings, mailbox: ImapMailbox, before_mark: Callable[[int], None] | None = None) -> PollResult:
    """One round on the folder: store every new mail, then mark it, then move the position on.

    ``before_mark`` is a seam for tests: it runs after a mail is committed, before it is marked.
    """
    result = PollResult()
    engine = get_engine(settings.database_url)
    with Session(engine) as session:
        position = _position(session, mailbox.name, settings.imap_folder)
        uidvalidity = mailbox.select()
        if position.uidvalidity != uidvalidity:
            if position.uidvalidity is not None:
                log.warning("uidvalidity changed on %s (%s -> %s): rescanning the folder", settings.imap_folder, position.uidvalidity, uidvalidity)
            position.uidvalidity = uidvalidity
            position.last_uid = 0
        uids = mailbox.new_uids(position.last_uid)
        for start in range(0, len(uids), FETCH_BATCH):
            batch = uids[start : start + FETCH_BATCH]
            for uid, raw in sorted(mailbox.fetch(batch).items()):
                recorded = record_raw(session, raw, f"imap:{settings.imap_folder}/{uidvalidity}/{uid}")
                result.seen += 1
                result.new += recorded.is_new
                result.known += not recorded.is_new
                if before_mark:
                    before_mark(uid)
                mailbox.mark(uid)
                position.last_uid = max(position.last_uid, uid)
                position.updated_at = utcnow()
                session.add(position)
                session.commit()
        position.last_poll_at = utcnow()
        position.last_error = None
        session.add(position)
        session.commit()
    return result


def record_error(settings: Settings, mailbox_name: str, message: str) -> None:
    with Session(get_engine(settings.database_url)) as session:
        position = _position(session, mailbox_name, settings.imap_folder)
        position.last_error = message[:1000]
        position.last_error_at = utcnow()
        session.add(position)
        session.commit()


def _position(session: Session, mailbox: str, folder: str) -> SourcePosition:
    position = session.exec(select(SourcePosition).where(SourcePosition.mailbox == mailbox, SourcePosition.folder == folder)).first()
    if position is None:
        position = SourcePosition(mailbox=mailbox, folder=folder)
        session.add(position)
        session.commit()
        session.refresh(position)
    return position
