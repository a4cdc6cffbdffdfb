"""A synthetic library for the lookup benchmarks, written straight into an index.

    .venv/bin/python scripts/bench_library.py FOLDER [--articles 100000]

About 100 mentions of about 45 entities per article, five entity names per article in the
library (500,000 at 100,000 articles), entities drawn with a Zipf law so a few are in most
articles and most are in one or two. The schema is the one :func:`nlp.index.open_index` creates;
the rows go in with ``executemany``, the secondary indexes, triggers and full-text index are
dropped first and rebuilt at the end, so 100,000 articles take minutes. Mentions point at their
names in the article text and sentences are real sentence bounds, so dossiers show real context.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import sys
import time
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import asdict, dataclass
from itertools import accumulate
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from nlp.names import name_key  # noqa: E402
from nlp.index import INDEX_FILENAME, open_index  # noqa: E402

GENERATOR_VERSION = 2
"""Bumped when the generated library changes, so cached copies are rebuilt."""
ENTITIES_PER_ARTICLE = 5
"""Library entities per article: 500,000 names at 100,000 articles."""
ZIPF_EXPONENT = 1.0
MEAN_DISTINCT = 45
"""Distinct entities an article mentions, on average."""
CHUNK_ARTICLES = 2000
"""Articles written per transaction."""
META_FILENAME = "bench-library.json"

HEAD_NAMES = [
    ("United States", "GPE"), ("Taliban", "ORG"), ("Kabul", "GPE"), ("Afghanistan", "GPE"),
    ("Pakistan", "GPE"), ("Panjshir", "GPE"), ("Ahmad Shah Massoud", "PERSON"), ("Soviet Union", "GPE"),
    ("United Nations", "ORG"), ("Badakhshan", "GPE"), ("Northern Alliance", "ORG"), ("Al-Qaeda", "ORG"),
    ("Amrullah Saleh", "PERSON"), ("Ahmad Massoud", "PERSON"), ("National Resistance Front", "ORG"),
    ("Salang", "FAC"), ("Hindu Kush", "LOC"), ("Afghan", "NORP"), ("Tajik", "NORP"), ("Europe", "LOC"),
]
"""The most frequent entities, most frequent first (the rest are made up)."""

_SYLLABLES = ("ka ri mo na el sa to ba de li an or us ha ji ve zo mi ra ne lo fa ti su pe go da "
              "ku bi ar is om ed al in ur yo we gu ho ce ze ly").split()
_KINDS = [  # (label, share, pattern): {w} a made-up word, {W} a longer one
    ("PERSON", 40, "{W} {W}"), ("PERSON", 6, "{W} {w} {W}"), ("ORG", 10, "{W} {org}"),
    ("ORG", 8, "{org} of {W}"), ("ORG", 4, "{W} {W} {org}"), ("GPE", 12, "{W}"), ("GPE", 3, "{W} {w}"),
    ("LOC", 4, "{W} {loc}"), ("NORP", 4, "{W}ian"), ("FAC", 4, "{W} {fac}"), ("EVENT", 3, "{event} {W}"),
    ("WORK_OF_ART", 1, "The {W} {w}"), ("LAW", 1, "{W} Act"),
]
_WORDS = {
    "org": ["Institute", "Ministry", "Bank", "Council", "Party", "Front", "Company", "Agency", "University",
            "Commission", "Foundation", "Group", "Times", "Post", "Army"],
    "loc": ["Valley", "River", "Mountains", "Pass", "Lake", "Plateau", "Desert", "Gorge"],
    "fac": ["Tunnel", "Bridge", "Airport", "Highway", "Dam", "Stadium", "Palace"],
    "event": ["Battle of", "Siege of", "Treaty of", "Accord of", "Conference of", "Flood of"],
}


@dataclass(frozen=True)
class LibraryInfo:
    """What a generated library holds, and the entities the benchmark looks up."""

    articles: int
    entities: int
    mentions: int
    article_entities: int
    top_entity: int
    """The entity with the most mentions."""
    typical_entity: int
    """The entity of the median mention: what a click on a random name opens."""
    top_article: int
    """The newest article mentioning :attr:`top_entity`."""
    typical_article: int
    """The newest article mentioning :attr:`typical_entity`."""
    seconds: float
    """How long generating took."""
    version: int = GENERATOR_VERSION


def ensure_library(folder: Path, articles: int, progress: Callable[[str], None] = print) -> LibraryInfo:
    """The library of *articles* articles in *folder*, generated unless a matching one is there."""
    meta = folder / META_FILENAME
    if meta.exists() and (folder / INDEX_FILENAME).exists():
        info = LibraryInfo(**json.loads(meta.read_text()))
        if info.version == GENERATOR_VERSION and info.articles == articles:
            with open_index(folder):  # brings an older cached schema forward
                pass
            return info
    for stale in folder.glob(INDEX_FILENAME + "*"):
        stale.unlink()
    info = build_library(folder, articles, progress=progress)
    meta.write_text(json.dumps(asdict(info), indent=2))
    return info


def build_library(folder: Path, articles: int, seed: int = 7,
                  progress: Callable[[str], None] = print) -> LibraryInfo:
    """Generate the library into a new index in *folder*."""
    started = time.perf_counter()
    rng = random.Random(seed)
    names = entity_names(articles * ENTITIES_PER_ARTICLE, rng)
    with open_index(folder):  # the real schema, at the current version
        pass
    conn = sqlite3.connect(folder / INDEX_FILENAME, isolation_level=None)
    try:
        rebuild = _drop_secondary_structures(conn)
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -512000")
        counts = _write_articles(conn, names, articles, rng, progress)
        _write_entities(conn, names, counts)
        progress("rebuilding indexes and the full-text index…")
        for statement in rebuild:
            conn.execute(statement)
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
        conn.execute("PRAGMA journal_mode = WAL")
        info = _library_info(conn, counts, time.perf_counter() - started)
    finally:
        conn.close()
    return info


def entity_names(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """*count* (name, label) pairs with distinct keys, :data:`HEAD_NAMES` first."""
    names = list(HEAD_NAMES[:count])
    seen = {name_key(name) for name, _ in names}
    kinds = [(label, pattern) for label, share, pattern in _KINDS for _ in range(share)]
    while len(names) < count:
        label, pattern = rng.choice(kinds)
        name = re.sub(r"\{(\w+)\}", lambda m: _fill(m.group(1), rng), pattern)
        key = name_key(name)
        if key not in seen:
            seen.add(key)
            names.append((name, label))
    return names


def _fill(slot: str, rng: random.Random) -> str:
    if slot == "w":
        return "".join(rng.choices(_SYLLABLES, k=rng.randint(1, 2))).capitalize()
    if slot == "W":
        return "".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))).capitalize()
    return rng.choice(_WORDS[slot])


def filler_phrases(rng: random.Random, count: int = 3000) -> list[str]:
    """Runs of 2-7 lower-case words from the demo articles, to put between names."""
    words = [w for path in sorted((REPO_ROOT / "assets" / "demo").glob("0*.md"))
             for w in re.findall(r"\b[a-z][a-z']*\b", path.read_text(encoding="utf-8"))]
    phrases = []
    for _ in range(count):
        start = rng.randrange(len(words) - 8)
        phrases.append(" ".join(words[start:start + rng.randint(2, 7)]))
    return phrases


def _zipf_sampler(entities: int, rng: random.Random) -> Callable[[], int]:
    """Draws an entity rank (0 most frequent) with probability proportional to 1 / (rank + 1)."""
    cumulative = list(accumulate(1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(entities)))
    total = cumulative[-1]
    return lambda: min(bisect_left(cumulative, rng.random() * total), entities - 1)


def _article_entities(draw: Callable[[], int], rng: random.Random, covering: list[int]) -> list[int]:
    """Ranks of the entities of one article: Zipf draws, then *covering* (so every name is used)."""
    wanted = max(5, int(rng.gauss(MEAN_DISTINCT - ENTITIES_PER_ARTICLE, 12)))
    chosen: dict[int, None] = {}
    while len(chosen) < wanted:
        chosen[draw()] = None
    chosen.update(dict.fromkeys(covering))
    return list(chosen)


def _write_articles(conn: sqlite3.Connection, names: list[tuple[str, str]], articles: int,
                    rng: random.Random, progress: Callable[[str], None]) -> dict[int, list[int]]:
    """Articles, their entities and mentions; returns {rank: [mentions, articles, first article]}."""
    draw = _zipf_sampler(len(names), rng)
    phrases = filler_phrases(rng)
    covering = list(range(len(names)))
    rng.shuffle(covering)
    counts: dict[int, list[int]] = {}
    for first in range(1, articles + 1, CHUNK_ARTICLES):
        last = min(articles, first + CHUNK_ARTICLES - 1)
        rows: tuple[list, list, list] = ([], [], [])
        for article_id in range(first, last + 1):
            at = (article_id - 1) * ENTITIES_PER_ARTICLE
            ranks = _article_entities(draw, rng, covering[at:at + ENTITIES_PER_ARTICLE])
            _article_rows(article_id, ranks, names, phrases, rng, rows, counts)
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO articles (id, content_hash, title, text, site, kind, added_at, word_count)"
                         " VALUES (?, ?, ?, ?, 'Synthetic Wire', 'text', ?, ?)", rows[0])
        conn.executemany("INSERT INTO article_entities (article_id, entity_id, name, label, mention_count, link,"
                         " score) VALUES (?, ?, ?, ?, ?, ?, ?)", rows[1])
        conn.executemany("INSERT INTO mentions (article_id, start, end, entity_id, sent_start, sent_end)"
                         " VALUES (?, ?, ?, ?, ?, ?)", rows[2])
        conn.execute("COMMIT")
        progress(f"articles {last:,} of {articles:,}")
    return counts


def _article_rows(article_id: int, ranks: list[int], names: list[tuple[str, str]], phrases: list[str],
                  rng: random.Random, rows: tuple[list, list, list], counts: dict[int, list[int]]) -> None:
    """Append the rows of one article to *rows* (articles, article_entities, mentions).

    Sentences of two mentions each: ``phrase NAME phrase NAME phrase.``
    """
    per_entity = {rank: 1 + min(int(rng.expovariate(0.55)), 12) for rank in ranks}
    order = [rank for rank, n in per_entity.items() for _ in range(n)]
    rng.shuffle(order)
    title = f"{names[ranks[0]][0]} and {names[ranks[-1]][0]}: report {article_id}"
    parts, length = [title, "\n\n"], len(title) + 2
    for at in range(0, len(order), 2):
        sentence_start, sentence = length, []
        for rank in order[at:at + 2]:
            phrase, name = rng.choice(phrases) + " ", names[rank][0]
            parts += [phrase, name, " "]
            sentence.append((length + len(phrase), length + len(phrase) + len(name), rank + 1))
            length += len(phrase) + len(name) + 1
        tail = rng.choice(phrases) + "."
        parts += [tail, " "]
        length += len(tail)
        rows[2].extend((article_id, start, end, entity_id, sentence_start, length)
                       for start, end, entity_id in sentence)
        length += 1
    text = "".join(parts).rstrip()
    rows[0].append((article_id, f"synthetic-{article_id}", title, text, _timestamp(article_id), len(text.split())))
    for rank, n in per_entity.items():
        entry = counts.setdefault(rank, [0, 0, article_id])
        entry[0] += n
        entry[1] += 1
        name, label = names[rank]
        first = entry[2] == article_id
        rows[1].append((article_id, rank + 1, name, label, n, "new" if first else "exact", None if first else 100.0))


def _timestamp(article_id: int) -> str:
    minutes = article_id * 7
    days, minutes = divmod(minutes, 24 * 60)
    year, day = 2020 + days // 360, days % 360
    return f"{year:04d}-{day // 30 + 1:02d}-{day % 30 + 1:02d}T{minutes // 60:02d}:{minutes % 60:02d}:00+00:00"


def _write_entities(conn: sqlite3.Connection, names: list[tuple[str, str]], counts: dict[int, list[int]]) -> None:
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO entities (id, name, label, key, mention_count, article_count)"
                     " VALUES (?, ?, ?, ?, ?, ?)",
                     ((rank + 1, name, label, name_key(name), *counts[rank][:2])
                      for rank, (name, label) in enumerate(names) if rank in counts))
    conn.executemany("INSERT INTO aliases (entity_id, alias, key) VALUES (?, ?, ?)",
                     ((rank + 1, name, name_key(name)) for rank, (name, _) in enumerate(names) if rank in counts))
    conn.execute("COMMIT")


def _drop_secondary_structures(conn: sqlite3.Connection) -> list[str]:
    """Drop the indexes and triggers of the plain tables; returns the statements that recreate them."""
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"
        " AND tbl_name IN ('articles', 'entities', 'aliases', 'article_entities', 'mentions')").fetchall()
    for kind, name, _ in rows:
        conn.execute(f'DROP {kind.upper()} "{name}"')  # names read from sqlite_master, not user input
    return [sql for _, _, sql in rows]


def _library_info(conn: sqlite3.Connection, counts: dict[int, list[int]], seconds: float) -> LibraryInfo:
    by_mentions = sorted(counts, key=lambda rank: -counts[rank][0])
    total = sum(c[0] for c in counts.values())
    running, typical = 0, by_mentions[0]
    for rank in by_mentions:
        running += counts[rank][0]
        if running >= total / 2:
            typical = rank
            break
    top, typical = by_mentions[0] + 1, typical + 1

    def newest_article(entity_id: int) -> int:
        return conn.execute("SELECT max(article_id) FROM article_entities WHERE entity_id = ?",
                            (entity_id,)).fetchone()[0]

    return LibraryInfo(
        articles=conn.execute("SELECT count(*) FROM articles").fetchone()[0], entities=len(counts), mentions=total,
        article_entities=sum(c[1] for c in counts.values()), top_entity=top, typical_entity=typical,
        top_article=newest_article(top), typical_article=newest_article(typical), seconds=round(seconds, 1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="folder of the generated index")
    parser.add_argument("--articles", type=int, default=100_000, help="articles to generate (default 100,000)")
    args = parser.parse_args()
    info = ensure_library(args.folder, args.articles)
    print(json.dumps(asdict(info), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
