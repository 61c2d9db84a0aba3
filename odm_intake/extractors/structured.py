"""Claim data a broker's software pastes into a mail as XML, JSON or key=value lines.

A portfolio tool exports the claim as a data record ("<NumeroPolice>AZ 1</NumeroPolice>",
``"codePostal": "73100"``) between two lines of text. Each leaf of the record becomes a
"Label : value" line the form reader knows: the key is split into words ("numeroPolice" →
"numero police") and matched with the label synonyms of ``config/labels.toml``, small words
aside ("numéro de police" = "numero police"). A leaf under the sender's own part of the record
("Emetteur", "cabinet") is the sender's: its phones and addresses go to his identity, his
codes are still read.

Only a record that parses is read; XML declaring entities is refused (entity expansion bombs).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.fields.knowledge import LabelSpec
from odm_intake.extractors.text import edit_distance, fold, within_one_edit

_SMALL_WORDS = {"de", "du", "des", "d", "l", "la", "le", "les", "a", "au", "en"}
# Words after a label's own that leave the field unchanged ("numeroSinistreCompagnie"), or
# that name whose it is ("TelephoneGestionnaire": the sender's, see senders_part).
_QUALIFIERS = {"compagnie", "cie", "allianz", "assure", "assuree", "client", "principal", "principale", "1", "gestionnaire", "cabinet", "emetteur", "ttc", "risque"}
# A key's abbreviated words, as a label writes them ("NUM_POLICE" is "numéro de police").
# Words of keys as the labels say them ("Voie": the street's line, an address).
_ABBREVIATIONS = {"num": "numero", "no": "numero", "nr": "numero", "adr": "adresse", "cp": "code postal", "cplt": "complement", "occ": "occupant", "voie": "adresse"}
# Keys whose value names a leaf's parent: {"nature": {"code": "BDG", "libelle": "casse vitre"}}.
_VALUE_KEYS = {"libelle", "label", "valeur", "value", "texte", "text", "numero", "number", "intitule"}
_CODE_KEYS = {"code", "type", "id"}
MAX_RECORD_CHARS = 200_000


@dataclass(slots=True)
class Record:
    """The text with the record replaced by label lines, and the sender's own lines."""

    text: str
    sender_lines: list[str]


def expand_records(text: str) -> Record:
    """The mail text with an XML, JSON or key=value record in it written as "Label : value" lines."""
    return _as_record(text, _json_span(text) or _xml_span(text) or _keyvalue_span(text))


def printed_xml_record(text: str) -> Record:
    """A document's text that is an XML file printed as its tree (a browser's view): its
    elements as "Label : value" lines, read whole or, when a scan broke the parse, line by line."""
    span = _xml_span(text)
    return _as_record(text, span) if span else tree_lines_as_record(text)


def _as_record(text: str, span: tuple[int, int, list[tuple[list[str], str]]] | None) -> Record:
    if span is None:
        return Record(text, [])
    start, end, leaves = span
    lines: list[str] = []
    sender: list[str] = []
    for path, value in leaves:
        spec = label_for_key(path[-1])
        if spec is None:
            continue
        line = f"{spec.text} : {value}"
        if senders_part(path) and spec.kind not in ("code",):
            sender.append(line)
        else:
            lines.append(line)
    return Record(text[:start] + "\n" + "\n".join(lines) + "\n" + text[end:], sender)


# One element of an XML tree as a line, a scan may have misread elsewhere: "<Nom>NOEL</Nom>".
_XML_LEAF_LINE = re.compile(r"^\s*<([A-Za-z_][\w.-]*)(?:\s[^<>]*)?>([^<>]+)</\1\s*>\s*$")
_XML_OPEN_LINE = re.compile(r"^\s*<([A-Za-z_][\w.-]*)(?:\s[^<>]*)?>\s*$")
_XML_CLOSE_LINE = re.compile(r"^\s*</([A-Za-z_][\w.-]*)\s*>\s*$")
MIN_TREE_LEAVES = 5


def tree_lines_as_record(text: str) -> Record:
    """An XML tree printed a line an element (a browser's view of a file, read from a scan where
    one misread sign breaks the whole document's parse): each "<Key>value</Key>" line as
    "Label : value", the sender's part apart, as :func:`expand_records` does for a sound record."""
    stack: list[str] = []
    tree = _TreeLines()
    for line in text.split("\n"):
        if m := _XML_LEAF_LINE.match(line):
            tree.leaf(label_for_key(m.group(1)), m.group(2), senders_part(stack + [m.group(1)]))
        elif m := _XML_OPEN_LINE.match(line):
            stack.append(m.group(1))
        elif (m := _XML_CLOSE_LINE.match(line)) and m.group(1) in stack:
            del stack[stack.index(m.group(1)) :]
        else:
            tree.rest.append(line)
    return tree.record(text)


@dataclass(slots=True)
class _TreeLines:
    """A printed tree's lines as read: its leaves as label lines (the sender's apart), the rest."""

    lines: list[str] = field(default_factory=list)
    sender: list[str] = field(default_factory=list)
    rest: list[str] = field(default_factory=list)
    leaves: int = 0

    def leaf(self, spec: LabelSpec | None, value: str, senders: bool) -> None:
        self.leaves += 1
        if spec is not None:
            (self.sender if senders and spec.kind != "code" else self.lines).append(f"{spec.text} : {value.strip()}")

    def record(self, text: str) -> Record:
        if self.leaves < MIN_TREE_LEAVES:
            return Record(text, [])
        return Record("\n".join(self.rest + self.lines), self.sender)


# The same tree faxed: brackets read as other signs ("»", "“", "{"), the closing tag's "/" as
# anything, tag names a letter or two off ("<NOm>MICHEL< °Nom>", "<Cimmune >Dembeni</Conmune>").
_SCANNED_LEAF = re.compile(
    r"^\W{0,3}(?P<open>[A-Za-zÀ-ÿ][^\s<>«»]{1,40})(?:\s[^<>«»]*)?[>»]{1,2}\s*"
    r"(?P<value>[^<>«»]*?[^\s<>«»])\s*[<«“{(‘'/][^\w]{0,3}(?P<close>[A-Za-zÀ-ÿ][^\s<>«»]{1,40})?\W*$"
)
# A parent element's opening or closing line, its folding triangle read as a letter ("V <Emetteur"):
# a bracket, a tag and its attributes, no number (a leaf whose brackets were lost has one).
_SCANNED_NODE = re.compile(r"^(?!.*\d{3})\s*(?:[YVvŸ]\s*)?[<“«{(]\W{0,2}(?P<tag>[A-Za-zÀ-ÿ][^\s<>«»]{1,40})(?:\s[^<>«»]*)?[>»]?\W*$")


def scanned_tree_lines_as_record(text: str) -> Record:
    """:func:`tree_lines_as_record` for a tree read from a scan: each leaf's key is its opening
    or its closing tag, whichever is a known key a letter or two off; a parent's closing line is
    the one naming an open parent again."""
    stack: list[str] = []
    tree = _TreeLines()
    for line in text.split("\n"):
        leaf = _SCANNED_LEAF.match(line)
        spec = (_scanned_key(leaf["open"]) or (_scanned_key(leaf["close"], leaf["open"]) if leaf["close"] else None)) if leaf else None
        if spec is not None:
            ours = any(_near(_letters(part), part_word) for part in stack for part_word in _sender_parts())
            tree.leaf(spec, leaf["value"].strip(" -"), ours)
        elif m := _SCANNED_NODE.match(line):
            tag = _letters(m.group("tag"))
            opened = next((k for k in range(len(stack) - 1, -1, -1) if _near(tag, _letters(stack[k]))), None)
            if opened is None:
                stack.append(m.group("tag"))
            else:
                del stack[opened:]
        else:
            tree.rest.append(line)
    return tree.record(text)


def _letters(tag: str) -> str:
    return re.sub(r"[^a-z]", "", fold(tag))


def _near(written: str, key: str) -> bool:
    """A tag as a scan read it and a key: the same, or a letter off (two from ten letters on)."""
    if written == key:
        return True
    slips = 2 if len(key) >= 10 else 1 if len(key) >= 5 else 0
    return slips > 0 and abs(len(written) - len(key)) <= slips and edit_distance(written, key) <= slips


def _scanned_key(tag: str, opening: str = "") -> LabelSpec | None:
    """The label a scanned tag names: a key's letters, or those of a key with a qualifier after.
    A short key a letter off in both the ``opening`` tag and this closing one is named too
    ("<Vcie>32 rue des Lilas< Vois")."""
    written = _letters(tag)
    keys = _labels_by_letters()
    for key, spec in keys.items():
        if _near(written, key) or any(written.endswith(q) and _near(written[: -len(q)], key) for q in _QUALIFIERS if len(q) > 2):
            return spec
    if opening:
        return next((spec for key, spec in keys.items() if len(key) >= 4 and within_one_edit(written, key) and within_one_edit(_letters(opening), key)), None)
    return None


@lru_cache(maxsize=1)
def _labels_by_letters() -> dict[str, LabelSpec]:
    """The labels by their words' letters run together, a key's abbreviated words too ("voie")."""
    labels = _labels_by_words()
    out = {"".join(words): spec for words, spec in labels.items()}
    out.update({short: labels[tuple(full.split())] for short, full in _ABBREVIATIONS.items() if tuple(full.split()) in labels and short not in out})
    return out


@lru_cache(maxsize=1)
def _sender_parts() -> tuple[str, ...]:
    return tuple(knowledge.vocabulary()["roles"]["record_sender_parts"])


def _json_span(text: str) -> tuple[int, int, list[tuple[list[str], str]]] | None:
    start = text.find("{")
    if start < 0:
        return None
    try:
        value, length = json.JSONDecoder().raw_decode(text[start : start + MAX_RECORD_CHARS])
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    leaves: list[tuple[list[str], str]] = []
    _json_leaves(value, [], leaves)
    return start, start + length, leaves


def _json_leaves(node: Any, path: list[str], out: list[tuple[list[str], str]]) -> None:
    if isinstance(node, dict):
        named = next((k for k in node if fold(k) in _VALUE_KEYS and isinstance(node[k], (str, int, float))), None)
        if named is not None and path:
            out.append((path, str(node[named])))  # {"code": "BDG", "libelle": "casse vitre"} under "nature"
        for key, child in node.items():
            if named is not None and (key == named or fold(key) in _CODE_KEYS):
                continue
            _json_leaves(child, path + [key], out)
    elif isinstance(node, list):
        for child in node:
            _json_leaves(child, path, out)
    elif node is not None and str(node).strip():
        out.append((path, str(node)))


_XML_START = re.compile(r"<\?xml[^>]*\?>|<([A-Za-z_][\w.-]*)(\s[^>]*)?>")


def _xml_span(text: str) -> tuple[int, int, list[tuple[list[str], str]]] | None:
    m = _XML_START.search(text)
    if m is None:
        return None
    start = m.start()
    # The record ends with the closing tag of its root element.
    root = re.compile(r"<([A-Za-z_][\w.-]*)[\s>]").search(text, m.end() if m.group(0).startswith("<?") else start)
    if root is None:
        return None
    close = text.find(f"</{root.group(1)}>", root.end())
    if close < 0 or close - start > MAX_RECORD_CHARS:
        return None
    end = close + len(root.group(1)) + 3
    record = text[start:end]
    if "<!DOCTYPE" in record or "<!ENTITY" in record:
        return None
    try:
        element = ElementTree.fromstring(record.encode("utf-8"))
    except ElementTree.ParseError:
        return None
    leaves: list[tuple[list[str], str]] = []
    _xml_leaves(element, [], leaves)
    return start, end, leaves


# An export of "KEY=value" lines, in "[SECTION]"s or with dotted keys ("assure.nom = PENNEC").
_SECTION = re.compile(r"^\s*\[\s*([A-Za-z_][\w .-]*?)\s*\]\s*$")
_KEY_VALUE = re.compile(r"^\s*([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$")
MIN_KEYS = 4  # fewer "x = y" lines are a sentence or a formula, not an export


def _keyvalue_span(text: str) -> tuple[int, int, list[tuple[list[str], str]]] | None:
    """The first run of key=value lines (sections, blank and "#" comment lines between them)."""
    leaves: list[tuple[list[str], str]] = []
    start = end = None
    section: list[str] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        here, offset = offset, offset + len(line)
        heading, pair = _SECTION.match(line), _KEY_VALUE.match(line)
        if heading or pair:
            start = here if start is None else start
            end = offset
            if heading:
                section = [heading.group(1)]
            else:
                leaves.append((section + pair.group(1).split("."), pair.group(2).strip('"')))
        elif start is not None and line.strip() and not line.lstrip().startswith(("#", ";")):
            break  # the text after the export
    if start is None or sum(1 for _, value in leaves if value) < MIN_KEYS:
        return None
    return start, end, [(path, value) for path, value in leaves if value]


def _xml_leaves(element: ElementTree.Element, path: list[str], out: list[tuple[list[str], str]]) -> None:
    here = path + [element.tag.rpartition("}")[2]]  # "{urn:...}NumeroSinistre": the name, not its namespace
    children = list(element)
    text = (element.text or "").strip()
    if not children and text:
        out.append((here, text))
    for child in children:
        _xml_leaves(child, here, out)


def _key_words(key: str) -> tuple[str, ...]:
    """"numeroSinistreCompagnie", "code_postal", "AdresseLigne1" → folded words."""
    spaced = re.sub(r"(?<=[a-zà-ÿ])(?=[A-Z0-9])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|[_\-.]", " ", key)
    words = " ".join(_ABBREVIATIONS.get(w, w) for w in fold(spaced).split())
    return tuple(w for w in words.split() if w not in _SMALL_WORDS)


@lru_cache(maxsize=1)
def _labels_by_words() -> dict[tuple[str, ...], LabelSpec]:
    out: dict[tuple[str, ...], LabelSpec] = {}
    for spec in knowledge.labels():
        words = tuple(w for w in spec.tokens if w not in _SMALL_WORDS)
        if words:
            out.setdefault(words, spec)
    return out


def label_for_key(key: str) -> LabelSpec | None:
    """The label a record's key names: all its words (small ones aside), or a label's words
    followed only by qualifiers ("numero sinistre compagnie")."""
    words = _key_words(key)
    labels = _labels_by_words()
    if words in labels:
        return labels[words]
    for n in range(len(words) - 1, 0, -1):
        if words[:n] in labels and all(w in _QUALIFIERS for w in words[n:]):
            return labels[words[:n]]
    return None


def senders_part(path: list[str]) -> bool:
    """A leaf under the record's part about its sender ("Emetteur", "cabinet", "gestionnaire")."""
    senders = knowledge.vocabulary()["roles"]["record_sender_parts"]
    return any(fold(part) in senders for part in path[:-1]) or any(w in senders for w in _key_words(path[-1]))
