"""Splitting an address into street, complement, postcode and city."""

from __future__ import annotations

import re
from dataclasses import dataclass

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.fields.values import CITY_POSTAL_RE, COMPLEMENT_RE, POSTAL_CITY_RE, STREET_RE, STREET_TYPES, clean_city
from odm_intake.extractors.text import squash


@dataclass(slots=True)
class Address:
    street: str | None = None
    complement: str | None = None
    postal_code: str | None = None
    city: str | None = None


_FLOOR = re.compile(r"\d{1,2}(?:e|è|er|ère)", re.I)
_UNIT = re.compile(r"^(?:logement|appartement|appart|appt|maison|villa|pavillon|studio|lot|porte|chambre)\s*(?:n°\s*)?\d", re.I)


def parse_address(text: str) -> Address:
    """``"94 rue X, Résidence Le Parc, bât. 4, 78490 Vicq"`` → street, complement, postcode, city."""
    text = squash(re.sub(r"\n| {3,}", ", ", text))  # a line break or a column's gap parts the address
    text = re.split(r"\s:\s(?=[^\s:]+(?:\s[^\s:]+)?\s?:)", text, maxsplit=1)[0]  # "... Gambetta : Code postai : 81470": the next pair
    out = Address()
    pc = POSTAL_CITY_RE.search(text)
    head = text
    if pc:
        out.postal_code = pc.group(1)
        out.city = clean_city(pc.group(2))
        head = text[: pc.start()]
    elif cp := CITY_POSTAL_RE.search(text):
        out.postal_code, out.city = cp.group(2), clean_city(cp.group(1))
        head = text[: cp.start()]
    # A complement in brackets after the street: "49 rue de la Fontaine (Entrée 2 – 1er étage)".
    # A dwelling's number is no label ("logement 21" is a flat, not the housing's label).
    parts = [p.strip() for p in re.split(r",|;|\s-\s|[()]", head) if p.strip() and (_UNIT.match(p.strip()) or not knowledge.is_label_run(p))]
    complements: list[str] = []
    for part in parts:
        if re.fullmatch(r"\d{5}", part):
            out.postal_code = out.postal_code or part  # its town wrapped onto the next line
            continue
        if out.street is not None and not _UNIT.match(part) and knowledge.starts_with_label(part):
            break  # the next field of a form flattened into one line ("Commune Mérignas")
        if out.street is None and STREET_RE.match(part + ","):
            out.street = squash(part).rstrip(" .")
        elif out.street is None and re.match(r"^\d{1,4}(\s?(bis|ter|[a-h]))?\s+\S", part, re.I) and not COMPLEMENT_RE.match(part):
            out.street = squash(part).rstrip(" .")
        elif COMPLEMENT_RE.search(part) or out.street is not None:
            complements.append(part)
    # Scraps of two letters are dropped, but a floor is short ("esc. B, 3e").
    complements = [c for c in complements if ":" not in c and "|" not in c and (len(c.strip(" .")) > 2 or _FLOOR.fullmatch(c))]
    if complements:
        out.complement = ", ".join(complements)
    if out.street:
        out.street = _GLUED_NUMBER.sub(r"\1 ", out.street)
    return out


_GLUED_NUMBER = re.compile(rf"^(\d{{1,4}})(?=(?:{STREET_TYPES})\b)", re.IGNORECASE)
