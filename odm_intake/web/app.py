"""The FastAPI application of the review page: routers, templates, static files, and errors turned into answers in one place."""

from __future__ import annotations

from datetime import datetime, timezone
from importlib import resources
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from odm_intake.config.settings import Settings
from odm_intake.errors import ActionRefused, InvalidValue, ReviewError, StaleDraft
from odm_intake.web import api, views
from odm_intake.web.auth import LoginThrottle, SessionSigner
from odm_intake.web.deps import CsrfRefused, LoginRequired
from odm_intake.web.fields import display
from odm_intake.web.labels import ACTIONS, KINDS, PERILS, STATUSES, WARNINGS
from odm_intake.web.security import SecurityHeaders

PUBLIC_PATHS = {"/login", "/healthz", "/static"}


_PARIS = ZoneInfo("Europe/Paris")


def _paris(value: datetime | str | None) -> str:
    """A stored instant in the CCs' own time (stored in UTC, or ISO with the sender's offset)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(_PARIS).strftime("%d/%m/%Y %H:%M")


def _confidence_class(value: float | None) -> str:
    if value is None:
        return "conf-none"
    return "conf-high" if value >= 0.9 else "conf-mid"


def create_app(settings: Settings) -> FastAPI:
    """Raises ConfigError when the secret key is missing."""
    app = FastAPI(title="odm-intake", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.signer = SessionSigner(settings)
    app.state.throttle = LoginThrottle(settings.login_max_failures, settings.login_max_failures_per_address, settings.login_window_seconds)
    base = resources.files("odm_intake") / "web"
    templates = Jinja2Templates(directory=str(base / "templates"))  # autoescape on for .html
    templates.env.globals.update(kinds=KINDS, statuses=STATUSES, warning_labels=WARNINGS, actions=ACTIONS, perils=PERILS, display=display)
    templates.env.filters["conf_class"] = _confidence_class
    templates.env.filters["paris"] = _paris
    app.state.templates = templates
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(base / "static")), name="static")
    app.include_router(views.public)
    app.include_router(views.pages)
    app.include_router(api.router)
    _handlers(app)
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired):
        if _is_api(request):
            return JSONResponse({"detail": "Connexion requise."}, status_code=401)
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(CsrfRefused)
    async def csrf_refused(request: Request, _exc: CsrfRefused):
        message = "Jeton de sécurité (CSRF) manquant ou invalide : rechargez la page et recommencez."
        if _is_api(request):
            return JSONResponse({"detail": message}, status_code=403)
        return HTMLResponse(f"<!doctype html><meta charset=utf-8><title>Refusé</title><p>{message}</p>", status_code=403)

    @app.exception_handler(ReviewError)
    async def review_error(request: Request, exc: ReviewError):
        status = 409 if isinstance(exc, StaleDraft) else 422 if isinstance(exc, (InvalidValue, ActionRefused)) else 400
        body = {"detail": str(exc)}
        if isinstance(exc, InvalidValue):
            body["errors"] = exc.errors
        return JSONResponse(body, status_code=status)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if _is_api(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return request.app.state.templates.TemplateResponse(request, "error.html", {"code": exc.status_code, "detail": exc.detail},
                                                            status_code=exc.status_code)
