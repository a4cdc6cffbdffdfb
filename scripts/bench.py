"""Margin's speed targets (issue 5), each measured beside the floor of the tool it is built on.

    make bench                                    # everything, lookups at 100,000 articles
    .venv/bin/python scripts/bench.py --quick     # smaller library and corpus, fewer runs
    .venv/bin/python scripts/bench.py --only open new

Sections: ``open`` (an indexed article, process start to highlighted text in a real terminal,
against a bare Textual app), ``new`` (a new 1,000-word article: text, then highlights against
loading the model and parsing in a fresh process; the reader's memory), ``bulk`` (``margin add``
against raw ``nlp.pipe``), ``lookups`` (dossiers and fuzzy names in a synthetic library),
``corrections`` (a rename, retype and merge of frequent entities in a copy of that library, issue 14),
``reindex`` (``margin reindex --all`` against ``margin add`` of the same corpus),
``huge`` (the reader's keys in a 1 MB, 168,000-word article, against the same keys in a
2,000-word one), ``feeds`` (``margin refresh`` of 50 loopback feeds × 20 items against
``margin add`` of the same articles), ``imports`` (what each import on the way to the first paint costs), ``instructions`` (instructions
executed to the first frame, under valgrind when it is installed: unlike time, not moved by
other work on the machine). Prints a table and writes
``bench-results.json``. Generated data is cached in ``.bench/`` so a second run is quicker.
Timings are medians of interleaved runs; the machine's load is recorded, since other work on
a 2-core machine shows up directly in these figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_corrections import time_corrections, time_reindex  # noqa: E402
from bench_common import (CACHE, MARGIN, NO_CONFIG, PYTHON, QUIET, REPO_ROOT, SCRIPTS, Figure, machine,  # noqa: E402
                          median, print_table)
from bench_corpus import ensure_corpus  # noqa: E402
from bench_feeds import bench_feeds  # noqa: E402
from bench_filter import filter_keystroke_times  # noqa: E402
from bench_huge import FIRST_OPEN, ensure_huge_library, time_keys  # noqa: E402
from bench_library import ensure_library  # noqa: E402
from bench_proc import run_measured  # noqa: E402
from bench_reader import bench_instructions, bench_new, bench_open, new_article  # noqa: E402

SECTIONS = ("open", "new", "bulk", "lookups", "corrections", "reindex", "huge", "feeds", "imports", "instructions")


# --- bulk import ---------------------------------------------------------------------------

def bench_bulk(articles: int, runs: int, details: dict) -> list[Figure]:
    from nlp.reading import read_article_file

    corpus = CACHE / f"corpus-{articles}"
    files = ensure_corpus(corpus, articles)
    words = sum(len(read_article_file(path).text.split()) for path in files)
    margin, floors = [], {1: [], 2: []}
    for _ in range(runs):
        data = CACHE / "bulk-library"
        shutil.rmtree(data, ignore_errors=True)
        result = run_measured([MARGIN, "--data-dir", str(data), "add", str(corpus)],
                              env={**os.environ, "MARGIN_CONFIG": NO_CONFIG})
        if result.returncode != 0:
            raise SystemExit(f"margin add failed: {result.stderr[-2000:]}")
        margin.append(result)
        for processes in floors:
            floor = run_measured([PYTHON, str(SCRIPTS / "floor_pipe.py"), "--processes", str(processes),
                                  *map(str, files)])
            floors[processes].append((json.loads(floor.stdout), floor))
    best_margin = min(r.seconds for r in margin)
    floor_rates = {p: max(words / f["process_s"] for f, _ in runs_) for p, runs_ in floors.items()}
    pipe_rates = {p: max(words / f["pipe_s"] for f, _ in runs_) for p, runs_ in floors.items()}
    best = max(floor_rates, key=floor_rates.get)
    details["bulk"] = {
        "articles": articles, "words": words, "margin_s": [r.seconds for r in margin],
        "margin_peak_tree_mb": [r.peak_tree_mb for r in margin],
        "margin_peak_process_mb": [r.peak_process_mb for r in margin],
        "floor_words_per_s": floor_rates, "floor_pipe_only_words_per_s": pipe_rates,
        "floor_peak_tree_mb": {p: max(m.peak_tree_mb for _, m in runs_) for p, runs_ in floors.items()},
    }
    return [
        Figure(f"bulk import of {articles} articles ({words:,} words)", words / best_margin, "words/s",
               floor_rates[best], "ratio>=0.9",
               f"end to end; floor: raw nlp.pipe in {best} process(es), batch 16, same files, load included"),
        Figure("  peak memory of `margin add` (process tree)", max(r.peak_tree_mb for r in margin), "MB",
               target="value<=600", note=f"largest single process {max(r.peak_process_mb for r in margin):.0f} MB"),
        Figure("  floor without model load: nlp.pipe, 1 / 2 processes", pipe_rates[1], "words/s",
               note=f"2 processes: {pipe_rates[2]:,.0f} words/s"),
    ]


# --- lookups in a large library ------------------------------------------------------------

def bench_lookups(articles: int, runs: int, details: dict) -> list[Figure]:
    from nlp.dossier import POSSIBLE_VARIANT_CUTOFF, build_dossier
    from nlp.index import open_index
    from nlp.names import name_key

    folder = CACHE / f"library-{articles}"
    info = ensure_library(folder, articles, progress=lambda line: print(f"  {line}", file=sys.stderr))
    opened = []
    for _ in range(runs * 3):
        started = time.perf_counter()
        open_index(folder).close()
        opened.append(time.perf_counter() - started)
    with open_index(folder) as index:
        started = time.perf_counter()
        names = index.warm_similar_names()
        build_s = time.perf_counter() - started
        dossiers = {label: _time_dossier(folder, index, entity, article, runs, build_dossier)
                    for label, entity, article in (("typical", info.typical_entity, info.typical_article),
                                                   ("top", info.top_entity, info.top_article))}
        rng = random.Random(3)
        keys = [name_key(index.entity(rng.randint(1, info.entities)).name) for _ in range(60)]
        fuzzy = []
        for key in keys:
            started = time.perf_counter()
            index.similar_names(key, POSSIBLE_VARIANT_CUTOFF, 9)
            fuzzy.append(time.perf_counter() - started)
        top = index.entity(info.top_entity)
        query = index.entity(info.typical_entity).name.split()[0].lower()
        timelines = {label: _time_timeline(index, entity, runs)
                     for label, entity in (("typical", info.typical_entity), ("top", info.top_entity))}
    stored = _time_new_article_stored(folder, runs)
    keystrokes = filter_keystroke_times(folder, query)
    unread_keystrokes = filter_keystroke_times(folder, query, prefix="is:unread ")
    details["lookups"] = {"library": asdict(info), "open_index_s": opened, "matcher_build_s": build_s,
                          "names": names, "dossier_s": dossiers, "fuzzy_s": fuzzy, "new_article_stored_s": stored,
                          "filter_key_s": keystrokes, "filter_unread_key_s": unread_keystrokes,
                          "timeline_s": timelines}
    size = f"{info.articles:,} articles, {info.mentions / 1e6:.1f}M mentions"
    return [
        Figure(f"dossier, typical entity ({size})", median(dossiers["typical"]) * 1000, "ms", target="value<=50",
               note="open_index + build_dossier, as the reader's worker; entity of the median mention"),
        Figure(f"dossier, most frequent entity ({top.article_count:,} articles)", median(dossiers["top"]) * 1000,
               "ms", target="value<=50", note="companions over its 200 newest articles"),
        Figure(f"fuzzy variant lookup over {names:,} names", median(fuzzy) * 1000, "ms", target="value<=30",
               note=f"60 random names, slowest {max(fuzzy) * 1000:.1f} ms"),
        Figure(f"filter the library at {info.articles:,} articles", median(keystrokes) * 1000, "ms",
               target="value<=50", note=f"ms per keystroke to an updated table, typing “{query}”; "
                                        f"slowest {max(keystrokes) * 1000:.0f} ms"),
        Figure(f"filter the library, is:unread + words, at {info.articles:,} articles",
               median(unread_keystrokes) * 1000, "ms", target="value<=50",
               note=f"typing “{query}” after “is:unread ”; slowest {max(unread_keystrokes) * 1000:.0f} ms"),
        Figure("dossier timeline, typical entity", median(timelines["typical"]) * 1000, "ms", target="value<=50",
               note="the entity's articles grouped by day: one query, read after the dossier is shown"),
        Figure(f"dossier timeline, most frequent entity ({top.article_count:,} articles)",
               median(timelines["top"]) * 1000, "ms",
               note="read in the dossier's worker after the dossier is shown; the dossier figures exclude it"),
        Figure(f"new article stored into the {info.articles:,}-article library", median(stored) * 1000, "ms",
               target="value<=250", note="open_index + store_article of an analysed 1,000-word article, in a "
               "process that already holds the names (the reader warms them); model time not included"),
        Figure("  name matcher build, once per process", build_s * 1000, "ms",
               note="the reader builds it in the background after the first paint"),
        Figure("  open_index (one per dossier)", median(opened) * 1000, "ms"),
    ]


def _time_dossier(folder: Path, index, entity_id: int, article_id: int, runs: int, build_dossier) -> list[float]:
    from nlp.index import open_index

    article = index.article(article_id)
    times = []
    for run in range(runs + 1):
        started = time.perf_counter()
        with open_index(folder) as fresh:
            dossier = build_dossier(fresh, entity_id, article)
        if run:
            times.append(time.perf_counter() - started)
    assert dossier is not None and dossier.other_articles
    return times


def _time_timeline(index, entity_id: int, runs: int) -> list[float]:
    """Seconds to read an entity's days for the dossier's timeline (the first run warms the cache)."""
    times = []
    for run in range(runs + 1):
        started = time.perf_counter()
        days = index.entity_days(entity_id)
        if run:
            times.append(time.perf_counter() - started)
    assert days
    return times


def _time_new_article_stored(folder: Path, runs: int) -> list[float]:
    """Seconds to store an analysed new article into the library at *folder*, on a new connection
    (as the reader's worker does), with the process's name matcher warm. Each stored article is
    deleted again, untimed, and the matcher warmed again (a deletion makes it rebuild)."""
    from dataclasses import replace

    from nlp.config import Settings
    from nlp.extract import SpacyExtractor
    from nlp.index import open_index
    from nlp.prepare import analyse_input
    from nlp.reading import read_article_file

    article = read_article_file(new_article())
    analysis = analyse_input(article, SpacyExtractor(), Settings(data_dir=folder))
    times = []
    for run in range(runs + 1):
        unique = replace(article, text=f"{article.text}\nDispatch {run} of the benchmark.\n")
        with open_index(folder) as index:
            index.warm_similar_names()
        started = time.perf_counter()
        with open_index(folder) as index:
            article_id, created = index.store_article(unique, analysis)
        elapsed = time.perf_counter() - started
        with open_index(folder) as index:
            index.delete_article(article_id)
        assert created
        if run:
            times.append(elapsed)
    return times


# --- keys in a huge article -----------------------------------------------------------------

def bench_huge(runs: int, details: dict) -> list[Figure]:
    """Each key of the reader in a 1 MB article (Pilot, headless, 100x30), beside the same key in a
    2,000-word article: CPU time per key (every thread), the wall time in the note."""
    import asyncio

    huge = ensure_huge_library(CACHE / "huge")
    small = ensure_huge_library(CACHE / "huge-floor", words=2_000)
    measured = {"huge": asyncio.run(time_keys(huge, runs)), "floor": asyncio.run(time_keys(small, runs))}
    details["huge"] = {"article": {"chars": huge.chars, "words": huge.words, "mentions": huge.mentions},
                       **{name: {"wall_s": keys.times, "cpu_s": keys.cpu} for name, keys in measured.items()}}
    figures = []
    for action, cpu in measured["huge"].cpu.items():
        wall = measured["huge"].times[action]
        first = action == FIRST_OPEN
        figures.append(Figure(f"{action}, {huge.words:,}-word article", median(cpu) * 1000, "ms",
                              median(measured["floor"].cpu[action]) * 1000, target="" if first else "value<=100",
                              note=f"CPU per key; wall {median(wall) * 1000:.0f} ms (Pilot polls ~60 ms); "
                                   f"slowest CPU {max(cpu) * 1000:.0f} ms; floor: a 2,000-word article"
                                   + ("; information: mostly the panel's first mount, whatever the article" if first else "")))
    return figures


# --- imports ---------------------------------------------------------------------------------

def bench_imports(runs: int, details: dict) -> list[Figure]:
    from cold_start import cold_start

    rows = {row["step"]: row for row in cold_start(runs)}
    details["imports"] = list(rows.values())
    everything, floor = rows["everything to the first paint"], rows["textual.app (floor)"]
    spacy_free = not any(row["spacy"] for label, row in rows.items() if not label.startswith("spacy"))
    return [
        Figure("imports on the way to the first paint", everything["ms"], "ms", floor["ms"],
               note="floor: textual.app + widgets; spaCy imported on the reader path: "
                    + ("no" if spacy_free else "YES")),
    ]


def compile_bytecode() -> None:
    """Write Margin's bytecode, as installing it does. Without it, a module edited since its last
    import is compiled again in every measured process when ``PYTHONDONTWRITEBYTECODE`` is set,
    while the floors' libraries are read from their installed bytecode."""
    import compileall

    for package in ("nlp", "tui"):
        compileall.compile_dir(REPO_ROOT / package, quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS), help="sections to run")
    parser.add_argument("--articles", type=int, default=100_000, help="synthetic library size for lookups")
    parser.add_argument("--corpus", type=int, default=400, help="articles of ~500 words for the import")
    parser.add_argument("--runs", type=int, default=11, help="timed runs per figure (medians)")
    parser.add_argument("--quick", action="store_true", help="10,000-article library, 100-article corpus, 3 runs")
    parser.add_argument("--json", type=Path, default=REPO_ROOT / "bench-results.json", help="where to write results")
    args = parser.parse_args()
    if args.quick:
        args.articles, args.corpus, args.runs = 10_000, 100, 3
    if shutil.which("tmux") is None and {"open", "new", "instructions"} & set(args.only):
        print("tmux is not installed: skipping the open, new and instructions sections", file=sys.stderr)
        args.only = [section for section in args.only if section not in ("open", "new", "instructions")]
    CACHE.mkdir(exist_ok=True)
    compile_bytecode()
    started, before = time.perf_counter(), machine()
    figures: list[Figure] = []
    details: dict = {}
    steps = {"open": lambda: bench_open(args.runs, details),
             "new": lambda: bench_new(args.runs, details),
             "bulk": lambda: bench_bulk(args.corpus, 1 if args.quick else 3, details),
             "lookups": lambda: bench_lookups(args.articles, args.runs, details),
             "corrections": lambda: time_corrections(args.articles, 3 if args.quick else 5, details),
             "reindex": lambda: time_reindex(args.corpus, 1 if args.quick else 2, details),
             "huge": lambda: bench_huge(1 if args.quick else args.runs // 2, details),
             "feeds": lambda: bench_feeds(50, 20, 1 if args.quick else 3, details),
             "imports": lambda: bench_imports(args.runs, details),
             "instructions": lambda: bench_instructions(details)}
    for section in args.only:
        print(f"[{section}] …", file=sys.stderr, flush=True)
        figures += steps[section]()
    print_table(figures)
    after = machine()
    print(f"\nload average before {before['load_average'][0]:.2f}, after {after['load_average'][0]:.2f} "
          f"({os.cpu_count()} cores); {time.perf_counter() - started:.0f} s")
    if QUIET:
        print(f"CPUs busy before the terminal runs: median {median(QUIET):.0%}, most {max(QUIET):.0%}")
    results = {"machine": before, "load_average_after": after["load_average"], "busy_before_runs": QUIET,
               "args": {k: str(v) for k, v in vars(args).items()},
               "figures": [{**asdict(f), "ratio": f.ratio, "passed": f.passed} for f in figures], "details": details}
    args.json.write_text(json.dumps(results, indent=2))
    print(f"results: {args.json}")
    return 0 if all(f.passed is not False for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
