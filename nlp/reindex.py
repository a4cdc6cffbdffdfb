"""Re-indexing: extract and group the names of every stored article again, with the current
rules or another model, keeping every correction.

Extraction runs as ``margin add``'s does (:mod:`nlp.bulk`: worker processes that each load the
model once, batches of :data:`nlp.raw.BATCH_SIZE`); the main process stores each article's
names again in its own transaction (:func:`nlp.index.reindexing.store_names_again`), so the
library stays usable (WAL: readers see each article before or after, never half-way), and a
re-index stopped at any point (Ctrl-C, ``kill -9``) keeps what it did.

**What is redone.** Each article records what indexed it (``articles.indexed_by``: the model,
its version and a fingerprint of the rules, :func:`nlp.rules.indexed_by`), set in the
transaction that stores its names. A re-index redoes the articles something else indexed, so
running it again after an interruption redoes only those not done yet. ``everything`` (``--all``)
first forgets what indexed every article, so it redoes them all and resumes the same way.

**Entities keep their ids.** An article's old names are taken away and its new ones linked
while its old entities still exist, even those left without a mention: a name found again
links by its name key or an alias to the entity it was, so the ids that corrections, followed
names and an open reader hold stay valid. Entities no article mentions any more are deleted;
names found for the first time become new entities. Articles are redone oldest first, the
order they were added in, so new entities are linked as an import would link them.

**Corrections.** Every correction in effect is made again on each article as it is stored
(:mod:`nlp.index.reapply`); at the end, those that no longer apply (their entity or their
text is gone) are listed (:func:`nlp.index.reapply.corrections_not_holding`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field

from nlp.analysis import Analysis
from nlp.config import Settings
from nlp.index import Index
from nlp.index.reindexing import Changes, article_ids_to_reindex, forget_indexed_by, store_names_again, stored_texts
from nlp.raw import BATCH_SIZE, Extractor
from nlp.rules import indexed_by

PARALLEL_MIN_ARTICLES = 32
"""Re-indexes of fewer articles run in this process: starting workers would cost more than it saves."""

Progress = Callable[[str, str, int], None]
"""Called with (article title, "reindexed" or "gone", words) for each article, once it is committed."""


@dataclass
class ReindexReport:
    """What a re-index did."""

    indexed_by: str
    """The model and rules the articles are indexed by now."""
    to_do: int = 0
    """Articles something else had indexed, when it started."""
    done: int = 0
    """Articles whose names were stored again."""
    words: int = 0
    changes: Changes = field(default_factory=Changes)
    not_holding: list[tuple[int, str, str]] = field(default_factory=list)
    """(id, summary, why) of each correction that no longer applies."""
    lost: int = 0
    """Articles an extraction worker that stopped unexpectedly took with it (a second run redoes them)."""
    interrupted: bool = False
    """Stopped (Ctrl-C) before the end; what was done is kept, and a second run does the rest."""


Analysed = tuple[int, str, "Analysis | None", int]
"""(article id, title, analysis, words) of one article analysed again (no analysis: a worker lost it)."""


def count_to_reindex(index: Index, extractor: Extractor, everything: bool = False) -> int:
    """How many articles a re-index with *extractor* would redo (*everything*: all of them)."""
    return index.article_count() if everything else len(article_ids_to_reindex(index, indexed_by(extractor)))


def reindex_library(index: Index, extractor: Extractor, settings: Settings, progress: Progress | None = None,
                    workers: int = 1, everything: bool = False) -> ReindexReport:
    """Extract and store again the names of the articles *extractor* with the current rules did not
    index (every article with *everything*), with every correction made again; Ctrl-C stops it
    between articles, and the report says so."""
    report = ReindexReport(indexed_by(extractor))
    if everything:
        forget_indexed_by(index)
    article_ids = article_ids_to_reindex(index, report.indexed_by)
    report.to_do = len(article_ids)
    notify = progress or (lambda title, outcome, words: None)
    try:
        if workers > 1 and len(article_ids) >= PARALLEL_MIN_ARTICLES:
            from nlp.bulk import run_in_parallel

            analysed = run_in_parallel(article_ids, analyse_stored, _lost, extractor, settings, index.path, workers)
        else:
            analysed = _analyse_in_batches(article_ids, extractor, settings, index)
        with closing(analysed):
            for article_id, title, analysis, words in analysed:
                _store(index, report, notify, article_id, title, analysis, words, settings.fuzzy_cutoff)
    except KeyboardInterrupt:
        report.interrupted = True
        return report
    report.not_holding = index_corrections_not_holding(index)
    return report


def _store(index: Index, report: ReindexReport, notify: Progress, article_id: int, title: str,
           analysis: Analysis | None, words: int, cutoff: float) -> None:
    from nlp.importer import ctrl_c_deferred

    if analysis is None:
        report.lost += 1
        notify(title, "failed", 0)
        return
    with ctrl_c_deferred():  # an article committed is an article counted
        changes = store_names_again(index, article_id, analysis, cutoff)
    if changes is None:
        notify(title, "gone", 0)
        return
    report.done += 1
    report.words += words
    report.changes += changes
    notify(title, "reindexed", words)


def index_corrections_not_holding(index: Index) -> list[tuple[int, str, str]]:
    """(id, summary, why) of each correction in effect that no longer applies."""
    from nlp.index.reapply import corrections_not_holding

    return corrections_not_holding(index.conn)


def analyse_stored(article_ids: list[int], extractor: Extractor, settings: Settings, index: Index) -> list[Analysed]:
    """Analyse again the stored articles with these ids (those deleted meanwhile are left out)."""
    from nlp.prepare import analyse_batch
    from nlp.reading import ArticleInput

    stored = stored_texts(index, article_ids)
    inputs = [ArticleInput(title, text, blocks=blocks) for _, title, text, blocks in stored]
    analyses = analyse_batch(inputs, extractor, settings) if inputs else []
    return [(article_id, title, analysis, len(text.split()))
            for (article_id, title, text, _), analysis in zip(stored, analyses)]


def _analyse_in_batches(article_ids: list[int], extractor: Extractor, settings: Settings,
                        index: Index) -> Iterator[Analysed]:
    for start in range(0, len(article_ids), BATCH_SIZE):
        yield from analyse_stored(article_ids[start:start + BATCH_SIZE], extractor, settings, index)


def _lost(article_ids: list[int]) -> Iterator[Analysed]:
    """A worker died with these articles: they keep their names, and a second run redoes them."""
    return ((article_id, f"article {article_id}", None, 0) for article_id in article_ids)
