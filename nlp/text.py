"""Making untrusted text safe and regular before it is analysed, stored or shown."""

from __future__ import annotations

import re

_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 (but tab and newline), DEL, C1
    "\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\ufeff\ufff9-\ufffb]"  # BOM / zero-width no-break space, interlinear annotations
)
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[@-Z\\-_])")


def normalise_text(raw: str) -> str:
    """Fold line endings to LF and remove terminal escapes and control characters.

    For UTF-8 text without control characters only CRLF (and lone CR) change, so offsets
    into the result index the original file too.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _ANSI.sub("", text)
    return _CONTROL.sub("", text)


def has_control_characters(text: str) -> bool:
    """Whether *text* holds characters :func:`normalise_text` would remove (other than CR)."""
    return bool(_CONTROL.search(text) or "\x1b" in text)


def guess_title(text: str, fallback: str) -> str:
    """The article's title: its first line when that is short and not a sentence, else *fallback*."""
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if not line:
            continue
        if len(line) <= 150 and not line.endswith((".", ",", ";", ":")):
            return line
        break
    return fallback


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Offsets of the paragraphs of *text* (runs of lines between blank lines)."""
    bounds, start = [], 0
    for match in re.finditer(r"\n[ \t]*\n", text):
        if text[start:match.start()].strip():
            bounds.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        bounds.append((start, len(text.rstrip())))
    return bounds
