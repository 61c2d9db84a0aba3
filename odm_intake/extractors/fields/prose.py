"""Fields from free text: broker mails, letters and anything a form reader did not cover.

Each finder looks for the value near the words that announce it ("demeurant", "réf.",
"survenu le", a civility before a name...) and skips what belongs to the sender (signature,
letterhead) or to us (our own phone numbers). Values found here are less sure than a form's
labelled values and carry a lower confidence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.fields.address import parse_address
from odm_intake.extractors.fields.evidence import FieldValue, Mission
from odm_intake.extractors.fields.values import (
    CLAIM_RE,
    COMPLEMENT_RE,
    EMAIL_RE,
    CITY_POSTAL_RE,
    POSTAL_CITY_RE,
    STRAY_BEFORE_NUMBER,
    STREET_RE,
    clean_city,
    find_dates,
    find_phones,
    normalize_amount,
    normalize_claim_number,
    normalize_policy_number,
    read_scanned_claim,
    read_scanned_policy,
    repair_scanned_complement,
    split_person,
)
from odm_intake.extractors.mailtext import SenderIdentity
from odm_intake.extractors.text import edit_distance, fold, squash
from odm_intake.extractors.words import TICKED, UNTICKED

PROSE_CONFIDENCE = 0.82

_CIVILITY = r"(?:M\.\.?|M[ \t]\.|Mr\.?|MR\.?|M|Mme\.?|MME\.?|Mlle\.?|MLLE\.?|Mle\.?|MLE\.?|Mdme\.?|Mad\.|MDME\.?|Mde\.?|Msieur|mme\.?|mlle\.?|mle\.?|melle\.?|mr\.?|Melle\.?|MELLE|Monsr\.?|MONSR\.?|Mons\.?|MONS\.?|MMe\.?|Msr\.?|MSR\.?|Mrs\.?|Ms\.?|Monsieur|MONSIEUR|monsieur|Madame|MADAME|madame|Mademoiselle|MADEMOISELLE|mademoiselle)"
# Names from all over Europe: Latin Extended-A letters too ("SZYMAŃSKI", "ŁUKASZ", "DVOŘÁK").
_NAME_TOKEN = r"[A-ZÀ-ÝĀ-ž][A-Za-zÀ-ÿĀ-ž'’\-]+"
# A name never runs on to the next line ("Mme Chloé MARTIN" above "Madame, Monsieur,").
PERSON_RE = re.compile(rf"(?<![\w])({_CIVILITY})[ \t]+({_NAME_TOKEN}(?:[ \t]+{_NAME_TOKEN}){{0,2}})")
_CLAIM_CUE = re.compile(
    r"(?:sinistre|sin|dossier|r[ée]f(?:[ée]rence)?\.?(?:\s+allianz|\s+sinistre|\s+compagnie)?)\s*(?:allianz\s*)?(?:n°|no|nº|num[ée]ro)?\s*[:.]?\s*",
    re.I,
)
# "n°" as printed and as scans read it ("n”", "n®", "n?"), glued to the word before ("agentn” 717503").
_NUMBER_SIGN = r"(?:n°|nº|no\b|n\s?[”\"'*?®])"
# "contrat multirisque habitation n° ...": a few words may name the contract before its number.
_POLICY_CUE = re.compile(
    rf"(?:\bcontrat(?:\s+[a-zà-ÿ'’-]+){{1,3}}?(?=\s*{_NUMBER_SIGN})|\bpolice|\bcontrat|contrat(?={_NUMBER_SIGN})|\bpol\.)(?:\s+d'assurance|\s+souscrite?)?(?:\s+(?:porte|a|est|sous)\s+le)?\s*(?:{_NUMBER_SIGN}|num[ée]ro)?\s*[:.]?\s*", re.I
)
# "Code courtier : 7032", "Notre code courtier est le 2308", "N° de courtier Allianz : 2126",
# "Identifiant courtier Allianz : 3450", "Code courtage Allianz n° 41", "Réf. courtier Allianz : 9612",
# "Notre n° d'intermédiaire Allianz : 77", "Courtier ....... : Cabinet Roux (code 1025)",
# "Intermédiaire Allianz – code 2327", "Cabinet référencé chez Allianz sous le code 4410".
_BROKER_CUE = re.compile(
    r"\b(?:code|cod\.|n°|no|num[ée]ro|identifiant|matricule|r[ée]f[ée]rencement|r[ée]f(?:[ée]rence)?\.?)\s+(?:de\s+l['’]|de\s+|du\s+|d'|chez\s+)?(?:(?:rattachement|affiliation|identification)\s+)?(?:court(?:ier|age|\.)|interm[ée]diaire|allianz|portefeuille)"
    r"(?:\s+(?:chez\s+)?\(?allianz\)?)?(?:\s+(?:du|de\s+notre)\s+cabinet)?(?:\s+(?:attribu[ée]|d[ée]livr[ée]|donn[ée])\s+par\s+allianz)?(?:\s+(?:est|sera))?(?:\s+le)?\s*[:.]?\s*(?:n°\s*)?(\d{2,10})\b"
    r"|\b(?:courtier|interm[ée]diaire|cabinet)\b[^\n]{0,80}?\bcode\s*[:.]?\s*(\d{2,10})\b"
    # "Code courtier attribué par Allianz : 3488", "Allianz nous a attribué le code 9714"
    r"|\ballianz\s+nous\s+a\s+(?:attribu[ée]|donn[ée]|d[ée]livr[ée])\s+le\s+(?:code|n°|num[ée]ro)\s*[:.]?\s*(\d{2,10})\b"
    # "Cabinet enregistré chez Allianz sous le n° 8105", "Nous intervenons chez Allianz sous le code 4025"
    r"|\b(?:cabinet|courtier|interm[ée]diaire|nous|r[ée]f[ée]renc[ée]e?|enregistr[ée]e?)\b[^\n.]{0,60}?\ballianz\s+sous\s+(?:le\s+)?(?:n°|no|num[ée]ro|code|matricule)\s*[:.]?\s*(\d{2,10})\b"
    # "Le cabinet porte le code Allianz 1674"
    r"|\b(?:cabinet|courtier|nous)\b[^\n.]{0,30}?\bport(?:e|ons)\s+le\s+(?:code|n°|num[ée]ro)\s+(?:allianz\s+)?(\d{2,10})\b"
    # "Pour Allianz, notre code est le 3450", "Chez Allianz, notre n° : 3450"
    r"|\b(?:pour|chez|aupr[èe]s\s+d')\s*allianz\s*,?\s+(?:notre|mon)\s+(?:code|n°|num[ée]ro|identifiant|matricule)(?:\s+(?:courtier|interm[ée]diaire))?(?:\s+est)?(?:\s+le)?\s*[:.]?\s*(\d{2,10})\b"
    r"|\b(?:broker|intermediary)(?:'s)?\s+(?:code|number|no\.?)(?:\s+is)?\s*[:.]?\s*(\d{2,10})\b"
    # "Code de notre cabinet auprès d'Allianz : 3630", "compte courtier n° 0457", "N° d'inscription courtier Allianz : 9750"
    r"|\b(?:(?:code|r[ée]f[ée]rence|r[ée]f\.?)\s+(?:allianz\s+)?(?:de\s+|du\s+)?(?:notre\s+|du\s+)?cabinet|compte\s+court(?:ier|age)|inscription\s+court(?:ier|age))\b[^\n\d]{0,40}?[:.]?\s*(?:n°\s*)?(\d{2,10})\b",
    re.I,
)
_AGENT_CUE = re.compile(rf"\b(?:code|r[ée]f(?:[ée]rence)?\.?)\s*(?:agent|agence|agen\w?|interm[ée]diaire|apporteur)(?:\s+(?:chez\s+)?allianz)?\s*[:.]?\s*{_NUMBER_SIGN}?\s*(\d{{3,10}})\b", re.I)
_DATE_CUE = re.compile(
    r"(?:date\s+(?:du\s+sinistre|de\s+survenance|de\s+survenue|des\s+faits|de\s+l'[ée]v[ée]nement|de\s+l'incident|de\s+l'accident|des?\s+dommages?|du\s+d[ée]g[âa]t)|survenance|survenue?(?:\s+le)?|sinistre\s+du|en\s+date\s+du|arriv[ée]e?\s+le|produit\s+le|pass[ée]\s+le|\bdu|\ble|\bon)"
    r"\s*:?\s*(?:le\s+)?(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?:lun|mar|mer|jeu|ven|sam|dim)\.)\s*)?"
    # "survenu mercredi dernier (07/10)": the day named, the date in brackets after it.
    r"(?:(?:dernier|pass[ée])\s*)?\(?\s*",
    re.I,
)
_LOSS_LINE = re.compile(r"[\s>]*(?:sinistre|[ée]v[èée]nement|nature\s+du\s+sinistre)\s*:", re.I)
_WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_PERIL_IN_BRACKETS = re.compile(rf"\(([^()\n]{{3,60}})\)\s*(?:(?:le|du|{_WEEKDAY})\s+)?$", re.I)
_BRACKETED_DATE = re.compile(rf"(?<=\S)\s*\(\s*(?:{_WEEKDAY}\s+)?$", re.I)
_DATE_THEN_CUE = re.compile(r"\s*[:\-–]\s*(?:survenance|sinistre|survenue?|date\s+du\s+sinistre|d[ée]g[âa]ts?\s+constat[ée]s?)\b", re.I)
# A date that writes its year: "2026", or a third number group ("6.10.26"); "03/11" has none.
_WRITTEN_YEAR = re.compile(r"\d{4}|\d[/.\-]\d{1,2}[/.\-]\d{2}\b")
# A letter's place and date, a line of its own: "Perpignan, le 24 octobre 2026".
_LETTER_DATE = re.compile(r"^\s*(?:fait\s+[àa]\s+)?[A-ZÀ-Ý][\w'’ -]{1,40},\s+le\s+[\w ./-]{4,30}\s*$")
_GUARANTEE_ROW = re.compile(r"\S[\s.…]{3,}(?:plafond|franchise|valeur)|\bfranchise\b", re.I)  # a line of the guarantees, leaders or spaces before its ceiling
_NOT_LOSS_CUE = re.compile(
    r"\b(?:re[çc]u|envoy[ée]|transmis|d[ée]clar[ée]|cr[ée][ée]|[ée]mis|saisi|imprim[ée]|d[ée]pos[ée])e?s?\s+le\s*:?\s*$"
    # "malgré notre relance du 07/10", "suite à notre mail du 06/10": when we were written to
    r"|\b(?:relance|rappel|mail|e-?mail|courriel|message|envoi|demande|appel(?:\s+(?:entrant|sortant))?)\s+du\s*:?\s*$"
    # "son contrat a pris effet le 16/09/2026", "résilié au 15/09/2026": a contract's dates
    r"|\b(?:pris\s+effet|effet|r[ée]sili[ée]e?|souscrit|sign[ée])\s+(?:le|au|du|à\s+compter\s+du)\s*:?\s*$",
    re.I,
)
_LIMIT_CUE = re.compile(r"(?:\b(?:limite|plafond|seuil|budget)\b[^:\n\d€]{3,60}:\s*|\bup\s+to\s+|\bspending\s+limit\s*:?\s*|\bau[- ]del[àa]\s+de|\bau[- ]dessus\s+de|\b(?:montant|total)\b[^:\n\d€]{0,30}\b(?:autoris[ée]e?|maxi(?:mum|mal)?|accord[ée])\b[^:\n\d€]{0,30}:\s*|\bjusqu'[àa]|\bd[ée]pass(?:er|e|ant)\b|\bplafonn[ée]e?s?\s+[àa]|\bengager\s+plus\s+de|\bdans\s+la\s+limite\s+de|\bsans\s+devis\s*:\s*|\ben\s+dessous\s+de\s+|\b(?:limite|plafond|seuil|engagement)(?:\s+(?:de\s+(?:gestion|d[ée]l[ée]gation)|d'intervention|maximum(?:\s+sans\s+accord\s+pr[ée]alable)?))?)(?:\s+(?:est|sera))?(?:\s+(?:de|fix[ée]e\s+[àa]))?\s*:?\s*", re.I)
_SEAT = re.compile(r"\bsi[èe]ge\b", re.I)
# "... survenu dans votre appartement du 98 rue ...": the dwelling's own address.
_ADDRESS_CUE = re.compile(
    r"\b(?:demeurant|domicili[ée]e?|r[ée]sid(?:e|ant)|situ[ée]e?|chez|adresse(?:\s+du\s+risque)?|au)\b"
    # A note's "Lieu du sinistre : 149 avenue ...", its cue maybe cut by a table's other cells.
    r"|\b(?:lieu\s+du\s+)?(?:sinistre|risque)\s*:\s*$"
    r"|\b(?:logement|appartement|maison|pavillon|studio|villa|bien)\b[^.,\n]{0,30}\bdu\s*$",
    re.I,
)


def _fv(value, source: str, text: str, confidence: float = PROSE_CONFIDENCE, method: str = "prose") -> FieldValue:
    return FieldValue(value=value, confidence=confidence, source=source, text=squash(text)[:300], method=method)


def _line_at(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end >= 0 else len(text)]


def extract_prose(text: str, source: str, identity: SenderIdentity, mission: Mission, scanned: bool = False) -> None:
    """Offer every field found in free text to the mission (``scanned``: the text comes from OCR)."""
    if not text.strip():
        return
    _claim(text, source, mission, scanned)
    _policy(text, source, mission, scanned)
    _codes(text, source, mission)
    person_end = _person(text, source, identity, mission)
    _address(text, source, identity, mission, person_end, scanned)
    _phones(text, source, identity, mission)
    # A scan spaces the "@" from its neighbours ("stephane.bonnet@ gmail.com").
    _email(re.sub(r"(?<=\w) ?@ ?(?=\w)", "@", text) if scanned else text, source, identity, mission, scanned)
    _date(text, source, mission)
    _vocabularies(text, source, mission, scanned)
    _limit(text, source, mission)


def _claim(text: str, source: str, mission: Mission, scanned: bool) -> None:
    for cue in _CLAIM_CUE.finditer(text):
        m = CLAIM_RE.match(text, cue.end())
        if m:
            value = normalize_claim_number(m.group(0))
            if value:
                mission.offer("claim_number", _fv(value, source, _line_at(text, m.start())))
                return
    if scanned:
        # "enregistré sous la référence 89794323": the B read as an 8, a guess to check.
        for cue in _CLAIM_CUE.finditer(text):
            token = text[cue.end() :].split(maxsplit=1)[:1]
            guess = read_scanned_claim(token[0]) if token and any(c.isdigit() for c in token[0]) else None
            if guess:
                mission.offer("claim_number", _fv(guess, source, _line_at(text, cue.start()), 0.5))
                return
    m = CLAIM_RE.search(text)
    if m:
        mission.offer("claim_number", _fv(normalize_claim_number(m.group(0)), source, _line_at(text, m.start()), 0.7))


def _policy(text: str, source: str, mission: Mission, scanned: bool) -> None:
    for cue in _POLICY_CUE.finditer(text):
        # "Contrat vérifié : AZ-MRH/197796": a word or two about the contract, then its number.
        rest = _POLICY_QUALIFIER.sub("", text[cue.end() : cue.end() + 60].split("\n")[0], count=1)
        value = normalize_policy_number(rest[:40])
        if value:
            repaired = read_scanned_policy(value) if scanned else None
            # "A272425644": the Z of "AZ" read as a 2, a repair to check.
            mission.offer("policy_number", _fv(repaired or value, source, _line_at(text, cue.start()), 0.6 if repaired else PROSE_CONFIDENCE))
            return
    # No cue read (a scan's "contru n° MRH 2580182"): a number with an Allianz contract prefix
    # is one, unsure.
    m = _prefixed_policy().search(text)
    if m:
        mission.offer("policy_number", _fv(normalize_policy_number(m.group(0)), source, _line_at(text, m.start()), 0.6))


_POLICY_QUALIFIER = re.compile(r"^\s*[a-zà-ÿ]{3,15}(?:\s+[a-zà-ÿ]{3,15})?\s*:\s+(?=\S*\d)")


@lru_cache(maxsize=1)
def _prefixed_policy() -> re.Pattern[str]:
    """A contract number by its Allianz prefix ("MRH 2580182", "AZ 0341 7693"), a word of its own."""
    prefixes = "|".join(knowledge.vocabulary()["policy"]["prefixes"])
    return re.compile(rf"(?<![\w-])(?:{prefixes})[ .-]?\d(?:[ .-]?\d){{6,9}}(?![\w-])")


def _codes(text: str, source: str, mission: Mission, confidence: float = PROSE_CONFIDENCE) -> None:
    m = _BROKER_CUE.search(text)
    if m:
        mission.offer("broker_code", _fv(next(g for g in m.groups() if g), source, _line_at(text, m.start()), confidence))
    m = _AGENT_CUE.search(text)
    if m:
        mission.offer("agent_code", _fv(m.group(1), source, _line_at(text, m.start()), confidence))


def extract_signature_codes(signature: str, source: str, mission: Mission) -> None:
    """The sender's own codes, from the signature the rest of the prose reading leaves out."""
    _codes(signature, source, mission, 0.78)


def _person(text: str, source: str, identity: SenderIdentity, mission: Mission) -> int:
    """The insured: a civility followed by a name that is not the sender's. Returns where it ends."""
    for m in PERSON_RE.finditer(text):
        name, end = m.group(2), m.end()
        # "Mme DE LA MOTTE Mahaut": a surname's particles take up the words a name may have; the
        # first name comes after.
        more = re.match(rf"[ \t]+({_NAME_TOKEN})", text[end:])
        particle = fold(name.split()[0]) in knowledge.vocabulary()["surname_particles"]["words"]
        if more and particle and name.isupper() and not more.group(1).isupper():
            name, end = f"{name} {more.group(1)}", end + more.end()
        # Stop the name at a word that is not a name (a street number, "suite", ...).
        tokens = [t for t in name.split() if not fold(t) in {"suite", "demeurant", "locataire", "proprietaire", "assure", "assuree"}]
        # A form's row read as prose ("Mme Nom MATHIEU Prénom"): its labels are no part of the name.
        tokens = [t for t in tokens if not knowledge.is_label_run(t)]
        if not tokens:
            continue
        if fold(" ".join(tokens)) in identity.names or any(fold(" ".join(tokens)) in n for n in identity.names):
            continue
        civility, first, last = split_person(f"{m.group(1)} {' '.join(tokens)}", surname_first=False)
        if not last:
            continue
        line = _line_at(text, m.start())
        if not first:
            # "Madame MOUGENOT, euh, Mahaut MOUGENOT": the full name said again just after.
            again = re.match(rf"[ \t]*,(?:[ \t]*\w{{1,4}}[ \t]*,)?[ \t]*({_NAME_TOKEN})[ \t]+{re.escape(last)}\b", text[end:])
            first = again.group(1) if again else None
        mission.offer("civility", _fv(civility, source, line))
        mission.offer("first_name", _fv(first, source, line, 0.8))
        mission.offer("last_name", _fv(last, source, line, 0.8))
        return end
    return _person_without_civility(text, source, identity, mission)


_INSURED_CUE = re.compile(
    r"\b(?:notre\s+)?(?:client|cliente|assur[ée]e?|soci[ée]taire|b[ée]n[ée]ficiaire)\b\s*:?\s*|\bpour\s+le\s+compte\s+de\s+|\bchez\s+",
    re.I,
)
_NAME_SHAPE = re.compile(rf"^{_NAME_TOKEN}(?:[ \t]+{_NAME_TOKEN}){{1,2}}$")


def _person_without_civility(text: str, source: str, identity: SenderIdentity, mission: Mission) -> int:
    """A name right after an insured cue ("notre cliente Léa MARTIN"), confirmed by the NLP model."""
    cues = [c.end() for c in _INSURED_CUE.finditer(text)]
    if not cues:
        return 0
    from odm_intake.extractors.fields.nlp import person_spans

    for name, start, end in person_spans(text):
        name = name.strip(" ,.;:")
        if not _NAME_SHAPE.match(name) or not any(0 <= start - c <= 3 for c in cues):
            continue
        if fold(name) in identity.names or any(t in knowledge.label_words() for t in fold(name).split()):
            continue  # the sender, or a form's heading ("ASSURÉ ET LIEU DU SINISTRE")
        _, first, last = split_person(name, surname_first=False)
        if first and last:
            line = _line_at(text, start)
            mission.offer("first_name", _fv(first, source, line, 0.7))
            mission.offer("last_name", _fv(last, source, line, 0.7))
            return end
    return 0


def _address(text: str, source: str, identity: SenderIdentity, mission: Mission, after: int, scanned: bool = False) -> None:
    candidates = []
    for m in STREET_RE.finditer(text):
        street = squash(m.group(1))
        if fold(street) in identity.streets:
            continue
        tail = text[m.start() : m.start() + 400]
        pc = POSTAL_CITY_RE.search(tail)
        if pc and pc.group(1) in identity.postal_codes and fold(street) not in identity.streets and _near(tail, pc):
            # A postcode of the sender right after: the sender's address.
            if any(fold(street)[:6] in s for s in identity.streets):
                continue
        if pc is None or not _near(tail, pc):
            pc = CITY_POSTAL_RE.search(tail)  # "à Les Abymes (97139)"
        # The cue in the street's own paragraph: a letter's postal block has none of its own.
        before = re.split(r"\n\s*\n", text[max(0, m.start() - 40) : m.start()])[-1]
        if _SEAT.search(before):
            continue  # "dont le siège est situé 55 cours Saint-Louis": the firm's seat
        cue = _ADDRESS_CUE.search(before)
        score = (2 if cue else 0) + (1 if m.start() >= after else 0) + (1 if pc and _near(tail, pc) else 0)
        candidates.append((score, -m.start(), m, pc))
    if candidates:
        _, _, m, pc = max(candidates, key=lambda c: (c[0], c[1]))
        tail = text[m.start() : m.start() + 400]
        block_end = m.start() + (pc.end() if pc and _near(tail, pc) else len(m.group(0)))
        address = parse_address(text[m.start() : block_end])
        line = squash(text[m.start() : block_end])
        complement = address.complement or _complement_above(text, m.start())
        if scanned and complement and not COMPLEMENT_RE.search(complement):
            complement = None  # a scan's words between street and postcode: a map's or a frame's specks
        elif scanned and complement:
            complement = repair_scanned_complement(complement)
        mission.offer("street", _fv(address.street or squash(m.group(1)), source, line))
        mission.offer("address_complement", _fv(complement, source, line, 0.75))
        mission.offer("postal_code", _fv(address.postal_code, source, line))
        mission.offer("city", _fv(address.city, source, line, 0.8))
        return
    for pc in POSTAL_CITY_RE.finditer(text):
        if pc.group(1) not in identity.postal_codes:
            mission.offer("postal_code", _fv(pc.group(1), source, _line_at(text, pc.start()), 0.6))
            mission.offer("city", _fv(clean_city(pc.group(2)), source, _line_at(text, pc.start()), 0.55))
            return


def _near(tail: str, found: re.Match[str]) -> bool:
    """A postcode close enough after the street to be its own: within 120 characters, the
    indentation of a letter's address block not counted."""
    return len(" ".join(tail[: found.start()].split())) < 120


def _complement_above(text: str, street_start: int) -> str | None:
    """An address block written complement first: "Lot 7" on the line above "53 quai des Bateliers"."""
    if text[street_start - 1 : street_start] not in ("\n", ""):
        return None
    above = _line_at(text, max(0, street_start - 2)).strip() if street_start >= 2 else ""
    return above if len(above) <= 40 and COMPLEMENT_RE.match(above) else None


def _phones(text: str, source: str, identity: SenderIdentity, mission: Mission) -> None:
    own = knowledge.own_numbers()
    found: list[tuple[str, int]] = []
    for value, start, _ in find_phones(text):
        before = fold(text[max(0, start - 12) : start])
        if value in own or value in identity.phones or before.endswith(("fax", "telecopie")):
            continue
        if _someone_else(_clause_before(text, start), identity):
            continue
        if value not in [f[0] for f in found]:
            found.append((value, start))
    # "autre numéro où la joindre : 02 ..." is the second number, wherever it is written first
    # (its cue maybe on the line above, a table's cell wrapped).
    def other(f: tuple[str, int]) -> bool:
        return bool(_OTHER_NUMBER.search(fold(text[max(0, f[1] - 60) : f[1]])))

    found.sort(key=other)
    if len(found) == 1 and other(found[0]):
        # "Elle est aussi joignable au 04 ...": a number besides the one the file gives.
        mission.offer("phone2", _fv(found[0][0], source, _line_at(text, found[0][1]), 0.78))
        return
    if found:
        mission.offer("phone", _fv(found[0][0], source, _line_at(text, found[0][1])))
    if len(found) > 1:
        mission.offer("phone2", _fv(found[1][0], source, _line_at(text, found[1][1]), 0.78))


_OTHER_NUMBER = re.compile(
    r"\b(?:autre|second|deuxieme|2e)\s+(?:numero|telephone|tel|portable|ligne)\b"
    r"|\b(?:aussi|egalement)\s+(?:joignable|au)\b|\bjoignable\s+(?:aussi|egalement)\b"
)


def _clause_before(text: str, pos: int) -> str:
    """The folded words of the sentence that leads to ``pos``, from the start of its line."""
    line_start = text.rfind("\n", 0, pos) + 1
    # A semicolon parts two statements too ("son client attend votre appel au 01 ... ; pour toute
    # question, Mme Bouscarle est au 06 ...").
    return fold(_SENTENCE_END.split(text[line_start:pos])[-1].rpartition(";")[2])


# A sentence ends at a full stop before a capital, never at a civility's ("le voisin, M. Gilbert GUYON").
_SENTENCE_END = re.compile(r"(?<!\bM)(?<!\bMme)(?<!\bMlle)(?<!\bDr)(?<!\bMe)[.!?]\s+(?=[A-ZÀ-Ý])")


def _someone_else(folded: str, identity: SenderIdentity) -> bool:
    """Whether words are about another person than the insured: the sender, a neighbour, the
    syndic, a colleague in copy... unless they also say it is the insured's."""
    if re.search(r"\bassure(e)?s?\b|\bclient(e)?\b", folded):
        return False
    if any(name and name in folded for name in identity.names):
        return True
    return any(p.search(folded) for p in knowledge.patterns("roles", "third_party"))


def _email(text: str, source: str, identity: SenderIdentity, mission: Mission, scanned: bool = False) -> None:
    for m in EMAIL_RE.finditer(text):
        value = m.group(0).lower().strip(".")
        if scanned:
            value = re.sub(r"\.{2,}", ".", value)  # a speck read as a second dot
        if identity.owns_email(value, scanned):
            continue
        # Letters the address could not take glued before it ("Céline.marie@"): its start is lost.
        clipped = m.start() > 0 and text[m.start() - 1].isalnum()
        mission.offer("email", _fv(value, source, _line_at(text, m.start()), 0.6 if clipped else PROSE_CONFIDENCE))
        return


def _date(text: str, source: str, mission: Mission) -> None:
    dates = find_dates(text, mission.sent)
    for d, start, end in dates:
        if mission.sent and d > mission.sent:
            continue  # after the mail: an appointment or a deadline, never the loss
        prefix = text[max(0, start - 40) : start]
        if _NOT_LOSS_CUE.search(prefix):
            continue  # "Reçu le : 05/11/2026": when a message came, not when the loss happened
        if _LETTER_DATE.match(_line_at(text, start)):
            continue  # "Perpignan, le 24 octobre 2026": when a letter was written
        # A year taken from the mail's date ("le 12/10") is a guess, if a good one.
        ceiling = 0.75 if not _WRITTEN_YEAR.search(text[start:end]) else 1.0
        cue = None
        for c in _DATE_CUE.finditer(prefix):
            if c.end() >= len(prefix) - 1:
                cue = c
        if cue is None:
            # A file's history, the date first: "03/11 : survenance – perte de ses clés".
            cue = _DATE_THEN_CUE.match(text, end)
        if cue is None:
            # "Sinistre : dégât des eaux – 5/10/2026": the loss told on its line, its date after it.
            cue = _LOSS_LINE.match(_line_at(text, start))
        if cue is None and (told := _PERIL_IN_BRACKETS.search(prefix)) and knowledge.vocab("peril").first(fold(told.group(1))):
            cue = told  # "a subi un sinistre (INC – feu circonscrit) jeudi 29/10/2026": the loss named, then its date
        if cue is None and (bracket := _BRACKETED_DATE.search(prefix)):
            # "Clés perdues lors d'un déplacement (vendredi 23/10 ...)": the loss, its date in brackets.
            told = text[text.rfind("\n", 0, start) + 1 : start - len(bracket.group(0))]
            cue = bracket if knowledge.vocab("peril").first(fold(told[-80:])) else None
        if cue:
            strong = not re.fullmatch(r"\s*(du|le)\s*:?\s*", cue.group(0), re.I)
            mission.offer("date_of_loss", _fv(d.isoformat(), source, _line_at(text, start), min(ceiling, 0.82 if strong else 0.7)))
            if strong:
                return


def _vocabularies(text: str, source: str, mission: Mission, scanned: bool) -> None:
    folded = knowledge.correct_scanned(fold(text)) if scanned else fold(text)
    peril = knowledge.vocab("peril").first(folded)
    if peril:
        mission.offer("peril", _fv(peril, source, "", 0.75))
    for name in ("housing", "occupation"):
        value = knowledge.vocab(name).first(_KEYS_OF_THE_HOME.sub(" ", _without_choice_questions(text, name, scanned)))
        if value:
            mission.offer(name, _fv(value, source, "", 0.75))
    cause = cause_repaired(folded)
    if cause is not None:
        mission.offer("dde_cause_repaired", _fv(cause, source, "", 0.8))
    request = request_text(text)
    request_folded = (knowledge.correct_scanned(fold(request)) if scanned else fold(request)) if request else ""
    value = _first_trade_named(request_folded) if request else None
    if value:
        mission.offer("trade", _fv(value, source, squash(request)[:200], 0.75))


def _first_trade_named(folded: str) -> str | None:
    """The trade named first in the request, "autre" only when no trade of the list is named
    (its words, "plafond", "peinture", are often the damage, not the trade)."""
    vocabulary = knowledge.vocab("trade")
    named = [(m.start(), value) for value, patterns in vocabulary.entries if value != "autre" for p in patterns if (m := p.search(folded))]
    if named:
        return min(named)[1]
    return vocabulary.first(folded)


def _without_choice_questions(text: str, vocabulary: str, scanned: bool) -> str:
    """The folded text less the questions offering a choice ("C'est une maison ou un appartement ?")
    and the footnotes listing them: they name the options, not the answer. (Questions not on
    scans, where a speck reads as "?".)"""
    def options_offered(m: re.Match[str]) -> str:
        # A yes/no question too ("S'agit-il d'une maison individuelle ?"): it asks, its tick answers.
        asks = knowledge.offers_choice(fold(m.group(0)), (vocabulary,)) or _YES_NO_QUESTION.search(fold(m.group(0)))
        return " " if asks else m.group(0)

    # A line that only lists the answers (a form's footnote: "(1) maison ou appartement.") names
    # no answer either, nor a row of options with their boxes: the form's reading decides it.
    text = "\n".join(" " if _lists_options_only(line, vocabulary, scanned) or _boxed_options(line, vocabulary) else line for line in text.split("\n"))
    if scanned:
        return knowledge.correct_scanned(fold(text))
    return fold(_QUESTION.sub(options_offered, text))


_QUESTION = re.compile(r"[^.!?\n]*\?")
_YES_NO_QUESTION = re.compile(r"\b(s agit il|est il|est elle|est ce|occupe t il|occupe t elle|habite t il|habite t elle)\b")
# "le trousseau de la maison", "les clés de l'appartement": the keys, not what the home is (folded).
_KEYS_OF_THE_HOME = re.compile(r"\b(trousseau|cles?|clefs?|jeu de cles) (de la|de l|du) (maison|appartement|logement)\b")


def _boxed_options(line: str, vocabulary: str) -> bool:
    return any(mark in line for mark in (TICKED, UNTICKED)) and knowledge.offers_choice(fold(line), (vocabulary,))


def _lists_options_only(line: str, vocabulary: str, scanned: bool = False) -> bool:
    """Two values or more of the vocabulary "or"-ed together, and no other word of more than
    three letters (a footnote's mark, read as "(1)" or "w", aside), but for a scan's misreading
    of an option's word ("propriéture non occupant"). On a scan the other option may be
    misread past knowing ("CD tue ou appartement"): one value "or"-ed suffices there."""
    folded = fold(line)
    if " ou " not in f" {folded} ":
        return False
    named = len(knowledge.vocab(vocabulary).distinct(folded))
    if named < (1 if scanned else 2):
        return False
    # The words options are written with: those of the values named, and of the values' names.
    option_words = {word for value, _ in knowledge.vocab(vocabulary).entries for word in value.split("_")}
    for _, patterns in knowledge.vocab(vocabulary).entries:
        for pattern in patterns:
            option_words.update(word for m in pattern.finditer(folded) for word in m.group(0).split())
            folded = pattern.sub(" ", folded)
    return all(len(word) <= 3 or any(_misread_as(word, option) for option in option_words if len(option) >= 6) for word in folded.split())


def _misread_as(word: str, option: str) -> bool:
    """A scan's reading of a long option word: a few letters off ("ivupant" for "occupant")."""
    return edit_distance(word, option) <= max(2, int(0.4 * len(option)))


def cause_repaired(folded: str) -> bool | None:
    if any(p.search(folded) for p in knowledge.patterns("dde_cause", "not_repaired")):
        return False
    if any(p.search(folded) for p in knowledge.patterns("dde_cause", "repaired")):
        return True
    return None


_REQUEST_CUES = re.compile(
    r"\b(demande|merci de|merci d'|travaux|mission|intervention|intervenir|intervien\w*|souhait\w*|pourriez|pouvez|d[ée]placement|proc[ée]der|remplacement|changement|remise en [ée]tat|r[ée]paration|r[ée]parer|recherche|missionner|mandater|d[ée]p[êe]cher|envoyer|faire passer|besoin d'un|pr[ée]voir|prestation|prestataire|intervenant|d[ée]pannage|artisan|professionnel|diligenter|sollicit\w*|envoi|faudrait|il faut|d[ée]panneur|organis\w*|la venue|entreprise|arrange|send|instruct|appoint|dispatch|could you|please)\b",
    re.I,
)


def request_text(text: str) -> str:
    """The sentences that say what is asked (where the trade is named)."""
    # A sentence wrapped onto the next line ("... pour une intervention de\nserrurerie") is one.
    unwrapped = re.sub(r"(?<=[a-zà-ÿ,'’])[ \t]*\n[ \t]*(?=[a-zà-ÿ])", " ", text)
    # Words quoted in guillemets are someone's account of the loss ("« Un volet rabattu par le
    # vent a brisé la vitre »"), not what is asked.
    unwrapped = re.sub(r"«[^»]*»", " ", unwrapped)
    sentences = re.split(r"(?<=[.!?])\s+|\n", unwrapped)
    return " ".join(_without_addresses(s) for s in sentences if _REQUEST_CUES.search(s) and not _states_the_cause(s) and not _CONTRACT_TERMS.search(s))


def _without_addresses(sentence: str) -> str:
    """The sentence less the addresses it gives, street to town: their words ("porte droite",
    "Les Vitriers", "rue de la Serrure") name no trade."""
    for pc in reversed(list(POSTAL_CITY_RE.finditer(sentence))):
        street = next((m for m in reversed(list(STREET_RE.finditer(sentence, 0, pc.start()))) if pc.start() - m.start() < 150), None)
        if street:
            sentence = sentence[: street.start()] + " " + sentence[pc.end() :]
    return sentence


def _states_the_cause(sentence: str) -> bool:
    """"La réparation de la fuite a déjà été faite", "... n'a pas encore été faite": what was
    done or not, not what is asked, unless the sentence also asks ("la fuite n'est pas réparée,
    merci d'envoyer un plombier")."""
    cause = cause_repaired(fold(sentence))
    return cause is True or (cause is False and not _ASKS.search(sentence))


_ASKS = re.compile(r"\b(?:merci|pourriez|pouvez|demand\w*|souhait\w*|envoyer|missionner|mandater|d[ée]p[êe]cher|faire\s+intervenir)\b", re.I)


# "Recherche de fuite      plafond 2 000 €": a line of the contract's guarantees, not a request.
_CONTRACT_TERMS = re.compile(r"\b(?:plafond|franchise)\s*:?\s*(?:de\s+)?\d", re.I)


def _limit(text: str, source: str, mission: Mission) -> None:
    for cue in _LIMIT_CUE.finditer(text):
        if _GUARANTEE_ROW.search(_line_at(text, cue.start())):
            continue  # a contract's guarantees ("Dégâts des eaux    plafond 30 000 € – franchise 150 €")
        after = text[cue.end() : cue.end() + 25]
        amount = normalize_amount(after)
        if amount is not None and 10 <= amount <= 100000 and re.search(r"€|eur", after, re.I):
            stray = STRAY_BEFORE_NUMBER.match(after)
            mission.offer("management_limit_eur", _fv(amount, source, _line_at(text, cue.start()), 0.6 if stray else PROSE_CONFIDENCE))
            return
