"""Datelines: the place a news story was filed from, at the start of a line.

"BEIJING 1996-08-22", "FRESNO, Calif. - A German businessman ...", "KARACHI, Pakistan (Reuters) -".
The place is written in capitals and followed by a date, a dash or an agency, and the model
misses many of them (capitals everywhere, no sentence around them). :func:`dateline_places`
finds the place and its region as two place names.
"""

from __future__ import annotations

import re

from nlp.raw import RawSpan

_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z.'’-]+(?:[ ][A-Z][A-Z.'’-]+){0,3})"
    r"(?:,[ ](?P<region>[A-Z][A-Za-z'’-]*\.?(?:[ ][A-Z][A-Za-z'’-]*\.?){0,2}))?"
    r"(?=[ \t]+(?:\d{4}-\d\d-\d\d|[A-Z][a-z]{2,8}\.?[ ]\d{1,2}\b|\([A-Z][A-Za-z ]{1,20}\)"
    r"|[-–—_][ \t](?=[^\n]*[a-z])))",
    re.MULTILINE,
)
"""A line opening with a place in capitals, maybe a region, then a date, an agency, or a dash
before a sentence in mixed case ("SOCCER - JAPAN WIN" is a headline, not a dateline)."""
LABEL = "GPE"
"""The label given to dateline places."""


def dateline_places(text: str) -> list[RawSpan]:
    """The place (and region) of every dateline in *text*, in order."""
    spans = []
    for match in _DATELINE.finditer(text):
        for group in ("place", "region"):
            if match.group(group) and sum(ch.isalpha() for ch in match.group(group)) >= 2:
                spans.append(RawSpan(match.start(group), match.end(group), LABEL))
    return spans


def with_datelines(text: str, spans: list[RawSpan]) -> list[RawSpan]:
    """*spans* (sorted, non-overlapping) with dateline places in place of what overlaps them."""
    places = dateline_places(text)
    if not places:
        return spans
    kept = [s for s in spans if not any(s.start < p.end and p.start < s.end for p in places)]
    return sorted(kept + places, key=lambda s: s.start)
