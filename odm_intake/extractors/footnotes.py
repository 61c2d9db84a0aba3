"""A letter's footnotes, read where they are called.

A broker pastes a letter from a word processor with its notes: "survenu le 18 octobre 2026,
un dimanche¹", "contrat MRH:AZ:7389323³", "joignable au 03.35.37.99.30(3)", and under a rule
at the end "³ Contrat en vigueur", "⁴ Autre numéro : 02 94 08 02 29". The call marks are no part
of the values they follow (a superscript read as a digit makes a phone or a contract number
wrong), and the notes, below the signature, still belong to the mission: each note goes on a
line of its own after the line that calls it, or in its place when the call stands inside an
enumeration ("Remparts Nord(2), 92410 ...": an address and its complement).
"""

from __future__ import annotations

import re

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# "¹ text", "(1) text", "[1] text" at the start of a line.
_NOTE = re.compile(r"^\s*(?:(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})|\((?P<paren>\d{1,2})\)|\[(?P<bracket>\d{1,2})\])\s*(?P<text>\S.*)$")
# A call glued to the word or number it annotates: "dimanche¹", "4366109(2)", "loggia[2]".
_CALL = re.compile(r"(?<=[^\s(\[])(?:(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})|\((?P<paren>\d{1,2})\)|\[(?P<bracket>\d{1,2})\])")
_RULE = re.compile(r"^\s*([_=*~-])\1{4,}\s*$")
_MIN_NOTES = 2


def inline(text: str) -> str:
    """The text with its call marks taken off and each note written after the line calling it;
    a text whose notes are not called as it is."""
    lines = text.split("\n")
    notes: dict[int, str] = {}
    at: list[int] = []
    for i, line in enumerate(lines):
        if m := _NOTE.match(line):
            notes[_number(m)] = m["text"].strip()
            at.append(i)
    if len(notes) < _MIN_NOTES:
        return text
    if not any(_numbers(m, notes) for line in lines for m in _CALL.finditer(line)):
        return text  # a numbered list ("(1) Annulation ..."), no notes
    dropped = set(at)
    above = at[0] - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    if above >= 0 and _RULE.match(lines[above]):
        dropped.add(above)  # the rule over the notes
    out: list[str] = []
    for i, line in enumerate(lines):
        if i in dropped:
            continue
        after: list[int] = []

        def placed(m: re.Match[str]) -> str:
            called = _numbers(m, notes)
            if called and line[m.end() : m.end() + 1] == ",":
                # Inside an enumeration ("... Remparts Nord(2), 92410 Ville-d'Avray"): the note in its place.
                return "".join(f", {notes[n].rstrip('.')}" for n in called)
            after.extend(called)
            return "" if called else m[0]

        out.append(_CALL.sub(placed, line))
        out.extend(notes[n] for n in after)
    return "\n".join(out)


def _number(m: re.Match[str]) -> int:
    return int((m["sup"] or "").translate(_SUPERSCRIPTS) or m["paren"] or m["bracket"])


def _numbers(m: re.Match[str], notes: dict[int, str]) -> list[int]:
    """The notes a call mark calls: "⁴⁵" calls notes 4 and 5 unless there is a note 45."""
    number = _number(m)
    if number in notes:
        return [number]
    if m["sup"] and len(m["sup"]) > 1:
        each = [int(c.translate(_SUPERSCRIPTS)) for c in m["sup"]]
        if all(n in notes for n in each):
            return each
    return []
