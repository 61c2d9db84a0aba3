"""Benchmark: replay of text mails per stage on one worker, median milliseconds per mail.

Stages: ledger (store raw bytes), parse (MIME walk), extract (documents, fields, rules; parse
included), store (drafts written). End to end is the sum per mail.

    python bench/replay.py [MAILBOX ...]   (default: the demo mailbox)

Only mails without scanned attachments are timed (scans are bench/ocr.py's).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlmodel import Session

from odm_intake.config.settings import Settings
from odm_intake.errors import DocumentError
from odm_intake.extractors.pdf import has_text_layer, read_pdf_words
from odm_intake.extractors.mail import process_mail
from odm_intake.extractors.mime import parse_mail
from odm_intake.ingest import ledger
from odm_intake.ingest.files import read_source
from odm_intake.models.db import get_engine, upgrade
from odm_intake.pipeline import ProcessSummary, store_result

REPO = Path(__file__).resolve().parent.parent


def is_text_mail(raw: bytes) -> bool:
    mail = parse_mail(raw)
    if any(a.content_type.startswith("image/") for a in mail.attachments):
        return False
    for att in mail.attachments:
        if att.filename.lower().endswith(".pdf"):
            try:
                if not has_text_layer(read_pdf_words(att.data, Settings())):
                    return False  # image-only PDF: a scan
            except DocumentError:
                pass  # unreadable: timed as a text mail (it is recorded without OCR)
    return True


def main(paths: list[str]) -> None:
    sources = [Path(p) for p in paths] or [REPO / "demo" / "mailbox.mbox"]
    raws = [m.data for src in sources for m in read_source(src)]
    raws = [r for r in raws if is_text_mail(r)]
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        upgrade(url)
        settings = Settings(database_url=url, workers=1)
        engine = get_engine(url)
        timings: dict[str, list[float]] = {"ledger": [], "parse": [], "extract": [], "store": [], "end to end": []}
        process_mail(raws[0], settings)  # warm caches (vocabularies, regexes) as a running worker would be
        for rounds in range(3):
            for raw in raws:
                t0 = time.perf_counter()
                with Session(engine) as session:
                    # A distinct trailer per round, so each round stores new mails.
                    recorded = ledger.record_raw(session, raw + f"\n\n-- {rounds}".encode(), "bench")
                    ledger.claim(session, recorded.message_pk)
                t1 = time.perf_counter()
                parse_mail(raw)
                t2 = time.perf_counter()
                result = process_mail(raw, settings)
                t3 = time.perf_counter()
                store_result(settings, recorded.message_pk, result, ProcessSummary())
                t4 = time.perf_counter()
                timings["ledger"].append(t1 - t0)
                timings["parse"].append(t2 - t1)
                timings["extract"].append(t3 - t2)
                timings["store"].append(t4 - t3)
                timings["end to end"].append((t1 - t0) + (t3 - t2) + (t4 - t3))
    print(f"{len(raws)} text mails x 3 rounds, one worker")
    print(f"{'stage':<12} {'median ms':>10} {'p90 ms':>8}")
    for stage, values in timings.items():
        ms = sorted(v * 1000 for v in values)
        print(f"{stage:<12} {statistics.median(ms):10.1f} {ms[int(len(ms) * 0.9) - 1]:8.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
