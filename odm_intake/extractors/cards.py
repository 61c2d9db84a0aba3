"""Contact cards pasted in a mail, rewritten as the labelled lines a form has.

Brokers paste the insured's card from their software: a vCard block ("BEGIN:VCARD", "N:JOLY;
Sylvie;;Mme;", "ADR;TYPE=HOME:;;12 rue ...;Ville;;23260;France", "TEL;TYPE=CELL:06 ...") or a
card framed with box-drawing lines whose phones and mail stand behind symbols (☎, ✉) instead of
labels. Both become "Label : value" lines, so the form reading takes them like any other.
"""

from __future__ import annotations

import re

from odm_intake.extractors.fields import knowledge

_BEGIN = re.compile(r"^\s*BEGIN:VCARD\s*$", re.I)
_END = re.compile(r"^\s*END:VCARD\s*$", re.I)
_PROPERTY = re.compile(r"^\s*([A-Za-z-]+)((?:;[^:]*)?):(.*)$")
_BOX_EDGE = "│┃║╎╏┆┇┊┋"
_FRAME_CORNERS = "┌╭╔└╰╚├╠"
_FRAME = re.compile(r"[┌┐└┘├┤┬┴┼─━═╔╗╚╝╠╣╦╩╬╭╮╯╰]+")


def contact_cards(lines: list[str]) -> list[str]:
    """The lines with every vCard block and framed card rewritten as labelled lines."""
    out: list[str] = []
    card: list[str] | None = None
    for line in lines:
        if card is None and _BEGIN.match(line):
            card = []
        elif card is not None and _END.match(line):
            out.extend(_vcard_lines(card))
            card = None
        elif card is not None:
            card.append(line)
        else:
            out.append(_unframed(line))
    if card is not None:  # a block cut short: what it holds still counts
        out.extend(_vcard_lines(card))
    return out


def _unframed(line: str) -> str:
    """A framed card's line without its frame; a symbol standing for a label becomes the label."""
    stripped = line.strip()
    if stripped[:1] in _FRAME_CORNERS:
        return _FRAME.sub(" ", stripped).strip()  # a frame's top or bottom, with its title if any
    if stripped[:1] in _BOX_EDGE:
        line = stripped = stripped.strip(_BOX_EDGE + " ")
    for label, symbols in _symbol_labels().items():
        for symbol in symbols:
            if stripped.startswith(symbol):
                return f"{label} : {stripped[len(symbol):].strip(' :' + _VARIATION)}"
    return line


_VARIATION = "\ufe0f"  # the selector that asks for a symbol's coloured form ("🛠️")


def _symbol_labels() -> dict[str, list[str]]:
    return knowledge.vocabulary()["contact_symbols"]


def _vcard_lines(block: list[str]) -> list[str]:
    """A vCard's properties as labelled lines (RFC 6350: folded lines go on with a space)."""
    unfolded: list[str] = []
    for line in block:
        if line[:1] in (" ", "\t") and unfolded and not _PROPERTY.match(line):
            unfolded[-1] += line[1:]
        elif line.strip():
            unfolded.append(line.strip())
    out: list[str] = []
    named = False
    full_name = ""
    for line in unfolded:
        m = _PROPERTY.match(line)
        if not m:
            continue
        name, params, value = m.group(1).upper(), m.group(2).upper(), m.group(3)
        parts = [_unescape(p) for p in re.split(r"(?<!\\);", value)]
        if name == "N":
            last, first, _, prefix = (parts + ["", "", "", ""])[:4]
            out += [f"Civilité : {prefix}"] if prefix else []
            out += [f"Nom : {last}", f"Prénom : {first}"]
            named = True
        elif name == "FN":
            full_name = _unescape(value)
        elif name == "ADR":
            _, extended, street, city, _, postcode, _ = (parts + [""] * 7)[:7]
            out.append(f"Adresse : {street}, {postcode} {city}".strip(" ,"))
            out += [f"Complément d'adresse : {extended}"] if extended else []
        elif name == "TEL":
            out.append(f"{'Portable' if 'CELL' in params else 'Téléphone'} : {_unescape(value)}")
        elif name == "EMAIL":
            out.append(f"Email : {_unescape(value)}")
    if not named and full_name:
        out.insert(0, f"Assuré : {full_name}")
    return out


def _unescape(text: str) -> str:
    return re.sub(r"\\([,;\\])", r"\1", text).replace("\\n", " ").replace("\\N", " ").strip()
