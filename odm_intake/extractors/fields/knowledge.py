"""The extraction knowledge kept as data in ``odm_intake/config/*.toml``, loaded once."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from odm_intake.extractors.text import edit_distance, fold, fold_tokens, within_one_edit


def _load(name: str) -> dict:
    return tomllib.loads((resources.files("odm_intake") / "config" / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class LabelSpec:
    key: str  # the field (or pseudo-field) the label announces
    kind: str  # how its value is read
    tokens: tuple[str, ...]  # folded tokens of the label
    text: str  # the label as written in the config
    multiline: bool = False
    shorthand: bool = False  # written in a claims tool's shorthand ("CD.AGT"), read as the label ``text``


@dataclass(frozen=True)
class Vocabulary:
    """Ordered (value, patterns) lists: the first value with a matching pattern wins."""

    entries: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]

    def first(self, folded_text: str) -> str | None:
        for value, patterns in self.entries:
            if any(p.search(folded_text) for p in patterns):
                return value
        return None

    def earliest(self, folded_text: str) -> tuple[str, int] | None:
        """The value whose pattern matches earliest in the text (ties: config order)."""
        best: tuple[str, int] | None = None
        for value, patterns in self.entries:
            for p in patterns:
                m = p.search(folded_text)
                if m and (best is None or m.start() < best[1]):
                    best = (value, m.start())
        return best

    def distinct(self, folded_text: str) -> list[str]:
        """Values named in the text, in config order, leaving out a value whose only mention
        lies inside another value's ("proprietaire" inside "proprietaire non occupant")."""
        spans: dict[str, list[tuple[int, int]]] = {}
        for value, patterns in self.entries:
            for p in patterns:
                for m in p.finditer(folded_text):
                    spans.setdefault(value, []).append(m.span())
        kept = []
        for value, own in spans.items():
            others = [s for v, ss in spans.items() if v != value for s in ss]
            if any(not any(o[0] <= s[0] and s[1] <= o[1] and o != s for o in others) for s in own):
                kept.append(value)
        return kept


@lru_cache(maxsize=1)
def labels() -> tuple[LabelSpec, ...]:
    specs: list[LabelSpec] = []
    for key, spec in _load("labels.toml").items():
        for text in spec["labels"]:
            specs.append(LabelSpec(key, spec["kind"], tuple(fold_tokens(text)), text, spec.get("multiline", False)))
    # Longest first, so "N° de sinistre" is preferred to "Sinistre".
    specs.sort(key=lambda s: -len(s.tokens))
    return tuple(specs)


@lru_cache(maxsize=1)
def label_words() -> frozenset[str]:
    """Folded words of four letters or more that make labels ("sinistre", "adresse", "prenom"):
    no first or last name is one of them."""
    return frozenset(token for spec in labels() for token in spec.tokens if len(token) >= 4)


@lru_cache(maxsize=1)
def _label_token_sequences() -> frozenset[tuple[str, ...]]:
    return frozenset(spec.tokens for spec in labels())


def is_label_run(text: str) -> bool:
    """True when the text is only form labels ("Code postal Localité"), i.e. no value."""
    tokens = tuple(fold_tokens(text))
    if not tokens:
        return False
    sequences = _label_token_sequences()
    reachable = [True] + [False] * len(tokens)
    for i in range(len(tokens)):
        if reachable[i]:
            for j in range(i + 1, len(tokens) + 1):
                if tokens[i:j] in sequences:
                    reachable[j] = True
    return reachable[-1]


def starts_with_label(text: str) -> bool:
    """True when the text opens with a form label ("Commune Mérignas"): another field's value.
    The label ends where a word does ("Lieu-dit Les Quatre Vents" opens with no "Lieu")."""
    tokens = tuple(fold_tokens(text))
    word_ends: set[int] = set()
    count = 0
    for word in re.split(r"[^\w'’-]+", text):
        count += len(fold_tokens(word))
        word_ends.add(count)
    return any(n in word_ends and tokens[:n] in _label_token_sequences() for n in range(1, min(len(tokens), 6) + 1))


# Words a shorthand leaves out ("ADR.RSQ." for "Adresse du risque"), with the marks of plural
# and feminine ("Téléphone(s)", "Assuré(e)").
_SHORTHAND_SKIPS = frozenset({"de", "du", "des", "d", "la", "le", "l", "a", "au", "aux", "et", "en", "of", "the", "s", "e"})


@lru_cache(maxsize=4096)
def shorthand_labels(tokens: tuple[str, ...], scanned: bool = False) -> tuple[LabelSpec, ...]:
    """The labels the folded ``tokens`` write in shorthand, as a claims tool prints its captions
    ("cd agt" for "Code agent", "dt surv" for "Date de survenance", "cplt" for "Complément"):
    word for word, the label's small words left out, each written word the start of its label
    word or its letters in order from the first on, one of them at least shortened: maybe labels
    of more than one field ("n ctr": "N° de contrat", "N° courtier"), for the value to tell.
    ``scanned``: a word written whole may be one letter off ("plaf tic" for "plaf ttc")."""
    # Words cut short ("ass" for "assuré") before letters left out ("adresse"), and only then, on
    # a scan, a word one letter off.
    for cut, slips in ((True, False), (False, False), (True, True), (False, True))[: 4 if scanned else 2]:
        found = tuple(spec for spec in labels() if _shortens(tokens, tuple(t for t in spec.tokens if t not in _SHORTHAND_SKIPS), cut, slips))
        if found:
            return found
    return ()


def _shortens(written: tuple[str, ...], words: tuple[str, ...], cut: bool, slips: bool) -> bool:
    if len(written) != len(words) or written == words:
        return False
    return all(
        _abbreviates(short, word, k == 0, cut) or slips and len(short) == len(word) >= 3 and within_one_edit(short, word)
        for k, (short, word) in enumerate(zip(written, words))
    )


def _abbreviates(short: str, word: str, first: bool, cut: bool) -> bool:
    if short == word:
        return True
    if len(short) >= len(word) or short[:1] != word[:1] or (first and len(short) < 2):
        return False
    if cut:
        return word.startswith(short)
    rest = iter(word[1:])
    return all(c in rest for c in short[1:])  # its letters in order, from the word's first


@lru_cache(maxsize=1)
def label_tails() -> frozenset[str]:
    return frozenset(vocabulary()["form_values"]["label_tails"])


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """Every word the vocabularies and labels are made of, for correcting scanned text."""
    words: set[str] = set()
    for spec in labels():
        words.update(spec.tokens)
    for section in ("peril", "housing", "occupation", "trade", "dde_cause", "requests"):
        for patterns_ in vocabulary()[section].values():
            for pattern in patterns_ if isinstance(patterns_, list) else [patterns_]:
                words.update(re.findall(r"[a-z]{4,}", re.sub(r"\\[a-z]", " ", pattern)))
    return frozenset(w for w in words if len(w) >= 4)


@lru_cache(maxsize=1)
def option_words() -> frozenset[str]:
    """Words of the options forms offer as checkbox lists (housing, occupation, yes/no)."""
    words: set[str] = {"oui", "non"}
    for section in ("housing", "occupation"):
        for patterns_ in vocabulary()[section].values():
            for pattern in patterns_:
                words.update(re.findall(r"[a-z]{3,}", re.sub(r"\\[a-z]", " ", pattern)))
    # Words that also make labels ("Type de logement", "Corps de métier") do not mark options.
    label_words = {token for spec in labels() for token in spec.tokens}
    return frozenset(words - label_words)


def correct_scanned(folded_text: str) -> str:
    """Folded OCR text with each word one slip away from a vocabulary word replaced by it
    ("bnis de giace" → "bris de glace"); exact words and short words are kept."""
    words = lexicon()
    out = []
    for token in folded_text.split(" "):
        if len(token) < 4 or token in words:
            out.append(token)
            continue
        out.append(_nearest(token, words) or token)
    return " ".join(out)


@lru_cache(maxsize=8192)
def _nearest(token: str, words: frozenset[str]) -> str | None:
    matches = {w for w in words if abs(len(w) - len(token)) <= 1 and within_one_edit(token, w)}
    if not matches and len(token) >= 7:
        # Long words survive two slips ("tocataie" for "locataire"): candidates are the words
        # sharing a two-deletion form with the token, then checked.
        index = _deletions_index(words)
        candidates = {w for form in _deletions(token) for w in index.get(form, ())}
        matches = {w for w in candidates if len(w) >= 7 and edit_distance(token, w) <= 2}
    if len(matches) > 1:
        # Scans lose letters more often than they add some: prefer the longer reading.
        matches = {w for w in matches if len(w) >= len(token)}
    if len(matches) > 1:
        # Then a letter misread as one of like shape ("reparea": "reparee", not "reparer").
        matches = {w for w in matches if _misread_alike(token, w)} or matches
    return matches.pop() if len(matches) == 1 else None


def _misread_alike(token: str, word: str) -> bool:
    """Whether the token is the word with one letter misread as one of like shape."""
    if len(token) != len(word):
        return False
    diffs = [frozenset((a, b)) for a, b in zip(token, word) if a != b]
    return len(diffs) == 1 and diffs[0] in _alike_letters()


@lru_cache(maxsize=1)
def _alike_letters() -> frozenset[frozenset[str]]:
    return frozenset(frozenset(pair) for pair in vocabulary()["scan_confusions"]["alike_letters"])


def _deletions(word: str) -> set[str]:
    """The word with up to two letters deleted."""
    once = {word[:i] + word[i + 1 :] for i in range(len(word))}
    return {word} | once | {w[:i] + w[i + 1 :] for w in once for i in range(len(w))}


@lru_cache(maxsize=4)
def _deletions_index(words: frozenset[str]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for word in words:
        if len(word) >= 7:
            for form in _deletions(word):
                index.setdefault(form, []).append(word)
    return {form: tuple(ws) for form, ws in index.items()}


@lru_cache(maxsize=1)
def accented_address_words() -> dict[str, str]:
    """Folded address word → as written with its accents ("bat" → "Bât.")."""
    out: dict[str, str] = {}
    for word in vocabulary()["address_words"]["accented"]:
        out.setdefault(fold(word), word)
    return out


def restore_accents(text: str) -> str:
    """Address words a scan wrote without their accents get them back ("Bat. B, 3e etage" →
    "Bât. B, 3e étage"); the word's own capitalisation is kept."""
    table = accented_address_words()

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        accented = table.get(fold(word))
        if accented is None or not word.isascii() or accented.isascii():
            return word
        accented = accented.rstrip(".")
        return accented[0].upper() + accented[1:] if word[0].isupper() else accented[0].lower() + accented[1:]

    return re.sub(r"[A-Za-z]+", fix, text)


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    return _load("vocabulary.toml")


@lru_cache(maxsize=None)
def vocab(name: str) -> Vocabulary:
    table = vocabulary()[name]
    return Vocabulary(tuple((value, tuple(re.compile(p) for p in patterns)) for value, patterns in table.items()))


@lru_cache(maxsize=None)
def patterns(section: str, name: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in vocabulary()[section][name])


def offers_choice(folded_text: str, vocabularies: tuple[str, ...]) -> bool:
    """True when the text names two values or more of one of the vocabularies ("maison ou
    appartement"): it lists options, it does not choose one."""
    return any(len(vocab(name).distinct(folded_text)) > 1 for name in vocabularies)


@lru_cache(maxsize=None)
def tick_marks(kind: str = "marks") -> frozenset[str]:
    """The signs that tick an option: ``marks`` alone beside or under it, ``typed_in_box`` inside a box."""
    return frozenset(vocabulary()["checkbox"][kind])


@lru_cache(maxsize=1)
def placeholders() -> tuple[str, ...]:
    """Folded starts of a word processor's prompts in empty fields."""
    return tuple(vocabulary()["form_values"]["placeholders"])


@lru_cache(maxsize=1)
def civilities() -> dict[str, str]:
    """Folded civility word → normalised civility."""
    out: dict[str, str] = {}
    for value, words in vocabulary()["civility"].items():
        for w in words:
            out[w] = value
    return out


@lru_cache(maxsize=1)
def own_numbers() -> frozenset[str]:
    return frozenset(vocabulary()["own_phone_numbers"])


@lru_cache(maxsize=1)
def classification() -> dict:
    return _load("classify.toml")


@lru_cache(maxsize=1)
def messages() -> dict[str, str]:
    return _load("messages.toml")["warnings"]


def nearest_form_name(section: str, folded_text: str) -> str | None:
    """The value whose printed name ``folded_text`` is, spaces aside, a slip or two from (one
    slip in five letters): a scan's reading of a form's peril or trade. None when several fit."""
    squashed = folded_text.replace(" ", "")
    if len(squashed) < 5:
        return None
    near = {
        value
        for value, names in vocabulary()["form_names"][section].items()
        for name in names
        if edit_distance(squashed, name.replace(" ", "")) <= len(name.replace(" ", "")) // 5
    }
    return near.pop() if len(near) == 1 else None


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Folded French first names (reference list shipped in config/data)."""
    path = resources.files("odm_intake") / "config" / "data" / "first_names.txt"
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#"))
