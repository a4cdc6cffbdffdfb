"""Indexes as older versions of Margin wrote them, for the migration tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from nlp.index import INDEX_FILENAME, MIGRATIONS


def index_at_version(path: Path, version: int) -> sqlite3.Connection:
    """A new index file at *path* with the schema of *version* (its migrations replayed), open."""
    conn = sqlite3.connect(path, isolation_level=None)
    for target, statements in MIGRATIONS:
        if target <= version:
            for statement in statements:
                conn.execute(statement)
    return conn


def library_at_version(parent: Path, version: int) -> tuple[Path, sqlite3.Connection]:
    """A library folder in *parent* whose index has the schema of *version*, and the index, open."""
    folder = parent / "library"
    folder.mkdir()
    return folder, index_at_version(folder / INDEX_FILENAME, version)
