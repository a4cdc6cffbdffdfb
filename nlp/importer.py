"""Importing articles into the library: read, skip duplicates, extract, store (the import pipeline).

The model is asked for entities in batches (``nlp.pipe``) while each article is stored in
its own transaction, so an import stopped half-way keeps every article it reported done and
a second run skips them. Large imports run extraction in worker processes
(:mod:`nlp.bulk`); :mod:`nlp.prepare` holds the steps both ways share.
"""

from __future__ import annotations

import signal
import sqlite3
import threading

from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from nlp.config import Settings
from nlp.index import Index
from nlp.prepare import Outcome, process_files
from nlp.raw import BATCH_SIZE, Extractor
from nlp.reading import ArticleInput, path_text, walk_article_files
from nlp.text import is_guessed_encoding

PARALLEL_MIN_FILES = 32
"""Imports of fewer files run in this process: starting workers would cost more than it saves."""


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


def import_files(index: Index, paths: list[Path], extractor: Extractor, settings: Settings,
                 progress: ProgressCallback | None = None, articles: Iterable[ArticleInput] = (),
                 workers: int = 1, replace: bool = False) -> ImportReport:
    """Import *articles* (already read: URLs, standard input) and every article file under *paths*.

    With *workers* > 1 and at least :data:`PARALLEL_MIN_FILES` files, extraction runs in
    that many processes. Ctrl-C stops the import between articles: the report says so and
    holds what was added. A file imported before and edited since updates its article with
    *replace*; without, it is listed in :attr:`ImportReport.changed` and left alone.
    """
    found = walk_article_files(paths)
    files = found.files
    report = ImportReport(failed=list(found.failed), readmes=[path_text(p) for p in found.readmes])
    writer = Writer(index, settings, report, progress or (lambda name, outcome, words: None), replace)
    items = [*articles, *files]
    try:
        if workers > 1 and len(items) >= PARALLEL_MIN_FILES:
            from nlp.bulk import process_in_parallel

            outcomes = process_in_parallel(items, extractor, settings, index.path, workers)
        else:
            outcomes = _process_in_batches(items, extractor, settings, index)
        with closing(outcomes):  # on Ctrl-C, closing stops the workers
            for outcome in outcomes:
                writer.store(outcome)
    except KeyboardInterrupt:
        report.interrupted = True
    return report


def _process_in_batches(files: list[Path | ArticleInput], extractor: Extractor, settings: Settings,
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
        report, article = self.report, outcome.article
        if article is None:
            report.failed.append(outcome.error or f"{outcome.name}: unknown error")
            self.notify(outcome.name, "failed", 0)
            return
        if outcome.analysis is None or article.content_hash in self.seen:
            report.skipped.append(outcome.name)
            self.notify(outcome.name, "skipped", 0)
            return
        self.seen.add(article.content_hash)
        if self.index.find_article_by_content_hash(article.content_hash) is not None:  # stored meanwhile
            report.skipped.append(outcome.name)
            self.notify(outcome.name, "skipped", 0)
            return
        previous = self.index.find_article_by_path(article.path) if article.path else None
        if previous is not None and not self.replace:
            report.changed.append((outcome.name, *previous))
            self.notify(outcome.name, "changed", 0)
            return
        with ctrl_c_deferred():  # an article committed is an article counted
            self._store(outcome, article, previous)

    def _store(self, outcome: Outcome, article: ArticleInput, previous: tuple | None) -> None:
        report = self.report
        try:
            article_id, created = self.index.store_article(article, outcome.analysis, self.settings.fuzzy_cutoff,
                                                           replacing=previous[0] if previous else None)
        except (sqlite3.IntegrityError, UnicodeError, ValueError) as err:
            report.failed.append(f"{outcome.name}: could not be stored ({err})")
            self.notify(outcome.name, "failed", 0)
            return
        if not created:  # another import stored the same text since it was looked up
            report.skipped.append(outcome.name)
            self.notify(outcome.name, "skipped", 0)
            return
        words = len(article.text.split())
        report.added.append((outcome.name, article_id))
        if previous is not None:
            report.replaced.append(outcome.name)
        report.words += words
        if is_guessed_encoding(article.encoding):
            report.notes.append(f"{outcome.name}: not UTF-8; read as {article.encoding}")
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
