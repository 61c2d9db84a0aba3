"""Settings and the extraction knowledge (label synonyms, vocabularies) kept as data."""

from odm_intake.config.settings import Settings, get_settings

__all__ = ["Settings", "get_settings"]
