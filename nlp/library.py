"""Importing articles into the library: read, skip duplicates, extract, store.

The model is asked for entities in batches (``nlp.pipe``) while each article is stored in
its own transaction, so an import stopped half-way keeps every article it reported done and
a second run skips them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Protocol

from nlp.analysis import Analysis, analyse
from nlp.config import Settings
from nlp.extract import BATCH_SIZE, RawDoc
from nlp.sources import Source, SourceError, find_article_files, read_source
from nlp.store import Index


class Extractor(Protocol):
    """Anything that turns texts into raw entity spans (the spaCy one, or a test double)."""

    def extract(self, texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[RawDoc]: ...


@dataclass
class ImportReport:
    """What an import did."""

    added: list[tuple[str, int]] = field(default_factory=list)
    """(file, article id) of each article stored."""
    skipped: list[str] = field(default_factory=list)
    """Files whose content the library already had."""
    failed: list[str] = field(default_factory=list)
    """One message per file that could not be imported, naming it and the reason."""


ProgressCallback = Callable[[str, str], None]
"""Called with (file, outcome) for each file: outcome is "added", "skipped" or "failed"."""


def analyse_source(source: Source, extractor: Extractor, settings: Settings) -> Analysis:
    """Extract and cluster the entities of one article."""
    raw = next(iter(extractor.extract([source.text])))
    return analyse(source.title, source.text, raw, settings.excluded_labels)


def import_files(index: Index, paths: list[Path], extractor: Extractor, settings: Settings,
                 progress: ProgressCallback | None = None) -> ImportReport:
    """Import every article file under *paths* into *index*."""
    files, missing = find_article_files(paths)
    report = ImportReport(failed=list(missing))
    notify = progress or (lambda name, outcome: None)
    pending = _new_sources(index, files, report, notify, settings.max_bytes)
    while batch := list(islice(pending, BATCH_SIZE)):
        for source, raw in zip(batch, extractor.extract([s.text for s in batch], batch_size=BATCH_SIZE)):
            analysis = analyse(source.title, source.text, raw, settings.excluded_labels)
            article_id = index.add_article(source, analysis, settings.fuzzy_cutoff)
            report.added.append((source.path or source.title, article_id))
            notify(source.path or source.title, "added")
    return report


def count_files(paths: list[Path]) -> int:
    """How many article files an import of *paths* would look at."""
    return len(find_article_files(paths)[0])


def _new_sources(index: Index, files: list[Path], report: ImportReport,
                 notify: ProgressCallback, max_bytes: int) -> Iterator[Source]:
    """Read *files*, yielding those the library lacks and recording the rest in *report*."""
    seen: set[str] = set()
    for path in files:
        try:
            source = read_source(path, max_bytes)
        except SourceError as err:
            report.failed.append(str(err))
            notify(str(path), "failed")
            continue
        if source.content_hash in seen or index.find_article_by_hash(source.content_hash) is not None:
            report.skipped.append(str(path))
            notify(str(path), "skipped")
            continue
        seen.add(source.content_hash)
        yield source
