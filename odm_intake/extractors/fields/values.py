"""Parsing and normalising field values per FIELDS.md (one place, used by extraction and by edits)."""

from __future__ import annotations

import functools
import re
from datetime import date

import phonenumbers

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.text import edit_distance, fold, squash, within_one_slip

# ---------------------------------------------------------------- claim and policy numbers

# A claim number: a B or C (or OCR look-alike 8) then digits, possibly grouped by spaces or dashes
# ("C-2026-123456", "C 411 4852", "b2912374").
# "B1234567", "C-2026-123456", "C/2026/123456", "C.2026.123456", "C - 1234567".
# A word processor types "C–2623369" for "C-2623369": the en dash is a separator as printed; a
# colon glued to the digits too ("C:70503899", never "C : 12").
CLAIM_RE = re.compile(r"(?<![A-Za-z0-9/._])([BbCc])(?:\s?([\-–/._]|:(?=\d))\s?|\s)?(\d(?:[\d \-/]|[._:](?=\d)){4,16}\d)(?![A-Za-z0-9/_])")


def normalize_claim_number(text: str) -> str | None:
    """Upper case, spaces removed, other characters as printed. Accepts only plausible numbers."""
    m = CLAIM_RE.search(text)
    if m:
        letter, separator, digits = m.group(1).upper(), m.group(2) or "", m.group(3).strip(" -")
        value = letter + separator + digits.replace(" ", "")
        value = re.sub(r"([-/.])\1+", r"\1", value)
        if len(re.sub(r"\D", "", value)) >= 5:
            return value
    return None


# Characters OCR puts for digits in a number (a letter is kept only where letters belong).
_DIGIT_LOOKALIKES = str.maketrans({"i": "1", "I": "1", "l": "1", "|": "1", "!": "1", "O": "0", "o": "0", "D": "0", "Q": "0",
                                   "C": "0", "S": "5", "s": "5", "Z": "2", "z": "2", "G": "6", "B": "8", "T": "7", "g": "9"})
_SCANNED_CLAIM = re.compile(r"(?<![A-Za-z0-9])([BbCc836])([0-9A-Za-z|!]{6,9})(?![A-Za-z0-9])")


# For phones: "O"/"o" read for 0, "l"/"I" for 1, only next to digits (never inside a word).
_ZERO_LOOKALIKE = re.compile(r"(?<![A-Za-z])[Oo](?=\s?\d)|(?<=\d)[Oo](?![A-Za-z])")
_ONE_LOOKALIKE = re.compile(r"(?<![A-Za-z])[lI](?=\s?\d)|(?<=\d)[lI](?![A-Za-z])")


def digits_for_lookalikes(text: str) -> str:
    """The text with the letters a scan read for digits beside digits put back ("O1 89 97 41 02")."""
    return _ONE_LOOKALIKE.sub("1", _ZERO_LOOKALIKE.sub("0", text))


def read_scanned_claim(text: str) -> str | None:
    """A claim number as a scan garbles it: the leading B read as 8, 3 or 6, at most two
    digits read as look-alike letters ("Bi14160C7" → "B11416007"). None when more is wrong."""
    for m in _SCANNED_CLAIM.finditer(text.replace(" ", "")):
        head, tail = m.group(1), m.group(2)
        digits = tail.translate(_DIGIT_LOOKALIKES)
        if not digits.isdigit() or sum(a != b for a, b in zip(tail, digits)) > 2:
            continue
        letter = head.upper() if head in "BbCc" else "B"
        return letter + digits
    return None


# Building and staircase letters are capitals; a scan's speck above an A makes it "À" ("Bât. À").
_SCANNED_BUILDING_LETTER = re.compile(r"(\b(?:b[âa]t(?:iment)?|esc(?:alier)?|entr[ée]e|porte)\.?\s*)À(?!\w)", re.IGNORECASE)


def scanned_building_letter(complement: str) -> str:
    return _SCANNED_BUILDING_LETTER.sub(r"\1A", complement)


# "tot 7", "Eot 7", "Lot7": a lot or flat number whose word a scan misread by its first letter or glued.
_SCANNED_NUMBERED_UNIT = re.compile(r"^\s*([A-Za-z]{3})\.?\s?(\d{1,4})\b")
_NUMBERED_UNITS = {"lot": "Lot", "apt": "Apt"}
# A speck after a lot or flat number: "Lot 7 ]", "Apt 12 !", "Lot 7 I".
_SPECK_AFTER_NUMBER = re.compile(r"(?<=\d)\s+[\]\[|!Il]$")


def repair_scanned_complement(complement: str) -> str:
    """A complement read from a scan: its building letter, its lot or flat number's word, and no
    speck after that number."""
    complement = _SPECK_AFTER_NUMBER.sub("", scanned_building_letter(complement))
    m = _SCANNED_NUMBERED_UNIT.match(complement)
    if not m:
        return complement
    word, rest = fold(m[1]), complement[m.end() :]
    if word in _NUMBERED_UNITS:
        glued = m[0].strip().endswith(m[1] + m[2])
        return f"{m[1]} {m[2]}{rest}" if glued else complement
    # Its first letter misread: "tot", "Eot" (the word is three letters, as the units are).
    unit = next((v for k, v in _NUMBERED_UNITS.items() if word[1:] == k[1:]), None)
    return f"{unit} {m[2]}{rest}" if unit else complement


def read_scanned_policy(policy: str) -> str | None:
    """A policy number whose digits a scan read as look-alike letters after a known prefix
    ("AZO1300950" for "AZ01300950", at most two of them), or whose prefix it read as digits
    ("A204042951" for "AZ04042951"); None when there is nothing to repair."""
    table = knowledge.vocabulary()["policy"]
    for misread, prefix in table["misread_prefixes"].items():
        # "A204042951": the prefix's Z read as a digit, the number then one digit too long.
        if re.fullmatch(rf"{misread}\d{{8}}", policy):
            return prefix + policy[len(misread) :]
    for prefix in table["prefixes"]:
        m = re.match(rf"^{prefix}([./\-]?)([0-9OIlSD]{{6,12}})([A-Z]?)$", policy)
        if not m or m.group(2).isdigit():
            continue
        digits = m.group(2).translate(_DIGIT_LOOKALIKES)
        slips = sum(a != b for a, b in zip(m.group(2), digits))
        if digits.isdigit() and slips <= 2 and slips * 3 <= len(digits):
            return prefix + m.group(1) + digits + m.group(3)
    return None


def claim_digits(value: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", value.upper())


# A colon only between two characters of the code ("AZ:MRH:610957"), never after it.
_POLICY_TOKEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 ._\-–/]|:(?=[A-Za-z0-9])){3,30}")
# The words a sentence puts before the number ("votre contrat, c'est le MRH 530 6697", "son
# contrat Allianz MRH AZ.7389.3236").
_POLICY_LEAD = re.compile(r"^(?:(?:c'est|c’est|est|le|la|du|sous|[Aa]llianz|ALLIANZ)\s+|n°\s*)+")


def normalize_policy_number(text: str) -> str | None:
    """Upper case, no spaces. Stops at a separator that starts another statement (" - ", ",", ";")."""
    head = re.split(r"\s[-–|;,]\s|[;,]|\s{3,}|\.\s+(?=[A-ZÀ-Ý][a-zà-ÿ])", text.strip(), maxsplit=1)[0]  # ". Le raccord": the sentence ends
    head = re.sub(r"^(n°|no|n|numéro|numero)\s*[:.]?\s*", "", head.strip(), flags=re.I)
    head = _POLICY_LEAD.sub("", head.strip(" :."))
    m = _POLICY_TOKEN.match(head)
    if not m:
        return None
    # Keep tokens while they look like parts of a code (contain a digit, or are short letter groups).
    tokens: list[str] = []
    for token in m.group(0).split():
        if tokens and not re.search(r"\d", token) and (len(token) > 3 or token.islower()):
            break  # a word after the code ("HAB/556667C au nom de la SCI")
        tokens.append(token)
    value = "".join(tokens).upper().strip(".-/")
    if not re.search(r"\d", value) or len(value) < 4:
        return None
    return value


def normalize_code(text: str) -> str | None:
    # A value made of digit groups is one code spaced out ("945 140", as printed or as OCR splits it).
    spaced = re.match(r"\s*(\d{1,4}(?: \d{2,6})+)\s*$", text)
    if spaced and 3 <= len(spaced.group(1).replace(" ", "")) <= 10:
        return spaced.group(1).replace(" ", "")
    m = re.search(r"(?<![A-Za-z0-9])(\d{3,10})(?![0-9])", text)
    return m.group(1) if m else None


# ---------------------------------------------------------------- people

def normalize_civility(text: str) -> str | None:
    table = knowledge.civilities()
    folded = fold(text)
    if folded in table:
        return table[folded]
    for token in folded.split():
        if token in table:
            return table[token]
    # Scanned text glues a speck to it ("lMme."): one character before a civility (never more:
    # "Armelle" is a name, not "melle").
    first = folded.split()[0] if folded else ""
    confused = first
    for misread, meant in knowledge.vocabulary()["civility_confusions"].items():
        confused = confused.replace(misread, meant)
    if confused != first and confused in table:
        return table[confused]
    if len(first) > 2 and first[1:] in table:
        return table[first[1:]]
    return misspelt_civility(first)


def misspelt_civility(word: str) -> str | None:
    """The civility a folded word stands for when typed with a slip: a letter doubled ("mmme"),
    or a long form one slip off ("monseiur", "mselle", "monsiuer"). Short words are left alone
    ("mona" is a name, not "mons")."""
    table = knowledge.civilities()
    single = re.sub(r"(.)\1+", r"\1", word)
    doubled = next((civ for form, civ in table.items() if len(word) > len(form) and re.sub(r"(.)\1+", r"\1", form) == single), None)
    if doubled:
        return doubled
    if len(word) < 5:
        return None
    return next((civ for form, civ in table.items() if len(form) >= 5 and within_one_slip(word, form)), None)


_NOT_FRENCH_MARKS = str.maketrans("äöÄÖ", "aoAO")  # a speck over a vowel: French names have no umlaut


def repair_scanned_first_name(name: str) -> str:
    """A first name read from a scan, one letter off a known first name ("Syivie", "Ciaire",
    "Chioé"): that letter replaced, the rest (accents, capitals) kept as read. Unchanged when
    known, short, or near several names."""
    name = name.translate(_NOT_FRENCH_MARKS)
    folded = fold(name)
    names = knowledge.first_names()
    if folded in names or len(folded) < 4 or len(folded) != len(name):
        return name
    near = [n for n in names if len(n) == len(folded) and sum(a != b for a, b in zip(n, folded)) == 1]
    if len(near) != 1:
        return name
    i = next(k for k, (a, b) in enumerate(zip(near[0], folded)) if a != b)
    letter = near[0][i].upper() if name[i].isupper() else near[0][i]
    return name[:i] + letter + name[i + 1 :]


def _is_upper_name(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def split_person(text: str, surname_first: bool) -> tuple[str | None, str | None, str | None]:
    """``"M. LELIÈVRE Jérôme"`` → ``("M.", "Jérôme", "LELIÈVRE")`` (civility, first, last).

    Which token is the surname: the one in capitals; else the one that is not a known first
    name; else the layout's habit (forms print the surname first, prose the first name first).
    """
    # A civility glued to the name by a scan: "M.LEROY".
    text = re.sub(r"(?<![\w.])(M|Mme|Mlle|Mr)\.(?=[A-ZÀ-Ý]{2})", r"\1. ", text)
    # Words without a letter are no part of a name ("5: M. DUFOUR Hugo", a scan's residue first).
    tokens = [t.strip(",;()") for t in re.split(r"\s+", text.strip(" ,;:.-")) if re.search(r"[A-Za-zÀ-ÿ]", t)]
    civility = None
    while tokens:
        civ = normalize_civility(tokens[0].rstrip("."))
        if civ and (len(tokens) > 1):
            civility = civility or civ
            tokens = tokens[1:]
            continue
        break
    if len(tokens) >= 3 and re.fullmatch(r"[A-Z]{2}", tokens[-1]) and tokens[-1][0] in {t[0] for t in tokens[:-1]}:
        tokens = tokens[:-1]  # a portal's avatar initials beside the name ("Jean NOEL JN")
    if not tokens:
        return civility, None, None
    if len(tokens) == 1:
        return civility, None, tokens[0]
    uppers = [i for i, t in enumerate(tokens) if _is_upper_name(t)]
    if uppers and len(uppers) < len(tokens):
        last = " ".join(tokens[i] for i in uppers)
        first = " ".join(t for i, t in enumerate(tokens) if i not in uppers)
        return civility, first, last
    names = knowledge.first_names()
    known = [fold(t).replace(" ", "") in names or fold(t).split(" ")[0] in names for t in tokens]
    # "Marie-Claire Le Bihan": a particle before the last word is the surname's.
    start = len(tokens) - 1
    while start > 1 and fold(tokens[start - 1]) in knowledge.vocabulary()["surname_particles"]["words"]:
        start -= 1
    if start < len(tokens) - 1 and (known[0] or not surname_first):
        return civility, " ".join(tokens[:start]), " ".join(tokens[start:])
    if known[0] and not known[-1]:
        return civility, " ".join(tokens[:-1]), tokens[-1]
    if known[-1] and not known[0]:
        return civility, " ".join(tokens[1:]), tokens[0]
    if surname_first:
        return civility, " ".join(tokens[1:]), tokens[0]
    return civility, " ".join(tokens[:-1]), tokens[-1]


# ---------------------------------------------------------------- phones, email

# A number read on a scan after a stray glyph ("_/ 500 €", "|76645"): the glyph may be its lost
# first digit.
STRAY_BEFORE_NUMBER = re.compile(r"\s*[^0-9A-Za-zÀ-ÿ\s€]+\s?\d")


PHONE_RE = re.compile(
    # Pairs or any other grouping ("0372 46 07 04"), never across a line break.
    # Pairs may be parted by a spaced dash ("07 - 22 - 75 - 75 - 74"); a scan reads a dot as a
    # comma ("06.92.20,14.96").
    # The first digit may stand in brackets after the country code ("+33 (3) 78 31 65 47"), the
    # trunk zero too, even with no country code before it ("(0)6 22 44 50 92"); the country code
    # may come bare ("33612345678"). Slashes, as a copied PDF's field parts it ("01/6510/4113",
    # "+33 1/10/63/17/84", "07/71.87.22.85"), only between digits: a date and its time ("01/10/2026
    # 10:45") are no phone.
    r"(?<![\w+])((?:\+\s?\(33\)|\(?(?:\+|00)\s?33\)?)[\s.\-]?(?:\(0\)\s?)?(?:[1-9]|\([1-9]\))(?:(?:[ \t.\-]?\d){8}|(?:/\d\d){4})|33[1-9]\d{8}|(?:0|\(0\))[ \t]?[1-9](?:(?:[ \t]?[.\-–][ \t]?|[ \t]|(?<=\d),(?=\d))?\d){8}|0[1-9](?:/?\d){8}|0[1-9]/\d\d(?:[. ]\d\d){3})(?!\d)"
)


def normalize_phone(text: str) -> str | None:
    """National 10-digit form, or None when it is not a French phone number."""
    # "(0)" is the trunk zero a caller from abroad leaves out: dropped after a country code, kept alone.
    digits = re.sub(r"[^\d+]", "", text.replace("(0)", "" if re.search(r"33\D*\(0\)", text) else "0"))
    if re.fullmatch(r"33[1-9]\d{8}", digits):
        digits = "+" + digits  # the country code with no "+" nor "00" ("33612345678")
    try:
        number = phonenumbers.parse(digits, "FR")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 33:
        return None
    national = "0" + str(number.national_number)
    return national if re.fullmatch(r"0[1-9]\d{8}", national) else None


def find_phones(text: str) -> list[tuple[str, int, int]]:
    """Every phone number in a text: (normalised, start, end)."""
    found: list[tuple[str, int, int]] = []
    for m in PHONE_RE.finditer(text):
        value = normalize_phone(m.group(1))
        if value:
            found.append((value, m.start(1), m.end(1)))
    return found


def phone_type(phone: str | None) -> str | None:
    if not phone:
        return None
    return "mobile" if phone[:2] in ("06", "07") else "fixe"


EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")


def normalize_email(text: str) -> str | None:
    m = EMAIL_RE.search(text)
    return m.group(0).lower().strip(".") if m else None


_SCANNED_EMAIL_TAIL = re.compile(r"([a-z0-9-]+)\s?[.,]\s?([a-z]{2,12})[^a-z0-9]*$")


def read_scanned_email(text: str) -> str | None:
    """An email address as OCR reads it: "patrick. buisson@Ggmaii.exampie", "Pierre
    bruniworange.exampie" (the "@" lost). The top-level domain and a common mail provider are
    matched to the lists in ``config/vocabulary.toml``; without an "@", the address is only
    recognised by such a provider. None when nothing recognisable is left."""
    table = knowledge.vocabulary()["email"]
    text = text.strip().lower()
    tail = _SCANNED_EMAIL_TAIL.search(text)
    if not tail:
        return None
    top_level = _closest(tail.group(2), table["top_level"], 1)
    if top_level is None:
        return None
    head, domain = text[: tail.start()], tail.group(1)
    if "@" not in head and "@" in domain:
        head, domain = head + domain.split("@")[0] + "@", domain.split("@")[1]
    misread_at = re.search(r"[^a-z0-9\s.\-]+\s*$", head)  # "@" read as "'&", "©"...
    if misread_at:
        local = head[: misread_at.start()]
        domain = _closest(domain, table["providers"], 2 if len(domain) >= 5 else 1) or domain
    else:
        # No "@": a known provider ends the last word; what precedes it is the local part
        # (the "@" misread as a letter or two stays in it, for the name check to remove).
        local = None
        for provider in sorted(table["providers"], key=len, reverse=True):
            for size in (len(provider), len(provider) + 1, len(provider) - 1):
                if size < len(domain) and edit_distance(domain[-size:], provider) <= (1 if len(provider) >= 5 else 0):
                    local, domain = head + domain[:-size], provider
                    break
            if local is not None:
                break
        if local is None:
            return None
    local = re.sub(r"\s*\.?\s+\.?\s*", ".", local.strip(" .'’&@"))
    local = re.sub(r"[^a-z0-9._%+\-]", "", local).strip(".")
    return f"{local}@{domain}.{top_level}" if local else None


def _closest(word: str, candidates: list[str], max_distance: int) -> str | None:
    if word in candidates:
        return word
    scored = sorted((edit_distance(word, c), c) for c in candidates)
    if scored and scored[0][0] <= max_distance and (len(scored) == 1 or scored[1][0] > scored[0][0]):
        return scored[0][1]
    return None


def email_from_names(local: str, first_name: str | None, last_name: str | None) -> str | None:
    """The usual address made of the insured's names that a scanned local part is at most two
    slips away from ("pierre.bruniw" → "pierre.brun"), or None."""
    first, last = fold(first_name or "").replace(" ", "-"), fold(last_name or "").replace(" ", "-")
    if not first or not last:
        return None
    forms = {f"{first}.{last}", f"{last}.{first}", f"{first}{last}", f"{first[0]}.{last}", f"{first}-{last}", f"{first}_{last}", f"{first[0]}{last}"}
    scored = sorted((edit_distance(local, form), form) for form in forms)
    distance, form = scored[0]
    return form if 0 < distance <= 2 and distance < len(form) // 4 + 1 else None


# ---------------------------------------------------------------- dates

MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "mar": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
    # English, for the international desks' bilingual mails ("3 November 2026", "November 3, 2026").
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?(\d{4}|\d{2})(?!\d)")
# Year first: "2026-10-13", also with dots or slashes ("2026.10.13", "2026/10/13").
_ISO_DATE = re.compile(r"(?<![\d.])(\d{4})([-./])(\d{1,2})\2(\d{1,2})(?![\d.]?\d)")
# "13 oct. 2026", "1er novembre 2026", "3-nov-2026".
_WORD_DATE = re.compile(r"(?<!\d)(\d{1,2})(?:er|st|nd|rd|th)?(?:\s+|-)([a-z]{3,9})\.?(?:\s+|-)(\d{4}|\d{2})(?!\d)")
_MONTH_FIRST_DATE = re.compile(r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)")  # "October 6, 2026"
# "03 11 2026": day, month and a full year apart by spaces (never inside a phone's pairs).
_SPACED_DATE = re.compile(r"(?<!\d)(?<!\d )(\d{2}) (\d{2}) (20\d{2})(?!\d| \d)")
# "28102026": a date typed without separators (a software's export), only with a full year 20xx.
_COMPACT_DATE = re.compile(r"(?<![\w/.\-])(?=\d{8}(?![\w/\-]))(?:(\d{2})(\d{2})(20\d{2})|20\d{6})")
# "5/XI/2026": the month in Roman numerals.
_ROMAN_MONTHS = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11, "XII": 12}
_ROMAN_DATE = re.compile(r"(?<!\d)(\d{1,2})\s?[/.\-]\s?(XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\s?[/.\-]\s?(\d{4}|\d{2})(?!\d)")
# Day and month without the year ("12/10", "3 nov."): read only with the mail's date at hand.
# "12/10", "mardi 03.11." (a full stop after it ends the sentence, not a date).
_NUMERIC_DAY_MONTH = re.compile(r"(?<![\d/.\-])(\d{1,2})[/.](\d{1,2})(?![\d/\-]|\.\s?\d|\s?[/.\-]?\s?\d)")
_WORD_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})(?:er|st|nd|rd|th)?\s+([a-z]{3,9})\b\.?(?!\s*\d)")
# "Nov 3rd", "October 6" (English, month first): only with an ordinal or a full month name.
_MONTH_DAY = re.compile(r"\b([a-z]{3,9})\.?\s+(\d{1,2})(st|nd|rd|th)?\b(?!\s*[,/.:\-]?\s*\d)")
# "mercredi 7 dans la nuit": a weekday and a day, the month left out (the latest such day).
_WEEKDAYS = {w: n for n, w in enumerate("lundi mardi mercredi jeudi vendredi samedi dimanche".split())}
_WEEKDAYS.update({w: n for n, w in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())})
_WEEKDAY_DAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\s+(\d{1,2})(?:er|st|nd|rd|th)?\b(?!\s*[/.\-]?\s*\d)")
_DAY_OF_THIS_MONTH = re.compile(r"(?<!\d)(\d{1,2})(?:er)? (?:courant|du mois|de ce mois)\b")  # "le 11 courant"
_ENGLISH_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}


# "six octobre 2026", "premier novembre 2026": the day in words.
_DAY_WORDS = {
    w: n for n, w in enumerate(
        "premier deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept dix-huit "
        "dix-neuf vingt vingt-et-un vingt-deux vingt-trois vingt-quatre vingt-cinq vingt-six vingt-sept vingt-huit "
        "vingt-neuf trente trente-et-un".split(), 1
    )
}
_WORDED_DAY_MONTH = re.compile(r"\b(" + "|".join(sorted(_DAY_WORDS, key=len, reverse=True)) + r")\s+([a-z]{3,9})\b(?!\.?\s*\d)")
_WORDED_DAY_DATE = re.compile(r"\b([a-z]+(?:-[a-z]+)*)\s+([a-z]{3,9})\.?\s+(\d{4})(?!\d)")


def _make_date(y: int, m: int, d: int) -> date | None:
    if y < 100:
        y += 2000
    try:
        value = date(y, m, d)
    except ValueError:
        return None
    return value if 1990 <= value.year <= 2100 else None


def find_dates(text: str, sent: date | None = None) -> list[tuple[date, int, int]]:
    """Every date written in a French form: 13/10/26, 13.10.2026, 2026-10-13, 13 oct. 2026, 1er
    novembre 2026; with ``sent`` (the mail's date) also "13/10" and "13 oct.", in the year that
    puts them on or before it."""
    found: list[tuple[date, int, int]] = []
    for m in _ISO_DATE.finditer(text):
        d = _make_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if d:
            found.append((d, m.start(), m.end()))
    for m in _NUMERIC_DATE.finditer(text):
        if any(s <= m.start() < e for _, s, e in found):
            continue
        d = _make_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d:
            found.append((d, m.start(), m.end()))
    for m in _ROMAN_DATE.finditer(text):
        d = _make_date(int(m.group(3)), _ROMAN_MONTHS[m.group(2)], int(m.group(1)))
        if d:
            found.append((d, m.start(), m.end()))
    for m in _COMPACT_DATE.finditer(text):
        # "28102026" day first; "20261013" year first when that is no day-first date.
        digits = m.group(0)
        d = _make_date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m.group(1) else None
        d = d or _make_date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        if d:
            found.append((d, m.start(), m.end()))
    for m in _SPACED_DATE.finditer(text):
        d = _make_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d and not any(s <= m.start() < e for _, s, e in found):
            found.append((d, m.start(), m.end()))
    folded = _fold_keep_positions(text)
    for m in _WORD_DATE.finditer(folded):
        month = MONTHS.get(m.group(2))
        if month:
            d = _make_date(int(m.group(3)), month, int(m.group(1)))
            if d:
                found.append((d, m.start(), m.end()))
    # "vingt et un" as one word, same length: positions stay those of the text.
    hyphenated = re.sub(r"\b(?:vingt|trente) et un\b", lambda m: m.group(0).replace(" ", "-"), folded)
    for m in _WORDED_DAY_DATE.finditer(hyphenated):
        day = _DAY_WORDS.get(m.group(1))
        month = MONTHS.get(m.group(2))
        if day and month and not any(s <= m.start() < e for _, s, e in found):
            d = _make_date(int(m.group(3)), month, day)
            if d:
                found.append((d, m.start(), m.end()))
    for m in _MONTH_FIRST_DATE.finditer(folded):
        month = MONTHS.get(m.group(1))
        if month and not any(s <= m.start() < e for _, s, e in found):
            d = _make_date(int(m.group(3)), month, int(m.group(2)))
            if d:
                found.append((d, m.start(), m.end()))
    if sent is not None:
        found.extend(_yearless_dates(text, folded, hyphenated, sent, found))
    return sorted(found, key=lambda f: f[1])


def _yearless_dates(text: str, folded: str, hyphenated: str, sent: date, found: list[tuple[date, int, int]]) -> list[tuple[date, int, int]]:
    """Dates without a year, in the year that puts them on or before ``sent`` (``hyphenated``: the
    folded text with "vingt et un" written as one word)."""
    days_months = [(m, int(m.group(2)), int(m.group(1))) for m in _NUMERIC_DAY_MONTH.finditer(text)]
    days_months += [(m, MONTHS[m.group(2)], int(m.group(1))) for m in _WORD_DAY_MONTH.finditer(folded) if m.group(2) in MONTHS]
    days_months += [
        (m, MONTHS[m.group(1)], int(m.group(2))) for m in _MONTH_DAY.finditer(folded)
        if m.group(1) in MONTHS and (m.group(3) or m.group(1) in _ENGLISH_MONTHS)
    ]
    out: list[tuple[date, int, int]] = []
    for m in _WORDED_DAY_MONTH.finditer(hyphenated):  # "du trois novembre"
        day, month = _DAY_WORDS.get(m.group(1)), MONTHS.get(m.group(2))
        if day and month and not any(s <= m.start() < e for _, s, e in found):
            d = _make_date(sent.year, month, day)
            d = d if d is None or d <= sent else _make_date(sent.year - 1, month, day)
            if d:
                out.append((d, m.start(), m.end()))
    for m in _DAY_OF_THIS_MONTH.finditer(folded):
        d = _make_date(sent.year, sent.month, int(m.group(1)))
        if d and d <= sent:
            out.append((d, m.start(), m.end()))
    for m in _WEEKDAY_DAY.finditer(folded):
        d = _weekday_date(sent, _WEEKDAYS[m.group(1)], int(m.group(2)))
        month_after = _WORD_DAY_MONTH.match(folded, m.start(2))
        if d and not any(s <= m.start(2) < e for _, s, e in found + out) and not (month_after and month_after.group(2) in MONTHS):
            out.append((d, m.start(), m.end()))
    for m, month, day in days_months:
        if any(s <= m.start() < e for _, s, e in found):
            continue
        d = _make_date(sent.year, month, day)
        if d and d > sent:
            d = _make_date(sent.year - 1, month, day)
        if d:
            out.append((d, m.start(), m.end()))
    return out


def _weekday_date(sent: date, weekday: int, day: int) -> date | None:
    """The latest date on or before ``sent`` that falls on this day of the month and this weekday
    (within two months: a weekday names a recent day)."""
    year, month = sent.year, sent.month
    for _ in range(3):
        d = _make_date(year, month, day)
        if d and d <= sent and d.weekday() == weekday:
            return d
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return None


def _fold_keep_positions(text: str) -> str:
    """Lower case and accents removed, one output character per input character."""
    import unicodedata

    out = []
    for c in text.lower():
        base = unicodedata.normalize("NFKD", c)
        out.append(base[0] if base and base[0].isascii() else c)
    return "".join(out)


def normalize_date(text: str, sent: date | None = None) -> str | None:
    # A date typed one digit a cell ("1 1 1 0 2026") reads with its cells joined.
    dates = find_dates(text, sent) or find_dates(re.sub(r"(?<=\d) (?=\d)", "", text), sent)
    return dates[0][0].isoformat() if dates else None


# Digits a scan confuses, for dates read from faxes ("91/11/2026" for 01/11/2026, "2626" for 2026).
_DIGIT_SLIPS = {"9": "0", "8": "0", "6": "0", "0": "8", "4": "1", "7": "1", "3": "8", "5": "6", "2": "0"}
_SCANNED_DATE = re.compile(r"(\d{1,2})\s?[/.\-,:]\s?(\d{1,2})\s?[/.\-,:\s]\s?(\d{4})")
_SCANNED_WORD_DATE = re.compile(r"(?<!\d)(\d{1,2})(?:er)?\s?([A-Za-zéû]{3,9})\.?\s+(\d{4})(?!\d)")


def repair_scanned_date(text: str, today: date | None = None) -> str | None:
    """A date read from a scan: as written when plausible, else the single one-digit repair
    that makes it a real date in the last five years."""
    today = today or date.today()
    # A digit split from its neighbour by the scan ("27/1 0/2026").
    text = re.sub(r"(?<=[/.\-]\d) (?=\d[/.\-])|(?<=[/.\-]) (?=\d\d?[/.\-]\d{4})", "", text)
    # A lone "1" read as a bar, a slash or a letter before a month or a separator ("| oct. 2026",
    # "/ Oct. 2026").
    text = re.sub(r"(?<![\w/])[|Il!/](?=\s?(?:[A-Za-zéû]{3,}\.?\s+\d{4}|[/.\-]\s?\d))", "1", text)
    # The first separator lost: "2110/2026" for 21/10/2026.
    text = re.sub(r"(?<!\d)(\d{2})(\d{2})([/.\-])(\d{4})(?!\d)", r"\1\3\2\3\4", text)
    # A month in words, its day misread ("45 oct. 2026") or glued to it ("8oct 2026"): its
    # digits are repaired as a numeric date's are.
    text = _SCANNED_WORD_DATE.sub(lambda m: f"{m[1]}/{MONTHS[fold(m[2])]}/{m[3]}" if fold(m[2]) in MONTHS else m[0], text)
    m = _SCANNED_DATE.search(text)
    if not m:
        value = normalize_date(text)
        return value if value and date.fromisoformat(value) <= today else None
    day, month, year = m.groups()
    digits = day + "|" + month + "|" + year
    one_slip = [digits[:i] + _DIGIT_SLIPS[c] + digits[i + 1 :] for i, c in enumerate(digits) if c in _DIGIT_SLIPS]
    two_slips = [s[:j] + _DIGIT_SLIPS[c] + s[j + 1 :] for s in one_slip for j, c in enumerate(s) if c in _DIGIT_SLIPS and s[j] == digits[j]]
    # The fewest slips first: a unique valid reading at that level wins, several tie.
    for level in ([digits], one_slip, two_slips):
        valid = set()
        for candidate in level:
            d, mth, y = candidate.split("|")
            value = _make_date(int(y), int(mth), int(d))
            if value and today.replace(year=today.year - 5) <= value <= today:
                valid.add(value)
        if len(valid) == 1:
            return valid.pop().isoformat()
        if valid:
            return None
    return None


# ---------------------------------------------------------------- addresses

POSTAL_CITY_RE = re.compile(r"(?<![\d])((?:0[1-9]|[1-8]\d|9[0-5]|97|98|20)\d{3})\s+([A-ZÀ-ÿa-z][^\n,;()]*)")
# "à Les Abymes (97139)": the city first, its postcode in brackets.
# The city never runs back over "à" ("... impasse des Rosiers à Pinols (43300)"): "Pont-à-Mousson" keeps its hyphens.
CITY_POSTAL_RE = re.compile(r"(?:\bà\s+)?([A-ZÀ-Ý][\w'’\-]*(?:[ \-](?!à\s)[A-Za-zÀ-ÿ][\w'’\-]*){0,4})\s*\(((?:0[1-9]|[1-8]\d|9[0-5]|97|98|20)\d{3})\)")
STREET_TYPES = (
    "rue|avenue|av|boulevard|bd|bld|chemin|ch|impasse|imp|allée|allee|place|pl|route|rte|quai|cours|square|sq|"
    "passage|voie|résidence|residence|lotissement|lot|hameau|lieu-dit|lieu dit|clos|cité|cite|sentier|montée|montee|"
    "faubourg|fg|promenade|esplanade|rond-point|parvis|carrefour|villa|mail|ruelle|venelle|traverse|domaine|sente|"
    "chaussée|chaussee|côte|cote|corniche|levée|levee|galerie"
)
STREET_RE = re.compile(
    # Not the last pair of a phone or a date ("06.77.20.55.94, mail ..."); ends at a column's
    # gap (three spaces).
    rf"(?<![\w./])(\d{{1,4}}(?:\s?(?:bis|ter|quater|[A-Ha-h])\b)?,?\s*(?:{STREET_TYPES})\.?\s+[^\n,;@]+?)(?=\s{{3}}|\s*(?:,|;|\n|$|\s-\s|\s\d{{5}}\b|\(|à\s[A-ZÀ-Ý][^\n,;(]*\(\d{{5}}\)))",
    re.IGNORECASE,
)
COMPLEMENT_RE = re.compile(
    r"\b(b[âa]t(?:iment)?\.?\s*\w+|r[ée]sidence\s[^,\n]+|ap{1,2}t\.?\s*\w+|appartement\s*n?°?\s*\d+|\d+\s?(?:e|er|ème|eme)\s+étage(?:\s+\w+)?|étage\s*\d+|escalier\s*\w+|esc\.?\s*\w+|porte\s*\w+|entrée\s*\w+|lot\.?\s+\w+)",
    re.IGNORECASE,
)


def department_of(postal_code: str | None) -> str | None:
    if not postal_code or not re.fullmatch(r"\d{5}", postal_code):
        return None
    if postal_code.startswith("97"):
        return postal_code[:3] if postal_code[2] in "123456" else None
    if postal_code.startswith("20"):
        return "2A" if int(postal_code) < 20200 else "2B"
    return postal_code[:2]


_SCAN_RESIDUE = re.compile(r"^(?:[^\w]+|[a-zà-ÿ]{1,2}\.?)$")


def strip_scan_residue(street: str) -> str:
    """A scanned street without the specks a frame or a map left around it ("146 rue de la Gare
    ii. |", "71 chemin | du Moulin", "147 quai _des Bateliers"): rules read as bars, a trailing
    letter or two, a dot or a dash glued before a word; its type of way one letter off ("ruc",
    "routc", "alliée"); no umlaut, which no French street has ("Chäteau")."""
    street = re.sub(r"(?<=\s)[_.](?=[a-zà-ÿ])", "", street.translate(_NOT_FRENCH_MARKS))
    words = [w for w in street.split() if w != "|"]
    while len(words) > 2 and _SCAN_RESIDUE.match(words[-1]):
        words.pop()
    if len(words) > 2 and words[0][:1].isdigit():
        words[1] = _street_type(words[1])
    return " ".join(words)


def _street_type(word: str) -> str:
    """A way's type one letter off the only type it can be ("ruc" → "rue"), case kept."""
    folded = fold(word)
    types = _street_types()
    if folded in types or len(folded) < 3:
        return word
    near = [t for t in types if len(t) >= 3 and abs(len(t) - len(folded)) <= 1 and edit_distance(folded, t) == 1]
    if len(near) != 1:
        return word
    return near[0].capitalize() if word[:1].isupper() else near[0]


@functools.lru_cache(maxsize=1)
def _street_types() -> frozenset[str]:
    return frozenset(fold(t) for t in STREET_TYPES.split("|"))


def clean_city(text: str) -> str | None:
    """The city as written, without trailing punctuation or a following statement."""
    text = re.split(r"\s[-–|]\s|\s{3,}|\s\(|,|;|\.\s|\s(?:tel|tél|tél\.|telephone|téléphone|mail|email)\b", text, maxsplit=1, flags=re.I)[0]
    text = squash(text).strip(" .,:-|")
    if not text or not re.search(r"[A-Za-zÀ-ÿ]", text):
        return None
    return text


# ---------------------------------------------------------------- amounts

AMOUNT_RE = re.compile(r"(\d{1,3}(?:[ .\u202f\u00a0]\d{3})*|\d+)(?:,(\d{1,2}))?\s*(?:€|eur\b|euros?\b)", re.I)


def normalize_amount(text: str) -> float | int | None:
    m = AMOUNT_RE.search(text)
    if not m:
        m2 = re.search(r"(?<![\d])(\d{1,3}(?:[ .\u202f\u00a0]\d{3})+|\d{2,6})(?![\d])", text)
        if not m2:
            return None
        return int(re.sub(r"\D", "", m2.group(1)))
    whole = int(re.sub(r"\D", "", m.group(1)))
    if m.group(2) and int(m.group(2)):
        return float(f"{whole}.{m.group(2)}")
    return whole
