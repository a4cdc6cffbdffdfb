"""Names in a headline written in capitals or in title case.

When every word of a headline is capitalised ("SEATTLE ROUTS ORIOLES", "Microsoft Faces Fine"),
the model cannot tell the names from the verbs and nouns beside them, and takes "Seattle Routs
Orioles" or "Microsoft Faces" as one name. The article below the headline says which words are
names: :func:`trim_headline_spans` keeps, of each headline span, the runs of words the body
names ("Seattle", "Orioles", "Microsoft"). A span none of whose words the body names is left as it
is, unless the body writes all its words in lower case: then it is a common noun the headline
capitalised ("Passes" in "The Road: Passes, Tunnels and the Long Way North", over a body
that says "pass"). A name the headline gives in full and the body only in
part is cut to that part ("OLAF SCHOLZ WINS" over a body naming only "Scholz" keeps "SCHOLZ"), as
news bodies name a person in full first.
"""

from __future__ import annotations

import re

from nlp.names import name_key
from nlp.raw import RawSpan

HEADLINE_LIMIT = 200
"""A first line up to this long is a headline (longer, it is the article's first paragraph)."""
TITLED_SHARE = 0.75
"""Share of a line's longer words (four letters or more) outside its names that start with a
capital for the line to be written in title case."""
TITLE_LABELS = frozenset({"WORK_OF_ART"})
"""Labels of names that are title-cased wherever they stand (a book's or a film's title), so a
title-case headline says nothing about them: "Review: The Last Holdout in the Panjshir". (In a
headline in capitals, read re-cased, the model takes many phrases for titles.)"""
_WORD = re.compile(r"[^\W_][\w.'’&-]*")


def headline_end(text: str) -> int:
    """End of the first line when it is short enough to be a headline and text follows, else 0."""
    end = text.find("\n")
    return end if 0 < end <= HEADLINE_LIMIT else 0


def is_titled(line: str, names: list[tuple[int, int]] = ()) -> bool:
    """Whether *line* is in capitals ("JAPAN GET LUCKY WIN"), or capitalises (nearly) every longer
    word outside the *names* (offsets into *line*) found on it: "Floods Hit Valencia Again". A
    sentence full of names is not a headline in title case: "Angela Merkel visited Paris"."""
    if line.isupper():
        return True
    longer = [w.group() for w in _WORD.finditer(line) if sum(ch.isalpha() for ch in w.group()) >= 4
              and not any(start <= w.start() < end for start, end in names)]
    return (len(_WORD.findall(line)) >= 2 and bool(longer)
            and sum(w[0].isupper() for w in longer) >= TITLED_SHARE * len(longer))


def trim_headline_spans(text: str, spans: list[RawSpan]) -> list[RawSpan]:
    """*spans* (sorted, non-overlapping) with those of a titled headline cut to the words the body
    names (see the module docstring)."""
    end = headline_end(text)
    if not end or not spans or spans[0].start >= end:
        return spans
    if not is_titled(text[:end], [(s.start, s.end) for s in spans if s.end <= end]):
        return spans
    named = {token for s in spans if s.start > end for token in name_key(text[s.start:s.end]).split()}
    if not named:
        return spans
    body = text[end:]
    trimmed: list[RawSpan] = []
    titles_kept = not text[:end].isupper()
    for span in spans:
        kept = span.end > end or (titles_kept and span.label in TITLE_LABELS)
        trimmed.extend([span] if kept else _named_runs(text, span, named, body))
    return trimmed


def _named_runs(text: str, span: RawSpan, named: set[str], body: str) -> list[RawSpan]:
    """The runs of *span*'s words found in *named*. When none is: nothing if *body* writes every
    word in lower case, else the span unchanged."""
    words = list(_WORD.finditer(text, span.start, span.end))
    known = [bool(key) and all(t in named for t in key.split()) for key in (name_key(w.group()) for w in words)]
    if not any(known):
        return [] if all(_written_lower(w.group(), body) for w in words) else [span]
    runs: list[RawSpan] = []
    start = None
    for i, (word, is_named) in enumerate(zip(words, known)):
        if is_named and start is None:
            start = word.start()
        if is_named and (i + 1 == len(words) or not known[i + 1]):
            runs.append(RawSpan(start, word.end(), span.label))
            start = None
    return runs


def _written_lower(word: str, body: str) -> bool:
    """Whether *body* has *word*, or its singular, in lower case as a word of its own ("games";
    "pass" for "Passes")."""
    lower = word.lower()
    forms = {lower, lower.removesuffix("s"), lower.removesuffix("es")}
    return any(re.search(rf"(?<![\w'’-]){re.escape(form)}(?![\w'’-])", body) for form in forms if len(form) > 2)
