"""A huge article (about 1 MB, 168,000 words) in a library of its own, and the reader's keys on it.

    .venv/bin/python scripts/bench_huge.py FOLDER      # build (if needed) and time each key once

The article is demo sentences shuffled into paragraphs, their inner capitalised words replaced
by made-up names from a pool of 400; every occurrence of a pool name is stored as a mention of
its entity (types drawn from the pool's order), so the reader has about as many highlights as a
real article of that size. No model is needed: the analysis is written by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
import time
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
REPO_ROOT = SCRIPTS.parent
sys.path.insert(0, str(SCRIPTS))
sys.path.insert(0, str(REPO_ROOT))

from bench_corpus import demo_sentences, made_up_names, vary_names  # noqa: E402

HUGE_VERSION = 1
"""Bumped when the generated article changes, so a cached library is rebuilt."""
HUGE_WORDS = 168_000
ARTICLE_FILENAME = "huge-article.txt"
META_FILENAME = "bench-huge.json"
LABELS = ("PERSON", "PERSON", "ORG", "GPE", "NORP", "EVENT", "LOC", "WORK_OF_ART")
SEARCH_QUERY = "valley"
FIRST_OPEN = "open the dossier, first time (Enter)"
SIZE = (100, 30)


def huge_text(rng: random.Random, pool: list[str], words: int = HUGE_WORDS) -> str:
    """A title line, then paragraphs of five shuffled demo sentences with made-up names."""
    sentences, chosen, count = demo_sentences(), [], 0
    mapping: dict[str, str] = {}
    while count < words:
        sentence = vary_names(rng.choice(sentences), mapping, pool, rng)
        chosen.append(sentence)
        count += len(sentence.split())
        if rng.random() < 0.02:
            mapping = {}
    paragraphs = [" ".join(chosen[at:at + 5]) for at in range(0, len(chosen), 5)]
    return "A Very Long Dispatch\n\n" + "\n\n".join(paragraphs) + "\n"


def huge_analysis(text: str, pool: list[str]):
    """Entities of *text*: each pool name that occurs, with every occurrence as a mention."""
    from nlp.analysis import Analysis, Entity, Mention
    from nlp.names import slug
    from nlp.text import paragraphs

    blocks = paragraphs(text)
    starts = [start for start, _ in blocks]
    found: dict[str, list[Mention]] = {}
    for match in re.finditer(r"\b(?:" + "|".join(map(re.escape, pool)) + r")\b", text):
        block = blocks[bisect_right(starts, match.start()) - 1]
        found.setdefault(match.group(), []).append(Mention(match.start(), match.end(), match.group(), block))
    entities = [Entity(slug(name), name, LABELS[pool.index(name) % len(LABELS)], [], mentions)
                for name, mentions in sorted(found.items())]
    return Analysis("A Very Long Dispatch", text, entities)


@dataclass
class HugeLibrary:
    """A library holding the huge article, and what it holds."""

    folder: Path
    article_id: int
    chars: int
    words: int
    mentions: int
    version: int = HUGE_VERSION


def ensure_huge_library(folder: Path, seed: int = 5, words: int = HUGE_WORDS) -> HugeLibrary:
    """The library with the huge article (of about *words* words) in *folder*, generated unless
    a matching one is there."""
    from nlp.index import INDEX_FILENAME, open_index
    from nlp.reading import read_article_file

    meta = folder / META_FILENAME
    if meta.exists() and (folder / INDEX_FILENAME).exists():
        info = json.loads(meta.read_text())
        if info.get("version") == HUGE_VERSION and abs(info["words"] - words) < words // 10:
            return HugeLibrary(**{**info, "folder": folder})
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(INDEX_FILENAME + "*"):
        stale.unlink()
    rng = random.Random(seed)
    pool = made_up_names(rng)
    path = folder / ARTICLE_FILENAME
    path.write_text(huge_text(rng, pool, words), encoding="utf-8")
    source = read_article_file(path)
    analysis = huge_analysis(source.text, pool)
    with open_index(folder) as index:
        article_id = index.add_article(source, analysis)
    info = HugeLibrary(folder, article_id, len(source.text), len(source.text.split()),
                       sum(len(e.mentions) for e in analysis.entities))
    meta.write_text(json.dumps({**info.__dict__, "folder": str(folder)}))
    return info


@dataclass
class KeyTimes:
    """Per action, the seconds from a key press until the screen has settled after it: wall
    clock (which includes Pilot's idle polling, some 60 ms) and CPU (the work the key caused,
    in every thread)."""

    times: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, seconds: float, cpu_seconds: float) -> None:
        self.times.setdefault(name, []).append(seconds)
        self.cpu.setdefault(name, []).append(cpu_seconds)


async def time_keys(library: HugeLibrary, runs: int) -> KeyTimes:
    """Open the huge article in the reader (Pilot, headless, 100x30) and time its keys *runs* times."""
    import nlp.dossier  # noqa: F401  (imported before, so both articles' first opens compare alike)
    import tui.dossier_panel  # noqa: F401
    from nlp.config import Settings
    from nlp.index import open_index
    from tui.app import MarginApp

    app = MarginApp(Settings(data_dir=library.folder), open_index(library.folder), article_id=library.article_id,
                    cursor_blink=False)
    result = KeyTimes()
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)

        async def timed(name: str, *keys: str) -> None:
            started, cpu_started = time.perf_counter(), time.process_time()
            await pilot.press(*keys)
            await _settle(app, pilot)
            result.add(name, time.perf_counter() - started, time.process_time() - cpu_started)

        await pilot.press("space", "space", "tab")
        await _settle(app, pilot)
        await timed(FIRST_OPEN, "enter")  # mounts the panel and parses its CSS: once per reader
        await timed("close the dossier (Esc)", "escape")
        result.times["close the dossier (Esc)"].clear()
        result.cpu["close the dossier (Esc)"].clear()
        for _ in range(runs):
            await timed("toggle a type (key 1)", "1")
            await timed("toggle a type back (key 1)", "1")
            await timed("open the dossier (Enter)", "enter")
            await timed("close the dossier (Esc)", "escape")
            await pilot.press("slash", *SEARCH_QUERY)
            await timed(f"search ({SEARCH_QUERY!r}, Enter)", "enter")
            await timed("next match (n)", "n")
    return result


async def _settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    library = ensure_huge_library(args.folder)
    print(f"{library.chars:,} characters, {library.words:,} words, {library.mentions:,} mentions")
    measured = asyncio.run(time_keys(library, args.runs))
    for name, times in measured.times.items():
        print(f"{name:<40}" + " ".join(f"{t * 1000:5.0f}" for t in times) + " ms wall, CPU "
              + " ".join(f"{t * 1000:5.0f}" for t in measured.cpu[name]) + " ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
