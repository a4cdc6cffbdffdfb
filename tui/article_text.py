"""The article view's text layout, apart from drawing: highlights, and wrapping text into lines.

Pure functions over offsets into the text, so they are tested without a terminal.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple

from rich._wrap import divide_line


class Highlight(NamedTuple):
    """A mention to highlight: text[start:end] names library entity *entity_id*."""

    start: int
    end: int
    entity_id: int
    label: str


_NARROW_BREAKER = re.compile("[^\u0020-\u007e\u00a0-\u02ff\u0370-\u0482\u2010-\u2027\u2030-\u205e]")
"""A character that may not take exactly one cell (wide, zero-width, tab): such a paragraph is
wrapped by Rich's ``divide_line``, which measures cells; the others by one regular expression."""


BLOCK_CLASSES = {
    "h1": "article--h1", "h2": "article--h2", "h3": "article--h3", "h4": "article--h4", "h5": "article--h5",
    "h6": "article--h6", "code": "article--code", "code_inline": "article--code-inline",
    "table_head": "article--table-head", "footnote_ref": "article--footnote-ref",
}
"""The component class of each kind of text block (:class:`nlp.records.TextBlock`)."""


class TextBlocks:
    """Markdown blocks of a text (headings, code, table headers), each styled by a component class."""

    def __init__(self, blocks: tuple[tuple[str, int, int], ...] = ()) -> None:
        """*blocks* are (kind, start, end) ranges; kinds not in :data:`BLOCK_CLASSES` are left out."""
        self._blocks = sorted((start, end, "." + BLOCK_CLASSES[kind]) for kind, start, end in blocks
                              if kind in BLOCK_CLASSES)
        self._starts = [start for start, _, _ in self._blocks]
        reach, self._reach = 0, []
        for _, end, _ in self._blocks:  # blocks may nest (inline code in a heading)
            reach = max(reach, end)
            self._reach.append(reach)
        self._code = sorted((start, end) for kind, start, end in blocks if kind == "code")
        self._code_starts = [start for start, _ in self._code]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """(start, end, style) of the blocks that overlap text[start:end], in order."""
        first = bisect_right(self._reach, start)
        return [block for block in self._blocks[first:bisect_left(self._starts, end)] if block[1] > start]

    def in_code(self, offset: int) -> bool:
        """Whether character *offset* is inside a code block (its lines are shaded to the edge)."""
        i = bisect_right(self._code_starts, offset) - 1
        return i >= 0 and offset < self._code[i][1]


def overlapping_indexes(spans: list, starts: list[int], start: int, end: int) -> range:
    """Indexes of the items of *spans* (sorted by start, not overlapping each other; *starts*
    their starts) that overlap text[start:end]."""
    first = bisect_right(starts, start) - 1
    if first < 0 or spans[first][1] <= start:
        first += 1
    return range(first, bisect_left(starts, end))


def overlapping(spans: list, starts: list[int], start: int, end: int) -> list:
    """The items of *spans* that overlap text[start:end] (see :func:`overlapping_indexes`)."""
    return [spans[i] for i in overlapping_indexes(spans, starts, start, end)]


def wrap_lines(text: str, width: int) -> tuple[list[int], list[int]]:
    """Wrap *text* at *width* cells: (start, end) offsets of each line, trailing spaces left out.

    Breaks at spaces, folds a word longer than a line, keeps blank lines, as Rich's
    ``divide_line`` does; a paragraph of one-cell characters (most prose) is cut by one regular
    expression instead, ten times quicker on a long article.
    """
    starts: list[int] = []
    ends: list[int] = []
    line = re.compile(rf"(.{{0,{width - 1}}}\S(?=\s|$)|\S{{{width}}}|.{{1,{width}}})\s*")
    position = 0
    for paragraph in text.split("\n"):
        if not paragraph:
            starts.append(position)
            ends.append(position)
        elif _NARROW_BREAKER.search(paragraph) is None:
            at = 0
            while at < len(paragraph):
                match = line.match(paragraph, at)
                starts.append(position + at)
                ends.append(position + match.end(1))
                at = match.end()
        else:
            cuts = [0, *divide_line(paragraph, width, fold=True), len(paragraph)]
            for cut, next_cut in zip(cuts, cuts[1:]):
                starts.append(position + cut)
                ends.append(position + cut + len(paragraph[cut:next_cut].rstrip()))
        position += len(paragraph) + 1
    return starts, ends
