"""Reading state: read and unread, where each article was left, stars, followed names, and the
library listing filtered by them; the dossier's timeline of an entity by day of publication."""

import re
import sqlite3
from typing import NamedTuple

from nlp.index.reads import _FEW_WORDS, _LIST, _MANY_WORDS, _ORDER, FILTER_WORDS, _filter_parameters, _like_escaped
from nlp.index.records import ArticleSummary, IndexEntity, MentioningArticle

FLAGS = ("unread", "read", "starred", "followed")
"""The ``is:`` words of the library's filter."""

_TOKEN = re.compile(r'(?<!\S)(?:is:(\w+)|feed:(?:"([^"]*)"|(\S+)))(?!\S)', re.IGNORECASE)

_STATE = (" AND (NOT :unread OR a.read_at IS NULL) AND (NOT :read OR a.read_at IS NOT NULL)"
          " AND (NOT :starred OR a.starred)"
          " AND (:feed IS NULL OR a.feed_id IN (SELECT f.id FROM feeds f"
          "      WHERE f.name LIKE :feed ESCAPE '\\' OR f.url LIKE :feed ESCAPE '\\'))"
          " AND (NOT :followed OR a.id IN (SELECT ae.article_id FROM follows fo"
          "      JOIN article_entities ae ON ae.entity_id = fo.entity_id))")
_BY_STATE = " FROM articles a INDEXED BY articles_state WHERE "
_STATE_LIST = _LIST.replace(" FROM articles a INDEXED BY articles_listing WHERE ", _BY_STATE)
assert _STATE_LIST != _LIST
STATE_LIST_FEW_WORDS = _STATE_LIST + _FEW_WORDS + _STATE + _ORDER
STATE_LIST_MANY_WORDS = _STATE_LIST + _MANY_WORDS + _STATE + _ORDER
_STATE_COUNT = "SELECT count(*), count(a.read_at)" + _BY_STATE
STATE_COUNT_FEW_WORDS = _STATE_COUNT + _FEW_WORDS + _STATE
STATE_COUNT_MANY_WORDS = _STATE_COUNT + _MANY_WORDS + _STATE
STATE_COUNT_NO_WORDS = _STATE_COUNT + "1" + _STATE
"""Without words, no LIKE to test on each row (the library's count when its filter is empty)."""
_UNREAD = "SELECT a.id" + _BY_STATE + "a.read_at IS NULL AND "
NEXT_UNREAD = {
    (1, False): _UNREAD + "(a.added_at, a.id) < (:at, :id) AND " + _FEW_WORDS + _STATE
                + " ORDER BY a.added_at DESC, a.id DESC LIMIT 1",
    (-1, False): _UNREAD + "(a.added_at, a.id) > (:at, :id) AND " + _FEW_WORDS + _STATE
                 + " ORDER BY a.added_at, a.id LIMIT 1",
    (1, True): _UNREAD + "(a.added_at, a.id) < (:at, :id) AND " + _MANY_WORDS + _STATE
               + " ORDER BY a.added_at DESC, a.id DESC LIMIT 1",
    (-1, True): _UNREAD + "(a.added_at, a.id) > (:at, :id) AND " + _MANY_WORDS + _STATE
                + " ORDER BY a.added_at, a.id LIMIT 1",
}
"""The next (1: older, further down the library) or previous (-1: newer) unread article, by
(step, whether the filter has more than :data:`FILTER_WORDS` words)."""

DAY = ("CASE WHEN a.published GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]*' THEN substr(a.published, 1, 10)"
       " ELSE substr(a.added_at, 1, 10) END")
"""An article's day (YYYY-MM-DD): of publication when it is an ISO date, else of its addition."""
ENTITY_DAYS = ("SELECT " + DAY + " AS day, count(*) FROM article_entities ae"
               " JOIN articles a INDEXED BY articles_day ON a.id = ae.article_id"
               " WHERE ae.entity_id = ? GROUP BY day ORDER BY day")
"""The articles mentioning an entity, counted by day: a fixed statement."""


class ListingFilter(NamedTuple):
    """What the library's filter box asks for: words of the title or source, and states."""

    words: str = ""
    """The plain words, each to be found in the title or source."""
    unread: bool = False
    read: bool = False
    starred: bool = False
    followed: bool = False
    """Articles that mention a followed name."""
    feed: str | None = None
    """Part of the name or address of the feed the articles came from."""

    @property
    def has_state(self) -> bool:
        """Whether it asks for more than words."""
        return self.unread or self.read or self.starred or self.followed or self.feed is not None


def parse_filter(query: str) -> ListingFilter:
    """The filter typed in the library: ``is:unread``, ``is:read``, ``is:starred``,
    ``is:followed`` and ``feed:NAME`` (``feed:"two words"``) anywhere among plain words.
    An ``is:`` word Margin does not know stays a plain word."""
    states: dict = {}
    kept: list[str] = []
    last = 0
    for match in _TOKEN.finditer(query):
        flag, quoted, bare = match.groups()
        if flag is not None and flag.lower() not in FLAGS:
            continue
        kept.append(query[last:match.start()])
        last = match.end()
        if flag is not None:
            states[flag.lower()] = True
        else:
            states["feed"] = quoted if quoted is not None else bare
    if not states:
        return ListingFilter(query)  # plain words, passed on as typed
    kept.append(query[last:])
    return ListingFilter(" ".join("".join(kept).split()), **states)


class ReadingState(NamedTuple):
    """An article's reading state."""

    read_at: str | None
    """When it was first opened (None: unread)."""
    position: int
    """The offset of the text at the top of the reader when it was last left."""
    starred: bool
    summary_only: bool
    """Only its feed's summary is stored, not the article."""


class IndexReading:
    """Reading state, follows and filtered listings: a part of :class:`nlp.index.Index`."""

    conn: sqlite3.Connection

    # --- the listing -------------------------------------------------------------------

    def list_filtered(self, listing: ListingFilter, limit: int | None = None,
                      after: ArticleSummary | None = None) -> list[ArticleSummary]:
        """:meth:`list_articles` for a filter that may ask for states too (newest first)."""
        if not listing.has_state:
            return self.list_articles(listing.words, limit, after)
        many = len(listing.words.split()) > FILTER_WORDS
        parameters = {**_state_parameters(listing), "limit": -1 if limit is None else limit,
                      "after_at": after.added_at if after else None, "after_id": after.id if after else None}
        statement = STATE_LIST_MANY_WORDS if many else STATE_LIST_FEW_WORDS
        return [ArticleSummary(*row) for row in self.conn.execute(statement, parameters)]

    def count_filtered(self, listing: ListingFilter) -> tuple[int, int]:
        """How many articles :meth:`list_filtered` lists for *listing*, and how many of them are unread."""
        words = len(listing.words.split())
        statement = (STATE_COUNT_NO_WORDS if not words else STATE_COUNT_MANY_WORDS if words > FILTER_WORDS
                     else STATE_COUNT_FEW_WORDS)
        matching, read = self.conn.execute(statement, _state_parameters(listing)).fetchone()
        return matching, matching - read

    def next_unread(self, listing: ListingFilter, added_at: str, article_id: int, step: int = 1) -> int | None:
        """The id of the unread article listed next after the one added at *added_at* with id
        *article_id* (step 1: further down the library, older; -1: further up, newer), among
        those *listing* filters; None when there is none."""
        many = len(listing.words.split()) > FILTER_WORDS
        row = self.conn.execute(NEXT_UNREAD[(1 if step > 0 else -1, many)],
                                {**_state_parameters(listing), "at": added_at, "id": article_id}).fetchone()
        return row[0] if row else None

    # --- an article's state ------------------------------------------------------------

    def reading_state(self, article_id: int) -> ReadingState | None:
        """The reading state of an article (None if there is no such article)."""
        row = self.conn.execute("SELECT read_at, position, starred, summary_only FROM articles WHERE id = ?",
                                (article_id,)).fetchone()
        return ReadingState(row[0], row[1], bool(row[2]), bool(row[3])) if row else None

    def mark_read(self, article_id: int) -> None:
        """Note that the article was opened (the first time counts)."""
        with self.transaction() as conn:
            conn.execute("UPDATE articles SET read_at = coalesce(read_at, ?) WHERE id = ?",
                         (self.clock(), article_id))

    def mark_unread(self, article_id: int) -> None:
        """Count the article as never opened."""
        with self.transaction() as conn:
            conn.execute("UPDATE articles SET read_at = NULL WHERE id = ?", (article_id,))

    def save_position(self, article_id: int, position: int) -> None:
        """Keep the offset of the text at the top of the reader, to reopen the article there."""
        with self.transaction() as conn:
            conn.execute("UPDATE articles SET position = ? WHERE id = ?", (max(0, position), article_id))

    def set_starred(self, article_id: int, starred: bool) -> None:
        """Star the article, or take its star away."""
        with self.transaction() as conn:
            conn.execute("UPDATE articles SET starred = ? WHERE id = ?", (int(starred), article_id))

    # --- followed names ----------------------------------------------------------------

    def follow(self, entity_id: int) -> None:
        """Follow an entity (the library can then list the articles that mention it)."""
        with self.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO follows (entity_id, followed_at)"
                         " SELECT id, ? FROM entities WHERE id = ?", (self.clock(), entity_id))

    def unfollow(self, entity_id: int) -> None:
        """Stop following an entity."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM follows WHERE entity_id = ?", (entity_id,))

    def is_followed(self, entity_id: int) -> bool:
        """Whether the entity is followed."""
        return self.conn.execute("SELECT 1 FROM follows WHERE entity_id = ?", (entity_id,)).fetchone() is not None

    def followed(self) -> list[IndexEntity]:
        """The followed entities, most mentioned first."""
        rows = self.conn.execute(
            "SELECT e.id, e.name, e.label, e.mention_count, e.article_count FROM follows f"
            " JOIN entities e ON e.id = f.entity_id ORDER BY e.mention_count DESC, e.name, e.id").fetchall()
        return [IndexEntity(*row) for row in rows]

    def carry_follows(self, source_ids: list[int], target_id: int) -> None:
        """Inside a correction's transaction that merges *source_ids* into *target_id*: the
        target is followed if any source was (their own follows go with their rows)."""
        self.conn.execute(
            "INSERT OR IGNORE INTO follows (entity_id, followed_at) SELECT ?, min(followed_at) FROM follows"
            " WHERE entity_id IN (SELECT value FROM json_each(?)) HAVING count(*) > 0",
            (target_id, _json_ids(source_ids)))

    # --- the timeline ------------------------------------------------------------------

    def entity_days(self, entity_id: int) -> list[tuple[str, int]]:
        """(day, articles) of the articles mentioning an entity, by :data:`DAY`, oldest first."""
        return self.conn.execute(
            ENTITY_DAYS, (entity_id,)).fetchall()

    def articles_mentioning_between(self, entity_id: int, first_day: str, last_day: str,
                                    limit: int = 50) -> list[MentioningArticle]:
        """Articles that mention an entity whose :data:`DAY` is from *first_day* to *last_day*
        (YYYY-MM-DD, both included), newest first, each with its first mention in context."""
        rows = self.conn.execute(
            "WITH chosen AS (SELECT ae.article_id, ae.mention_count, " + DAY + " AS day FROM article_entities ae"
            "  JOIN articles a INDEXED BY articles_day ON a.id = ae.article_id"
            "  WHERE ae.entity_id = :entity AND day BETWEEN :first AND :last"
            "  ORDER BY day DESC, ae.article_id DESC LIMIT :limit)"
            " SELECT chosen.article_id, a.title, chosen.mention_count,"
            " (SELECT start || ' ' || end || ' ' || sent_start || ' ' || sent_end FROM mentions m"
            "  WHERE m.entity_id = :entity AND m.article_id = chosen.article_id ORDER BY start LIMIT 1)"
            " FROM chosen JOIN articles a ON a.id = chosen.article_id ORDER BY chosen.day DESC, chosen.article_id DESC",
            {"entity": entity_id, "first": first_day, "last": last_day, "limit": limit}).fetchall()
        return self._with_contexts(rows)


def _state_parameters(listing: ListingFilter) -> dict:
    feed = None if listing.feed is None else "%" + _like_escaped(listing.feed) + "%"
    return {**_filter_parameters(listing.words), "unread": listing.unread, "read": listing.read,
            "starred": listing.starred, "followed": listing.followed, "feed": feed}


def _json_ids(ids: list[int]) -> str:
    import json

    return json.dumps([int(i) for i in ids])
