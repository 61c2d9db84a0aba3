"""What the draft page shows beside the fields: the mail's documents, their pages, and where each field was read.

Evidence boxes are in the page's own units (PDF points, or image pixels for OCRed scans) and
come with ``page_size``; they are turned into percentages of the page so the highlight sits on
the rendered image whatever its size.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from typing import Any

import nh3

from odm_intake.extractors.mime import decode_text
from odm_intake.models.tables import Document
from odm_intake.web.pages import is_renderable

_MAX_SHOWN_PAGES = 20
_SOURCE_RE = re.compile(r"^(attachment:.*?)(?:#page=(\d+))?$")
# Mail HTML keeps its structure and text only: no images (they would fetch from outside), no styles.
_HTML_TAGS = {"a", "b", "blockquote", "br", "caption", "code", "div", "em", "h1", "h2", "h3", "h4", "hr", "i", "li",
              "ol", "p", "pre", "span", "strong", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"}


@dataclass(slots=True)
class PageView:
    anchor: str  # "doc-3-p1"
    document_id: int
    number: int


@dataclass(slots=True)
class Locator:
    anchor: str | None  # a PageView.anchor, "body" or None
    box: str | None  # "left,top,width,height" in percent of the page
    text: str


def mail_html(raw: bytes) -> str:
    """The mail's HTML bodies (not HTML attachments), even when a plain-text rendering exists."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    parts = []
    for part in msg.walk():
        if part.get_content_type() == "text/html" and (part.get_content_disposition() or "") != "attachment" and not part.get_filename():
            parts.append(decode_text(part.get_payload(decode=True) or b"", part.get_content_charset()))
    return "\n".join(parts)


def sanitize_html(html: str) -> str:
    return nh3.clean(html, tags=_HTML_TAGS, attributes={"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow")


def page_views(documents: list[Document]) -> list[PageView]:
    views = []
    for doc in documents:
        # Unreadable documents are shown too: a fax that OCR could not read is still readable by a CC.
        if doc.source.startswith("attachment:") and is_renderable(doc.content_type, doc.filename):
            for n in range(1, min(doc.pages or 1, _MAX_SHOWN_PAGES) + 1):
                views.append(PageView(anchor=f"doc-{doc.id}-p{n}", document_id=doc.id, number=n))
    return views


def locate(evidence: dict[str, Any] | None, documents: list[Document]) -> Locator | None:
    if not evidence:
        return None
    text = str(evidence.get("text") or "")
    source = str(evidence.get("source") or "")
    if source in ("body", "html", "subject"):
        return Locator(anchor=source, box=None, text=text)
    m = _SOURCE_RE.match(source)
    doc = next((d for d in documents if m and d.source == m.group(1)), None)
    if doc is None:
        return Locator(anchor=None, box=None, text=text)
    page = int(m.group(2) or 1)
    return Locator(anchor=f"doc-{doc.id}-p{page}", box=_box(evidence), text=text)


def _box(evidence: dict[str, Any]) -> str | None:
    box, size = evidence.get("box"), evidence.get("page_size")
    try:
        x0, y0, x1, y1 = (float(c) for c in box)
        w, h = (float(c) for c in size)
    except (TypeError, ValueError):
        return None
    if w <= 0 or h <= 0:
        return None
    pad = 0.4  # percent: a little air around the words
    return ",".join(f"{c:.2f}" for c in (x0 / w * 100 - pad, y0 / h * 100 - pad, (x1 - x0) / w * 100 + 2 * pad, (y1 - y0) / h * 100 + 2 * pad))
