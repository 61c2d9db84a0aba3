"""Options chosen by a mark in the row under them, and comb fields: hand-placed words."""

from odm_intake.extractors.combs import join_comb_fields
from odm_intake.extractors.markrows import marks_under_options
from odm_intake.extractors.words import Box, Page, Word


def _words(items: list[tuple[float, float, str]], size: float = 10) -> list[Word]:
    """Words at (x, y), 0.6 × ``size`` per character."""
    words = []
    for x, y, text in items:
        for token in text.split():
            words.append(Word(token, Box(x, y, x + 0.6 * size * len(token), y + size)))
            x += 0.6 * size * (len(token) + 1)
    return words


def test_an_x_under_an_option_cell_ticks_it():
    words = _words([(40, 100, "Maison"), (140, 100, "Appartement"), (260, 100, "Propriétaire occupant"), (420, 100, "Locataire"),
                    (170, 116, "X"), (440, 116, "X")])
    line = Page(1, 600, 800, marks_under_options(words)).lines()[0].text
    assert line == "☐ Maison ☒ Appartement ☐ Propriétaire occupant ☒ Locataire"
    # Marks under no row of options are left alone.
    alone = _words([(40, 100, "Observations"), (60, 116, "X")])
    assert marks_under_options(alone) == alone


def test_comb_fields_are_joined_and_the_label_before_them_is_not():
    words = _words([(40, 100, "Tél."), (66, 100, "1")], size=8.5)
    words += [Word(c, Box(80 + 15 * i, 98, 86 + 15 * i, 110)) for i, c in enumerate("0612057368")]
    words += _words([(300, 100, "Code postal")], size=8.5) + [Word(c, Box(360 + 15 * i, 98, 366 + 15 * i, 110)) for i, c in enumerate("07300")]
    text = Page(1, 600, 800, join_comb_fields(words)).lines()[0].text
    assert text == "Tél. 1 0612057368 Code postal 07300"
    # Initials and short runs stay apart.
    assert [w.text for w in join_comb_fields(_words([(40, 100, "M. J P Dupont")]))] == ["M.", "J", "P", "Dupont"]


def test_a_lone_tick_chooses_the_option_it_stands_nearest_to():
    """A form ticked by hand has no boxes: the tick's side is where it stands."""
    from odm_intake.extractors.markrows import sides_of_lone_ticks

    words = _words([(40, 100, "Nature du sinistre"), (166, 100, "Dégâts des eaux"), (283, 100, "☒"), (296, 100, "Bris de glace"),
                    (400, 100, "Vol des clés")])
    assert Page(1, 600, 800, sides_of_lone_ticks(words)).lines()[0].text == "Nature du sinistre ☐ Dégâts des eaux ☒ Bris de glace ☐ Vol des clés"
    after = _words([(40, 100, "Maison"), (82, 100, "☒"), (140, 100, "Appartement")])
    assert Page(1, 600, 800, sides_of_lone_ticks(after)).lines()[0].text == "Maison ☒ Appartement ☐"
    # Halfway between two options, the tick says nothing more.
    halfway = _words([(40, 100, "Maison"), (100, 100, "☒"), (140, 100, "Appartement")])
    assert sides_of_lone_ticks(halfway) == halfway


def test_the_option_a_short_rule_underlines_is_the_chosen_one():
    from odm_intake.extractors.markrows import options_on_dark, underlined_options

    words = _words([(40, 100, "Occupant"), (140, 100, "Propriétaire occupant"), (300, 100, "Locataire"), (380, 100, "Propriétaire non occupant")])
    rules = [Box(298, 111, 356, 112), Box(20, 300, 580, 301)]  # under "Locataire"; a table's rule far below
    chosen = underlined_options(words, rules)
    assert len(chosen) == 1
    line = Page(1, 600, 800, options_on_dark(words, chosen)).lines()[0].text
    assert line == "Occupant ☐ Propriétaire occupant ☒ Locataire ☐ Propriétaire non occupant"


def test_a_segmented_choice_gets_an_empty_box_before_each_other_option():
    from odm_intake.extractors.markrows import options_on_dark
    from odm_intake.extractors.words import group_lines

    words = [Word("Propriétaire", Box(100, 20, 190, 40)), Word("occupant", Box(196, 20, 260, 40)), Word("Locataire", Box(300, 20, 370, 40)),
             Word("Propriétaire", Box(420, 20, 510, 40)), Word("non", Box(516, 20, 540, 40)), Word("occupant", Box(546, 20, 610, 40))]
    out = options_on_dark(words, [Box(410, 15, 620, 45)])
    assert group_lines(out)[0].text == "☐ Propriétaire occupant ☐ Locataire ☒ Propriétaire non occupant"


def test_an_option_on_a_dark_button_is_ticked():
    from odm_intake.extractors.markrows import options_on_dark

    words = [Word("Maison", Box(110, 20, 170, 40)), Word("|", Box(102, 20, 104, 40)), Word("Appartement", Box(220, 20, 330, 40))]
    out = options_on_dark(words, [Box(100, 15, 180, 45)])
    assert [w.text for w in sorted(out, key=lambda w: w.box.x0)] == ["☒", "Maison", "☐", "Appartement"]
