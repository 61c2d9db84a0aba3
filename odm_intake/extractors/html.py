"""HTML mail bodies to text that keeps table rows on one line, cells apart."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from odm_intake.extractors.tables import Table, heading_lines, party_lines
from odm_intake.extractors.words import TICKED, UNTICKED

_BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "section", "article", "header", "footer", "hr", "pre", "address", "dl"}
_DROP = {"script", "style", "head", "title", "noscript", "template", "svg"}
HR_LINE = "-" * 10
CELL_GAP = "    "  # wide enough for the form reader to see two cells, not one phrase


def html_to_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    out: list[str] = []
    _emit(soup, out, soup.get_text("\n"))
    text = "".join(out)
    lines = [" ".join(line.split()) if CELL_GAP not in line else CELL_GAP.join(" ".join(c.split()) for c in line.split(CELL_GAP)) for line in text.split("\n")]
    cleaned: list[str] = []
    for line in lines:
        line = line.strip()
        if line or (cleaned and cleaned[-1]):
            cleaned.append(line)
    return "\n".join(cleaned).strip()


def _emit(node: Tag, out: list[str], context: str) -> None:
    """Writes the node's text to ``out``; ``context`` is the whole mail's text, for a table of
    parties to find which party the mail is about."""
    for child in node.children:
        if isinstance(child, NavigableString):
            if child.__class__.__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction"):
                continue
            out.append(str(child).replace("\n", " "))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name == "br":
            out.append("\n")
            continue
        if name in ("input", "select", "button"):
            out.append(_control_value(child))  # a form sent as HTML: its fields hold the values
            continue
        if name == "label" and not child.find(["input", "select", "textarea"]):
            _emit(child, out, context)
            if not "".join(out).rstrip().endswith(":"):
                out.append(" : ")  # a field's caption; the field follows
            continue
        if name == "hr":
            out.append("\n" + HR_LINE + "\n")  # a rule parts sections as a text mail's line of dashes does
            continue
        if name == "dt":  # a definition list's term is a label, its <dd> the value: "Nom : X"
            out.append("\n")
            _emit(child, out, context)
            out.append(" : ")
            continue
        if name == "dd":
            _emit(child, out, context)
            out.append("\n")
            continue
        if name in ("td", "th"):
            out.append(CELL_GAP)
            _emit(child, out, context)
            continue
        if name == "table" and (_emit_heading_table(child, out) or _emit_party_table(child, out, context)):
            continue
        if name == "blockquote":
            # A quoted mail: its lines marked as a text mail marks them, so quotes read alike.
            inner: list[str] = []
            _emit(child, inner, context)
            quoted = [line.strip() for line in "".join(inner).split("\n")]
            out.append("\n" + "\n".join(f"> {line}" if line else ">" for line in quoted) + "\n")
            continue
        if name == "pre":
            out.append("\n" + child.get_text() + "\n")  # preformatted: its line breaks are the text's
            continue
        if name in _BLOCKS:
            out.append("\n")
        _emit(child, out, context)
        if _is_caption(child) and not next((piece.rstrip() for piece in reversed(out) if piece.strip()), "").endswith(":"):
            out.append(" : ")  # its value follows in the next element, as a form's caption
        if name in _BLOCKS:
            out.append("\n")


_NO_VALUE_INPUTS = {"hidden", "submit", "button", "reset", "image", "file", "password"}


def _control_value(control: Tag) -> str:
    """What a form field shows: an input's value, a ticked or empty box for a radio button or a
    check box, a list's chosen option (not its "— Choisir —" prompt); a button shows nothing."""
    kind = (control.get("type") or "text").lower()
    if control.name == "button" or kind in _NO_VALUE_INPUTS:
        return ""
    if control.name == "select":
        chosen = control.find("option", selected=True)
        if chosen is None or not chosen.get("value", "x").strip():
            return ""
        return f" {chosen.get_text(' ', strip=True)} "
    if kind in ("radio", "checkbox"):
        return f" {TICKED if control.has_attr('checked') else UNTICKED} "
    value = (control.get("value") or "").strip()
    return f" {value} " if value else ""


# A class naming an element a caption ("label", "libelle"): its stylesheet often adds the colon
# (".label::after { content: ' :' }"), which the text alone never shows.
_CAPTION_CLASS = re.compile(r"^(?:label|libell?e|lbl|intitule|caption|field-?label|form-?label)$", re.I)


def _is_caption(tag: Tag) -> bool:
    return any(_CAPTION_CLASS.match(c) for c in tag.get("class") or ()) and bool(tag.get_text(strip=True))


def _emit_heading_table(table: Tag, out: list[str]) -> bool:
    """A table whose first row holds headings ("Nom", "Prénom", "CP"...) and whose next rows
    hold values: each value is written after its heading, "Nom : MOREAU", as a form has it.
    Returns False for any other table (cells are then written side by side)."""
    cells = _cells(table)
    if len(cells) < 2:
        return False
    headings = cells[0]
    if len(headings) < 2 or not headings[0].get_text(strip=True):
        return False  # an empty corner: labels down the first column, a table of parties
    if not all(map(_is_heading, headings)) or any(_is_heading(c) for row in cells[1:] for c in row):
        return False
    if any(len(row) != len(headings) for row in cells[1:]):
        return False
    names = [" ".join(c.get_text(" ").split()) for c in headings]
    rows = [[" ".join(cell.get_text(" ").split()) for cell in row] for row in cells[1:]]
    out.append("\n\n" + "\n".join(heading_lines(names, rows)) + "\n\n")
    return True


def _emit_party_table(table: Tag, out: list[str], context: str) -> bool:
    """A table of parties (an empty corner, one heading a party, one label a row): only the
    column of the party the mission is for, as "Label : value" lines. False when it is no
    such table or nothing says which party is the mission's."""
    cells = _cells(table)
    if len(cells) < 4 or len(cells[0]) < 3 or cells[0][0].get_text(strip=True):
        return False
    if any(len(row) != len(cells[0]) for row in cells[1:]):
        return False
    parties = Table([_cell_text(c) for c in cells[0][1:]], [(_cell_text(row[0]), [_cell_text(c) for c in row[1:]]) for row in cells[1:]])
    lines = party_lines(parties, context)
    if lines is None:
        return False
    out.append("\n" + "\n".join(lines) + "\n")
    return True


def _cells(table: Tag) -> list[list[Tag]]:
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    return [[c for c in tr.find_all(["td", "th"]) if c.find_parent("tr") is tr] for tr in rows]


def _cell_text(cell: Tag) -> str:
    """A cell's text, its <br> kept as line breaks."""
    parts: list[str] = []
    for piece in cell.descendants:
        if isinstance(piece, Tag) and piece.name == "br":
            parts.append("\n")
        elif type(piece) is NavigableString:  # not a comment
            parts.append(str(piece).replace("\n", " "))
    return "\n".join(" ".join(line.split()) for line in "".join(parts).split("\n") if line.strip())


_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.I)


def _is_heading(cell: Tag) -> bool:
    """A <th>, or a cell whose whole text is bold (by tag or by style, as a spreadsheet writes it)."""
    if cell.name == "th" or _BOLD_STYLE.search(cell.get("style") or ""):
        return True
    text = cell.get_text(strip=True)
    bold = "".join(b.get_text(strip=True) for b in cell.find_all(["b", "strong"]))
    return bool(text) and bold == text

