"""Helpers for the source, fetch, stdin, encoding and import tests.

The real ``margin`` command as a subprocess, a loopback HTTP server, and a small extractor
that needs no model (module-level, so worker processes can unpickle it).
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from nlp.raw import RawDoc
from nlp.raw import RawSpan

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NEWS_PAGE = FIXTURES / "news-page.html"
NO_ARTICLE_PAGE = FIXTURES / "no-article.html"
DEMO_DIR = Path(__file__).resolve().parent.parent / "assets" / "demo"


def margin_command() -> list[str]:
    """The installed ``margin`` script of this interpreter, else ``python -m tui.cli``."""
    beside = Path(sys.executable).with_name("margin")
    script = str(beside) if beside.exists() else shutil.which("margin")
    return [script] if script else [sys.executable, "-m", "tui.cli"]


def margin(*args: str | Path, input: str | bytes | None = None, timeout: float = 120, **env: str):
    """Run margin with *args* (and *input* on standard input) in the test's environment plus *env*.

    The command runs in a session of its own, so it has no controlling terminal.
    """
    text = not isinstance(input, bytes)
    return subprocess.run([*margin_command(), *map(str, args)], input=input, capture_output=True, text=text,
                          encoding="utf-8" if text else None, env={**os.environ, **env}, timeout=timeout,
                          check=False, start_new_session=True,
                          stdin=subprocess.DEVNULL if input is None else None)


def one_line_error(result) -> str:
    """The single ``margin: ...`` line a failed command wrote to stderr."""
    assert result.returncode != 0, result.stdout
    stderr = result.stderr if isinstance(result.stderr, str) else result.stderr.decode()
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("margin: "), stderr
    return lines[0]


def article_count(data_dir: Path) -> int | None:
    """Articles in the index of *data_dir*, or None when there is no index."""
    path = data_dir / "index.sqlite3"
    if not path.exists():
        return None
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


class CapitalsExtractor:
    """Calls every capitalised word a PERSON and every line a sentence: no model needed."""

    def extract(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[RawDoc]:
        for text in texts:
            spans = [RawSpan(m.start(), m.end(), "PERSON") for m in re.finditer(r"\b[A-Z][a-z]{3,}\b", text)]
            lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
            yield RawDoc(spans, lines)


def demo_excerpts(count: int, words: int) -> list[str]:
    """*count* distinct runs of *words* words from the demo articles, Markdown marks taken out."""
    demo = [p.read_text(encoding="utf-8").split() for p in sorted(DEMO_DIR.glob("0*.md"))]
    excerpts = []
    for i in range(count):
        source = demo[i % len(demo)]
        start = (i * 37) % max(1, len(source) - words)
        excerpts.append(" ".join(w.strip("#*_") for w in source[start:start + words]))
    return excerpts


def write_articles(folder: Path, count: int, words: int = 60) -> list[Path]:
    """*count* distinct small articles named 000.txt, 001.txt... in *folder*."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, body in enumerate(demo_excerpts(count, words)):
        path = folder / f"{i:03d}.txt"
        path.write_text(f"Report number {i}\n\n{body}.\n", encoding="utf-8")
        paths.append(path)
    return paths


# --- a loopback web server -------------------------------------------------------------

Route = Callable[[http.server.BaseHTTPRequestHandler], None]


def send(handler: http.server.BaseHTTPRequestHandler, status: int, body: bytes = b"",
         content_type: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None) -> None:
    """Answer a request with *status* and *body*."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    if body:
        handler.wfile.write(body)


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 (ephemeral port) answering *routes*; yields its base URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            route = routes.get(self.path.split("?")[0])
            if route is None:
                send(self, 404, b"<html><body><p>Not here</p></body></html>")
            else:
                try:
                    route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout or size-limit test)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def slow(seconds: float) -> Route:
    """A route that waits *seconds* before answering."""

    def route(handler):
        time.sleep(seconds)
        send(handler, 200, NEWS_PAGE.read_bytes())

    return route
