"""Request plumbing shared by the pages and the API: the logged-in user, CSRF checks, the database session."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Iterator

from fastapi import Depends, Request
from sqlmodel import Session

from odm_intake.models.db import get_engine
from odm_intake.web.auth import SESSION_COOKIE

CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"


class LoginRequired(Exception):
    """No valid session: pages redirect to the login page, the API answers 401."""


class CsrfRefused(Exception):
    """A POST without the session's CSRF token."""


@dataclass(slots=True)
class CurrentUser:
    id: int
    name: str
    role: str
    csrf: str


def db(request: Request) -> Iterator[Session]:
    with Session(get_engine(request.app.state.settings.database_url), expire_on_commit=False) as session:
        yield session


def current_user(request: Request) -> CurrentUser:
    from odm_intake.web.auth import load_user

    state = request.app.state
    data = state.signer.load(request.cookies.get(SESSION_COOKIE))
    if data is None:
        raise LoginRequired()
    user = load_user(state.settings, data.user_id)
    if user is None:
        raise LoginRequired()
    return CurrentUser(id=user.id, name=user.name, role=user.role, csrf=data.csrf)


async def check_csrf(request: Request, user: CurrentUser = Depends(current_user)) -> CurrentUser:
    """On every POST: the token from the header (API) or the form field (pages) must match the session's."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return user
    token = request.headers.get(CSRF_HEADER)
    if token is None and request.headers.get("content-type", "").startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        token = (await request.form()).get(CSRF_FIELD)
    if not isinstance(token, str) or not hmac.compare_digest(token.encode(), user.csrf.encode()):
        raise CsrfRefused()
    return user
