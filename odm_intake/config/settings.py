"""The one settings object, read from ``ODM_INTAKE_*`` variables, ``.env`` and ``odm-intake.toml``."""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


class Settings(BaseSettings):
    """Every setting of the product, with its default. Secrets are ``SecretStr`` so they never print."""

    model_config = SettingsConfigDict(
        env_prefix="ODM_INTAKE_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        toml_file="odm-intake.toml",
    )

    database_url: str = Field("sqlite:///odm-intake.db", description="SQLAlchemy URL of the database.")

    imap_host: str | None = Field(None, description="IMAP server host name.")
    imap_port: int = Field(993, description="IMAP server port.")
    imap_ssl: bool = Field(True, description="Use TLS for IMAP (plain only for local tests).")
    imap_user: str | None = Field(None, description="IMAP login.")
    imap_password: SecretStr | None = Field(None, description="IMAP password.")
    imap_folder: str = Field("INBOX", description="Folder to read.")
    imap_mark: str = Field(
        "keyword",
        description="What to do on the server once a mail is stored: 'keyword', 'seen' (keyword and \\Seen) or 'move'.",
    )
    imap_keyword: str = Field("$OdmIntake", description="Keyword set on handled mails.")
    imap_move_folder: str = Field("OdmIntake", description="Folder handled mails are moved to with imap_mark=move.")
    poll_seconds: int = Field(60, description="Poll interval when IDLE is unavailable, and as a safety net.")
    imap_idle_seconds: int = Field(25 * 60, description="IDLE is renewed this often (servers drop it after ~29 minutes).")
    reconnect_seconds: float = Field(2.0, description="First delay before reconnecting after an IMAP error (doubles, with jitter).")
    log_json: bool = Field(False, description="Log one JSON object per line.")

    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, description="Processes for OCR/extraction.")
    secret_key: SecretStr | None = Field(None, description="Signs web sessions and CSRF tokens; required for serve.")
    session_hours: int = Field(12, description="A review-page login lasts this long (a working day).")
    login_max_failures: int = Field(5, description="Failed logins per user name before a pause.")
    login_max_failures_per_address: int = Field(
        30, description="Failed logins per client address before a pause (higher: an office's CCs share one address)."
    )
    login_window_seconds: int = Field(900, description="Window (and pause) of the failed-login throttle.")
    queue_page_size: int = Field(50, description="Drafts per page of the review queue.")

    # Bounds per document (ARCHITECTURE.md invariant 8).
    max_attachment_bytes: int = Field(40 * 1024 * 1024, description="Larger attachments are not read.")
    max_pdf_pages: int = Field(50, description="PDFs with more pages are not read.")
    max_image_pixels: int = Field(60_000_000, description="Pillow's decompression-bomb bound, in pixels.")
    max_fax_pages: int = Field(50, description="Faxes/TIFFs with more pages are not read.")
    ocr_page_seconds: int = Field(60, description="Tesseract timeout per page.")
    ocr_threads: int = Field(
        default_factory=lambda: os.cpu_count() or 1,
        description="Pages of one document OCRed at once (threads around Tesseract processes); 1 inside a mail-level worker.",
    )
    document_seconds: int = Field(300, description="Wall-clock bound for reading one attachment.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            env_settings,
            dotenv_settings,
            TomlConfigSettingsSource(settings_cls),
            file_secret_settings,
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
