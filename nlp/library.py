"""Importing articles into the library: read, skip duplicates, extract, store.

The model is asked for entities in batches (``nlp.pipe``) while each article is stored in
its own transaction, so an import stopped half-way keeps every article it reported done and
a second run skips them. Large imports run extraction in worker processes
(:mod:`nlp.bulk`); this module holds the steps both ways share.
"""

from __future__ import annotations

import signal
import sqlite3
import threading

from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from nlp.analysis import Analysis, analyse
from nlp.config import Settings
from nlp.extract import BATCH_SIZE, RawDoc
from nlp.sources import Source, SourceError, path_text, read_source, walk_article_files
from nlp.spans import RawSpan
from nlp.store import Index
from nlp.text import is_guessed_encoding

MAX_CHUNK_CHARS = 100_000
"""Longer texts go to the model in pieces of at most this many characters (spaCy refuses
texts over a million characters, and needs about 1 GB per 100,000 at once)."""
PARALLEL_MIN_FILES = 32
"""Imports of fewer files run in this process: starting workers would cost more than it saves."""


class Extractor(Protocol):
    """Anything that turns texts into raw entity spans (the spaCy one, or a test double)."""

    def extract(self, texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[RawDoc]: ...


@dataclass
class ImportReport:
    """What an import did."""

    added: list[tuple[str, int]] = field(default_factory=list)
    """(file, article id) of each article stored."""
    skipped: list[str] = field(default_factory=list)
    """Files whose content the library already had (or another import stored meanwhile)."""
    replaced: list[str] = field(default_factory=list)
    """Files added in place of the article an older version of them had become (``replace``)."""
    changed: list[tuple[str, int, str]] = field(default_factory=list)
    """(file, id, title) of each file that changed since it was imported, left as it was
    (without ``replace``) rather than stored a second time."""
    readmes: list[str] = field(default_factory=list)
    """``README.md`` files found in folders and left out (they describe a folder)."""
    failed: list[str] = field(default_factory=list)
    """One message per file that could not be imported, naming it and the reason."""
    notes: list[str] = field(default_factory=list)
    """Things worth telling that are not failures (a file decoded as Windows-1252)."""
    words: int = 0
    """Words in the articles added."""
    interrupted: bool = False
    """The import was stopped (Ctrl-C) before the end; what was added is kept."""


ProgressCallback = Callable[[str, str, int], None]
"""Called with (file, outcome, words) for each file: outcome is "added", "skipped", "changed"
(edited since it was imported, left alone) or "failed"."""


@dataclass(frozen=True)
class Outcome:
    """What became of one file before storing: an analysed article, a duplicate, or a failure."""

    name: str
    source: Source | None = None
    analysis: Analysis | None = None
    error: str | None = None
    """The one-line reason, for a failure."""


def analyse_source(source: Source, extractor: Extractor, settings: Settings) -> Analysis:
    """Extract and cluster the entities of one article."""
    raw = next(iter(extract_texts(extractor, [source.text_for_names])))
    return analyse(source.title, source.text, raw, settings.excluded_labels)


def extract_texts(extractor: Extractor, texts: list[str]) -> Iterator[RawDoc]:
    """Run *extractor* over *texts*, sending long ones in pieces and joining the results."""
    pieces = [(i, start, piece) for i, text in enumerate(texts) for start, piece in split_long_text(text)]
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


def analyse_batch(sources: list[Source], extractor: Extractor, settings: Settings) -> list[Analysis]:
    """Analyse several articles in one pass of the model."""
    raws = extract_texts(extractor, [s.text_for_names for s in sources])
    return [analyse(s.title, s.text, raw, settings.excluded_labels) for s, raw in zip(sources, raws)]


def process_files(paths: list[Path], extractor: Extractor, settings: Settings, index: Index) -> list[Outcome]:
    """Read and analyse *paths*, leaving out (as outcomes without analysis) what *index* has."""
    outcomes: dict[int, Outcome] = {}
    fresh: list[tuple[int, Source]] = []
    for i, path in enumerate(paths):
        try:
            source = read_source(path, settings.max_bytes)
        except SourceError as err:
            outcomes[i] = Outcome(path_text(path), error=str(err))
            continue
        if index.find_article_by_hash(source.content_hash) is not None:
            outcomes[i] = Outcome(path_text(path), source)
        else:
            fresh.append((i, source))
    analyses = analyse_batch([s for _, s in fresh], extractor, settings) if fresh else []
    for (i, source), analysis in zip(fresh, analyses):
        outcomes[i] = Outcome(path_text(paths[i]), source, analysis)
    return [outcomes[i] for i in range(len(paths))]


def import_files(index: Index, paths: list[Path], extractor: Extractor, settings: Settings,
                 progress: ProgressCallback | None = None, sources: Iterable[Source] = (),
                 workers: int = 1, replace: bool = False) -> ImportReport:
    """Import *sources* (already read: URLs, standard input) and every article file under *paths*.

    With *workers* > 1 and at least :data:`PARALLEL_MIN_FILES` files, extraction runs in
    that many processes. Ctrl-C stops the import between articles: the report says so and
    holds what was added. A file imported before and edited since updates its article with
    *replace*; without, it is listed in :attr:`ImportReport.changed` and left alone.
    """
    found = walk_article_files(paths)
    files = found.files
    report = ImportReport(failed=list(found.failed), readmes=[path_text(p) for p in found.readmes])
    writer = Writer(index, settings, report, progress or (lambda name, outcome, words: None), replace)
    try:
        for source in sources:
            known = index.find_article_by_hash(source.content_hash) is not None
            writer.store(Outcome(source.url or source.path or source.title, source,
                                 None if known else analyse_source(source, extractor, settings)))
        if workers > 1 and len(files) >= PARALLEL_MIN_FILES:
            from nlp.bulk import process_in_parallel

            outcomes = process_in_parallel(files, extractor, settings, index.path, workers)
        else:
            outcomes = _process_in_batches(files, extractor, settings, index)
        with closing(outcomes):  # on Ctrl-C, closing stops the workers
            for outcome in outcomes:
                writer.store(outcome)
    except KeyboardInterrupt:
        report.interrupted = True
    return report


def _process_in_batches(files: list[Path], extractor: Extractor, settings: Settings,
                        index: Index) -> Iterator[Outcome]:
    for start in range(0, len(files), BATCH_SIZE):
        yield from process_files(files[start:start + BATCH_SIZE], extractor, settings, index)


class Writer:
    """Stores outcomes one article per transaction and keeps the report."""

    def __init__(self, index: Index, settings: Settings, report: ImportReport, notify: ProgressCallback,
                 replace: bool = False) -> None:
        self.index, self.settings, self.report, self.notify = index, settings, report, notify
        self.replace = replace
        """Store an edited file in place of the article its older version became."""
        self.seen: set[str] = set()

    def store(self, outcome: Outcome) -> None:
        """Store one outcome's article, or record why not."""
        report, source = self.report, outcome.source
        if source is None:
            report.failed.append(outcome.error or f"{outcome.name}: unknown error")
            self.notify(outcome.name, "failed", 0)
            return
        if outcome.analysis is None or source.content_hash in self.seen:
            report.skipped.append(outcome.name)
            self.notify(outcome.name, "skipped", 0)
            return
        self.seen.add(source.content_hash)
        if self.index.find_article_by_hash(source.content_hash) is not None:  # stored meanwhile
            report.skipped.append(outcome.name)
            self.notify(outcome.name, "skipped", 0)
            return
        previous = self.index.find_article_by_path(source.path) if source.path else None
        if previous is not None and not self.replace:
            report.changed.append((outcome.name, *previous))
            self.notify(outcome.name, "changed", 0)
            return
        with ctrl_c_deferred():  # an article committed is an article counted
            self._store(outcome, source, previous)

    def _store(self, outcome: Outcome, source: Source, previous: tuple | None) -> None:
        report = self.report
        try:
            article_id, created = self.index.store_article(source, outcome.analysis, self.settings.fuzzy_cutoff,
                                                           replacing=previous[0] if previous else None)
        except (sqlite3.IntegrityError, UnicodeError, ValueError) as err:
            report.failed.append(f"{outcome.name}: could not be stored ({err})")
            self.notify(outcome.name, "failed", 0)
            return
        if not created:  # another import stored the same text since it was looked up
            report.skipped.append(outcome.name)
            self.notify(outcome.name, "skipped", 0)
            return
        words = len(source.text.split())
        report.added.append((outcome.name, article_id))
        if previous is not None:
            report.replaced.append(outcome.name)
        report.words += words
        if is_guessed_encoding(source.encoding):
            report.notes.append(f"{outcome.name}: not UTF-8; read as {source.encoding}")
        self.notify(outcome.name, "added", words)


def count_files(paths: list[Path]) -> int:
    """How many article files an import of *paths* would look at."""
    return len(walk_article_files(paths).files)


@contextmanager
def ctrl_c_deferred() -> Iterator[None]:
    """Hold a Ctrl-C (SIGINT) that arrives in the block until its end, then deliver it as usual.

    Only the main thread receives signals; elsewhere the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            signal.raise_signal(signal.SIGINT)
