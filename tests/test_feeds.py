"""Feeds: parsing RSS 1.0, RSS 2.0 and Atom, and refreshing subscribed feeds from a loopback server."""

from __future__ import annotations

import threading

import pytest

from nlp.config import Settings
from nlp.feeds import parse_feed
from nlp.index import open_index
from nlp.refresh import refresh_feeds
from nlp.text import ReadError
from feeds_support import FEEDS, FeedSite, feed_site, many_items_feed, raw, stalled
from sources_support import CapitalsExtractor

SUMMARY_ITEM_WORDS = 100


def parsed(name: str, base: str = "http://news.test"):
    return parse_feed((FEEDS / name).read_text(encoding="utf-8").replace("{base}", base).encode(), name)


# --- parsing --------------------------------------------------------------------------------

def test_rss20_items_have_title_author_date_link_and_content():
    feed = parsed("rss20.xml")
    assert (feed.title, feed.version, len(feed.items)) == ("The Valley Herald", "rss20", 2)
    item = feed.items[0]
    assert item.title == "Salang road reopens after the avalanche"
    assert (item.author, item.published, item.link) == ("Mariam Karimi", "2024-02-11", "http://news.test/herald/salang")
    assert item.is_content and item.summary.startswith("The road through the Salang pass reopened on Sunday morning")
    assert "<p>" not in item.summary and item.summary.count("\n\n") == 3  # paragraphs kept, tags gone


def test_rss10_item_is_read_with_its_dublin_core_author_and_date():
    feed = parsed("rss10.xml")
    assert (feed.title, feed.version) == ("Kabul Notes", "rss10")
    [item] = feed.items
    assert (item.title, item.author, item.published) == ("Girls return to a village school in Parwan", "Farid Ahmadi",
                                                        "2024-03-02")
    assert not item.is_content and item.summary_words > SUMMARY_ITEM_WORDS


def test_atom_entry_content_is_text_and_published_wins_over_updated():
    feed = parsed("atom.xml")
    assert (feed.title, feed.version) == ("Panjshir Wire", "atom10")
    [entry] = feed.items
    assert (entry.author, entry.published, entry.link) == ("Omar Sadiq", "2024-03-04", "http://news.test/wire/dam")
    assert entry.is_content and "Hamid Nazari" in entry.summary and "&lt;" not in entry.summary


@pytest.mark.parametrize(("data", "reason"), [
    (b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>",
     "an HTML page, not a feed"),
    (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title></channel></rss>',
     "not well-formed XML (line 1: mismatched tag)"),
    (b"just some words", "not well-formed XML"),
    (b'<?xml version="1.0"?><note><to>Tove</to></note>', "not an RSS or Atom feed"),
    (b"   ", "empty answer, not a feed"),
])
def test_what_is_not_a_feed_is_refused_in_one_line(data, reason):
    with pytest.raises(ReadError) as caught:
        parse_feed(data, "http://news.test/feed")
    message = str(caught.value)
    assert message.startswith("http://news.test/feed: ") and reason in message and "\n" not in message


def test_external_entities_are_not_loaded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    data = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY leak SYSTEM "file://{secret}">]>'
            '<rss version="2.0"><channel><title>T</title><item><title>Leak &leak;</title>'
            '<description>x</description></item></channel></rss>').encode()
    try:
        feed = parse_feed(data, "feed")
    except ReadError:
        return  # refused: nothing was read either
    assert all("TOP-SECRET" not in item.title + item.summary for item in feed.items)


def test_an_html_entity_in_a_feed_is_read_as_html_would():
    data = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Kabul&nbsp;notes</title>'
            b'<description>One &amp; two</description></item></channel></rss>')
    [item] = parse_feed(data, "feed").items
    assert item.summary == "One & two" and item.title.startswith("Kabul")


def test_item_html_becomes_text_without_scripts_styles_or_comments():
    html = ("<p>First <b>bold</b> words.</p><script>alert('x')</script><style>p {color: red}</style>"
            "<!-- hidden --><ul><li>one</li><li>two</li></ul>Last<br>line &amp; more")
    data = ('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title>'
            f"<description><![CDATA[{html}]]></description></item></channel></rss>").encode()
    [item] = parse_feed(data, "feed").items
    assert item.summary == "First bold words.\n\none\n\ntwo\n\nLast\n\nline & more"


def test_only_web_addresses_are_taken_as_links():
    data = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            b'<item><title>A</title><link>file:///etc/passwd</link><description>a</description></item>'
            b'<item><title>B</title><link>javascript:alert(1)</link><guid>https://news.test/b</guid></item>'
            b'<item><title>C</title><link>/relative/c</link></item>'
            b'</channel></rss>')
    feed = parse_feed(data, "feed", "https://news.test/feed.xml")
    assert [item.link for item in feed.items] == [None, "https://news.test/b", "https://news.test/relative/c"]


def test_control_characters_in_an_item_are_removed():
    data = ('<?xml version="1.0"?><rss version="2.0"><channel><title>T\u202e</title><item>'
            '<title>Bad &#x9b;31m title</title><description>Text \u202ereversed</description></item></channel></rss>')
    feed = parse_feed(data.encode(), "feed")
    assert feed.title == "T" and "\x9b" not in feed.items[0].title and "\u202e" not in feed.items[0].summary


# --- refreshing -----------------------------------------------------------------------------

def settings_for(tmp_path, **changes) -> Settings:
    return Settings(data_dir=tmp_path / "data", **changes)


def subscribe(index, site: FeedSite, *paths: str, full: bool = False) -> list:
    return [index.add_feed(site.url(path), full=full)[0] for path in paths]


def stored(index) -> dict[str, tuple]:
    """url → (title, author, published, site, feed_id, summary_only) of every stored article."""
    rows = index.conn.execute("SELECT url, title, author, published, site, feed_id, summary_only FROM articles")
    return {row[0]: row[1:] for row in rows}


def test_refresh_stores_each_item_with_its_metadata_and_feed(tmp_path):
    with feed_site() as site, open_index(tmp_path / "data") as index:
        herald, notes, wire = subscribe(index, site, "/rss20.xml", "/rss10.xml", "/atom.xml")
        report = refresh_feeds(index, CapitalsExtractor(), settings_for(tmp_path))
        articles = stored(index)
        assert {r.name: (r.new, r.known, r.error) for r in report.feeds} == {
            "The Valley Herald": (2, 0, None), "Kabul Notes": (1, 0, None), "Panjshir Wire": (1, 0, None)}
        assert articles[site.url("/herald/salang")] == ("Salang road reopens after the avalanche", "Mariam Karimi",
                                                        "2024-02-11", "The Valley Herald", herald.id, 0)
        assert articles[site.url("/notes/school")][4:] == (notes.id, 1)  # a description: the feed's summary
        assert articles[site.url("/wire/dam")][1:] == ("Omar Sadiq", "2024-03-04", "Panjshir Wire", wire.id, 0)
        assert len(report.added) == 4 and not report.failed
        assert [f.name for f in index.feeds()] == ["The Valley Herald", "Kabul Notes", "Panjshir Wire"]
        assert [f.article_count for f in index.feeds()] == [2, 1, 1]


def test_a_second_refresh_asks_conditionally_and_a_304_stores_nothing(tmp_path):
    with feed_site() as site, open_index(tmp_path / "data") as index:
        subscribe(index, site, "/rss20.xml")
        first = refresh_feeds(index, CapitalsExtractor(), settings_for(tmp_path))
        [feed] = index.feeds()
        assert (feed.etag, feed.last_modified) == ('"herald-1"', "Sun, 11 Feb 2024 09:00:00 GMT")
        second = refresh_feeds(index, CapitalsExtractor(), settings_for(tmp_path))
        first_ask, second_ask = site.asked("/rss20.xml")
        assert "if-none-match" not in first_ask and "if-modified-since" not in first_ask
        assert second_ask["if-none-match"] == '"herald-1"'
        assert second_ask["if-modified-since"] == "Sun, 11 Feb 2024 09:00:00 GMT"
        assert len(first.added) == 2 and second.added == [] and second.feeds[0].unchanged
        assert index.article_count() == 2 and index.feeds()[0].last_error is None


def test_a_teaser_gets_its_full_article_and_a_missing_page_keeps_the_summary(tmp_path):
    with feed_site() as site, open_index(tmp_path / "data") as index:
        subscribe(index, site, "/teaser.xml")
        report = refresh_feeds(index, CapitalsExtractor(), settings_for(tmp_path))
        [result] = report.feeds
        assert (result.new, result.failed) == (2, [])
        full = index.conn.execute("SELECT title, text, summary_only, site FROM articles WHERE url = ?",
                                  (site.url("/dispatch/mulberries"),)).fetchone()
        assert full[0] == "Mulberry harvest begins early in the valley" and full[2] == 0
        assert "white sheets under the trees" in full[1] and full[3] == "Northern Dispatch"
        teaser = index.conn.execute("SELECT text, summary_only FROM articles WHERE url = ?",
                                    (site.url("/dispatch/missing-bridge"),)).fetchone()
        assert "closed to traffic for a month" in teaser[0] and teaser[1] == 1
        [note] = result.notes
        assert "404" in note and "summary was stored" in note
        assert len(site.asked("/dispatch/mulberries")) == 1


def test_a_full_feed_fetches_every_item_from_its_link(tmp_path):
    def extra(site):
        return {"/herald/salang": raw(site, (FEEDS / "mulberries.html").read_bytes(), "text/html")}

    with feed_site(extra) as site, open_index(tmp_path / "data") as index:
        subscribe(index, site, "/rss20.xml", full=True)
        report = refresh_feeds(index, CapitalsExtractor(), settings_for(tmp_path))
        assert len(site.asked("/herald/salang")) == 1
        assert report.feeds[0].new == 2
        texts = dict(index.conn.execute("SELECT url, text FROM articles"))
        assert "white sheets" in texts[site.url("/herald/salang")]
        # the other link is missing: the feed's own content is stored, and that is said
        assert "Mandawi market" in texts[site.url("/herald/flour")]
        [note] = report.feeds[0].notes
        assert note.startswith(site.url("/herald/flour")) and "404" in note


def test_two_feeds_carrying_the_same_story_store_it_once(tmp_path):
    with feed_site() as site, open_index(tmp_path / "data") as index:
        subscribe(index, site, "/rss20.xml", "/atom.xml", "/mirror.xml")
        report = refresh_feeds(index, CapitalsExtractor(), settings_for(tmp_path))
        titles = [row[0] for row in index.conn.execute("SELECT title FROM articles")]
        assert sorted(titles) == ["Dam on the Panjshir river nears completion", "Flour prices fall as convoys reach Kabul",
                                  "Salang road reopens after the avalanche"]
        assert sum(r.new for r in report.feeds) == 3 and sum(r.known for r in report.feeds) == 2
        # once stored, a story is known by its link to every feed
        again = refresh_feeds(index, CapitalsExtractor(), settings_for(tmp_path), feeds=index.find_feeds(site.url("/mirror.xml")))
        assert (again.feeds[0].new, again.feeds[0].known) == (0, 2)


def broken_routes(release: threading.Event):
    def routes(site):
        big = site.document("rss20.xml").replace(b"</channel>", b"<!-- " + b"x" * 300_000 + b" --></channel>")
        return {
            "/slow.xml": stalled(site, release),
            "/big.xml": raw(site, big),
            "/loop.xml": raw(site, b"", status=302, headers={"Location": "/loop.xml"}),
            "/page.xml": raw(site, (FEEDS / "mulberries.html").read_bytes(), "text/html"),
            "/malformed.xml": raw(site, site.document("rss20.xml").replace(b"</item>", b"", 1)),
        }

    return routes


def test_broken_feeds_are_reported_and_skipped_and_the_others_refresh(tmp_path):
    release = threading.Event()
    try:
        with feed_site(broken_routes(release)) as site, open_index(tmp_path / "data") as index:
            paths = ["/slow.xml", "/big.xml", "/loop.xml", "/missing.xml", "/page.xml", "/malformed.xml",
                     "/atom.xml", "/rss10.xml"]
            subscribe(index, site, *paths)
            report = refresh_feeds(index, CapitalsExtractor(), settings_for(tmp_path, fetch_timeout=0.5,
                                                                             max_file_mb=0.25))
            errors = {r.feed.url.removeprefix(site.base): r.error for r in report.feeds}
            assert "timed out after 0.5 s" in errors["/slow.xml"]
            assert "over the" in errors["/big.xml"] and "limit" in errors["/big.xml"]
            assert "more than 5 redirects" in errors["/loop.xml"]
            assert errors["/missing.xml"] == "the server answered 404 Not Found"  # the feed is not named twice
            assert "an HTML page, not a feed" in errors["/page.xml"]
            assert "not well-formed XML" in errors["/malformed.xml"]
            assert errors["/atom.xml"] is None and errors["/rss10.xml"] is None
            assert all("\n" not in (e or "") for e in errors.values())
            assert sorted(stored(index)) == [site.url("/notes/school"), site.url("/wire/dam")]
            assert {f.url.removeprefix(site.base): f.last_error for f in index.feeds()} == errors
            assert report.failed
    finally:
        release.set()


def test_a_failed_feed_keeps_its_validators(tmp_path):
    answers = iter([None, 500])

    def extra(site):
        herald = site.document("rss20.xml")

        def route(handler):
            status = next(answers, 500) or 200
            raw(site, herald if status == 200 else b"oops", status=status,
                headers={"ETag": '"v1"'} if status == 200 else {})(handler)

        return {"/flaky.xml": route}

    with feed_site(extra) as site, open_index(tmp_path / "data") as index:
        subscribe(index, site, "/flaky.xml")
        refresh_feeds(index, CapitalsExtractor(), settings_for(tmp_path))
        report = refresh_feeds(index, CapitalsExtractor(), settings_for(tmp_path))
        [feed] = index.feeds()
        assert "500" in report.feeds[0].error and feed.etag == '"v1"' and "500" in feed.last_error


def test_followed_names_in_new_articles_are_counted(tmp_path):
    with feed_site() as site, open_index(tmp_path / "data") as index:
        subscribe(index, site, "/atom.xml")
        refresh_feeds(index, CapitalsExtractor(), settings_for(tmp_path))
        # Following a name is the reader's (the dossier's f, another part of issue 15): the rows
        # are written here directly, as that command would.
        for name in ("Salang", "Hamid Nazari"):
            index.conn.execute("INSERT INTO follows (entity_id, followed_at) SELECT id, '2024-01-01' FROM entities"
                               " WHERE name = ?", (name,))
        subscribe(index, site, "/rss20.xml")
        report = refresh_feeds(index, CapitalsExtractor(), settings_for(tmp_path))
        assert [(f.name, f.article_count) for f in report.followed] == [("Salang", 2)]  # not the dam's Nazari
        assert index.followed_news([]) == []


def test_items_are_analysed_in_worker_processes_as_in_this_one(tmp_path):
    from nlp.importer import PARALLEL_MIN_FILES

    count = PARALLEL_MIN_FILES + 4
    with feed_site(lambda site: {"/many.xml": lambda handler: raw(site, many_items_feed(site, count))(handler)}) as site:
        results = []
        for workers in (1, 2):
            with open_index(tmp_path / f"data-{workers}") as index:
                subscribe(index, site, "/many.xml")
                report = refresh_feeds(index, CapitalsExtractor(), settings_for(tmp_path), workers=workers)
                assert report.feeds[0].new == count
                results.append(sorted(index.conn.execute(
                    "SELECT url, title, text, feed_id, (SELECT count(*) FROM mentions m WHERE m.article_id = a.id)"
                    " FROM articles a")))
        assert results[0] == results[1] and len(results[0]) == count


class StoppedExtractor(CapitalsExtractor):
    """Ctrl-C arrives while the model reads the second batch."""

    def __init__(self) -> None:
        self.batches = 0

    def extract(self, texts, batch_size: int = 16):
        self.batches += 1
        if self.batches == 2:
            raise KeyboardInterrupt
        yield from super().extract(texts, batch_size)


def test_an_interrupted_refresh_keeps_whole_articles_and_the_next_one_gets_the_rest(tmp_path):
    from nlp.raw import BATCH_SIZE

    count = BATCH_SIZE + 4
    with feed_site(lambda site: {"/many.xml": lambda handler: raw(
            site, many_items_feed(site, count), headers={"ETag": '"many"'})(handler)}) as site:
        with open_index(tmp_path / "data") as index:
            subscribe(index, site, "/many.xml")
            stopped = refresh_feeds(index, StoppedExtractor(), settings_for(tmp_path))
            assert stopped.interrupted and len(stopped.added) == BATCH_SIZE
            assert index.conn.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS"
                                      " (SELECT 1 FROM mentions m WHERE m.article_id = a.id)").fetchone()[0] == 0
            assert index.feeds()[0].etag is None  # not recorded: the next refresh must not get a 304
            again = refresh_feeds(index, CapitalsExtractor(), settings_for(tmp_path))
            assert (again.feeds[0].new, again.feeds[0].known) == (4, BATCH_SIZE)
            assert index.article_count() == count and index.feeds()[0].etag == '"many"'


def test_an_html_page_that_names_its_feed_says_which():
    page = (b'<!DOCTYPE html><html><head><title>Herald</title>'
            b'<link rel="stylesheet" href="/style.css">'
            b'<link rel="alternate" type="application/rss+xml" title="News" href="/news.rss">'
            b'<link rel="Alternate" type="application/atom+xml" href="https://other.test/atom">'
            b'<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">'
            b'</head><body><p>Welcome</p></body></html>')
    with pytest.raises(ReadError) as caught:
        parse_feed(page, "http://news.test/home", "http://news.test/home")
    assert str(caught.value) == ("http://news.test/home: an HTML page, not a feed (RSS or Atom); "
                                 "the page names its feed: http://news.test/news.rss")
    from nlp.feeds import feed_links

    assert feed_links(page, "http://news.test/home") == ["http://news.test/news.rss", "https://other.test/atom"]
