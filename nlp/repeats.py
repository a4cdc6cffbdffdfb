"""Names the model found once, marked again where the article repeats them.

A statistical model judges each occurrence of a name on its own, so an article that names
"Nigeria" six times may come back with four of them. :func:`mark_repeats` marks the other
whole-word occurrences of every name found, written the same way (same case), with the label
the model gave it. An occurrence is left alone when it touches a capitalised word, so "Boston"
is not marked inside "Boston Red Sox" (that longer name is not this one).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from nlp.datelines import with_datelines
from nlp.raw import RawSpan
from nlp.spans import clean_spans, is_credit_line, line_around

_NEVER_NAMES_ALONE = frozenset(
    "a an the this that these those it its he she we they i you his her our their and or but of in on at "
    "to for from by with as if no not".split()
)
"""Capitalised at a sentence start, these are never names on their own."""
_NEIGHBOUR_BEFORE = re.compile(r"(?:^|[^\w])([^\W\d_][\w.'’&-]*)[ \t]$")
_NEIGHBOUR_AFTER = re.compile(r"^[ \t]([^\W\d_][\w.'’&-]*)")


def mark_repeats(text: str, spans: list[RawSpan]) -> list[RawSpan]:
    """*spans* (sorted, non-overlapping) plus the unmarked repeats of their names, sorted.

    A repeat that covers shorter spans whole replaces them ("Waqar Younis" found once, then
    only "Younis" inside a later "Waqar Younis").
    """
    labels = _labels_by_surface(text, spans)
    if not labels:
        return spans
    pattern = re.compile(
        r"(?<![\w&'’.-])(?:" + "|".join(re.escape(s) for s in sorted(labels, key=len, reverse=True)) + r")(?![\w&'’-])"
    )
    starts = [s.start for s in spans]
    replaced: set[int] = set()
    added = []
    for match in pattern.finditer(text):
        inside = _covered(spans, starts, match.start(), match.end())
        if inside is None or not _stands_alone(text, match.start(), match.end()):
            continue
        if len(inside) == 1 and (spans[inside[0]].start, spans[inside[0]].end) == match.span():
            continue
        replaced.update(inside)
        added.append(RawSpan(match.start(), match.end(), labels[match.group()]))
    if not added:
        return spans
    kept = [s for i, s in enumerate(spans) if i not in replaced]
    return sorted(kept + added, key=lambda s: s.start)


def _covered(spans: list[RawSpan], starts: list[int], start: int, end: int) -> list[int] | None:
    """Indexes of the *spans* inside [start, end), or None if one of them reaches outside it."""
    i = bisect.bisect_right(starts, start) - 1
    if i >= 0 and spans[i].end > start and spans[i].start < start:
        return None
    i = max(i, 0)
    inside = []
    while i < len(spans) and spans[i].start < end:
        if spans[i].end > start:
            if spans[i].start < start or spans[i].end > end:
                return None
            inside.append(i)
        i += 1
    return inside


def names_missed(text: str, spans: list[RawSpan]) -> list[RawSpan]:
    """The spans the model missed in *text*, given its raw *spans*: dateline places
    (:mod:`nlp.datelines`) and the repeats of the names it found (:func:`mark_repeats`).

    Run on the text the model read (code blanked out), so nothing is ever marked in code.
    """
    cleaned = clean_spans(text, spans)
    completed = mark_repeats(text, with_datelines(text, cleaned))
    found = set(cleaned)
    return [span for span in completed if span not in found]


def _labels_by_surface(text: str, spans: list[RawSpan]) -> dict[str, str]:
    """Each name worth repeating, with the label the model gave it most often."""
    votes: dict[str, Counter[str]] = {}
    for span in spans:
        surface = text[span.start:span.end]
        if is_repeatable(surface):
            votes.setdefault(surface, Counter())[span.label] += 1
    return {surface: counts.most_common(1)[0][0] for surface, counts in votes.items()}


def is_repeatable(surface: str) -> bool:
    """Whether *surface* is distinctive enough to be marked wherever it recurs.

    It needs a capital letter, two letters or more, no line break, and a word that is not a
    function word ("The" at a sentence start is no name).
    """
    if "\n" in surface or sum(ch.isalpha() for ch in surface) < 2 or not surface[0].isupper():
        return False
    return any(word.casefold().strip(".,'’") not in _NEVER_NAMES_ALONE for word in surface.split())


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is not part of a longer capitalised name, nor on a credit line."""
    surface = text[start:end]
    before = _NEIGHBOUR_BEFORE.search(text, max(0, start - 40), start)
    after = _NEIGHBOUR_AFTER.match(text[end:end + 40])
    for match in (before, after):
        if match and _continues_name(match.group(1), surface):
            return False
    line = line_around(text, start, end)
    return line is None or not is_credit_line(line)


def _continues_name(word: str, surface: str) -> bool:
    """Whether a capitalised neighbour *word* would extend the name *surface*.

    In an ALL-CAPS line every word is capitalised, so there only an ALL-CAPS surface next to
    another ALL-CAPS word counts; elsewhere any capitalised neighbour does, except a word ending a
    sentence ("... met Kenya. Kenya won").
    """
    if not word[0].isupper() or word.casefold() in _NEVER_NAMES_ALONE or (word.endswith(".") and len(word) > 2):
        return False
    if surface.isupper() and len(surface) > 1:
        return word.isupper() and len(word) > 1
    return True
