"""The library index: every SQL statement Margin runs lives in this module.

SQLite in WAL mode with FTS5, one connection per thread, ``?`` parameters only. The schema
is versioned with ``PRAGMA user_version``; :data:`MIGRATIONS` takes any older index forward
and a newer one is refused. Each article is written in one ``BEGIN IMMEDIATE`` transaction,
so an interrupted import never leaves half an article, and concurrent writers queue on the
lock instead of failing when they upgrade a read lock.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from nlp.records import (ArticleEntity, ArticleMention, ArticleSummary, LibraryEntity, SearchHit, StoredArticle,
                          StoredMention, TextBlock)

if TYPE_CHECKING:  # the reader opens stored articles without loading the analysis code
    from nlp.analysis import Analysis, Entity
    from nlp.fuzzy import Match, NameMatcher
    from nlp.sources import Source

# json, nlp.names (name keys) and nlp.fuzzy (the matcher) are imported by the methods that
# write entities or look names up: showing a stored article needs none of them before its
# first frame, and a new article needs none until it is stored.

INDEX_FILENAME = "index.sqlite3"
BUSY_TIMEOUT_S = 30.0

MIGRATIONS: list[tuple[int, list[str]]] = [
    (1, [
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            path TEXT, url TEXT, source TEXT, author TEXT, published TEXT,
            kind TEXT NOT NULL DEFAULT 'text',
            added_at TEXT NOT NULL,
            word_count INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            label TEXT NOT NULL,
            key TEXT NOT NULL,
            mention_count INTEGER NOT NULL DEFAULT 0,
            article_count INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX entities_key ON entities (key)",
        "CREATE INDEX entities_mentions ON entities (mention_count DESC)",
        """CREATE TABLE aliases (
            entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            key TEXT NOT NULL,
            PRIMARY KEY (entity_id, alias)
        ) WITHOUT ROWID""",
        "CREATE INDEX aliases_key ON aliases (key)",
        """CREATE TABLE article_entities (
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL REFERENCES entities (id),
            name TEXT NOT NULL,
            label TEXT NOT NULL,
            aliases TEXT NOT NULL DEFAULT '[]',
            ambiguities TEXT NOT NULL DEFAULT '[]',
            mention_count INTEGER NOT NULL,
            link TEXT NOT NULL,
            score REAL,
            PRIMARY KEY (article_id, entity_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX article_entities_entity ON article_entities (entity_id, mention_count DESC)",
        """CREATE TABLE mentions (
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            entity_id INTEGER NOT NULL REFERENCES entities (id),
            sent_start INTEGER NOT NULL,
            sent_end INTEGER NOT NULL,
            PRIMARY KEY (article_id, start)
        ) WITHOUT ROWID""",
        "CREATE INDEX mentions_entity ON mentions (entity_id, article_id, start)",
        "CREATE VIRTUAL TABLE articles_fts USING fts5 (title, text, content='articles', content_rowid='id')",
        """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
        END""",
        """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        END""",
    ]),
    (2, [
        # Lets each process keep one fuzzy matcher over the entity names (Index.similar_names)
        # and know when to rebuild it: entity ids only grow, except after a deletion.
        """CREATE TABLE entity_changes (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            token TEXT NOT NULL,
            deletions INTEGER NOT NULL DEFAULT 0
        )""",
        "INSERT INTO entity_changes (id, token) VALUES (1, lower(hex(randomblob(8))))",
        """CREATE TRIGGER entities_deleted AFTER DELETE ON entities BEGIN
            UPDATE entity_changes SET deletions = deletions + 1 WHERE id = 1;
        END""",
    ]),
    (3, [
        # The hash of the file's bytes as read, so `margin read FILE` finds an indexed article
        # without decoding or parsing the file (no Markdown parser or HTML extractor to load).
        "ALTER TABLE articles ADD COLUMN source_hash TEXT",
        "CREATE INDEX articles_source_hash ON articles (source_hash)",
    ]),
    (4, [
        # Ranges of the text the reader styles (Markdown headings, code, table headers) as JSON
        # [[kind, start, end], ...]; NULL for articles without any, and for those stored before.
        "ALTER TABLE articles ADD COLUMN blocks TEXT",
    ]),
    (5, [
        # Finds the article imported from a file again when the file was edited (margin add
        # --replace, and the reader's question), without reading every article's row.
        "CREATE INDEX articles_path ON articles (path)",
    ]),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

COMPANION_SAMPLE = 200
"""Companions are counted over an entity's newest articles, at most this many, so the dossier of
a name found in most of a 100,000-article library opens as fast as that of a rare one."""


class IndexUnavailable(RuntimeError):
    """The index file cannot be used; the message says why and what to do (cleaned of control
    characters: it names the folder)."""

    def __str__(self) -> str:
        from nlp.text import one_line

        return one_line(super().__str__())


class IndexReadOnly(IndexUnavailable):
    """The index (or its folder) cannot be written: reading works, adding does not."""


class IndexWriteFailed(IndexUnavailable):
    """A write to the index failed (disk full, I/O error); the transaction was rolled back."""


def open_index(data_dir: Path, clock: Callable[[], str] | None = None, read_only: bool = False) -> "Index":
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


def open_index_for_reading(data_dir: Path) -> "Index":
    """The index in *data_dir* for reading commands: opened as usual (and brought up to date)
    when the user may write it; else read-only; a missing library reads as empty and is not created."""
    path = data_dir / INDEX_FILENAME
    existing = next((p for p in (data_dir, *data_dir.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise IndexUnavailable(f"{data_dir}: cannot create the data folder: {existing} is not a folder")
    return Index(path, read_only=not (path.exists() and is_writable(path)))


def is_writable(path: Path) -> bool:
    """Whether the index at *path* and its folder (where SQLite keeps its WAL files) can be written."""
    folder = path.parent
    return os.access(folder, os.W_OK | os.X_OK) and (not path.exists() or os.access(path, os.W_OK))


def write_error(path: Path, err: sqlite3.Error) -> IndexUnavailable | None:
    """The one-line error for a failed write to the index at *path*, or None for other errors."""
    message = str(err).lower()
    if "readonly" in message or "read-only" in message:
        return IndexReadOnly(f"{path}: the library is read-only ({err}); nothing was added. "
                             "Reading commands (list, search, export) still work.")
    if "disk is full" in message or "disk i/o error" in message or "out of memory" in message:
        return IndexWriteFailed(f"{path}: cannot write the library: {err}; nothing of the failed article "
                                "was kept (free some space and run the command again)")
    return None


class Index:
    """A connection to the library index. Use one per thread."""

    def __init__(self, path: Path, clock: Callable[[], str] | None = None, read_only: bool = False) -> None:
        self.path = path
        self.clock = clock or _now
        """Gives the ``added_at`` time of new articles (tests fix it)."""
        existed = path.exists()
        self.read_only = read_only or not is_writable(path)
        """Opened for reading only: the user may not write the library (or asked not to). Every
        write then raises :class:`IndexReadOnly` (see :meth:`require_writable`)."""
        if self.read_only and not read_only and not existed:
            self.require_writable()  # nothing to read, and no folder to create the index in
        self._matcher: NameMatcher | None = None
        self._matcher_version = self._matcher_max_id = self._matcher_deletions = 0
        try:
            self.conn = self._connect(path, existed)
        except sqlite3.Error as err:
            raise IndexUnavailable(f"{path}: cannot open the index: {err}") from None
        try:
            if self.read_only:
                self._open_for_reading(existed)
            else:
                self._open_for_writing(existed)
        except sqlite3.OperationalError as err:  # permissions, locks, a full disk: the file is fine
            self.conn.close()
            raise write_error(path, err) or IndexUnavailable(f"{path}: cannot open the index: {err}") from None
        except sqlite3.DatabaseError as err:
            self.conn.close()
            raise IndexUnavailable(
                f"{path} is not a usable Margin index ({err}). Nothing was changed: move the file away "
                f"or point Margin at another folder with --data-dir or MARGIN_DATA_DIR."
            ) from None
        except IndexUnavailable:
            self.conn.close()
            raise

    def require_writable(self) -> None:
        """Raise :class:`IndexReadOnly` if this library cannot be written (before any work that would be lost)."""
        if self.read_only:
            what = "it" if self.path.exists() else "its folder"
            raise IndexReadOnly(f"{self.path}: the library is read-only (no permission to write {what}); "
                                "nothing was added. Reading commands (list, search, export) still work.")

    def _connect(self, path: Path, existed: bool) -> sqlite3.Connection:
        """A connection to *path*; read-only ones never create or change a file (a missing
        library reads as an empty one in memory)."""
        if not self.read_only:
            return sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        if not existed:
            return sqlite3.connect(":memory:", isolation_level=None)
        from urllib.parse import quote

        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:  # a WAL library in a folder where SQLite cannot make its -shm file
            conn.close()
            conn = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None)
        return conn

    def _open_for_writing(self, existed: bool) -> None:
        self._retry_while_locked(self._check_usable)
        if not existed:
            os.chmod(self.path, 0o600)
        self.conn.execute("PRAGMA foreign_keys = ON")
        self._retry_while_locked(self._enable_wal)
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self._retry_while_locked(self._migrate)

    def _open_for_reading(self, existed: bool) -> None:
        if not existed:  # an empty library, in memory
            for statement in (statement for _, statements in MIGRATIONS for statement in statements):
                self.conn.execute(statement)
            return
        self._retry_while_locked(self._check_usable)
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            raise IndexReadOnly(f"{self.path} was written by an older Margin and is read-only here: run any "
                                "command once with permission to write it, to bring it up to date")

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that takes the write lock up front (``BEGIN IMMEDIATE``).

        A write the file system refuses (read-only, disk full) raises :class:`IndexReadOnly` or
        :class:`IndexWriteFailed`, after the rollback: the library is left as it was.
        """
        self.require_writable()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                self._matcher = None  # it may hold entities the rollback removed
                raise
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as err:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            mapped = write_error(self.path, err)
            if mapped is None:
                raise
            raise mapped from None

    def _enable_wal(self) -> None:
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self.conn.execute("PRAGMA journal_mode = WAL")

    def _retry_while_locked(self, step: Callable[[], None]) -> None:
        """Run *step*, retrying while another process holds a lock SQLite will not wait for.

        Switching a new file to WAL and the first migration can meet another process doing
        the same; SQLite then reports "database is locked" at once instead of waiting.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                return step()
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _check_usable(self) -> None:
        """Refuse, before writing anything, a newer schema or another program's database."""
        self.conn.execute("BEGIN")  # one snapshot for both reads: another process may be migrating
        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            has_tables = self._has_foreign_tables()
        finally:
            self.conn.execute("COMMIT")
        if version > SCHEMA_VERSION:
            raise IndexUnavailable(
                f"{self.path} was written by a newer Margin (schema {version}, this one knows {SCHEMA_VERSION}). "
                "Upgrade Margin to open it; it was left untouched."
            )
        if version == 0 and has_tables:
            raise IndexUnavailable(f"{self.path} is an SQLite file of another program. Nothing was changed.")

    def _migrate(self) -> None:
        """Bring the schema up to :data:`SCHEMA_VERSION`, one version per transaction.

        The version is read again inside each write transaction, so two processes opening a
        new index at once migrate it once. (PRAGMA takes no parameters; the value is an int.)
        """
        for target, statements in MIGRATIONS:
            if target <= self.conn.execute("PRAGMA user_version").fetchone()[0]:
                continue
            with self.transaction() as conn:
                if target <= conn.execute("PRAGMA user_version").fetchone()[0]:
                    continue
                for statement in statements:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {int(target)}")

    def _has_foreign_tables(self) -> bool:
        return self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0

    # --- writing -------------------------------------------------------------------------

    def find_article_by_source_hash(self, source_hash: str) -> int | None:
        """The id of an article imported from a file with exactly these bytes (see :func:`bytes_hash`)."""
        row = self.conn.execute("SELECT id FROM articles WHERE source_hash = ? LIMIT 1", (source_hash,)).fetchone()
        return row[0] if row else None

    def remember_source_hash(self, article_id: int, source_hash: str) -> None:
        """Record the file hash of an article stored without one (imported before schema 3)."""
        with self.transaction() as conn:
            conn.execute("UPDATE articles SET source_hash = ? WHERE id = ? AND source_hash IS NULL",
                         (source_hash, article_id))

    def find_article_by_path(self, path: str) -> tuple[int, str] | None:
        """(id, title) of the newest article imported from the file at *path* (absolute), if any."""
        row = self.conn.execute("SELECT id, title FROM articles WHERE path = ? ORDER BY id DESC LIMIT 1",
                                (path,)).fetchone()
        return (row[0], row[1]) if row else None

    def find_article_by_hash(self, content_hash: str) -> int | None:
        """The id of the article with this content hash, if the library has it."""
        row = self.conn.execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    def add_article(self, source: Source, analysis: Analysis, fuzzy_cutoff: float = 90.0) -> int:
        """Store an analysed article and link its entities to the library's; returns its id.

        Everything is written in one transaction. An article already in the library (same
        content hash) is not stored again; its existing id is returned.
        """
        return self.store_article(source, analysis, fuzzy_cutoff)[0]

    def store_article(self, source: Source, analysis: Analysis, fuzzy_cutoff: float = 90.0,
                      replacing: int | None = None) -> tuple[int, bool]:
        """:meth:`add_article`, also telling whether this call stored it: (id, stored now).

        False when the library already had the text, perhaps stored by another process since
        the caller looked: an import counts only what it stored itself. With *replacing* (the
        id of an older version of the article, see :meth:`find_article_by_path`), that article
        is deleted in the same transaction, so the library holds one or the other, never both
        or neither.
        """
        with self.transaction() as conn:
            existing = self.find_article_by_hash(source.content_hash)
            if existing is not None:
                return existing, False
            if replacing is not None:
                self._delete(replacing)
            article_id = conn.execute(
                "INSERT INTO articles (content_hash, title, text, path, url, source, author, published, kind,"
                " added_at, word_count, source_hash, blocks) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (source.content_hash, source.title, source.text, source.path, source.url, source.site,
                 source.author, source.published, source.kind, self.clock(), len(source.text.split()),
                 source.source_hash, _blocks_json(source.blocks)),
            ).lastrowid
            linked: dict[int, list[Entity]] = {}
            links: dict[int, tuple[str, float | None]] = {}
            for entity in analysis.entities:
                entity_id, link, score = self._link_entity(entity, fuzzy_cutoff)
                if entity_id in linked:  # the analysis kept these two apart: so does the article's entry
                    (entity_id, link, score) = (self._new_entity(entity), "new", None)
                linked.setdefault(entity_id, []).append(entity)
                links.setdefault(entity_id, (link, score))
            for entity_id, entities in linked.items():
                self._store_entity_mentions(article_id, entity_id, entities, links[entity_id])
        return article_id, True

    def _link_entity(self, entity: Entity, cutoff: float) -> tuple[int, str, float | None]:
        """Find the library entity *entity* is, or create it: (id, how it was linked, score).

        In order: an entity with the same key (the same label family preferred, since the
        small model often calls one place GPE here and ORG there; the library entity's label
        is the one most of its mentions carry); else the one entity of the same family that
        has the name as an alias; else the most similar name scoring at least *cutoff*.
        """
        from nlp.names import name_key

        key = name_key(entity.name)
        family = label_family(entity.label)
        rows = self.conn.execute(
            "SELECT id, label FROM entities WHERE key = ? ORDER BY mention_count DESC, id", (key,)).fetchall()
        if rows:
            same = [entity_id for entity_id, label in rows if label_family(label) == family]
            return (same or [rows[0][0]])[0], "exact", 100.0
        alias_rows = self.conn.execute(
            "SELECT DISTINCT e.id, e.label FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.key = ?",
            (key,),
        ).fetchall()
        same_family = [entity_id for entity_id, label in alias_rows if label_family(label) == family]
        if len(same_family) == 1:
            return same_family[0], "alias", 100.0
        match = self._existing_match(key, family, cutoff)
        if match is not None:
            return match.entity_id, "fuzzy", match.score
        return self._new_entity(entity), "new", None

    def _new_entity(self, entity: Entity) -> int:
        """Create a library entity for *entity*; returns its id."""
        from nlp.names import name_key

        key = name_key(entity.name)
        entity_id = self.conn.execute(
            "INSERT INTO entities (name, label, key) VALUES (?, ?, ?)", (entity.name, entity.label, key)
        ).lastrowid
        self.matcher().add(entity_id, key, label_family(entity.label))
        return entity_id

    def _store_entity_mentions(self, article_id: int, entity_id: int, entities: list[Entity],
                               link: tuple[str, float | None]) -> None:
        import json

        from nlp.names import name_key

        mentions = sorted((m for e in entities for m in e.mentions), key=lambda m: m.start)
        names = [e.name for e in entities]
        aliases = list(dict.fromkeys(a for e in entities for a in [e.name, *e.aliases] if a != names[0]))
        ambiguities = [{"form": a.form, "candidates": list(a.candidates)} for e in entities for a in e.ambiguities]
        self.conn.execute(
            "INSERT INTO article_entities (article_id, entity_id, name, label, aliases, ambiguities,"
            " mention_count, link, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article_id, entity_id, names[0], entities[0].label, json.dumps(aliases), json.dumps(ambiguities),
             len(mentions), link[0], link[1]),
        )
        self.conn.executemany(
            "INSERT INTO mentions (article_id, start, end, entity_id, sent_start, sent_end) VALUES (?, ?, ?, ?, ?, ?)",
            [(article_id, m.start, m.end, entity_id, m.sentence[0], m.sentence[1]) for m in mentions],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO aliases (entity_id, alias, key) VALUES (?, ?, ?)",
            [(entity_id, alias, name_key(alias)) for alias in [names[0], *aliases]],
        )
        self.conn.execute(
            "UPDATE entities SET mention_count = mention_count + ?, article_count = article_count + 1,"
            " label = (SELECT label FROM article_entities WHERE entity_id = ?"
            "          GROUP BY label ORDER BY sum(mention_count) DESC, min(article_id) LIMIT 1)"
            " WHERE id = ?",
            (len(mentions), entity_id, entity_id),
        )

    def matcher(self) -> NameMatcher:
        """The fuzzy matcher over every library entity name.

        Built on first use, then topped up with the entities other connections have added
        since (``PRAGMA data_version`` tells when they committed), and rebuilt after any
        deletion (``entity_changes.deletions``), since SQLite may give a deleted entity's id
        to the next new one.
        """
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if self._matcher is None or version != self._matcher_version:
            deletions = self.conn.execute("SELECT deletions FROM entity_changes").fetchone()[0]
            if self._matcher is None or deletions != self._matcher_deletions:
                from nlp.fuzzy import NameMatcher

                self._matcher, self._matcher_max_id, self._matcher_deletions = NameMatcher(), 0, deletions
            rows = self.conn.execute(f"SELECT id, key, {FAMILY_SQL} FROM entities WHERE id > ? ORDER BY id",
                                     (self._matcher_max_id,)).fetchall()
            self._matcher.extend(rows)
            if rows:
                self._matcher_max_id = rows[-1][0]
            self._matcher_version = version
        return self._matcher

    def _existing_match(self, key: str, family: str, cutoff: float) -> Match | None:
        """The best fuzzy match for *key* among entities that still exist under the matched name."""
        matcher = self.matcher()
        while (match := matcher.best(key, family, cutoff)) is not None:
            row = self.conn.execute("SELECT key FROM entities WHERE id = ?", (match.entity_id,)).fetchone()
            if row and row[0] == match.key:
                return match
            matcher.discard(match.entity_id)
        return None

    def delete_article(self, article_id: int) -> bool:
        """Remove an article, its mentions, and entities no other article mentions.

        Entities other articles still mention keep only the aliases those articles use.
        """
        with self.transaction():
            deleted = self._delete(article_id)
        return deleted

    def _delete(self, article_id: int) -> bool:
        """:meth:`delete_article` inside the caller's transaction."""
        conn = self.conn
        counts = conn.execute(
            "SELECT entity_id, mention_count FROM article_entities WHERE article_id = ?", (article_id,)
        ).fetchall()
        deleted = conn.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount
        conn.executemany(
            "UPDATE entities SET mention_count = mention_count - ?, article_count = article_count - 1 WHERE id = ?",
            [(count, entity_id) for entity_id, count in counts],
        )
        conn.execute("DELETE FROM entities WHERE article_count <= 0")
        for entity_id, _ in counts:
            self._rebuild_aliases(entity_id)
        self._matcher = None
        return bool(deleted)

    def _rebuild_aliases(self, entity_id: int) -> None:
        import json

        from nlp.names import name_key

        rows = self.conn.execute(
            "SELECT name, aliases FROM article_entities WHERE entity_id = ?", (entity_id,)).fetchall()
        aliases = {alias for name, others in rows for alias in [name, *json.loads(others)]}
        self.conn.execute("DELETE FROM aliases WHERE entity_id = ?", (entity_id,))
        self.conn.executemany("INSERT INTO aliases (entity_id, alias, key) VALUES (?, ?, ?)",
                              [(entity_id, alias, name_key(alias)) for alias in sorted(aliases)])

    # --- reading -------------------------------------------------------------------------

    def list_articles(self, words: str = "", limit: int | None = None) -> list[ArticleSummary]:
        """Articles newest first; with *words*, only those whose title or source holds every word."""
        import json

        rows = self.conn.execute(
            "SELECT a.id, a.title, a.source, a.added_at,"
            " (SELECT count(*) FROM article_entities ae WHERE ae.article_id = a.id), a.word_count, a.path, a.url,"
            " a.author, a.published"
            " FROM articles a WHERE NOT EXISTS (SELECT 1 FROM json_each(?) w"
            "  WHERE instr(lower(a.title || ' ' || coalesce(a.source, a.url, a.path, '')), w.value) = 0)"
            " ORDER BY a.added_at DESC, a.id DESC LIMIT ?",
            (json.dumps(words.lower().split()), -1 if limit is None else limit),
        ).fetchall()
        return [ArticleSummary(*row) for row in rows]

    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the index."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def article_count(self) -> int:
        """How many articles the library holds."""
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over titles and texts, best match first.

        *query* holds words (every one must match), "quoted phrases" and prefix* words, turned
        into FTS5 syntax by :func:`fts_query`, so nothing typed can make the query fail.
        """
        match = fts_query(query)
        if not match:
            return []
        rows = self.conn.execute(
            "SELECT rowid, title, snippet(articles_fts, 1, '[', ']', '…', 12) FROM articles_fts"
            " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (match, limit),
        ).fetchall()
        return [SearchHit(*row) for row in rows]

    def article(self, article_id: int) -> StoredArticle | None:
        """An article with its mentions and its entities as this article knows them."""
        import json

        row = self.conn.execute(
            "SELECT id, title, text, path, url, source, author, published, added_at, blocks FROM articles"
            " WHERE id = ?", (article_id,),
        ).fetchone()
        if row is None:
            return None
        *row, blocks = row
        mentions = self.conn.execute(
            "SELECT start, end, entity_id FROM mentions WHERE article_id = ? ORDER BY start", (article_id,)
        ).fetchall()
        entities = {
            entity_id: ArticleEntity(entity_id, name, label, json.loads(aliases),
                                     [(a["form"], tuple(a["candidates"])) for a in json.loads(ambiguities)],
                                     count, link, score)
            for entity_id, name, label, aliases, ambiguities, count, link, score in self.conn.execute(
                "SELECT entity_id, name, label, aliases, ambiguities, mention_count, link, score"
                " FROM article_entities WHERE article_id = ?", (article_id,)
            )
        }
        return StoredArticle(*row, mentions=[StoredMention(*m) for m in mentions], entities=entities,
                             blocks=_blocks_from_json(blocks, len(row[2])))

    def entity(self, entity_id: int) -> LibraryEntity | None:
        """A library entity with every alias seen in any article."""
        row = self.conn.execute(
            "SELECT id, name, label, mention_count, article_count FROM entities WHERE id = ?", (entity_id,)
        ).fetchone()
        if row is None:
            return None
        aliases = [a for (a,) in self.conn.execute(
            "SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias", (entity_id,)) if a != row[1]]
        return LibraryEntity(*row, aliases=aliases)

    def article_mentions_of(self, article_id: int, entity_id: int) -> list[tuple[int, int, int, int]]:
        """(start, end, sentence start, sentence end) of each mention of an entity in an article."""
        return self.conn.execute(
            "SELECT start, end, sent_start, sent_end FROM mentions WHERE entity_id = ? AND article_id = ?"
            " ORDER BY start", (entity_id, article_id),
        ).fetchall()

    def articles_mentioning(self, entity_id: int, exclude_article: int | None = None,
                            limit: int = 50, offset: int = 0) -> list[ArticleMention]:
        """Articles that mention an entity, most mentions first, each with its first mention in context."""
        rows = self.conn.execute(
            "SELECT ae.article_id, a.title, ae.mention_count,"
            " (SELECT start || ' ' || end || ' ' || sent_start || ' ' || sent_end FROM mentions m"
            "  WHERE m.entity_id = ae.entity_id AND m.article_id = ae.article_id ORDER BY start LIMIT 1)"
            " FROM article_entities ae JOIN articles a ON a.id = ae.article_id"
            " WHERE ae.entity_id = ? AND ae.article_id IS NOT ?"
            " ORDER BY ae.mention_count DESC, ae.article_id DESC LIMIT ? OFFSET ?",
            (entity_id, exclude_article, limit, offset),
        ).fetchall()
        found = []
        for article_id, title, count, bounds in rows:
            start, end, sent_start, sent_end = (int(v) for v in bounds.split())
            context = self.conn.execute(
                "SELECT substr(text, ? + 1, ? - ?) FROM articles WHERE id = ?",
                (sent_start, sent_end, sent_start, article_id),
            ).fetchone()[0]
            found.append(ArticleMention(article_id, title, count, start, end, context, start - sent_start))
        return found

    def companions(self, entity_id: int, limit: int = 12,
                   sample: int = COMPANION_SAMPLE) -> list[tuple[int, str, str, int]]:
        """Entities that appear in the same articles, most shared articles first: (id, name, label, count).

        Counted over the entity's *sample* newest articles (all of them when it has fewer), so
        the cost does not grow with the library.
        """
        return self.conn.execute(
            "WITH recent AS (SELECT DISTINCT article_id FROM mentions WHERE entity_id = ?1"
            "                ORDER BY article_id DESC LIMIT ?2),"
            " shared AS (SELECT other.entity_id AS id, count(*) AS n FROM recent"
            "            JOIN article_entities other ON other.article_id = recent.article_id"
            "            WHERE other.entity_id != ?1 GROUP BY other.entity_id)"
            " SELECT e.id, e.name, e.label, shared.n FROM shared JOIN entities e ON e.id = shared.id"
            " ORDER BY shared.n DESC, e.mention_count DESC LIMIT ?3",
            (entity_id, sample, limit),
        ).fetchall()

    def similar_names(self, key: str, cutoff: float, limit: int = 10) -> list[Match]:
        """Library entities (any label) whose keys score at least *cutoff* against *key*, best first.

        For the read side (dossiers), outside write transactions. The matcher is shared by every
        connection of this process to this index: built on first use (about a second at 500,000
        names; see :meth:`warm_similar_names`), then topped up with the entities added since and
        rebuilt after deletions. A match may name an entity deleted since; look it up.
        """
        shared = _shared_names(self.path)
        with shared.lock:
            self._refresh_shared_names(shared)
            return shared.matcher.similar(key, None, cutoff, limit)

    def warm_similar_names(self) -> int:
        """Build or top up the matcher of :meth:`similar_names` now; returns how many names it holds."""
        shared = _shared_names(self.path)
        with shared.lock:
            self._refresh_shared_names(shared)
            return len(shared.matcher)

    def _refresh_shared_names(self, shared: "_SharedNames") -> None:
        token, deletions, max_id = self.conn.execute(
            "SELECT token, deletions, (SELECT coalesce(max(id), 0) FROM entities) FROM entity_changes").fetchone()
        if shared.matcher is None or shared.state != (token, deletions):
            from nlp.fuzzy import NameMatcher

            shared.matcher, shared.max_id, shared.state = NameMatcher(), 0, (token, deletions)
        if max_id > shared.max_id:
            rows = self.conn.execute(f"SELECT id, key, {FAMILY_SQL} FROM entities WHERE id > ? AND id <= ? ORDER BY id",
                                     (shared.max_id, max_id)).fetchall()
            shared.matcher.extend(rows)
            shared.max_id = max_id

    def entities_by_id(self, entity_ids: list[int]) -> dict[int, tuple[str, str, int]]:
        """(name, label, mention count) of each of *entity_ids* that exists."""
        found = {}
        for entity_id in entity_ids:
            row = self.conn.execute(
                "SELECT name, label, mention_count FROM entities WHERE id = ?", (entity_id,)).fetchone()
            if row:
                found[entity_id] = row
        return found

    def top_entities(self, limit: int = 500) -> list[LibraryEntity]:
        """The library's entities, most mentioned first."""
        rows = self.conn.execute(
            "SELECT id, name, label, mention_count, article_count FROM entities"
            " ORDER BY mention_count DESC, name LIMIT ?", (limit,),
        ).fetchall()
        return [LibraryEntity(*row) for row in rows]

    def export(self) -> dict:
        """The whole library: articles with mentions pointing at library-wide entity ids."""
        articles = []
        for article_id, title, text, path, url, source, author, published, added_at in self.conn.execute(
            "SELECT id, title, text, path, url, source, author, published, added_at FROM articles ORDER BY id"
        ).fetchall():
            mentions = self.conn.execute(
                "SELECT start, end, entity_id FROM mentions WHERE article_id = ? ORDER BY start", (article_id,)
            ).fetchall()
            articles.append({
                "id": article_id, "title": title, "text": text, "path": path, "url": url, "source": source,
                "author": author, "published": published, "added_at": added_at,
                "mentions": [{"start": s, "end": e, "text": text[s:e], "entity": ent} for s, e, ent in mentions],
            })
        entities = []
        for entity_id, name, label, mention_count, article_count in self.conn.execute(
            "SELECT id, name, label, mention_count, article_count FROM entities ORDER BY id"
        ).fetchall():
            aliases = [row[0] for row in self.conn.execute(
                "SELECT alias FROM aliases WHERE entity_id = ? AND alias != ? ORDER BY alias", (entity_id, name)
            )]
            entities.append({"id": entity_id, "name": name, "label": label, "aliases": aliases,
                             "mention_count": mention_count, "article_count": article_count})
        return {"articles": articles, "entities": entities}


class _SharedNames:
    """The fuzzy matcher of :meth:`Index.similar_names` for one index file, in this process."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.matcher: NameMatcher | None = None
        self.max_id = 0
        """Entities up to this id are in :attr:`matcher`."""
        self.state: tuple[str, int] | None = None
        """(file token, deletions) when :attr:`matcher` was started: another value means rebuild."""


_SHARED_NAMES: dict[str, _SharedNames] = {}
_SHARED_NAMES_LOCK = threading.Lock()


def _shared_names(path: Path) -> _SharedNames:
    with _SHARED_NAMES_LOCK:
        return _SHARED_NAMES.setdefault(os.path.realpath(path), _SharedNames())


def fts_query(query: str) -> str:
    """An FTS5 query for what a person typed: "quoted phrases", prefix* words and plain words,
    all required. Every term is sent as an FTS5 string, so operators (AND, NEAR, ``-``, ``:``,
    brackets) are plain words; a quote left unbalanced is taken as a plain character."""
    import re

    terms = []
    if query.count('"') % 2:  # an unbalanced quote: no phrases, the quotes are just characters
        query = query.replace('"', " ")
    for phrase, word in re.findall(r'"([^"]*)"|([^\s"]+)', query):
        if phrase.strip():
            terms.append('"' + " ".join(phrase.split()) + '"')
        elif word:
            prefix = word.endswith("*")
            word = word.rstrip("*")
            if any(char.isalnum() for char in word):
                terms.append('"' + word + '"' + ("*" if prefix else ""))
    return " ".join(terms)


def label_family(label: str) -> str:
    """Labels that name the same kind of thing link across articles: GPE and LOC are places."""
    return "PLACE" if label in ("GPE", "LOC") else label


FAMILY_SQL = "CASE WHEN label IN ('GPE', 'LOC') THEN 'PLACE' ELSE label END"
""":func:`label_family` of the ``label`` column, in SQL (the name matchers load every entity)."""


def _blocks_json(blocks: tuple[TextBlock, ...]) -> str | None:
    import json

    return json.dumps([list(block) for block in blocks], separators=(",", ":")) if blocks else None


def _blocks_from_json(data: str | None, length: int) -> tuple[TextBlock, ...]:
    """The stored ranges of an article of *length* characters; any malformed one is left out."""
    if not data:
        return ()
    import json

    try:
        rows = json.loads(data)
    except ValueError:
        return ()
    return tuple(TextBlock(kind, start, end) for kind, start, end in
                 (row for row in rows if isinstance(row, list) and len(row) == 3)
                 if isinstance(kind, str) and type(start) is type(end) is int and 0 <= start < end <= length)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
