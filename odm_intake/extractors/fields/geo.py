"""French postal codes and communes (reference data from ``codes-postaux``), to check and
correct what was read: an OCRed city against the communes of its postcode, an OCRed postcode
against the city it names.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

from odm_intake.extractors.text import fold


@dataclass(frozen=True, slots=True)
class Place:
    postal_code: str
    city: str
    score: float  # 1.0: as read and confirmed; lower: corrected or fuzzy


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """postcode → communes, folded commune name → postcodes."""
    path = resources.files("odm_intake") / "config" / "data" / "postal_codes.tsv.gz"
    by_code: dict[str, list[str]] = defaultdict(list)
    by_name: dict[str, list[str]] = defaultdict(list)
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            code, name = line.rstrip("\n").split("\t")
            by_code[code].append(name)
            by_name[fold(name)].append(code)
    return dict(by_code), dict(by_name)


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, fold(a), fold(b)).ratio()


def check_place(postal_code: str | None, city: str | None, scanned: bool = False) -> Place | None:
    """The (postcode, city) pair as the reference knows it, or None when nothing fits.

    - postcode known and city one of its communes (case, accents, hyphens aside): as read, 1.0;
    - postcode known and city close to one of its communes (a misread): the commune, < 1;
    - postcode known, city missing and the postcode has a single commune: that commune;
    - city known and the postcode one slip away from one of the city's postcodes: corrected.
    """
    by_code, by_name = _tables()
    if postal_code and postal_code in by_code:
        communes = by_code[postal_code]
        if city:
            folded = fold(city)
            for commune in communes:
                if fold(commune) == folded:
                    # Typed text keeps the city as written; a scan gets the official spelling.
                    return Place(postal_code, commune if scanned else city, 1.0)
            for commune in communes:
                if folded.startswith(fold(commune) + " "):
                    # The city ran on into the next column ("Vouillé-les-Marais Prestation"):
                    # the commune's words only.
                    return Place(postal_code, commune if scanned else " ".join(city.split()[: len(commune.split())]), 0.9)
            best = max(communes, key=lambda c: _similarity(c, city))
            score = _similarity(best, city)
            if score >= 0.75:
                return Place(postal_code, best, round(0.6 + 0.3 * score, 3))
        elif len(communes) == 1:
            return Place(postal_code, communes[0], 0.8)
    if city:
        candidates = by_name.get(fold(city), [])
        if postal_code:
            close = [c for c in candidates if _one_digit_off(c, postal_code)]
            if len(close) == 1:
                return Place(close[0], _spelling(close[0], city, scanned), 0.75)
            # Both misread: a postcode one digit away whose commune looks like the city.
            scored = []
            for code in _one_digit_variants(postal_code):
                for commune in by_code.get(code, []):
                    scored.append((_similarity(commune, city), code, commune))
            good = sorted((s for s in scored if s[0] >= 0.75), reverse=True)
            if good and (len(good) == 1 or good[0][0] - good[1][0] > 0.1):
                score, code, commune = good[0]
                return Place(code, commune, round(0.5 + 0.3 * score, 3))
        elif len(candidates) == 1:
            return Place(candidates[0], _spelling(candidates[0], city, scanned), 0.7)
    return None


def _spelling(postal_code: str, city: str, scanned: bool) -> str:
    """The city as written, or on a scan as the reference spells it ("Taix" read, "Taïx")."""
    if not scanned:
        return city
    return next((c for c in _tables()[0].get(postal_code, []) if fold(c) == fold(city)), city)


def find_place_in_text(postal_code: str, text: str) -> Place | None:
    """A commune of the postcode (or, for a misread postcode, of a postcode one digit away)
    written somewhere in the text, however badly: for forms whose city box was not read."""
    by_code = _tables()[0]
    lines = [fold(line).split() for line in text.splitlines()]
    if postal_code in by_code:
        found = _best_commune([postal_code], lines)
        if found and found[0] >= 0.78:
            return Place(found[1], found[2], round(0.4 + 0.4 * found[0], 3))
    found = _best_commune([c for c in _one_digit_variants(postal_code) if c in by_code], lines)
    # A misread postcode as well: demand a closer match, many more communes compete.
    if found and found[0] >= 0.85:
        return Place(found[1], found[2], round(0.3 + 0.4 * found[0], 3))
    return None


def _best_commune(codes: list[str], lines: list[list[str]]) -> tuple[float, str, str] | None:
    by_code = _tables()[0]
    best: tuple[float, str, str] | None = None
    for code in codes:
        for commune in by_code[code]:
            target = fold(commune)
            size = len(target.split())
            for words in lines:
                for n in (size - 1, size, size + 1):
                    if n < 1:
                        continue
                    for i in range(0, max(1, len(words) - n + 1)):
                        score = SequenceMatcher(None, " ".join(words[i : i + n]), target).ratio()
                        if best is None or score > best[0]:
                            best = (score, code, commune)
    return best


def _one_digit_variants(postal_code: str) -> list[str]:
    if len(postal_code) != 5 or not postal_code.isdigit():
        return []
    return [postal_code[:i] + d + postal_code[i + 1 :] for i in range(5) for d in "0123456789" if d != postal_code[i]]


def _one_digit_off(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1
