"""What odm-intake stores (SQLModel tables) and what it exports (the draft record)."""

from odm_intake.models.tables import Document, Draft, DraftEvent, Message, SourcePosition, User

__all__ = ["Document", "Draft", "DraftEvent", "Message", "SourcePosition", "User"]
