"""Which generation a name means: the words around a mention that say parent or child.

A father and a son often share a name ("Ahmad Shah Massoud" and his son "Ahmad Massoud"), and
the article then calls both by the surname. :mod:`nlp.cluster` gives each such short form to one
of them; the cues here decide it when the text says so ("the late Massoud", "Massoud Jr.").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlp.raw import RawSpan

_PARENT_BEFORE = re.compile(r"\b(?:the (?:late|elder)|elder|late|father|senior)\s+$", re.IGNORECASE)
_PARENT_AFTER = re.compile(r"(?:,?\s+(?:Sr\b|senior\b|the elder\b))", re.IGNORECASE)
_CHILD_BEFORE = re.compile(r"\b(?:the younger|younger|son|daughter|junior)\s+$", re.IGNORECASE)
_CHILD_OF = re.compile(r"\b(?:son|daughter|child|widow|widower) of\s+$", re.IGNORECASE)
_CHILD_AFTER = re.compile(r"(?:,?\s+(?:Jr\b|junior\b|the younger\b))", re.IGNORECASE)
_SUFFIX = re.compile(r"\s(Jr|Sr)\.?$")


def generation_cue(text: str, span: RawSpan) -> str | None:
    """"parent" or "child" when words beside *span*, or its own suffix ("Massoud Jr."), say which
    generation it means."""
    before, after = text[max(0, span.start - 12):span.start], text[span.end:span.end + 12]
    suffix = _SUFFIX.search(text, span.start, span.end)
    if _PARENT_BEFORE.search(before) or _PARENT_AFTER.match(after) or (suffix and suffix.group(1) == "Sr"):
        return "parent"
    if _CHILD_BEFORE.search(before) or _CHILD_AFTER.match(after) or (suffix and suffix.group(1) == "Jr"):
        return "child"
    return None


def named_as_parent(text: str, spans: Iterable[RawSpan]) -> bool:
    """Whether the article names someone, at one of *spans*, as someone's parent ("the son of Ahmad
    Shah Massoud", "the late Ahmad Shah Massoud"): a parent is named in passing, not the subject."""
    return any(_PARENT_BEFORE.search(text, max(0, s.start - 16), s.start)
               or _CHILD_OF.search(text, max(0, s.start - 16), s.start) for s in spans)
