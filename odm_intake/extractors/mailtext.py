"""The mission part of a mail's text, and who the sender is.

Broker and agency mails wrap the mission in greetings, signatures (with the sender's own
address and phones), quoted reply history (often about another insured) and forward headers.
:func:`split_mail_text` keeps the mission lines and collects the sender's identity (phones,
emails, postcodes, names) so that extraction never takes the sender's data for the insured's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from odm_intake.extractors import dialogue, dictation, footnotes
from odm_intake.extractors.cards import contact_cards
from odm_intake.extractors.changes import apply_corrections, only_new_values
from odm_intake.extractors.fields import knowledge
from odm_intake.extractors.fields.values import CLAIM_RE, EMAIL_RE, POSTAL_CITY_RE, STREET_RE, find_phones, misspelt_civility
from odm_intake.extractors.structured import expand_records
from odm_intake.extractors.text import fold, within_one_edit
from odm_intake.extractors.typedforms import ANSWER_RE, as_labelled_lines, labelled_answer

_FORWARD_MARKER = re.compile(
    r"^\s*(-{2,}\s*(message transf[ée]r[ée]|message d'origine|original message|forwarded message|mail d'origine)\s*-{2,}|d[ée]but du message (r[ée]exp[ée]di[ée]|transf[ée]r[ée])\s*:?)\s*$",
    re.I,
)
_HEADER_LINE = re.compile(r"^\s*(de|from|envoy[ée]|sent|date|objet|subject|[àa]|to|cc|cci|bcc|r[ée]pondre [àa]|reply-to|sujet|pour|copie [àa]|copie)\s*:", re.I)
_ATTRIBUTED = re.compile(r",\s*([^,<>]{3,60}?)\s*<[^>]+>\s*a\s[ée]crit")  # the author in "Le ..., Name <address> a écrit"
_ATTRIBUTION = re.compile(r"^\s*(le\s.{4,160}a\s[ée]crit|on\s.{4,160}wrote)\s*:?\s*$", re.I)
_CLOSINGS = {
    "cordialement", "bien cordialement", "tres cordialement", "salutations", "sinceres salutations", "bien a vous", "merci",
    "merci d avance", "merci par avance", "bonne journee", "a bientot", "cdlt", "bien a toi", "respectueusement", "meilleures salutations",
    "salutations distinguees", "merci beaucoup", "bonne reception", "regards", "best regards", "en vous remerciant", "avec nos remerciements",
}

# A letter's closing sentence: "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées."
_FORMAL_CLOSING = re.compile(
    r"^(veuillez|je vous prie|nous vous prions|recevez|agreez)\b.{0,120}\b(salutations|sentiments|considerations?)( (les )?(distinguee?s|meilleure?s|respectueuse?s))?\W*$"
)


def is_closing(line: str, scanned: bool = False) -> bool:
    """A closing formula ("Cordialement,", "Veuillez agréer ...") or a signature's "--": what
    follows is the sender's signature. On a scan, a long formula may be one letter off
    ("Cordislement.")."""
    folded = fold(line.strip())
    # "--" (up to four dashes) opens a signature; a longer rule parts a tool's header or footer.
    if folded in _CLOSINGS or bool(_FORMAL_CLOSING.search(folded)) or bool(re.fullmatch(r"-{2,4}", line.strip())):
        return True
    return scanned and any(len(closing) >= 8 and within_one_edit(folded, closing) for closing in _CLOSINGS)


# The local part of an address no person reads: a platform's or a mail server's.
_MACHINE_ADDRESS = re.compile(r"(no-?reply|ne-?pas-?repondre|do-?not-?reply|notifications?|mailer-daemon|postmaster|bounces?)\b")


@dataclass(slots=True)
class SenderIdentity:
    """Data that belong to the sender (signatures, letterheads, headers), never to the insured."""

    phones: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    postal_codes: set[str] = field(default_factory=set)
    streets: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)  # folded
    domains: set[str] = field(default_factory=set)  # the sender firm's own mail domain (not a webmail's)

    def owns_email(self, email: str, scanned: bool = False) -> bool:
        """The sender's address, or a colleague's at the firm's own domain (``scanned``: also a
        domain a letter or two off, as a scan reads "ailianz-agence.exampie")."""
        email = email.lower()
        local, _, domain = email.rpartition("@")
        if email in self.emails or domain in self.domains or _MACHINE_ADDRESS.match(local):
            return True  # (a platform's "ne-pas-repondre@" is nobody's either)
        known = self.domains | {e.rpartition("@")[2] for e in self.emails}
        return scanned and any(SequenceMatcher(None, domain, d).ratio() >= 0.85 for d in known)

    def absorb_contacts(self, text: str) -> None:
        """The phones and emails of a letterhead (its town may well be the insured's)."""
        self.phones.update(p for p, _, _ in find_phones(text))
        self.emails.update(e.lower() for e in EMAIL_RE.findall(text))

    def absorb_text(self, text: str) -> None:
        self.absorb_contacts(text)
        self.postal_codes.update(m.group(1) for m in POSTAL_CITY_RE.finditer(text))
        self.streets.update(fold(m.group(1)) for m in STREET_RE.finditer(text))


_BEFORE_NAME = re.compile(r"\b([Mm][a-zà-ÿ]{3,12}|M[A-ZÀ-Ý]{3,12})(?=[ \t]+[A-ZÀ-Ý])")
_SPELT_OUT = {"M.": "monsieur", "Mme": "madame"}


def _civilities_spelt_right(text: str) -> str:
    """A civility misspelt before a name ("Monsiuer Ibrahim BELKACEM", "Madmae LEROY") as it
    should read, so that the name is known for the insured's."""
    def fix(m: re.Match[str]) -> str:
        word = m.group(1)
        folded = fold(word)
        if folded in knowledge.civilities():
            return word  # a civility as it is written ("Mlle", "Msieur")
        civility = misspelt_civility(folded)
        if civility is None:
            return word
        right = _SPELT_OUT[civility]
        return right.upper() if word.isupper() else right.capitalize()

    return _BEFORE_NAME.sub(fix, text)


@dataclass(slots=True)
class MailText:
    mission: str  # the lines that can carry the mission
    identity: SenderIdentity
    signature: str = ""  # the sender's signature lines: the broker's own code is written there


_MARKDOWN_BOLD = re.compile(r"\*\*|(?<!\w)__|__(?!\w)")
# "*N° de contrat :* H-AZ/2905448": bold as a mail client's text conversion marks it.
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,80}?)(?<=\S)\*(?![\w*])")


def _named_in(name: str, lines: list[str]) -> bool:
    words = [w for w in fold(name).split() if len(w) > 2]
    text = fold("\n".join(lines))
    return bool(words) and all(re.search(rf"\b{re.escape(w)}\b", text) for w in words)


def _unquoted(line: str) -> str:
    """A line without its quotation marks: a quoted reply's headers are headers all the same."""
    return re.sub(r"^\s*(?:>\s?)+", "", line)


def _is_outlook_rule(lines: list[str], i: int) -> bool:
    """Outlook's forward: a rule of underscores above the forwarded mail's "De :" header."""
    return bool(re.fullmatch(r"\s*_{10,}\s*", _unquoted(lines[i]))) and i + 1 < len(lines) and bool(_HEADER_LINE.match(_unquoted(lines[i + 1])))


def _is_header_block(lines: list[str], i: int) -> bool:
    """An earlier mail's header without a rule above it ("De : ..." then "Envoyé :", "À :",
    "Objet :"), as Outlook writes it in HTML replies: the earlier mail starts there."""
    if not re.match(r"^\s*(de|from)\s*:", _unquoted(lines[i]), re.I):
        return False
    following = [line for line in map(_unquoted, lines[i + 1 : i + 6]) if line.strip()][:2]
    return len(following) == 2 and all(_HEADER_LINE.match(line) for line in following)


def split_mail_text(text: str, sender_name: str = "", sender_address: str = "") -> MailText:
    identity = SenderIdentity()
    if sender_address:
        identity.emails.add(sender_address.lower())
        domain = sender_address.lower().rpartition("@")[2]
        if domain and domain not in knowledge.vocabulary()["webmail_domains"]:
            identity.domains.add(domain)
    if sender_name:
        identity.names.add(fold(sender_name))
    # NFKC: superscripts and ligatures as plain letters ("Mᵐᵉ" is "Mme"), no-break spaces as spaces.
    # A record a broker's software pasted (XML, JSON) reads as "Label : value" lines.
    record = expand_records(text)
    for line in record.sender_lines:
        identity.absorb_text(line)
    # Markdown's bold markers ("**Police :** AZ1") are no part of labels or values.
    # A dictated mail's said punctuation and a phone said in words, as written; the links and
    # images a mail client's text conversion writes after their text, dropped.
    # A letter's footnotes where they are called (before NFKC reads a superscript "³" as a digit).
    text = _CONVERTED_LINK.sub("", dictation.as_written(unicodedata.normalize("NFKC", footnotes.inline(record.text))))
    text = _civilities_spelt_right(_EMPHASIS.sub(r"\1", _MARKDOWN_BOLD.sub("", text)))
    lines = contact_cards(_sms_parts_joined(text.replace("\r\n", "\n").split("\n")))
    # "Je vous écris de la part de M. Fabrègue": the broker the sender writes for is the sender's side.
    identity.names.update(fold(m.group(1) or m.group(2)) for m in _ON_BEHALF_OF.finditer(text))
    kept: list[str] = []
    signature: list[str] = []
    i = 0
    in_signature = False
    insured_writes = False  # below a forward of the insured's own mail: his signature is his
    in_letter = False  # below a letter copied under the note
    history = False  # below "Le ... a écrit :": quoted lines are earlier mails
    question: str | None = None  # the last quoted question, for an answer written under it
    colleagues: set[str] = set()  # folded names of the sender's colleagues whose mails are quoted
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        unquoted = stripped.lstrip("> ").strip()
        nested = history and stripped.startswith(">")  # inside another's quotation: history too
        if _ATTRIBUTION.match(unquoted) and not nested and _names_sender(unquoted, identity, sender_name, sender_address):
            # The sender quoting his own earlier mail (to correct it, to insist), or his firm's
            # internal exchange: that mail is the mission, read like a quotation passed on. Its
            # author's name, when he signs, opens his signature.
            history, in_signature, insured_writes = False, False, False
            author = _ATTRIBUTED.search(unquoted)
            if author:
                colleagues.add(fold(author.group(1)))
            i += 1
            continue
        if unquoted and fold(unquoted) in colleagues:
            in_signature = True
            identity.names.add(fold(unquoted))
            i += 1
            continue
        if _ATTRIBUTION.match(stripped) or (history and stripped.startswith(">")):
            # Quoted history: what we or others wrote before, about other files.
            history, in_signature = True, False
            quoted = stripped.lstrip("> ").strip() if stripped.startswith(">") else ""
            if quoted:
                question = quoted if _QUOTED_QUESTION.match(quoted) else None
            i += 1
            continue
        if history and stripped and question:
            # An answer written under our quoted question: the question labels it.
            answer = ANSWER_RE.match(stripped)
            kept.append(labelled_answer(_QUOTED_QUESTION.match(question).group(1), answer.group(1) if answer else stripped))
            question = None
            i += 1
            continue
        if stripped.startswith(">"):
            # A quotation no "... a écrit :" introduces: the mission passed on, as written.
            line = stripped = stripped.lstrip("> ")
        if _SENDER_LINE.match(stripped):
            identity.absorb_contacts(stripped)  # "Expéditeur : +33687327719": an SMS gateway names the sender's phone
            i += 1
            continue
        header_block = _is_header_block(lines, i)
        if header_block or _FORWARD_MARKER.match(stripped) or _is_outlook_rule(lines, i):
            in_signature = False
            i += 0 if header_block else 1  # a marker or a rule line is skipped; a header block is read
            while i < len(lines) and (_HEADER_LINE.match(_unquoted(lines[i])) or not _unquoted(lines[i]).strip()):
                header = _unquoted(lines[i])
                name = re.sub(r"<.*?>", "", header.split(":", 1)[1]).strip(' "') if ":" in header else ""
                # A forwarded mail's author is another sender, unless the forwarder named
                # him above: "le message de notre cliente, Mme CHEVALIER" is the insured's own.
                if re.match(r"^\s*(de|from)\s*:", header, re.I):
                    # His own earlier mail forwarded: the sender writes, not the insured.
                    insured_writes = _named_in(name, kept) and not _names_sender(header, identity, sender_name, sender_address)
                    if insured_writes:
                        kept.append(header)  # his address, for his email
                    else:
                        identity.absorb_text(header)
                        if name:
                            identity.names.add(fold(name))
                        if name and _names_sender(header, identity, sender_name, sender_address):
                            colleagues.add(fold(name))  # his signature, below, is the firm's
                i += 1
            kept.append("")
            continue
        if _copied_letter(lines, i):
            # A letter copied under the note: the mission again.
            in_signature, insured_writes, history = False, False, False
            in_letter = True
            kept.append("")
            i += 1
            continue
        if in_signature and re.fullmatch(r"([-=_*~])\1{2,}", stripped) and _names_a_claim(lines[i + 1 : i + 30]):
            # "---" or "=====" under the signature over what names the claim (a call's transcript,
            # a web page copied): the mission again.
            in_signature = False
            i += 1
            continue
        if is_closing(stripped):
            in_signature = True
            if in_letter:
                # A copied letter signed by another than the sender: the insured's own letter.
                signer = next((fold(line.strip()) for line in lines[i + 1 : i + 6] if line.strip()), "")
                insured_writes = bool(signer) and signer not in identity.names and signer != fold(sender_name)
            i += 1
            continue
        if in_signature and insured_writes:
            kept.append(line)
            i += 1
            continue
        postscript = _POSTSCRIPT.match(stripped)
        if in_signature and postscript:
            # "PS : J'oubliais les références Allianz : ...": what the sender forgot, the mission again.
            in_signature = False
            line = stripped = stripped[postscript.end() :]
        if in_signature and (
            _INSURED_BLOCK.match(fold(stripped)) or _TITLED_RULE.match(stripped)
            or _RULE.match(stripped) and (_names_a_claim(lines[i + 1 : i + 8]) or _firm_document_below(lines[i + 1 : i + 8]))
            or _CLAIM_CAPTION.match(stripped) and _names_a_claim([stripped])
        ):
            # "Coordonnées assuré :", "----- mes notes -----", a rule over notes naming the claim or
            # over a firm's document (an invoice and its client), or "Sinistre Allianz : C..." under
            # the closing: the mission again (a rule over a legal notice is not).
            in_signature = False
        if in_signature:
            if stripped:
                identity.absorb_text(line)
                signature.append(line)
                if len(stripped.split()) <= 4 and not re.search(r"\d", stripped):
                    identity.names.add(fold(stripped))
                i += 1
                continue
            # A blank line inside a signature: the signature goes on unless real text follows.
            i += 1
            continue
        kept.append(line)
        i += 1
    kept = _unbulleted(dialogue.as_prose(_only_the_missions_section(kept)))
    kept = only_new_values(apply_corrections(_drop_letterheads(_drop_firm_letterheads(_without_set_aside_files(_without_parties(kept, identity), identity), identity), identity)))
    authors = _authors(kept)
    identity.names.update(authors)
    kept, trailing = _drop_trailing_signature(
        as_labelled_lines(kept), identity, sender_name, sender_address, authors
    )
    return MailText(mission="\n".join(kept).strip("\n"), identity=identity, signature="\n".join(signature + trailing))


# An outline's bullets and tree branches ("    * ", "+ ", "├── ", "│   └── "): no part of what they list.
_BULLET = re.compile(r"^\s*(?:(?:[-*+•◦▪‣]|[│├└](?:──)?)\s+)+")


def _unbulleted(lines: list[str]) -> list[str]:
    return [_BULLET.sub("", line) for line in lines]


# A question of our quoted mail: "1. Nom et prénom de l'assuré(e) :", "Maison ou appartement ?".
_QUOTED_QUESTION = re.compile(r"^(?:\d{1,2}[.)]\s*)?(.{3,120}?)\s*[:?]\s*$")
# "Nantua <https://www.google.com/maps/...>", "07 81 94 89 01<tel:+33781948901>", "[cid:image001.png@01DB45AD.92D509AF]".
_CONVERTED_LINK = re.compile(r"[ \t]?<(?:https?://|mailto:|tel:)[^>\s]*>|\[cid:[^\]\s]*\]")


_CLAIM_CAPTION = re.compile(r"^(n°\s*(de\s+)?|num[ée]ro\s+(de\s+)?|r[ée]f[ée]?r?e?n?c?e?\.?\s+)?sinistre\b(?:[^:]{0,20}:|\s+n°\s*(?=[BC][\s\-–./:]?\d))", re.I)


def _names_a_claim(lines: list[str]) -> bool:
    return any(CLAIM_RE.search(line) for line in lines)


# A section's title in a mail on several subjects: in capitals, or numbered ("2) Nouvelle
# demande d'intervention"); the mission's names it.
_NUMBERED_TITLE = re.compile(r"^\d{1,2}[.)]\s+\S.{0,70}$")
_MISSION_TITLE = re.compile(r"\b(mission|demande d intervention|nouveau dossier|nouvelle demande)\b")


def _section_title(line: str) -> bool:
    text = line.strip()
    if not text or len(text) > 80 or text[-1] in ".?!:,;":
        return False
    return bool(_NUMBERED_TITLE.match(text)) or _in_capitals(text, letters=5)


def _in_capitals(text: str, letters: int = 4) -> bool:
    """A line set in capitals, a few letters at least: a title, a firm's name in its letterhead."""
    return sum(c.isalpha() for c in text) >= letters and not any(c.islower() for c in text)


def _only_the_missions_section(lines: list[str]) -> list[str]:
    """A mail on several subjects, each under its title (an invoice about another file, the
    year's closing, a convention): only the section whose title names the mission is kept,
    with what comes before the first title."""
    titles = [i for i, line in enumerate(lines) if _section_title(line) and (i == 0 or not lines[i - 1].strip())]
    titles = [i for i in titles if i + 1 < len(lines) and lines[i + 1].strip()]
    missions = [i for i in titles if _MISSION_TITLE.search(fold(lines[i]))]
    # Subjects are titled alike; a form's title over its numbered parts is one subject.
    alike = len({bool(_NUMBERED_TITLE.match(lines[i].strip())) for i in titles}) == 1
    if len(titles) < 2 or len(missions) != 1 or not alike:
        return lines
    start = missions[0]
    end = next((i for i in titles if i > start), len(lines))
    return [line if i < titles[0] or start <= i < end else "" for i, line in enumerate(lines)]


# "PS :", "P.S.", "P.-S. –", "PPS", "PS 2 :", "P.P.S.": a post-scriptum's mark, then what it adds.
_POSTSCRIPT = re.compile(r"^(?:P\.?-?\s?)+S\.?(?:\s?\d)?\s*[:.–-]?\s+(?=\S)")
_ON_BEHALF_OF = re.compile(
    r"(?i:\b(?:de la part|au nom) de|(?<!\w)[àa] la demande de|\bassistante? de) (?:M\.|Mme|Monsieur|Madame)\s+([A-ZÀ-Ý][\w'-]+(?: [A-ZÀ-Ý][\w'-]+)?)"
    # "M. Courbassier, qui suit ce dossier, m'a demandé de vous transmettre ...": the broker in charge.
    r"|(?:M\.|Mme|Monsieur|Madame)\s+([A-ZÀ-Ý][\w'-]+(?: [A-ZÀ-Ý][\w'-]+)?),? qui (?:suit|g[èe]re|a en charge) (?:ce|le) dossier"
)
_SENDER_LINE = re.compile(r"^(exp[ée]diteur|[ée]metteur)\s*:", re.I)
# "[3/10] ur le logement qu'elle loue au ...": a long SMS cut into parts by the network.
_SMS_PART = re.compile(r"^\[(\d{1,2})/(\d{1,2})\] ?(.*)$")
_SMS_SIGN_OFF = re.compile(r"\s+((?:merci(?: beaucoup| d'avance)?|cdt|cordialement|bien à vous)\s*[!,.]?)\s+(?=[A-ZÀ-Ý][^\n]{0,100}$)", re.I)


def _sms_parts_joined(lines: list[str]) -> list[str]:
    """The parts of a long SMS, each on its line as a gateway mails them, joined back into the
    one message (the network cuts them at a fixed length, inside words and numbers)."""
    out: list[str] = []
    for line in lines:
        part = _SMS_PART.match(line)
        previous = _SMS_PART.match(out[-1]) if out else None
        if part and previous and int(part.group(1)) == int(previous.group(1)) + 1 and part.group(2) == previous.group(2):
            out[-1] = f"[{part.group(1)}/{part.group(2)}] {previous.group(3)}{part.group(3)}"
        else:
            out.append(line)
    messages: list[str] = []
    for line in out:
        if not _SMS_PART.match(line):
            messages.append(line)
            continue
        # The SMS signs off on its one line ("... Merci ! Rosalie – 03 02 50 00 77"): the sign-off
        # on a line of its own, as a mail's closing, so that the sender's number is his.
        messages.extend(_SMS_SIGN_OFF.sub(r"\n\1\n", _SMS_PART.sub(r"\3", line)).split("\n"))
    return messages


# A section titled between rules ("---------- mes notes ----------", "=== Notes d'appel ===").
_TITLED_RULE = re.compile(r"^([-=_*~])\1{2,} ?[^\W\d_][^-=_*~]{0,40}?[-=_*~]{3,}$")
# A heading that opens the insured's details: "Coordonnées assuré(e) :", "Fiche client".
_INSURED_BLOCK = re.compile(r"^(coordonnees|fiche|infos?|informations|details?|identite)( de| du| des)?( l)?( notre)? (assure|assuree|client|cliente|sinistre|sinistree)\b")


# A rule parting a note from a document copied under it ("______", "=====", "- - - - -"); the
# letter's salutation or subject line.
_RULE = re.compile(r"^\s*([_=*~-])(?: ?\1){9,}\s*$")
_LETTER_LINE = re.compile(r"^(objet\s*:|(madame|monsieur|mademoiselle|cher|chere)( ?,? ?(madame|monsieur|client|cliente))?\s*,?$)")
# A line announcing a document pasted below it: "Document numérisé le 04/11 ... texte reconnu :",
# "[Numérisation RICOH IM C3000 · 28.10.2026 · OCR]".
_DOCUMENT_INTRO = re.compile(r"\b(texte reconnu|numeris\w*|scann\w*|ocr|copie (du|de la|de sa|de son) (courrier|lettre)|(sa|son|la|le) (lettre|courrier) ci dessous)\b")
# A letter's addressee: a civility and a capitalised name opening a line.
_ADDRESSEE = re.compile(r"^(m|mr|mme|mlle|melle|monsieur|madame|mademoiselle)\.?\s+[A-ZÀ-Ý]", re.I)


def _copied_letter(lines: list[str], i: int) -> bool:
    """A rule under the note, or a line announcing a document ("... texte reconnu (OCR) :"), with
    a letter below it ("copie du courrier adressé à notre cliente": a rule, the firm's letterhead,
    the addressee's block, "Objet :", "Madame,"), not a legal notice or a tool's footer."""
    intro = lines[i].strip()
    if not (_RULE.match(lines[i]) or _DOCUMENT_INTRO.search(fold(intro)) and (intro.endswith(":") or intro.startswith("[") and intro.endswith("]"))):
        return False
    for line in lines[i + 1 : i + 40]:
        if _RULE.match(line):
            return False
        if _LETTER_LINE.match(fold(line.strip())):
            return True
    return False


# A mail about several files, each under its heading ("▶ DOSSIER 2 : ANNULATION – M. X – sinistre C...").
_FILE_HEADING = re.compile(r"^\W*(?:dossier|sujet|cas|demande|affaire)\s*(?:no?\s*)?\d{1,2}\b")
_NUMBERED_FILE = re.compile(r"^\W*(?:\d{1,2}\)|[A-H][.)])\s+[A-ZÀ-Ý]")  # "1) ANNULATION – M. X – ...", "B. Nouvelle demande"


def _without_set_aside_files(lines: list[str], identity: SenderIdentity) -> list[str]:
    """A mail about two files or more, one of which is cancelled, closed or only for information,
    without that file's lines: its insured, address and phones are another's. Its phones and
    emails go to the identity, so that they are never the insured's."""
    headings = [i for i, line in enumerate(lines) if _FILE_HEADING.match(fold(line.strip())) or _NUMBERED_FILE.match(line.strip())]
    if len(headings) < 2:
        return lines
    cues = knowledge.vocabulary()["set_aside_files"]["cues"]
    bounds = list(zip(headings, headings[1:] + [_paragraph_end(lines, headings[-1])]))
    aside = [(a, b) for a, b in bounds if any(cue in fold(lines[a]) for cue in cues)]
    if not aside or len(aside) == len(bounds):
        return lines
    out = list(lines)
    for a, b in aside:
        for k in range(a, b):
            identity.absorb_contacts(lines[k])
            out[k] = ""
    return out


def _without_parties(lines: list[str], identity: SenderIdentity) -> list[str]:
    """A fax cover sheet's parties left out, each a heading over its block ("EXPÉDITEUR",
    "Nom : ...", "Tél. : ..."): the sender's phones and address go to the identity; the
    recipient is us."""
    parties = knowledge.vocabulary()["cover_sheet"]
    out = list(lines)
    i = 0
    while i < len(lines):
        head = fold(lines[i].strip())
        sender = head in parties["sender"]
        if not (sender or head in parties["recipient"]) or i + 1 >= len(lines) or not lines[i + 1].strip():
            i += 1
            continue
        out[i] = ""
        i += 1
        while i < len(lines) and lines[i].strip():
            if sender:
                identity.absorb_text(lines[i])
            out[i] = ""
            i += 1
    return out


def _paragraph_end(lines: list[str], heading: int) -> int:
    """Where the last file's lines end: with the paragraph under its heading. What follows is the
    mail's again (the broker's code, the closing, the signature)."""
    k = heading + 1
    while k < len(lines) and not lines[k].strip():
        k += 1
    while k < len(lines) and lines[k].strip():
        k += 1
    return k


def _drop_letterheads(lines: list[str], identity: SenderIdentity) -> list[str]:
    """A letter's letterhead, the paragraph above its addressee's block (a firm's name in capitals
    over its address), left out: the firm's, not the insured's. Its town may be the insured's."""
    out = list(lines)
    for i, line in enumerate(lines):
        if not _ADDRESSEE.match(line.strip()) or not any(POSTAL_CITY_RE.search(below) for below in lines[i + 1 : i + 5]):
            continue
        end = i - 1
        while end >= 0 and not lines[end].strip():
            end -= 1
        start = end
        while start > 0 and lines[start - 1].strip():
            start -= 1
        head = [h.strip() for h in lines[start : end + 1]]
        capitals = head and _in_capitals(head[0])
        if end < i - 1 and capitals and len(head) <= 4 and any(POSTAL_CITY_RE.search(h) for h in head):
            for k in range(start, end + 1):
                identity.absorb_contacts(lines[k])
                out[k] = ""
    return out


# A firm's registration, as an invoice's or a quote's letterhead prints it under its name.
_REGISTRATION = re.compile(r"\b(siret|siren|rcs|tva intracom\w*|n° tva|code ape|naf|assurance d[ée]cennale|capital (social )?de)\b", re.I)


def _drop_firm_letterheads(lines: list[str], identity: SenderIdentity) -> list[str]:
    """The letterhead of a firm's document pasted in the mail (a repairer's invoice or quote):
    its name in capitals, its trade, address and phones, down to its registration ("SIRET ...",
    "Assurance décennale ..."). Its phones and e-mail are the firm's, never the insured's."""
    out = list(lines)
    for i, line in enumerate(lines):
        if not _REGISTRATION.search(line) or (i > 0 and _REGISTRATION.search(lines[i - 1])):
            continue
        start = next((k for k in range(i - 1, max(-1, i - 6), -1) if _firm_name(lines[k])), None)
        if start is None or not all(lines[k].strip() for k in range(start, i)):
            continue
        end = i
        while end + 1 < len(lines) and _REGISTRATION.search(lines[end + 1]):
            end += 1
        for k in range(start, end + 1):
            identity.absorb_contacts(lines[k])
            out[k] = ""
    return out


def _firm_document_below(lines: list[str]) -> bool:
    """A firm's letterhead opens the lines (its name in capitals, its registration a few lines
    down): a document of the firm's pasted there, an invoice or a quote."""
    first = next((line for line in lines if line.strip()), "")
    return _firm_name(first) and any(_REGISTRATION.search(line) for line in lines)


def _firm_name(line: str) -> bool:
    """A firm's name as a letterhead sets it: in capitals, a few letters at least, no digits but its hours ("7J/7")."""
    text = line.strip()
    return _in_capitals(text) and not re.search(r"\d{3}", text)


def _names_sender(line: str, identity: SenderIdentity, sender_name: str, sender_address: str) -> bool:
    """Whether an attribution or a header line names the mail's own sender, or a colleague of his
    at his firm's own domain (an internal exchange forwarded: "tout y est")."""
    if sender_address and sender_address.lower() in line.lower():
        return True
    if any(address.lower().rpartition("@")[2] in identity.domains for address in EMAIL_RE.findall(line)):
        return True
    name = fold(sender_name)
    return len(name.split()) >= 2 and f" {name} " in f" {fold(line)} "


_AUTHOR_LINE = re.compile(r"^\s*(?P<cue>[^:]{3,25}?)\s*:\s*(?P<name>[A-ZÀ-Ý][\w'-]+(?: [A-ZÀ-Ý][\w'-]+){1,2})\b")
_AUTHOR_STAMP = re.compile(r"^\s*(?P<name>[A-ZÀ-Ý][\w'-]+(?: [A-ZÀ-Ý][\w'-]+){1,2}), \d{1,2}/\d{1,2}/\d{2,4}\b")


def _authors(lines: list[str]) -> set[str]:
    """The folded names of who wrote a tool's request: "Demandeur : Aurélie Fontaine (...)", or
    a message stamped "Aurélie Fontaine, 23/10/2026 09:11"."""
    cues = {fold(cue) for cue in knowledge.vocabulary()["roles"]["authors"]}
    names: set[str] = set()
    for line in lines:
        m = _AUTHOR_LINE.match(line)
        if m and fold(m.group("cue")) in cues:
            names.add(fold(m.group("name")))
        m = _AUTHOR_STAMP.match(line)
        if m:
            names.add(fold(m.group("name")))
    return names


def _drop_trailing_signature(
    lines: list[str], identity: SenderIdentity, sender_name: str, sender_address: str, authors: set[str] = frozenset()
) -> tuple[list[str], list[str]]:
    """A signature without a closing formula: one of the last paragraphs naming the sender or
    his address, or starting with the name of the request's author (a tool's footer may follow).
    Returns the lines kept and the signature's lines."""
    paragraphs: list[list[int]] = [[]]
    for index, line in enumerate(lines):
        if line.strip():
            paragraphs[-1].append(index)
        elif paragraphs[-1]:
            paragraphs.append([])
    paragraphs = [p for p in paragraphs if p]
    marks = {m for m in (sender_address.lower(), fold(sender_name)) if m}
    drop: set[int] = set()
    for rank, para in enumerate(reversed(paragraphs[-3:])):
        text = "\n".join(lines[i] for i in para)
        folded_lines = {fold(lines[i]) for i in para}
        signed = fold(lines[para[0]]) in authors and len(para) >= 2
        # A line naming the sender, alone or before his firm ("Pierre-Yves Fabre – Agence Vauban").
        named = any(line == mark or line.startswith(mark + " ") for line in folded_lines for mark in marks)
        if not signed and (rank == 2 or not marks or not (sender_address and sender_address.lower() in text.lower() or named)):
            continue
        if len(para) > 8 or any(len(lines[i]) > 90 for i in para):
            continue
        identity.absorb_text(text)
        drop.update(para)
    kept = [line for index, line in enumerate(lines) if index not in drop]
    return kept, [lines[index] for index in sorted(drop)]
