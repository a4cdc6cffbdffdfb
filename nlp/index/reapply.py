"""The corrections in effect, applied again to one article's names as they are stored: a new
article's, or a re-indexed one's (:mod:`nlp.reindex`), inside its store transaction.

Before linking, a "not a name" text is left out (:func:`nlp.index.writes.without_not_names`)
and a name of a retyped entity takes its corrected type, so it links to that entity whatever
type the model gave it. After storing, each correction, oldest first, is made again on the
article's rows only:

- **rename**: the entity keeps its new name (articles show it, ``entities.renamed``), and the old
  one stays an alias;
- **retype**: it keeps the corrected type (``entities.retyped``);
- **merge**: a name of a merged entity (same name key and type family) that did not link to the
  target moves to it, and the target's row takes its name;
- **split**: the mentions of the split alias (or the split article's, at the split offset)
  move from the entity, or from an entity named by the alias itself and made for this article,
  to the split's target.
  A split's new entity, gone since (its mentions all deleted), is made again and its id
  recorded in the correction (``new_id``).

A correction names entities by id, name and type (:func:`nlp.index.corrections._named`). An id
is trusted while it still names an entity known by that name (as its name or an alias);
otherwise the entity is the most mentioned one of that name key and type family.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from nlp.index.correction_rows import OTHER_NAMES, CorrectionRows, Moved
from nlp.index.records import IndexEntity
from nlp.index.undo_log import recount
from nlp.labels import label_family

if TYPE_CHECKING:
    from nlp.analysis import Entity

IN_EFFECT = "SELECT id, kind, arguments FROM corrections WHERE undone_at IS NULL ORDER BY id"
MERGED_ROW = ("UPDATE article_entities SET name = :name, label = :label, aliases = " + OTHER_NAMES
              + " WHERE entity_id = :id AND article_id = :article")
MERGE_ROW = ("UPDATE article_entities SET entity_id = :target, name = :name, label = :label, aliases = " + OTHER_NAMES
             + ", link = 'corrected', score = NULL WHERE entity_id = :source AND article_id = :article")


@dataclass(frozen=True)
class InEffect:
    """One correction in effect: its id, kind and arguments (as :mod:`nlp.index.corrections` stored them)."""

    id: int
    kind: str
    arguments: dict


class CorrectionsInEffect:
    """The corrections in effect, read once per stored article (false when there are none)."""

    def __init__(self, corrections: list[InEffect]) -> None:
        self.corrections = corrections
        self.not_names = [(c.arguments["text"], c.arguments.get("label")) for c in corrections
                          if c.kind == "not-a-name"]
        """(text, label or None) of each "not a name" correction, for :func:`nlp.index.writes.without_not_names`."""

    def __bool__(self) -> bool:
        return bool(self.corrections)

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> CorrectionsInEffect:
        """The corrections in effect in the index *conn* holds, oldest first."""
        return cls([InEffect(i, kind, json.loads(arguments)) for i, kind, arguments in conn.execute(IN_EFFECT)])

    def relabelled(self, entities: list[Entity]) -> list[Entity]:
        """*entities* with the corrected type where one is named like a retyped entity was when it was
        retyped and has the type family it was retyped from."""
        from nlp.names import name_key

        retypes = [c.arguments for c in self.corrections if c.kind == "retype"]
        if not retypes:
            return entities
        corrected = {(name_key(a["entity"]["name"]), label_family(a["from"])): a["label"] for a in retypes}
        return [replace(e, label=corrected.get((name_key(e.name), label_family(e.label)), e.label)) for e in entities]

    def apply(self, conn: sqlite3.Connection, article_id: int, newest: int) -> set[int]:
        """Make each correction again on article *article_id*'s rows (stored after the entity with id
        *newest* was made); returns the entities changed (their counts are brought up to date, and
        those left without mentions deleted)."""
        if not self.corrections:
            return set()
        rows = ArticleCorrections(conn, article_id, newest)
        ids, keys = rows.names_here()
        for correction in self.corrections:
            if correction.kind != "not-a-name" and _concerns(correction.arguments, ids, keys):
                getattr(rows, "apply_" + correction.kind.replace("-", "_"))(correction)
        if rows.touched:
            recount(conn, rows.touched)
        return rows.touched


def _concerns(arguments: dict, ids: set[int], keys: set[str]) -> bool:
    """Whether a correction's arguments name one of the entities *ids* or one of the name *keys*
    (a correction naming none of an article's names has nothing to do in it)."""
    from nlp.names import name_key

    named = [arguments.get("entity"), arguments.get("into"), *arguments.get("entities", [])]
    named = [n for n in named if n]
    if {n["id"] for n in named} & ids or arguments.get("new_id") in ids:
        return True
    texts = [*(n["name"] for n in named), arguments.get("name"), arguments.get("alias"), arguments.get("new")]
    return any(name_key(text) in keys for text in texts if text)


class ArticleCorrections(CorrectionRows):
    """The corrections' row changes, made on one article."""

    def __init__(self, conn: sqlite3.Connection, article_id: int, newest: int = 0) -> None:
        self.conn = conn
        self.article_id = article_id
        self.newest = newest
        """Entities with a greater id were made for this article's names as it was stored."""
        self.touched: set[int] = set()
        """Entities whose rows changed."""

    def _entity_by_id(self, entity_id: int) -> IndexEntity:
        row = self.conn.execute("SELECT id, name, label, mention_count, article_count FROM entities WHERE id = ?",
                                (entity_id,)).fetchone()
        return IndexEntity(*row)

    def current(self, named: dict, names: Iterable[str], families: Iterable[str] = ()) -> int | None:
        """The id of the entity a correction named *named* ({id, name, label}) is now: its id while that
        entity is known by one of *names* (or its own name), else the most mentioned entity with one of
        their keys in the type family of its label or of *families*."""
        from nlp.names import name_key

        keys = json.dumps(sorted({name_key(n) for n in (named["name"], *names) if n}))
        if self.conn.execute(
                "SELECT 1 FROM entities WHERE id = ?1 AND (key IN (SELECT value FROM json_each(?2))"
                " OR EXISTS (SELECT 1 FROM aliases WHERE entity_id = ?1 AND key IN (SELECT value FROM json_each(?2))))",
                (named["id"], keys)).fetchone():
            return named["id"]
        wanted = json.dumps(sorted({label_family(named["label"]), *map(label_family, families)}))
        row = self.conn.execute(
            "SELECT id FROM entities WHERE key IN (SELECT value FROM json_each(?)) AND family IN"
            " (SELECT value FROM json_each(?)) ORDER BY mention_count DESC, id LIMIT 1", (keys, wanted)).fetchone()
        return row[0] if row else None

    def names_here(self) -> tuple[set[int], set[str]]:
        """The ids of the entities the article names, and the keys of every name it and they go by."""
        from nlp.names import name_key

        ids, keys = set(), set()
        for entity_id, name, aliases, key in self.conn.execute(
                "SELECT ae.entity_id, ae.name, ae.aliases, e.key FROM article_entities ae"
                " JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id = ?", (self.article_id,)):
            ids.add(entity_id)
            keys |= {key, *map(name_key, [name, *json.loads(aliases)])}
        return ids, keys

    def _exists(self, entity_id: int) -> bool:
        return self.conn.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone() is not None

    def _in_article(self, entity_id: int | None) -> bool:
        return entity_id is not None and self.conn.execute(
            "SELECT 1 FROM article_entities WHERE article_id = ? AND entity_id = ?",
            (self.article_id, entity_id)).fetchone() is not None

    # --- one method per kind of correction

    def apply_rename(self, correction: InEffect) -> None:
        """The renamed entity, if the article names it, keeps its new name (articles show it through
        ``entities.renamed``) and its old one as an alias."""
        from nlp.names import name_key

        arguments = correction.arguments
        old, new = arguments["entity"]["name"], arguments["name"]
        entity_id = self.current(arguments["entity"], [new])
        if not self._in_article(entity_id):
            return
        if self.conn.execute("UPDATE entities SET name = ?, key = ?, renamed = 1 WHERE id = ? AND (name != ? OR NOT renamed)",
                             (new, name_key(new), entity_id, new)).rowcount:
            self.touched.add(entity_id)
        self._add_aliases(entity_id, [old, new])

    def apply_retype(self, correction: InEffect) -> None:
        """The retyped entity, if the article names it, keeps the corrected type (``entities.retyped``)."""
        arguments = correction.arguments
        entity_id = self.current(arguments["entity"], [], [arguments["label"]])
        if not self._in_article(entity_id):
            return
        label = arguments["label"]
        if self.conn.execute("UPDATE entities SET label = ?, retyped = 1 WHERE id = ? AND (label != ? OR NOT retyped)",
                             (label, entity_id, label)).rowcount:
            self.touched.add(entity_id)

    def apply_merge(self, correction: InEffect) -> None:
        """Names of the merged entities join the target, and its row takes the target's name."""
        from nlp.names import name_key

        arguments = correction.arguments
        target_id = self.current(arguments["into"], [])
        if target_id is None:
            return
        target = self._entity_by_id(target_id)
        wanted = {(name_key(s["name"]), label_family(s["label"])) for s in arguments["entities"]}
        for entity_id, name, aliases, ambiguities, count, key, label in self.conn.execute(
                "SELECT ae.entity_id, ae.name, ae.aliases, ae.ambiguities, ae.mention_count, e.key, e.label"
                " FROM article_entities ae JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id = ?",
                (self.article_id,)).fetchall():
            named = {(name_key(name), label_family(label)), (key, label_family(label))}
            if not named & wanted:
                continue
            if entity_id == target_id:
                self.conn.execute(MERGED_ROW, {"name": target.name, "label": target.label, "id": target_id,
                                               "article": self.article_id})
                continue
            self._merge_row(entity_id, target, [name, *json.loads(aliases)], json.loads(ambiguities), count)

    def _merge_row(self, source_id: int, target: IndexEntity, names: list[str], ambiguities: list,
                   count: int) -> None:
        """Move the article's row and mentions of *source_id* to *target*."""
        if self._in_article(target.id):
            self._add_article_row(self.article_id, target, names, ambiguities, count)
            self.conn.execute("DELETE FROM article_entities WHERE article_id = ? AND entity_id = ?",
                              (self.article_id, source_id))
        else:
            self.conn.execute(MERGE_ROW, {"target": target.id, "name": target.name, "label": target.label,
                                          "source": source_id, "article": self.article_id})
        self.conn.execute("UPDATE mentions SET entity_id = ? WHERE article_id = ? AND entity_id = ?",
                          (target.id, self.article_id, source_id))
        self._add_aliases(target.id, names)
        self.touched |= {source_id, target.id}

    def apply_split(self, correction: InEffect) -> None:
        """The split's mentions in this article move to its target (made again if it is gone)."""
        from nlp.names import name_key

        arguments = correction.arguments
        if arguments.get("article") is not None and arguments["article"] != self.article_id:
            return
        alias, start = arguments.get("alias"), arguments.get("mention")
        sources = [self.current(arguments["entity"], [])]
        if alias is not None:
            sources += [i for (i,) in self.conn.execute(
                "SELECT e.id FROM article_entities ae JOIN entities e ON e.id = ae.entity_id"
                " WHERE ae.article_id = ? AND e.key = ? AND e.family = ? AND e.id > ?",
                (self.article_id, name_key(alias), label_family(arguments["entity"]["label"]), self.newest))]
        target_id = self._split_target(correction)
        if target_id is None and arguments.get("into"):
            return
        for source_id in dict.fromkeys(s for s in sources if s is not None and s != target_id):
            moved = self._mentions_matching(
                source_id, (lambda text: name_key(text) == name_key(alias)) if alias is not None else (lambda text: True),
                self.article_id)
            moved = [Moved(m.article_id, [s for s in m.starts if start is None or s == start],
                           [t for s, t in zip(m.starts, m.texts) if start is None or s == start]) for m in moved]
            moved = [m for m in moved if m.starts]
            if moved:
                target_id = target_id or self._make_split_target(correction, source_id)
                self._split_mentions(source_id, moved, target_id)

    def _split_mentions(self, source_id: int, moved: list[Moved], target_id: int) -> None:
        texts = [t for m in moved for t in m.texts]
        for group in moved:
            self._move_mentions(source_id, group, target_id)
        self._drop_unused_aliases(source_id, texts)
        self._add_aliases(target_id, [self._entity_by_id(target_id).name, *texts])
        self.touched |= {source_id, target_id}

    def _split_target(self, correction: InEffect) -> int | None:
        arguments = correction.arguments
        if arguments.get("into"):
            return self.current(arguments["into"], [])
        if arguments.get("new_id") is None:
            return None
        return self.current({"id": arguments["new_id"], "name": arguments["new"],
                             "label": arguments["entity"]["label"]}, [])

    def _make_split_target(self, correction: InEffect, source_id: int) -> int:
        """Make the split's new entity again, and record its id in the correction."""
        arguments = correction.arguments
        new_id = self._new_entity_row(arguments["new"], self._entity_by_id(source_id).label)
        arguments["new_id"] = new_id
        self.conn.execute("UPDATE corrections SET arguments = ? WHERE id = ?",
                          (json.dumps(arguments, ensure_ascii=False), correction.id))
        return new_id

    def apply_not_a_name(self, correction: InEffect) -> None:
        """Nothing to do after storing: the text was left out before linking."""


def corrected_targets(conn: sqlite3.Connection) -> set[int]:
    """Ids of the entities merges and splits in effect gave mentions to (as they recorded them)."""
    targets = set()
    for kind, arguments in conn.execute("SELECT kind, arguments FROM corrections WHERE undone_at IS NULL"
                                        " AND kind IN ('merge', 'split')"):
        arguments = json.loads(arguments)
        targets |= {(arguments.get("into") or {}).get("id"), arguments.get("new_id")} - {None}
    return targets


def corrections_not_holding(conn: sqlite3.Connection) -> list[tuple[int, str, str]]:
    """(id, summary, why) of each correction in effect that no longer applies: the entity it
    changed is gone, or the text it is about is in no article."""
    rows = ArticleCorrections(conn, 0)
    found = []
    for correction_id, kind, arguments, summary in conn.execute(
            "SELECT id, kind, arguments, summary FROM corrections WHERE undone_at IS NULL ORDER BY id").fetchall():
        why = _why_not_holding(rows, kind, json.loads(arguments))
        if why is not None:
            found.append((correction_id, summary, why))
    return found


def _why_not_holding(rows: ArticleCorrections, kind: str, arguments: dict) -> str | None:
    if kind == "not-a-name":
        phrase = '"' + arguments["text"].replace('"', '""') + '"'
        found = rows.conn.execute("SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1", (phrase,)).fetchone()
        return None if found else f"no article has the text “{arguments['text']}” any more"
    if kind == "split":
        target = rows._split_target(InEffect(0, kind, arguments))
        if target is not None:
            return None
        if arguments.get("article") is not None and rows.conn.execute(
                "SELECT 1 FROM articles WHERE id = ?", (arguments["article"],)).fetchone() is None:
            return f"article {arguments['article']} is gone"
        what = f"“{arguments['alias']}”" if arguments.get("alias") is not None else "the split mentions"
        return f"no article marks {what} as a name of “{arguments['entity']['name']}” any more"
    named = arguments["into"] if kind == "merge" else arguments["entity"]
    names = [arguments["name"]] if kind == "rename" else []
    families = [arguments["label"]] if kind == "retype" else []
    if rows.current(named, names, families) is None:
        return f"no entity is named “{named['name']}” any more"
    return None
