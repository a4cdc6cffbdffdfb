"""Margin's speed targets (issue 5), each measured beside the floor of the tool it is built on.

    make bench                                    # everything, lookups at 100,000 articles
    .venv/bin/python scripts/bench.py --quick     # smaller library and corpus, fewer runs
    .venv/bin/python scripts/bench.py --only open new

Sections: ``open`` (an indexed article, process start to highlighted text in a real terminal,
against a bare Textual app), ``new`` (a new 1,000-word article: text, then highlights against
loading the model and parsing in a fresh process; the reader's memory), ``bulk`` (``margin add``
against raw ``nlp.pipe``), ``lookups`` (dossiers and fuzzy names in a synthetic library),
``huge`` (the reader's keys in a 1 MB, 168,000-word article, against the same keys in a
2,000-word one), ``imports`` (what each import on the way to the first paint costs), ``instructions`` (instructions
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
import platform
import random
import shutil
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
REPO_ROOT = SCRIPTS.parent
sys.path.insert(0, str(SCRIPTS))
sys.path.insert(0, str(REPO_ROOT))

from bench_corpus import article as corpus_article  # noqa: E402
from bench_corpus import demo_sentences, ensure_corpus, made_up_names  # noqa: E402
from bench_huge import FIRST_OPEN, ensure_huge_library, time_keys  # noqa: E402
from bench_filter import filter_keystroke_times  # noqa: E402
from bench_library import ensure_library  # noqa: E402
from bench_proc import cpu_seconds, process_rss_mb, run_measured, wait_until_quiet  # noqa: E402
from bench_terminal import Terminal, terminal_env  # noqa: E402

CACHE = REPO_ROOT / ".bench"
PYTHON = sys.executable
MARGIN = str(Path(sys.executable).parent / "margin")
INDEXED_ARTICLE = REPO_ROOT / "assets" / "demo" / "02-resistance-2021.md"
NO_CONFIG = str(CACHE / "no-config.toml")
SECTIONS = ("open", "new", "bulk", "lookups", "huge", "imports", "instructions")
QUIET: list[float] = []
"""Share of the CPUs busy just before each terminal run started (the benchmark waits for < 15%)."""


@dataclass
class Figure:
    """One measured figure, its floor and its target."""

    name: str
    value: float
    unit: str
    floor: float | None = None
    target: str = ""
    """``ratio<=1.2``, ``ratio>=0.9``, ``value<=50``, or empty for information only."""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.floor if self.floor else None

    @property
    def passed(self) -> bool | None:
        if not self.target:
            return None
        kind, limit = self.target.split("=")
        measured = self.ratio if kind.startswith("ratio") else self.value
        return measured <= float(limit) if kind.endswith("<") else measured >= float(limit)


def median(values: list[float]) -> float:
    return statistics.median(values)


# --- open an indexed article ---------------------------------------------------------------

def reader_library() -> Path:
    """A library of the demo articles for the reader runs (imported once with ``margin add``)."""
    folder = CACHE / "reader"
    if not (folder / "index.sqlite3").exists():
        folder.mkdir(parents=True, exist_ok=True)
        result = run_measured([MARGIN, "--data-dir", str(folder), "add", str(REPO_ROOT / "assets" / "demo")],
                              env={**os.environ, "MARGIN_CONFIG": NO_CONFIG})
        if result.returncode != 0:
            raise SystemExit(f"margin add failed: {result.stderr}")
    return folder


def stored_text(library: Path, path: Path) -> tuple[str, int]:
    """(text, number of names) of the library's article made from the file at *path*."""
    from nlp.index import open_index
    from nlp.reading import read_article_file

    with open_index(library) as index:
        article = index.article(index.find_article_by_content_hash(read_article_file(path).content_hash))
    return article.text, len(article.entities)


def body_marker(text: str) -> str:
    """A few words that start the article's first paragraph after the title line."""
    lines = [line for line in text.splitlines()[1:] if line.strip()]
    return " ".join(lines[0].split()[:3])


@dataclass
class TerminalRun:
    """One run of a command in the benchmark terminal."""

    seconds: float
    """From process start until the first patterns were all on the screen."""
    cpu_seconds: float
    """CPU time the process had used by then (all its threads)."""
    later_seconds: float | None = None
    """Until the later patterns were on the screen too."""
    later_rss_mb: float = 0.0
    """Resident memory of the process then."""


def timed_in_terminal(command: list[str], env: dict[str, str], *patterns: str,
                      later: tuple[str, ...] = ()) -> TerminalRun:
    """Run *command* in tmux at 80x24 and time until *patterns* (then *later* ones) are on the screen."""
    with Terminal(command, terminal_env(env), hold=True) as term:
        time.sleep(0.3)  # let tmux settle, so its start is not charged to the command
        QUIET.append(wait_until_quiet())  # other sessions on a 2-core machine show up in every figure
        term.go()
        pid = term.pid()
        first, _ = term.wait_for_pattern(*patterns)
        run = TerminalRun(first, cpu_seconds(pid))
        if later:
            run.later_seconds = term.wait_for_pattern(*later)[0]
            run.later_rss_mb = process_rss_mb(pid)
        time.sleep(0.2)
        return run


def bench_open(runs: int, details: dict) -> list[Figure]:
    library = reader_library()
    text, names = stored_text(library, INDEXED_ARTICLE)
    floor_file = CACHE / "floor-article.txt"
    floor_file.write_text(text, encoding="utf-8")
    body = body_marker(text)
    log = CACHE / "startup.jsonl"
    log.unlink(missing_ok=True)
    env = {"MARGIN_DATA_DIR": str(library), "MARGIN_CONFIG": NO_CONFIG, "MARGIN_LOG_STARTUP": str(log)}
    margin = [MARGIN, "read", str(INDEXED_ARTICLE)]
    floor = [PYTHON, str(SCRIPTS / "floor_app.py"), str(floor_file)]
    margin_runs, floor_runs = [], []
    for run in range(runs + 1):  # the first run of each warms caches and is not counted
        measure_floor = lambda: timed_in_terminal(floor, {}, "floor painted", _escape(body))  # noqa: E731
        measure_margin = lambda: timed_in_terminal(margin, env, _escape(f"{names} names"), _escape(body))  # noqa: E731
        f, m = _pair(run, measure_floor, measure_margin)
        if run:
            floor_runs.append(f)
            margin_runs.append(m)
    margin_s, floor_s = [r.seconds for r in margin_runs], [r.seconds for r in floor_runs]
    margin_cpu, floor_cpu = [r.cpu_seconds for r in margin_runs], [r.cpu_seconds for r in floor_runs]
    logged = [json.loads(line)["ms"] for line in log.read_text().splitlines()][1:] if log.exists() else []
    details["open"] = {"margin_s": margin_s, "floor_s": floor_s, "margin_cpu_s": margin_cpu, "floor_cpu_s": floor_cpu,
                       "first_paint_logged_ms": logged}
    return [
        Figure("open indexed article: highlighted text painted", median(margin_s), "s", median(floor_s),
               "ratio<=1.2", f"tmux 80x24, floor: bare Textual app; medians of {runs} interleaved runs; "
               f"best of {runs}: {min(margin_s):.3f} vs {min(floor_s):.3f} s; median ratio of the pairs "
               f"{median([m / f for m, f in zip(margin_s, floor_s)]):.2f}"),
        Figure("  CPU time of the process until then", median(margin_cpu), "s", median(floor_cpu),
               note="information: less sensitive than wall time to other work on the machine"),
        Figure("  in-app log: Ready event after tui import", median(logged) if logged else 0, "ms",
               note="MARGIN_LOG_STARTUP; Textual posts Ready after the first frame, behind the messages queued then"),
    ]


def _pair(run: int, first, second):
    """(first(), second()), run in the other order every other run: on a shared machine, whichever
    of two back-to-back runs goes first can be systematically faster or slower."""
    if run % 2:
        b = second()
        return first(), b
    return first(), second()


def _escape(text: str) -> str:
    import re

    return re.escape(text)


# --- open a new article --------------------------------------------------------------------

def new_article() -> Path:
    """A 1,000-word article that no library holds (written once)."""
    path = CACHE / "new-article.txt"
    if not path.exists():
        import bench_corpus

        rng = random.Random(23)
        saved, bench_corpus.WORDS_PER_ARTICLE = bench_corpus.WORDS_PER_ARTICLE, 1000
        try:
            body = corpus_article(rng, demo_sentences(), made_up_names(rng), 0).split("\n\n", 1)[1]
        finally:
            bench_corpus.WORDS_PER_ARTICLE = saved
        path.write_text("A new dispatch\n\n" + body, encoding="utf-8")
    return path


def bench_new(runs: int, details: dict) -> list[Figure]:
    library = reader_library()
    path = new_article()
    from nlp.reading import read_article_file

    text = read_article_file(path).text
    body = body_marker(text)
    words = len(text.split())
    text_s, high_s, rss, floor_text_s, model_s, model_steps = [], [], [], [], [], []
    floor_file = CACHE / "floor-new-article.txt"
    floor_file.write_text(text, encoding="utf-8")
    steps_file = CACHE / "floor-model.json"
    for run in range(runs + 1):  # the first run of each warms caches and is not counted
        run_library = CACHE / "run-library"
        shutil.rmtree(run_library, ignore_errors=True)
        shutil.copytree(library, run_library)
        env = {"MARGIN_DATA_DIR": str(run_library), "MARGIN_CONFIG": NO_CONFIG}
        reader, floor_painted = _pair(
            run,
            lambda: timed_in_terminal([MARGIN, "read", str(path)], env, _escape("finding names"), _escape(body),
                                      later=(r"\d+ names?\b",)),
            lambda: timed_in_terminal([PYTHON, str(SCRIPTS / "floor_app.py"), str(floor_file)], {},
                                      "floor painted", _escape(body)))
        model_ready = timed_in_terminal([PYTHON, str(SCRIPTS / "floor_model.py"), str(path), str(steps_file)], {},
                                        "model ready")
        if run:
            text_s.append(reader.seconds)
            high_s.append(reader.later_seconds - reader.seconds)
            rss.append(reader.later_rss_mb)
            floor_text_s.append(floor_painted.seconds)
            model_s.append(model_ready.seconds)
            model_steps.append(json.loads(steps_file.read_text()))
    details["new"] = {"words": words, "text_s": text_s, "highlights_after_paint_s": high_s, "rss_mb": rss,
                      "floor_text_s": floor_text_s, "floor_model_s": model_s, "floor_model_steps": model_steps}
    total = [t + h for t, h in zip(text_s, high_s)]
    return [
        Figure(f"new {words}-word article: text painted", median(text_s), "s", median(floor_text_s), "ratio<=1.2",
               f"floor: bare Textual app; best of {runs}: {min(text_s):.3f} vs {min(floor_text_s):.3f} s; "
               f"median ratio of the pairs {median([t / f for t, f in zip(text_s, floor_text_s)]):.2f}"),
        Figure("  highlights, counted from the first paint", median(high_s), "s", median(model_s), "ratio<=1.1",
               "floor: a fresh process imports spaCy, loads the reduced pipeline, parses (same terminal); "
               f"best of {runs}: {min(high_s):.2f} vs {min(model_s):.2f} s; median ratio of the pairs "
               f"{median([h / m for h, m in zip(high_s, model_s)]):.2f}"),
        Figure("  highlights, counted from process start", median(total), "s", median(model_s),
               note="information: includes the reader's own start before the model loads"),
        Figure("reader RSS with the model loaded", max(rss), "MB", target="value<=250",
               note="VmRSS of `margin read NEW` after highlights, largest of the runs"),
    ]


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
    stored = _time_new_article_stored(folder, runs)
    keystrokes = filter_keystroke_times(folder, query)
    details["lookups"] = {"library": asdict(info), "open_index_s": opened, "matcher_build_s": build_s,
                          "names": names, "dossier_s": dossiers, "fuzzy_s": fuzzy, "new_article_stored_s": stored,
                          "filter_key_s": keystrokes}
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


# --- instructions to the first paint ------------------------------------------------------

def bench_instructions(details: dict) -> list[Figure]:
    """Instructions executed up to the first frame (valgrind), the reader beside the floor app.

    Time on a shared 2-core machine moves by a quarter from one run to the next; the count of
    instructions does not, so it shows what a change to the start-up path is worth. Each
    command runs once to warm caches (and write bytecode), then under callgrind, two at a time.
    """
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: skipping the instruction counts", file=sys.stderr)
        return []
    library = reader_library()
    run_library = CACHE / "instructions-library"
    shutil.rmtree(run_library, ignore_errors=True)
    shutil.copytree(library, run_library)
    text, _ = stored_text(library, INDEXED_ARTICLE)
    (CACHE / "floor-article.txt").write_text(text, encoding="utf-8")
    from nlp.reading import read_article_file

    new = new_article()
    (CACHE / "floor-new-article.txt").write_text(read_article_file(new).text, encoding="utf-8")
    exit_at_paint = [PYTHON, str(SCRIPTS / "first_paint_exit.py")]
    commands = {
        "indexed": exit_at_paint + ["margin", "read", str(INDEXED_ARTICLE)],
        "indexed floor": exit_at_paint + ["floor", str(CACHE / "floor-article.txt")],
        "new": exit_at_paint + ["margin", "read", str(new)],
        "new floor": exit_at_paint + ["floor", str(CACHE / "floor-new-article.txt")],
    }
    env = {"MARGIN_DATA_DIR": str(run_library), "MARGIN_CONFIG": NO_CONFIG, "PYTHONHASHSEED": "0"}
    counts: dict[str, float] = {}
    names = list(commands)
    for pair in (names[:2], names[2:]):
        for name in pair:  # warm-up, not counted
            with Terminal(commands[name], terminal_env(env), hold=True) as term:
                term.go()
                term.wait_exit(60)
        logs = {name: CACHE / f"callgrind-{name.replace(' ', '-')}.log" for name in pair}
        terms = [Terminal(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", f"--log-file={logs[name]}",
                           *commands[name]], terminal_env(env), hold=True) for name in pair]
        try:
            for term in terms:
                term.go()
            for term in terms:
                term.wait_exit(600)
        finally:
            for term in terms:
                term.close()
        for name, log in logs.items():
            found = [line.split()[-1] for line in log.read_text().splitlines() if "Collected :" in line]
            counts[name] = int(found[-1]) / 1e6 if found else float("nan")
    details["instructions"] = {"millions": counts}
    note = "valgrind callgrind, process start to the first frame; information: the targets are on time"
    return [
        Figure("open indexed article: instructions to the first paint", counts["indexed"], "M",
               counts["indexed floor"], note=note),
        Figure("new article: instructions to the first paint", counts["new"], "M", counts["new floor"]),
    ]


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


# --- report ------------------------------------------------------------------------------------

def machine() -> dict:
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "load_average": os.getloadavg(), "time": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


def print_table(figures: list[Figure]) -> None:
    print(f"\n{'figure':<58}{'value':>9} {'':<7}{'floor':>9}{'ratio':>8}  {'target':<12}result")
    print("-" * 112)
    for f in figures:
        floor = _number(f.floor) if f.floor is not None else ""
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else ""
        result = {True: "pass", False: "FAIL", None: ""}[f.passed]
        print(f"{f.name:<58}{_number(f.value):>9} {f.unit:<7}{floor:>9}{ratio:>8}  {f.target:<12}{result}")
        if f.note:
            print(f"{'':<4}{f.note}")


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


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
    started, before = time.perf_counter(), machine()
    figures: list[Figure] = []
    details: dict = {}
    steps = {"open": lambda: bench_open(args.runs, details),
             "new": lambda: bench_new(args.runs, details),
             "bulk": lambda: bench_bulk(args.corpus, 1 if args.quick else 3, details),
             "lookups": lambda: bench_lookups(args.articles, args.runs, details),
             "huge": lambda: bench_huge(1 if args.quick else args.runs // 2, details),
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
