"""Writing to the index: storing an analysed article (its entities linked to the index's by
:mod:`nlp.linking`), and deleting one. Every write runs in one transaction."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from typing import TYPE_CHECKING

from nlp.index.names import shared_names
from nlp.index.records import TextBlock
from nlp.labels import label_family
from nlp.linking import (NEW, Candidate, Link, ShortFormCandidate, choose_link, keeps_apart, link_by_name,
                         is_another_place, links_only_by_key, qualified_place_name)

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager
    from pathlib import Path

    from nlp.analysis import Analysis, Entity
    from nlp.reading import ArticleInput
    from nlp.short_forms import ShortForms

CONTEXT_SAMPLE = 50
"""Newest articles of a candidate full name searched for the names a new article shares with it."""
MAX_CANDIDATES = 8
"""A short form that may stand for more library names than this is too common to link ("Smith")."""


class IndexWrites:
    """The writing half of :class:`nlp.index.Index` (it holds the connection and transactions)."""

    conn: sqlite3.Connection
    path: Path
    clock: Callable[[], str]
    transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]

    def find_article_by_file_hash(self, file_hash: str) -> int | None:
        """The id of an article imported from a file with exactly these bytes (see :func:`nlp.reading.file_hash`)."""
        row = self.conn.execute("SELECT id FROM articles WHERE file_hash = ? LIMIT 1", (file_hash,)).fetchone()
        return row[0] if row else None

    def remember_file_hash(self, article_id: int, file_hash: str) -> None:
        """Record the file hash of an article stored without one (imported before schema 3)."""
        with self.transaction() as conn:
            conn.execute("UPDATE articles SET file_hash = ? WHERE id = ? AND file_hash IS NULL",
                         (file_hash, article_id))

    def find_article_by_path(self, path: str) -> tuple[int, str] | None:
        """(id, title) of the newest article imported from the file at *path* (absolute), if any."""
        row = self.conn.execute("SELECT id, title FROM articles WHERE path = ? ORDER BY id DESC LIMIT 1",
                                (path,)).fetchone()
        return (row[0], row[1]) if row else None

    def find_article_by_content_hash(self, content_hash: str) -> int | None:
        """The id of the article with this content hash, if the library has it."""
        row = self.conn.execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    def add_article(self, article: ArticleInput, analysis: Analysis, fuzzy_cutoff: float = 90.0) -> int:
        """Store an analysed article and link its entities to the library's; returns its id.

        Everything is written in one transaction. An article already in the library (same
        content hash) is not stored again; its existing id is returned.
        """
        return self.store_article(article, analysis, fuzzy_cutoff)[0]

    def store_article(self, article: ArticleInput, analysis: Analysis, fuzzy_cutoff: float = 90.0,
                      replacing: int | None = None) -> tuple[int, bool]:
        """:meth:`add_article`, also telling whether this call stored it: (id, stored now).

        False when the library already had the text, perhaps stored by another process since
        the caller looked: an import counts only what it stored itself. With *replacing* (the
        id of an older version of the article, see :meth:`find_article_by_path`), that article
        is deleted in the same transaction, so the library holds one or the other, never both
        or neither.
        """
        with self.transaction() as conn:
            existing = self.find_article_by_content_hash(article.content_hash)
            if existing is not None:
                return existing, False
            if replacing is not None:
                self._delete(replacing)
            article_id = conn.execute(
                "INSERT INTO articles (content_hash, title, text, path, url, site, author, published, kind,"
                " added_at, word_count, file_hash, blocks, feed_id, summary_only, indexed_by)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.content_hash, article.title, article.text, article.path, article.url, article.site,
                 article.author, article.published, article.kind, self.clock(), len(article.text.split()),
                 article.file_hash, _blocks_json(article.blocks), article.feed_id, int(article.summary_only),
                 analysis.indexed_by),
            ).lastrowid
            self._store_names(article_id, article.text, analysis, fuzzy_cutoff)
        return article_id, True

    def _store_names(self, article_id: int, text: str, analysis: Analysis, fuzzy_cutoff: float) -> set[int]:
        """Link *analysis*'s names to the library's and store them as article *article_id*'s, with
        every correction in effect applied (:mod:`nlp.index.reapply`), inside the caller's
        transaction; returns the ids of the entities the corrections changed."""
        from nlp.index.reapply import CorrectionsInEffect

        corrections = CorrectionsInEffect.load(self.conn)
        newest = self.conn.execute("SELECT coalesce(max(id), 0) FROM entities").fetchone()[0] if corrections else 0
        linked: dict[int, list[Entity]] = {}
        links: dict[int, tuple[str, float | None]] = {}
        entities = corrections.relabelled(without_not_names(analysis.entities, corrections.not_names))
        for entity, link in self._link_entities(entities, text, fuzzy_cutoff):
            entity_id = link.entity_id
            if entity_id is None or (entity_id in linked and keeps_apart(link, entity.label,
                                                                       linked[entity_id][0].label)):
                entity_id, link = self._new_entity(entity), NEW
            linked.setdefault(entity_id, []).append(entity)
            links.setdefault(entity_id, (link.how, link.score))
        self._store_mentions(article_id, linked, links)
        return corrections.apply(self.conn, article_id, newest)

    def _link_entities(self, entities: list[Entity], text: str, cutoff: float) -> list[tuple[Entity, Link]]:
        """Find the index entity each of *entities* is (see :mod:`nlp.linking` for the rules),
        and the entity to store under it: a place the article qualifies is stored under its
        qualified name ("Paris, Texas") unless it links to the plain name (:meth:`_link_place`).

        The library entities named exactly like the article's names are its context: they
        choose between several full names a short form may stand for.
        """
        from nlp.names import name_key

        keys = [name_key(entity.name) for entity in entities]
        named = self._named_by_keys(keys)
        same_keys = [named.get(key, []) for key in keys]
        context = {c.entity_id for same_key in same_keys for c in same_key}
        linked = []
        for entity, qualified, key, same_key in zip(entities, qualified_places(entities, text), keys, same_keys):
            if qualified is None:
                linked.append((entity, self._link_entity(entity, key, same_key, context, cutoff)))
            else:
                linked.append(self._link_place(entity, qualified, key, same_key, context, cutoff))
        return linked

    def _link_place(self, entity: Entity, qualified: Entity, key: str, same_key: list[Candidate],
                    context: set[int], cutoff: float) -> tuple[Entity, Link]:
        """A place the article qualifies ("Paris, Texas"): the library's place of the qualified name;
        else that of the plain name unless :func:`nlp.linking.is_another_place`; else a new place.
        Either way it is stored under the qualified name, which becomes an alias of its place."""
        from nlp.names import name_key

        qualified_key = name_key(qualified.name)
        link = self._link_entity(qualified, qualified_key, self._same_key(qualified_key), context, cutoff)
        if link.entity_id is not None:
            return qualified, link
        plain = self._link_entity(entity, key, same_key, context, cutoff)
        if plain.entity_id is None:
            return qualified, NEW
        qualifier_ids = {c.entity_id for c in self._same_key(name_key(qualified.name[len(entity.name):]))}
        seen_with_qualifier = bool(qualifier_ids) and self._with_shared_names(
            [plain.entity_id], qualifier_ids)[0].shared > 0
        other_qualifier = self.conn.execute(
            "SELECT 1 FROM aliases WHERE entity_id = ? AND substr(key, 1, ?) = ? AND key != ? LIMIT 1",
            (plain.entity_id, len(key) + 1, key + " ", qualified_key)).fetchone() is not None
        return (qualified, NEW) if is_another_place(other_qualifier, seen_with_qualifier) else (qualified, plain)

    def _named_by_keys(self, keys: list[str]) -> dict[str, list[Candidate]]:
        """The entities named by each of *keys*, most mentioned first."""
        named: dict[str, list[Candidate]] = {}
        for entity_id, label, key in self.conn.execute(
                "SELECT id, label, key FROM entities WHERE key IN (SELECT value FROM json_each(?))"
                " ORDER BY key, mention_count DESC, id", (json.dumps(sorted(set(keys))),)):
            named.setdefault(key, []).append(Candidate(entity_id, label))
        return named

    def _same_key(self, key: str) -> list[Candidate]:
        """The entities named by *key*, most mentioned first."""
        return self._named_by_keys([key]).get(key, [])

    def _link_entity(self, entity: Entity, key: str, same_key: list[Candidate], context: set[int],
                     cutoff: float) -> Link:
        if links_only_by_key(key):
            return link_by_name(entity.label, same_key, []) or NEW
        same_alias = [] if same_key else self._known_as(key, entity.label)
        return choose_link(entity.label, same_key, same_alias,
                           lambda family: self._existing_match(key, family, cutoff),
                           lambda: self._short_form_candidates(entity, key, context - {c.entity_id for c in same_key}))

    def _known_as(self, key: str, label: str) -> list[Candidate]:
        """Entities with the name key *key* as an alias; for an organisation, also those named
        like it with or without a legal form ("Volkswagen", "Volkswagen AG")."""
        from nlp.names import legal_form_variants

        found = [Candidate(*row) for row in self.conn.execute(
            "SELECT DISTINCT e.id, e.label FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.key = ?",
            (key,))]
        if label == "ORG":
            found += [Candidate(*row) for row in self.conn.execute(
                "SELECT id, label FROM entities WHERE key IN (SELECT value FROM json_each(?)) AND label = 'ORG'",
                (json.dumps(legal_form_variants(key)),))]
        return found

    def _short_form_candidates(self, entity: Entity, key: str, context: set[int]) -> list[ShortFormCandidate]:
        """The library's full names *entity* may be a short form of, or its short forms in the
        library (:mod:`nlp.short_forms`), each with the names it shares with *context*."""
        from nlp.names import acronym_of
        from nlp.short_forms import initialled, initialled_form, initials_of

        family = label_family(entity.label)
        acronym = acronym_of(entity.name)
        if acronym is not None:
            return self._with_shared_names(self._short_forms_held().spelled_out(acronym), context)
        if family == "PERSON" and " " not in key:
            return self._with_shared_names(self._short_forms_held().people_named(key), context)
        if family == "PERSON" and (parts := initialled(key)):
            return self._with_shared_names(self._short_forms_held().people_named(parts[1]), context,
                                           fits=lambda other: other.startswith(parts[0]) and other[1] != " ")
        if family == "PERSON" and (form := initialled_form(key)):
            return self._with_shared_names(self._ids_named([form]), context, full_name=False)
        forms = sorted(initials_of(key, family))
        ids = [entity_id for entity_id, name in self._ids_named(forms, with_names=True) if acronym_of(name)]
        return self._with_shared_names(ids, context, full_name=False)

    def _ids_named(self, keys: list[str], with_names: bool = False) -> list:
        """Ids of the entities whose key is one of *keys* (with their names if *with_names*)."""
        rows = self.conn.execute("SELECT id, name FROM entities WHERE key IN (SELECT value FROM json_each(?))",
                                 (json.dumps(keys),)).fetchall() if keys else []
        return rows if with_names else [row[0] for row in rows]

    def _short_forms_held(self) -> ShortForms:
        shared = shared_names(self.path)
        with shared.lock:
            shared.refresh(self.conn)
            return shared.short_forms

    def _with_shared_names(self, entity_ids: list[int], context: set[int], full_name: bool = True,
                           fits: Callable[[str], bool] = lambda key: True) -> list[ShortFormCandidate]:
        """*entity_ids* that still exist and whose keys *fit*, with how often their newest articles
        mention *context*; none when there are more than :data:`MAX_CANDIDATES`."""
        wanted = list(dict.fromkeys(entity_ids))
        if len(wanted) > MAX_CANDIDATES or not wanted:
            return []
        rows = {entity_id: (label, key, shared) for entity_id, label, key, shared in self.conn.execute(
            "SELECT e.id, e.label, e.key, CASE WHEN :context = '[]' THEN 0 ELSE"
            " (SELECT count(*) FROM (SELECT article_id FROM article_entities"
            "   WHERE entity_id = e.id ORDER BY article_id DESC LIMIT :sample) recent"
            "  JOIN article_entities other ON other.article_id = recent.article_id"
            "  WHERE other.entity_id IN (SELECT value FROM json_each(:context))) END"
            " FROM entities e WHERE e.id IN (SELECT value FROM json_each(:ids))",
            {"ids": json.dumps(wanted), "sample": CONTEXT_SAMPLE, "context": json.dumps(sorted(context))})}
        return [ShortFormCandidate(entity_id, rows[entity_id][0], rows[entity_id][2], full_name)
                for entity_id in wanted if entity_id in rows and fits(rows[entity_id][1])]

    def _new_entity(self, entity: Entity) -> int:
        """Create an index entity for *entity*; returns its id."""
        from nlp.names import name_key

        key = name_key(entity.name)
        return self.conn.execute(
            "INSERT INTO entities (name, label, key) VALUES (?, ?, ?)", (entity.name, entity.label, key)
        ).lastrowid

    def _store_mentions(self, article_id: int, linked: dict[int, list[Entity]],
                        links: dict[int, tuple[str, float | None]]) -> None:
        """Store the article's mentions of each index entity in *linked* (the article's entities
        linked to it), with its name, aliases and link, and update the entities' counts and label
        vote: a few statements for the whole article, whatever its number of names."""
        from nlp.names import name_key

        entity_rows, mention_rows, alias_rows = [], [], []
        for entity_id, entities in linked.items():
            mentions = sorted((m for e in entities for m in e.mentions), key=lambda m: m.start)
            name = entities[0].name
            aliases = list(dict.fromkeys(a for e in entities for a in [e.name, *e.aliases] if a != name))
            ambiguities = [{"form": a.form, "candidates": list(a.candidates)} for e in entities for a in e.ambiguities]
            how, score = links[entity_id]
            entity_rows.append((article_id, entity_id, name, entities[0].label, json.dumps(aliases),
                                json.dumps(ambiguities), len(mentions), how, score))
            mention_rows += [(article_id, m.start, m.end, entity_id, m.sentence[0], m.sentence[1]) for m in mentions]
            alias_rows += [(entity_id, alias, name_key(alias)) for alias in [name, *aliases]]
        self.conn.executemany(
            "INSERT INTO article_entities (article_id, entity_id, name, label, aliases, ambiguities,"
            " mention_count, link, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", entity_rows)
        self.conn.executemany(
            "INSERT INTO mentions (article_id, start, end, entity_id, sent_start, sent_end) VALUES (?, ?, ?, ?, ?, ?)",
            mention_rows)
        self.conn.executemany("INSERT OR IGNORE INTO aliases (entity_id, alias, key) VALUES (?, ?, ?)", alias_rows)
        self.conn.execute(
            "UPDATE entities SET"
            " mention_count = mention_count + (SELECT mention_count FROM article_entities"
            "                                  WHERE article_id = :article AND entity_id = entities.id),"
            " article_count = article_count + 1,"
            " label = CASE WHEN retyped THEN label ELSE (SELECT label FROM article_entities WHERE entity_id = entities.id"
            "          GROUP BY label ORDER BY sum(mention_count) DESC, min(article_id) LIMIT 1) END"
            " WHERE id IN (SELECT entity_id FROM article_entities WHERE article_id = :article)",
            {"article": article_id})

    def _existing_match(self, key: str, family: str, cutoff: float) -> tuple[int, float] | None:
        """(id, score) of the best fuzzy match for *key* in *family* among entities that still
        exist under the matched name (the shared matcher, :mod:`nlp.index.names`)."""
        shared = shared_names(self.path)
        with shared.lock:
            matcher = shared.refresh(self.conn)
            while (match := matcher.best(key, family, cutoff)) is not None:
                row = self.conn.execute("SELECT key FROM entities WHERE id = ?", (match.entity_id,)).fetchone()
                if row and row[0] == match.key:
                    return match.entity_id, match.score
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



def without_not_names(entities: list[Entity], not_names: list[tuple[str, str | None]]) -> list[Entity]:
    """*entities* without the mentions "not a name" corrections cover (the same name key, and the
    label the correction names, if any): an entity left with none is dropped, and one named by
    such a text takes the text of its first remaining mention as its name."""
    if not not_names:
        return entities
    from nlp.names import name_key

    covered = [(name_key(text), label) for text, label in not_names]

    def kept(mention_text: str, label: str) -> bool:
        key = name_key(mention_text)
        return not any(key == not_key and (not_label is None or not_label == label) for not_key, not_label in covered)

    result = []
    for entity in entities:
        mentions = [m for m in entity.mentions if kept(m.text, entity.label)]
        if not mentions:
            continue
        if len(mentions) == len(entity.mentions):
            result.append(entity)
            continue
        name = entity.name if kept(entity.name, entity.label) else mentions[0].text
        aliases = [a for a in entity.aliases if a != name and kept(a, entity.label)]
        result.append(replace(entity, name=name, aliases=aliases, mentions=mentions))
    return result


def qualified_places(entities: list[Entity], text: str) -> list[Entity | None]:
    """Each of *entities* under the name the article qualifies it by ("Paris, Texas", with
    "Paris" as an alias), or None (:func:`nlp.linking.qualified_place_name`)."""
    from dataclasses import replace

    places = {m.start: m.text for e in entities if label_family(e.label) == "PLACE" for m in e.mentions}
    qualified: list[Entity | None] = []
    for entity in entities:
        spans = [(m.start, m.end) for m in entity.mentions]
        others = {start: place for start, place in places.items() if (start, start + len(place)) not in spans}
        name = qualified_place_name(entity.name, entity.label, text, spans, others)
        qualified.append(replace(entity, name=name, aliases=[entity.name, *entity.aliases]) if name else None)
    return qualified


def _blocks_json(blocks: tuple[TextBlock, ...]) -> str | None:
    import json

    return json.dumps([list(block) for block in blocks], separators=(",", ":")) if blocks else None
