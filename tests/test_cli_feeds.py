"""The feed commands: feed add / list / remove / import / export and refresh, as a user runs them."""

from __future__ import annotations

import json
import threading

import pytest

from nlp.index import open_index
from tui import cli_feeds
from tui.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from feeds_support import FEEDS, feed_site, raw
from sources_support import CapitalsExtractor, margin, one_line_error


@pytest.fixture(autouse=True)
def no_model(monkeypatch):
    """``margin refresh`` analyses with a small extractor here, not the real model."""
    monkeypatch.setattr(cli_feeds, "make_extractor", lambda settings: CapitalsExtractor())


@pytest.fixture
def site():
    with feed_site(lambda site: {"/page": raw(site, (FEEDS / "mulberries.html").read_bytes(), "text/html"),
                                 "/evil.xml": raw(site, site.document("rss20.xml").replace(
                                     b"The Valley Herald", "Evil \u009b31mRed\u202e Herald".encode()))}) as served:
        yield served


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args])
    out, err = capsys.readouterr()
    return code, out, err


def only_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("margin: ") and "Traceback" not in err, err
    return lines[0]


# --- feed add / list / remove ----------------------------------------------------------------

def test_feed_add_checks_the_feed_and_takes_its_title(site, capsys, data_dir):
    code, out, _ = run(capsys, "feed", "add", site.url("/rss20.xml"))
    assert code == EXIT_OK and out.startswith("Subscribed to #1 The Valley Herald.")
    code, out, _ = run(capsys, "feed", "add", site.url("/atom.xml"), "--name", "Wire", "--full")
    assert code == EXIT_OK and "#2 Wire" in out
    code, out, _ = run(capsys, "feed", "add", site.url("/rss20.xml"))
    assert code == EXIT_OK and out.startswith("Already subscribed: #1 The Valley Herald")
    with open_index(data_dir) as index:
        assert [(f.name, f.full) for f in index.feeds()] == [("The Valley Herald", False), ("Wire", True)]


@pytest.mark.parametrize(("url", "reason"), [
    ("ftp://example.org/feed", "starts with http:// or https://"),
    ("news.example.org/feed", "starts with http:// or https://"),
    ("http:///feed", "no host name"),
    ("http://exa mple.org/feed", "no host name, or a space"),
])
def test_feed_add_refuses_an_address_that_is_not_one(url, reason, capsys, data_dir):
    code, out, err = run(capsys, "feed", "add", url)
    assert code == EXIT_FAILED and out == "" and reason in only_error(err)
    assert not data_dir.exists()


def test_feed_add_refuses_a_page_that_is_not_a_feed_unless_told_not_to_check(site, capsys, data_dir):
    code, _, err = run(capsys, "feed", "add", site.url("/page"))
    assert code == EXIT_FAILED and "an HTML page, not a feed" in only_error(err) and "--no-check" in err
    code, _, err = run(capsys, "feed", "add", site.url("/missing.xml"))
    assert code == EXIT_FAILED and "404" in only_error(err)
    code, out, _ = run(capsys, "feed", "add", "--no-check", site.url("/missing.xml"))
    assert code == EXIT_OK and "Subscribed to #1" in out


def test_feed_list_shows_articles_refresh_and_error(site, capsys):
    run(capsys, "feed", "add", site.url("/rss20.xml"))
    run(capsys, "feed", "add", "--no-check", "--name", "Gone", site.url("/missing.xml"))
    code, out, _ = run(capsys, "feed", "list")
    assert code == EXIT_OK and "never refreshed" in out and "0 articles" in out
    run(capsys, "refresh")
    code, out, _ = run(capsys, "feed", "list")
    lines = out.splitlines()
    assert lines[0].startswith("#1    The Valley Herald  2 articles, refreshed ") and lines[1].strip() == site.url("/rss20.xml")
    assert lines[2].startswith("#2    Gone  0 articles, refreshed ") and "404" in lines[4] and "last error" in lines[4]
    code, out, _ = run(capsys, "feed", "list", "--json")
    rows = json.loads(out)
    assert [(r["id"], r["name"], r["article_count"]) for r in rows] == [(1, "The Valley Herald", 2), (2, "Gone", 0)]
    assert rows[1]["last_error"].endswith("the server answered 404 Not Found")


def test_feed_remove_by_id_name_or_address_keeps_the_articles(site, capsys, data_dir):
    for path in ("/rss20.xml", "/atom.xml", "/rss10.xml"):
        run(capsys, "feed", "add", site.url(path))
    run(capsys, "refresh")
    code, out, _ = run(capsys, "feed", "remove", "the valley herald")
    assert code == EXIT_OK and out.startswith("Unsubscribed from #1 The Valley Herald; its 2 articles stay")
    assert run(capsys, "feed", "remove", "#2")[0] == EXIT_OK
    assert run(capsys, "feed", "remove", site.url("/rss10.xml"))[0] == EXIT_OK
    code, _, err = run(capsys, "feed", "remove", "Herald")
    assert code == EXIT_FAILED and "Herald: no such feed" in only_error(err)
    with open_index(data_dir) as index:
        assert index.feeds() == [] and index.article_count() == 4
        assert index.conn.execute("SELECT count(*) FROM articles WHERE feed_id IS NOT NULL").fetchone()[0] == 0


def test_a_name_two_feeds_share_is_refused_with_both(site, capsys):
    run(capsys, "feed", "add", "--name", "News", site.url("/rss20.xml"))
    run(capsys, "feed", "add", "--name", "news", site.url("/atom.xml"))
    code, _, err = run(capsys, "feed", "remove", "News")
    assert code == EXIT_FAILED and "names 2 feeds (#1 " in only_error(err) and "give its id" in err


def test_feed_without_a_command_says_which_there_are(capsys):
    code, _, err = run(capsys, "feed")
    assert code == EXIT_USAGE and "add, list, remove, import or export" in only_error(err)


# --- OPML ---------------------------------------------------------------------------------------

def test_opml_import_walks_nested_outlines_and_reports_each_kind(site, capsys, tmp_path, data_dir):
    opml = tmp_path / "feeds.opml"
    opml.write_bytes(site.document("subscriptions.opml"))
    run(capsys, "feed", "add", site.url("/atom.xml"))
    code, out, err = run(capsys, "feed", "import", str(opml))
    assert code == EXIT_FAILED  # one outline was not a feed's address
    assert out.startswith("Imported 2 feeds, 1 already there, 1 invalid.")
    assert "Not a web address (ftp://example.invalid/feed): a feed's address starts with http" in only_error(err)
    with open_index(data_dir) as index:
        assert [(f.name, f.url.removeprefix(site.base)) for f in index.feeds()] == [
            ("Panjshir Wire", "/atom.xml"), ("The Valley Herald", "/rss20.xml"), ("Kabul Notes", "/rss10.xml")]
    code, out, _ = run(capsys, "feed", "import", str(opml))
    assert out.startswith("Imported 0 feeds, 3 already there, 1 invalid.")


@pytest.mark.parametrize(("content", "reason"), [
    (b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]><opml><body>'
     b'<outline xmlUrl="http://a.test/&x;"/></body></opml>', "declares a document type or entities"),
    (b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
     b'<opml><body><outline xmlUrl="http://a.test/&b;"/></body></opml>', "declares a document type or entities"),
    (b"<opml><body><outline xmlUrl='http://a.test/'></body>", "not well-formed XML"),
    (b'<rss version="2.0"><channel/></rss>', "not an OPML file (its root element is rss)"),
    (b"", "not well-formed XML"),
])
def test_a_bad_opml_file_is_refused_in_one_line(content, reason, capsys, tmp_path, data_dir):
    opml = tmp_path / "bad.opml"
    opml.write_bytes(content)
    code, out, err = run(capsys, "feed", "import", str(opml))
    assert code == EXIT_FAILED and out == "" and reason in only_error(err)
    assert not data_dir.exists()


def test_opml_import_from_an_address(site, capsys, data_dir):
    code, out, err = run(capsys, "feed", "import", site.url("/subscriptions.opml"))
    assert out.startswith("Imported 3 feeds, 0 already there, 1 invalid.") and "ftp://" in only_error(err)
    assert len(site.asked("/subscriptions.opml")) == 1
    code, out, err = run(capsys, "feed", "import", site.url("/gone.opml"))
    assert code == EXIT_FAILED and out == "" and only_error(err).endswith("gone.opml: the server answered 404 Not Found")


def test_a_missing_opml_file_is_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "feed", "import", str(tmp_path / "nope.opml"))
    assert code == EXIT_FAILED and "nope.opml: no such file" in only_error(err)


def test_export_then_import_gives_the_same_subscriptions(site, capsys, tmp_path, monkeypatch):
    run(capsys, "feed", "add", site.url("/rss20.xml"))
    run(capsys, "feed", "add", "--no-check", "--name", 'Quotes "&" <angles>', site.url("/a?b=1&c=2"))
    code, exported, _ = run(capsys, "feed", "export")
    assert code == EXIT_OK and exported.startswith('<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">')
    opml = tmp_path / "out.opml"
    opml.write_text(exported, encoding="utf-8")
    monkeypatch.setenv("MARGIN_DATA_DIR", str(tmp_path / "other"))
    code, out, _ = run(capsys, "feed", "import", str(opml))
    assert code == EXIT_OK and out.startswith("Imported 2 feeds, 0 already there, 0 invalid.")
    with open_index(tmp_path / "other") as index:
        assert [(f.name, f.url) for f in index.feeds()] == [("The Valley Herald", site.url("/rss20.xml")),
                                                           ('Quotes "&" <angles>', site.url("/a?b=1&c=2"))]


def test_titles_from_outside_are_printed_without_control_characters(site, capsys):
    code, out, _ = run(capsys, "feed", "add", site.url("/evil.xml"))
    assert code == EXIT_OK and "Evil" in out
    code, out, _ = run(capsys, "feed", "add", "--no-check", "--name", "Bell\x07 \x1b[2Jclear", site.url("/x.xml"))
    assert code == EXIT_OK and "Bell" in out
    unsafe = ("\x1b", "\x07", "\x9b", "\u202e")
    for command in (["feed", "list"], ["feed", "export"], ["refresh"], ["feed", "list", "--json"]):
        code, out, err = run(capsys, *command)
        assert not any(c in out + err for c in unsafe), (command, out, err)


# --- refresh ------------------------------------------------------------------------------------

def test_refresh_prints_a_line_per_feed_and_the_followed_names(site, capsys, data_dir):
    run(capsys, "feed", "add", site.url("/atom.xml"))
    run(capsys, "refresh")
    # Following a name is the dossier's (f, another part of issue 15): the row is written directly.
    with open_index(data_dir) as index:
        index.conn.execute("INSERT INTO follows (entity_id, followed_at) SELECT id, '2024-01-01' FROM entities"
                           " WHERE name = 'Salang'")
    run(capsys, "feed", "add", site.url("/rss20.xml"))
    run(capsys, "feed", "add", "--no-check", site.url("/missing.xml"))
    code, out, err = run(capsys, "refresh")
    assert code == EXIT_FAILED
    assert out.splitlines() == [
        "Panjshir Wire: 0 new, 1 already known",
        "The Valley Herald: 2 new, 0 already known",
        "2 new articles mention Salang",
        out.splitlines()[-1],
    ] and out.splitlines()[-1].startswith("Added 2 articles from 3 feeds in ")
    assert err.strip() == f"margin: {site.url('/missing.xml')}: failed: the server answered 404 Not Found"
    code, out, _ = run(capsys, "refresh", "The Valley Herald")
    assert code == EXIT_OK and out.splitlines()[0] == "The Valley Herald: nothing new (not modified since the last refresh)"


def test_refresh_of_an_unknown_feed_or_with_none_subscribed(capsys):
    code, out, _ = run(capsys, "refresh")
    assert code == EXIT_OK and out.startswith("No feeds yet. Subscribe with: margin feed add URL")
    code, _, err = run(capsys, "refresh", "Nowhere")
    assert code == EXIT_FAILED and "Nowhere: no such feed" in only_error(err)


def test_refresh_command_reports_a_broken_feed_without_a_traceback(site, data_dir):
    """The real command, in its own process: nothing new to analyse, so the model is never loaded."""
    assert margin("feed", "add", "--no-check", site.url("/page")).returncode == EXIT_OK
    result = margin("refresh")
    assert one_line_error(result) == f"margin: {site.url('/page')}: failed: an HTML page, not a feed (RSS or Atom)"
    assert result.returncode == EXIT_FAILED and result.stdout.startswith("Added 0 articles from 1 feed in ")


# --- the reader open during a refresh -----------------------------------------------------------

@pytest.mark.anyio
async def test_the_library_screen_shows_articles_a_refresh_adds(site, data_dir):
    from nlp.config import Settings
    from nlp.refresh import refresh_feeds
    from reader_support import make_app

    with open_index(data_dir) as index:
        index.add_feed(site.url("/rss20.xml"))
        index.add_feed(site.url("/atom.xml"))
    app = make_app(data_dir)
    async with app.run_test(size=(100, 24)) as pilot:
        table = app.screen.query_one("#articles")
        assert table.row_count == 0
        done = threading.Event()

        def refresh() -> None:  # as cron would: another connection, while the reader reads
            with open_index(data_dir) as index:
                refresh_feeds(index, CapitalsExtractor(), Settings(data_dir=data_dir))
            done.set()

        threading.Thread(target=refresh, daemon=True).start()
        for _ in range(300):
            await pilot.pause(0.1)
            if done.is_set() and table.row_count == 3:
                break
        assert done.is_set() and table.row_count == 3
        titles = {str(table.get_row_at(row)[0]) for row in range(3)}
        assert any("Salang road reopens" in title for title in titles), titles
