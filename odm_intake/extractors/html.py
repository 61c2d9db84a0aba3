"""HTML mail bodies to text that keeps table rows on one line, cells apart."""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag

_BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "section", "article", "header", "footer", "hr", "pre", "address", "dl"}
_DROP = {"script", "style", "head", "title", "noscript", "template", "svg"}
CELL_GAP = "    "  # wide enough for the form reader to see two cells, not one phrase


def html_to_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    out: list[str] = []
    _emit(soup, out)
    text = "".join(out)
    lines = [" ".join(line.split()) if CELL_GAP not in line else CELL_GAP.join(" ".join(c.split()) for c in line.split(CELL_GAP)) for line in text.split("\n")]
    cleaned: list[str] = []
    for line in lines:
        line = line.strip()
        if line or (cleaned and cleaned[-1]):
            cleaned.append(line)
    return "\n".join(cleaned).strip()


def _emit(node: Tag, out: list[str]) -> None:
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
        if name == "dt":  # a definition list's term is a label, its <dd> the value: "Nom : X"
            out.append("\n")
            _emit(child, out)
            out.append(" : ")
            continue
        if name == "dd":
            _emit(child, out)
            out.append("\n")
            continue
        if name in ("td", "th"):
            out.append(CELL_GAP)
            _emit(child, out)
            continue
        if name == "table" and _emit_heading_table(child, out):
            continue
        if name == "pre":
            out.append("\n" + child.get_text() + "\n")  # preformatted: its line breaks are the text's
            continue
        if name in _BLOCKS:
            out.append("\n")
        _emit(child, out)
        if name in _BLOCKS:
            out.append("\n")


def _emit_heading_table(table: Tag, out: list[str]) -> bool:
    """A table whose first row holds headings ("Nom", "Prénom", "CP"...) and whose next rows
    hold values: each value is written after its heading, "Nom : MOREAU", as a form has it.
    Returns False for any other table (cells are then written side by side)."""
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    if len(rows) < 2:
        return False
    cells = [[c for c in tr.find_all(["td", "th"]) if c.find_parent("tr") is tr] for tr in rows]
    headings = cells[0]
    if len(headings) < 2 or not all(map(_is_heading, headings)) or any(_is_heading(c) for row in cells[1:] for c in row):
        return False
    if any(len(row) != len(headings) for row in cells[1:]):
        return False
    names = [" ".join(c.get_text(" ").split()) for c in headings]
    for row in cells[1:]:
        out.append("\n")
        for name, cell in zip(names, row):
            value = " ".join(cell.get_text(" ").split())
            if value:
                out.append(f"\n{name} : {value}")
        out.append("\n")
    return True


def _is_heading(cell: Tag) -> bool:
    """A <th>, or a cell whose whole text is bold."""
    if cell.name == "th":
        return True
    text = cell.get_text(strip=True)
    bold = "".join(b.get_text(strip=True) for b in cell.find_all(["b", "strong"]))
    return bool(text) and bold == text

