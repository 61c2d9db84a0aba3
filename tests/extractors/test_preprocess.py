"""Scan cleaning on small synthetic pages: what each step keeps and removes."""

from __future__ import annotations

import numpy as np
from PIL import Image

from odm_intake.extractors.preprocess import find_checkboxes, find_leaders, find_rules, ink_mask


def _fax(ink: np.ndarray) -> Image.Image:
    return Image.fromarray(~ink)  # mode "1": True is white


def test_majority_vote_drops_specks_and_closes_broken_strokes():
    ink = np.zeros((40, 60), dtype=bool)
    ink[5, 5] = ink[30, 50] = True  # line noise: lone dots
    ink[10:30, 20:23] = True  # a vertical stroke...
    ink[19, 20:23] = False  # ...with a one-pixel break
    cleaned = ink_mask(_fax(ink), photo=False)
    assert not cleaned[5, 5] and not cleaned[30, 50]
    assert cleaned[19, 21] and cleaned[10:30, 21].all()


def test_rules_are_thin_long_runs_and_bold_text_is_not_one():
    ink = np.zeros((200, 400), dtype=bool)
    ink[50:52, 20:380] = True  # a table rule, with a scan dropout
    ink[50:52, 200:203] = False
    ink[20:180, 300:302] = True  # a column rule
    for x in range(20, 260, 9):  # a line of bold capitals: strokes 4 px wide, 5 px apart
        ink[100:120, x : x + 4] = True
    mask, segments = find_rules(ink, min_len=90)
    horizontal = [s for s in segments if s.x1 - s.x0 > s.y1 - s.y0]
    vertical = [s for s in segments if s.y1 - s.y0 > s.x1 - s.x0]
    # The dropout splits the rule in two segments; the bold text line is no rule.
    assert len(horizontal) == 2 and all(s.y0 <= 50 <= s.y1 for s in horizontal)
    assert sum(s.x1 - s.x0 for s in horizontal) >= 340
    assert len(vertical) == 1 and 299 <= vertical[0].x0 <= 301
    assert mask[50:52, 30:190].all() and mask[50:52, 210:370].all() and not mask[100:120, :290].any()


def test_checkboxes_are_square_and_a_zero_is_not_one():
    ink = np.zeros((80, 200), dtype=bool)
    ink[20:44, 20:44] = True  # a box, 24 × 24, crossed
    ink[22:42, 22:42] = False
    for i in range(20):
        ink[22 + i, 22 + i] = ink[22 + i, 41 - i] = True
    ink[20:44, 100:118] = True  # an "O": 18 wide, 24 tall, hollow
    ink[22:42, 102:116] = False
    boxes, _ = find_checkboxes(ink, scale=1.0)
    assert [b.text for b in boxes] == ["☒"] and 18 <= boxes[0].box.x0 <= 20


def test_turning_in_bands_is_pillows_rotate_pixel_for_pixel():
    from odm_intake.extractors.preprocess import turn

    rng = np.random.default_rng(1)
    grey = Image.fromarray((rng.random((301, 203)) * 255).astype(np.uint8))
    expected = grey.rotate(0.8, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert np.array_equal(np.asarray(turn(grey, 0.8)), np.asarray(expected))


def test_dotted_leaders_are_found_and_an_ellipsis_is_not():
    ink = np.zeros((60, 300), dtype=bool)
    for x in range(20, 120, 8):  # "Téléphone ............" : twelve dots, 8 px apart
        ink[30:33, x : x + 3] = True
    ink[30:33, 127:130] = True  # the last dot shifted by the fax: still the leader's end
    for x in (200, 208, 216):  # an ellipsis "..."
        ink[30:33, x : x + 3] = True
    ink[15:35, 240:252] = True  # a letter
    mask = find_leaders(ink, scale=1.0)
    assert mask[30:33, 20:131].sum() == ink[30:33, 20:131].sum()
    assert not mask[:, 190:].any()


def test_the_walls_of_comb_boxes_are_erased_and_letters_on_a_rule_are_not():
    from odm_intake.extractors.preprocess import find_posts

    ink = np.zeros((80, 300), dtype=bool)
    ink[20:22, 10:290] = ink[50:52, 10:290] = True  # the comb's top and bottom rules
    for x in range(10, 290, 30):
        ink[22:50, x : x + 2] = True  # its walls
    ink[35:50, 150:153] = True  # a letter's stroke standing on the bottom rule only
    rules, _ = find_rules(ink, min_len=90)
    posts = find_posts(ink & ~rules, rules, scale=1.0)
    assert posts[30, 40] and posts[30, 100]
    assert not posts[40, 151]


def test_white_print_on_a_dark_band_is_reversed_and_a_filled_box_is_not():
    from odm_intake.extractors.preprocess import reverse_dark_bands

    ink = np.zeros((120, 800), dtype=bool)
    ink[20:50, 40:300] = True  # a dark label cell...
    ink[30:40, 60:63] = False  # ...with a white letter stroke in it
    ink[80:100, 40:60] = True  # a filled checkbox: square, stays as it is
    ink[60:75, 20:780] = True  # a title bar across the page: left as it is
    out, bands, _ = reverse_dark_bands(ink, scale=1.0)
    assert out[62:73, 30:770].all()
    assert len(bands) == 1 and out[35, 61] and not out[35, 150]
    assert out[80:100, 40:60].all()


def test_a_short_label_on_a_dark_cell_is_reversed_and_its_ragged_rim_cleared():
    """"Nom" in white on a cell about twice as wide as high is a band too; the fax's ragged row
    above the band, lighter than half ink, is cleared with the rim."""
    from odm_intake.extractors.preprocess import reverse_dark_bands

    ink = np.zeros((120, 800), dtype=bool)
    ink[40:100, 100:230] = True  # a dark cell 130 × 60
    ink[60:80, 130:133] = False  # a white stroke of its print
    ink[38, 100:230:2] = True  # its ragged first row
    out, bands, _ = reverse_dark_bands(ink, scale=1.0)
    assert len(bands) == 1 and out[70, 131] and not out[70, 160]
    assert not out[38].any()


def test_a_hairline_a_fax_left_of_a_frame_is_erased_and_print_is_not():
    from odm_intake.extractors.preprocess import find_hairlines

    ink = np.zeros((60, 200), dtype=bool)
    ink[10, 20:60] = True  # a dash one pixel thin
    ink[20:40, 100:103] = True  # a letter's stroke
    ink[30:32, 120:128] = True  # a hyphen
    ink[20:21, 150:152] = True  # an i's dot
    mask = find_hairlines(ink, scale=1.0)
    assert mask[10, 20:60].all() and not mask[20:40].any()


def test_a_bold_n_the_dilation_fills_is_no_ticked_box():
    """An "n" of bold print ("n°" on a fax) is about square and, dilated, nearly full, but it
    stays open between its legs."""
    ink = np.zeros((60, 120), dtype=bool)
    ink[20:23, 20:36] = True  # the arch
    ink[20:36, 20:25] = ink[20:36, 31:36] = True  # the legs, 6 pixels apart
    ink[26:29, 26:29] = True  # a speck inside, as a fax leaves
    ink[20:36, 70:86] = True  # a box of the same size, crossed
    ink[22:34, 72:84] = False
    for i in range(12):
        ink[22 + i, 72 + i] = ink[22 + i, 83 - i] = True
    boxes, _ = find_checkboxes(ink, scale=1.0)
    assert [(b.text, b.box.x0 >= 60) for b in boxes] == [("☒", True)]


def test_a_ring_drawn_around_an_answer_is_found_and_erased_its_word_kept():
    from odm_intake.extractors.preprocess import find_rings

    ink = np.zeros((120, 400), dtype=bool)
    y, x = np.ogrid[:120, :400]
    r = ((x - 200) / 90.0) ** 2 + ((y - 60) / 34.0) ** 2
    ink |= (r >= 0.9) & (r <= 1.1)  # the ring, 180 × 68
    ink[50:72, 150:250:12] = True  # the strokes of the word it circles
    ink[10:30, 10:60] = True  # a blot elsewhere
    mask, rings = find_rings(ink, scale=1.0)
    assert len(rings) == 1 and rings[0].x0 < 115 and rings[0].x1 > 285
    assert mask[60, 110:114].any() and not mask[50:72, 150:250].any()
    assert not mask[10:30, 10:60].any()
