"""Text folding for matching: case, accents and punctuation do not count."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, no accents, punctuation as single spaces: ``"N° Sinistre :"`` → ``"n sinistre"``."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("’", "'")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", stripped).strip()


def fold_tokens(text: str) -> list[str]:
    folded = fold(text)
    return folded.split() if folded else []


def squash(text: str) -> str:
    """Collapse runs of white space."""
    return " ".join(text.split())
