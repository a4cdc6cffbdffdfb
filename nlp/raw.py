"""The model-output contract: what any extractor returns, and how long texts reach it in pieces.

Importing this module loads no model code, so everything downstream of extraction (cleaning,
clustering, storing, tests with hand-made outputs) uses these types without spaCy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

BATCH_SIZE = 16
"""Documents per ``nlp.pipe`` batch: small batches keep memory low at no cost in speed."""
MAX_CHUNK_CHARS = 100_000
"""Longer texts go to the model in pieces of at most this many characters (spaCy refuses
texts over a million characters, and needs about 1 GB per 100,000 at once)."""


@dataclass(frozen=True, slots=True)
class RawSpan:
    """An entity span as character offsets into an article's text."""

    start: int
    """Offset of the first character."""
    end: int
    """Offset one past the last character."""
    label: str
    """The model's label (PERSON, ORG, GPE, ...)."""


@dataclass
class RawDoc:
    """What the model found in one text."""

    spans: list[RawSpan]
    """Entity spans as the model gave them (not yet cleaned), after the names it missed."""
    sentences: list[tuple[int, int]] = field(default_factory=list)
    """Sentence bounds as character offsets, in order."""


class Extractor(Protocol):
    """Anything that turns texts into raw entity spans (the spaCy one, or a test double)."""

    def extract(self, texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[RawDoc]: ...


def extract_texts(extractor: Extractor, texts: list[str], limit: int = MAX_CHUNK_CHARS) -> Iterator[RawDoc]:
    """Run *extractor* over *texts*, sending those longer than *limit* in pieces and joining the results."""
    pieces = [(i, start, piece) for i, text in enumerate(texts) for start, piece in split_long_text(text, limit)]
    merged = [RawDoc([], []) for _ in texts]
    for (i, start, _), raw in zip(pieces, extractor.extract([p for _, _, p in pieces], batch_size=BATCH_SIZE)):
        merged[i].spans.extend(RawSpan(s.start + start, s.end + start, s.label) for s in raw.spans)
        merged[i].sentences.extend((a + start, b + start) for a, b in raw.sentences)
    return iter(merged)


def split_long_text(text: str, limit: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of *text* of at most *limit* characters, cut at a paragraph,
    line, sentence or word break when there is one."""
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = next((window.rfind(sep) + len(sep) for sep in ("\n\n", "\n", ". ", " ")
                    if window.rfind(sep) > limit // 2), limit)
        yield start, window[:cut]
        start += cut
    yield start, text[start:]
