"""One mail in, its draft records out: the pure part of processing (no database).

Runs in worker processes. Reads the mail's documents, finds the missions in them (one per
ODM form in the attachments, or the body's), classifies the mail and applies the procedure's
rules. Duplicates are decided later, when the drafts are stored in order.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from datetime import datetime
from typing import Any

from odm_intake.config.settings import Settings
from odm_intake.extractors import classify as classifier
from odm_intake.extractors.fields import calibration, geo, knowledge
from odm_intake.extractors.fields.evidence import FieldValue, Mission
from odm_intake.extractors.fields.form import LabelHit, find_labels
from odm_intake.extractors.fields.interpret import apply_hits
from odm_intake.extractors.fields.prose import PERSON_RE, extract_prose, extract_signature_codes, request_text
from odm_intake.extractors.fields.values import (
    CLAIM_RE,
    EMAIL_RE,
    claim_digits,
    email_from_names,
    find_phones,
    normalize_claim_number,
    repair_scanned_first_name,
    strip_scan_residue,
)
from odm_intake.extractors import tables
from odm_intake.extractors.garbled import ungarbled
from odm_intake.extractors.letterhead import sender_phones
from odm_intake.extractors.mailtext import SenderIdentity, is_closing, split_mail_text
from odm_intake.extractors.mime import ParsedMail, parse_mail
from odm_intake.extractors.reading import reading_text
from odm_intake.extractors.readers import is_readable_kind, read_attachment
from odm_intake.extractors.rules import FIELD_KEYS, apply_rules, finalize_fields, warning
from odm_intake.extractors.text import fold
from odm_intake.extractors.structured import printed_xml_record, scanned_tree_lines_as_record
from odm_intake.extractors.words import TICKED, UNTICKED, Document, Page, page_from_text

# Label hits that tell "this is the insured's part of the form"; phones and emails above the
# first of them belong to the letterhead (the agency), not to the insured.
_ANCHORS = {"claim_number", "insured", "last_name", "address", "policy_number", "postal_city"}
_IDENTITY_KINDS = {"phones", "email", "address", "postal_city", "postal_code"}
_SUBJECT_CONFIDENCE = 0.7
SCANNED_CHANNELS = ("fax_tiff", "fax_pdf", "photo")


@dataclass(slots=True)
class DocumentInfo:
    source: str
    filename: str | None
    content_type: str
    part_path: str
    size: int
    sha256: str
    channel: str | None
    pages: int
    error: str | None
    text: str


@dataclass(slots=True)
class DraftRecord:
    kind: str
    provenance: str | None
    status: str
    team: str
    channel: str
    fields: dict[str, Any]
    confidence: dict[str, float]
    evidence: dict[str, Any]
    expertise_04p: dict[str, Any]
    warnings: list[dict[str, str]]


@dataclass(slots=True)
class MailResult:
    message_id: str | None
    subject: str
    sender: str
    received_at: datetime | None
    html: str
    documents: list[DocumentInfo] = field(default_factory=list)
    drafts: list[DraftRecord] = field(default_factory=list)


def process_mail(raw: bytes, settings: Settings) -> MailResult:
    mail = parse_mail(raw)
    result = MailResult(mail.message_id, mail.subject, mail.sender, mail.received_at, mail.html)
    body_text = mail.text if mail.text.strip() else mail.html_text
    body_channel = "body" if mail.text.strip() else ("html" if mail.html_text.strip() else "none")
    # Tables pasted in a plain-text body read as a form's labelled lines (the HTML reader
    # does the same for <table>); the body as sent is what the review page shows.
    readable = ungarbled(body_text)  # accents a web form or an old client broke ("AssurÃ©e")
    split = split_mail_text(tables.rewrite(readable) if body_channel == "body" else tables.labels_then_values(readable), mail.sender_name, mail.sender_address)
    identity = split.identity
    # The mail's recipients are us (the general mailbox): never the insured's address. Those in
    # copy may be the insured ("Envoi par e-mail à ..." in the letter copied to us).
    identity.emails.update(mail.recipients)

    attachments: list[Document] = []
    for att in mail.attachments:
        if not is_readable_kind(att):
            continue
        doc = read_attachment(att, settings)
        attachments.append(doc)
        result.documents.append(_info(doc, att.content_type, att.part_path, att.data))
    if body_text.strip():
        result.documents.insert(0, DocumentInfo(body_channel, None, "text/plain" if body_channel == "body" else "text/html", "", len(body_text), "", body_channel, 1, None, body_text))

    unreadable = [doc.error for doc in attachments if doc.error]
    sent = mail.received_at.date() if mail.received_at else None
    body_mission = Mission(sent=sent)
    body_page = page_from_text(split.mission)
    _read_form([body_page], lambda _page: body_channel, identity, body_mission)
    extract_prose(split.mission, body_channel, identity, body_mission)
    extract_signature_codes(split.signature, body_channel, body_mission)
    # A subject in parts ("SIN C 162 797880 | clés perdues | M. MOREAU François | 24380 Vergt"):
    # what the body does not say.
    subject_mission = Mission(sent=sent)
    extract_prose(re.sub(r"\s[|–]\s", "\n", mail.subject), "subject", identity, subject_mission)
    _merge_fallback(body_mission, subject_mission, _SUBJECT_FALLBACK)

    form_missions: list[tuple[Mission, Document]] = []
    previous: tuple[Mission, str | None] | None = None  # the last form read and its claim number
    for doc in attachments:
        if doc.error or not doc.pages:
            continue
        doc = _record_as_text(doc, identity)
        for pages in split_forms(doc):
            claim = _claim_on(pages)
            if previous is not None and _page_number(pages[0]) > 1 and (claim is None or previous[1] in (None, claim)):
                # The next page of the form before, sent as an attachment of its own (one photo a page).
                mission, claim = previous[0], previous[1] or claim
            else:
                mission = Mission(sent=sent)
            previous = (mission, claim)
            for page in pages:
                identity.phones |= sender_phones(page, identity)  # the agency's card, its letterhead
            _read_form(pages, doc.page_source, identity, mission)
            text = "\n".join(reading_text(p) for p in pages)
            scanned = doc.channel in SCANNED_CHANNELS
            extract_prose(_drop_identity_lines(text, identity), doc.page_source(pages[0]), identity, mission, scanned)
            if mission.sources[-1:] != [doc.source]:
                mission.sources.append(doc.source)
            if mission.filled("claim_number", "last_name", "street", "postal_code", "phone") and all(m is not mission for m, _ in form_missions):
                form_missions.append((mission, doc))

    subject_claim = _subject_claim(mail)
    missions: list[tuple[Mission, str]] = []
    if form_missions:
        for mission, doc in form_missions:
            if len(form_missions) == 1:
                _merge_fallback(mission, body_mission)
            missions.append((mission, doc.channel or "none"))
    else:
        missions.append((body_mission, body_channel))

    all_text = "\n".join([split.mission] + [d.text for d in attachments if not d.error])
    typed_claims = [fv for fv in (subject_claim, body_mission.values.get("claim_number")) if fv]
    for mission, channel in missions:
        _agree_claim(mission, typed_claims)
        mission.offer("claim_number", subject_claim)
        # The signature says who writes ("Perche Courtiers Conseil") when the rest does not.
        kind = classifier.classify(mail.sender, mail.subject, f"{all_text}\n{split.signature}", mission)
        result.drafts.append(_draft(kind, mission, channel, all_text, unreadable))
        if kind in ("other", "c2s"):
            # A notification or noise carries no mission: one record for the mail is enough.
            result.drafts = result.drafts[-1:]
            break
    return result


def split_forms(doc: Document) -> list[list[Page]]:
    """Pages grouped into forms: a page whose claim number differs from the previous form's
    starts a new form (a fax batch carries several ODMs, one after the other), unless the form's
    own claim number was not read and the page says it follows ("Page 2/2")."""
    groups: list[list[Page]] = []
    current_claim: str | None = None
    for page in doc.pages:
        claim = _claim_on([page])
        follows = current_claim is None and _page_number(page) > 1
        if groups and (claim is None or claim == current_claim or follows):
            groups[-1].append(page)
            current_claim = current_claim or claim
            continue
        groups.append([page])
        current_claim = claim or current_claim
    return groups


def _claim_on(pages: list[Page]) -> str | None:
    """The first claim number a label gives on the pages."""
    for page in pages:
        claims = [normalize_claim_number(h.value) for h in find_labels(page) if h.spec.key == "claim_number"]
        claim = next((c for c in claims if c), None)
        if claim:
            return claim
    return None


_INSURED_SPOKEN_OF = re.compile(r"\bcoordonnees\b.{0,30}\b(?:assuree?|cliente?|societaire)\b|\b(?:assuree?|cliente?|societaire)\b.{0,30}\bcoordonnees\b")
_REACH = re.compile(r"\b(joindre|joignable|rappeler|recontacter|contacter|appelant|appelante)\b")  # how to reach someone, the caller's number
_PAGE_OF = re.compile(r"\bpage\s*(\d{1,2})\s*(?:/|sur)\s*(\d{1,2})\b", re.I)


def _is_sentence(text: str) -> bool:
    """A line of running prose ("le logement se trouve au 27 chemin ..."), not a letterhead's
    names and numbers: most of its many words are lowercase."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return len(words) >= 8 and sum(w[0].islower() for w in words) >= 0.6 * len(words)


def _page_number(page: Page) -> int:
    """The page's number as printed on it ("Page 2/2", "page 2 sur 3"); 1 when it says none."""
    numbers = [int(m.group(1)) for m in _PAGE_OF.finditer(page.text) if int(m.group(1)) <= int(m.group(2))]
    return max(numbers, default=1)


def _read_form(pages: list[Page], source_of, identity: SenderIdentity, mission: Mission) -> None:
    for page in pages:
        hits = find_labels(page)
        lines = page.lines()
        # The insured named, or his details announced ("les coordonnées de notre assurée ont
        # changé :"): what follows is his, not a letterhead.
        person_lines = [i for i, line in enumerate(lines) if PERSON_RE.search(line.text) or _INSURED_SPOKEN_OF.search(fold(line.text))]
        first_anchor = min(
            [h.line_index for h in hits if h.spec.key in _ANCHORS and h.value] + person_lines[:1], default=None
        )
        kept: list[LabelHit] = []
        scanned = any(w.conf < 1.0 for line in lines for w in line.words)
        if first_anchor is not None and page.number == pages[0].number:
            # The letterhead above the insured's part: the agency's own phones, emails, address;
            # never a sentence on how to reach someone ("on peut la joindre au 02 ..."), nor, in
            # typed text, any sentence (a scan reads a letterhead in small letters).
            # A numbered item of the form's own beside a heading above it ("LE DOSSIER   11. Second
            # numéro ... 02 73 51 99 82", a page in two columns) is no letterhead.
            items = {id(w) for h in hits if h.label_words and _NUMBERED_ITEM.fullmatch(h.label_words[0].text) for w in h.label_words + h.value_words}
            for line in lines[:first_anchor]:
                text = " ".join(w.text for w in line.words if id(w) not in items)
                if not _REACH.search(fold(text)) and not (not scanned and _is_sentence(text)):
                    identity.absorb_text(text)
        signature = _signature_start(lines, hits, scanned)
        for line in lines[signature:]:
            identity.absorb_text(line.text)  # a printed mail's signature: the sender's own
        agency = _agency_block(lines)
        for hit in hits:
            if hit.line_index >= signature and hit.spec.kind in _IDENTITY_KINDS:
                continue
            if hit.line_index in agency and hit.spec.kind in _IDENTITY_KINDS:
                identity.absorb_text(hit.value)  # "Agence : ... · Adresse : ... · Tél. : ...": the agency's
                continue
            header = (
                first_anchor is not None and hit.line_index < first_anchor and page.number == pages[0].number
                and not _REACH.search(fold(lines[hit.line_index].text))
                and not _names_the_place(hit)
                and not (hit.label_words and _NUMBERED_ITEM.fullmatch(hit.label_words[0].text))  # "11. Second numéro": the form's own item
            )
            if hit.spec.key == "agency_fax" or (header and hit.spec.kind in _IDENTITY_KINDS):
                identity.absorb_text(hit.value)
                continue
            if hit.spec.kind == "phones" and any(p in identity.phones for p, _, _ in find_phones(hit.value)):
                continue
            if hit.spec.kind == "email" and any(identity.owns_email(e) for e in EMAIL_RE.findall(hit.value)):
                continue
            kept.append(hit)
        apply_hits(kept, source_of, mission)


# A browser's print of an XML file: its tree's fold marks before the tags (read as boxes).
_TREE_MARK = re.compile(rf"^[{TICKED}{UNTICKED}▼▶▾▸►+−-]\s*(?=<)")


def _record_as_text(doc: Document, identity: SenderIdentity) -> Document:
    """A document that is a data record printed (a platform's XML message shown as a tree by a
    browser): read as its "Label : value" lines, as a record pasted in a mail is; the sender's
    part (its "Emetteur") is the sender's."""
    text = "\n".join(_TREE_MARK.sub("", line.text) for page in doc.pages for line in page.lines())
    record = printed_xml_record(text)
    if record.text == text and doc.channel in SCANNED_CHANNELS:
        record = scanned_tree_lines_as_record(text)
    if record.text == text:
        return doc
    for line in record.sender_lines:
        identity.absorb_text(line)
    # A record read from a scan is as sure as the scan's words, not typed.
    read = [w.conf for page in doc.pages for w in page.words]
    conf = min(1.0, sum(read) / len(read)) if read and doc.channel in SCANNED_CHANNELS else 1.0
    return Document(doc.source, doc.channel, [page_from_text(record.text, conf=conf)], doc.filename, doc.error)


_NUMBERED_ITEM = re.compile(r"\d{1,2}[.)]")
_AGENCY_PAIR = re.compile(r"(?:^|\s)Agence(?:\s+(?:émettrice|gestionnaire|donneuse d'ordre))?\s*:\s*\S", re.I)


def _names_the_place(hit: LabelHit) -> bool:
    """An address labelled as the loss's or the work's ("Lieu d'intervention", "Adresse du
    risque"): never a letterhead's, wherever it stands."""
    return hit.spec.kind == "address" and fold(hit.spec.text) not in ("adresse", "address", "domicile", "demeurant")


def _agency_block(lines: list) -> set[int]:
    """The lines of the agency's own block ("Agence : Agence Allianz Thomas · Adresse : ... ·
    Tél. : ..."): the line of its "Agence :" pair and the lines under it that go on from
    further right (a flowing line's continuation), not a new row."""
    block: set[int] = set()
    for i, line in enumerate(lines):
        if not _AGENCY_PAIR.search(line.text):
            continue
        block.add(i)
        start = line.words[0].box.x0
        for j in range(i + 1, min(len(lines), i + 4)):
            if lines[j].box.x0 <= start + lines[j].box.height:
                break
            block.add(j)
    return block


def _signature_start(lines: list, hits: list[LabelHit], scanned: bool) -> int:
    """The first line of a signature after a closing formula below every anchor of the page (a
    mail printed to PDF signs off under the mission); the page's end when there is none."""
    last_anchor = max((h.line_index for h in hits if h.spec.key in _ANCHORS and h.value), default=-1)
    closing = next((i for i in range(last_anchor + 1, len(lines)) if is_closing(lines[i].text, scanned)), None)
    return len(lines) if closing is None else closing + 1


def _drop_identity_lines(text: str, identity: SenderIdentity) -> str:
    """Text without the lines that carry the sender's own phone or email (letterheads); a line
    that also names a claim keeps it, less the sender's numbers ("ligne directe 05 56 98 83 77).
    Sinistre B70882793, contrat AZ65593785.")."""
    out = []
    for line in text.splitlines():
        found = find_phones(line)
        if {p for p, _, _ in found} & identity.phones or any(e in line.lower() for e in identity.emails):
            if not CLAIM_RE.search(line):
                continue
            for phone, start, end in reversed(found):
                if phone in identity.phones:
                    line = line[:start] + line[end:]
        out.append(line)
    return "\n".join(out)


_SUBJECT_FALLBACK = 0.85  # a subject's words, read as prose, weigh less than the body's


def _merge_fallback(mission: Mission, fallback: Mission, weight: float = 0.9) -> None:
    for key, fv in fallback.values.items():
        if key not in mission.values:
            mission.offer(key, FieldValue(fv.value, round(fv.confidence * weight, 3), fv.source, fv.text, fv.box, fv.page_size, fv.method))


def _subject_claim(mail: ParsedMail) -> FieldValue | None:
    m = CLAIM_RE.search(mail.subject)
    value = normalize_claim_number(m.group(0)) if m else None
    return FieldValue(value, _SUBJECT_CONFIDENCE, "subject", mail.subject, method="subject") if value else None


# Fields one value each: two labels giving two values leave the one kept for the CC to check.
# (Phones and texts are several by nature.)
_CONTESTABLE = {
    "claim_number", "policy_number", "agent_code", "broker_code", "civility", "first_name", "last_name", "street",
    "postal_code", "city", "date_of_loss", "peril", "housing", "occupation", "dde_cause_repaired", "trade",
    "management_limit_eur",
}
CONTESTED_CONFIDENCE = 0.8


def _draft(kind: str, mission: Mission, channel: str, all_text: str, unreadable: list[str]) -> DraftRecord:
    if kind in classifier.MISSION_KINDS and mission.get("trade") is None and (mission.get("request") or mission.get("description")):
        # Something is asked but no trade of the list is named: the case system's "autre".
        mission.offer("trade", FieldValue("autre", 0.6, "body", mission.get("request") or mission.get("description"), method="default"))
    scanned = channel in SCANNED_CHANNELS
    _check_place(mission, scanned, all_text)
    if scanned:
        _check_first_name(mission)
        _check_last_name(mission)
        _check_email(mission)
        for key in ("street", "address_complement"):
            fv = mission.values.get(key)
            if fv is not None and fv.source.startswith("attachment:"):
                fv.value = knowledge.restore_accents(strip_scan_residue(fv.value) if key == "street" else fv.value)
    raw_fields = {key: mission.get(key) for key in FIELD_KEYS}
    raw_fields["description"] = _description(mission)
    fields = finalize_fields(kind, raw_fields)
    outcome = apply_rules(kind, fields, _rules_text(mission, all_text), unreadable)
    confidence: dict[str, float] = {}
    evidence: dict[str, Any] = {}
    if kind not in ("other", "c2s"):
        for key, value in fields.items():
            if value is None:
                continue
            fv = mission.values.get(key)
            if fv is not None:
                confidence[key] = _confidence(key, fv, scanned)
                if key in mission.contested and key in _CONTESTABLE:
                    confidence[key] = min(confidence[key], CONTESTED_CONFIDENCE)
                evidence[key] = fv.evidence()
            else:
                source = _derived_from(key, mission)
                confidence[key] = _confidence(key, source, scanned) if source else _DEFAULT_CONFIDENCE.get(key, 0.9)
                if source:
                    evidence[key] = source.evidence() | {"derived": True}
    weak = [key for key in DECISIVE_FIELDS if confidence.get(key, 1.0) < LOW_CONFIDENCE]
    if weak and kind in classifier.MISSION_KINDS:
        outcome.warnings.append(warning("low_confidence", ", ".join(DECISIVE_FIELDS[key] for key in weak)))
    return DraftRecord(
        kind=kind,
        provenance=classifier.provenance(kind),
        status=outcome.status,
        team=outcome.team,
        channel=channel,
        fields=fields,
        confidence=confidence,
        evidence=evidence,
        expertise_04p=outcome.expertise_04p,
        warnings=outcome.warnings,
    )


# Values the procedure fills in when the mail gives none: "000" for a broker code not found is
# as likely a code missed as a code absent, for the CC to check.
_DEFAULT_CONFIDENCE = {"broker_code": 0.6}

# The fields that decide how a mission is handled: a guess on one of them flags the draft.
DECISIVE_FIELDS = {"claim_number": "n° de sinistre", "peril": "nature", "trade": "corps de métier", "postal_code": "code postal"}
LOW_CONFIDENCE = 0.5


def _confidence(key: str, fv: FieldValue, scanned: bool) -> float:
    """Values read from a scan get the accuracy measured for their kind (fields/calibration.py)."""
    if scanned and fv.source.startswith("attachment:"):
        return round(min(1.0, calibration.calibrated(key, fv)), 3)
    return round(min(1.0, fv.confidence), 3)


def _agree_claim(mission: Mission, typed: list[FieldValue]) -> None:
    """A scanned claim number one or two characters away from one typed in the subject or
    body is a misreading of it: the typed one wins, and agreement raises the confidence."""
    fv = mission.values.get("claim_number")
    if fv is None or fv.confidence >= 0.95:
        return
    for other in typed:
        a, b = claim_digits(fv.value), claim_digits(other.value)
        if a == b:
            fv.confidence = max(fv.confidence, 0.95)
            return
        if SequenceMatcher(None, a, b).ratio() >= 0.8:
            mission.values["claim_number"] = FieldValue(other.value, 0.9, other.source, other.text, method="agreement")
            return


def _check_place(mission: Mission, scanned: bool, text: str) -> None:
    """Postcode and city checked against the reference list; corrections lower the confidence."""
    pc_fv, city_fv = mission.values.get("postal_code"), mission.values.get("city")
    place = geo.check_place(pc_fv.value if pc_fv else None, city_fv.value if city_fv else None, scanned)
    if place is None and scanned and pc_fv is not None:
        place = geo.find_place_in_text(pc_fv.value, text)
    if place is None:
        for fv in (pc_fv, city_fv):
            if fv is not None:
                fv.confidence = round(min(fv.confidence, 0.6), 3)  # not a known pair: have it checked
        return
    for key, value, fv in (("postal_code", place.postal_code, pc_fv), ("city", place.city, city_fv)):
        if fv is None:
            mission.values[key] = FieldValue(value, place.score, "reference", f"{place.postal_code} {place.city}", method="derived")
        elif fv.value != value:
            mission.values[key] = FieldValue(value, round(min(fv.confidence, place.score), 3), fv.source, fv.text, fv.box, fv.page_size, "corrected")


def _check_first_name(mission: Mission) -> None:
    """A scanned first name one letter off a known one is read as it ("Syivie" → "Sylvie");
    still to be checked."""
    fv = mission.values.get("first_name")
    if fv is None or not fv.source.startswith("attachment:"):
        return
    repaired = repair_scanned_first_name(fv.value)
    if repaired != fv.value:
        mission.values["first_name"] = FieldValue(repaired, min(fv.confidence, 0.7), fv.source, fv.text, fv.box, fv.page_size, "corrected")


def _check_last_name(mission: Mission) -> None:
    """A scanned surname that is the end of the street ("des Bateliers" of "147 quai des
    Bateliers"): a "Nom" caption read in "Nom de la voie", not the insured's name."""
    name, street = mission.values.get("last_name"), mission.values.get("street")
    if name is None or street is None or not str(name.value)[:1].islower():
        return
    if fold(str(street.value)).endswith(fold(str(name.value))):
        del mission.values["last_name"]


def _check_email(mission: Mission) -> None:
    """A scanned address whose local part is a slip or two from the insured's names is
    read as made of them ("pierre.bruniw" → "pierre.brun"); still to be checked."""
    fv = mission.values.get("email")
    if fv is None or fv.confidence >= 0.9 or "@" not in fv.value:
        return
    local, domain = fv.value.split("@", 1)
    named = email_from_names(local, mission.get("first_name"), mission.get("last_name"))
    if named:
        mission.values["email"] = FieldValue(f"{named}@{domain}", min(fv.confidence, 0.6), fv.source, fv.text, fv.box, fv.page_size, "corrected")


def _derived_from(key: str, mission: Mission) -> FieldValue | None:
    return {
        "department": mission.values.get("postal_code"),
        "phone_type": mission.values.get("phone"),
        "phone2_type": mission.values.get("phone2"),
    }.get(key)


def _description(mission: Mission) -> str | None:
    parts = [mission.get("description"), mission.get("request")]
    text = " ".join(p for p in parts if p)
    return text[:1000] or None


def _rules_text(mission: Mission, all_text: str) -> str:
    parts = [mission.get("description") or "", mission.get("request") or "", request_text(all_text)]
    trade_fv = mission.values.get("trade")
    if trade_fv:
        parts.append(trade_fv.text)
    return "\n".join(parts)


def _info(doc: Document, content_type: str, part_path: str, data: bytes) -> DocumentInfo:
    import hashlib

    return DocumentInfo(
        source=doc.source,
        filename=doc.filename,
        content_type=content_type,
        part_path=part_path,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        channel=doc.channel,
        pages=len(doc.pages),
        error=doc.error,
        text=doc.text[:100_000],
    )
