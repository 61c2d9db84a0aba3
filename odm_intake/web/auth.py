"""Logins of the review page: argon2 password hashes, the signed session cookie, the failed-login throttle.

The session is a cookie signed with ``settings.secret_key`` (itsdangerous) holding the user id
and the CSRF token of the session; the user row is read again on every request, so a
deactivated account stops working at once.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlmodel import Session, select

from odm_intake.config.settings import Settings
from odm_intake.errors import AccountError, ConfigError
from odm_intake.models.db import get_engine
from odm_intake.models.tables import User

ROLES = ("cc", "admin")
SESSION_COOKIE = "odm_session"
_hasher = PasswordHasher()
# Verifying against this keeps an unknown user name as slow as a wrong password.
_DUMMY_HASH = _hasher.hash("odm-intake-dummy-password")


def create_user(settings: Settings, name: str, role: str, password: str) -> User:
    name = name.strip()
    if not name or len(name) > 100:
        raise AccountError("nom de compte vide ou trop long")
    if role not in ROLES:
        raise AccountError("rôle attendu : cc ou admin")
    with Session(get_engine(settings.database_url), expire_on_commit=False) as session:
        if session.exec(select(User).where(User.name == name)).first():
            raise AccountError(f"le compte « {name} » existe déjà")
        user = User(name=name, role=role, password_hash=_hasher.hash(password))
        session.add(user)
        session.commit()
        return user


def user_exists(settings: Settings, name: str) -> bool:
    with Session(get_engine(settings.database_url)) as session:
        return session.exec(select(User.id).where(User.name == name.strip())).first() is not None


def authenticate(settings: Settings, name: str, password: str) -> User | None:
    with Session(get_engine(settings.database_url), expire_on_commit=False) as session:
        user = session.exec(select(User).where(User.name == name.strip())).first()
        try:
            _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if user is None or not user.active:
            return None
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
            session.add(user)
            session.commit()
        return user


def load_user(settings: Settings, user_id: int) -> User | None:
    with Session(get_engine(settings.database_url), expire_on_commit=False) as session:
        user = session.get(User, user_id)
        return user if user and user.active else None


@dataclass(slots=True)
class SessionData:
    user_id: int
    csrf: str


class SessionSigner:
    """Signs and reads the session cookie."""

    def __init__(self, settings: Settings):
        if settings.secret_key is None or not settings.secret_key.get_secret_value():
            raise ConfigError("ODM_INTAKE_SECRET_KEY manquant : il signe les sessions de la page de revue")
        self._serializer = URLSafeTimedSerializer(settings.secret_key.get_secret_value(), salt="odm-intake-session")
        self.max_age = settings.session_hours * 3600

    def dump(self, user_id: int) -> tuple[str, SessionData]:
        data = SessionData(user_id=user_id, csrf=secrets.token_urlsafe(32))
        return self._serializer.dumps({"u": data.user_id, "c": data.csrf}), data

    def load(self, cookie: str | None) -> SessionData | None:
        if not cookie:
            return None
        try:
            raw = self._serializer.loads(cookie, max_age=self.max_age)
            return SessionData(user_id=int(raw["u"]), csrf=str(raw["c"]))
        except (BadSignature, KeyError, TypeError, ValueError):
            return None


class LoginThrottle:
    """Counts failed logins per user name and per client address; in memory, per process."""

    def __init__(self, max_failures: int, max_per_address: int, window_seconds: int):
        self.max_failures = max_failures
        self.max_per_address = max_per_address
        self.window = window_seconds
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        stamps = self._failures[key]
        while stamps and stamps[0] < now - self.window:
            stamps.popleft()
        return stamps

    def blocked(self, name: str, address: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return (len(self._recent(f"u:{name.strip().lower()}", now)) >= self.max_failures
                    or len(self._recent(f"ip:{address}", now)) >= self.max_per_address)

    def failed(self, name: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in (f"u:{name.strip().lower()}", f"ip:{address}"):
                self._recent(key, now).append(now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(f"u:{name.strip().lower()}", None)
