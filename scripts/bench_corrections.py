"""Benchmarks of issue 14: one correction of a frequent entity in a large library, and
``margin reindex`` against ``margin add`` on the same articles.

    .venv/bin/python scripts/bench_corrections.py [--articles 100000] [--corpus 400]

Corrections change the library, so they run on a copy of the cached synthetic library
(:mod:`bench_library`) that this module makes (SQLite's backup, so a cached library in use
is copied consistently) and deletes; the cached one is never written.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_common import CACHE, MARGIN, NO_CONFIG, Figure, median, print_table  # noqa: E402
from bench_library import ensure_library  # noqa: E402
from bench_proc import run_measured  # noqa: E402

TARGET_MS = 200
"""Issue 14: one correction of a frequent entity at 100,000 articles."""


def copy_library(source: Path, target: Path) -> None:
    """A consistent copy of the index in *source* into the empty folder *target*."""
    from nlp.index import INDEX_FILENAME

    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    with sqlite3.connect(f"file:{source / INDEX_FILENAME}?mode=ro", uri=True) as original, \
            sqlite3.connect(target / INDEX_FILENAME) as copy:
        original.backup(copy)


FREQUENT_MENTIONS = (5_000, 4_000)
"""Mentions of the frequent entities corrected: thousands, as a name in about one article in fifty."""


def time_corrections(articles: int, runs: int, details: dict) -> list[Figure]:
    """Rename, retype and merge (each followed by its undo) of frequent entities, and the rename of the
    most frequent one, on a copy of the synthetic library."""
    from nlp.index import open_index
    from nlp.index.corrections import Corrections

    info = ensure_library(CACHE / f"library-{articles}", articles,
                          progress=lambda line: print(f"  {line}", file=sys.stderr))
    work = CACHE / "corrections-library"
    copy_library(CACHE / f"library-{articles}", work)
    try:
        with open_index(work) as index:
            frequent, other = (_entity_with(index, mentions) for mentions in FREQUENT_MENTIONS)
            top = index.top_entities(1)[0]
            corrections = Corrections(index)
            steps = {
                f"rename of an entity with {frequent.mention_count:,} mentions":
                    lambda run: corrections.rename_entity(frequent.id, f"{frequent.name} {run}"),
                f"retype of an entity with {frequent.mention_count:,} mentions":
                    lambda run: corrections.retype_entity(frequent.id, "NORP"),
                f"merge of an entity with {other.mention_count:,} mentions into that one":
                    lambda run: corrections.merge_entities([other.id], frequent.id),
                f"rename of the most frequent entity ({top.mention_count:,} mentions)":
                    lambda run: corrections.rename_entity(top.id, f"{top.name} {run}"),
            }
            timings = {name: ([], []) for name in steps}
            for run in range(runs):
                for name, step in steps.items():
                    started = time.perf_counter()
                    step(run)
                    middle = time.perf_counter()
                    corrections.undo_correction()
                    timings[name][0].append(middle - started)
                    timings[name][1].append(time.perf_counter() - middle)
            integrity = index.conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    details["corrections"] = {"articles": info.articles, "frequent": frequent._asdict(), "other": other._asdict(),
                              "top": top._asdict(), "seconds": timings, "integrity": integrity}
    return [Figure(name, median(done) * 1000, "ms", target=f"value<={TARGET_MS}",
                   note=f"{info.articles:,}-article library (a copy made for it); slowest {max(done) * 1000:.0f} ms; "
                        f"its undo {median(undone) * 1000:.0f} ms")
            for name, (done, undone) in timings.items()]


def _entity_with(index, mentions: int):
    """The least mentioned entity with at least *mentions* mentions."""
    row = index.conn.execute("SELECT id FROM entities WHERE mention_count >= ? ORDER BY mention_count LIMIT 1",
                             (mentions,)).fetchone()
    return index.entity(row[0])


def time_reindex(corpus_articles: int, runs: int, details: dict) -> list[Figure]:
    """``margin reindex --all`` against ``margin add`` of the same corpus, end to end (model load included)."""
    from bench_corpus import ensure_corpus
    from nlp.reading import read_article_file

    corpus = CACHE / f"corpus-{corpus_articles}"
    files = ensure_corpus(corpus, corpus_articles)
    words = sum(len(read_article_file(path).text.split()) for path in files)
    data = CACHE / "reindex-library"
    env = {**os.environ, "MARGIN_CONFIG": NO_CONFIG}
    added, reindexed = [], []
    for _ in range(runs):
        shutil.rmtree(data, ignore_errors=True)
        added.append(_run(["add", str(corpus)], data, env))
        _correct(data)
        reindexed.append(_run(["reindex", "--all"], data, env))
    shutil.rmtree(data, ignore_errors=True)
    add_rate, reindex_rate = words / min(added), words / min(reindexed)
    details["reindex"] = {"articles": corpus_articles, "words": words, "add_s": added, "reindex_s": reindexed}
    return [Figure(f"reindex of {corpus_articles} articles ({words:,} words)", reindex_rate, "words/s", add_rate,
                   "ratio>=0.9", "margin reindex --all, end to end, four corrections made again in every article; "
                   "floor: margin add of the same files")]


def _correct(data: Path) -> None:
    """A few corrections of the most mentioned names, which the re-index makes again in every article."""
    from nlp.index import open_index
    from nlp.index.corrections import Corrections

    with open_index(data) as index:
        top = index.top_entities(4)
        corrections = Corrections(index)
        corrections.rename_entity(top[0].id, top[0].name + " (renamed)")
        corrections.retype_entity(top[1].id, "NORP" if top[1].label != "NORP" else "ORG")
        corrections.merge_entities([top[3].id], top[2].id)
        corrections.not_a_name(index.find_entities()[-1].name)


def _run(arguments: list[str], data: Path, env: dict) -> float:
    result = run_measured([MARGIN, "--data-dir", str(data), *arguments], env=env)
    if result.returncode != 0:
        raise SystemExit(f"margin {arguments[0]} failed: {result.stderr[-2000:]}")
    return result.seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--corpus", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="+", choices=("corrections", "reindex"), default=["corrections", "reindex"])
    args = parser.parse_args()
    CACHE.mkdir(exist_ok=True)
    details: dict = {}
    figures = []
    if "corrections" in args.only:
        figures += time_corrections(args.articles, args.runs, details)
    if "reindex" in args.only:
        figures += time_reindex(args.corpus, args.runs, details)
    print_table(figures)
    return 0 if all(f.passed is not False for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
