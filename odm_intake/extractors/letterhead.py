"""The sender's contact block on a page: the lines of his column around a line that names him.

An agency prints its own details on the forms it sends: a letterhead beside the references, a
portal's "Agence" card. Its phone stands on a line of its own, often beside other columns, so
the line alone does not say whose it is; its column does. The block is the run of lines whose
piece starts where the sender's line starts (his email, or the name he writes from), up to a
gap.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from odm_intake.extractors.fields.values import EMAIL_RE, find_phones
from odm_intake.extractors.mailtext import SenderIdentity
from odm_intake.extractors.text import fold
from odm_intake.extractors.words import Page, words_text

_REACH = 4  # lines above and below the sender's line a block spans


def sender_phones(page: Page, identity: SenderIdentity) -> set[str]:
    """The phones of the sender's contact blocks on the page."""
    lines = page.lines()
    pieces = [line.segments() for line in lines]
    phones: set[str] = set()
    for i, row in enumerate(pieces):
        for piece in row:
            if not _names_sender(words_text(piece), identity):
                continue
            x0, tolerance = piece[0].box.x0, 2 * lines[i].char_width
            for step in (-1, 1):
                last, j = lines[i].box, i + step
                while 0 <= j < len(lines) and abs(j - i) <= _REACH:
                    if abs(lines[j].box.y0 - last.y0) > 2 * last.height:
                        break  # a gap: the block ended
                    column = [p for p in pieces[j] if abs(p[0].box.x0 - x0) <= tolerance]
                    if column:  # a line with nothing in the column is another column's
                        phones.update(phone for p in column for phone, _, _ in find_phones(words_text(p)))
                        last = lines[j].box
                    j += step
    return phones


def _names_sender(text: str, identity: SenderIdentity) -> bool:
    """His email or the name he writes from, as a scan may read them (a letter or two off)."""
    if any(identity.owns_email(e, scanned=True) for e in EMAIL_RE.findall(re.sub(r" ?@ ?", "@", text))):
        return True
    folded = fold(text)
    return any(len(name) >= 6 and SequenceMatcher(None, folded, name).ratio() >= 0.85 for name in identity.names)
