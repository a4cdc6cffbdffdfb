"""Feeds: RSS 0.9x, 1.0, 2.0 and Atom documents parsed into items (feedparser), and an item's
summary or content turned into plain text.

Headless and network-free: :mod:`nlp.refresh` fetches the bytes and stores the items. A
document that is not a feed (an HTML page) or is not well-formed XML raises
:class:`nlp.text.ReadError` with a one-line reason naming the feed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from nlp.text import ReadError, normalise_text

BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                        "pre", "tr", "table", "section", "article", "figure", "figcaption", "hr", "dd", "dt"})
"""HTML elements whose start and end break a summary into paragraphs."""
SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript"})
"""HTML elements whose text is never part of a summary."""
_SPACE = r"[ \t\r\f\v]+"


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed, as plain text."""

    title: str
    link: str | None
    """The address of the full article, if the item has an http(s) one (its link, else its id)."""
    author: str | None = None
    published: str | None = None
    """Publication (else last update) date as ISO 8601 (YYYY-MM-DD), if the item has one."""
    summary: str = ""
    """The item's text: its content if the feed carries one, else its summary (paragraphs
    separated by blank lines)."""
    is_content: bool = False
    """:attr:`summary` is the item's content (``content:encoded``, Atom ``content``): the feed
    carries the article itself, not a summary of it."""

    @property
    def summary_words(self) -> int:
        """Words in :attr:`summary`."""
        return len(self.summary.split())


@dataclass(frozen=True)
class ParsedFeed:
    """What a feed document holds."""

    title: str | None
    """The feed's own title ("The Valley Herald"), if it has one."""
    version: str
    """feedparser's name of the format ("rss20", "rss10", "atom10"...)."""
    items: list[FeedItem]


def parse_feed(data: bytes, name: str, url: str | None = None) -> ParsedFeed:
    """The items of the feed document *data*, or a :class:`ReadError` naming *name*.

    *url* (where the document came from) resolves the items' relative links. feedparser is given
    bytes, never an address, so parsing never touches the network; its XML parser does not load
    external entities.
    """
    import feedparser

    if not data.strip():
        raise ReadError(f"{name}: empty answer, not a feed")
    # Items are reduced to text (_html_to_text), never shown as HTML: feedparser's sanitising and
    # its rewriting of the addresses inside item HTML would be work for nothing (40% of the parse).
    result = feedparser.parse(data, response_headers={"content-location": url} if url else None,
                              sanitize_html=False, resolve_relative_uris=False)
    problem = _malformed(result)
    if not result.get("version"):
        raise ReadError(f"{name}: {_not_a_feed_reason(data, problem, url or name)}")
    if problem is not None:
        raise ReadError(f"{name}: not well-formed XML ({problem})")
    feed = result.get("feed", {})
    title = _one_line(_html_to_text(feed.get("title", ""))) or None
    return ParsedFeed(title, result["version"], [_item(entry) for entry in result.get("entries", [])])


def _malformed(result) -> str | None:
    """Why feedparser found the document malformed (line and message), or None when it is well formed.

    An HTML entity XML does not define (``&nbsp;``, common in real feeds) is read as HTML
    would: feedparser's lenient parser has the same text then.
    """
    import xml.sax

    error = result.get("bozo_exception")
    if not result.get("bozo") or not isinstance(error, xml.sax.SAXParseException):
        return None  # feedparser's other notes (a declared charset overridden) are not errors
    message = error.getMessage()
    if message == "undefined entity":
        return None
    return f"line {error.getLineNumber()}: {message}"


def _not_a_feed_reason(data: bytes, problem: str | None, url: str) -> str:
    from nlp.text import looks_like_html

    start = data[:4096].decode("utf-8", "replace").lstrip().lower()
    if looks_like_html(start) or start.startswith("<!doctype html"):
        links = feed_links(data, url)
        named = f"; the page names its feed: {links[0]}" if links else ""
        return f"an HTML page, not a feed (RSS or Atom){named}"
    if problem is not None:
        return f"not well-formed XML ({problem})"
    return "not an RSS or Atom feed"


FEED_LINK_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
DISCOVERY_BYTES = 256 * 1024
"""How much of a page is searched for the links to its feeds (they are in its head)."""


def feed_links(html: bytes, url: str) -> list[str]:
    """The addresses of the feeds an HTML page names (``<link rel="alternate" type="application/rss+xml"
    href="...">``), made absolute against the page's *url*, in page order."""
    from urllib.parse import urljoin

    parser = _FeedLinks()
    parser.feed(html[:DISCOVERY_BYTES].decode("utf-8", "replace"))
    links = [urljoin(url, href.strip()) for href in parser.hrefs]
    return [link for link in dict.fromkeys(links) if link.startswith(("http://", "https://"))]


class _FeedLinks(HTMLParser):
    """Collects the ``href`` of the ``<link>`` elements that name a feed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        values = {key: (value or "") for key, value in attrs}
        if tag == "link" and "alternate" in values.get("rel", "").lower().split() \
                and values.get("type", "").lower().strip() in FEED_LINK_TYPES and values.get("href", "").strip():
            self.hrefs.append(values["href"])


def _item(entry) -> FeedItem:
    """A :class:`FeedItem` from a feedparser entry."""
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    body = max(contents, key=len) if contents else ""
    summary = entry.get("summary", "")
    is_content = bool(body) and len(body) >= len(summary)
    text = _html_to_text(body if is_content else summary)
    title = _one_line(_html_to_text(entry.get("title", "")))
    link = next((str(value).strip() for value in (entry.get("link"), entry.get("id"))
                 if str(value or "").strip().lower().startswith(("http://", "https://"))), None)
    return FeedItem(title, link, _one_line(entry.get("author", "")) or None, _date(entry), text, is_content)


def _date(entry) -> str | None:
    """The entry's publication date, else its update date, as YYYY-MM-DD."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


def _one_line(text: str) -> str:
    return " ".join(normalise_text(str(text)).split())


def _html_to_text(html: str) -> str:
    """The text of an HTML fragment, paragraphs separated by blank lines (a plain text stays as it is)."""
    if "<" not in html and "&" not in html:
        return _paragraphs(html)
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    return _paragraphs("".join(parser.parts))


def _paragraphs(text: str) -> str:
    text = normalise_text(text)
    blocks = (re.sub(_SPACE, " ", block).strip() for block in re.split(r"\n\s*\n|\n", text))
    return "\n\n".join(block for block in blocks if block)


class _TextOfHtml(HTMLParser):
    """Collects the text of HTML, with a paragraph break at each block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data.replace("\n", " "))
