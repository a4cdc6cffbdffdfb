"""Opening the index: connections, locking, schema checks and migrations, write transactions.

SQLite in WAL mode with FTS5, one connection per thread, ``?`` parameters only. Each article
is written in one ``BEGIN IMMEDIATE`` transaction, so an interrupted import never leaves half
an article, and concurrent writers queue on the lock instead of failing when they upgrade a
read lock. A library the user may not write opens read-only.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from nlp.index.names import forget_names
from nlp.index.schema import MIGRATIONS, SCHEMA_VERSION

INDEX_FILENAME = "index.sqlite3"
BUSY_TIMEOUT_S = 30.0


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


class Connection:
    """A connection to the index, opened and brought up to date: the base of :class:`nlp.index.Index`.
    Use one per thread."""

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

    def __enter__(self):
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
                forget_names(self.path)  # the shared matcher may hold entities the rollback removed
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
        new index at once migrate it once.
        """
        for target, statements in MIGRATIONS:
            if target <= self.conn.execute("PRAGMA user_version").fetchone()[0]:
                continue
            with self.transaction() as conn:
                if target <= conn.execute("PRAGMA user_version").fetchone()[0]:
                    continue
                for statement in statements:
                    conn.execute(statement)

    def _has_foreign_tables(self) -> bool:
        return self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
