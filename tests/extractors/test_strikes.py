"""Mentions struck out by hand, on hand-placed words and a drawn page."""

import numpy as np

from odm_intake.extractors.strikes import choices_by_strikes, struck_in_image, struck_words
from odm_intake.extractors.words import Box, Word, group_lines


def _line(y: float, *items: tuple[float, str]) -> list[Word]:
    return [Word(text, Box(x, y, x + 8 * len(text), y + 12), 0.9) for x, text in items]


def _text(words: list[Word]) -> list[str]:
    return [" ".join(w.text for w in line.words) for line in group_lines(words)]


def test_a_stroke_through_the_middle_strikes_an_underline_does_not():
    words = _line(100, (10, "Maison"), (80, "OUI"), (110, "/"), (122, "NON"))
    strike = Box(120, 105, 150, 107)
    underline = Box(10, 111, 60, 112)
    assert struck_words(words, [strike, underline]) == {id(words[3])}


def test_a_long_rule_set_askew_under_a_word_does_not_strike_it_a_line_through_it_does():
    words = _line(100, (10, "B0414616"), (200, "NON"))
    askew_rule = ((0.0, 118.0), (300.0, 102.0))  # runs under "B0414616", through neither word's middle
    through_non = ((190.0, 106.0), (240.0, 106.5))
    assert struck_words(words, [], [askew_rule, through_non]) == {id(words[1])}


def test_a_struck_word_scans_past_reading_beside_the_answer_left():
    """A scan reads the struck "OUI /" as "<tt/": the NON beside it stands, so the option is not chosen."""
    words = _line(100, (10, "Maison"), (80, "<tt/"), (122, "NON")) + _line(130, (10, "Appartement"), (100, "OUI"), (130, "ASF"))
    struck = {id(words[1]), id(words[5])}
    assert _text(choices_by_strikes(words, struck)) == ["Maison OUI ☐ NON ☒", "Appartement OUI ☒ NON ☐"]


def test_a_struck_word_outside_a_choice_is_taken_out():
    words = _line(100, (10, "Limite"), (70, "800"), (110, "1500"))
    assert _text(choices_by_strikes(words, {id(words[1])})) == ["Limite 1500"]


def test_ink_through_every_column_is_a_stroke():
    ink = np.zeros((60, 200), dtype=bool)
    for x in (12, 20, 28):  # three letters' stems: gaps between them
        ink[10:30, x : x + 3] = True
    for x in (62, 70, 78):
        ink[10:30, x : x + 3] = True
    ink[19:22, 58:84] = True  # the pen
    words = [Word("OUI", Box(10, 10, 33, 30), 0.9), Word("NON", Box(60, 10, 83, 30), 0.9)]
    assert struck_in_image(words, ink) == {id(words[1])}


def test_a_non_inside_an_option_is_never_taken_for_a_struck_answer():
    ink = np.ones((60, 400), dtype=bool)  # a dark photo: every word looks inked through
    line = [Word("Propriétaire", Box(10, 10, 100, 30), 0.9), Word("non", Box(110, 10, 135, 30), 0.9), Word("occupant", Box(145, 10, 210, 30), 0.9)]
    assert struck_in_image(line, ink) == set()


def test_a_number_read_as_a_sliver_on_its_fill_in_line_stays_on_its_line():
    """Digits written on a dotted line may be boxed with the dotted line's height only; the
    dotted line itself read as letters stays apart."""
    words = _line(100, (10, "contrat"), (80, "n°"), (110, "MRH"), (300, "l'assuré"))
    words += [Word("4163270", Box(150, 114, 230, 116), 0.1), Word("Luce", Box(400, 114, 440, 116), 0.1)]
    assert _text(words) == ["contrat n° MRH 4163270 l'assuré", "Luce"]
