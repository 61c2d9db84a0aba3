"""Tables and lists in a mail's text, rewritten as the "Label : value" lines a form has.

Shapes brokers paste:
- a spreadsheet's rows with their headings (tab-separated), or a tool's plain-text table under
  a rule of dashes: each row's values are written after their headings;
- a table of parties, one column of labels and one column a party ("Partie A", "Partie B",
  "Assuré", "Tiers"): the mission is one party's, the one the table or the mail says it is
  for, and only that party's column is kept. When nothing says which, the table is left as
  it is (the form reader then reads it at a lower confidence, see ``form.LabelHit.split``);
- a list or a table of people to contact (the insured, a tenant, a neighbour): when one item
  or one row is the insured's, the others are dropped.

The HTML reader finds the same shapes in ``<table>`` cells and uses ``heading_lines`` and
``party_lines`` too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.fields.values import normalize_civility
from odm_intake.extractors.text import fold

_TAB_CELLS = 4  # a line with this many tab-separated cells is a spreadsheet row
_ALIGNED_GAP = re.compile(r" {3,}")
_RULE_LINE = re.compile(r"^[\s\-=_|+:.]*$")
_CLAUSE_END = re.compile(r"[.;!?\n]")


@dataclass
class Table:
    headings: list[str]  # one a column of values (the label column's heading left out)
    rows: list[tuple[str, list[str]]]  # (label, one value a column, lines joined by "\n")


def rewrite(text: str) -> str:
    """The text with its spreadsheet rows and tables of parties written as labelled lines, and
    its lists of people to contact cut down to the insured's item."""
    lines = _insureds_item_only(labels_then_values(text).splitlines())
    out: list[str] = []
    i = 0
    while i < len(lines):
        found = _tab_rows(lines, i) or _ruled_rows(lines, i) or _piped_rows(lines, i) or _aligned_table(lines, i)
        if found is None:
            out.append(lines[i])
            i += 1
            continue
        end, written = found
        rewritten = written(text)
        if rewritten is None:
            out.extend(lines[i:end])
        else:
            out.extend(["", *rewritten, ""])
        i = end
    return "\n".join(out)


_MORE_VALUE_LINES = 3  # a value may wrap onto a few more lines (the circumstances)


def labels_then_values(text: str) -> str:
    """A form copied from a PDF viewer, each box's labels first and then its values in the same
    order ("Civilité / Nom / Prénom" over "Mme / Perruchot / Maryse"), written as labelled
    lines; lines beyond as many values as labels go on with the last value."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_label_line(lines[j]):
            j += 1
        end = j
        while end < len(lines) and lines[end].strip() and not _is_label_line(lines[end]) and "=" not in lines[end]:
            end += 1
        labels, values = [line.strip() for line in lines[i:j]], [line.strip() for line in lines[j:end]]
        if len(labels) >= 2 and len(labels) <= len(values) <= len(labels) + _MORE_VALUE_LINES:
            values[len(labels) - 1 :] = [" ".join(values[len(labels) - 1 :])]
            out.extend(f"{label} : {value}" for label, value in zip(labels, values))
            i = end
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def _is_label_line(line: str) -> bool:
    """A caption alone on its line, as a viewer copies it: no colon, no "key = value"."""
    return bool(line.strip()) and len(line) < 60 and not re.search(r"[:=]", line) and knowledge.is_label_run(line)


_ITEM = re.compile(r"^\s*[*•\-–·]\s+([^:\n]{2,60}?)\s*:\s*(\S+)")


def _insureds_item_only(lines: list[str]) -> list[str]:
    """Lines with a list of people ("* Role : name", its details indented below) cut down to
    the insured's item, when exactly one item is his."""
    items: list[tuple[int, int, str]] = []  # (first line, end, folded role)
    i = 0
    while i < len(lines):
        m = _ITEM.match(lines[i])
        if not m:
            i += 1
            continue
        end = i + 1
        while end < len(lines) and lines[end].strip() and lines[end][:1] in (" ", "\t") and not _ITEM.match(lines[end]):
            end += 1
        items.append((i, end, fold(m.group(1))))
        i = end
    insured = [item for item in items if _is_insureds(item[2])]
    people = all(normalize_civility(_ITEM.match(lines[start]).group(2).rstrip(".")) for start, _, _ in items)
    if len(items) < 2 or len(insured) != 1 or not people:
        return lines  # no list of people (each item a civility and a name), or not the insured's
    dropped = {k for item in items if item is not insured[0] for k in range(item[0], item[1])}
    return [line for k, line in enumerate(lines) if k not in dropped]


def _is_insureds(folded_role: str) -> bool:
    """A role that is the insured's ("Assuré", "Notre cliente"), not a relative's ("Fils de l'assuré")."""
    return any(p.match(folded_role) for p in knowledge.patterns("roles", "insured"))


def heading_lines(headings: list[str], rows: list[list[str]], context: str = "") -> list[str]:
    """Rows of values under their headings, as "Heading : value" lines, a blank line between
    rows. A table of people with one row the insured's ("Qui : Assuré") keeps that row only;
    so does a table whose row the mail (``context``) or a selection column picks."""
    insured = [row for row in rows if any(_is_insureds(fold(cell)) for cell in row)]
    if len(rows) > 1 and len(insured) == 1:
        rows = insured
    current = [row for row in rows if not _set_aside(headings, row)]
    if len(rows) > 1 and current:
        rows = current  # a client's claims and contracts: the closed ones and other insurers' are no mission
    rows = _picked(headings, rows, context) or _selected(headings, rows)
    lines: list[str] = []
    for row in rows:
        if lines:
            lines.append("")
        lines.extend(f"{h} : {v}" for h, v in zip(headings, row) if h and v.strip() and not _selection_heading(h))
    return lines


def _selection_heading(heading: str) -> bool:
    return fold(heading) in knowledge.vocabulary()["selection_column"]["headings"]


def _selected(headings: list[str], rows: list[list[str]]) -> list[list[str]]:
    """The one row a selection column marks ("A missionner": an X), or all of them."""
    column = next((k for k, h in enumerate(headings) if _selection_heading(h)), None)
    if column is None:
        return rows
    marked = [row for row in rows if column < len(row) and fold(row[column]) in ("x", "oui", "yes", "1") or column < len(row) and row[column].strip() in knowledge.tick_marks()]
    return marked if len(marked) == 1 else rows


# "merci de ne prendre que la ligne « Statut = À missionner »": the row to act on, by a column's value.
_PICKED_ROW = re.compile(r"\blignes?\s*(?:o[uù]\s*)?[«\"“']\s*([^=«»\"“”\n]{2,40}?)\s*[=:]\s*([^«»\"“”\n]{1,40}?)\s*[»\"”']")


def _picked(headings: list[str], rows: list[list[str]], context: str) -> list[list[str]]:
    """The rows the mail says to take, by a heading and a value; none when it says nothing."""
    folded = [fold(h) for h in headings]
    for m in _PICKED_ROW.finditer(context):
        heading, value = fold(m.group(1)), fold(m.group(2))
        if heading in folded:
            k = folded.index(heading)
            return [row for row in rows if k < len(row) and fold(row[k]) == value]
    return []


def party_lines(table: Table, context: str) -> list[str] | None:
    """The mission party's column as "Label : value" lines, or None when nothing tells which
    column is the mission's. ``context`` is the whole mail's text (its sentences may say)."""
    party = _mission_party(table, context)
    if party is None:
        return None
    lines: list[str] = []
    for label, values in table.rows:
        value = values[party].strip() if party < len(values) else ""
        if label and value:
            first, *more = value.split("\n")
            lines.append(f"{label} : {first}")
            lines.extend(more)
    return lines


def _mission_party(table: Table, context: str) -> int | None:
    """The column the mission is for: the one whose cells or whose mentions in the mail say
    it is ours ("mission à ouvrir", "notre client", insured by Allianz), against those that
    say it is another's (a neighbour, "ne pas contacter", another insurer)."""
    ours = knowledge.patterns("roles", "mission_party")
    others = knowledge.patterns("roles", "third_party") + knowledge.patterns("roles", "not_to_contact")
    scores = [0] * len(table.headings)
    for j, heading in enumerate(table.headings):
        cells = fold(" ".join(values[j] for _, values in table.rows if j < len(values)))
        scores[j] += 3 * any(p.search(cells) for p in ours) - 2 * any(p.search(cells) for p in others)
        insurer = next((fold(values[j]) for label, values in table.rows if j < len(values) and _is_insurer_label(label)), "")
        if insurer:
            scores[j] += 2 if "allianz" in insurer else -1
        for clause in _clauses_naming(context, heading, _name_cell(table, j)):
            scores[j] += 3 * any(p.search(clause) for p in ours) - 2 * any(p.search(clause) for p in others)
    best = max(range(len(scores)), key=scores.__getitem__)
    runner_up = max((s for j, s in enumerate(scores) if j != best), default=0)
    return best if scores[best] >= 2 and scores[best] - runner_up >= 2 else None


def _is_insurer_label(label: str) -> bool:
    return re.match(r"(assureur|compagnie|cie)\b", fold(label)) is not None


def _name_cell(table: Table, column: int) -> str:
    """The party's surname as the table writes it (its longest capitalised word), to find the
    party in the mail's sentences."""
    for label, values in table.rows:
        if re.match(r"(nom|identite|assure|partie)\b", fold(label)) and column < len(values):
            words = re.findall(r"\b[A-ZÀ-Ý][A-ZÀ-Ý'\-]{2,}\b", values[column])
            if words:
                return max(words, key=len)
    return ""


def _clauses_naming(context: str, heading: str, name: str) -> list[str]:
    """The mail's clauses (folded) that mention a column by its heading or its party's name."""
    marks = [re.escape(fold(heading))] + ([re.escape(fold(name))] if name else [])
    mention = re.compile(r"\b(" + "|".join(marks) + r")\b")
    clauses = (fold(c) for c in _CLAUSE_END.split(context))
    return [c for c in clauses if mention.search(c)]


def _tab_rows(lines: list[str], start: int):
    """Tab-separated rows from ``start``: (end, writer) or None. The first row holds the headings."""
    end = start
    while end < len(lines) and lines[end].count("\t") >= _TAB_CELLS - 1:
        end += 1
    if end - start < 2:
        return None
    cells = [[c.strip() for c in line.split("\t")] for line in lines[start:end]]
    if not cells[0][0]:
        # An empty corner: headings across, labels down, one column a party.
        table = Table(cells[0][1:], [(row[0], row[1:]) for row in cells[1:]])
        return end, lambda context: party_lines(table, context)
    if _label_share(cells[0]) < 0.5 or max(_label_share(row) for row in cells[1:]) >= 0.25:
        # Not headings over values: labels and values side by side ("Police | AZ1 | CP | 75011"),
        # which the form reader reads as they are.
        return end, lambda _context: None
    return end, lambda context: heading_lines(cells[0], cells[1:], context)


def _set_aside(headings: list[str], row: list[str]) -> bool:
    """A row of a client's record that is no mission: its status closes it ("Clos", "Classé sans
    suite"), or its insurer is another company than the one we work for."""
    set_aside = knowledge.vocabulary()["set_aside_files"]
    for heading, cell in zip(headings, row):
        folded = fold(cell)
        if any(folded == cue or folded.startswith(cue + " ") for cue in set_aside["cues"]):
            return True
        if folded and _is_insurer_label(heading) and not re.search(set_aside["principal"], folded):
            return True
    return False


_PIPE_CELLS = 3  # a line parted by pipes into this many cells is a table's row
_PIPED_HEADINGS = 1 / 3  # a client record's tables head their columns with few of our labels ("Produit | Compagnie | N° de contrat")


def _piped_rows(lines: list[str], start: int):
    """A tool's table drawn with pipes ("Date | N° de sinistre | Nature | Statut") over its rows:
    (end, writer) or None. The first row holds the headings."""
    end = start
    while end < len(lines) and len(lines[end].strip().strip("|").split("|")) >= _PIPE_CELLS:
        end += 1
    if end - start < 2:
        return None
    cells = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines[start:end]]
    # A row's free text may open with a label's word ("Dommages liés à ..."): only half its cells
    # labels make a row of labels and values side by side.
    if _label_share(cells[0]) < _PIPED_HEADINGS or max(_label_share(row) for row in cells[1:]) >= 0.5:
        return None  # not headings over values: the form reader reads the cells as they are
    return end, lambda context: heading_lines(cells[0], cells[1:], context)


def _label_share(cells: list[str]) -> float:
    filled = [c for c in cells if c]
    return sum(knowledge.starts_with_label(c) for c in filled) / len(filled) if filled else 0.0


_DASH_RULE = re.compile(r"^\s*-{2,}(?:\s+-{2,}){2,}\s*$")


def _ruled_rows(lines: list[str], start: int):
    """Headings over a rule of dashes, one run of dashes a column, then rows of values aligned
    under them (a tool's plain-text table): (end, writer) or None."""
    if start + 2 >= len(lines) or not _DASH_RULE.match(lines[start + 1]):
        return None
    spans = [m.start() for m in re.finditer(r"-+", lines[start + 1])]

    def cells(line: str) -> list[str]:
        return [line[a:b].strip() for a, b in zip(spans, spans[1:] + [None])]

    end = start + 2
    while end < len(lines) and lines[end].strip():
        end += 1
    headings, rows = cells(lines[start]), [cells(line) for line in lines[start + 2 : end]]
    return end, lambda context: heading_lines(headings, rows, context)


def _aligned_table(lines: list[str], start: int):
    """A table of parties laid out with spaces: a heading line indented past the label column,
    then label lines whose values start under the headings. (end, writer) or None."""
    head = lines[start]
    indent = len(head) - len(head.lstrip(" "))
    if indent < 6 or "\t" in head:
        return None
    columns = _segments(head)
    if len(columns) < 2 or any(len(text) > 40 for _, text in columns):
        return None
    starts = [pos for pos, _ in columns]
    rows: list[tuple[str, list[str]]] = []
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if not line.strip():
            break
        if _RULE_LINE.match(line):
            end += 1
            continue
        segments = _segments(line)
        label = segments[0][1] if segments[0][0] < starts[0] - 1 else ""
        values = segments[1:] if label else segments
        if any(pos < starts[0] - 2 for pos, _ in values) or (not label and not rows):
            break
        cells = [""] * len(starts)
        for pos, text in values:
            column = max(j for j, s in enumerate(starts) if pos >= s - 2) if pos >= starts[0] - 2 else 0
            cells[column] = f"{cells[column]} {text}".strip()
        if label:
            rows.append((label, cells))
        else:  # a cell's next line
            previous = rows[-1][1]
            for j, text in enumerate(cells):
                if text:
                    previous[j] = f"{previous[j]}\n{text}" if previous[j] else text
        end += 1
    if len(rows) < 3 or sum(sum(bool(c) for c in cells) >= 2 for _, cells in rows) < 2:
        return None
    table = Table([text for _, text in columns], rows)
    return end, lambda context: party_lines(table, context)


def _segments(line: str) -> list[tuple[int, str]]:
    """The line's pieces set apart by three spaces or more, with where each starts."""
    pieces: list[tuple[int, str]] = []
    pos = 0
    for piece in _ALIGNED_GAP.split(line):
        start = line.index(piece, pos) if piece else pos
        if piece.strip():
            pieces.append((start + len(piece) - len(piece.lstrip()), piece.strip()))
        pos = start + len(piece)
    return pieces
