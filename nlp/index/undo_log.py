"""The undo log of a correction (:mod:`nlp.index.corrections`): the rows it is about to change,
as they were, and how to write them back.

A :class:`Scope` names the entities, and the articles, whose rows of some tables a correction
changes. :func:`capture` reads those rows (and each article's content hash); :func:`restore`
deletes the rows now in the scope and writes the captured ones back, for the articles still in
the library, so articles stored since keep theirs. An entity the correction deleted comes back
under its id, or under a new one if SQLite gave that id to another entity meanwhile.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

TABLE_COLUMNS = {
    "entities": ("id", "name", "label", "key", "mention_count", "article_count", "renamed", "retyped"),
    "aliases": ("entity_id", "alias", "key"),
    "article_entities": ("article_id", "entity_id", "name", "label", "aliases", "ambiguities", "mention_count",
                         "link", "score"),
    "mentions": ("article_id", "start", "end", "entity_id", "sent_start", "sent_end"),
    "mention_owners": ("article_id", "start", "entity_id"),
}
"""The columns the undo log keeps of each table a correction may change."""

CAPTURE = {
    "entities": "SELECT id, name, label, key, mention_count, article_count, renamed, retyped FROM entities"
                " WHERE id IN (SELECT value FROM json_each(:ids))",
    "aliases": "SELECT entity_id, alias, key FROM aliases WHERE entity_id IN (SELECT value FROM json_each(:ids))",
    "article_entities": "SELECT article_id, entity_id, name, label, aliases, ambiguities, mention_count, link, score"
                        " FROM article_entities WHERE entity_id IN (SELECT value FROM json_each(:ids))"
                        " AND article_id IN (SELECT value FROM json_each(:articles))",
    "mentions": "SELECT article_id, start, end, entity_id, sent_start, sent_end FROM mentions"
                " WHERE entity_id IN (SELECT value FROM json_each(:ids))"
                " AND article_id IN (SELECT value FROM json_each(:articles))",
    "mention_owners": "SELECT article_id, start, entity_id FROM mentions"
                      " WHERE entity_id IN (SELECT value FROM json_each(:moved))",
}
CLEAR = {
    "aliases": "DELETE FROM aliases WHERE entity_id IN (SELECT value FROM json_each(:ids))",
    "article_entities": "DELETE FROM article_entities WHERE entity_id IN (SELECT value FROM json_each(:ids))"
                        " AND article_id IN (SELECT value FROM json_each(:articles))",
    "mentions": "DELETE FROM mentions WHERE entity_id IN (SELECT value FROM json_each(:ids))"
                " AND article_id IN (SELECT value FROM json_each(:articles))",
}
RESTORE_ENTITY = ("INSERT INTO entities (id, name, label, key, mention_count, article_count, renamed, retyped)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                  " label = excluded.label, key = excluded.key, renamed = excluded.renamed, retyped = excluded.retyped")
RESTORE = {
    "aliases": "INSERT OR IGNORE INTO aliases (entity_id, alias, key) SELECT ?, ?, ?"
               " WHERE EXISTS (SELECT 1 FROM entities WHERE id = ?1)",
    "article_entities": "INSERT OR REPLACE INTO article_entities (article_id, entity_id, name, label, aliases,"
                        " ambiguities, mention_count, link, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "mentions": "INSERT OR REPLACE INTO mentions (article_id, start, end, entity_id, sent_start, sent_end)"
                " VALUES (?, ?, ?, ?, ?, ?)",
}
RECOUNT = ("UPDATE entities SET"
           " mention_count = (SELECT coalesce(sum(mention_count), 0) FROM article_entities"
           "                  WHERE entity_id = entities.id),"
           " article_count = (SELECT count(*) FROM article_entities WHERE entity_id = entities.id)"
           " WHERE id IN (SELECT value FROM json_each(?))")
DROP_EMPTY = ("DELETE FROM entities WHERE id IN (SELECT value FROM json_each(?)) AND article_count = 0"
              " AND NOT EXISTS (SELECT 1 FROM mentions WHERE entity_id = entities.id)")


@dataclass
class Scope:
    """What a correction changes: the rows of these tables for these entities (and, for the
    article tables, in these articles)."""

    entity_ids: set[int]
    article_ids: set[int]
    tables: tuple[str, ...]
    moved_from: set[int] = field(default_factory=set)
    """Entities whose every mention the correction gives to another (a merge): the log keeps only
    whose each mention was ("mention_owners"), not the whole rows."""


def capture(conn: sqlite3.Connection, scope: Scope) -> dict:
    """The undo log: the rows of *scope* as they are now, and the articles' content hashes
    (an article deleted meanwhile, or another one given its id, is not written back to)."""
    ids, articles = json.dumps(sorted(scope.entity_ids)), json.dumps(sorted(scope.article_ids))
    moved = json.dumps(sorted(scope.moved_from))
    log = {"entity_ids": sorted(scope.entity_ids), "tables": list(scope.tables),
           "articles": conn.execute(
               "SELECT id, content_hash FROM articles WHERE id IN (SELECT value FROM json_each(?))",
               (articles,)).fetchall()}
    for table in ("entities", *scope.tables):
        log[table] = conn.execute(CAPTURE[table], {"ids": ids, "articles": articles, "moved": moved}).fetchall()
    return log

def restore(conn: sqlite3.Connection, log: dict) -> None:
    """Write an undo log's rows back (see the module docstring), and count the entities' mentions again."""
    now = dict(conn.execute("SELECT id, content_hash FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                            (json.dumps([a for a, _ in log["articles"]]),)).fetchall())
    articles = [a for a, content_hash in log["articles"] if now.get(a) == content_hash]
    reused = {i for i in log["deleted"] if conn.execute("SELECT 1 FROM entities WHERE id = ?", (i,)).fetchone()}
    new_ids = {old: _entity_again(conn, row) for row in log["entities"] if (old := row[0]) in reused}
    ids = [i for i in log["entity_ids"] if i not in reused] + list(new_ids.values())
    for row in log["entities"]:
        if row[0] not in reused:
            conn.execute(RESTORE_ENTITY, [*row, *(0, 0)[len(row) - 6:]])  # logs before schema 10 have no flags
    _restore_tables(conn, log, ids, articles, new_ids)
    if "mention_owners" in log["tables"]:
        kept = set(articles)
        conn.executemany("UPDATE mentions SET entity_id = ? WHERE article_id = ? AND start = ?",
                         [(new_ids.get(entity_id, entity_id), article_id, start)
                          for article_id, start, entity_id in log["mention_owners"] if article_id in kept])
    recount(conn, ids)
    conn.execute(DROP_EMPTY, (json.dumps(log["created"]),))

def _restore_tables(conn: sqlite3.Connection, log: dict, ids: list[int], articles: list[int],
                    new_ids: dict[int, int]) -> None:
    """Clear the scope's rows of each logged table and write the logged ones back."""
    kept = set(articles)
    for table in ("mentions", "article_entities", "aliases"):
        if table not in log["tables"]:
            continue
        conn.execute(CLEAR[table], {"ids": json.dumps(ids), "articles": json.dumps(articles)})
        entity_column = TABLE_COLUMNS[table].index("entity_id")
        rows = [_with_id(row, entity_column, new_ids) for row in log[table]
                if table == "aliases" or row[0] in kept]
        conn.executemany(RESTORE[table], rows)

def _entity_again(conn: sqlite3.Connection, row: list) -> int:
    """Create again, under a new id, an entity whose id was given to another one meanwhile."""
    return conn.execute("INSERT INTO entities (name, label, key) VALUES (?, ?, ?)",
                             (row[1], row[2], row[3])).lastrowid

def recount(conn: sqlite3.Connection, entity_ids: Iterable[int]) -> None:
    """Count the entities' mentions and articles again; delete those left with none."""
    ids = json.dumps(sorted(entity_ids))
    conn.execute(RECOUNT, (ids,))
    conn.execute(DROP_EMPTY, (ids,))


def _with_id(row: list, column: int, new_ids: dict[int, int]) -> list:
    """*row* with its entity id in *column* changed as *new_ids* says."""
    if row[column] not in new_ids:
        return row
    return [*row[:column], new_ids[row[column]], *row[column + 1:]]
