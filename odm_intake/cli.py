"""The ``odm-intake`` command (CLI.md): replay, run, status, serve, drafts, eval, db, users.

Exit codes: 0 success; 1 some mails failed (they are recorded with a reason); 2 usage or
configuration error, with a message and no traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlmodel import Session, select

from odm_intake.config.settings import Settings, get_settings
from odm_intake.errors import ConfigError, OdmIntakeError, SourceError

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True, help="odm-intake : des mails et fax de mission aux brouillons de dossier.")
drafts_app = typer.Typer(no_args_is_help=True, help="Les brouillons de dossier.")
db_app = typer.Typer(no_args_is_help=True, help="La base de données.")
users_app = typer.Typer(no_args_is_help=True, help="Les comptes de la page de revue.")
app.add_typer(drafts_app, name="drafts")
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")

console = Console(stderr=True)
STATUSES = ("to_review", "blocked", "confirmed", "rejected", "ignored")


def _fail(message: str, code: int = 2) -> None:
    console.print(f"[red]erreur :[/red] {message}")
    raise typer.Exit(code)


def _settings() -> Settings:
    try:
        return get_settings()
    except Exception as exc:  # pydantic validation of env/TOML
        _fail(f"configuration invalide : {exc}")
        raise


def _ready_db(settings: Settings) -> None:
    from odm_intake.models.db import upgrade

    try:
        upgrade(settings.database_url)
    except Exception as exc:
        _fail(f"base de données inaccessible ({settings.database_url.split('@')[-1]}) : {exc.__class__.__name__}: {exc}")


@app.command()
def replay(
    sources: list[Path] = typer.Argument(..., help="Fichiers mbox, dossiers Maildir, dossiers de .eml ou fichiers .eml."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Processus de traitement (défaut : ODM_INTAKE_WORKERS)."),
) -> None:
    """Ingest mails from files (idempotent) and process them into drafts."""
    from odm_intake.ingest.files import read_source
    from odm_intake.ingest.ledger import record_raw
    from odm_intake.models.db import get_engine
    from odm_intake.pipeline import process_pending

    settings = _settings()
    _ready_db(settings)
    read = new = known = 0
    engine = get_engine(settings.database_url)
    with Session(engine) as session:
        for source in sources:
            try:
                for mail in read_source(source):
                    recorded = record_raw(session, mail.data, f"file:{mail.origin}")
                    read += 1
                    new += recorded.is_new
                    known += not recorded.is_new
            except (SourceError, OSError) as exc:
                _fail(str(exc))
    progress = Progress(TextColumn("traitement"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, disable=not console.is_terminal)
    with progress:
        task = progress.add_task("traitement", total=new or None)
        summary = process_pending(settings, workers, on_done=lambda _pk: progress.advance(task))
    for failure in summary.failures:
        console.print(f"[yellow]échec :[/yellow] {failure}")
    typer.echo(f"messages lus : {read}, nouveaux : {new}, déjà connus : {known}, échecs : {summary.failed}, brouillons créés : {summary.drafts}")
    raise typer.Exit(1 if summary.failed else 0)


@app.command()
def reprocess(
    failed: bool = typer.Option(False, "--failed", help="Retraiter les mails en échec."),
    all_: bool = typer.Option(False, "--all", help="Retraiter tous les mails (les corrections des CC sont conservées)."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1),
) -> None:
    """Process stored mails again (failed ones, or all)."""
    from odm_intake.models.db import get_engine
    from odm_intake.models.tables import Message, MessageState
    from odm_intake.pipeline import process_pending

    if not (failed or all_):
        _fail("préciser --failed ou --all")
    settings = _settings()
    _ready_db(settings)
    with Session(get_engine(settings.database_url)) as session:
        query = select(Message)
        if not all_:
            query = query.where(Message.state == MessageState.FAILED)
        for message in session.exec(query):
            message.state = MessageState.NEW
            message.claimed_at = None
            session.add(message)
        session.commit()
    summary = process_pending(settings, workers)
    typer.echo(f"retraités : {summary.processed}, échecs : {summary.failed}")
    raise typer.Exit(1 if summary.failed else 0)


@app.command()
def run() -> None:
    """The daemon: polls (and IDLEs on) the IMAP mailbox until SIGTERM/SIGINT."""
    from odm_intake.daemon import run as run_daemon

    settings = _settings()
    _ready_db(settings)
    try:
        code = run_daemon(settings)
    except ConfigError as exc:
        _fail(str(exc))
    raise typer.Exit(code)


@app.command()
def status() -> None:
    """Last poll, last error, backlog, drafts per status; exit 1 when the last poll is too old."""
    from datetime import timedelta

    from sqlalchemy import func

    from odm_intake.ingest.ledger import pending_ids
    from odm_intake.models.db import get_engine
    from odm_intake.models.tables import Draft, SourcePosition, utcnow

    settings = _settings()
    _ready_db(settings)
    with Session(get_engine(settings.database_url)) as session:
        positions = session.exec(select(SourcePosition)).all()
        backlog = len(pending_ids(session))
        counts = dict(session.exec(select(Draft.status, func.count()).group_by(Draft.status)).all())
    stale = True
    for p in positions:
        last = p.last_poll_at
        typer.echo(f"boîte {p.mailbox} / {p.folder} : dernière relève {last.isoformat(timespec='seconds') if last else 'jamais'}, dernier UID {p.last_uid}")
        if p.last_error:
            typer.echo(f"  dernière erreur ({p.last_error_at.isoformat(timespec='seconds') if p.last_error_at else '?'}) : {p.last_error}")
        if last and utcnow() - last <= timedelta(seconds=3 * settings.poll_seconds):
            stale = False
    if not positions:
        typer.echo("aucune relève IMAP enregistrée")
    typer.echo(f"en attente de traitement : {backlog}")
    typer.echo("brouillons : " + ", ".join(f"{s} {counts.get(s, 0)}" for s in STATUSES))
    raise typer.Exit(1 if stale else 0)


def _load_records(settings: Settings, status: str | None = None) -> list[dict]:
    from odm_intake.models.db import get_engine
    from odm_intake.models.records import export_record
    from odm_intake.models.tables import Draft, Message

    with Session(get_engine(settings.database_url)) as session:
        query = select(Draft, Message).join(Message, Draft.message_pk == Message.id).order_by(Message.received_utc, Draft.id)
        if status:
            query = query.where(Draft.status == status)
        return [export_record(d, m) for d, m in session.exec(query)]


def _check_status(status: str | None) -> None:
    if status is not None and status not in STATUSES:
        _fail(f"statut inconnu « {status} » (attendu : {', '.join(STATUSES)})")


@drafts_app.command("list")
def drafts_list(status: Optional[str] = typer.Option(None, "--status", help="to_review, blocked, confirmed, rejected, ignored")) -> None:
    """A table of drafts."""
    _check_status(status)
    settings = _settings()
    _ready_db(settings)
    table = Table("id", "reçu le", "type", "statut", "équipe", "n° sinistre", "assuré", "ville", "avertissements")
    for rec in _load_records(settings, status):
        f = rec["fields"]
        name = " ".join(x for x in (f.get("civility"), f.get("first_name"), f.get("last_name")) if x)
        table.add_row(
            rec["draft_id"], (rec["received_at"] or "")[:16], rec["kind"], rec["status"], rec["team"], f.get("claim_number") or "",
            name, f.get("city") or "", ", ".join(w["code"] for w in rec["warnings"]),
        )
    Console().print(table)


@drafts_app.command("export")
def drafts_export(
    format: str = typer.Option("jsonl", "--format", help="jsonl"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Fichier de sortie (défaut : sortie standard)."),
    status: Optional[str] = typer.Option(None, "--status"),
) -> None:
    """One record per line in the shape of draft.schema.json."""
    if format != "jsonl":
        _fail("seul le format jsonl est disponible")
    _check_status(status)
    settings = _settings()
    _ready_db(settings)
    lines = [json.dumps(rec, ensure_ascii=False) for rec in _load_records(settings, status)]
    text = "\n".join(lines) + ("\n" if lines else "")
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@app.command("eval")
def eval_(truth: Path = typer.Argument(..., exists=True, dir_okay=False, help="Fichier de vérité (forme de expected.jsonl).")) -> None:
    """Score the stored drafts against a truth file."""
    from odm_intake.evaluation import evaluate, format_report

    settings = _settings()
    _ready_db(settings)
    report = evaluate(truth, _load_records(settings))
    typer.echo(format_report(report))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply the Alembic migrations to the configured database."""
    settings = _settings()
    _ready_db(settings)
    typer.echo("base de données à jour")


@users_app.command("add")
def users_add(
    name: str = typer.Argument(...),
    role: str = typer.Option("cc", "--role", help="cc ou admin"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Lire le mot de passe sur l'entrée standard."),
    if_missing: bool = typer.Option(False, "--if-missing", help="Ne rien faire si le compte existe déjà (démo, scripts)."),
) -> None:
    """Create a login for the review page."""
    from odm_intake.web.auth import create_user, user_exists

    if role not in ("cc", "admin"):
        _fail("rôle attendu : cc ou admin")
    if not password_stdin:
        _fail("le mot de passe se lit sur l'entrée standard : --password-stdin")
    password = sys.stdin.readline().rstrip("\n")
    if len(password) < 8:
        _fail("mot de passe trop court (8 caractères au moins)")
    settings = _settings()
    _ready_db(settings)
    if if_missing and user_exists(settings, name):
        typer.echo(f"compte « {name} » déjà présent")
        return
    try:
        create_user(settings, name, role, password)
    except OdmIntakeError as exc:
        _fail(str(exc))
    typer.echo(f"compte « {name} » créé ({role})")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Adresse d'écoute."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port d'écoute."),
) -> None:
    """The review web page for CCs."""
    import uvicorn

    from odm_intake.web.app import create_app

    settings = _settings()
    if settings.secret_key is None or not settings.secret_key.get_secret_value():
        _fail("ODM_INTAKE_SECRET_KEY manquant : définissez une clé secrète (longue et aléatoire) pour signer les sessions")
    _ready_db(settings)
    try:
        application = create_app(settings)
    except ConfigError as exc:
        _fail(str(exc))
    typer.echo(f"page de revue sur http://{host}:{port}/")
    uvicorn.run(application, host=host, port=port, proxy_headers=True, log_level="info")


def main() -> None:  # pragma: no cover - console entry point
    try:
        app()
    except ConfigError as exc:
        console.print(f"[red]erreur :[/red] {exc}")
        sys.exit(2)


if __name__ == "__main__":  # python -m odm_intake.cli
    main()
