"""Values a mail changes: a correction of the sender's earlier mail ("lire ... au lieu de ..."),
the insured's details lately changed, old against new ("Adresse : X → Y", a table "Ancien |
Nouveau"). Only the value now right is kept for the readers that follow."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.text import fold

# "lire 09102026 au lieu de 11102026", "est 07/10/2026 (un mercredi), et non 09/10/2026",
# "est 04.91.86.54.41 (et non 04.19.86.54.41)", "remplacer 24 rue X par 111 rue X".
_CORRECTIONS = (
    # A value may hold the "(0)" of a phone written internationally ("+33 (0)6 58 30 68 31").
    re.compile(r"\b(?:lire|est|sont|c'est)\s+(?P<new>(?:\(0\)|[^,;()])+?)\s*(?:\([^)]*\))?\s*,?\s*\(?\s*(?:au lieu de|et non(?: pas)?|à la place de)\s+(?P<old>(?:\(0\)|[^,;()])+?)\s*(?:\([^)]*\))?\s*(?:\)|,|;|\.?\s*$|\s+comme\b)", re.I),
    re.compile(r"\b(?:remplacer|corriger)\s+(?P<old>[^,;()]+?)\s+(?:par|en)\s+(?P<new>[^,;()]+?)\s*(?:[.,;]|$)", re.I),
)


def _alike(old: str, new: str) -> bool:
    """Two versions of one value: both with digits, a word in common, or spelt much alike."""
    if any(c.isdigit() for c in old) and any(c.isdigit() for c in new):
        return True
    if {w for w in fold(old).split() if len(w) >= 3} & {w for w in fold(new).split() if len(w) >= 3}:
        return True
    return SequenceMatcher(None, fold(old), fold(new)).ratio() >= 0.6


def apply_corrections(lines: list[str]) -> list[str]:
    """A sender correcting his earlier mail ("Rectificatif : la date du sinistre est 07/10/2026, et
    non 09/10/2026"): the wrong value is replaced by the right one in the other lines and the
    correction's line, which names both, is left out. When the wrong value is written nowhere
    else, the line keeps only what it says is right ("... la date du sinistre est 07/10/2026")."""
    out = list(lines)
    for index, line in enumerate(lines):
        m = next((m for pattern in _CORRECTIONS if (m := pattern.search(line))), None)
        if m is None:
            continue
        old, new = m.group("old").strip(), m.group("new").strip()
        if not old or old == new or not _alike(old, new):
            continue  # "le voisin est absent et non joignable": no value corrected
        elsewhere = [k for k, other in enumerate(out) if k != index and old in other]
        for k in elsewhere:
            out[k] = out[k].replace(old, new)
        out[index] = "" if elsewhere else line[: m.start()] + " " + new
    return out


# "- Adresse : 41 rue Gay-Lussac, 37400 Amboise → 73 bis cours Berriat, 11000 Carcassonne"
_CHANGED = re.compile(r"^(?P<label>\W*[^\W\d][^:→]{1,40}?)\s*:\s*(?P<old>\S[^→]*?)\s*(?:→|->|=>|⇒|➜|➔)\s*(?P<new>\S[^→]*)$")
_CELL_GAP = re.compile(r"\s{3,}|\t+")


def only_new_values(lines: list[str]) -> list[str]:
    """The insured's details as changed: "Label : old → new" lines, and the rows of a table headed
    "Ancien" and "Nouveau" ("Téléphone   0205546890   0339308445"), read as "Label : new"."""
    words = knowledge.vocabulary()["changed_values"]
    out = list(lines)
    order: tuple[int, int] | None = None  # the old and new columns of the table being read
    for index, line in enumerate(lines):
        cells = [c for c in _CELL_GAP.split(line.strip()) if c]
        heads = [fold(c) for c in cells]
        if len(heads) == 2 and any(h in words["old"] for h in heads) and any(h in words["new"] for h in heads):
            order = (0, 1) if heads[0] in words["old"] else (1, 0)
            out[index] = ""
            continue
        if order is not None:
            if not line.strip():
                continue  # a table's rows, once out of HTML, may stand apart
            if len(cells) == 3:
                out[index] = f"{cells[0]} : {cells[1 + order[1]]}"
                continue
            order = None
        m = _CHANGED.match(line.rstrip())
        if m and not knowledge.starts_with_label(m.group("new")):  # "62100 → code postal" notes what it is
            out[index] = f"{m.group('label')} : {m.group('new')}"
    return out
