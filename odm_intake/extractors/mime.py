"""Walk a raw mail into what the readers need: headers, body text, HTML, attachments.

Uses the stdlib ``email`` package with the modern policy. Mail in the wild lies about its
charsets, so text parts are decoded by :func:`decode_text`, which checks the declared charset
against the bytes. Forwarded mails attached as ``message/rfc822`` are walked too: their body
becomes part of the text and their attachments are attachments of the mail.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage, Message


@dataclass(slots=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes
    part_path: str


@dataclass(slots=True)
class ParsedMail:
    message_id: str | None
    subject: str
    sender_name: str
    sender_address: str
    received_at: datetime | None
    recipients: list[str]  # To: us, the general mailbox (not Cc: the insured may be in copy)
    text: str  # the plain-text body (forwarded mails appended)
    html_text: str  # text of the HTML body, when the mail has one
    html: str  # the HTML itself, for display (sanitised by the web layer)
    attachments: list[Attachment] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)

    @property
    def sender(self) -> str:
        return f"{self.sender_name} <{self.sender_address}>" if self.sender_name else self.sender_address


_MOJIBAKE = re.compile("[\u00c2\u00c3][\u0080-\u00bf]")


def decode_text(payload: bytes, declared: str | None) -> str:
    """Decode a text part, trusting the declared charset only when the bytes agree with it.

    Handles the two usual lies: UTF-8 bytes declared as ISO-8859-1 (the declared decode
    succeeds but yields mojibake such as ``Ã©``), and ISO-8859-1/CP1252 bytes declared as UTF-8
    (the declared decode fails).
    """
    candidates = [c for c in (declared, "utf-8", "cp1252", "latin-1") if c]
    for charset in candidates:
        try:
            text = payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
        if charset.lower() not in ("utf-8", "utf8", "us-ascii", "ascii") and _MOJIBAKE.search(text):
            try:
                return payload.decode("utf-8")
            except UnicodeDecodeError:
                pass
        return text
    return payload.decode("latin-1")


def _header(msg: Message, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # malformed header: fall back to its raw form
        value = msg.get_all(name, [None])[0] if hasattr(msg, "get_all") else None
    return str(value).strip() if value is not None else ""


def parse_date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


def parse_mail(raw: bytes) -> ParsedMail:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    name, address = email.utils.parseaddr(_header(msg, "From"))
    parsed = ParsedMail(
        message_id=_header(msg, "Message-ID") or None,
        subject=" ".join(_header(msg, "Subject").split()),
        sender_name=name,
        sender_address=address.lower(),
        received_at=parse_date(_header(msg, "Date")),
        recipients=[a.lower() for _, a in email.utils.getaddresses([_header(msg, "To")]) if a],
        text="",
        html_text="",
        html="",
    )
    texts: list[str] = []
    htmls: list[str] = []
    _walk(msg, "", parsed, texts, htmls)
    parsed.text = "\n\n".join(t for t in texts if t.strip())
    parsed.html = "\n".join(htmls)
    if htmls:
        from odm_intake.extractors.html import html_to_text

        parsed.html_text = "\n\n".join(html_to_text(h) for h in htmls)
    parsed.defects = [type(d).__name__ for d in getattr(msg, "defects", [])]
    return parsed


def _walk(part: Message, path: str, parsed: ParsedMail, texts: list[str], htmls: list[str]) -> None:
    ctype = part.get_content_type()
    if part.is_multipart():
        children = part.get_payload()
        if ctype == "multipart/alternative":
            # Keep one rendering: plain text when it says something, else HTML.
            plain = [c for c in children if c.get_content_type() == "text/plain"]
            rest = [c for c in children if c.get_content_type() != "text/plain"]
            if plain and _text_of(plain[0]).strip():
                children_paths = [(c, children.index(c)) for c in plain[:1]]
                children_paths += [(c, children.index(c)) for c in rest if c.get_content_maintype() not in ("text",)]
            else:
                children_paths = [(c, i) for i, c in enumerate(children)]
        else:
            children_paths = [(c, i) for i, c in enumerate(children)]
        for child, i in children_paths:
            _walk(child, f"{path}.{i + 1}" if path else str(i + 1), parsed, texts, htmls)
        return
    if ctype == "message/rfc822":
        inner = part.get_payload()
        inner_msg = inner[0] if isinstance(inner, list) and inner else inner
        if isinstance(inner_msg, Message):
            header = _forward_header(inner_msg)
            texts.append(header)
            _walk(inner_msg, f"{path}.1" if path else "1", parsed, texts, htmls)
        return
    filename = _filename(part)
    disposition = (part.get_content_disposition() or "").lower()
    if ctype in ("text/plain", "text/html") and disposition != "attachment" and not filename:
        text = _text_of(part)
        (texts if ctype == "text/plain" else htmls).append(text)
        return
    data = part.get_payload(decode=True) or b""
    if not filename:
        ext = {"application/pdf": ".pdf", "image/tiff": ".tif", "image/jpeg": ".jpg", "image/png": ".png"}.get(ctype, ".bin")
        filename = f"piece-jointe-{path or '1'}{ext}"
    parsed.attachments.append(Attachment(filename=filename, content_type=ctype, data=data, part_path=path or "1"))


def _text_of(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if payload is None:
        raw = part.get_payload()
        return raw if isinstance(raw, str) else ""
    return decode_text(payload, part.get_content_charset())


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:
        return None
    return " ".join(str(name).split()) if name else None


def _forward_header(inner: Message) -> str:
    return (
        "---------- Message transféré ----------\n"
        f"De : {_header(inner, 'From')}\nDate : {_header(inner, 'Date')}\nObjet : {_header(inner, 'Subject')}\n"
    )


def part_bytes(raw: bytes, part_path: str) -> bytes:
    """The decoded bytes of the MIME part at ``part_path`` (as recorded on a Document)."""
    msg: Message = email.message_from_bytes(raw, policy=email.policy.default)
    for step in part_path.split("."):
        payload = msg.get_payload()
        if msg.get_content_type() == "message/rfc822":
            msg = payload[0] if isinstance(payload, list) else payload
            if step == "1" and not msg.is_multipart():
                continue
            payload = msg.get_payload()
        if not isinstance(payload, list):
            break
        msg = payload[int(step) - 1]
    return msg.get_payload(decode=True) or b""


EmailMessage  # re-exported type for callers that build mails
