"""Text whose accents a mail's journey broke, as it was written.

A declaration forwarded from a web form or an old mail client arrives as "AssurÃ©e" (UTF-8
read as Windows-1252), "Assur&eacute;e" (HTML entities in plain text), or as raw
quoted-printable under the MIME headers pasted with it ("Assur=C3=A9e"). ftfy, a library
made for the first two, repairs them without touching sound text; the third is decoded here.
"""

from __future__ import annotations

import quopri
import re

import ftfy

# Only the repairs of broken encodings: quotes, ligatures and widths stay as written.
_FIXES = ftfy.TextFixerConfig(unescape_html=True, uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False, normalization=None, explain=False)
# "Content-Transfer-Encoding: quoted-printable" pasted above a forwarded mail's text.
_QP_HEADER = re.compile(r"^content-transfer-encoding:\s*quoted-printable\s*$", re.I | re.M)
_CONTENT_TYPE = re.compile(r"^content-type:[^\n]*$", re.I | re.M)
_QP_CHARSET = re.compile(r"charset=\"?([\w-]+)", re.I)
_QP_BYTES = re.compile(r"=[0-9A-F]{2}")


def ungarbled(text: str) -> str:
    """The text with its broken accents repaired; sound text comes back unchanged."""
    header = _QP_HEADER.search(text)
    if header and len(_QP_BYTES.findall(text, header.end())) >= 3:
        declared = _CONTENT_TYPE.search(text, max(0, header.start() - 200), header.start())
        charset = _QP_CHARSET.search(declared.group(0)) if declared else None
        head = text[: declared.start() if declared else header.start()]
        text = head + _decoded(text[header.end() :], charset.group(1) if charset else "utf-8")
    return ftfy.fix_text(text, _FIXES)


def _decoded(text: str, charset: str) -> str:
    try:
        return quopri.decodestring(text.encode("utf-8")).decode(charset, errors="replace")
    except LookupError:
        return quopri.decodestring(text.encode("utf-8")).decode("utf-8", errors="replace")
