"""Checkbox lists on forms: "[ ] Maison [X] Appartement", "Maison ☐ Appartement ☒", "☒ Oui ☐ Non"."""

from __future__ import annotations

import re
from functools import lru_cache

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.text import fold
from odm_intake.extractors.words import TICKED, UNTICKED


@lru_cache(maxsize=1)
def _marker_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    table = knowledge.vocabulary()["checkbox"]
    bracketed_ticked = [m for m in table["ticked"] if len(m) > 1]
    single_ticked = [m for m in table["ticked"] if len(m) == 1 and not m.isalpha()]
    ticked = "|".join(
        [r"[\[(]\s*[xX✓✔✗✘■]\s*[\])]"] + [re.escape(m) for m in bracketed_ticked] + [re.escape(m) for m in single_ticked]
    )
    unticked = "|".join([r"[\[(]\s*_?\s*[\])]"] + [re.escape(m) for m in table["unticked"]])
    return re.compile(ticked), re.compile(unticked)


# Typed boxes "[X]" / "[ ]" as OCR reads them: "FX}", "{XI}", "IX]", "!{ 1", "{ j", "{I".
_BRACKETS = r"\[\]\{\}\(\)|!¡"
_SCANNED_TICKED = re.compile(rf"(?<!\S)[{_BRACKETS}FIl1]?\s?[{_BRACKETS}]?[xX×]+[{_BRACKETS}Il1]*[{_BRACKETS}](?!\S)|(?<!\S)[{_BRACKETS}][xX×]+(?!\S)")
_SCANNED_UNTICKED = re.compile(rf"(?<!\S)[{_BRACKETS}][{_BRACKETS}Il1jJ_ ]{{0,3}}[{_BRACKETS}Il1jJ](?!\S)|(?<!\S)[{_BRACKETS}]{{1,2}}(?!\S)")

# A bracketed cross glued to its option by the scan: "{X}tocataire".
_GLUED_TICKED = re.compile(rf"(?<!\S)[{_BRACKETS}][xX×][{_BRACKETS}](?=[A-Za-zÀ-ÿ])")


def parse_options(text: str, per_option_yes_no: bool = True) -> list[tuple[str, bool]] | None:
    """The options of a checkbox list with whether each is ticked; None when the text has no boxes.
    ``per_option_yes_no``: "Maison Oui ☒ Non ☐" is the option Maison, ticked (not for a Yes/No
    question, whose own Oui/Non are the options)."""
    parsed = _parse(text)
    if not parsed:
        return None
    return _yes_no_per_option(parsed[0]) if per_option_yes_no else parsed[0]


def boxes_follow_options(text: str) -> bool:
    """True for "Maison ☒ Appartement ☐" (box after its option), False for "☒ Maison"."""
    parsed = _parse(text)
    return bool(parsed and parsed[1])


def box_at_an_end(text: str) -> bool:
    """Whether the list starts or ends with a box, which tells whether boxes stand before or after
    their options; a single tick inside a list of options without boxes does not."""
    marked = _marked(text)
    return marked[:1] in (TICKED, UNTICKED) or marked[-1:] in (TICKED, UNTICKED)


def _marked(text: str) -> str:
    """The text with every box or tick mark written as ☒ or ☐, stripped."""
    ticked_re, unticked_re = _marker_patterns()
    text = _GLUED_TICKED.sub(f" {TICKED} ", text)
    text = _SCANNED_TICKED.sub(f" {TICKED} ", text)
    text = _SCANNED_UNTICKED.sub(f" {UNTICKED} ", text)
    marked = ticked_re.sub(f" {TICKED} ", text)
    return unticked_re.sub(f" {UNTICKED} ", marked).strip()


def _parse(text: str) -> tuple[list[tuple[str, bool]], bool] | None:
    marked = _marked(text)
    if TICKED not in marked and UNTICKED not in marked:
        return None
    # A lone X between options is a ticked box too, once the list is known to have boxes.
    marked = re.sub(r"(?<!\S)[xX](?!\S)", f" {TICKED} ", marked)
    parts = [p.strip() for p in re.split(f"([{TICKED}{UNTICKED}])", marked)]
    parts = [p for p in parts if p]
    if not parts:
        return None
    options: list[tuple[str, bool]] = []
    follow = _boxes_follow(parts)
    # The glyph a scan left of a box at the list's open end is that box, state unknown: unticked.
    if follow and parts[-1] not in (TICKED, UNTICKED) and _is_glyph(parts[-1].split()[-1]):
        parts[-1:] = [" ".join(parts[-1].split()[:-1]), UNTICKED]
    elif not follow and parts[0] not in (TICKED, UNTICKED) and _is_glyph(parts[0].split()[0]):
        parts[:1] = [UNTICKED, " ".join(parts[0].split()[1:])]
    parts = [p for p in parts if p]
    if not follow:
        # Boxes before their option.
        for i, p in enumerate(parts):
            if p in (TICKED, UNTICKED) and i + 1 < len(parts) and parts[i + 1] not in (TICKED, UNTICKED):
                options.append((parts[i + 1], p == TICKED))
    else:
        # Boxes after their option.
        for i, p in enumerate(parts):
            if p not in (TICKED, UNTICKED) and i + 1 < len(parts) and parts[i + 1] in (TICKED, UNTICKED):
                options.append((p, parts[i + 1] == TICKED))
    return (options, follow) if options else None


def _yes_no_per_option(options: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """A table with a Oui and a Non box per option ("Maison Oui ☒ Non ☐ Appartement Oui ☐ Non
    ☒") reads as pairs ("Maison Oui", ☒), ("Non", ☐): each pair is its option, chosen when its
    Oui is ticked."""
    if len(options) < 2 or len(options) % 2:
        return options
    pairs = list(zip(options[::2], options[1::2]))
    if not all(re.fullmatch(r".+\s+oui", fold(yes)) and fold(no) == "non" for (yes, _), (no, _) in pairs):
        return options
    return [(yes.rsplit(None, 1)[0], ticked) for (yes, ticked), _ in pairs]


def _boxes_follow(parts: list[str]) -> bool:
    """Whether boxes come after their options. A list starting with a box has them first, one
    ending with a box after. When a scan lost the box at either end, the glyph left in its
    place (":1", "? I": at most one letter) tells which end it was."""
    boxes = (TICKED, UNTICKED)
    if parts[0] in boxes:
        return False
    if parts[-1] in boxes:
        return True
    if parts[0][:1].islower() and parts[-1][:1].isupper():
        return False  # options are capitalised: "à envoyer ☐ Plomberie ☒ Vitrerie" ends the label first
    first, last = parts[0].split()[0], parts[-1].split()[-1]
    if first[:1] in "[({|" and first[1:].isalpha() and not (last[-1:] in "])}|" and last[:-1].isalpha()):
        return False  # a box's side glued before the first option: "[Propriétaire occupant ☒ ..."
    return not (_is_glyph(first) and not _is_glyph(last))


def _is_glyph(token: str) -> bool:
    return sum(c.isalpha() for c in token) <= 1 and not token.isalnum()


def ticked_text(text: str) -> str | None:
    """The ticked options joined, "" when the list has boxes but none ticked, None without boxes."""
    options = parse_options(text)
    if options is None:
        return None
    return " ".join(label for label, ticked in options if ticked)
