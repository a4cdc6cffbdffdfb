"""Markdown shown as prose: headings, paragraphs, list items and table rows as plain text blocks.

Emphasis markers, link targets and raw HTML are dropped; link text and image descriptions
are kept, table cells are joined with " · ", nested list items are indented. Blocks are
separated by blank lines so paragraph-aware code (span cleaning, the reader) sees them.
Entity offsets index this prose, which is the text the reader shows.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark").enable("table")
_CELL_SEPARATOR = " · "


def markdown_to_prose(source: str) -> tuple[str, str | None]:
    """Return the prose of the Markdown *source* and its first level-one heading, if any."""
    blocks: list[str] = []
    title = None
    prefix: list[str] = []
    row: list[str] | None = None
    tokens = _PARSER.parse(source)
    for i, token in enumerate(tokens):
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            if any(row):
                blocks.append(_CELL_SEPARATOR.join(cell for cell in row if cell))
            row = None
        elif token.type == "inline" and row is not None:
            row.append(inline_text(token).strip())
        elif token.type == "bullet_list_open":
            prefix.append("• ")
        elif token.type == "ordered_list_open":
            prefix.append("#")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            prefix.pop()
        elif token.type == "inline":
            text = inline_text(token).strip()
            if not text:
                continue
            if tokens[i - 1].type == "heading_open" and tokens[i - 1].tag == "h1" and title is None:
                title = text
            blocks.append(_list_marker(tokens, i, prefix) + text)
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return "\n\n".join(blocks) + ("\n" if blocks else ""), title


def inline_text(token: Token) -> str:
    """The visible text of an inline token: text, code, link text and image descriptions, soft
    breaks as spaces."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append(inline_text(child))
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
    return "".join(parts)


def _list_marker(tokens: list[Token], i: int, prefix: list[str]) -> str:
    if not prefix or i < 2 or tokens[i - 2].type != "list_item_open":
        return ""
    indent = "  " * (len(prefix) - 1)
    if prefix[-1] == "#":
        return f"{indent}{tokens[i - 2].info or '1'}. "
    return indent + prefix[-1]
