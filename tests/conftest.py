"""Shared test fixtures: a throwaway database and settings pointing at it."""

from __future__ import annotations

from pathlib import Path

import pytest

from odm_intake.config.settings import Settings, get_settings

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'test.db'}"
    monkeypatch.setenv("ODM_INTAKE_DATABASE_URL", url)
    monkeypatch.setenv("ODM_INTAKE_WORKERS", "1")
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


@pytest.fixture
def settings(db_url) -> Settings:
    from odm_intake.models.db import upgrade

    upgrade(db_url)
    return get_settings()
