"""Markdown shown as prose, with the ranges the reader styles: headings, code, table headers.

Emphasis markers, link targets and raw HTML are dropped; link text and image descriptions
are kept, nested list items are indented. Front matter (YAML between ``---`` lines, TOML
between ``+++`` lines, at the very top) is left out; its title names the article when no
level-one heading does. Code blocks are indented by four spaces; tables are laid out in
aligned columns under a header rule; a footnote reference ``[^note]`` becomes ``[1]`` and the
notes follow the text as ``[1] text``. Blocks are separated by blank lines so
paragraph-aware code (span cleaning, the reader) sees them.

Entity offsets index this prose, which is the text the reader shows; the
:class:`~nlp.index.records.TextBlock` ranges index it too.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from nlp.index.records import TextBlock

_PARSER = MarkdownIt("commonmark").enable("table").use(footnote_plugin)
_FRONT_MATTER = re.compile(r"\A(?:---[ \t]*\n(?P<yaml>(?:[^\n]*\n)*?)(?:---|\.\.\.)"
                           r"|\+\+\+[ \t]*\n(?P<toml>(?:[^\n]*\n)*?)\+\+\+)[ \t]*(?:\n|\Z)")
_FRONT_KEY = re.compile(r"\A\s*(?:[\w.-]+[ \t]*[:=]|#|\[|\Z)")
"""The front matter starts with a key (or a comment, a TOML table, or nothing): a thematic
break at the top of an article does not hide what follows."""
_FRONT_TITLE = re.compile(r"""^title[ \t]*[:=][ \t]*(?P<quote>["']?)(?P<title>.*?)(?P=quote)[ \t]*$""", re.MULTILINE)
CODE_INDENT = "    "
"""Code blocks are shown indented, so they stand apart even without colour."""
TABLE_WIDTH = 76
"""Widest a table is laid out: the reader's column is at most about 80 cells."""
_COLUMN_GAP = " │ "
_MIN_COLUMN = 6

Ranges = list[tuple[str, int, int]]
"""(kind, start, end) ranges relative to a piece of text."""


class MarkdownProse(NamedTuple):
    """The prose of a Markdown document, its title if it names one, and its styled ranges."""

    text: str
    title: str | None
    blocks: tuple[TextBlock, ...]


def markdown_to_prose(source: str) -> MarkdownProse:
    """Return the prose of the Markdown *source*, its title (the first level-one heading, else
    the front matter's ``title``) and the ranges of its headings, code and table headers."""
    body, front_title = split_front_matter(source)
    writer = _ProseWriter()
    title = None
    prefix: list[str] = []
    table: _Table | None = None
    footnote_label = ""
    tokens = _PARSER.parse(body)
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            table = _Table()
        elif token.type == "table_close" and table is not None:
            writer.add(*table.layout())
            table = None
        elif table is not None:
            table.take(token)
        elif token.type == "bullet_list_open":
            prefix.append("• ")
        elif token.type == "ordered_list_open":
            prefix.append("#")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            prefix.pop()
        elif token.type == "footnote_open":
            footnote_label = f"[{token.meta['id'] + 1}] "
        elif token.type == "inline":
            text, ranges = _stripped(*inline_text(token))
            if not text:
                continue
            marker = footnote_label or _list_marker(tokens, i, prefix)
            ranges = _shift(ranges, len(marker))
            if footnote_label:
                ranges.insert(0, ("footnote_ref", 0, len(footnote_label) - 1))
                footnote_label = ""
            if tokens[i - 1].type == "heading_open":
                if tokens[i - 1].tag == "h1" and title is None:
                    title = text
                ranges.insert(0, (tokens[i - 1].tag, 0, len(marker) + len(text)))
            writer.add(marker + text, ranges)
        elif token.type in ("fence", "code_block"):
            code = "\n".join(CODE_INDENT + line if line.strip() else ""
                             for line in token.content.rstrip("\n").split("\n"))
            if code.strip():
                writer.add(code, [("code", 0, len(code))])
    return MarkdownProse(writer.text(), title or front_title, tuple(writer.blocks))


def split_front_matter(source: str) -> tuple[str, str | None]:
    """*source* without the front matter at its top, and the front matter's title, if any."""
    match = _FRONT_MATTER.match(source)
    body = match and (match["yaml"] if match["yaml"] is not None else match["toml"])
    if body is None or not _FRONT_KEY.match(body):
        return source, None
    found = _FRONT_TITLE.search(body)
    title = found["title"].strip() if found else ""
    return source[match.end():], title or None


def inline_text(token: Token) -> tuple[str, Ranges]:
    """The visible text of an inline token (text, code, link text, image descriptions, soft
    breaks as spaces, footnote references as ``[n]``) and the ranges of its inline code."""
    parts: list[str] = []
    ranges: Ranges = []
    length = 0
    for child in token.children or []:
        piece = ""
        if child.type == "text":
            piece = child.content
        elif child.type == "code_inline":
            piece = child.content
            if piece:
                ranges.append(("code_inline", length, length + len(piece)))
        elif child.type == "image":
            piece, inner = inline_text(child)
            ranges.extend(_shift(inner, length))
        elif child.type == "footnote_ref":
            piece = f"[{child.meta['id'] + 1}]"
            ranges.append(("footnote_ref", length, length + len(piece)))
        elif child.type == "softbreak":
            piece = " "
        elif child.type == "hardbreak":
            piece = "\n"
        parts.append(piece)
        length += len(piece)
    return "".join(parts), ranges


class _ProseWriter:
    """Collects blocks of prose, separated by blank lines, and their ranges in the whole text."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[TextBlock] = []

    def add(self, text: str, ranges: Ranges = ()) -> None:
        if not text:
            return
        if self.parts:
            self.parts.append("\n\n")
            self.length += 2
        self.blocks.extend(TextBlock(kind, self.length + start, self.length + end)
                           for kind, start, end in ranges if end > start)
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts) + ("\n" if self.parts else "")


class _Table:
    """The cells of a Markdown table as the parser gives them, then laid out as text."""

    def __init__(self) -> None:
        self.rows: list[list[tuple[str, Ranges]]] = []
        self.aligns: list[str] = []
        self.header_rows = 0
        self.in_head = False

    def take(self, token: Token) -> None:
        if token.type == "thead_open":
            self.in_head = True
        elif token.type == "thead_close":
            self.in_head = False
        elif token.type == "tr_open":
            self.rows.append([])
            self.header_rows += self.in_head
        elif token.type in ("th_open", "td_open") and len(self.rows) == 1:
            style = str(token.attrGet("style") or "")
            self.aligns.append("right" if "right" in style else "center" if "center" in style else "left")
        elif token.type == "inline" and self.rows:
            self.rows[-1].append(_stripped(*inline_text(token)))

    def layout(self, width: int = TABLE_WIDTH) -> tuple[str, Ranges]:
        """The table as aligned lines: header, a rule, then the body; cells wrap to fit *width*."""
        columns = max((len(row) for row in self.rows), default=0)
        if not columns:
            return "", []
        rows = [row + [("", [])] * (columns - len(row)) for row in self.rows]
        widths = _fit([max(display_width(row[c][0]) for row in rows) for c in range(columns)], width)
        aligns = self.aligns + ["left"] * (columns - len(self.aligns))
        lines: list[str] = []
        ranges: Ranges = []
        length = 0
        for r, row in enumerate(rows):
            if r == self.header_rows and r:
                rule = "─┼─".join("─" * w for w in widths)
                lines.append(rule)
                length += len(rule) + 1
            row_start = length
            for line, line_ranges in _row_lines(row, widths, aligns):
                lines.append(line)
                ranges.extend(_shift(line_ranges, length))
                length += len(line) + 1
            if r < self.header_rows:
                ranges.append(("table_head", row_start, length - 1))
        return "\n".join(lines), ranges


def _row_lines(row: list[tuple[str, Ranges]], widths: list[int], aligns: list[str]) -> list[tuple[str, Ranges]]:
    """The lines of one table row: each cell wrapped to its column's width and aligned."""
    wrapped = [_wrap(text, w) for (text, _), w in zip(row, widths)]
    lines = []
    for n in range(max(len(pieces) for pieces in wrapped)):
        parts, ranges, length = [], [], 0
        for c, ((text, cell_ranges), pieces) in enumerate(zip(row, wrapped)):
            if c:
                parts.append(_COLUMN_GAP)
                length += len(_COLUMN_GAP)
            start, end = pieces[n] if n < len(pieces) else (0, 0)
            piece = text[start:end]
            pad = widths[c] - display_width(piece)
            left = pad if aligns[c] == "right" else pad // 2 if aligns[c] == "center" else 0
            for kind, a, b in cell_ranges:
                if a < end and b > start:
                    ranges.append((kind, length + left + max(a, start) - start, length + left + min(b, end) - start))
            parts.append(" " * left + piece + " " * (pad - left))
            length += pad + len(piece)
        line = "".join(parts).rstrip()
        lines.append((line, [(k, a, min(b, len(line))) for k, a, b in ranges]))
    return lines


def _fit(widths: list[int], limit: int) -> list[int]:
    """Column widths narrowed, widest first, until the table fits *limit* cells (or cannot)."""
    widths = [max(1, w) for w in widths]
    room = limit - len(_COLUMN_GAP) * (len(widths) - 1)
    while sum(widths) > room:
        widest = max(range(len(widths)), key=widths.__getitem__)
        if widths[widest] <= _MIN_COLUMN:
            break
        widths[widest] -= 1
    return widths


def _wrap(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) slices of *text*, each at most *width* cells, cut at spaces when possible."""
    if display_width(text) <= width:
        return [(0, len(text))]
    slices, start = [], 0
    while start < len(text):
        end, cells = start, 0
        while end < len(text) and cells + display_width(text[end]) <= width:
            cells += display_width(text[end])
            end += 1
        end = max(end, start + 1)
        if end < len(text):
            space = text.rfind(" ", start, end + 1)
            if space > start:
                end = space
        slices.append((start, end))
        start = end
        while start < len(text) and text[start] == " ":
            start += 1
    return slices


def display_width(text: str) -> int:
    """Terminal cells *text* takes: wide (East Asian) characters two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def _stripped(text: str, ranges: Ranges) -> tuple[str, Ranges]:
    """*text* without surrounding whitespace, its ranges moved to match (and clipped)."""
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    return text, [(kind, max(0, a - lead), min(len(text), b - lead)) for kind, a, b in ranges
                  if min(len(text), b - lead) > max(0, a - lead)]


def _shift(ranges: Ranges, by: int) -> Ranges:
    return [(kind, a + by, b + by) for kind, a, b in ranges]


def _list_marker(tokens: list[Token], i: int, prefix: list[str]) -> str:
    if not prefix or i < 2 or tokens[i - 2].type != "list_item_open":
        return ""
    indent = "  " * (len(prefix) - 1)
    if prefix[-1] == "#":
        return f"{indent}{tokens[i - 2].info or '1'}. "
    return indent + prefix[-1]
