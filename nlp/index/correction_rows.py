"""The row changes the corrections are made of (:mod:`nlp.index.corrections`): moving mentions,
article rows and aliases from one entity to another, and taking them away."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from nlp.index.records import IndexEntity

OTHER_NAMES = ("(SELECT json_group_array(value) FROM (SELECT value FROM"
               " (SELECT -1 AS position, article_entities.name AS value"
               "  UNION ALL SELECT key, value FROM json_each(article_entities.aliases))"
               " WHERE value != :name GROUP BY value ORDER BY min(position)))")
"""The names a row of ``article_entities`` knows its entity by (its name, then its aliases), but
*name*, as a JSON list: the row's aliases once it is named *name*."""
NAME_THEN_ALIASES = ("CASE WHEN name = :name OR EXISTS (SELECT 1 FROM json_each(article_entities.aliases)"
                     " WHERE value IN (:name, article_entities.name)) THEN " + OTHER_NAMES
                     + " ELSE '[' || json_quote(name) || CASE WHEN aliases = '[]' THEN '' ELSE ', '"
                     " || substr(aliases, 2, length(aliases) - 2) END || ']' END")
""":data:`OTHER_NAMES`, made by joining strings where the row's names hold neither *name* nor a
repeat (the usual case: a merge moves thousands of rows)."""
MOVE_ARTICLE_ROWS = (
    "UPDATE article_entities SET entity_id = :target, name = :name, label = :label, aliases = " + NAME_THEN_ALIASES
    + ", link = 'corrected', score = NULL WHERE entity_id = :source AND NOT EXISTS (SELECT 1 FROM article_entities t"
    " WHERE t.article_id = article_entities.article_id AND t.entity_id = :target)")
"""A merge's move of the rows of the articles that do not name the target yet."""


@dataclass
class Moved:
    """Mentions of one entity, in one article, that a split or "not a name" takes away."""

    article_id: int
    starts: list[int]
    texts: list[str]


class CorrectionRows:
    """Row changes shared by the corrections (a mixin of :class:`nlp.index.Index`)."""

    conn: sqlite3.Connection
    _entity_by_id: Callable[[int], IndexEntity]

    def _add_aliases(self, entity_id: int, aliases: list[str]) -> None:
        from nlp.names import name_key

        self.conn.executemany("INSERT OR IGNORE INTO aliases (entity_id, alias, key) VALUES (?, ?, ?)",
                              [(entity_id, alias, name_key(alias)) for alias in aliases])

    def _unmark_entity(self, entity_id: int) -> None:
        """Remove every mention and article row of an entity (:meth:`_recount` then deletes it)."""
        self.conn.execute("DELETE FROM mentions WHERE entity_id = ?", (entity_id,))
        self.conn.execute("DELETE FROM article_entities WHERE entity_id = ?", (entity_id,))

    def _drop_unused_aliases(self, entity_id: int, texts: Iterable[str]) -> None:
        """Remove from an entity's aliases those of *texts* no article knows it by any more."""
        for text in set(texts):
            self.conn.execute(
                "DELETE FROM aliases WHERE entity_id = ?1 AND alias = ?2"
                " AND ?2 != (SELECT name FROM entities WHERE id = ?1) AND NOT EXISTS (SELECT 1 FROM article_entities"
                "  WHERE entity_id = ?1 AND (name = ?2 OR EXISTS (SELECT 1 FROM json_each(aliases) WHERE value = ?2)))",
                (entity_id, text))

    def _new_entity_row(self, name: str, label: str) -> int:
        from nlp.names import name_key

        return self.conn.execute("INSERT INTO entities (name, label, key) VALUES (?, ?, ?)",
                                 (name, label, name_key(name))).lastrowid

    def _merge_one(self, source: IndexEntity, target: IndexEntity) -> None:
        """Move every mention, article row and alias of *source* to *target*, and delete *source*."""
        shared = self.conn.execute(
            "SELECT s.article_id, s.name, s.aliases, s.ambiguities, s.mention_count FROM article_entities s"
            " JOIN article_entities t ON t.article_id = s.article_id AND t.entity_id = ? WHERE s.entity_id = ?",
            (target.id, source.id)).fetchall()
        for article_id, name, aliases, ambiguities, count in shared:
            self._add_article_row(article_id, target, [name, *json.loads(aliases)], json.loads(ambiguities), count)
        self.conn.execute(MOVE_ARTICLE_ROWS, {"target": target.id, "name": target.name, "label": target.label,
                                              "source": source.id})
        self.conn.execute("DELETE FROM article_entities WHERE entity_id = ?", (source.id,))
        self.conn.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (target.id, source.id))
        self._add_aliases(target.id, [source.name, *source.aliases])
        self.conn.execute("DELETE FROM entities WHERE id = ?", (source.id,))

    def _add_article_row(self, article_id: int, target: IndexEntity, names: list[str], ambiguities: list,
                         count: int) -> None:
        """Add *count* mentions known by *names* to *target*'s row in one article (made if missing)."""
        row = self.conn.execute(
            "SELECT name, aliases, ambiguities FROM article_entities WHERE article_id = ? AND entity_id = ?",
            (article_id, target.id)).fetchone()
        if row is None:
            aliases = [a for a in dict.fromkeys(names) if a != target.name]
            self.conn.execute(
                "INSERT INTO article_entities (article_id, entity_id, name, label, aliases, ambiguities,"
                " mention_count, link, score) VALUES (?, ?, ?, ?, ?, ?, ?, 'corrected', NULL)",
                (article_id, target.id, target.name, target.label, json.dumps(aliases), json.dumps(ambiguities), count))
            return
        name, aliases, known = row
        merged = [a for a in dict.fromkeys([*json.loads(aliases), *names]) if a != name]
        self.conn.execute(
            "UPDATE article_entities SET aliases = ?, ambiguities = ?, mention_count = mention_count + ?"
            " WHERE article_id = ? AND entity_id = ?",
            (json.dumps(merged), json.dumps([*json.loads(known), *ambiguities]), count, article_id, target.id))

    def _mentions_matching(self, entity_id: int, keep: Callable[[str], bool],
                           article: int | None = None) -> list[Moved]:
        """The mentions of an entity whose text passes *keep*, grouped by article."""
        groups: dict[int, Moved] = {}
        for article_id, start, text in self.conn.execute(
                "SELECT m.article_id, m.start, substr(a.text, m.start + 1, m.end - m.start) FROM mentions m"
                " JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ?1 AND (?2 IS NULL OR m.article_id = ?2)"
                " ORDER BY m.article_id, m.start", (entity_id, article)):
            if keep(text):
                group = groups.setdefault(article_id, Moved(article_id, [], []))
                group.starts.append(start)
                group.texts.append(text)
        return list(groups.values())

    def _move_mentions(self, entity_id: int, group: Moved, to_id: int | None) -> None:
        """Give one article's *group* of mentions of an entity to *to_id*, or unmark them (None)."""
        key = (group.article_id, entity_id)
        starts = json.dumps(group.starts)
        if to_id is None:
            self.conn.execute("DELETE FROM mentions WHERE article_id = ? AND entity_id = ?"
                              " AND start IN (SELECT value FROM json_each(?))", (*key, starts))
        else:
            self.conn.execute("UPDATE mentions SET entity_id = ? WHERE article_id = ? AND entity_id = ?"
                              " AND start IN (SELECT value FROM json_each(?))", (to_id, *key, starts))
        self._shrink_article_row(entity_id, group)
        if to_id is not None:
            self._add_article_row(group.article_id, self._entity_by_id(to_id), group.texts, [], len(group.starts))

    def _shrink_article_row(self, entity_id: int, group: Moved) -> None:
        """Take *group*'s mentions off an entity's row in their article: spellings no longer used
        leave it, and the row goes when no mention is left."""
        article_id = group.article_id
        remaining = [t for (t,) in self.conn.execute(
            "SELECT substr(a.text, m.start + 1, m.end - m.start) FROM mentions m JOIN articles a ON a.id = m.article_id"
            " WHERE m.article_id = ? AND m.entity_id = ?", (article_id, entity_id))]
        if not remaining:
            self.conn.execute("DELETE FROM article_entities WHERE article_id = ? AND entity_id = ?",
                              (article_id, entity_id))
            return
        gone = set(group.texts) - set(remaining)
        name, aliases = self.conn.execute("SELECT name, aliases FROM article_entities WHERE article_id = ?"
                                          " AND entity_id = ?", (article_id, entity_id)).fetchone()
        names = [n for n in [name, *json.loads(aliases)] if n not in gone] or [Counter(remaining).most_common(1)[0][0]]
        self.conn.execute(
            "UPDATE article_entities SET name = ?, aliases = ?, mention_count = ?"
            " WHERE article_id = ? AND entity_id = ?",
            (names[0], json.dumps(names[1:]), len(remaining), article_id, entity_id))
