"""odm-intake: turns the general mailbox's mission mails and faxes into dossier drafts."""

__version__ = "0.1.0"
