"""Text from articles, files and the network is shown, never obeyed.

Text is cleaned when it is imported (:func:`nlp.text.normalise_text`); this is the second
line of defence for whatever reaches the screen by another road (an index written by another
tool, a file name, a URL). Control characters become a visible mark, one for one, so entity
offsets into the text stay valid.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


def printable(text: str) -> str:
    """*text* with tabs as spaces and every other control or bidi-override character as U+FFFD.

    Keeps newlines, and keeps the length, so offsets into *text* index the result.
    """
    if not _UNSAFE.search(text) and "\t" not in text:
        return text
    return _UNSAFE.sub(REPLACEMENT, text.replace("\t", " "))


def one_line(text: str) -> str:
    """:func:`printable`, with newlines as spaces, for titles and table cells."""
    return printable(text).replace("\n", " ")
