"""ALL-CAPS lines re-cased before the model reads them, every offset kept.

A model trained on mixed-case text finds few names in "JAPAN GET LUCKY WIN" or
"BEIJING 1996-08-22": capitals are its strongest cue, and a line in capitals has them
everywhere. :func:`recase_caps_lines` rewrites such lines (headlines, datelines, table rows)
in title case, lower-casing small function words and keeping what looks like an acronym
("NBA", "PCT", "U.S."). Each character maps to exactly one character, so the spans the model
finds in the re-cased text index the original text unchanged.
"""

from __future__ import annotations

import re

_CAPS_LINE = re.compile(r"^[^\S\n]*(?=[^\n]*[^\W\d_])[^a-z\n]*[^\W\d_][^a-z\n]*$", re.MULTILINE)
"""A line with letters, none of them lower case (checked again for non-ASCII letters)."""
_WORD = re.compile(r"[^\W\d_]+")
_SLUG = re.compile(r"^[^\S\n]*([^\W\d_]+)(?=[ ]-[ ][^\n]*[^\W\d_])")
_SMALL_WORDS = frozenset(
    "a an the and or but nor of in on at to for from by with as is are was were be it its vs v "
    "up off out over into than that this after before against".split()
)
"""Words lower-cased inside a re-cased line ("China in Surprise Defeat")."""
_VOWELS = frozenset("aeiouy")
_KEEP_SHORT = 2
"""Words this short stay in capitals ("UN", "EU", "US") unless they are small words."""


def recase_caps_lines(text: str) -> str:
    """*text* with every ALL-CAPS line in title case, the same length as *text*."""
    if not _CAPS_LINE.search(text):
        return text
    return _CAPS_LINE.sub(lambda m: recase_line(m.group()), text)


def recase_line(line: str) -> str:
    """One ALL-CAPS line in title case (see the module docstring); other lines unchanged.

    A single word before " - " opening the line is a topic slug ("SOCCER - JAPAN WIN"), read
    in lower case so that it is not taken for a name.
    """
    if any(ch.islower() for ch in line) or len(_WORD.findall(line)) < 1:
        return line
    slug = _SLUG.match(line)
    if slug:
        return line[:slug.start(1)] + _lower(slug.group(1)) + recase_line(line[slug.end(1):])
    pieces, last, first = [], 0, True
    for match in _WORD.finditer(line):
        pieces.append(line[last:match.start()])
        pieces.append(_recase_word(match.group(), first, line[match.start() - 1:match.start()]))
        last, first = match.end(), False
    pieces.append(line[last:])
    return "".join(pieces)


def _recase_word(word: str, first: bool, before: str) -> str:
    folded = _lower(word)
    if before in "'’" and before and len(word) == 1:
        return folded
    if folded in _SMALL_WORDS and not first:
        return folded
    if len(word) <= _KEEP_SHORT or before == "." or not _VOWELS & set(folded):
        return word
    return word[0] + folded[1:]


def _lower(word: str) -> str:
    """*word* in lower case, character by character, never changing its length."""
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in word)
