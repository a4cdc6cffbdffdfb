"""The index: the SQLite file holding the library's articles and names, and the only place
Margin runs SQL.

- :mod:`nlp.index.schema`: the schema's versions and their migrations;
- :mod:`nlp.index.connection`: opening, locking, read-only libraries, write transactions;
- :mod:`nlp.index.reads` and :mod:`nlp.index.writes`: the queries;
- :mod:`nlp.index.feeds`: subscribed feeds, articles by link, followed names in new articles;
- :mod:`nlp.index.corrections`: the reader's corrections (rename, retype, merge, split, not a name, undo),
  with their undo log in :mod:`nlp.index.undo_log` (imported by whoever corrects: ``Corrections(index)``);
- :mod:`nlp.index.reading`: reading state (read, where left, starred), followed names, the listing
  filtered by them, and an entity's timeline;
- :mod:`nlp.index.names`: the fuzzy matcher over the entity names, one per index file;
- :mod:`nlp.index.records`: the rows it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from nlp.index.connection import (BUSY_TIMEOUT_S, INDEX_FILENAME, Connection, IndexReadOnly, IndexUnavailable,
                                  IndexWriteFailed, is_writable, write_error)
from nlp.index.feeds import IndexFeeds
from nlp.index.reading import IndexReading, ListingFilter, ReadingState, parse_filter
from nlp.index.reads import COMPANION_SAMPLE, IndexReads, fts_query
from nlp.index.records import (ArticleEntity, ArticleSummary, Correction, Feed, FollowedNews, IndexEntity,
                               MentioningArticle, SearchHit, StoredArticle, StoredMention, TextBlock)
from nlp.index.schema import MIGRATIONS, SCHEMA_VERSION
from nlp.index.writes import IndexWrites

__all__ = [
    "BUSY_TIMEOUT_S", "COMPANION_SAMPLE", "INDEX_FILENAME", "MIGRATIONS", "SCHEMA_VERSION", "ArticleEntity",
    "ArticleSummary", "Correction", "Feed", "FollowedNews", "Index", "IndexReadOnly",
    "IndexUnavailable", "IndexWriteFailed", "IndexEntity", "ListingFilter", "MentioningArticle", "ReadingState",
    "SearchHit", "StoredArticle", "StoredMention", "TextBlock", "fts_query", "is_writable", "open_index",
    "open_index_for_reading", "parse_filter", "write_error",
]


class Index(IndexReading, IndexReads, IndexWrites, IndexFeeds, Connection):
    """A connection to the index, with its reads and writes. Use one per thread."""


def open_index(data_dir: Path, clock: Callable[[], str] | None = None, read_only: bool = False) -> Index:
    """Open (creating if needed) the index in *data_dir*, readable by the user only.

    A library the user may not write (a read-only folder or file) is opened for reading: its
    writes raise :class:`IndexReadOnly`. With *read_only*, nothing is created or written, and
    a missing library reads as empty.
    """
    if read_only:
        return Index(data_dir / INDEX_FILENAME, clock, read_only=True)
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as err:
        raise IndexUnavailable(f"{data_dir}: cannot create the data folder: {err.strerror or err}") from None
    return Index(data_dir / INDEX_FILENAME, clock)


def open_index_for_reading(data_dir: Path) -> Index:
    """The index in *data_dir* for reading commands: opened as usual (and brought up to date)
    when the user may write it; else read-only; a missing library reads as empty and is not created."""
    path = data_dir / INDEX_FILENAME
    existing = next((p for p in (data_dir, *data_dir.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise IndexUnavailable(f"{data_dir}: cannot create the data folder: {existing} is not a folder")
    return Index(path, read_only=not (path.exists() and is_writable(path)))

