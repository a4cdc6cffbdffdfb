"""Cleaning the entity spans a statistical model produces, before anything else uses them.

The small English model, run on real news, returns spans that cross paragraph breaks
("Getty Images\\n\\nPanjshir"), carry leading determiners ("the National Resistance Front"),
prefixes ("anti-Taliban"), trailing possessives ("Roosevelt's", "Taliban’s"), titles ("Mr. Saleh"),
and photo credits or bylines tagged as people. :func:`clean_spans` turns those into clean,
non-overlapping spans. Labels are left as the model gave them; one label per entity is decided
by vote when mentions are clustered (:mod:`nlp.cluster`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.labels import NAME_LABELS, NUMERIC_LABELS
from nlp.raw import RawSpan


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n|:\s+|\s[–—]\s|\s\|\s")
"""Where a span must be cut: blank lines, and headline separators ("Lion of Panjshir: How ...")."""
_WORDS_NEVER_A_NAME = frozenset(
    "a an the how why what when where who which whose this that these those it its is are was were be "
    "and or but of in on at to for from by with as after before".split()
)
_LEADING = re.compile(r"^(?:[\s\"'“”‘’(\[{«\-–—*_#>]+|(?:the|a|an)\s+(?=\w))", re.IGNORECASE)
_STANCE_PREFIX = re.compile(r"^(?:anti|pro|non|ex|post|pre)[-\u2010\u2011](?=[A-Z])")
"""A lower-case prefix glued to a name ("anti-Taliban"): the name is what follows it."""
_TRAILING = re.compile(r"(?:[\s\"“”’)\]}»,;:!?*_–—\-]+|['’]s|(?<=s)['’])$")
_TRAILING_DOT = re.compile(r"(?<=[^\W\d_]{4})\.$")
_HONORIFIC = re.compile(
    r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Gen|Lt|Col|Capt|Cmdr|Sgt|Maj|Sen|Rep|Gov|"
    r"President|Vice President|Prime Minister|Minister|Senator|General|Commander|Judge)\.?\s+(?=[A-Z])"
)
_CREDIT_LINE = re.compile(
    r"^\W*(?:photo(?:graph)?|image|picture|credit|illustration|video|source)s?"
    r"\s*(?:[:|/–—-]|by\b|courtesy\b|credit\b)"
    r"|(?:getty images|/afp|/reuters|/ap|/epa|shutterstock|via getty)\W*$"
    r"|^\W*©",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^\W*(?:by|written by|reporting by|words by)\s+[A-Z]", re.IGNORECASE)


def clean_spans(text: str, spans: list[RawSpan], excluded_labels: frozenset[str] = NUMERIC_LABELS) -> list[RawSpan]:
    """Clean *spans* over *text*: split, trim, drop credits and noise, remove overlaps.

    The result is sorted by start offset, non-overlapping, and no span crosses a blank line.
    """
    cleaned: list[RawSpan] = []
    for span in spans:
        if span.label in excluded_labels:
            continue
        for piece in split_at_paragraphs(text, span):
            trimmed = trim_span(text, piece)
            if trimmed and not is_noise(text, trimmed):
                cleaned.append(trimmed)
    return remove_overlaps(cleaned)


def split_at_paragraphs(text: str, span: RawSpan) -> list[RawSpan]:
    """The parts of *span* between paragraph breaks and headline separators (": ", " – ")."""
    pieces, start = [], span.start
    for brk in _PARAGRAPH_BREAK.finditer(text, span.start, span.end):
        pieces.append(RawSpan(start, brk.start(), span.label))
        start = brk.end()
    pieces.append(RawSpan(start, span.end, span.label))
    return [p for p in pieces if p.end > p.start]


def trim_span(text: str, span: RawSpan) -> RawSpan | None:
    """Strip determiners, prefixes, titles, quotes, possessives and stray punctuation from *span*."""
    start, end = span.start, span.end
    changed = True
    while changed and end > start:
        surface = text[start:end]
        changed = False
        for pattern in (_LEADING, _STANCE_PREFIX, _HONORIFIC if span.label == "PERSON" else None):
            match = pattern.match(surface) if pattern else None
            if match and match.end() < len(surface):
                start += match.end()
                changed = True
                break
        if changed:
            continue
        match = _TRAILING.search(surface) or _TRAILING_DOT.search(surface)
        if match and match.start() > 0:
            end = start + match.start()
            changed = True
    return RawSpan(start, end, span.label) if end > start else None


def is_noise(text: str, span: RawSpan) -> bool:
    """Whether *span* is not a name worth cross-referencing.

    Noise: no letters or digits; a name type with no capital letter ("nation", "1996"); only
    function words ("How", left over from a headline); or a
    span on a photo credit or byline line ("Photo: Wakil Kohsar/AFP via Getty Images", "By Jane Doe").
    """
    surface = text[span.start:span.end]
    if not any(ch.isalnum() for ch in surface):
        return True
    if span.label in NAME_LABELS and not any(ch.isupper() for ch in surface):
        return True
    if all(word.casefold() in _WORDS_NEVER_A_NAME for word in surface.split()):
        return True
    line = line_around(text, span.start, span.end)
    return line is not None and is_credit_line(line)


CREDIT_LINE_LIMIT = 400
"""Lines longer than this are prose, never credits; it also bounds the search for line ends."""


def line_around(text: str, start: int, end: int, limit: int = CREDIT_LINE_LIMIT) -> str | None:
    """The whole line (between newlines) containing text[start:end], or None if it is longer
    than *limit* (looking only *limit* characters each way keeps one-line texts fast)."""
    floor = max(0, start - limit)
    line_start = text.rfind("\n", floor, start) + 1
    if line_start == 0 and floor > 0:
        return None
    ceiling = min(len(text), end + limit)
    line_end = text.find("\n", end, ceiling)
    if line_end == -1:
        if ceiling < len(text):
            return None
        line_end = len(text)
    return text[line_start:line_end]


def is_credit_line(line: str) -> bool:
    """Whether *line* is a photo credit or a byline rather than article prose."""
    words = line.split()
    if not words or len(words) > 16:
        return False
    if _CREDIT_LINE.search(line.strip()):
        return True
    return bool(_BYLINE.match(line)) and len(words) <= 10 and not line.rstrip().endswith((".", "?", "!"))


def remove_overlaps(spans: list[RawSpan]) -> list[RawSpan]:
    """Sort *spans* and drop any that overlaps an earlier, longer one."""
    ordered = sorted(spans, key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[RawSpan] = []
    for span in ordered:
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept
