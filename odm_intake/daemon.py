"""``odm-intake run``: the long-running worker on the general mailbox.

Three parts, so that a new mail becomes a draft within seconds and nothing depends on one path:
- an IDLE watcher (its own IMAP connection) that wakes the worker when the server announces
  a mail, and renews IDLE before the server's ~29-minute limit;
- an APScheduler interval job that wakes it every ``poll_seconds`` anyway (safety net);
- the worker loop, the only one touching the folder: poll (store, then mark), then process
  pending mails. Network faults reconnect with exponential backoff and jitter.
SIGTERM/SIGINT stop the loop once the mail in hand is finished; the exit code is 0.
"""

from __future__ import annotations

import json
import logging
import random
import signal
import threading
import time

from apscheduler.schedulers.background import BackgroundScheduler

from odm_intake.config.settings import Settings
from odm_intake.errors import ImapError
from odm_intake.ingest.imap import NETWORK_ERRORS, ImapMailbox, poll, record_error
from odm_intake.pipeline import process_pending

log = logging.getLogger("odm_intake.daemon")
MAX_BACKOFF_SECONDS = 300


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return json.dumps({"at": self.formatTime(record), "level": record.levelname, "event": record.getMessage(), **getattr(record, "fields", {})}, ensure_ascii=False)


def setup_logging(as_json: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if as_json else logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


def event(message: str, **fields) -> None:
    """One log line per event; ``fields`` carry ids and counts, never contents or secrets."""
    log.info(message + ("" if not fields else " " + " ".join(f"{k}={v}" for k, v in fields.items())), extra={"fields": fields})


class Worker:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.stop = threading.Event()
        self.wake = threading.Event()
        self.mailbox = ImapMailbox(settings)
        self.failures = 0

    def request_stop(self, *_args) -> None:
        event("arrêt demandé")
        self.stop.set()
        self.wake.set()

    def run(self) -> int:
        scheduler = BackgroundScheduler()
        scheduler.add_job(self.wake.set, "interval", seconds=self.settings.poll_seconds, id="poll", coalesce=True, max_instances=1)
        scheduler.start()
        watcher = threading.Thread(target=self._watch_idle, name="imap-idle", daemon=True)
        watcher.start()
        event("démarrage", folder=self.settings.imap_folder, poll_seconds=self.settings.poll_seconds)
        try:
            while not self.stop.is_set():
                self._round()
                self.wake.wait(timeout=self.settings.poll_seconds)
                self.wake.clear()
        finally:
            scheduler.shutdown(wait=False)
            self.mailbox.close()
            event("arrêt")
        return 0

    def _round(self) -> None:
        try:
            if self.mailbox.client is None:
                self.mailbox.connect()
                event("connecté", mailbox=self.mailbox.name)
            result = poll(self.settings, self.mailbox)
            if result.seen:
                event("relève", seen=result.seen, new=result.new, known=result.known)
            self.failures = 0
        except (ImapError, *NETWORK_ERRORS) as exc:
            self._backoff(exc)
            return
        summary = process_pending(self.settings)
        if summary.processed:
            event("traitement", processed=summary.processed, failed=summary.failed, drafts=summary.drafts)

    def _backoff(self, exc: BaseException) -> None:
        self.failures += 1
        self.mailbox.close()
        message = f"{type(exc).__name__}: {exc}"
        record_error(self.settings, self.mailbox.name, message)
        delay = min(MAX_BACKOFF_SECONDS, self.settings.reconnect_seconds * 2 ** (self.failures - 1)) * random.uniform(0.5, 1.5)
        log.warning("erreur IMAP %s ; nouvel essai dans %.1f s", message[:200], delay, extra={"fields": {"retry_in": round(delay, 1)}})
        self.stop.wait(delay)

    def _watch_idle(self) -> None:
        """Hold an IDLE on its own connection; any untagged response wakes the worker."""
        failures = 0
        while not self.stop.is_set():
            watcher = ImapMailbox(self.settings)
            try:
                watcher.connect()
                watcher.select()
                if not watcher.has_idle():
                    return  # polling alone then
                failures = 0
                while not self.stop.is_set():
                    watcher.client.idle()
                    started = time.monotonic()
                    while not self.stop.is_set() and time.monotonic() - started < self.settings.imap_idle_seconds:
                        if watcher.client.idle_check(timeout=1):
                            self.wake.set()
                    watcher.client.idle_done()
            except (ImapError, *NETWORK_ERRORS):
                failures += 1
                self.stop.wait(min(MAX_BACKOFF_SECONDS, self.settings.reconnect_seconds * 2 ** failures) * random.uniform(0.5, 1.5))
            finally:
                watcher.close()


def run(settings: Settings) -> int:
    setup_logging(settings.log_json)
    worker = Worker(settings)
    signal.signal(signal.SIGTERM, worker.request_stop)
    signal.signal(signal.SIGINT, worker.request_stop)
    return worker.run()
