"""The feeds benchmark: ``margin refresh`` of loopback feeds against ``margin add`` of the same articles.

    .venv/bin/python scripts/bench_feeds.py [--feeds 50] [--items 20] [--runs 1]
    .venv/bin/python scripts/bench.py --only feeds

The articles are those of the import benchmark's corpus (:mod:`bench_corpus`), ``--feeds`` ×
``--items`` of them, each carried whole by its feed item (RSS 2.0, ``content:encoded``), as most
news feeds that carry content do. Both commands start from an empty library, with the feeds
subscribed beforehand (not timed); each is timed end to end (process start to exit, model load
and worker processes included). The figure is words stored per second.
"""

from __future__ import annotations

import argparse
import http.server
import os
import shutil
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_common import CACHE, MARGIN, NO_CONFIG, Figure, median, print_table  # noqa: E402
from bench_corpus import ensure_corpus  # noqa: E402
from bench_proc import run_measured  # noqa: E402


def feed_document(base: str, files: list[Path], first: int) -> bytes:
    """An RSS 2.0 feed carrying the articles *files*, whole, numbered from *first*."""
    items = []
    for number, path in enumerate(files, start=first):
        title, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n") if p.strip())
        items.append(f"<item><title>{escape(title)}</title><link>{base}/item/{number}</link>"
                     f"<pubDate>{formatdate(1_700_000_000 + number * 3600, usegmt=True)}</pubDate>"
                     f"<content:encoded>{escape(paragraphs)}</content:encoded></item>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>Bench feed {first}</title>{''.join(items)}</channel></rss>").encode("utf-8")


@contextmanager
def serve_feeds(files: list[Path], feeds: int, items: int) -> Iterator[list[str]]:
    """A loopback server of *feeds* feeds of *items* articles each; yields their addresses."""
    documents: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            body = documents.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    for feed in range(feeds):
        documents[f"/feed-{feed}.xml"] = feed_document(base, files[feed * items:(feed + 1) * items], feed * items)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield [f"{base}/feed-{feed}.xml" for feed in range(feeds)]
    finally:
        server.shutdown()
        server.server_close()


def stored_words(data: Path) -> tuple[int, int]:
    """(articles, words) in the library at *data*."""
    with sqlite3.connect(data / "index.sqlite3") as conn:
        return conn.execute("SELECT count(*), coalesce(sum(word_count), 0) FROM articles").fetchone()


def bench_feeds(feeds: int, items: int, runs: int, details: dict) -> list[Figure]:
    """``margin refresh`` of *feeds* × *items* articles beside ``margin add`` of the same files."""
    from nlp.index import open_index

    total = feeds * items
    corpus = CACHE / f"corpus-{total}"
    files = ensure_corpus(corpus, total)
    env = {**os.environ, "MARGIN_CONFIG": NO_CONFIG}
    refresh, add = [], []
    with serve_feeds(files, feeds, items) as urls:
        for _ in range(runs):
            data = CACHE / "feeds-library"
            shutil.rmtree(data, ignore_errors=True)
            with open_index(data) as index:
                for url in urls:
                    index.add_feed(url)
            result = run_measured([MARGIN, "--data-dir", str(data), "refresh"], env=env)
            if result.returncode != 0:
                raise SystemExit(f"margin refresh failed: {result.stderr[-2000:]}")
            refresh.append((result, stored_words(data)))
            data = CACHE / "feeds-add-library"
            shutil.rmtree(data, ignore_errors=True)
            result = run_measured([MARGIN, "--data-dir", str(data), "add", str(corpus)], env=env)
            if result.returncode != 0:
                raise SystemExit(f"margin add failed: {result.stderr[-2000:]}")
            add.append((result, stored_words(data)))
    for name, measured in (("refresh", refresh), ("add", add)):
        if any(count != total for _, (count, _) in measured):
            raise SystemExit(f"margin {name} stored {[c for _, (c, _) in measured]} articles, not {total}")
    refresh_rate = max(words / r.seconds for r, (_, words) in refresh)
    add_rate = max(words / r.seconds for r, (_, words) in add)
    details["feeds"] = {"feeds": feeds, "items": items, "refresh_s": [r.seconds for r, _ in refresh],
                        "add_s": [r.seconds for r, _ in add], "refresh_words": refresh[0][1][1],
                        "add_words": add[0][1][1], "refresh_peak_tree_mb": [r.peak_tree_mb for r, _ in refresh]}
    return [
        Figure(f"refresh of {feeds} feeds × {items} items ({refresh[0][1][1]:,} words)", refresh_rate, "words/s",
               add_rate, "ratio>=0.9",
               f"end to end, loopback feeds carrying whole articles; floor: margin add of the same {total} files; "
               f"median {median([r.seconds for r, _ in refresh]):.1f} s against {median([r.seconds for r, _ in add]):.1f} s"),
        Figure("  peak memory of `margin refresh` (process tree)", max(r.peak_tree_mb for r, _ in refresh), "MB",
               target="value<=600"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    CACHE.mkdir(exist_ok=True)
    figures = bench_feeds(args.feeds, args.items, args.runs, {})
    print_table(figures)
    return 0 if all(f.passed is not False for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
