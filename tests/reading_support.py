"""A small hand-written library for the reading-state tests: six articles from two feeds and a
file, added a minute apart, naming Ahmad Massoud and Kabul."""

from __future__ import annotations

from pathlib import Path

from nlp.analysis import analyse
from nlp.index import open_index
from nlp.raw import RawDoc, RawSpan
from nlp.reading import ArticleInput

ARTICLES = [
    # (title, published, feed, names in the body)
    ("Massoud returns to the valley", "2021-03-02", "Valley Herald", ["Ahmad Massoud"]),
    ("Floods in the north", "2021-03-20", "Valley Herald", ["Kabul"]),
    ("Talks in Kabul", "2021-06-11", "Kabul Wire", ["Ahmad Massoud", "Kabul"]),
    ("Markets reopen", None, "Kabul Wire", ["Kabul"]),
    ("Massoud speaks in Paris", "2021-09-05T08:00:00+00:00", None, ["Ahmad Massoud"]),
    ("Winter roads", "Sun, 05 Dec 2021", None, ["Kabul"]),
]
"""Listed newest first by the library: ids 6 (top) to 1 (bottom)."""
ADDED = "2026-02-0{}T10:00:00+00:00"
LONG_BODY = "\n\n".join(f"Paragraph {n} of the report, which goes on for a while." for n in range(1, 80))


def _article(title: str, published: str | None, names: list[str]) -> tuple[ArticleInput, object]:
    body = " ".join(f"{name} was there." for name in names)
    text = f"{title}\n\n{body}\n\n{LONG_BODY}"
    spans = []
    for name in names:
        start = text.index(f"{name} was there.")
        spans.append(RawSpan(start, start + len(name), "GPE" if name == "Kabul" else "PERSON"))
    return ArticleInput(title, text, published=published), analyse(title, text, RawDoc(spans))


def build_reading_library(folder: Path) -> Path:
    """The library of :data:`ARTICLES` in *folder* (article ids 1-6 in that order; none read yet)."""
    days = iter(range(1, 10))
    with open_index(folder, clock=lambda: ADDED.format(next(days))) as index:
        feeds = {}
        for name in ("Valley Herald", "Kabul Wire"):
            url = f"https://{name.lower().replace(' ', '')}.example/rss"
            feeds[name] = index.conn.execute("INSERT INTO feeds (url, name, added_at) VALUES (?, ?, ?)",
                                             (url, name, ADDED.format(1))).lastrowid
        for title, published, feed, names in ARTICLES:
            article, analysis = _article(title, published, names)
            article_id = index.add_article(article, analysis)
            index.conn.execute("UPDATE articles SET feed_id = ? WHERE id = ?", (feeds.get(feed), article_id))
    return folder


def entity_id(folder: Path, name: str) -> int:
    """The library id of the entity named *name*."""
    with open_index(folder) as index:
        return next(e.id for e in index.find_entities(name) if e.name == name)
