"""Benchmark: OCR of fax pages against bare Tesseract, pool throughput, peak memory.

    python bench/ocr.py [--pages N]

Pages are generated (tests/fixtures: an ODM rendered in each layout, degraded like a fax).
Prints, on the same pages in one run:
- median seconds per page for (a) bare ``tesseract PAGE - -l fra`` (OMP_THREAD_LIMIT=1) on the
  page with only the resampling it needs, (b) odm-intake's OCR + field extraction, and the ratio;
- bare Tesseract with its default OpenMP threads vs one thread, for the record;
- throughput of a 20-page backlog (20 one-page fax mails) with 1 and 2 workers;
- peak RSS (this process and its children) while processing one 20-page fax.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from odm_intake.config.settings import Settings  # noqa: E402
from odm_intake.extractors.mail import process_mail  # noqa: E402
from tests.fixtures import demo, fax  # noqa: E402
from tests.fixtures.mails import mail  # noqa: E402
from tests.fixtures.odm_render import render_odm_pdf  # noqa: E402

VALUES = dict(
    agency=demo.AGENCY, civility="M.", last_name="PERRIN", first_name="Marc", street="5 rue du Lac", complement="Bât. A",
    postal_code="74000", city="Annecy", phone="06 10 20 30 40", phone2="04 50 60 70 80", email="marc.perrin@exemple-mail.example",
    claim="B1002003", policy="MRH 77 88 99", agent_code="551203", date="03/11/2026", nature="Dégâts des eaux", housing="Appartement",
    occupation="Locataire", cause_repaired="Non", trade="Recherche de fuite", limit="", description="Tache au plafond de la cuisine.",
)


def pages(n: int):
    layouts = ["table", "lines", "stacked"]
    base = {layout: fax.rasterise(render_odm_pdf(VALUES, layout), dpi=204) for layout in layouts}
    return [fax.degrade_fax(base[layouts[i % 3]], seed=i) for i in range(n)]


def bare_tesseract(png: Path, threads: str | None) -> float:
    env = dict(os.environ)
    if threads:
        env["OMP_THREAD_LIMIT"] = threads
    else:
        env.pop("OMP_THREAD_LIMIT", None)
    start = time.perf_counter()
    subprocess.run(["tesseract", str(png), "-", "-l", "fra"], capture_output=True, env=env, check=True)
    return time.perf_counter() - start


def fax_mail(tiff: bytes, n: int) -> bytes:
    return mail("Fax reçu.", subject=f"Fax reçu {n}", sender="Fax2Mail <noreply@fax.example>", message_id=f"<bench{n}@x>",
                attachments=[("fax.tif", "image/tiff", tiff)])


def main() -> None:
    count = int(sys.argv[sys.argv.index("--pages") + 1]) if "--pages" in sys.argv else 6
    settings = Settings(ocr_threads=1)
    sample = pages(count)
    with tempfile.TemporaryDirectory() as tmp:
        bare1, bare_omp, ours = [], [], []
        for i, page in enumerate(sample):
            png = Path(tmp) / f"p{i}.png"
            page.save(png)
            bare1.append(bare_tesseract(png, "1"))
            bare_omp.append(bare_tesseract(png, None))
            tiff = fax.fax_tiff([page])
            start = time.perf_counter()
            process_mail(fax_mail(tiff, i), settings)
            ours.append(time.perf_counter() - start)
    b, o = statistics.median(bare1), statistics.median(ours)
    print(f"{count} pages, medians: bare tesseract {b:.2f} s/page; odm-intake OCR + extraction {o:.2f} s/page; ratio {o / b:.2f}x")
    print(f"bare tesseract, default OpenMP threads: {statistics.median(bare_omp):.2f} s/page ({statistics.median(bare_omp) / b:.2f}x one thread)")

    backlog = [fax_mail(fax.fax_tiff([p]), 100 + i) for i, p in enumerate(pages(20))]
    for workers in (1, 2):
        from concurrent.futures import ProcessPoolExecutor

        from odm_intake.pipeline import _init_worker

        start = time.perf_counter()
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
            list(pool.map(process_mail, backlog, [settings] * len(backlog)))
        elapsed = time.perf_counter() - start
        print(f"20-page backlog, {workers} worker(s): {elapsed:.1f} s, {20 / elapsed:.2f} pages/s")
        if workers == 1:
            one = elapsed
    print(f"2 workers vs 1: {one / elapsed:.2f}x throughput")

    big = fax_mail(fax.fax_tiff(pages(20)), 999)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    result = process_mail(big, Settings(ocr_threads=2))
    elapsed = time.perf_counter() - start
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"20-page fax in one mail ({len(result.drafts)} drafts) with 2 OCR threads: {elapsed:.1f} s; peak RSS: this process "
        f"{self_peak:.0f} MB (before: {before / 1024:.0f} MB), largest child {children_peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
