"""Reading the index: listings, search, an article with its names, an entity's dossier data."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from nlp.index.names import shared_names
from nlp.index.records import (ArticleEntity, ArticleSummary, Correction, IndexEntity, MentioningArticle,
                               SearchHit, StoredArticle, StoredMention, TextBlock)

if TYPE_CHECKING:
    from nlp.fuzzy import Match

COMPANION_SAMPLE = 200
"""Companions are counted over an entity's newest articles, at most this many, so the dossier of
a name found in most of a 100,000-article library opens as fast as that of a rare one."""


FILTER_WORDS = 4
"""Filter words matched by the listing's fixed statement; more go through a JSON list (slower)."""
_FEW_WORDS = ("a.filter_text LIKE :w0 ESCAPE '\\' AND a.filter_text LIKE :w1 ESCAPE '\\'"
              " AND a.filter_text LIKE :w2 ESCAPE '\\' AND a.filter_text LIKE :w3 ESCAPE '\\'")
_MANY_WORDS = "NOT EXISTS (SELECT 1 FROM json_each(:words) w WHERE a.filter_text NOT LIKE w.value ESCAPE '\\')"
_LIST = ("SELECT a.id, a.title, a.site, a.added_at,"
         " (SELECT count(*) FROM article_entities ae WHERE ae.article_id = a.id), a.word_count, a.path, a.url,"
         " a.author, a.published, a.read_at IS NULL, a.starred"
         " FROM articles a INDEXED BY articles_listing"
         " WHERE (:after_at IS NULL OR (a.added_at, a.id) < (:after_at, :after_id)) AND ")
_ORDER = " ORDER BY a.added_at DESC, a.id DESC LIMIT :limit"
_COUNT = "SELECT count(*) FROM articles a INDEXED BY articles_listing WHERE "
LIST_FEW_WORDS = _LIST + _FEW_WORDS + _ORDER
LIST_MANY_WORDS = _LIST + _MANY_WORDS + _ORDER
COUNT_FEW_WORDS = _COUNT + _FEW_WORDS
COUNT_MANY_WORDS = _COUNT + _MANY_WORDS


class IndexReads:
    """The reading half of :class:`nlp.index.Index` (it holds the connection)."""

    conn: sqlite3.Connection
    path: Path

    def list_articles(self, words: str = "", limit: int | None = None,
                      after: ArticleSummary | None = None) -> list[ArticleSummary]:
        """Articles newest first; with *words*, only those whose title or site holds every word
        (ignoring ASCII case, like SQLite's LIKE). With *after*, the ones listed after that article.

        A keystroke in the library's filter runs this: it reads the small listing index, and the
        articles' rows only for the articles it returns.
        """
        statement = LIST_FEW_WORDS if len(words.split()) <= FILTER_WORDS else LIST_MANY_WORDS
        parameters = {**_filter_parameters(words), "limit": -1 if limit is None else limit,
                      "after_at": after.added_at if after else None, "after_id": after.id if after else None}
        return [ArticleSummary(*row) for row in self.conn.execute(statement, parameters)]

    def count_articles(self, words: str = "") -> int:
        """How many articles :meth:`list_articles` lists for *words*."""
        statement = COUNT_FEW_WORDS if len(words.split()) <= FILTER_WORDS else COUNT_MANY_WORDS
        return self.conn.execute(statement, _filter_parameters(words)).fetchone()[0]

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

        row = self.conn.execute(
            "SELECT id, title, text, path, url, site, author, published, added_at, blocks FROM articles"
            " WHERE id = ?", (article_id,),
        ).fetchone()
        if row is None:
            return None
        *row, blocks = row
        mentions = self.conn.execute(
            "SELECT start, end, entity_id FROM mentions WHERE article_id = ? ORDER BY start", (article_id,)
        ).fetchall()
        entities = {
            entity_id: ArticleEntity(entity_id, name, label, _aliases_as_named(name, own_name, json.loads(aliases)),
                                     [(a["form"], tuple(a["candidates"])) for a in json.loads(ambiguities)],
                                     count, link, score)
            for entity_id, name, label, own_name, aliases, ambiguities, count, link, score
            in self.conn.execute(ARTICLE_ENTITIES, (article_id,))
        }
        return StoredArticle(*row, mentions=[StoredMention(*m) for m in mentions], entities=entities,
                             blocks=_blocks_from_json(blocks, len(row[2])))

    def entity(self, entity_id: int) -> IndexEntity | None:
        """An index entity with every alias seen in any article."""
        row = self.conn.execute(
            "SELECT id, name, label, mention_count, article_count FROM entities WHERE id = ?", (entity_id,)
        ).fetchone()
        if row is None:
            return None
        aliases = [a for (a,) in self.conn.execute(
            "SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias", (entity_id,)) if a != row[1]]
        return IndexEntity(*row, aliases=aliases)

    def article_mentions_of(self, article_id: int, entity_id: int) -> list[tuple[int, int, int, int]]:
        """(start, end, sentence start, sentence end) of each mention of an entity in an article."""
        return self.conn.execute(
            "SELECT start, end, sent_start, sent_end FROM mentions WHERE entity_id = ? AND article_id = ?"
            " ORDER BY start", (entity_id, article_id),
        ).fetchall()

    def articles_mentioning(self, entity_id: int, exclude_article: int | None = None,
                            limit: int = 50, offset: int = 0) -> list[MentioningArticle]:
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
        return self._with_contexts(rows)

    def _with_contexts(self, rows: list[tuple[int, str, int, str]]) -> list[MentioningArticle]:
        """(article id, title, mentions, "start end sent_start sent_end" of the first) rows, each
        with the sentence of its first mention read."""
        found = []
        for article_id, title, count, bounds in rows:
            start, end, sent_start, sent_end = (int(v) for v in bounds.split())
            context = self.conn.execute(
                "SELECT substr(text, ? + 1, ? - ?) FROM articles WHERE id = ?",
                (sent_start, sent_end, sent_start, article_id),
            ).fetchone()[0]
            found.append(MentioningArticle(article_id, title, count, start, end, context, start - sent_start))
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
        """Index entities (any label) whose keys score at least *cutoff* against *key*, best first.

        For the read side (dossiers), outside write transactions. The matcher is the one every
        connection of this process to this index shares (:mod:`nlp.index.names`): built on first
        use (about a second at 500,000 names; see :meth:`warm_similar_names`), then kept up to
        date. A match may name an entity deleted since; look it up.
        """
        shared = shared_names(self.path)
        with shared.lock:
            return shared.refresh(self.conn).similar(key, None, cutoff, limit)

    def warm_similar_names(self) -> int:
        """Build or top up the matcher of :meth:`similar_names` now; returns how many names it holds."""
        shared = shared_names(self.path)
        with shared.lock:
            return len(shared.refresh(self.conn))

    def entities_with_keys(self, keys: list[str]) -> list[tuple[int, str, str]]:
        """(id, name, label) of the entities whose name key is one of *keys*, most mentioned first."""
        return self.conn.execute(
            "SELECT id, name, label FROM entities WHERE key IN (SELECT value FROM json_each(?))"
            " ORDER BY mention_count DESC, id", (json.dumps(keys),)).fetchall()

    def full_names_of(self, key: str, surname: bool) -> list[int]:
        """Entity ids of the people named *key* as a surname (*surname*), or of the names with the
        initials *key*; the shared short forms (:mod:`nlp.short_forms`) of this process. Some may
        have been deleted since: look them up."""
        shared = shared_names(self.path)
        with shared.lock:
            shared.refresh(self.conn)
            forms = shared.short_forms
            return forms.people_named(key) if surname else forms.spelled_out(key)

    def entities_by_id(self, entity_ids: list[int]) -> dict[int, tuple[str, str, int]]:
        """(name, label, mention count) of each of *entity_ids* that exists."""
        found = {}
        for entity_id in entity_ids:
            row = self.conn.execute(
                "SELECT name, label, mention_count FROM entities WHERE id = ?", (entity_id,)).fetchone()
            if row:
                found[entity_id] = row
        return found

    def top_entities(self, limit: int = 500) -> list[IndexEntity]:
        """The library's entities, most mentioned first."""
        rows = self.conn.execute(
            "SELECT id, name, label, mention_count, article_count FROM entities"
            " ORDER BY mention_count DESC, name LIMIT ?", (limit,),
        ).fetchall()
        return [IndexEntity(*row) for row in rows]

    def find_entities(self, words: str = "", limit: int = -1) -> list[IndexEntity]:
        """The library's entities whose name or an alias holds every one of *words* (ignoring
        ASCII case), most mentioned first, each with its aliases."""
        patterns = json.dumps(["%" + _like_escaped(word) + "%" for word in words.split()])
        rows = self.conn.execute(
            "SELECT e.id, e.name, e.label, e.mention_count, e.article_count FROM entities e"
            " WHERE NOT EXISTS (SELECT 1 FROM json_each(?1) w WHERE e.name NOT LIKE w.value ESCAPE '\\'"
            "  AND NOT EXISTS (SELECT 1 FROM aliases a WHERE a.entity_id = e.id AND a.alias LIKE w.value ESCAPE '\\'))"
            " ORDER BY e.mention_count DESC, e.name, e.id LIMIT ?2", (patterns, limit),
        ).fetchall()
        return [IndexEntity(*row, aliases=self._aliases_of(row[0], row[1])) for row in rows]

    def _aliases_of(self, entity_id: int, name: str) -> list[str]:
        return [a for (a,) in self.conn.execute(
            "SELECT alias FROM aliases WHERE entity_id = ? AND alias != ? ORDER BY alias", (entity_id, name))]

    def corrections(self) -> list[Correction]:
        """Every correction made to the index, oldest first, the undone ones too."""
        return [Correction(id_, kind, json.loads(arguments), summary, created_at, undone_at)
                for id_, kind, arguments, summary, created_at, undone_at in self.conn.execute(
                    "SELECT id, kind, arguments, summary, created_at, undone_at FROM corrections ORDER BY id")]

    def not_names(self) -> list[tuple[str, str | None]]:
        """(text, label or None for any) of each "not a name" correction in effect: text that
        must never be marked as a name (the store path and re-indexing leave it out)."""
        return [(arguments["text"], arguments.get("label")) for (arguments,) in (
            (json.loads(row[0]),) for row in self.conn.execute(
                "SELECT arguments FROM corrections WHERE kind = 'not-a-name' AND undone_at IS NULL ORDER BY id"))]

    def export(self) -> dict:
        """The whole library: articles with mentions pointing at index-wide entity ids, and the
        corrections made to it."""
        articles = []
        for article_id, title, text, path, url, site, author, published, added_at in self.conn.execute(
            "SELECT id, title, text, path, url, site, author, published, added_at FROM articles ORDER BY id"
        ).fetchall():
            mentions = self.conn.execute(
                "SELECT start, end, entity_id FROM mentions WHERE article_id = ? ORDER BY start", (article_id,)
            ).fetchall()
            articles.append({  # the export format calls the site "source"
                "id": article_id, "title": title, "text": text, "path": path, "url": url, "source": site,
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
        corrections = [{**c._asdict()} for c in self.corrections()]
        return {"articles": articles, "entities": entities, "corrections": corrections}


ARTICLE_ENTITIES = (
    "SELECT ae.entity_id, CASE WHEN e.renamed THEN e.name ELSE ae.name END,"
    " CASE WHEN e.retyped THEN e.label ELSE ae.label END, ae.name, ae.aliases, ae.ambiguities, ae.mention_count,"
    " ae.link, ae.score FROM article_entities ae JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id = ?")
"""An article's entities as it knows them: by its own name and type, but the name or type a
correction gave the entity (``entities.renamed``, ``entities.retyped``)."""


def _aliases_as_named(name: str, own_name: str, aliases: list[str]) -> list[str]:
    """An article's other names for an entity it shows as *name*: its own name comes first when a
    rename took its place."""
    if name == own_name:
        return aliases
    return [a for a in dict.fromkeys([own_name, *aliases]) if a != name]


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


def _blocks_from_json(data: str | None, length: int) -> tuple[TextBlock, ...]:
    """The stored ranges of an article of *length* characters; any malformed one is left out."""
    if not data:
        return ()

    try:
        rows = json.loads(data)
    except ValueError:
        return ()
    return tuple(TextBlock(kind, start, end) for kind, start, end in
                 (row for row in rows if isinstance(row, list) and len(row) == 3)
                 if isinstance(kind, str) and type(start) is type(end) is int and 0 <= start < end <= length)


def narrowed_listing(articles: list[ArticleSummary], listed: str, words: str) -> list[ArticleSummary] | None:
    """The articles :meth:`IndexReads.list_articles` lists for *words*, taken from *articles*:
    every article listed for the filter *listed*, when *words* can only narrow it (each word
    of *listed* is part of a word of *words*). None when it may not narrow.

    Typing a word narrows the filter at each key: once every match is listed, the next keys
    need not read the index. The test is the listing statements' own: every word is in the
    title or the site (or else the address, or the path), ignoring ASCII case like LIKE.
    """
    new_words = [_ascii_lower(word) for word in words.split()]
    if not all(any(old in new for new in new_words) for old in (_ascii_lower(word) for word in listed.split())):
        return None
    return [article for article in articles
            if all(word in _ascii_lower(_filter_text(article)) for word in new_words)]


def _filter_text(article: ArticleSummary) -> str:
    """The ``filter_text`` column (schema 7) of a listed article."""
    origin = next((value for value in (article.site, article.url, article.path) if value is not None), "")
    return f"{article.title} {origin}"


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _ascii_lower(text: str) -> str:
    """*text* with ASCII capitals made small, the only case SQLite's LIKE ignores."""
    return text.translate(_ASCII_LOWER)


def _filter_parameters(words: str) -> dict[str, str]:
    """The LIKE patterns of the filter's *words* ("%" matches any article where a word is missing)."""
    patterns = ["%" + _like_escaped(word) + "%" for word in words.split()]
    if len(patterns) > FILTER_WORDS:
        return {"words": json.dumps(patterns)}
    patterns += ["%"] * (FILTER_WORDS - len(patterns))
    return {f"w{number}": pattern for number, pattern in enumerate(patterns)}


def _like_escaped(word: str) -> str:
    """*word* with LIKE's wildcards and its escape character taken literally."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
