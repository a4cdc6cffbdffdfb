"""Refreshing subscribed feeds: fetch them a few at a time, turn their new items into articles,
and store those through the import pipeline (:mod:`nlp.importer`) one per transaction.

Two steps, so a caller can show each one's progress: :func:`fetch_feeds` downloads the feeds
(conditionally, with the validators of the last refresh), parses them, leaves out the items the
library already has by link, and fetches the full article of items that carry only a short
summary (or of every item of a ``--full`` feed); :func:`store_items` analyses and stores the
rest, records each feed's refresh, and finds the followed names the new articles mention.
:func:`refresh_feeds` does both. A broken feed is reported and skipped; the others refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace

from nlp.config import Settings
from nlp.feeds import FeedItem, ParsedFeed
from nlp.importer import ProgressCallback, import_files
from nlp.index import Feed, FollowedNews, Index
from nlp.raw import Extractor
from nlp.reading import ArticleInput
from nlp.text import ReadError, one_line

FEEDS_IN_FLIGHT = 8
"""Feeds (and full articles) downloaded at once: enough to hide the network's latency, few
enough not to hammer one server or use many sockets."""
SHORT_SUMMARY_WORDS = 120
"""An item whose text is shorter than this is a teaser: its full article is fetched from its link."""


@dataclass
class FeedResult:
    """What refreshing one feed did."""

    feed: Feed
    new: int = 0
    """Articles stored from it."""
    known: int = 0
    """Items the library already had (by link or by content), or that another feed carried."""
    error: str | None = None
    """Why the feed itself could not be refreshed (one line); None when it was."""
    unchanged: bool = False
    """The server answered "nothing new" (304) to the conditional request."""
    failed: list[str] = field(default_factory=list)
    """One line per item that could not be stored."""
    notes: list[str] = field(default_factory=list)
    """Things worth telling that are not failures (a full article that could not be fetched)."""

    @property
    def name(self) -> str:
        """How messages name the feed: its name, else its address."""
        return self.feed.name or self.feed.url


@dataclass
class FetchedFeeds:
    """What :func:`fetch_feeds` found: each feed's result so far, and the new items as articles."""

    results: list[FeedResult]
    articles: list[ArticleInput]
    """New items, ready to analyse, each with its feed's id."""
    validators: dict[int, tuple[str | None, str | None, str | None]] = field(default_factory=dict)
    """Feed id → (ETag, Last-Modified, feed title) of each feed fetched, recorded once its items are stored."""
    interrupted: bool = False


@dataclass
class RefreshReport:
    """What a refresh did."""

    feeds: list[FeedResult]
    added: list[int] = field(default_factory=list)
    """Ids of the articles stored."""
    words: int = 0
    """Words in the articles stored."""
    followed: list[FollowedNews] = field(default_factory=list)
    """Followed names the new articles mention, with how many of them do."""
    interrupted: bool = False
    """Ctrl-C stopped it; what was stored is kept, and the next refresh fetches the rest."""

    @property
    def failed(self) -> bool:
        """Whether a feed or an item failed."""
        return any(r.error or r.failed for r in self.feeds)


def refresh_feeds(index: Index, extractor: Extractor, settings: Settings, feeds: list[Feed] | None = None,
                  workers: int = 1, in_flight: int = FEEDS_IN_FLIGHT) -> RefreshReport:
    """Refresh *feeds* (default: every subscribed feed) into *index*; see the module's description."""
    fetched = fetch_feeds(index, settings, index.feeds() if feeds is None else feeds, in_flight=in_flight)
    return store_items(index, fetched, extractor, settings, workers=workers)


def fetch_feeds(index: Index, settings: Settings, feeds: list[Feed], on_fetched: Callable[[str], None] | None = None,
                in_flight: int = FEEDS_IN_FLIGHT) -> FetchedFeeds:
    """Download and parse *feeds*, at most *in_flight* at once, and make their new items articles.

    *on_fetched* is called with each feed's name as it is done. Only this thread uses *index*
    (to leave out the links it has); the downloads run in a pool.
    """
    results = {feed.id: FeedResult(feed) for feed in feeds}
    fetched = FetchedFeeds(list(results.values()), [])
    seen: set[str] = set()
    pool = ThreadPoolExecutor(max_workers=max(1, in_flight), thread_name_prefix="margin-feed")
    try:
        parsed = {pool.submit(_download, feed, settings): feed for feed in feeds}
        pages: list[tuple[FeedResult, FeedItem, str | None, Future]] = []
        for future in as_completed(parsed):
            feed = parsed[future]
            result = results[feed.id]
            _take_feed(index, result, future.result(), fetched, seen, pages, pool, settings)
            if on_fetched is not None:
                on_fetched(result.name)
        for result, item, site, page in pages:
            _take_item(result, item, site, page.result() if page is not None else None, fetched)
    except KeyboardInterrupt:
        fetched.interrupted = True
        fetched.articles.clear()
    finally:
        pool.shutdown(wait=not fetched.interrupted, cancel_futures=True)
    return fetched


def _download(feed: Feed, settings: Settings):
    """The feed's document (fetched conditionally) and its items, or the one-line reason it failed."""
    from nlp.feeds import parse_feed
    from nlp.web import fetch_feed

    try:
        page = fetch_feed(feed.url, settings.max_bytes, settings.fetch_timeout, feed.etag, feed.last_modified)
        if page.status == 304:
            return page, None
        return page, parse_feed(page.body, feed.url, page.final_url)
    except ReadError as err:
        return str(err).removeprefix(f"{one_line(feed.url)}: "), None  # the feed's own error: no need to name it


def _take_feed(index: Index, result: FeedResult, downloaded, fetched: FetchedFeeds, seen: set[str],
               pages: list, pool: ThreadPoolExecutor, settings: Settings) -> None:
    """Record one feed's download, and queue its new items (a full-article download for teasers)."""
    page, parsed = downloaded
    if isinstance(page, str):
        result.error = page
        return
    if parsed is None:
        result.unchanged = True
        return
    fetched.validators[result.feed.id] = (page.etag, page.last_modified, parsed.title)
    if result.feed.name is None and parsed.title:  # named by its title from now on (feed_refreshed)
        result.feed = result.feed._replace(name=parsed.title)
    for item in parsed.items:
        if item.link is not None and (item.link in seen or index.find_article_by_url(item.link) is not None):
            result.known += 1
            continue
        if item.link is not None:
            seen.add(item.link)
        full = item.link is not None and (result.feed.full or item.summary_words < SHORT_SUMMARY_WORDS)
        page_future = pool.submit(_full_article, item.link, settings) if full else None
        pages.append((result, item, _site(parsed, result.feed), page_future))


def _site(parsed: ParsedFeed, feed: Feed) -> str | None:
    return parsed.title or feed.name


def _full_article(link: str, settings: Settings) -> ArticleInput | str:
    """The article at *link* (trafilatura), or the one-line reason it could not be read."""
    from nlp.reading import read_url

    try:
        return read_url(link, settings.max_bytes, settings.fetch_timeout)
    except ReadError as err:
        return str(err)


def _take_item(result: FeedResult, item: FeedItem, site: str | None, page: ArticleInput | str | None,
               fetched: FetchedFeeds) -> None:
    """Make *item* an article: the full *page* when it was read, else the item's own text."""
    feed_id = result.feed.id
    if isinstance(page, ArticleInput):
        fetched.articles.append(replace(page, title=item.title or page.title, url=item.link, path=None,
                                        site=site or page.site,
                                        author=item.author or page.author, published=item.published or page.published,
                                        feed_id=feed_id, file_hash=None))
        return
    if not item.summary.strip():
        result.failed.append(f"{item.link or item.title}: {page if page else 'the item has no text'}")
        return
    if isinstance(page, str):
        result.notes.append(f"{page}; the feed's summary was stored instead")
    fetched.articles.append(item_article(item, site, feed_id))


def item_article(item: FeedItem, site: str | None, feed_id: int | None = None) -> ArticleInput:
    """A feed item as an article: its title, then its text (a summary, unless the feed carries the
    whole article as content, see :attr:`FeedItem.is_content`)."""
    title = item.title or " ".join(item.summary.split()[:12]) or "Untitled"
    return ArticleInput(title, f"{title}\n\n{item.summary}\n", url=item.link, site=site, author=item.author,
                        published=item.published, feed_id=feed_id, summary_only=not item.is_content)


def store_items(index: Index, fetched: FetchedFeeds, extractor: Extractor, settings: Settings,
                progress: ProgressCallback | None = None, workers: int = 1) -> RefreshReport:
    """Analyse and store the articles :func:`fetch_feeds` made, one transaction each, and record
    each feed's refresh: its new validators once all its items are stored (an item that failed
    keeps the old ones, so the next refresh fetches the feed whole and tries it again)."""
    report = RefreshReport(fetched.results, interrupted=fetched.interrupted)
    owners: dict[str, list[FeedResult]] = {}
    by_id = {result.feed.id: result for result in fetched.results}
    for article in fetched.articles:
        owners.setdefault(_name(article), []).append(by_id[article.feed_id])
    imported = import_files(index, [], extractor, settings, progress=progress, articles=fetched.articles,
                            workers=workers) if fetched.articles else None
    if imported is not None:
        report.interrupted = report.interrupted or imported.interrupted
        report.added = [article_id for _, article_id in imported.added]
        report.words = imported.words
        _count(imported, owners)
    if not report.interrupted:
        _record(index, report, fetched)
    report.followed = index.followed_news(report.added) if report.added else []
    return report


def _name(article: ArticleInput) -> str:
    """The name the import reports an article under (:func:`nlp.prepare.item_name`)."""
    from nlp.prepare import item_name

    return item_name(article)


def _count(imported, owners: dict[str, list[FeedResult]]) -> None:
    """Credit each feed with its items' outcomes."""
    def owner(name: str) -> FeedResult | None:
        return owners[name].pop(0) if owners.get(name) else None

    for name, _ in imported.added:
        if (result := owner(name)) is not None:
            result.new += 1
    for name in imported.skipped:
        if (result := owner(name)) is not None:
            result.known += 1
    for message in imported.failed:
        name = next((n for n in owners if owners[n] and message.startswith(n + ":")), None)
        if name is not None:
            owner(name).failed.append(message)


def _record(index: Index, report: RefreshReport, fetched: FetchedFeeds) -> None:
    """Record in the index how each feed's refresh went."""
    for result in report.feeds:
        feed = result.feed
        if result.error is not None:
            index.feed_failed(feed.id, result.error)
        elif result.unchanged:
            index.feed_unchanged(feed.id)
        else:
            etag, last_modified, title = fetched.validators[feed.id]
            if result.failed:
                etag, last_modified = feed.etag, feed.last_modified
            index.feed_refreshed(feed.id, etag, last_modified, title)
