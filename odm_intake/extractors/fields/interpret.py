"""Reading the value of each label found on a form into fields (type-checked, normalised)."""

from __future__ import annotations

import re
from functools import lru_cache

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.fields.address import parse_address
from odm_intake.extractors.fields.evidence import FieldValue, Mission
from odm_intake.extractors.fields.form import LabelHit
from odm_intake.extractors.fields.options import box_at_an_end, boxes_follow_options, parse_options, ticked_text
from odm_intake.extractors.fields.values import (
    COMPLEMENT_RE,
    POSTAL_CITY_RE,
    STRAY_BEFORE_NUMBER,
    STREET_RE,
    clean_city,
    digits_for_lookalikes,
    find_dates,
    find_phones,
    normalize_amount,
    normalize_civility,
    normalize_claim_number,
    normalize_code,
    normalize_date,
    normalize_email,
    normalize_policy_number,
    read_scanned_claim,
    read_scanned_policy,
    read_scanned_email,
    repair_scanned_date,
    repair_scanned_complement,
    split_person,
)
from odm_intake.extractors.text import fold, fold_tokens, squash, within_one_edit
from odm_intake.extractors.words import TICKED, UNTICKED

ZERO_LOST_CONFIDENCE = 0.7  # a number whose leading zero a spreadsheet dropped, given back
LABEL_CONFIDENCE = 0.95
UNNAMED_CONFIDENCE = 0.6  # a value naming no entry of its vocabulary: "autre", or words it does not know


SPLIT_CONFIDENCE = 0.8


# A value under a label inferred rather than read: below calibration's DOUBTED, never shown as sure.
GUESSED_LABEL_CONFIDENCE = 0.69


def _fv(hit: LabelHit, value, source: str, confidence: float = LABEL_CONFIDENCE) -> FieldValue:
    page = hit.page
    return FieldValue(
        value=value,
        # A value cut at a column gap may be one column of a table of several (two parties).
        confidence=round(min(confidence, SPLIT_CONFIDENCE if hit.split else 1.0, GUESSED_LABEL_CONFIDENCE if hit.guessed_label else 1.0) * (0.5 + 0.5 * hit.conf), 3),
        source=source,
        text=f"{hit.label_text} {hit.value}".strip(),
        box=hit.box.as_list(),
        page_size=[round(page.width, 1), round(page.height, 1)],
        ocr_conf=hit.min_conf if hit.conf < 1.0 else None,
        method="label",
        bare_label=len(hit.spec.tokens) == 1 and not hit.spec.shorthand,
    )


def folded(text: str, scanned: bool) -> str:
    """Folded text; scanned text has its near-miss vocabulary words corrected and its specks
    read as lone letters dropped ("proprietaire r non occupant")."""
    if not scanned:
        return fold(text)
    return " ".join(t for t in knowledge.correct_scanned(fold(text)).split() if len(t) > 1 or t in _ONE_LETTER_WORDS)


_ONE_LETTER_WORDS = frozenset("aydl")  # "à", "y", and the elided "d'" and "l'" as folded


# A code followed by its legend: "APP (MAI = maison, APP = appartement)", or with the brackets a
# scan read as bars ("APP | MAI = maison, APP = appartement |").
_CODE_AND_LEGEND = re.compile(r"^\s*([A-Za-z]{1,5})\.?\s*[(|]([^()|]*=[^()|]*)[)|]?")


def _decoded(value: str) -> str:
    """The meaning of a code given with its legend, or the value as it is."""
    m = _CODE_AND_LEGEND.match(value)
    if not m:
        return value
    code = fold(m.group(1))
    for entry in re.split(r"[,;/]", m.group(2)):
        key, _, meaning = entry.partition("=")
        if fold(key) == code and meaning.strip():
            return meaning.strip()
    return value


GUESSED_SIDE_CONFIDENCE = 0.7
MISREAD_NAME_CONFIDENCE = 0.6  # a peril or trade read from a misspelt printed name
_LONE_X = re.compile(r"(?<!\S)[xX](?!\S)")


def _lone_x_as_tick(text: str) -> str:
    """"Maison 25 Appartement x": an x typed in a sheet's column "Cocher (x)", where no boxes
    are drawn, is a tick."""
    if ticked_text(text) is None and _LONE_X.search(text):
        return _LONE_X.sub(f" {TICKED} ", text)
    return text


def _sided(vocabulary: str, raw: str, scanned: bool) -> bool:
    """Whether the side a tick stands for is known: no tick at all, a box opening or closing the
    list, or a list naming one option. "Maison ☒ Appartement" chooses one of the two by guess."""
    raw = _lone_x_as_tick(raw)
    if ticked_text(raw) is None or box_at_an_end(raw):
        return True
    return len(knowledge.vocab(vocabulary).distinct(folded(raw, scanned))) < 2


def choice(vocabulary: str, value: str, scanned: bool = False) -> str | None:
    """A vocabulary value from a label's value, reading ticked boxes when there are some."""
    value = _lone_x_as_tick(_decoded(value))
    ticked = ticked_text(value)
    text = value if ticked is None else ticked
    if not text:
        return _lost_box(vocabulary, value) if scanned and ticked == "" else None
    text = folded(text, scanned)
    found = knowledge.vocab(vocabulary).distinct(text)
    # "Maison Appartement" with no box read: listing the options says nothing.
    if ticked is None and len(found) > 1:
        return None
    if len(found) > 1:
        # A missed box glued two options together: the ticked one is the one next to the tick.
        # Boxes after their options: the last named before the tick; boxes before: the first after it.
        follow = boxes_follow_options(value)
        positions = {v: p for v, p in _positions(vocabulary, text, first=not follow).items() if v in found}
        pick = max if follow else min
        return pick(positions, key=positions.get) if positions else found[0]
    return found[0] if found else None


def _lost_box(vocabulary: str, value: str) -> str | None:
    """On a scan where every box read is empty, the one box lost is the ticked one (a cross
    inks the box onto its word, an empty outline stays apart): "Propriétaire occupant Locataire ☐
    Propriétaire non occupant ☐" names the option left without a box."""
    follow = boxes_follow_options(value)
    lost: list[str] = []
    for label, _ in parse_options(value) or []:
        found = knowledge.vocab(vocabulary).distinct(fold(label))
        positions = {v: p for v, p in _positions(vocabulary, fold(label)).items() if v in found}
        if len(positions) > 1:
            # The box read belongs to the option next to it; the others lost theirs.
            kept = (max if follow else min)(positions, key=positions.get)
            lost.extend(v for v in positions if v != kept)
    return lost[0] if len(lost) == 1 else None


def yes_no(value: str) -> bool | None:
    options = parse_options(value, per_option_yes_no=False)
    if options is not None:
        # "☒ Oui", or the statement's own Oui ("Cause réparée ... OUI ☒ / NON ☐").
        ticked = [fold(label).split() for label, on in options if on]
        if any(words[:1] == ["oui"] or words[-1:] == ["oui"] for words in ticked):
            return True
        if any(words[:1] == ["non"] or words[-1:] == ["non"] for words in ticked):
            return False
        return None
    folded = fold(value)
    if re.match(r"^(non |pas )?(renseigne|connu|precise|communique|determine)e?s?\b|^(nc|nr|inconnue?|\?)", folded):
        return None  # "NON RENSEIGNÉ": the agency does not know
    if re.match(r"(oui|yes)\W+(non|no)\b|(non|no)\W+(oui|yes)\b", folded):
        # Both answers offered, neither marked (a ring the scan lost, or none drawn), or a
        # footnote listing them ("Oui / Non / NC (non communiqué)").
        return None
    # A software export writes booleans: "true", "false", "vrai", "faux", "1", "0".
    if re.match(r"^(oui|yes|faite?|reparee?|ok|true|vrai)\b|^1$", folded):
        return True
    if re.match(r"^(non|no|pas|false|faux)\b|^0$", folded):
        return False
    return None


def _positions(vocabulary: str, text: str, first: bool = False) -> dict[str, float]:
    """Where each value of the vocabulary is last named in the text; with ``first``, where it is
    first named, the longer of two names starting at one place coming first ("propriétaire
    occupant" before "propriétaire")."""
    out: dict[str, float] = {}
    for value, patterns in knowledge.vocab(vocabulary).entries:
        for p in patterns:
            for m in p.finditer(text):
                if first:
                    out[value] = min(out.get(value, float("inf")), m.start() - (m.end() - m.start()) / 1000)
                else:
                    out[value] = max(out.get(value, -1), m.start())
    return out


def trade(value: str, scanned: bool = False) -> str | None:
    ticked = ticked_text(value)
    text = folded(value if ticked is None else ticked, scanned)
    if not text:
        return None
    if re.match(knowledge.vocabulary()["form_values"]["trade_other_prefix"], text):
        return "autre"
    named = knowledge.vocab("trade").first(text)
    if named is None and scanned:
        named = knowledge.nearest_form_name("trade", text)  # "Serurrerie", "Vitrere"
    return named or "autre"


_FAX_AFTER = re.compile(r"\b(?:fax|t[ée]l[ée]copie)\b", re.I)
_LEADER_ZEROS = re.compile(r"(?<!\d)(0[1-9]\d{8})[0oO]{1,3}(?!\d)")


def _risk_addresses_first(hits: list[LabelHit]) -> list[LabelHit]:
    """The hits, less the addresses under a plain label ("Adresse principale") when another
    label names the damaged place and gives its address ("Risque assuré : 53 allée ..."): the
    first is then the insured's own."""
    words = set(knowledge.vocabulary()["address_words"]["risk_labels"])
    risk = {
        id(h) for h in hits
        if h.spec.kind == "address" and words & set(fold_tokens(h.spec.text)) and (STREET_RE.search(h.value) or re.search(r"\b\d{5}\b", h.value))
    }
    if not risk:
        return hits
    return [h for h in hits if h.spec.kind != "address" or id(h) in risk]


def apply_hits(hits: list[LabelHit], source_of, mission: Mission) -> None:
    """Offer every label hit's value to the mission. ``source_of(page)`` names the evidence source."""
    phones: list[tuple[bool, FieldValue]] = []  # (labelled as a second number, value), in page order
    for hit in _risk_addresses_first(hits):
        key, kind, raw = hit.spec.key, hit.spec.kind, squash(hit.value)
        blank_target = _BLANK_TARGETS.get(key)
        # A Yes/No left unticked is "not stated"; a sentence going on after the label on its line
        # ("Fuite réparée par l'entreprise") is left to the prose reading.
        # (Not on scans: there the boxes of "Oui ☐ Non ☐" may be lost, "Gui: Non ::".)
        sentence = kind == "yes_no" and hit.conf == 1.0 and parse_options(raw) is None and _on_label_line(hit)
        if blank_target and not sentence and (not raw or (kind == "yes_no" and yes_no(raw) is None)):
            mission.from_form.add(blank_target)
        if not raw or not re.search(r"\w", _TAG.sub("", raw)):
            continue  # no value, or only a printed tree's tags ("</Prestation> </MessageMission>")
        src = source_of(hit.page)
        scanned = hit.conf < 1.0
        if kind in ("person", "name"):
            raw = raw.lstrip(f"{TICKED}✔✓ ")  # a checklist's tick in its column before the answer
        if kind == "claim_number":
            if scanned:
                raw = raw.replace(TICKED, "B")  # a bold B taken for a ticked box
            value = normalize_claim_number(raw)
            policy = normalize_policy_number(raw) if value is None and _POLICY_SHAPE.match(raw) else None
            if policy:
                # "Réf. compagnie : AZ 8738 2179" names a contract, not a claim: read by its type.
                mission.offer("policy_number", _fv(hit, policy, src, 0.7))
                continue
            if value is None and scanned:
                # Scans read the leading B of agency numbers as 8, 3 or 6, and digits as look-alike
                # letters ("Bi14160C7"): a guess, to be checked.
                guess = read_scanned_claim(raw)
                if guess:
                    mission.offer("claim_number", _fv(hit, guess, src, 0.5))
                    continue
            mission.offer("claim_number", _fv(hit, value, src))
        elif kind == "policy_number":
            leading = fold(raw).split()[:1]
            if leading and leading[0] in knowledge.label_words():
                continue  # the next caption and its value ("N° de contrat  Code 189929"), the box left empty
            policy = normalize_policy_number(raw)
            # On a scan, letters after the number may be a rule's or a frame's residue ("AZ2174 LL").
            loose_end = scanned and policy is not None and re.search(r"\d\s+[A-Za-z]{1,3}\s*$", raw.strip(" |"))
            repaired = read_scanned_policy(policy) if scanned and policy else None
            if repaired:
                # "AZO1300950": a digit read as its look-alike letter after the prefix; a guess to check.
                mission.offer("policy_number", _fv(hit, repaired, src, 0.6))
                continue
            mission.offer("policy_number", _fv(hit, policy, src, 0.7 if loose_end else LABEL_CONFIDENCE))
        elif kind == "code":
            mission.offer(key, _fv(hit, normalize_code(raw), src, _junk_before_confidence(raw, scanned)))
        elif kind == "person" or (kind == "name" and key == "last_name" and _is_full_person(raw)):
            # "Assuré : Mme X Y", or "Nom : Mme Sylvie LUCAS" (the label names one part, the value gives them all).
            _offer_person(hit, raw, src, mission)
        elif kind == "civility":
            ticked = ticked_text(raw)
            glued = _GLUED_TICK.findall(raw) if scanned else []
            if len(glued) == 1:
                # "M. VMme": a tick drawn by hand, read as a letter glued to the civility it marks.
                mission.offer("civility", _fv(hit, normalize_civility(glued[0]), src, 0.7))
            elif ticked:
                mission.offer("civility", _fv(hit, normalize_civility(ticked), src))
            elif ticked == "" and scanned:
                # Every box read empty ("JM ☐ Mme"): the option whose box was lost is the one a
                # cross inked onto its word, a guess for the CC to check.
                lost = [part.strip() for part in raw.split(UNTICKED)[:1] if part.strip()]
                guess = next((normalize_civility(t[k:]) for t in lost for k in (0, 1) if normalize_civility(t[k:])), None)
                mission.offer("civility", _fv(hit, guess, src, 0.5))
            elif not _offers_both_civilities(raw):
                mission.offer("civility", _fv(hit, normalize_civility(raw), src))
        elif kind == "name":
            # On scans a lone letter is noise (a rule's residue), not an initial.
            name = " ".join(t for t in raw.split() if len(t) > 1 or (t.isascii() and t.isupper())) if scanned else raw
            name = name.strip(f" ,.;:|'‘’!_{TICKED}{UNTICKED}")  # a frame around the value taken for a ring
            # "Monsieur DUVAL": a civility's word (an option's, the box lost) is no part of the name.
            words = name.split()
            while words and fold(words[0]) in knowledge.civilities():
                words = words[1:]
            name = " ".join(words)
            if re.search(r"[A-Za-zÀ-ÿ]", name) and len(name) < 60 and plausible_name(name):
                mission.offer(key, _fv(hit, name, src))
        elif kind == "address":
            if len(raw.split()) > 6 and not STREET_RE.search(raw):
                continue  # a sentence after a word like the label ("adressé à l'agence", a scan's "à" read "2")
            address = parse_address(raw)
            if address.street and knowledge.is_label_run(re.sub(r"^\d+\s*", "", address.street)):
                continue  # a numbered caption read after the label ("18 Type de logement"): no street
            mission.offer("street", _fv(hit, address.street, src))
            mission.offer("address_complement", _fv(hit, address.complement, src, 0.9))
            mission.offer("postal_code", _fv(hit, address.postal_code, src, 0.9))
            mission.offer("city", _fv(hit, address.city, src, 0.9))
        elif kind == "postal_city":
            m = POSTAL_CITY_RE.search(raw)
            if m:
                mission.offer("postal_code", _fv(hit, m.group(1), src))
                mission.offer("city", _fv(hit, clean_city(m.group(2)), src))
        elif kind == "postal_code":
            # "75 001" or a comb's "8 5 4 5 0": digits spaced apart.
            joined = raw.replace(" ", "") if len(raw) <= 7 else re.sub(r"(?<=\b\d) (?=\d\b)", "", raw)
            m = re.search(r"(?<!\d)(\d{5})(?!\d)", joined)
            if m is None and re.fullmatch(r"[1-9]\d{3}", joined):
                # A spreadsheet's cell drops the leading zero ("3100" for 03100).
                mission.offer("postal_code", _fv(hit, "0" + joined, src, ZERO_LOST_CONFIDENCE))
            else:
                mission.offer("postal_code", _fv(hit, m.group(1) if m else None, src))
        elif kind == "phones":
            if key != "agency_fax":
                raw = _FAX_AFTER.split(raw)[0]  # "TEL 05 56 96 71 07 FAX 05 57 45 25 73": the fax is no phone
                found = [p for p, _, _ in find_phones(raw)]
                digits = re.sub(r"[\s.\-]", "", raw)
                if not found and re.fullmatch(r"[1-79]\d{8}", digits):
                    # A spreadsheet's cell drops the leading zero ("612345678").
                    phones.append((key == "phone2", _fv(hit, "0" + digits, src, ZERO_LOST_CONFIDENCE)))
                if not found and scanned:
                    # A digit a scan read as its look-alike letter ("O1 89 97 41 02"): a guess to check.
                    phones.extend((key == "phone2", _fv(hit, p, src, 0.6)) for p, _, _ in find_phones(digits_for_lookalikes(raw)))
                    # The dotted line after a handwritten number read as zeros glued to it ("074313433400").
                    phones.extend((key == "phone2", _fv(hit, m.group(1), src, 0.6)) for m in _LEADER_ZEROS.finditer(digits))
                phones.extend((key == "phone2", _fv(hit, p, src)) for p in found)
        elif kind == "email":
            exact = normalize_email(raw)
            repaired = read_scanned_email(raw) if scanned else None
            if repaired and repaired != exact:
                mission.offer("email", _fv(hit, repaired, src, 0.6))
            else:
                mission.offer("email", _fv(hit, exact, src, 0.6 if _clipped(raw, exact) else LABEL_CONFIDENCE))
        elif kind == "date":
            if key == "date_of_loss":
                if scanned:
                    # As read: a "1" at the start may have been read as "|", which values lose.
                    repaired = repair_scanned_date(hit.words_text)
                    exact = repaired is not None and repaired == normalize_date(raw, mission.sent)
                    confidence = min(LABEL_CONFIDENCE if exact else 0.6, _loss_date_confidence(repaired, mission))
                    mission.offer("date_of_loss", _fv(hit, repaired, src, confidence))
                else:
                    value = normalize_date(raw, mission.sent)
                    confidence = _loss_date_confidence(value, mission)
                    dates = find_dates(raw, mission.sent)
                    if len({d for d, _, _ in dates}) > 1:
                        # Two dates in one box: unsure. Side by side ("4 oct. 2026  3 oct. 2026"), the
                        # second is a correction beside the one struck out (a stroke the text layer does not show).
                        (first, _, end), (second, start, _) = dates[0], dates[1]
                        value = second.isoformat() if not raw[end:start].strip() else first.isoformat()
                        confidence = min(confidence, 0.6)
                    mission.offer("date_of_loss", _fv(hit, value, src, confidence))
        elif kind == "peril":
            ticked = ticked_text(raw)
            text = folded(raw if ticked is None else ticked, scanned)
            perils = knowledge.vocab("peril").distinct(text)
            if ticked is None and len(perils) > 1:
                continue  # the form's list of perils, none read as ticked: it says nothing
            # One tick inside a list of options without boxes: which side it stands for is a
            # guess unless a box opens or closes the list.
            sided = _sided("peril", raw, scanned)
            if len(perils) > 1:
                # A tick drawn beside one option of a list without boxes: the option next to it.
                positions = _positions("peril", text)
                pick = max if boxes_follow_options(raw) else min
                mission.offer("peril", _fv(hit, pick(positions, key=positions.get), src, LABEL_CONFIDENCE if sided else GUESSED_SIDE_CONFIDENCE))
            elif text:
                named = knowledge.vocab("peril").first(text)
                if named is None and scanned and (near := knowledge.nearest_form_name("peril", text)):
                    mission.offer("peril", _fv(hit, near, src, MISREAD_NAME_CONFIDENCE))  # "Pene de clés"
                    continue
                # Words the vocabulary does not know: "autre", or a peril said (or read) otherwise.
                confidence = (LABEL_CONFIDENCE if sided else GUESSED_SIDE_CONFIDENCE) if named else UNNAMED_CONFIDENCE
                mission.offer("peril", _fv(hit, named or "autre", src, confidence))
        elif kind in ("housing", "occupation"):
            # Every box read empty: an option chosen by its lost box is a guess for the CC to check.
            weight = 0.5 if scanned and ticked_text(raw) == "" else 1.0
            for vocabulary in ("housing", "occupation"):
                confidence = (0.93 if kind == vocabulary else 0.85) * weight
                if not _sided(vocabulary, raw, scanned):
                    confidence = min(confidence, GUESSED_SIDE_CONFIDENCE)
                mission.offer(vocabulary, _fv(hit, choice(vocabulary, raw, scanned), src, confidence))
        elif kind == "yes_no":
            mission.offer(key, _fv(hit, yes_no(raw), src))
        elif kind == "trade":
            value = trade(raw, scanned)
            said = knowledge.vocab("trade").first(folded(raw, scanned))
            if value != "autre" and said is None:
                confidence = MISREAD_NAME_CONFIDENCE  # read from a misspelt printed name
            else:
                confidence = LABEL_CONFIDENCE if value != "autre" or said == "autre" else UNNAMED_CONFIDENCE
            mission.offer("trade", _fv(hit, value, src, confidence))
        elif kind == "amount":
            amount = normalize_amount(raw)
            if amount is not None and 10 <= amount <= 100000:
                mission.offer("management_limit_eur", _fv(hit, amount, src, _junk_before_confidence(raw, scanned)))
        elif kind == "text":
            if key == "address_complement" and (re.fullmatch(r"[-–.\s]*", raw) or _only_address_words(raw) or STREET_RE.search(raw) or _TAG.search(raw)):
                continue  # empty, the rest of a caption ("Bât., étage, résidence"), the street itself, or a printed tree's tag
            text = raw.strip(" ,;")
            if scanned and key == "address_complement":
                if hit.conf < 0.5 and not COMPLEMENT_RE.search(text):
                    continue  # the specks of an empty box's dotted line ("ee", "Le Lee"), read with doubt
                text = repair_scanned_complement(text)
            mission.offer(key, _fv(hit, text, src, 0.9))
            named = trade(text, scanned) if key == "request" else "autre"
            if named != "autre":
                # "Nature des travaux : Détection de fuite": the request names the trade.
                mission.offer("trade", _fv(hit, named, src, 0.8))
    _offer_phones(phones, mission)


_TAG = re.compile(r"<\W{0,2}\w[\w.-]*\s*[>»]|^\W{0,3}<[A-Za-z]")  # "<CodePostal>46160", "</Prestation>", "<{Evererment>", "Y <Adresse>"


def _offer_person(hit: LabelHit, raw: str, src: str, mission: Mission) -> None:
    """Civility, first and last name from one value, when both names are plausible."""
    civility, first, last = split_person(_cut_person(raw), surname_first=False)
    if _offers_both_civilities(raw):
        civility = None
    if plausible_name(first) and plausible_name(last):
        mission.offer("civility", _fv(hit, civility, src))
        mission.offer("first_name", _fv(hit, first, src))
        mission.offer("last_name", _fv(hit, last, src))


def _after_name_label(text: str) -> str:
    """The value without a name label it starts with: a heading "Bénéficiaire" over the row
    "Nom M. Hugo MATHIEU" reads the row whole."""
    words = text.split()
    for n in (3, 2, 1):
        if len(words) > n and tuple(fold(" ".join(words[:n])).split()) in _name_labels():
            return " ".join(words[n:]).lstrip(": ")
    return text


@lru_cache(maxsize=1)
def _name_labels() -> frozenset[tuple[str, ...]]:
    return frozenset(spec.tokens for spec in knowledge.labels() if spec.key in ("insured", "last_name", "first_name"))


def representative(text: str) -> str | None:
    """The person after "représentée par" and the like, or None."""
    for cue in knowledge.vocabulary()["roles"]["represented_by"]:
        # Accented letters may come without their accent: any letter stands in their place.
        pattern = "".join(re.escape(c) if c.isascii() else r"\w" for c in cue)
        m = re.search(rf"\b{pattern}\b", text, re.I)
        if m:
            return text[m.end() :].strip(" :,") or None
    return None


def plausible_name(name: str | None) -> bool:
    """A first or last name read by a label is no label word ("ASSURÉ ET LIEU DU SINISTRE"
    read under "Assuré") and no lone particle ("de" of "de Verdun")."""
    if not name:
        return True
    tokens = fold(name).split()
    if tokens and tokens[0] in _PARTICLES and len(tokens) == 1:
        return False
    if len(tokens) == 1 and len(tokens[0]) < 2:
        return False  # one letter: a civility or an initial cut off, no name
    lower = [w for w in name.split() if w[:1].islower() and fold(w) not in _PARTICLES]
    if len(tokens) > 4 or (len(tokens) >= 3 and len(lower) >= 2):
        return False  # words of a sentence ("Nous vous demandons de missionner")
    # A label word, or one misread by a scan ("Civitité" for "Civilité"), is no name.
    return not any(t in knowledge.label_words() or t == "et" or _near_label_word(t) for t in tokens)


def _near_label_word(token: str) -> bool:
    return len(token) >= 8 and any(len(w) >= 8 and within_one_edit(token, w) for w in knowledge.label_words())


_PARTICLES = {"de", "du", "des", "la", "le", "les", "d"}


def _clipped(raw: str, email: str | None) -> bool:
    """An address read after letters it could not take ("Céline.marie@..." gives "line.marie@"):
    its start is lost."""
    if not email:
        return False
    compact = re.sub(r"\s", "", raw).lower()
    start = compact.find(email.split("@")[0])
    return start > 0 and compact[start - 1].isalnum()


def _junk_before_confidence(raw: str, scanned: bool) -> float:
    """A number read on a scan after a stray glyph ("_/ 500 €", "|76645") may have lost its
    first digit to it: left for the CC to check."""
    return 0.6 if scanned and STRAY_BEFORE_NUMBER.match(raw) else LABEL_CONFIDENCE


def _only_address_words(text: str) -> bool:
    """A caption's words only ("Bât., étage, résidence"): the empty box's legend, no complement."""
    tokens = fold(text).split()
    return bool(tokens) and all(t in knowledge.vocabulary()["address_parts"] for t in tokens)


_GLUED_TICK = re.compile(r"(?<!\S)[VvXx✓✔fJ}{|!](Mme|Mlle|Madame|Monsieur|M\.)(?!\S)")  # a hand tick read as a glyph glued to its option


def _offers_both_civilities(text: str) -> bool:
    """"M. ☐ Mme": the form's two civilities, not one read."""
    table = knowledge.civilities()
    return len({table[t] for t in fold(text).split() if t in table}) > 1



# Letters then digits, no claim number's B or C alone in front: "AZ 8738 2179", "MRH-44037".
_POLICY_SHAPE = re.compile(r"^\s*[A-Za-z]{2,4}[\s._/-]?\d[\d\s._/-]{5,}\s*$")


def _on_label_line(hit: LabelHit) -> bool:
    label, value = hit.label_words[-1].box, hit.value_words[0].box if hit.value_words else None
    return value is not None and value.y0 < label.y1 and label.y0 < value.y1


def _offer_phones(phones: list[tuple[bool, FieldValue]], mission: Mission) -> None:
    """The first number under a main label ("Tél. portable", "Tél. fixe") is the phone, the next
    different one the second phone, before those labelled as second ("Autre tél.", "Tél. 2")."""
    ordered = [fv for second, fv in phones if not second] + [fv for second, fv in phones if second]
    first_seen: dict[str, FieldValue] = {}
    for fv in ordered:
        first_seen.setdefault(fv.value, fv)
    distinct = list(first_seen.values())
    if not any(not second for second, _ in phones):
        mission.offer("phone2", distinct[0] if distinct else None)  # only second numbers: kept as such
        return
    for target, fv in zip(("phone", "phone2"), distinct):
        mission.offer(target, fv)


# A form box left empty (or a Yes/No with nothing ticked) means "not stated" for these fields.
_BLANK_TARGETS = {
    "address_complement": "address_complement",
    "email": "email",
    "phone2": "phone2",
    "dde_cause_repaired": "dde_cause_repaired",
    "management_limit_eur": "management_limit_eur",
}


def _loss_date_confidence(value: str | None, mission: Mission) -> float:
    """A loss never happens after the mail telling it: such a date is another (the form's, a
    fax cover's "Date :"), or a misreading. One on the mail's own day is more often the
    document's than the loss's. Both are kept for the CC, below green."""
    if not value or not mission.sent:
        return LABEL_CONFIDENCE
    sent = mission.sent.isoformat()
    return 0.3 if value > sent else 0.6 if value == sent else LABEL_CONFIDENCE


def _is_full_person(text: str) -> bool:
    """A civility then at least two names: "Mme Sylvie LUCAS", "M. PETIT Éric"."""
    tokens = re.sub(r"^(\S+) \.(?= )", r"\1.", text.strip()).split()  # "M . IRIBARNE Aurélien"
    return len(tokens) >= 3 and fold(tokens[0]) in knowledge.civilities() and all(t[:1].isupper() for t in tokens[1:3])


def _cut_person(text: str) -> str:
    """The name part of an "Assuré : Mme X Y, 12 rue ..." value; for a firm, its representative's
    ("SCI X PATRIMOINE, représentée par M. X Alain (gérant)")."""
    text = _after_name_label(representative(text) or text)
    text = re.sub(r"^(M|Mme|Mlle|Mr) ?[,;.]\s", r"\1. ", text.strip())  # a scan's "M, GARNIER Laurent", "M . GARNIER"
    return re.split(r",|;|\s[-–—]\s|\(|\s\d", text, maxsplit=1)[0]
