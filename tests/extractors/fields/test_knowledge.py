"""The knowledge the readers share: labels, vocabularies, scanned words corrected."""

from __future__ import annotations

from odm_intake.extractors.fields import knowledge


def test_a_scanned_word_one_slip_off_takes_the_word_it_looks_like():
    assert knowledge.correct_scanned("bnis de giace") == "bris de glace"
    # "reparea" is one letter off both "reparee" and "reparer": an "e" is read as an "a", not an "r".
    assert knowledge.correct_scanned("cause reparea") == "cause reparee"


def test_a_label_opens_a_text_only_where_a_word_ends():
    assert knowledge.starts_with_label("Commune Mérignas") and knowledge.starts_with_label("Commune:Mérignas")
    assert knowledge.starts_with_label("Date : 12/10") and not knowledge.starts_with_label("Date-limite de dépôt")
