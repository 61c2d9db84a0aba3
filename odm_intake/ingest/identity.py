"""A mail's identity: the SHA-256 of its raw bytes (ARCHITECTURE.md invariant 2).

Two transports may frame the same message differently: IMAP sends CRLF line ends while files
on disk usually hold LF, and mbox writers add a final newline that an ``.eml`` may lack. The
hash is taken over the bytes with line ends folded to LF and trailing line ends removed, so
these framings count as the same mail. The stored raw mail itself is kept byte-exact.
"""

import hashlib


def mail_identity(raw: bytes) -> str:
    canonical = raw.replace(b"\r\n", b"\n").rstrip(b"\n")
    return hashlib.sha256(canonical).hexdigest()
