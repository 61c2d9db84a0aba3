"""Forms typed in a mail's text, each value turned into a "label : value" line.

Brokers type the mission's fields in many shapes: a table of pipes, a questionnaire answered
under each question, values followed by what they are ("3082 (notre code Allianz)"), labels as
headings over their values ("— Quand —"). The form reading of a mail knows "label : value"
lines; these rewrites bring the other shapes to it, and leave any line they do not recognise
as it is.
"""

from __future__ import annotations

import re

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.text import fold

_TABLE_BORDER = re.compile(r"^\s*[+|]?[-=+|: ]*[-=]{3,}[-=+|: ]*[+|]?\s*$")
_TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")


def pipe_tables(lines: list[str]) -> list[str]:
    """A table typed in plain text ("| Assuré | Mme JOLY |", rules of dashes) as a form has it:
    a two-cell row reads "Assuré : Mme JOLY", a row whose first cell is empty continues the value
    above, aligned under it; rows of more cells keep their cells apart."""
    out: list[str] = []
    value_column = 0
    for line in lines:
        if _TABLE_BORDER.match(line) and ("|" in line or "+" in line):
            continue
        row = _TABLE_ROW.match(line)
        if not row:
            out.append(line)
            continue
        cells = [c.strip() for c in row.group(1).split("|")]
        if len(cells) == 2 and cells[0]:
            head = f"{cells[0]} : "
            value_column = len(head)
            out.append(head + cells[1])
        elif len(cells) == 2 and cells[1]:
            out.append(" " * value_column + cells[1])
        elif any(cells):
            out.append("    ".join(cells))
    return out


# "- Adresse du risque ? -> 12 rue..." / "Q : Adresse du risque ?" then "R : 12 rue...".
_QUESTIONANSWER_RE = re.compile(r"^(\s*(?:[-•*]|\d{1,2}[.)])?\s*)(?:Q(?:uestion)?\s*\d*\s*[:.)-]\s*)?(.+?)\s*\?\s*(?:->|→|=>|:)\s*(\S.*)$")
_QUESTION = re.compile(r"^(\s*)(?:Q(?:uestion)?\s*\d*\s*[:.)-]|\d{1,2}[.)])\s*(.+?)\s*[?:]\s*$", re.I)
# "R : ...", "Réponse : ...", or an answer marked by an arrow under the question ("--> ...", "► ...").
ANSWER_RE = re.compile(r"^\s*(?:(?:R|R[ée]p\.?|R[ée]ponse)\s*\d*\s*[:.)-]|-+>|=>|→|►|»)\s*(\S.*)$", re.I)


def labelled_answer(question: str, answer: str) -> str:
    """"question : answer", or the answer alone when the question offers a choice ("Maison ou
    appartement ?"): its options would read as the answer's."""
    if knowledge.offers_choice(fold(question), ("housing", "occupation", "peril", "trade")):
        return answer
    return f"{question} : {answer}"


def answered_questions(lines: list[str]) -> list[str]:
    """A questionnaire answered in a mail, each question turned into the label of its answer:
    "Q : Numéro du contrat ?" above "R : 86m 859 120" reads as "Numéro du contrat : 86m 859 120"."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        same_line = _QUESTIONANSWER_RE.match(line)
        question = _QUESTION.match(line)
        # The answer on the next line, or after one blank line (paragraphs of an HTML mail).
        below = i + 2 if i + 2 < len(lines) and not lines[i + 1].strip() else i + 1
        answer = ANSWER_RE.match(lines[below]) if question and below < len(lines) else None
        if same_line:
            out.append(same_line.group(1) + labelled_answer(same_line.group(2), same_line.group(3)))
        elif question and answer:
            out.append(question.group(1) + labelled_answer(question.group(2), answer.group(1)))
            i = below
        else:
            out.append(line)
        i += 1
    return out


# A value followed by what it is: "3082 (notre code Allianz)", "Briançon [commune]",
# "11.10   <-- date du sinistre", "62100 – code postal". Only the last note of a line is its label.
_ANNOTATED = re.compile(
    r"^(?P<indent>\s*)(?P<value>\S.*?)\s*(?:\((?P<paren>[^()]{2,80})\)|\[(?P<bracket>[^\[\]]{2,80})\]"
    r"|(?:<-+|←|⟵|<=)\s*(?P<arrow>\S.{1,80}?)|\s[–—-]\s+(?P<dash>[^–—\d][^–—]{1,79}?))\s*$"
)
_NUMBERED_HEADING = re.compile(r"^(?:article|art\.|section|titre|chapitre|partie|point|rubrique|§)\s*\d+(?:er|e)?\s*$", re.I)
_DETERMINERS = re.compile(r"^(?:(?:le|la|les|l'|l’|notre|votre|son|sa|ses|leur|du|de|des|d'|d’)\s*)+", re.I)


def annotated_values(lines: list[str]) -> list[str]:
    """Values noted with what they are after them, each turned into "label : value" when its note
    reads as a label ("portable de l'assurée", "type de bien"): "06 12 34 56 78 (portable de
    l'assurée)" reads "portable de l'assurée : 06 12 34 56 78". What the note says after a comma
    ("adresse du bien loué, l'assuré n'y habite pas") follows on a line of its own."""
    out: list[str] = []
    for line in lines:
        m = _ANNOTATED.match(line)
        value = m.group("value") if m else ""
        if m is None or ":" in value or "\t" in value or "   " in value or _NUMBERED_HEADING.match(value) or knowledge.is_label_run(value.strip()):
            # No note, a labelled line, a row of cells, a heading ("Article 2 – Bénéficiaire"), a
            # caption with its own note ("Téléphone 1 (mobile)").
            out.append(line)
            continue
        note = (m.group("paren") or m.group("bracket") or m.group("arrow") or m.group("dash")).strip()
        if ":" in note or any(c.isdigit() for c in note):
            out.append(line)  # "1 - Sinistre Allianz : C 96.1476179", "... – sinistre c464183363": a value, no note
            continue
        label, _, rest = note.partition(",")
        bare = _DETERMINERS.sub("", label.strip())
        # A note after a dash must open with a label ("Pierre Fabre – Agence Vauban" is a name and a firm).
        labelled = knowledge.starts_with_label(bare) or (not m.group("dash") and set(fold(bare).split()) & knowledge.label_words())
        if not labelled:
            out.append(line)  # "21/10 (mercredi)", "Mme DURAND (P/NO)": a remark, no label
            continue
        out.append(f"{m.group('indent')}{label.strip()} : {value}")
        if rest.strip():
            out.append(m.group("indent") + rest.strip())
    return out


# A heading over its value: "— Quand —" above "03.10", "QUOI ?" above "Dégât des eaux".
_HEADING = re.compile(r"^\s*[^\w\s]*\s*(?P<label>[^\W\d_][\w'’ ]{1,40}?)\s*[^\w\s]*\s*$")
# A label asked, its value after: "► QUOI ? Choc par véhicule à moteur".
_ASKED = re.compile(r"^\s*[^\w\s]*\s*(?P<label>[^\W\d_][\w'’ ]{1,40}?)\s*\?\s+(?P<value>\w.*)$")


_PLACE_LABEL = "Lieu d'intervention"
_PAIR = re.compile(r"^(?P<indent>\W*)(?P<label>[^\W\d_][\w ]{1,20}?)\s*:\s*(?P<value>\S.*)$")


def headed_values(lines: list[str]) -> list[str]:
    """A label standing alone as a heading ("— Quand —", "Quoi ?", "Circonstances") with its
    value on the next line, or asked with its value after it ("► QUOI ? Choc par véhicule"):
    "Quand : 03.10". A heading over labelled lines is left as it is. A place a calendar
    invitation or a visit report names ("Lieu", "Où") is the place of the work."""
    places = knowledge.vocabulary()["headed_values"]["places"]
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = _HEADING.match(lines[i])
        below = i + 2 if i + 2 < len(lines) and not lines[i + 1].strip() else i + 1
        # "Label :" over a line is left to the form's reading, which knows an empty box.
        place = m is not None and fold(m.group("label")) in places
        heading = m is not None and not lines[i].rstrip().endswith(":") and (place or knowledge.is_label_run(m.group("label")))
        # A heading over another caption ("Assuré" over "Nom") heads a section: no value.
        if heading and below < len(lines) and lines[below].strip() and ":" not in lines[below] and not knowledge.is_label_run(lines[below].strip()):
            out.append(f"{_PLACE_LABEL if place else m.group('label')} : {lines[below].strip()}")
            i = below + 1
            continue
        asked = _ASKED.match(lines[i])
        paired = _PAIR.match(lines[i])
        if asked and knowledge.is_label_run(asked.group("label")):
            out.append(f"{asked.group('label')} : {asked.group('value')}")
        elif paired and fold(paired.group("label")) in places:
            out.append(f"{paired.group('indent')}{_PLACE_LABEL} : {paired.group('value')}")  # "Lieu : 102 rue Racine, 19000 Tulle"
        else:
            out.append(lines[i])
        i += 1
    return out


def as_labelled_lines(lines: list[str]) -> list[str]:
    """Every shape of typed form the module knows, rewritten in turn."""
    return headed_values(annotated_values(answered_questions(pipe_tables(lines))))
