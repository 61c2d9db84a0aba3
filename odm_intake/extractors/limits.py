"""Bounds on the work one document may cost (ARCHITECTURE.md invariant 8)."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

from odm_intake.errors import DocumentTooLarge


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise :class:`DocumentTooLarge` when the block runs longer than ``seconds``.

    Uses SIGALRM, so it applies in a process's main thread (the replay loop and the pool's
    worker processes); elsewhere it is a no-op and the callers' own bounds (Tesseract's
    timeout, page and pixel limits) still hold.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _expired(_signum, _frame):
        raise DocumentTooLarge(f"{what} : lecture interrompue après {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
