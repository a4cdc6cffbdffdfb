"""Text from articles, files and the network is shown, never obeyed.

Text is cleaned when it is imported (:func:`nlp.text.normalise_text`); this is the second
line of defence for whatever reaches the screen by another road (an index written by another
tool, a file name, a URL). Control characters become a visible mark, one for one, so entity
offsets into the text stay valid. The cleaning itself lives in :mod:`nlp.text`, so the
command line, the reader and the messages of the headless core share one function.
"""

from __future__ import annotations

from nlp.text import REPLACEMENT, one_line, printable

__all__ = ["REPLACEMENT", "one_line", "printable"]
