"""Mentions struck out by hand: "rayer la mention inutile".

A form offers alternatives side by side ("OUI / NON", "Maison / Appartement") and the agency
strikes through the ones that do not apply. The alternatives left standing are the answer. Each
alternative of a group with a struck one gets a box after it, ticked when it stands, so the
row then reads as any "Oui ☒ / Non ☐" line of a form. A struck word outside such a group is
taken out: it is not what the form says.
"""

from __future__ import annotations

import numpy as np

from odm_intake.extractors.text import fold
from odm_intake.extractors.words import TICKED, UNTICKED, Box, Word, group_lines

_SLASHES = {"/", "|"}


Point = tuple[float, float]


def struck_words(words: list[Word], strokes: list[Box], segments: list[tuple[Point, Point]] = ()) -> set[int]:
    """The ids of the words a stroke crosses: a flat mark spanning most of the word's width
    through its middle (not an underline below it, not a frame around it). ``strokes`` are
    boxes of marks of any shape; ``segments``, straight lines by their ends, are followed
    where they pass the word (a long rule set askew under a stamp's value only runs under it)."""
    struck: set[int] = set()
    for word in words:
        box = word.box
        width, height = box.x1 - box.x0, box.y1 - box.y0
        if width <= 0 or height <= 0 or not any(c.isalnum() for c in word.text):
            continue
        left, right = box.x0 + 0.2 * width, box.x1 - 0.2 * width

        def through(y: float) -> bool:
            return box.y0 + 0.2 * height <= y <= box.y1 - 0.15 * height

        for stroke in strokes:
            flat = stroke.y1 - stroke.y0 <= 0.6 * height
            spans = stroke.x0 <= left and stroke.x1 >= right
            if flat and spans and through((stroke.y0 + stroke.y1) / 2):
                struck.add(id(word))
                break
        else:
            for a, b in (sorted(segment) for segment in segments):
                if a[0] < b[0] and a[0] <= left and b[0] >= right and through(_y_at(a, b, left)) and through(_y_at(a, b, right)):
                    struck.add(id(word))
                    break
    return struck


def _y_at(a: Point, b: Point, x: float) -> float:
    """Where the straight line from ``a`` to ``b`` (left to right) stands at abscissa ``x``."""
    return a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


STRUCK_COVERAGE = 0.95  # share of a word's columns inked through its middle: letters leave gaps


def struck_in_image(words: list[Word], ink: np.ndarray) -> set[int]:
    """The ids of the scanned words a pen stroke crosses, on lines that answer OUI / NON: a
    stroke inks every column through the word's middle, where letters leave gaps between and
    inside them (OCR reads such a word as "<tt/", "AREFF")."""
    struck: set[int] = set()
    for line in group_lines(words):
        if any(w.text in (TICKED, UNTICKED) for w in line.words):
            continue  # a line of boxes answers by its boxes ("☒ Propriétaire non occupant")
        answers = [k for k, w in enumerate(line.words) if fold(w.text) in ("oui", "non")]
        # The words beside a OUI or a NON (the other answer struck past reading), and the
        # answers of a OUI / NON pair themselves; never a "non" inside an option ("Propriétaire
        # non occupant").
        beside = {j for k in answers for j in (k - 1, k + 1) if 0 <= j < len(line.words) and j not in answers}
        paired = {k for k in answers for j in answers if 0 < abs(j - k) <= 2 and fold(line.words[j].text) != fold(line.words[k].text)}
        for word in (line.words[j] for j in sorted(beside | paired)):
            if sum(c.isalpha() for c in word.text) > 5:
                continue  # a word of the option ("occupant" after "non"), not a struck answer
            x0, y0, x1, y1 = (int(v) for v in (word.box.x0, word.box.y0, word.box.x1, word.box.y1))
            height, width = y1 - y0, x1 - x0
            if height < 4 or width < 4:
                continue
            middle = ink[y0 + int(0.3 * height) : y0 + int(0.75 * height) + 1, x0 + int(0.1 * width) : x1 - int(0.1 * width)]
            if middle.size and middle.any(axis=0).mean() >= STRUCK_COVERAGE:
                struck.add(id(word))
    return struck


def choices_by_strikes(words: list[Word], struck: set[int]) -> list[Word]:
    """The words with the struck alternatives turned into boxes (see the module's docstring)."""
    if not struck:
        return words
    dropped: set[int] = set()
    boxes: list[Word] = []
    for line in group_lines(words):
        grouped: set[int] = set()
        for segments in _alternatives(line.words):
            states = [_segment_struck(segment, struck, k, len(segments)) for k, segment in enumerate(segments)]
            grouped.update(id(w) for segment in segments for w in segment)
            if any(states) and not all(states):
                boxes += [_box_after(segment[-1], not state) for segment, state in zip(segments, states)]
        for k, word in enumerate(line.words):
            if id(word) not in struck or id(word) in grouped:
                continue
            dropped.add(id(word))
            standing = _yes_no_beside(line.words, k, struck)
            if standing is not None:
                # "OUI" left standing beside a word struck past reading (a scan's "<tt/"): the
                # struck one was the other answer.
                other = Word("NON" if fold(standing.text) == "oui" else "OUI", word.box, word.conf)
                boxes += [_box_after(standing, True), other, _box_after(other, False)]
    return [w for w in words if id(w) not in dropped] + boxes


def _box_after(word: Word, ticked: bool) -> Word:
    size = word.box.y1 - word.box.y0
    return Word(TICKED if ticked else UNTICKED, Box(word.box.x1 + 0.2 * size, word.box.y0, word.box.x1 + 0.9 * size, word.box.y1), word.conf)


def _yes_no_beside(words: list[Word], k: int, struck: set[int]) -> Word | None:
    """The "OUI" or "NON" left standing next to the struck word ``k``, or None."""
    for j in (k - 1, k + 1):
        if 0 <= j < len(words) and id(words[j]) not in struck and fold(words[j].text) in ("oui", "non"):
            return words[j]
    return None


def _alternatives(words: list[Word]) -> list[list[list[Word]]]:
    """Runs of alternatives parted by slashes, each a list of segments of words: "OUI / NON",
    "Propriétaire occupant / Locataire / Propriétaire non occupant". A wide gap ends a run (the
    next column); the first segment reaches back to the run's start (it may hold the option a
    OUI / NON answers)."""
    runs: list[list[list[Word]]] = []
    run: list[list[Word]] = [[]]
    previous: Word | None = None
    for word in words:
        if previous is not None and word.box.x0 - previous.box.x1 > 1.5 * (word.box.y1 - word.box.y0):
            runs.append(run)
            run = [[]]
        previous = word
        if word.text in _SLASHES:
            run.append([])
        else:
            run[-1].append(word)
    runs.append(run)
    return [[segment for segment in run if segment] for run in runs if len([s for s in run if s]) >= 2 and all(run)]


def _segment_struck(segment: list[Word], struck: set[int], k: int, count: int) -> bool:
    """Whether an alternative is struck: the first one by its last word (words before it may be
    the option a OUI / NON answers), the last one by its first word, the others by any word."""
    if k == 0:
        return id(segment[-1]) in struck
    if k == count - 1:
        return id(segment[0]) in struck
    return any(id(w) in struck for w in segment)
