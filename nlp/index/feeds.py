"""The index's feeds: subscriptions, what each refresh answered, articles by link, and the
followed names that new articles mention. Part of :class:`nlp.index.Index`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager

from nlp.index.records import Feed, FollowedNews

_FEED_ROWS = ("SELECT f.id, f.url, f.name, f.full, f.etag, f.last_modified, f.added_at, f.refreshed_at,"
              " f.last_error, (SELECT count(*) FROM articles a WHERE a.feed_id = f.id) FROM feeds f")


class IndexFeeds:
    """The feed half of :class:`nlp.index.Index` (it holds the connection and transactions)."""

    conn: sqlite3.Connection
    clock: Callable[[], str]
    transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]

    def add_feed(self, url: str, name: str | None = None, full: bool = False) -> tuple[Feed, bool]:
        """Subscribe to the feed at *url*: (the feed, True), or (the feed already there, False)."""
        with self.transaction() as conn:
            created = conn.execute("INSERT OR IGNORE INTO feeds (url, name, full, added_at) VALUES (?, ?, ?, ?)",
                                   (url, name, int(full), self.clock())).rowcount == 1
            row = conn.execute(_FEED_ROWS + " WHERE f.url = ?", (url,)).fetchone()
        return _feed(row), created

    def feeds(self) -> list[Feed]:
        """Every subscribed feed, in the order they were added."""
        return [_feed(row) for row in self.conn.execute(_FEED_ROWS + " ORDER BY f.id")]

    def find_feeds(self, text: str) -> list[Feed]:
        """The feeds *text* names: an id (``3`` or ``#3``), an address, or a name (any case).

        Several when a name is shared; none when nothing matches.
        """
        number = text.removeprefix("#")
        if number.isdigit():
            row = self.conn.execute(_FEED_ROWS + " WHERE f.id = ?", (int(number),)).fetchone()
            if row is not None:
                return [_feed(row)]
        rows = self.conn.execute(_FEED_ROWS + " WHERE f.url = ?", (text,)).fetchall() or self.conn.execute(
            _FEED_ROWS + " WHERE f.name = ? COLLATE NOCASE ORDER BY f.id", (text,)).fetchall()
        return [_feed(row) for row in rows]

    def remove_feed(self, feed_id: int) -> bool:
        """Unsubscribe; its articles stay in the library (their ``feed_id`` becomes NULL)."""
        with self.transaction() as conn:
            return conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,)).rowcount == 1

    def feed_refreshed(self, feed_id: int, etag: str | None, last_modified: str | None,
                       title: str | None = None) -> None:
        """Record a refresh that worked: the validators the server sent (asked back next time),
        the feed's *title* as its name if it has none, and no error."""
        with self.transaction() as conn:
            conn.execute("UPDATE feeds SET etag = ?, last_modified = ?, refreshed_at = ?, last_error = NULL,"
                         " name = coalesce(name, ?) WHERE id = ?",
                         (etag, last_modified, self.clock(), title, feed_id))

    def feed_unchanged(self, feed_id: int) -> None:
        """Record a refresh the server answered "nothing new" (304)."""
        with self.transaction() as conn:
            conn.execute("UPDATE feeds SET refreshed_at = ?, last_error = NULL WHERE id = ?", (self.clock(), feed_id))

    def feed_failed(self, feed_id: int, error: str) -> None:
        """Record why a refresh failed (its validators are kept)."""
        with self.transaction() as conn:
            conn.execute("UPDATE feeds SET refreshed_at = ?, last_error = ? WHERE id = ?",
                         (self.clock(), error, feed_id))

    def find_article_by_url(self, url: str) -> int | None:
        """The id of an article with this address (a feed item's link), if the library has one."""
        row = self.conn.execute("SELECT id FROM articles WHERE url = ? LIMIT 1", (url,)).fetchone()
        return row[0] if row else None

    def followed_news(self, article_ids: list[int]) -> list[FollowedNews]:
        """The followed names (table ``follows``) that the articles *article_ids* mention, each
        with how many of them do: most first, then by name."""
        rows = self.conn.execute(
            "SELECT e.id, e.name, count(DISTINCT ae.article_id) AS articles FROM follows f"
            " JOIN article_entities ae ON ae.entity_id = f.entity_id"
            " JOIN entities e ON e.id = f.entity_id"
            " WHERE ae.article_id IN (SELECT value FROM json_each(?))"
            " GROUP BY e.id ORDER BY articles DESC, e.name COLLATE NOCASE, e.id",
            (json.dumps(sorted(set(article_ids))),))
        return [FollowedNews(*row) for row in rows]


def _feed(row: tuple) -> Feed:
    return Feed(*row[:3], bool(row[3]), *row[4:])
