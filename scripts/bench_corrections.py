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


def time_corrections(articles: int, runs: int, details: dict) -> list[Figure]:
    """Rename, merge and their undo of frequent entities, on a copy of the synthetic library."""
    from nlp.index import open_index
    from nlp.index.corrections import Corrections

    info = ensure_library(CACHE / f"library-{articles}", articles,
                          progress=lambda line: print(f"  {line}", file=sys.stderr))
    work = CACHE / "corrections-library"
    copy_library(CACHE / f"library-{articles}", work)
    timings: dict[str, list[float]] = {"rename": [], "undo rename": [], "merge": [], "undo merge": [],
                                       "retype": [], "undo retype": []}
    try:
        with open_index(work) as index:
            ranked = index.top_entities(3)
            top, second = ranked[0], ranked[1]
            corrections = Corrections(index)
            steps = [("rename", lambda run: corrections.rename_entity(top.id, f"{top.name} {run}")),
                     ("undo rename", lambda run: corrections.undo_correction()),
                     ("merge", lambda run: corrections.merge_entities([second.id], top.id)),
                     ("undo merge", lambda run: corrections.undo_correction()),
                     ("retype", lambda run: corrections.retype_entity(top.id, "NORP")),
                     ("undo retype", lambda run: corrections.undo_correction())]
            for run in range(runs):
                for name, step in steps:
                    started = time.perf_counter()
                    step(run)
                    timings[name].append(time.perf_counter() - started)
            integrity = index.conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    details["corrections"] = {"articles": info.articles, "top": top._asdict(), "second": second._asdict(),
                              "seconds": timings, "integrity": integrity}
    return [Figure(f"{name} of the most frequent entity ({top.mention_count:,} mentions)"
                   if name in ("rename", "retype") else
                   f"merge of #2 ({second.mention_count:,} mentions) into #1" if name == "merge" else f"  {name}",
                   median(times) * 1000, "ms", target=f"value<={TARGET_MS}" if not name.startswith("undo") else "",
                   note=f"{info.articles:,}-article library (a copy); slowest {max(times) * 1000:.0f} ms"
                   if not name.startswith("undo") else "")
            for name, times in timings.items()]


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
        reindexed.append(_run(["reindex", "--all"], data, env))
    shutil.rmtree(data, ignore_errors=True)
    add_rate, reindex_rate = words / min(added), words / min(reindexed)
    details["reindex"] = {"articles": corpus_articles, "words": words, "add_s": added, "reindex_s": reindexed}
    return [Figure(f"reindex of {corpus_articles} articles ({words:,} words)", reindex_rate, "words/s", add_rate,
                   "ratio>=0.9", "margin reindex --all, end to end; floor: margin add of the same files")]


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
