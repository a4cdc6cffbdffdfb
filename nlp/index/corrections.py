"""The reader's corrections to the index: rename, retype, merge, split, "not a name", and undo.

Each correction runs in one ``BEGIN IMMEDIATE`` transaction (a ``kill -9`` leaves all of it or
none of it; two processes correcting at once queue on the lock), resolves the entities it names
inside that transaction (an entity another process deleted gets a clear error), and is stored
as its own row of ``corrections``: its kind, its arguments (entities by id and name), a one-line
summary, and the rows it changed as they were before (the undo log).

The undo log (:mod:`nlp.index.undo_log`) holds, for the correction's entities and articles, the
rows it changed as they were. A correction is undone only after every later one in effect that
touched the same entities.

The process-wide name matcher (:mod:`nlp.index.names`) is told to rebuild through
``entity_changes.deletions``, as a deletion does: names and labels change under existing ids.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from nlp.index.correction_rows import CorrectionRows, Moved
from nlp.index.records import Correction, IndexEntity
from nlp.index.undo_log import Scope, capture, recount, restore

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from nlp.index import Index

ENTITY_ROW = "SELECT id, name, label, mention_count, article_count FROM entities WHERE id = ?"
NAMES_CHANGED = "UPDATE entity_changes SET deletions = deletions + 1 WHERE id = 1"


class CorrectionRefused(ValueError):
    """A correction that cannot be made, or an entity that cannot be found; nothing was changed.
    The message says why on one line (it quotes names, which come from outside)."""

    def __str__(self) -> str:
        from nlp.text import one_line

        return one_line(super().__str__())


class AmbiguousEntity(CorrectionRefused):
    """A name several entities go by: :attr:`candidates` lists them, most mentioned first."""

    def __init__(self, text: str, candidates: list[IndexEntity]) -> None:
        super().__init__(f"“{text}” names {len(candidates)} entities; name one by its id:")
        self.candidates = candidates


class Corrections(CorrectionRows):
    """The corrections of one open index: ``Corrections(index).rename_entity(...)``.

    Kept apart from :class:`nlp.index.Index`, so that the reader opens an article without
    loading them; the command line and the reader's correction keys import this module.
    """

    def __init__(self, index: Index) -> None:
        self.index = index
        self.conn: sqlite3.Connection = index.conn
        self.clock: Callable[[], str] = index.clock
        self.transaction: Callable[[], AbstractContextManager[sqlite3.Connection]] = index.transaction

    # --- finding the entities a correction names

    def resolve_entity(self, reference: str | int) -> IndexEntity:
        """The entity *reference* names: an id ("12" or "#12") or a name or alias (any case).

        Raises :class:`CorrectionRefused` for an empty or unknown one, and
        :class:`AmbiguousEntity` for a name several entities go by.
        """
        from nlp.names import name_key

        text = str(reference).strip()
        if not text:
            raise CorrectionRefused("an empty name names no entity")
        if text.lstrip("#").isdigit():
            return self._entity_by_id(int(text.lstrip("#")))
        key = name_key(text)
        ids = [i for (i,) in self.conn.execute("SELECT id FROM entities WHERE key = ?", (key,))] or [
            i for (i,) in self.conn.execute("SELECT DISTINCT entity_id FROM aliases WHERE key = ?", (key,))]
        entities = sorted((self._entity_by_id(i) for i in ids), key=lambda e: (-e.mention_count, e.id))
        if not entities:
            raise CorrectionRefused(f"no entity is named “{text}” (margin names lists the library's names)")
        if len(entities) > 1:
            raise AmbiguousEntity(text, entities)
        return entities[0]

    def _entity_by_id(self, entity_id: int) -> IndexEntity:
        """The entity with this id, with its aliases; a clear error if it is gone."""
        row = self.conn.execute(ENTITY_ROW, (entity_id,)).fetchone()
        if row is None:
            raise CorrectionRefused(f"no entity #{entity_id}: it does not exist, or no longer does "
                                    "(another correction or a deleted article removed it)")
        aliases = [a for (a,) in self.conn.execute(
            "SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias", (entity_id,)) if a != row[1]]
        return IndexEntity(*row, aliases=aliases)

    def _articles_of(self, entity_ids: Iterable[int]) -> set[int]:
        return {a for (a,) in self.conn.execute(
            "SELECT DISTINCT article_id FROM article_entities WHERE entity_id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(entity_ids)),))}

    # --- the corrections

    def rename_entity(self, reference: str | int, new_name: str) -> Correction:
        """Give an entity a new canonical name, in the library and in every article; the old
        name stays an alias."""
        from nlp.names import name_key

        new_name = _clean_name(new_name)
        with self.transaction():
            entity = self.resolve_entity(reference)
            if new_name == entity.name:
                raise CorrectionRefused(f"#{entity.id} is already named “{new_name}”")
            scope = Scope({entity.id}, set(), ("aliases",))

            def change() -> str:  # articles show the new name through the flag (nlp.index.reads)
                self.conn.execute("UPDATE entities SET name = ?, key = ?, renamed = 1 WHERE id = ?",
                                  (new_name, name_key(new_name), entity.id))
                self._add_aliases(entity.id, [entity.name, new_name])
                return f"Renamed #{entity.id} “{entity.name}” to “{new_name}” (the old name stays an alias)."

            arguments = {"entity": _named(entity), "name": new_name}
            return self._apply("rename", arguments, scope, change)

    def retype_entity(self, reference: str | int, label: str) -> Correction:
        """Give an entity another type (spaCy label), in the library and in every article."""
        label = label.strip().upper()
        with self.transaction():
            entity = self.resolve_entity(reference)
            self._check_label(label)
            if label == entity.label:
                raise CorrectionRefused(f"#{entity.id} “{entity.name}” is already {label}")
            scope = Scope({entity.id}, set(), ())

            def change() -> str:  # articles show the new type through the flag (nlp.index.reads)
                self.conn.execute("UPDATE entities SET label = ?, retyped = 1 WHERE id = ?", (label, entity.id))
                return f"Retyped #{entity.id} “{entity.name}” from {entity.label} to {label}."

            arguments = {"entity": _named(entity), "from": entity.label, "label": label}
            return self._apply("retype", arguments, scope, change)

    def merge_entities(self, references: list[str | int], into: str | int) -> Correction:
        """Make *references* one entity with *into*: their mentions, aliases and articles move
        to it (with its name and type), and they are deleted."""
        with self.transaction():
            target = self.resolve_entity(into)
            sources = list({e.id: e for e in map(self.resolve_entity, references)}.values())
            if not sources:
                raise CorrectionRefused("name at least one entity to merge")
            if any(source.id == target.id for source in sources):
                raise CorrectionRefused(f"cannot merge #{target.id} “{target.name}” into itself")
            ids = {target.id, *(s.id for s in sources)}
            scope = Scope(ids, self._articles_of(s.id for s in sources), ("aliases", "article_entities", "mention_owners"),
                          moved_from={s.id for s in sources})

            def change() -> str:
                self.index.carry_follows([s.id for s in sources], target.id)  # before the sources' rows go
                for source in sources:
                    self._merge_one(source, target)
                mentions = sum(s.mention_count for s in sources)
                return (f"Merged {_listed(sources)} ({_count(mentions, 'mention')} in "
                        f"{_count(len(scope.article_ids), 'article')}) into #{target.id} “{target.name}”.")

            arguments = {"entities": [_named(s) for s in sources], "into": _named(target)}
            return self._apply("merge", arguments, scope, change)

    def split_entity(self, reference: str | int, alias: str | None = None, article: int | None = None,
                     mention: int | None = None, into: str | int | None = None,
                     new_name: str | None = None) -> Correction:
        """Take some mentions of an entity away to a new entity (*new_name*, by default the
        alias or the mentions' text) or to another one (*into*): every mention of *alias*, or
        those in *article* (only the one starting at *mention*, if given)."""
        if (alias is None) == (article is None):
            raise CorrectionRefused("split takes either an alias or an article")
        if mention is not None and article is None:
            raise CorrectionRefused("a mention is given with its article")
        if into is not None and new_name is not None:
            raise CorrectionRefused("split goes either into an entity or to a new name, not both")
        with self.transaction():
            entity = self.resolve_entity(reference)
            moved = self._mentions_to_split(entity, alias, article, mention)
            target = self.resolve_entity(into) if into is not None else None
            if target is not None and target.id == entity.id:
                raise CorrectionRefused(f"cannot split #{entity.id} “{entity.name}” into itself")
            return self._split(entity, moved, target, new_name,
                               {"alias": alias, "article": article, "mention": mention})

    def _split(self, entity: IndexEntity, moved: list[Moved], target: IndexEntity | None, new_name: str | None,
               selection: dict) -> Correction:
        texts = Counter(t for m in moved for t in m.texts)
        name = _clean_name(new_name) if new_name is not None else (
            target.name if target else _clean_name(selection["alias"] or texts.most_common(1)[0][0]))
        ids = {entity.id} | ({target.id} if target else set())
        scope = Scope(ids, {m.article_id for m in moved}, ("aliases", "article_entities", "mentions"))
        created: list[int] = []

        def change() -> str:
            to_id = target.id if target else self._new_entity_row(name, entity.label)
            if target is None:
                created.append(to_id)
                arguments["new_id"] = to_id  # found again by undo, redo and re-indexing (nlp.index.reapply)
            for group in moved:
                self._move_mentions(entity.id, group, to_id)
            self._drop_unused_aliases(entity.id, texts)
            self._add_aliases(to_id, [name, *texts])
            count = sum(len(m.starts) for m in moved)
            where = f"into #{to_id} “{name}”" if target else f"into a new entity #{to_id} “{name}”"
            return (f"Split {_count(count, 'mention')} in {_count(len(moved), 'article')} "
                    f"from #{entity.id} “{entity.name}” {where}.")

        arguments = {"entity": _named(entity), **selection,
                     "into": _named(target) if target else None, "new": None if target else name}
        correction = self._apply("split", arguments, scope, change, created)
        return correction

    def not_a_name(self, text: str, label: str | None = None) -> Correction:
        """Record that *text* is not a name (of *label*, or of any type) and unmark it in every
        article: its mentions are removed, and entities left without any are deleted."""
        from nlp.names import name_key

        text = _clean_name(text)
        label = label.strip().upper() if label else None
        with self.transaction():
            if label is not None:
                self._check_label(label)
            key = name_key(text)
            candidates = [self._entity_by_id(i) for (i,) in self.conn.execute(
                "SELECT DISTINCT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id"
                " WHERE a.key = ? AND (?2 IS NULL OR e.label = ?2) ORDER BY a.entity_id", (key, label))]
            moved = {e.id: self._mentions_matching(e.id, lambda t: name_key(t) == key) for e in candidates}
            moved = {entity_id: groups for entity_id, groups in moved.items() if groups}
            articles = {m.article_id for groups in moved.values() for m in groups}
            scope = Scope(set(moved), articles, ("aliases", "article_entities", "mentions"))

            def change() -> str:
                counts = {e.id: e.mention_count for e in candidates}
                for entity_id, groups in moved.items():
                    if sum(len(group.starts) for group in groups) == counts[entity_id]:
                        self._unmark_entity(entity_id)  # every mention: the entity goes (one statement a table)
                        continue
                    for group in groups:
                        self._move_mentions(entity_id, group, None)
                    self._drop_unused_aliases(entity_id, {t for group in groups for t in group.texts})
                count = sum(len(m.starts) for groups in moved.values() for m in groups)
                if not count:
                    return f"Not a name: “{text}”: no article marks it now; articles stored later will not."
                return (f"Not a name: “{text}”: removed {_count(count, 'mention')} in "
                        f"{_count(len(articles), 'article')} (from {_listed(candidates)}).")

            arguments = {"text": text, "label": label, "entities": [_named(e) for e in candidates if e.id in moved]}
            return self._apply("not-a-name", arguments, scope, change)

    def undo_correction(self, correction_id: int | None = None) -> Correction:
        """Undo the last correction in effect, or the one with *correction_id*; returns it, undone."""
        with self.transaction():
            row = self._correction_to_undo(correction_id)
            id_, kind, arguments, summary, entity_ids, undo, created_at = row
            self._check_undo_order(id_, set(json.loads(entity_ids)))
            restore(self.conn, json.loads(undo))
            undone_at = self.clock()
            self.conn.execute("UPDATE corrections SET undone_at = ? WHERE id = ?", (undone_at, id_))
            self.conn.execute(NAMES_CHANGED)
            return Correction(id_, kind, json.loads(arguments), summary, created_at, undone_at)

    # --- the steps they share

    def _apply(self, kind: str, arguments: dict, scope: Scope, change: Callable[[], str],
               created: list[int] | None = None) -> Correction:
        """Record the scope's rows, run *change*, count mentions again, and store the correction."""
        before = capture(self.conn, scope)
        summary = change()
        touched = scope.entity_ids | set(created or ())
        self._recount(touched)
        before["entity_ids"] = sorted(touched)  # the undo clears the created entities' rows too
        before["created"] = sorted(created or ())
        before["deleted"] = sorted(i for i in scope.entity_ids
                                   if not self.conn.execute("SELECT 1 FROM entities WHERE id = ?", (i,)).fetchone())
        created_at = self.clock()
        correction_id = self.conn.execute(
            "INSERT INTO corrections (kind, arguments, summary, entity_ids, undo, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (kind, json.dumps(arguments, ensure_ascii=False), summary, json.dumps(sorted(touched)),
             json.dumps(before, ensure_ascii=False, separators=(",", ":")), created_at),
        ).lastrowid
        self.conn.execute(NAMES_CHANGED)
        return Correction(correction_id, kind, arguments, summary, created_at)

    def _recount(self, entity_ids: Iterable[int]) -> None:
        """Count the entities' mentions and articles again; delete those left with none."""
        recount(self.conn, entity_ids)

    def _correction_to_undo(self, correction_id: int | None) -> tuple:
        columns = "SELECT id, kind, arguments, summary, entity_ids, undo, created_at, undone_at FROM corrections"
        if correction_id is None:
            row = self.conn.execute(columns + " WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1").fetchone()
            if row is None:
                raise CorrectionRefused("no correction to undo")
        else:
            row = self.conn.execute(columns + " WHERE id = ?", (correction_id,)).fetchone()
            if row is None:
                raise CorrectionRefused(f"no correction #{correction_id} (margin corrections lists them)")
            if row[-1] is not None:
                raise CorrectionRefused(f"correction #{correction_id} was already undone on {row[-1]}")
        return row[:-1]

    def _check_undo_order(self, correction_id: int, entity_ids: set[int]) -> None:
        """Refuse to undo a correction while a later one in effect changed the same entities."""
        later = [i for i, ids in self.conn.execute(
            "SELECT id, entity_ids FROM corrections WHERE id > ? AND undone_at IS NULL ORDER BY id DESC",
            (correction_id,)) if entity_ids & set(json.loads(ids))]
        if later:
            listed = ", ".join(f"#{i}" for i in later)
            raise CorrectionRefused(f"correction #{correction_id} changed entities that later corrections ({listed}) "
                                    f"changed again: undo {'them' if len(later) > 1 else 'it'} first")

    def _check_label(self, label: str) -> None:
        """Refuse a type that is neither a spaCy label nor one the library already uses."""
        from nlp.labels import NAME_LABELS, NUMERIC_LABELS

        spacy_labels = NAME_LABELS | NUMERIC_LABELS
        if label in spacy_labels or self.conn.execute("SELECT 1 FROM entities WHERE label = ? LIMIT 1",
                                                      (label,)).fetchone():
            return
        raise CorrectionRefused(f"unknown type “{label}”; known types: {', '.join(sorted(spacy_labels))}")

    def _mentions_to_split(self, entity: IndexEntity, alias: str | None, article: int | None,
                           mention: int | None) -> list[Moved]:
        """The mentions of *entity* a split takes: of *alias*, or in *article* (at *mention*)."""
        from nlp.names import name_key

        if alias is not None:
            key = name_key(_clean_name(alias))
            moved = self._mentions_matching(entity.id, lambda text: name_key(text) == key)
            what = f"no mention of “{alias}”"
        else:
            moved = [m for m in self._mentions_matching(entity.id, lambda text: True, article)]
            if mention is not None:
                moved = [Moved(m.article_id, [s for s in m.starts if s == mention],
                               [t for s, t in zip(m.starts, m.texts) if s == mention]) for m in moved]
                moved = [m for m in moved if m.starts]
            what = f"no mention in article {article}" + (f" at {mention}" if mention is not None else "")
        if not moved:
            raise CorrectionRefused(f"#{entity.id} “{entity.name}” has {what}")
        if sum(len(m.starts) for m in moved) == entity.mention_count:
            raise CorrectionRefused(f"that is every mention of #{entity.id} “{entity.name}”: "
                                    "rename it or merge it instead")
        return moved


def _clean_name(name: str) -> str:
    """*name* with its spaces tidied; an empty one is refused."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise CorrectionRefused("an empty name is not a name")
    return cleaned


def _named(entity: IndexEntity) -> dict:
    """How a correction's arguments name an entity: its id now, and its name and type (which
    outlive the id after a re-index)."""
    return {"id": entity.id, "name": entity.name, "label": entity.label}


def _listed(entities: list[IndexEntity]) -> str:
    return ", ".join(f"#{e.id} “{e.name}”" for e in entities)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"
