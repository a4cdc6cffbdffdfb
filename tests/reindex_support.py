"""A hand-written "model" for the re-indexing tests: it finds the spans written in span markup."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from conftest import parse_marked
from nlp.raw import RawDoc


class MarkupExtractor:
    """Finds in each text the spans its markup gives (the texts it was not given: none).

    *model_name* names it in ``articles.indexed_by``; *skip* lists texts of spans it misses,
    as another model might.
    """

    def __init__(self, markups: Iterable[str], model_name: str = "hand-marked", skip: Iterable[str] = ()) -> None:
        self.model_name = model_name
        self.spans = {}
        skipped = set(skip)
        for markup in markups:
            text, spans = parse_marked(markup)
            self.spans[text] = [s for s in spans if text[s.start:s.end] not in skipped]

    def extract(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[RawDoc]:
        for text in texts:
            yield RawDoc(list(self.spans.get(text, [])))
