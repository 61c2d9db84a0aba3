"""Comb fields: one character written in each box of a row ("0 7 3 0 0").

Forms filled in by hand ask for the postcode, the claim number and the phones one character a
box; both a text layer and OCR then give one word a character. A run of such words, evenly
spaced on one line, is joined into the one word it is, so that "0 6 1 2 0 5 7 3 6 8" is read
as a phone and "0 7 3 0 0" as a postcode.
"""

from __future__ import annotations

from statistics import median

from odm_intake.extractors.words import Word, group_lines

MIN_RUN = 4  # characters; shorter runs are initials or list markers ("M. X", "a b c")


def join_comb_fields(words: list[Word]) -> list[Word]:
    out: list[Word] = []
    for line in group_lines(words):
        run: list[Word] = []
        for word in line.words + [None]:
            if word is not None and _fits_run(run, word):
                run.append(word)
                continue
            out.extend(_joined(run))
            run = [word] if word is not None and _is_box_character(word) else []
            if word is not None and not run:
                out.append(word)
    return out


def _is_box_character(word: Word) -> bool:
    return len(word.text) == 1 and word.text.isalnum()


def _fits_run(run: list[Word], word: Word) -> bool:
    """The next box of the comb: one character, at the run's pitch (a gap no wider than two
    characters when the run has only started)."""
    if not run or not _is_box_character(word):
        return False
    if abs(word.box.height - run[-1].box.height) > 0.2 * max(word.box.height, run[-1].box.height):
        return False  # the comb's characters are written in one size ("Tél. 1" is printed smaller)
    gap = word.box.x0 - run[-1].box.x1
    width = run[-1].box.x1 - run[-1].box.x0
    if len(run) == 1:
        return 0 <= gap <= 2.5 * max(width, run[-1].box.height * 0.5)
    pitch = median(b.box.x0 - a.box.x0 for a, b in zip(run, run[1:]))
    return abs((word.box.x0 - run[-1].box.x0) - pitch) <= 0.35 * pitch


def _joined(run: list[Word]) -> list[Word]:
    # "Tél. 1" before the boxes: a first character off the comb's pitch is not one of its boxes.
    lead: list[Word] = []
    if len(run) > MIN_RUN:
        pitch = median(b.box.x0 - a.box.x0 for a, b in zip(run[1:], run[2:]))
        if abs((run[1].box.x0 - run[0].box.x0) - pitch) > 0.2 * pitch:
            lead, run = run[:1], run[1:]
    digits = sum(w.text.isdigit() for w in run)
    if len(run) < MIN_RUN or digits < len(run) - 1:
        return lead + run
    box = run[0].box
    for word in run[1:]:
        box = box.union(word.box)
    return lead + [Word("".join(w.text for w in run), box, min(w.conf for w in run))]
