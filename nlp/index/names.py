"""The fuzzy matcher over the index's entity names: one per index file in this process.

Every connection of the process uses it, the write path (linking a new article's names) and
the read path (a dossier's possible variants) alike, so storing an article in a 100,000-article
library never builds again the 500,000 names the process already holds. It follows other
connections' commits by topping up with the entities added since (entity ids only grow) and is
rebuilt after any deletion (``entity_changes.deletions``: SQLite may give a deleted entity's id
to the next new one), after a correction (:mod:`nlp.index.corrections` counts one there too: it
changes names and types under existing ids), or after a rolled-back write (:func:`forget_names`).

``PRAGMA data_version`` only tells one connection that others committed; the matcher outlives
any one connection, so it reads what changed from the index itself: the highest entity id and the
``entity_changes`` row (the file's token and its deletion count), one indexed query per use.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nlp.fuzzy import NameMatcher
    from nlp.short_forms import ShortForms


class SharedNames:
    """The matcher of one index file, in this process; hold :attr:`lock` while using it."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        """Reentrant: a write rolled back while linking names forgets the matcher it holds."""
        self.matcher: NameMatcher | None = None
        self.short_forms: ShortForms | None = None
        """The full names by surname and initials (:mod:`nlp.short_forms`), filled with :attr:`matcher`."""
        self.max_id = 0
        """Entities up to this id are in :attr:`matcher`."""
        self.state: tuple[str, int] | None = None
        """(file token, deletions) when :attr:`matcher` was started: another value means rebuild."""

    def refresh(self, conn: sqlite3.Connection) -> NameMatcher:
        """The matcher, brought up to date with what *conn* sees (its own uncommitted entities too)."""
        token, deletions, max_id = conn.execute(
            "SELECT token, deletions, (SELECT coalesce(max(id), 0) FROM entities) FROM entity_changes").fetchone()
        if self.matcher is None or self.state != (token, deletions):
            from nlp.fuzzy import NameMatcher
            from nlp.short_forms import ShortForms

            self.matcher, self.max_id, self.state = NameMatcher(), 0, (token, deletions)
            self.short_forms = ShortForms()
        if max_id > self.max_id:
            rows = conn.execute("SELECT id, key, family FROM entities WHERE id > ? AND id <= ? ORDER BY id",
                                (self.max_id, max_id)).fetchall()
            self.matcher.extend(rows)
            self.short_forms.extend(rows)
            self.max_id = max_id
        return self.matcher


_SHARED: dict[str, SharedNames] = {}
_SHARED_LOCK = threading.Lock()
_BY_SPELLING: dict[str, SharedNames] = {}
"""The holders by the path as given, so that linking a name (several lookups per name stored) does
not resolve the path again each time."""


def shared_names(path: Path) -> SharedNames:
    """The matcher holder of the index file at *path* (any spelling of the path)."""
    spelling = os.fspath(path)
    shared = _BY_SPELLING.get(spelling)
    if shared is None:
        with _SHARED_LOCK:
            shared = _BY_SPELLING[spelling] = _SHARED.setdefault(os.path.realpath(path), SharedNames())
    return shared


def forget_names(path: Path) -> None:
    """Drop the matcher of *path*: it may hold entities a rolled-back transaction created."""
    shared = shared_names(path)
    with shared.lock:
        shared.matcher = None
