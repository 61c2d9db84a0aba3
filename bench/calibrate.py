"""Fit the confidence of scanned values to their measured accuracy (fields/calibration.py).

    python bench/calibrate.py [--count N] [--seeds 2,3] [--write]

Generates development mails (tests/fixtures/variety.py, dev layouts, the given seeds: never
the held-out seed), reads them with calibration switched off, and for every value read from a
scan records its field, how it was found, its raw score and whether it was right. Prints the
reliability of the raw scores, then fits per field an isotonic step function (pool adjacent
violators, blocks of at least MIN_BLOCK values, rates smoothed towards 0.5 by half a value each
way) and, with --write, stores it in odm_intake/config/calibration.toml. Rates under 99.5 %
are capped at 0.89: confidence >= 0.9 is kept for values right at least 99.5 % of the time.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from itertools import groupby
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from odm_intake.config.settings import Settings  # noqa: E402
from odm_intake.extractors import mail as mail_stage  # noqa: E402
from odm_intake.extractors.fields import calibration  # noqa: E402
from tests.fixtures import variety  # noqa: E402

MIN_BLOCK = 25
GREEN_ACCURACY = 0.995
MIN_GROUP = 40
OUT = ROOT / "odm_intake" / "config" / "calibration.toml"

_seen: list[tuple[str, str, float]] = []


def _recording(key, fv, scanned):
    if scanned and fv.source.startswith("attachment:"):
        _seen.append((key, calibration.group_of(key, fv), calibration.raw_score(fv)))
    return fv.confidence


def _init() -> None:
    import os

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    mail_stage._confidence = _recording


def _read(raw: bytes) -> tuple[str, list[dict], list[tuple[str, str, float]]]:
    _seen.clear()
    result = mail_stage.process_mail(raw, Settings(ocr_threads=1))
    return result.message_id, [d.fields for d in result.drafts], list(_seen)


def collect(count: int, seeds: list[int]) -> list[tuple[str, float, bool]]:
    """(group, raw score, right) for every value read from a scan."""
    rows: list[tuple[str, float, bool]] = []
    for seed in seeds:
        mails, truth = variety.build("dev", count, seed)
        expected = {t["message_id"]: t["fields"] for t in truth}
        with ProcessPoolExecutor(max_workers=2, initializer=_init) as pool:
            for message_id, drafts, seen in pool.map(_read, mails):
                fields = drafts[0] if drafts else {}
                for key, group, score in seen:
                    if key in expected[message_id]:
                        rows.append((group, score, fields.get(key) == expected[message_id][key]))
    return rows


def fit(points: list[tuple[float, bool]]) -> list[tuple[float, float]]:
    """Isotonic step function: [(lowest score of the block, share right)], increasing."""
    blocks: list[list[float]] = []  # [first score, right, count]
    # Values of one score start as one block: at run time they all get the same step, so a
    # block boundary between them would show the wrong ones the right ones' rate.
    for score, same in groupby(sorted(points), key=lambda point: point[0]):
        rights = [right for _, right in same]
        blocks.append([score, float(sum(rights)), float(len(rights))])
        # Merge while a block is too small or breaks the increasing order.
        while len(blocks) > 1 and (
            blocks[-2][2] < MIN_BLOCK or blocks[-1][1] / blocks[-1][2] <= blocks[-2][1] / blocks[-2][2]
        ):
            last = blocks.pop()
            blocks[-1][1] += last[1]
            blocks[-1][2] += last[2]
    if len(blocks) > 1 and blocks[-1][2] < MIN_BLOCK:
        last = blocks.pop()
        blocks[-1][1] += last[1]
        blocks[-1][2] += last[2]
    steps = [(0.0 if i == 0 else round(b[0], 3), round((b[1] + 0.5) / (b[2] + 1), 3)) for i, b in enumerate(blocks)]
    for i in range(1, len(steps)):  # keep it non-decreasing after smoothing
        steps[i] = (steps[i][0], max(steps[i][1], steps[i - 1][1]))
    # A green field (>= 0.9) must be right at least 99.5 % of the time: a value measured less
    # sure than that is shown below 0.9 (at most 0.89), so the CC looks at it.
    return [(bound, rate if rate >= GREEN_ACCURACY else min(rate, 0.89)) for bound, rate in steps]


def reliability(rows: list[tuple[str, float, bool]], label: str) -> None:
    buckets = ((0.95, "≥ 0.95"), (0.9, "0.90-0.95"), (0.8, "0.80-0.90"), (0.7, "0.70-0.80"), (0.5, "0.50-0.70"), (0.0, "< 0.50"))
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, score, right in rows:
        name = next(n for bound, n in buckets if score >= bound)
        tally[name][0] += right
        tally[name][1] += 1
    print(label)
    for _, name in buckets:
        if name in tally:
            r, n = tally[name]
            print(f"  {name:<10} {100 * r / n:6.2f} % ({r}/{n})")


def main() -> None:
    count = int(sys.argv[sys.argv.index("--count") + 1]) if "--count" in sys.argv else 60
    seeds = [int(s) for s in sys.argv[sys.argv.index("--seeds") + 1].split(",")] if "--seeds" in sys.argv else [2, 3, 4, 5, 6, 7]
    rows = collect(count, seeds)
    reliability(rows, f"raw scores of scanned values ({len(rows)} values, {count} mails x seeds {seeds})")
    by_group: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for group, score, right in rows:
        by_group[group].append((score, right))
        by_group["*." + group.split(".")[1]].append((score, right))
    print("per group: values, share right; at raw score >= 0.9")
    for group, points in sorted(by_group.items()):
        high = [r for sc, r in points if sc >= 0.9]
        print(f"  {group:<28} {len(points):4d} {100 * sum(r for _, r in points) / len(points):6.1f} %   "
              f"{len(high):4d} {100 * sum(high) / max(1, len(high)):6.1f} %")
    table = {group: fit(points) for group, points in sorted(by_group.items()) if len(points) >= MIN_GROUP}
    for group, points in sorted(by_group.items()):
        right = sum(r for _, r in points)
        if len(points) < MIN_GROUP and right < len(points):
            # Too few values for steps of its own, and some were wrong: the pooled table would
            # show them green with the well-read fields; this group stays below 0.9.
            table[group] = [(0.0, min(round((right + 0.5) / (len(points) + 1), 3), 0.89))]
    fitted = []
    for group, score, right in rows:
        steps = table.get(group) or table.get("*." + group.split(".")[1])
        fitted.append((group, max((rate for bound, rate in steps if score >= bound), default=score) if steps else score, right))
    reliability(fitted, "after calibration (same values: a fit, not a test; the held-out set is the test)")
    lines = [
        "# Scanned values: raw score → share right, per field and how it was found (label or other).",
        "# Written by bench/calibrate.py from generated development mails; do not edit by hand.",
        f"# {len(rows)} values, {count} mails x seeds {seeds}.",
        "[scan]",
    ]
    for group, steps in table.items():
        lines.append(f'"{group}" = [{", ".join(f"[{b}, {r}]" for b, r in steps)}]')
    if "--write" in sys.argv:
        OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"written: {OUT.relative_to(ROOT)}")
    else:
        print("\n".join(lines))


if __name__ == "__main__":
    main()
