"""Web pages: the article inside an HTML page (trafilatura), and fetching a page by URL (httpx).

Both are headless, return data (the page's article, or its bytes; :mod:`nlp.reading` makes the
article) and raise :class:`nlp.text.ReadError` with a one-line message naming
the page and the reason. Nothing is fetched unless the user gave a URL.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass

from nlp.text import ReadError, guess_title

MIN_ARTICLE_WORDS = 20
"""A page whose extracted text is shorter than this is not taken as an article."""
MIN_PARAGRAPH_WORDS = 8
"""An article needs at least one block this long (a sentence, not a list of links)."""

DEFAULT_TIMEOUT_S = 15.0
"""Seconds allowed to connect, and between two reads, when fetching (``MARGIN_FETCH_TIMEOUT``)."""
MAX_REDIRECTS = 5
USER_AGENT = "Margin/0.1 (terminal news reader)"
FETCHED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown", "text/x-markdown")
"""Content types Margin reads; anything else is refused before its body is downloaded."""
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
              "application/x-rss+xml", "application/feed+xml", "text/rss+xml", "text/atom+xml",
              "application/octet-stream", "text/html", "application/xhtml+xml", "text/plain",
              "text/x-opml", "application/x-opml", "text/x-opml+xml")
"""Content types fetched as a feed or a list of feeds (OPML): the XML ones, and those servers
wrongly give feeds (a page served instead of the feed is refused by its content, with a clearer
reason)."""
FEED_ACCEPT = "application/rss+xml,application/atom+xml,application/rdf+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1"

_SPACE = re.compile(r"[ \t\r\n\f\v]+")


@dataclass(frozen=True)
class PageArticle:
    """What :func:`extract_article` found in a page."""

    title: str
    text: str
    """The article as blocks separated by blank lines, starting with the title."""
    encoding: str
    url: str | None = None
    site: str | None = None
    author: str | None = None
    published: str | None = None


def extract_article(html: str, name: str, encoding: str = "utf-8", url: str | None = None) -> PageArticle:
    """The main text and metadata of the page *html*, or a :class:`ReadError` naming *name*."""
    import trafilatura

    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                           include_tables=True, deduplicate=True)
    blocks = _blocks(document.body) if document is not None and document.body is not None else []
    words = sum(len(block.split()) for block in blocks)
    if words < MIN_ARTICLE_WORDS or max((len(b.split()) for b in blocks), default=0) < MIN_PARAGRAPH_WORDS:
        raise ReadError(f"{name}: no article found in the page")
    title = _clean(document.title or "") or guess_title("\n".join(blocks), name)
    if blocks[0] != title:
        blocks.insert(0, title)
    return PageArticle(title, "\n\n".join(blocks) + "\n", encoding, url=document.url or url,
                       site=_clean(document.sitename or "") or document.hostname or None,
                       author=_clean(document.author or "") or None, published=document.date or None)


def _blocks(body) -> list[str]:
    """Text blocks of trafilatura's XML body: headings, paragraphs, list items, quotes, table rows."""
    blocks: list[str] = []
    for element in body:
        if element.tag == "list":
            blocks.extend("• " + text for item in element.iter("item") if (text := _clean(_own_text(item))))
        elif element.tag == "table":
            rows = (" · ".join(filter(None, (_clean(_own_text(c)) for c in row.iter("cell"))))
                    for row in element.iter("row"))
            blocks.extend(row for row in rows if row)
        elif element.tag == "quote" and len(element):
            blocks.extend(_blocks(element))
        elif element.tag != "graphic" and (text := _clean(_own_text(element))):
            blocks.append(text)
    return blocks


def _own_text(element) -> str:
    """The text of *element*, without that of lists nested in it (they are blocks of their own)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != "list":
            parts.append(_own_text(child))
        parts.append(child.tail or "")
    return "".join(parts) if element.tag != "lb" else "\n"


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


# --- fetching ---------------------------------------------------------------------------

@dataclass(frozen=True)
class FetchedPage:
    """A page as the server sent it."""

    url: str
    """The address asked for (kept as the article's URL)."""
    final_url: str
    """Where the redirects ended."""
    body: bytes
    content_type: str
    charset: str | None
    status: int = 200
    """304 when a conditional request found nothing new (the body is then empty)."""
    etag: str | None = None
    """The ETag header, sent back as If-None-Match next time."""
    last_modified: str | None = None
    """The Last-Modified header, sent back as If-Modified-Since next time."""


def fetch_timeout() -> float:
    """The fetch timeout in seconds: ``MARGIN_FETCH_TIMEOUT`` if set and valid, else the default."""
    try:
        value = float(os.environ.get("MARGIN_FETCH_TIMEOUT", DEFAULT_TIMEOUT_S))
    except ValueError:
        return DEFAULT_TIMEOUT_S
    return value if value > 0 else DEFAULT_TIMEOUT_S


def fetch(url: str, max_bytes: int, timeout: float | None = None) -> FetchedPage:
    """Download *url* (following up to :data:`MAX_REDIRECTS` redirects), or raise :class:`ReadError`.

    The connection and each read may take *timeout* seconds, the whole download four times
    that; bodies over *max_bytes* and content that is not HTML or text are refused.
    """
    return _fetch(url, max_bytes, timeout, {"Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"},
                  FETCHED_TYPES, "HTML or text")


def fetch_feed(url: str, max_bytes: int, timeout: float | None = None, etag: str | None = None,
               last_modified: str | None = None) -> FetchedPage:
    """Download the feed at *url* as :func:`fetch` does, asking conditionally: with *etag* and
    *last_modified* (from the last fetch) a server with nothing new answers 304, returned with
    an empty body."""
    headers = {"Accept": FEED_ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return _fetch(url, max_bytes, timeout, headers, FEED_TYPES, "a feed")


def _fetch(url: str, max_bytes: int, timeout: float | None, headers: dict[str, str], types: tuple[str, ...],
           wanted: str) -> FetchedPage:
    import httpx

    timeout = timeout or fetch_timeout()
    try:
        with httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=timeout,
                          headers={"User-Agent": USER_AGENT, **headers}) as client:
            with client.stream("GET", url) as response:
                return _read_response(url, response, max_bytes, time.monotonic() + 4 * timeout, types, wanted)
    except httpx.HTTPError as err:
        raise ReadError(f"{url}: {_http_reason(err, timeout)}") from None
    except (httpx.InvalidURL, ValueError, UnicodeError) as err:
        raise ReadError(f"{url}: not a valid web address ({err})") from None


def _read_response(url: str, response, max_bytes: int, deadline: float, types: tuple[str, ...] = FETCHED_TYPES,
                   wanted: str = "HTML or text") -> FetchedPage:
    if response.status_code >= 400:
        raise ReadError(f"{url}: the server answered {response.status_code} {response.reason_phrase}".rstrip())
    validators = {"etag": response.headers.get("etag"), "last_modified": response.headers.get("last-modified")}
    if response.status_code == 304:
        return FetchedPage(url, str(response.url), b"", "", None, 304, **validators)
    mime, charset = _content_type(response.headers.get("content-type", ""))
    if mime and mime not in types:
        raise ReadError(f"{url}: the page is {mime}, not {wanted}")
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise ReadError(f"{url}: the page is {int(length) / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB limit")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise ReadError(f"{url}: the page is over the {max_bytes / 2**20:.0f} MB limit")
        if time.monotonic() > deadline:
            raise ReadError(f"{url}: the download took too long")
        chunks.append(chunk)
    return FetchedPage(url, str(response.url), b"".join(chunks), mime or "", charset, response.status_code,
                       **validators)


def _content_type(header: str) -> tuple[str, str | None]:
    """The media type and charset of a Content-Type header."""
    mime, _, params = header.partition(";")
    charset = re.search(r"charset\s*=\s*\"?([^\s;\"]+)", params, re.IGNORECASE)
    return mime.strip().lower(), charset.group(1) if charset else None


def _http_reason(err, timeout: float) -> str:
    """A short reason for an httpx error: what a user can act on, not a traceback."""
    import httpx

    text = str(err)
    if isinstance(err, httpx.TimeoutException):
        what = "connecting" if isinstance(err, (httpx.ConnectTimeout, httpx.PoolTimeout)) else "waiting for the server"
        return f"timed out after {timeout:g} s {what}"
    if isinstance(err, httpx.TooManyRedirects):
        return f"more than {MAX_REDIRECTS} redirects"
    if isinstance(err, httpx.UnsupportedProtocol):
        return "only http:// and https:// addresses can be read"
    if isinstance(err, httpx.ConnectError):
        if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text \
                or "No address associated" in text or "Temporary failure in name resolution" in text:
            return "the host name was not found (DNS)"
        if "refused" in text.lower():
            return "the connection was refused"
        return f"cannot connect ({' '.join(text.split()) or type(err).__name__})"
    return f"the download failed ({' '.join(text.split()) or type(err).__name__})"
