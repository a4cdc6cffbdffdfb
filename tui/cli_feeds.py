"""The ``margin`` commands for feeds: ``feed add``, ``feed list``, ``feed remove``, ``feed import``,
``feed export`` and ``refresh``.

FEED is a feed's id (``3`` or ``#3``, as ``margin feed list`` shows it), its address, or its name.
``margin refresh`` fetches the feeds a few at a time, stores their new items as articles (as
``margin add`` does), prints one line per feed, then the followed names the new articles
mention. It is safe to run from cron while the reader is open.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from nlp.text import one_line

OPML_MAX_BYTES = 5 * 2**20
"""Largest OPML file read: a list of thousands of subscriptions is well under a megabyte."""
FEED_HELP = "a feed's id (as margin feed list shows it), its address or its name"


def feed_specs(common: argparse.ArgumentParser) -> list[tuple[str, Callable, str, Callable]]:
    """(name, handler, help, arguments) of each command, as :func:`tui.cli.build_parser` registers
    them; the ``feed`` sub-commands take the *common* options too."""
    return [
        ("feed", cmd_feed_usage, "subscribe to feeds (RSS, Atom), list, remove, import or export them (OPML)",
         lambda sub: _feed_commands(sub, common)),
        ("refresh", cmd_refresh, "fetch the subscribed feeds (or those named) and add their new articles",
         _refresh_arguments),
    ]


def _feed_commands(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    from tui.cli import add_commands

    commands = parser.add_subparsers(title="feed commands", metavar="FEED_COMMAND")
    add_commands(commands, [
        ("add", cmd_feed_add, "subscribe to the feed at URL (checked by fetching it once)", _add_arguments),
        ("list", cmd_feed_list, "list the feeds: name, address, articles, last refresh and its error",
         _json_argument),
        ("remove", cmd_feed_remove, "unsubscribe from a feed (its articles stay in the library)", _remove_arguments),
        ("import", cmd_feed_import, "subscribe to every feed of an OPML file (newsboat, other readers)",
         _import_arguments),
        ("export", cmd_feed_export, "print the subscriptions as OPML", lambda sub: None),
    ], common)


def _add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("url", metavar="URL", help="the feed's http(s):// address")
    sub.add_argument("--name", metavar="NAME", help="what to call it (default: the feed's own title)")
    sub.add_argument("--full", action="store_true",
                     help="fetch every item's full article from its link, even when the feed has a long summary")
    sub.add_argument("--no-check", action="store_true", help="subscribe without fetching the feed first")


def _json_argument(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--json", action="store_true", help="print JSON")


def _remove_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("feed", metavar="FEED", help=FEED_HELP)


def _import_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("file", metavar="FILE.opml",
                     help="an OPML file (newsboat: newsboat -e > feeds.opml), or its http(s):// address")


def _refresh_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("feeds", metavar="FEED", nargs="*", help=f"feeds to refresh (default: all): {FEED_HELP}")


def cmd_feed_usage(args: argparse.Namespace) -> int:
    """``margin feed`` without a sub-command: say which there are."""
    from tui.cli import EXIT_USAGE, warn

    warn("feed needs a command: add, list, remove, import or export (margin feed --help)")
    return EXIT_USAGE


# --- feed add / list / remove -----------------------------------------------------------------

def cmd_feed_add(args: argparse.Namespace) -> int:
    """``margin feed add URL [--name NAME] [--full]``."""
    from nlp.text import ReadError
    from tui.cli import EXIT_FAILED, EXIT_OK, open_library, say, settings_for, warn

    reason = url_problem(args.url)
    if reason is not None:
        warn(f"{args.url}: {reason}")
        return EXIT_FAILED
    title = None
    if not args.no_check:
        try:
            title = check_feed(args.url, settings_for(args))
        except ReadError as err:
            warn(f"{err} (nothing subscribed; --no-check subscribes anyway)")
            return EXIT_FAILED
    _, index = open_library(args)
    with index:
        feed, created = index.add_feed(args.url, args.name or title, args.full)
    if not created:
        say(one_line(f"Already subscribed: #{feed.id} {feed.name or feed.url}"))
        return EXIT_OK
    say(one_line(f"Subscribed to #{feed.id} {feed.name or feed.url}. Fetch its articles with: margin refresh"))
    return EXIT_OK


def url_problem(url: str) -> str | None:
    """Why *url* cannot be a feed's address, or None when it can (http or https, with a host)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as err:
        return f"not a valid web address ({err})"
    if parts.scheme.lower() not in ("http", "https"):
        return "a feed's address starts with http:// or https://"
    if not host or any(c.isspace() for c in url):
        return "not a valid web address (no host name, or a space in it)"
    return None


def check_feed(url: str, settings) -> str | None:
    """Fetch the feed at *url* once: its title, or a :class:`ReadError` saying why it is not a feed."""
    from nlp.feeds import parse_feed
    from nlp.web import fetch_feed

    page = fetch_feed(url, settings.max_bytes, settings.fetch_timeout)
    return parse_feed(page.body, url, page.final_url).title


def cmd_feed_list(args: argparse.Namespace) -> int:
    """``margin feed list [--json]``."""
    from tui.cli import EXIT_OK, open_library, say

    _, index = open_library(args, reading=True)
    with index:
        feeds = index.feeds()
    if args.json:
        json.dump([feed._asdict() for feed in feeds], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    if not feeds:
        say("No feeds yet. Subscribe with: margin feed add URL (or margin feed import FILE.opml)")
    for feed in feeds:
        articles = f"{feed.article_count} article{'s' * (feed.article_count != 1)}"
        refreshed = f"refreshed {feed.refreshed_at}" if feed.refreshed_at else "never refreshed"
        full = "  (full articles)" if feed.full else ""
        say(one_line(f"#{feed.id:<4} {feed.name or feed.url}  {articles}, {refreshed}{full}"))
        say(one_line(f"      {feed.url}"))
        if feed.last_error:
            say(one_line(f"      last error: {feed.last_error}"))
    return EXIT_OK


def cmd_feed_remove(args: argparse.Namespace) -> int:
    """``margin feed remove FEED``: its articles stay."""
    from tui.cli import EXIT_FAILED, EXIT_OK, open_library, say

    _, index = open_library(args)
    with index:
        feed = resolve_feed(index, args.feed)
        if feed is None:
            return EXIT_FAILED
        index.remove_feed(feed.id)
    kept = f"; its {feed.article_count} article{'s' * (feed.article_count != 1)} stay in the library" \
        if feed.article_count else ""
    say(one_line(f"Unsubscribed from #{feed.id} {feed.name or feed.url}{kept}."))
    return EXIT_OK


def resolve_feed(index, text: str):
    """The one feed *text* names, or None after saying (one line) why there is none."""
    from tui.cli import warn

    found = index.find_feeds(text)
    if len(found) == 1:
        return found[0]
    if not found:
        warn(f"{text}: no such feed (margin feed list shows them)")
    else:
        warn(f"{text}: names {len(found)} feeds ({', '.join(f'#{f.id} {f.url}' for f in found)}); give its id")
    return None


# --- OPML ---------------------------------------------------------------------------------------

def cmd_feed_import(args: argparse.Namespace) -> int:
    """``margin feed import FILE.opml``: subscribe to each feed it lists, at any depth."""
    from nlp.opml import read_opml
    from nlp.reading import ReadError
    from tui.cli import EXIT_FAILED, EXIT_OK, open_library, say, settings_for, warn

    try:
        subscriptions = read_opml(_opml_bytes(args.file, settings_for(args)), args.file)
    except ReadError as err:
        warn(str(err))
        return EXIT_FAILED
    added = known = 0
    invalid: list[str] = []
    _, index = open_library(args)
    with index:
        for subscription in subscriptions:
            reason = url_problem(subscription.url)
            if reason is not None:
                invalid.append(f"{args.file}: {subscription.name or 'a feed'} ({subscription.url}): {reason}")
                continue
            created = index.add_feed(subscription.url, subscription.name)[1]
            added, known = added + created, known + (not created)
    for message in invalid:
        warn(message)
    say(f"Imported {added} feed{'s' * (added != 1)}, {known} already there, {len(invalid)} invalid."
        + (" Fetch their articles with: margin refresh" if added else ""))
    return EXIT_FAILED if invalid else EXIT_OK


def _opml_bytes(argument: str, settings) -> bytes:
    """The OPML document a command-line argument names: a file, or an http(s):// address (fetched)."""
    from pathlib import Path

    from nlp.reading import is_url, read_file_bytes

    if not is_url(argument):
        return read_file_bytes(Path(argument), OPML_MAX_BYTES)
    from nlp.web import fetch_feed

    return fetch_feed(argument, OPML_MAX_BYTES, settings.fetch_timeout).body


def cmd_feed_export(args: argparse.Namespace) -> int:
    """``margin feed export``: the subscriptions as OPML on stdout."""
    from nlp.opml import Subscription, write_opml
    from tui.cli import EXIT_OK, open_library

    _, index = open_library(args, reading=True)
    with index:
        feeds = index.feeds()
    sys.stdout.write(write_opml([Subscription(feed.url, feed.name) for feed in feeds]))
    return EXIT_OK


# --- refresh ------------------------------------------------------------------------------------

def make_extractor(settings):
    """The extractor ``margin refresh`` analyses new articles with (the model loads only if there are some)."""
    from nlp.extract import SpacyExtractor

    return SpacyExtractor(settings.model)


def cmd_refresh(args: argparse.Namespace) -> int:
    """``margin refresh [FEED...]``: fetch, store the new articles, and say what each feed did."""
    import time

    from nlp.refresh import fetch_feeds, store_items
    from tui.cli import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, open_library, progress_bar, say, worker_count

    settings, index = open_library(args)
    with index:
        index.require_writable()
        feeds = _chosen_feeds(index, args.feeds)
        if feeds is None:
            return EXIT_FAILED
        if not feeds:
            say("No feeds yet. Subscribe with: margin feed add URL (or margin feed import FILE.opml)")
            return EXIT_OK
        started = time.perf_counter()
        with progress_bar(len(feeds), label="Fetching", unit="feeds") as advance:
            fetched = fetch_feeds(index, settings, feeds, lambda name: advance(name, "fetched", 0))
        with progress_bar(len(fetched.articles)) as advance:
            report = store_items(index, fetched, make_extractor(settings), settings, progress=advance,
                                 workers=worker_count(settings.workers))
    _print_report(report)
    if report.interrupted:
        from tui.cli import warn

        warn(f"interrupted after adding {len(report.added)} article{'s' * (len(report.added) != 1)}; "
             "run margin refresh again for the rest")
        return EXIT_INTERRUPTED
    new = len(report.added)
    say(f"Added {new} article{'s' * (new != 1)} from {len(feeds)} feed{'s' * (len(feeds) != 1)} "
        f"in {time.perf_counter() - started:.1f} s. Library: {settings.data_dir}")
    return EXIT_FAILED if report.failed else EXIT_OK


def _chosen_feeds(index, names: list[str]):
    """The feeds *names* name (all when none), or None after saying which one is unknown."""
    if not names:
        return index.feeds()
    chosen = {}
    for name in names:
        feed = resolve_feed(index, name)
        if feed is None:
            return None
        chosen[feed.id] = feed
    return list(chosen.values())


def _print_report(report) -> None:
    """One line per feed (failures on stderr, so cron mails them even with stdout sent away),
    then the followed names the new articles mention."""
    from tui.cli import say, warn

    for result in report.feeds:
        if result.error is not None:
            warn(f"{result.name}: failed: {result.error}")
            continue
        if result.unchanged:
            say(one_line(f"{result.name}: nothing new (not modified since the last refresh)"))
            continue
        failed = f", {len(result.failed)} failed" if result.failed else ""
        say(one_line(f"{result.name}: {result.new} new, {result.known} already known{failed}"))
        for message in result.failed:
            warn(f"{result.name}: {message}")
        for note in result.notes:
            warn(f"note: {result.name}: {note}")
    for news in report.followed:
        say(one_line(f"{news.article_count} new article{'s' * (news.article_count != 1)} "
                     f"mention{'s' * (news.article_count == 1)} {news.name}"))
