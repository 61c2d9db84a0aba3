"""Text a phone's speech engine wrote: punctuation said aloud, numbers in words.

A broker dictating a mission says "virgule", "deux points", "à la ligne"; when the engine
misses them they stay as words ("madame Khadija Herrero virgule domiciliée au 88 boulevard
des Remparts virgule 88200 Remiremont point"). A phone number said aloud comes as words too
("zéro deux soixante-dix-neuf quatre-vingt-treize ..."), in dictated mails and others.
"""

from __future__ import annotations

import re

# Said punctuation, longest first: "point à la ligne" before "point" and "à la ligne".
_SAID = (
    (r"point d'interrogation", "?"),
    (r"point d'exclamation", "!"),
    (r"point à la ligne", ".\n"),
    (r"deux points", ":"),
    (r"point-virgule", ";"),
    (r"à la ligne", "\n"),
    (r"ouvrez la parenthèse", "("),
    (r"fermez la parenthèse", ")"),
    (r"virgule", ","),
    (r"point", "."),
)
_SAID_RE = re.compile(r"\s*\b(" + "|".join(pattern for pattern, _ in _SAID) + r")\b(?!['’-])[ \t]*", re.I)
_SAID_SIGNS = {pattern: sign for pattern, sign in _SAID}
_SPACED = {"\n": "\n", ".\n": ".\n", "(": " ("}  # how a sign stands between its words, when not "sign "
# What makes a mail dictated: punctuation said aloud at least twice.
_TELLING = re.compile(r"\b(virgule|deux points|à la ligne|point d'interrogation|ouvrez la parenthèse)\b", re.I)
# An address said aloud: "berthiot point famille arobase online point de".
_SAID_EMAIL = re.compile(r"\b([\w-]+(?: (?:point|tiret|tiret du bas|underscore) [\w-]+)*) arobase ([\w-]+(?: (?:point|tiret) [\w-]+)*? point [a-z]{2,6})(?= point\b| virgule\b|[\s.,;]|$)", re.I)
_SAID_SIGNS_IN_EMAIL = ((" tiret du bas ", "_"), (" underscore ", "_"), (" tiret ", "-"), (" point ", "."))

_UNITS = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
}
_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_NUMBER_WORD = r"(?:z[ée]ro|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante)"
_NUMBER_RUN = re.compile(rf"\b{_NUMBER_WORD}(?:(?:\s+|-)(?:et(?:\s+|-))?{_NUMBER_WORD})+\b", re.I)


def as_written(text: str) -> str:
    """The text with phone numbers said in words as digits, and, when it reads as dictated,
    its said punctuation as signs."""
    text = _NUMBER_RUN.sub(_phone_in_words, text)
    if len(_TELLING.findall(text)) < 2:
        return text
    text = _SAID_EMAIL.sub(lambda m: f"{_spelt(m.group(1))}@{_spelt(m.group(2))}", text)
    return _SAID_RE.sub(lambda m: _SPACED.get(_SAID_SIGNS[m.group(1).lower()], _SAID_SIGNS[m.group(1).lower()] + " "), text)


def _spelt(said: str) -> str:
    for word, sign in _SAID_SIGNS_IN_EMAIL:
        said = said.replace(word, sign)
    return said


def _phone_in_words(m: re.Match[str]) -> str:
    """"zéro deux soixante-dix-neuf quatre-vingt-treize zéro sept soixante et un" → "02 79 93
    07 61"; any other run of number words is left as written."""
    digits = _digits(m.group(0).lower().replace("é", "e"))
    if digits is None or not re.fullmatch(r"0[1-9]\d{8}", digits):
        return m.group(0)
    return " ".join(digits[k : k + 2] for k in range(0, 10, 2))


def _digits(said: str) -> str | None:
    """The digits the number words say, each number as written (1 → "1", 79 → "79"). A number's
    words are joined by hyphens, or by "et" ("soixante et un"): "soixante quatre-vingt-seize"
    is 60 then 96."""
    numbers = re.sub(r"\s+et\s+", "-et-", said.strip()).split()
    out = ""
    for number in numbers:
        words = [w for w in number.split("-") if w != "et"]
        value, end = _number(words, 0)
        if value is None or end != len(words):
            return None
        out += str(value)
    return out


def _number(words: list[str], i: int) -> tuple[int | None, int]:
    """A number from 0 to 99 starting at ``words[i]``, and the index after it."""
    word = words[i]
    if word == "quatre" and i + 1 < len(words) and words[i + 1] in ("vingt", "vingts"):
        rest, after = _below_twenty(words, i + 2, tail=True)
        return (80, i + 2) if rest is None else (80 + rest, after)
    if word in _TENS:
        i += 1
        if i < len(words) and words[i] == "et":
            i += 1
        rest, after = _below_twenty(words, i, tail=True)
        if rest is not None and (rest < 10 or word == "soixante"):
            return _TENS[word] + rest, after
        return _TENS[word], i
    return _below_twenty(words, i)


def _below_twenty(words: list[str], i: int, tail: bool = False) -> tuple[int | None, int]:
    """A number from 0 to 19 (``tail``: 1 to 19, after a ten: "soixante-dix-neuf")."""
    if i >= len(words) or words[i] not in _UNITS or tail and words[i] == "zero":
        return None, i
    value = _UNITS[words[i]]
    if value == 10 and i + 1 < len(words) and words[i + 1] in ("sept", "huit", "neuf"):
        return 10 + _UNITS[words[i + 1]], i + 2
    return value, i + 1
