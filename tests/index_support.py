"""Indexes as older versions of Margin wrote them, for the migration tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from nlp.index import MIGRATIONS


def index_at_version(path: Path, version: int) -> sqlite3.Connection:
    """A new index file at *path* with the schema of *version* (its migrations replayed), open."""
    conn = sqlite3.connect(path, isolation_level=None)
    for target, statements in MIGRATIONS:
        if target <= version:
            for statement in statements:
                conn.execute(statement)
    return conn
