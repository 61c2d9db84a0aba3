from sqlmodel import Session

from odm_intake.ingest.ledger import claim, pending_ids, record_raw
from odm_intake.models.db import get_engine
from odm_intake.models.tables import Message
from tests.fixtures.mails import mail


def test_record_is_idempotent_and_byte_exact(settings):
    raw = mail("Bonjour\r\n", message_id="<id1@x>")
    with Session(get_engine(settings.database_url)) as session:
        first = record_raw(session, raw, "test")
        again = record_raw(session, raw, "test")
        assert first.is_new and not again.is_new and first.message_pk == again.message_pk
        stored = session.get(Message, first.message_pk)
        assert stored.raw == raw
        assert stored.message_id == "<id1@x>"
        assert stored.received_at.startswith("2026-11-02T09:00:00+01:00")


def test_claim_is_exclusive(settings):
    with Session(get_engine(settings.database_url)) as session:
        pk = record_raw(session, mail("x"), "test").message_pk
        assert pending_ids(session) == [pk]
        assert claim(session, pk, "w1")
        assert not claim(session, pk, "w2")
        assert pending_ids(session) == []


def test_mail_without_headers_is_recorded(settings):
    with Session(get_engine(settings.database_url)) as session:
        recorded = record_raw(session, b"\x00\x01 no headers at all", "test")
        stored = session.get(Message, recorded.message_pk)
        assert stored.message_id is None and stored.received_utc is not None
