"""The reader in a real terminal (tmux, 80x24): opening an indexed article and a new one, each
beside a bare Textual app, and the instructions each executes to its first frame."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench_common import CACHE, MARGIN, NO_CONFIG, PYTHON, QUIET, REPO_ROOT, SCRIPTS, Figure, median
from bench_corpus import article as corpus_article
from bench_corpus import demo_sentences, made_up_names
from bench_proc import cpu_seconds, process_rss_mb, run_measured, wait_until_quiet
from bench_terminal import Terminal, terminal_env

INDEXED_ARTICLE = REPO_ROOT / "assets" / "demo" / "02-resistance-2021.md"


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
