"""Feeds served from 127.0.0.1 for the feed tests: the hand-written documents of
``fixtures/feeds`` (``{base}`` in them becomes the server's address), answered conditionally
(ETag and Last-Modified), every request's headers recorded, and the broken cases."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sources_support import Route, send, serve

FEEDS = Path(__file__).resolve().parent / "fixtures" / "feeds"
RSS, ATOM, HTML = "application/rss+xml; charset=utf-8", "application/atom+xml; charset=utf-8", "text/html; charset=utf-8"
LAST_MODIFIED = "Sun, 11 Feb 2024 09:00:00 GMT"


class FeedSite:
    """What the server was asked: each request's path and headers, in order."""

    def __init__(self) -> None:
        self.base = ""
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()

    def document(self, name: str) -> bytes:
        """The fixture *name* with its ``{base}`` filled in."""
        return (FEEDS / name).read_text(encoding="utf-8").replace("{base}", self.base).encode("utf-8")

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def asked(self, path: str) -> list[dict[str, str]]:
        """The headers of every request for *path*."""
        with self.lock:
            return [headers for asked, headers in self.requests if asked == path]

    def record(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        with self.lock:
            self.requests.append((handler.path, {k.lower(): v for k, v in handler.headers.items()}))


def fixture(site: FeedSite, name: str, content_type: str = RSS, etag: str | None = None) -> Route:
    """A route serving the fixture *name*; with *etag*, it answers 304 to a request that sends
    back that ETag or the Last-Modified date."""

    def route(handler):
        site.record(handler)
        if etag is not None and (handler.headers.get("If-None-Match") == etag
                                 or handler.headers.get("If-Modified-Since") == LAST_MODIFIED):
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED} if etag else {}
        send(handler, 200, site.document(name), content_type, headers)

    return route


def raw(site: FeedSite, body: bytes, content_type: str = RSS, status: int = 200,
        headers: dict[str, str] | None = None) -> Route:
    """A route answering *body* as it is."""

    def route(handler):
        site.record(handler)
        send(handler, status, body, content_type, headers)

    return route


def stalled(site: FeedSite, release: threading.Event) -> Route:
    """A route that sends nothing until *release* is set (a slow server): the client times out first."""

    def route(handler):
        site.record(handler)
        release.wait(30)
        send(handler, 200, site.document("rss20.xml"), RSS)

    return route


@contextmanager
def feed_site(extra: Callable[[FeedSite], dict[str, Route]] | None = None) -> Iterator[FeedSite]:
    """The feed server: the fixtures under their names (``/rss20.xml``...), the teaser feed's
    full article, and *extra* routes made by a function of the site."""
    site = FeedSite()
    routes: dict[str, Route] = {
        "/rss20.xml": fixture(site, "rss20.xml", etag='"herald-1"'),
        "/rss10.xml": fixture(site, "rss10.xml", "application/rdf+xml"),
        "/atom.xml": fixture(site, "atom.xml", ATOM),
        "/teaser.xml": fixture(site, "teaser.xml"),
        "/mirror.xml": fixture(site, "mirror.xml"),
        "/subscriptions.opml": fixture(site, "subscriptions.opml", "text/x-opml"),
        "/dispatch/mulberries": fixture(site, "mulberries.html", HTML),
    }
    routes.update(extra(site) if extra else {})
    with serve(routes) as base:
        site.base = base
        yield site


def many_items_feed(site: FeedSite, count: int, words: int = 150) -> bytes:
    """An RSS 2.0 feed of *count* distinct items, each carrying its article (``content:encoded``)
    of *words* words drawn from the demo articles, linked under ``/many/``."""
    from xml.sax.saxutils import escape

    from sources_support import demo_excerpts

    items = []
    for i, body in enumerate(demo_excerpts(count, words)):
        items.append(f"<item><title>Report number {i}</title><link>{site.base}/many/{i}</link>"
                     f"<content:encoded>{escape(f'<p>{escape(body)}.</p>')}</content:encoded></item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Many</title>'
            + "".join(items) + "</channel></rss>").encode("utf-8")
