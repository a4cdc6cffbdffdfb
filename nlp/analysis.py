"""One article's entities: the result of extraction, cleaning and clustering.

:func:`analyse` is pure: it takes the model's raw output (:class:`nlp.raw.RawDoc`) and
needs no spaCy, so tests build its input by hand.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from nlp.cluster import Ambiguity, cluster_mentions
from nlp.names import slug
from nlp.raw import RawDoc
from nlp.spans import NUMERIC_LABELS, clean_spans
from nlp.text import paragraphs


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity in the text."""

    start: int
    """Offset of the first character in the article text."""
    end: int
    """Offset one past the last character."""
    text: str
    """The text as written."""
    sentence: tuple[int, int] = (0, 0)
    """Bounds of the sentence holding the mention, for context lines."""


@dataclass
class Entity:
    """An entity of one article."""

    id: str
    """Identifier unique within the article, made from the name ("ahmad-massoud")."""
    name: str
    """Canonical name."""
    label: str
    """Entity type (PERSON, ORG, GPE, ...)."""
    aliases: list[str]
    """Other spellings used in the article."""
    mentions: list[Mention]
    """Every mention, in order."""
    ambiguities: list[Ambiguity] = field(default_factory=list)
    """Short forms this entity shares with others in the article."""

    def to_json(self) -> dict:
        """The entity in the shape ``margin entities --json`` prints."""
        return {
            "id": self.id,
            "name": self.name,
            "label": self.label,
            "aliases": self.aliases,
            "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in self.mentions],
            "ambiguous": [{"form": a.form, "candidates": list(a.candidates)} for a in self.ambiguities],
        }


@dataclass
class Analysis:
    """An article's text and its entities."""

    title: str
    text: str
    entities: list[Entity]
    indexed_by: str | None = None
    """The model and rules that found the entities (:func:`nlp.rules.indexed_by`), if known."""

    def to_json(self) -> dict:
        """The analysis in the shape ``margin entities --json`` prints."""
        return {"title": self.title, "text": self.text, "entities": [e.to_json() for e in self.entities]}


def analyse(title: str, text: str, raw: RawDoc, excluded_labels: frozenset[str] = NUMERIC_LABELS) -> Analysis:
    """Clean and cluster the model's spans over *text* into an :class:`Analysis`."""
    spans = clean_spans(text, raw.spans, excluded_labels)
    clusters = cluster_mentions(text, spans)
    sentence_of = _sentence_finder(text, raw.sentences)
    used: set[str] = set()
    entities = []
    for cluster in clusters:
        mentions = [Mention(s.start, s.end, text[s.start:s.end], sentence_of(s.start, s.end)) for s in cluster.mentions]
        entity_id = _unique(slug(cluster.name), used)
        entities.append(Entity(entity_id, cluster.name, cluster.label, cluster.aliases, mentions, cluster.ambiguities))
    return Analysis(title, text, entities)


def _unique(base: str, used: set[str]) -> str:
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


def _sentence_finder(text: str, sentences: list[tuple[int, int]]):
    """A function giving the sentence around a mention, never reaching past its paragraph."""
    starts = [s for s, _ in sentences]
    blocks = paragraphs(text) or [(0, len(text))]
    block_starts = [s for s, _ in blocks]

    def sentence_of(start: int, end: int) -> tuple[int, int]:
        block = blocks[max(0, bisect.bisect_right(block_starts, start) - 1)]
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and sentences[i][1] >= end:
            bounds = sentences[i]
        else:
            bounds = (start - 80, end + 80)
        return (max(bounds[0], block[0]), min(max(bounds[1], end), block[1]))

    return sentence_of
