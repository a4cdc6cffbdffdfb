"""Extraction in worker processes, for imports of many files and for re-indexing.

Each worker loads the model once, then takes batches of :data:`nlp.raw.BATCH_SIZE`
files: it reads them, leaves out those the index already has (through its own read-only
use of the index), and returns the analysed articles (re-indexing: it reads stored
articles, :func:`nlp.reindex.analyse_stored`). The main process stays the only
writer. Workers ignore SIGINT, so Ctrl-C reaches the main process only, which stops them.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TypeVar

from nlp.config import Settings
from nlp.index import Index
from nlp.model import ModelNotFound
from nlp.prepare import Outcome, item_name, process_files
from nlp.raw import BATCH_SIZE, Extractor
from nlp.reading import ArticleInput

T = TypeVar("T")
R = TypeVar("R")
Task = Callable[[list, Extractor, Settings, Index], list]
"""What a worker does with a batch: ``task(batch, extractor, settings, index)`` gives its results."""

AHEAD_PER_WORKER = 2
"""Batches queued per worker: enough to keep it busy, few enough to bound memory."""

_worker: tuple[Extractor, Settings, Index] | None = None
_start_error: str | None = None
"""Why this worker could not load the model, if it could not."""


def process_in_parallel(files: list[Path | ArticleInput], extractor: Extractor, settings: Settings,
                        index_path: Path, workers: int) -> Iterator[Outcome]:
    """Outcomes of *files* (or articles already read, such as feed items), in order, analysed by
    *workers* processes.

    Closing the iterator early (Ctrl-C in the consumer) terminates the workers.
    """
    return run_in_parallel(files, process_files, _lost, extractor, settings, index_path, workers)


def run_in_parallel(items: list[T], task: Task, lost: Callable[[list[T]], Iterator[R]], extractor: Extractor,
                    settings: Settings, index_path: Path, workers: int) -> Iterator[R]:
    """The results of *task* (a module-level function, run in a worker as ``task(batch, extractor,
    settings, index)``) over *items* in batches of :data:`BATCH_SIZE`, in order, by *workers*
    processes; *lost* gives the results of the batches a worker that died took with it.

    Closing the iterator early (Ctrl-C in the consumer) terminates the workers.
    """
    batches = deque(items[i:i + BATCH_SIZE] for i in range(0, len(items), BATCH_SIZE))
    pending: deque[tuple[list, Future]] = deque()
    before = set(multiprocessing.active_children())
    with _sigint_ignored():  # workers start while SIGINT is ignored, so they ignore it from the start
        executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_start_worker,
                                       initargs=(_unloaded(extractor), settings, str(index_path)))
        _submit(executor, task, batches, pending, workers * AHEAD_PER_WORKER)
    try:
        while pending:
            batch, future = pending.popleft()
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                yield from lost([item for b in (batch, *(b for b, _ in pending), *batches) for item in b])
                return
            _submit(executor, task, batches, pending, workers * AHEAD_PER_WORKER)
            yield from outcomes
    finally:
        executor.shutdown(wait=not pending, cancel_futures=True)
        for process in set(multiprocessing.active_children()) - before:
            process.terminate()
            process.join()


def _submit(executor: ProcessPoolExecutor, task: Task, batches: deque, pending: deque, limit: int) -> None:
    while batches and len(pending) < limit:
        batch = batches.popleft()
        pending.append((batch, executor.submit(_run_batch, task, batch)))


def _unloaded(extractor: Extractor) -> Extractor:
    """*extractor* as sent to a worker: a spaCy one without its loaded pipeline (each worker loads its own)."""
    from nlp.extract import SpacyExtractor

    return SpacyExtractor(extractor.model_name) if isinstance(extractor, SpacyExtractor) else extractor


def _lost(items: list[Path | ArticleInput]) -> Iterator[Outcome]:
    reason = "an extraction worker stopped unexpectedly (out of memory?); run the import again"
    for item in items:
        yield Outcome(item_name(item), error=f"{item_name(item)}: not imported: {reason}")


class _sigint_ignored:
    """Ignore SIGINT inside the block (main thread only; elsewhere it is not delivered anyway)."""

    def __enter__(self) -> None:
        self.previous = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, signal.SIG_IGN)

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


def _start_worker(extractor: Extractor, settings: Settings, index_path: str) -> None:
    """Worker set-up: ignore Ctrl-C, open the index, load the model once."""
    global _worker, _start_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = (extractor, settings, Index(Path(index_path)))
    try:
        getattr(extractor, "nlp", None)  # load the pipeline now rather than with the first batch
    except ModelNotFound as err:
        _start_error = str(err)  # raised with the first batch, so the import stops with one message


def _run_batch(task: Task, batch: list) -> list:
    assert _worker is not None, "worker not started"
    if _start_error is not None:
        raise ModelNotFound(_start_error)
    extractor, settings, index = _worker
    return task(batch, extractor, settings, index)
