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

from nlp.headlines import trim_headline_spans
from nlp.labels import NAME_LABELS, NUMERIC_LABELS
from nlp.raw import RawSpan


_PARAGRAPH_BREAK = re.compile(
    r"\n[ \t]*\n|:\s+|\s[–—-]\s|\s[|/]\s|\s\(|\)\s|\s(?:v|vs)\.?\s"
    r"|,\s(?!(?:Inc|Ltd|Co|Corp|LLC|Jr|Sr|plc|PLC|S\.A|AG|N\.V|L\.P)\b)"
)
"""Where a span must be cut: blank lines, headline separators ("Lion of Panjshir: How ...",
"SOCCER - Japan"), and what joins two names: "Dampier / Kaohsiung", "Parke (England)",
"India v Sri Lanka", "Facebook, Instagram" (but not "Apple, Inc.")."""
_SCRIPT_BREAK = re.compile(
    r"[\u3002\uff01\uff1f]\s*"
    r"|(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])\s*(?=[^\W\d_])(?![\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])"
    r"|(?<=[A-Za-z\u00c0-\u024f])\s*(?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])"
)
"""Where a Chinese, Japanese or Korean sentence meets a name in Latin letters: a CJK full stop,
or the change of script ("…会议。Tokyo Electric", "东京Tokyo")."""
_NUMBER_BREAK = re.compile(r"\s+\d[\d.,:/-]*(?=[\s,;)]|$)")
"""A number standing alone: a score or a figure beside a name in a table ("Lyon 2 Nancy 0")."""
_NUMBERLESS_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})
"""Labels whose names never hold a number standing alone (unlike "Windows 95", "Terminal 4")."""
_NEWLINE = re.compile(r"\n")
_SHORT_LINE = 60
"""A line shorter than this is no wrapped prose, so a name never runs on past its end."""
_WORDS_NEVER_A_NAME = frozenset(
    "a an the how why what when where who which whose this that these those it its is are was were be "
    "and or but of in on at to for from by with as after before".split()
)
_LEADING = re.compile(r"^(?:[\s\"'“”‘’(\[{«\-–—*_#>]+|(?:the|a|an)\s+(?=\w))", re.IGNORECASE)
_STANCE_PREFIX = re.compile(
    r"^(?:anti|pro|non|ex|post|pre)[-\u2010\u2011](?=[A-Z])|^(?:Anti|Pro)[-\u2010\u2011](?=[A-Z]\S*$)"
)
"""A prefix glued to a name ("anti-Taliban", or "Anti-Kremlin" opening a sentence): the name is what
follows it. Capitalised, only on a one-word span: "Anti-Slavery International" is a name."""
_TRAILING = re.compile(r"(?:[\s\"“”’)\]}»,;:!?*_–—\-]+|['’]s|(?<=s)['’])$")
_TRAILING_DOT = re.compile(r"(?<=[^\W\d_]{4})\.$")
ABBREVIATIONS = frozenset(
    "calif ariz colo conn mass mich minn penn tenn wash wis wyo okla nev neb mont ore tex fla ill ind kan "
    "ky ala ark del ga la md mo va vt".split()
)
"""Place abbreviations whose dot is part of the name ("Fresno, Calif."). A company's "Corp." is
left to the general rule: news gold is split on whether its dot belongs to the name."""
_TRAILING_LOWER = re.compile(r"\s+[a-z][a-z'’-]*$")
"""A lower-case word ending a name is never part of it ("Interfax news agency", "Marcelo Rios of")."""
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

    The result is sorted by start offset, non-overlapping, and no span crosses a blank line. The
    spans of a headline in capitals or title case keep only the words the body names
    (:mod:`nlp.headlines`).
    """
    cleaned: list[RawSpan] = []
    for span in spans:
        if span.label in excluded_labels:
            continue
        for piece in split_at_paragraphs(text, span):
            trimmed = trim_span(text, piece)
            if trimmed and not is_noise(text, trimmed):
                cleaned.append(trimmed)
    return trim_headline_spans(text, join_neighbours(text, join_initials(text, remove_overlaps(cleaned))))


def split_at_paragraphs(text: str, span: RawSpan) -> list[RawSpan]:
    """The parts of *span* between paragraph breaks and headline separators (": ", " – ")."""
    pieces, start = [], span.start
    breaks = [*_PARAGRAPH_BREAK.finditer(text, span.start, span.end), *_line_ends(text, span),
              *_SCRIPT_BREAK.finditer(text, span.start, span.end)]
    if span.label in _NUMBERLESS_LABELS:
        breaks.extend(_NUMBER_BREAK.finditer(text, span.start, span.end))
    for brk in sorted(breaks, key=lambda m: m.start()):
        if brk.start() < start:
            continue
        pieces.append(RawSpan(start, brk.start(), span.label))
        start = brk.end()
    pieces.append(RawSpan(start, span.end, span.label))
    return [p for p in pieces if p.end > p.start]


def _line_ends(text: str, span: RawSpan) -> list[re.Match]:
    """The line breaks inside *span* that end a short line (a headline, a table row)."""
    breaks = []
    for brk in _NEWLINE.finditer(text, span.start, span.end):
        line = line_around(text, brk.start(), brk.start()) or ""
        if len(line) < _SHORT_LINE:
            breaks.append(brk)
    return breaks


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
        match = (_TRAILING.search(surface) or (_TRAILING_DOT.search(surface) if not _keeps_dot(text, start, end) else None)
                 or _TRAILING_LOWER.search(surface))
        if match and match.start() > 0:
            end = start + match.start()
            changed = True
    return RawSpan(start, end, span.label) if end > start else None


def _keeps_dot(text: str, start: int, end: int) -> bool:
    """Whether the dot ending text[start:end] belongs to an abbreviation ("Calif.") rather
    than ending a sentence: an abbreviation, and more text on the line after it."""
    word = text[start:end].rsplit(None, 1)[-1].rstrip(".").casefold()
    return word in ABBREVIATIONS and end < len(text) and text[end] not in "\n"


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


_INITIALS_BEFORE = re.compile(r"(?<![\w.])[A-Z]\.[ ]$")
"""An initial just before a surname: "D. Cox" (but not "U.S. Clinton")."""
_INITIAL_ONLY = re.compile(r"^[A-Z]\.$")
_NEXT_WORD = re.compile(r"[ ]([A-Z][\w'’-]*[a-z][\w'’-]*)")


def join_initials(text: str, spans: list[RawSpan]) -> list[RawSpan]:
    """Sorted, non-overlapping *spans* with a person's initials joined to the surname beside them.

    The model often leaves "D." out of "D. Cox", or takes "D." alone as a name: a person's span
    right after an initial takes it in, and a span of an initial alone takes in the capitalised
    word that follows it (and any span starting there) as a person.
    """
    joined: list[RawSpan] = []
    for span in spans:
        if joined and joined[-1].end > span.start:
            continue
        surface = text[span.start:span.end]
        if _INITIAL_ONLY.match(surface):
            word = _NEXT_WORD.match(text, span.end)
            if word:
                end = max([word.end()] + [s.end for s in spans if s.start == word.start(1)])
                span = RawSpan(span.start, end, "PERSON")
        elif span.label == "PERSON":
            before = _INITIALS_BEFORE.search(text, max(0, span.start - 8), span.start)
            if before and (not joined or joined[-1].end <= before.start()):
                span = RawSpan(before.start(), span.end, span.label)
        joined.append(span)
    return joined


def remove_overlaps(spans: list[RawSpan]) -> list[RawSpan]:
    """Sort *spans* and drop any that overlaps an earlier, longer one."""
    ordered = sorted(spans, key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[RawSpan] = []
    for span in ordered:
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept


_NAME_GAP = re.compile(r"[ ](?:(?:von|van|der|den|de|du|da|di|le|la|bin|ibn|al|el)[ ])*")
"""What may stand between two halves of one name: a space, and the lower-case particles of a
surname ("Ursula von der Leyen")."""
_ACRONYM = re.compile(r"[A-Z][A-Z.&]{1,5}")
"""An acronym after a place is a name of its own: "India RBI" (but not a model number: "Airbus A310")."""
_NEVER_FIRST_HALF = frozenset({"NORP"})
"""A nationality before a name is a word of its own ("German Tommy Haas", "Iraqi Kurdish")."""


def join_neighbours(text: str, spans: list[RawSpan]) -> list[RawSpan]:
    """Sorted, non-overlapping *spans* with two names only a space apart joined into one: the model
    splits a name it does not know ("Sierra" + "Leone", "Ursula von der" + "Leyen", "Toyota" +
    "Celica"). The joined name takes the label of its longer half. A nationality is not joined to
    the name after it, nor is a name to a nationality or an acronym after it ("House Democrats",
    "India RBI")."""
    joined: list[RawSpan] = []
    for span in spans:
        last = joined[-1] if joined else None
        if (last is not None and last.label not in _NEVER_FIRST_HALF and span.label not in _NEVER_FIRST_HALF
                and _NAME_GAP.fullmatch(text, last.end, span.start) and not _ACRONYM.fullmatch(text, span.start, span.end)):
            longer = last if last.end - last.start >= span.end - span.start else span
            joined[-1] = RawSpan(last.start, span.end, longer.label)
        else:
            joined.append(span)
    return joined
