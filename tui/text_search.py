"""Search in an article's text that ignores case and accents, as the library search does.

"sanchez" finds "Sánchez": the text is folded character by character with the library's own
:func:`nlp.names.fold` (accents and case removed), and a match in the folded text is mapped back
to exact offsets in the original text, even where folding changed a character's length ("ß"
becomes "ss", a lone combining accent disappears).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from nlp.names import fold

_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


class FoldedText(NamedTuple):
    """A text folded for search, and how its offsets map back to the original.

    Folded offset *f* is original offset ``original[k] + (f - folded_at[k])`` with *k* the last
    anchor with ``folded_at[k] <= f``: between anchors, one folded character is one original one.
    """

    folded: str
    folded_at: list[int]
    original: list[int]

    def to_original(self, offset: int) -> int:
        """The original offset of the folded character at *offset*."""
        k = bisect_right(self.folded_at, offset) - 1
        return self.original[k] + offset - self.folded_at[k]


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return fold(char)


def fold_text(text: str) -> FoldedText:
    """Fold *text* for search (ASCII is only lowered, so a plain English text costs one pass)."""
    pieces: list[str] = []
    folded_at, original = [0], [0]
    length = done = 0
    for match in _NOT_ASCII.finditer(text):
        at = match.start()
        pieces.append(text[done:at].lower())
        length += at - done
        folded = _fold_char(text[at])
        pieces.append(folded)
        if len(folded) != 1:
            for extra in range(1, len(folded)):  # every folded character of it maps to it
                folded_at.append(length + extra)
                original.append(at)
            folded_at.append(length + len(folded))
            original.append(at + 1)
        length += len(folded)
        done = at + 1
    pieces.append(text[done:].lower())
    return FoldedText("".join(pieces), folded_at, original)


def find_matches(text: str, query: str, folded: FoldedText | None = None) -> list[tuple[int, int]]:
    """Occurrences of *query* in *text*, ignoring case and accents, as (start, end) offsets of
    *text*, in order and not overlapping. *folded* is ``fold_text(text)``, if already made."""
    needle = "".join(_fold_char(char) if ord(char) > 127 else char.lower() for char in query.strip())
    if not needle:
        return []
    folded = folded or fold_text(text)
    matches, at = [], folded.folded.find(needle)
    while at != -1:
        start, end = folded.to_original(at), folded.to_original(at + len(needle) - 1) + 1
        while end < len(text) and unicodedata.combining(text[end]):  # the accent of the last letter
            end += 1
        matches.append((start, end))
        at = folded.folded.find(needle, at + len(needle))
    return matches
