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
    ├── StorageError             the database refused a write
    └── ReviewError              a review action refused (web page and API)
        ├── AccountError         a login cannot be created or used
        ├── InvalidValue         an edited value does not read as its field
        ├── StaleDraft           the draft changed since the CC loaded it
        └── ActionRefused        not allowed now (e.g. DDE block not acknowledged)

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


class ReviewError(OdmIntakeError):
    """A review action is refused; the message is French and shown to the CC as is."""


class AccountError(ReviewError):
    """A login cannot be created (name taken, bad role) or used."""


class InvalidValue(ReviewError):
    """An edited field value does not normalise; ``errors`` maps field key to a French reason."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class StaleDraft(ReviewError):
    """Someone else changed the draft after the CC loaded it (optimistic locking on ``version``)."""


class ActionRefused(ReviewError):
    """The action is not allowed in the draft's current state."""
