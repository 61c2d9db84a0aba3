"""Mail sources on disk: mbox files, Maildir folders, folders of ``.eml`` files, single ``.eml`` files.

Each source yields :class:`RawMail` objects carrying the message's bytes exactly as stored, so
that a mail read from an mbox and the same mail read from an ``.eml`` file hash the same.
Readers are lenient: whatever bytes a source holds end up as a mail (a garbled one is recorded
and flagged downstream, never skipped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from odm_intake.errors import SourceError


@dataclass(frozen=True, slots=True)
class RawMail:
    data: bytes
    origin: str  # human-readable position: "mailbox.mbox#3", "eml/001.eml"


# An mbox "From " separator line: "From sender date" at the start of the file or after a blank line.
_FROM_LINE = re.compile(rb"^From [^\n]*\n", re.MULTILINE)
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)


def read_mbox(path: Path) -> Iterator[RawMail]:
    """Split an mbox file on its ``From `` lines (mboxo/mboxrd), unescaping ``>From``.

    Bytes before the first separator, if any, are yielded as a mail of their own rather than
    dropped, so that garbage in a mailbox is recorded instead of silently lost.
    """
    data = path.read_bytes()
    starts = [m for m in _FROM_LINE.finditer(data) if m.start() == 0 or data[m.start() - 1 : m.start()] == b"\n"]
    # A "From " line counts as a separator only after a blank line (or at the top).
    separators = [m for m in starts if m.start() == 0 or data[max(0, m.start() - 2) : m.start()] in (b"\n\n", b"\r\n")]
    pieces: list[tuple[int, int]] = []
    if not separators:
        if data.strip():
            pieces.append((0, len(data)))
    else:
        if data[: separators[0].start()].strip():
            pieces.append((0, separators[0].start()))
        for i, sep in enumerate(separators):
            end = separators[i + 1].start() if i + 1 < len(separators) else len(data)
            pieces.append((sep.end(), end))
    for n, (start, end) in enumerate(pieces, 1):
        chunk = data[start:end]
        # The writer adds one blank line between messages; it is not part of the message.
        if chunk.endswith(b"\n\n"):
            chunk = chunk[:-1]
        yield RawMail(_ESCAPED_FROM.sub(rb"\1", chunk), f"{path.name}#{n}")


def read_maildir(path: Path) -> Iterator[RawMail]:
    """Every file of ``cur/`` and ``new/``, oldest name first (Maildir names start with a timestamp)."""
    for sub in ("new", "cur"):
        folder = path / sub
        if folder.is_dir():
            for file in sorted(folder.iterdir()):
                if file.is_file() and not file.name.startswith("."):
                    yield RawMail(file.read_bytes(), f"{path.name}/{sub}/{file.name}")


def read_eml_folder(path: Path) -> Iterator[RawMail]:
    for file in sorted(path.iterdir()):
        if file.is_file() and file.suffix.lower() == ".eml":
            yield RawMail(file.read_bytes(), f"{path.name}/{file.name}")


def read_source(path: Path) -> Iterator[RawMail]:
    """Read any on-disk source, recognised by its shape."""
    if not path.exists():
        raise SourceError(f"source introuvable : {path}")
    if path.is_dir():
        if (path / "cur").is_dir() or (path / "new").is_dir():
            return read_maildir(path)
        return read_eml_folder(path)
    if path.suffix.lower() == ".eml":
        return iter([RawMail(path.read_bytes(), path.name)])
    return read_mbox(path)
