"""The one exception hierarchy of odm-intake.

    OdmIntakeError
    ├── ConfigError              settings missing or invalid (CLI exit 2)
    ├── SourceError              a mail source cannot be read (file, folder, IMAP)
    │   └── ImapError            the IMAP server refused or dropped us
    ├── DocumentError            one document cannot be read; recorded as
    │   │                        ``unreadable_attachment``, never a crash
    │   ├── CorruptDocument      malformed bytes (broken PDF, truncated TIFF, ...)
    │   ├── EncryptedDocument    password-protected
    │   └── DocumentTooLarge     over a byte, pixel, page or time bound
    └── StorageError             the database refused a write

Everything raised on purpose inside the package is one of these.
"""


class OdmIntakeError(Exception):
    """Base of every error odm-intake raises on purpose."""


class ConfigError(OdmIntakeError):
    """Settings are missing or invalid."""


class SourceError(OdmIntakeError):
    """A mail source (file, folder, server) cannot be read."""


class ImapError(SourceError):
    """The IMAP server refused a command or the connection dropped."""


class DocumentError(OdmIntakeError):
    """A document (attachment or body) cannot be read.

    ``reason`` is a short French sentence shown to the CC in the warning.
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class CorruptDocument(DocumentError):
    """The document's bytes are malformed."""


class EncryptedDocument(DocumentError):
    """The document is password-protected."""


class DocumentTooLarge(DocumentError):
    """The document exceeds a byte, pixel, page or time bound."""


class StorageError(OdmIntakeError):
    """The database refused a write."""
