"""Column heads set sideways over a table, from a PDF's text layer.

A spreadsheet export prints narrow columns under heads turned a quarter ("NUM_SINISTRE",
"CP_RISQUE" running up the head band). A lone sideways word is a margin title and is left out;
a row of them over a table is the table's heads. Each is kept with its column, bounded by the
table's rules, for the form reader to take the cells under it (fields/form.py).
"""

from __future__ import annotations

from odm_intake.extractors.words import Box

MIN_HEADS = 3  # sideways words on one baseline: fewer are margin titles
_SAME_BASE = 2.0  # points between the bottoms of a row's heads


def sideways_heads(raw_words: list[dict], page) -> list[tuple[str, Box]]:
    """The rows of sideways heads among pdfplumber's words of ``page``: (text as read, column)."""
    sideways = sorted((w for w in raw_words if not w.get("upright", True) and w["text"].strip()), key=lambda w: w["bottom"])
    rows: list[list[dict]] = []
    for w in sideways:
        if rows and abs(rows[-1][-1]["bottom"] - w["bottom"]) <= _SAME_BASE:
            rows[-1].append(w)
        else:
            rows.append([w])
    rows = [row for row in rows if len(row) >= MIN_HEADS]
    if not rows:
        return []
    edges = [e for e in page.edges if e["orientation"] == "v"]
    heads: list[tuple[str, Box]] = []
    for row in rows:
        bottom = max(w["bottom"] for w in row)
        middle = (min(w["top"] for w in row) + bottom) / 2
        rules = sorted(e["x0"] for e in edges if e["top"] <= middle <= e["bottom"])  # this table's rules
        for w in sorted(row, key=lambda w: w["x0"]):
            text = w["text"][::-1] if _reads_upwards(page, w) else w["text"]
            left = max((x for x in rules if x <= w["x0"]), default=w["x0"])
            right = min((x for x in rules if x >= w["x1"]), default=w["x1"])
            heads.append((text, Box(left, w["top"], right, bottom)))
    return heads


def _reads_upwards(page, word: dict) -> bool:
    """Text turned anticlockwise reads bottom to top: pdfplumber gives its letters top down."""
    for char in page.chars:
        inside = word["x0"] - 0.5 <= char["x0"] and char["x1"] <= word["x1"] + 0.5 and word["top"] - 0.5 <= char["top"] <= word["bottom"]
        if inside and not char.get("upright", True):
            return char["matrix"][1] > 0
    return False
