"""Honest confidences for values read from scans.

A scanned value's raw confidence blends how it was found (a label, a sentence, a repair) with
how sure OCR was of its words. What that is worth was measured on generated faxes and photos
(``bench/calibrate.py``, on ``tests/fixtures/variety.py`` mails): per field, the raw confidence is
mapped to the share of values that were right, kept in ``config/calibration.toml``. Values
typed in a body or a PDF text layer keep their confidence: they were measured right already.
"""

from __future__ import annotations

import tomllib
from bisect import bisect_right
from functools import lru_cache
from importlib import resources

from odm_intake.extractors.fields.evidence import FieldValue


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[tuple[float, ...], tuple[float, ...]]]:
    path = resources.files("odm_intake") / "config" / "calibration.toml"
    if not path.is_file():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {group: (tuple(p[0] for p in points), tuple(p[1] for p in points)) for group, points in data.get("scan", {}).items()}


def raw_score(fv: FieldValue) -> float:
    """What the calibration is fitted on: the raw confidence, lowered to the OCR's doubt about
    the least sure word of the value when that is lower."""
    if fv.ocr_conf is None:
        return fv.confidence
    return min(fv.confidence, 0.5 + 0.5 * fv.ocr_conf)


def group_of(key: str, fv: FieldValue) -> str:
    return f"{key}.{'label' if fv.method == 'label' else 'other'}"


# A raw score this low was lowered on purpose (a repaired or corrected value, a stray glyph
# before a number, a word OCR barely read): whatever development layouts measured, such a value
# is never shown as sure (below 0.9), so the CC checks it.
DOUBTED = 0.7
UNSURE_CEILING = 0.89


def calibrated(key: str, fv: FieldValue) -> float:
    """The measured share of right values for a scanned value like this one."""
    score = raw_score(fv)
    table = _table()
    steps = table.get(group_of(key, fv)) or table.get(f"*.{'label' if fv.method == 'label' else 'other'}")
    if not steps:
        return score
    bounds, rates = steps
    rate = rates[max(0, bisect_right(bounds, score) - 1)]
    return min(rate, UNSURE_CEILING) if score < DOUBTED else rate
