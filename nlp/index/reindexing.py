"""The index's side of re-indexing (:mod:`nlp.reindex`): which articles to redo, their texts, and
storing one article's names again in place of its old ones, in one transaction.

An article's old rows are taken away and its new names linked while its old entities still
exist (even those left with no mention), so a name found again links, by its name key or an
alias, to the entity it was: entity ids stay. Every correction in effect is then made again on
the article (:mod:`nlp.index.reapply`), and ``indexed_by`` is set in the same transaction, so a
re-index killed at any point resumes with the articles not done. Entities no article mentions
any more are deleted at the end of the transaction that left them without a mention.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nlp.index.reapply import ArticleCorrections

if TYPE_CHECKING:
    from nlp.analysis import Analysis
    from nlp.index import Index
    from nlp.index.records import TextBlock


@dataclass
class Changes:
    """What re-indexing changed (in one article, or summed over many)."""

    entities_new: int = 0
    """Entities made for names no library entity had."""
    entities_gone: int = 0
    """Entities deleted: no article mentions them any more."""
    mentions: int = 0
    """Mentions found, lost, or now of another entity."""
    links: int = 0
    """Article–entity links made or lost (an article names an entity it did not, or no longer does)."""

    def __iadd__(self, other: Changes) -> Changes:
        self.entities_new += other.entities_new
        self.entities_gone += other.entities_gone
        self.mentions += other.mentions
        self.links += other.links
        return self


def article_ids_to_reindex(index: Index, indexed_by: str, everything: bool = False) -> list[int]:
    """Ids of the articles *indexed_by* did not index (all with *everything*), oldest first."""
    return [i for (i,) in index.conn.execute(
        "SELECT id FROM articles WHERE ?2 OR indexed_by IS NULL OR indexed_by != ?1 ORDER BY id",
        (indexed_by, everything))]


def stored_texts(index: Index, article_ids: list[int]) -> list[tuple[int, str, str, tuple[TextBlock, ...]]]:
    """(id, title, text, blocks) of the articles with these ids that are still in the library."""
    from nlp.index.reads import _blocks_from_json

    rows = index.conn.execute("SELECT id, title, text, blocks FROM articles WHERE id IN (SELECT value FROM json_each(?))"
                              " ORDER BY id", (json.dumps(article_ids),)).fetchall()
    return [(i, title, text, _blocks_from_json(blocks, len(text))) for i, title, text, blocks in rows]


def store_names_again(index: Index, article_id: int, analysis: Analysis, fuzzy_cutoff: float = 90.0) -> Changes | None:
    """Replace article *article_id*'s names by *analysis*'s, with the corrections in effect made
    again, and record ``analysis.indexed_by``; None if the article was deleted meanwhile."""
    with index.transaction() as conn:
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
            return None
        rows_before, mentions_before, names_before = _names_of(index, article_id)
        newest = conn.execute("SELECT coalesce(max(id), 0) FROM entities").fetchone()[0]
        conn.executemany("UPDATE entities SET mention_count = mention_count - ?, article_count = article_count - 1"
                         " WHERE id = ?", [(count, entity_id) for entity_id, (_, _, count) in rows_before.items()])
        conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        conn.execute("DELETE FROM article_entities WHERE article_id = ?", (article_id,))
        text = conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
        index._store_names(article_id, text, analysis, fuzzy_cutoff)
        rows_after, mentions_after, names_after = _names_of(index, article_id)
        conn.executemany("UPDATE article_entities SET link = ?, score = ? WHERE article_id = ? AND entity_id = ?",
                         [(link, score, article_id, entity_id) for entity_id, (link, score, _) in rows_before.items()
                          if entity_id in rows_after])
        rows = ArticleCorrections(conn, article_id)
        for entity_id, names in names_before.items():
            rows._drop_unused_aliases(entity_id, names - names_after.get(entity_id, set()))
        gone = conn.execute("DELETE FROM entities WHERE id IN (SELECT value FROM json_each(?)) AND article_count <= 0",
                            (json.dumps(sorted(rows_before)),)).rowcount
        new = conn.execute("SELECT count(*) FROM entities WHERE id > ?", (newest,)).fetchone()[0]
        conn.execute("UPDATE articles SET indexed_by = ? WHERE id = ?", (analysis.indexed_by, article_id))
    spans = mentions_before.keys() | mentions_after.keys()
    return Changes(new, gone, sum(mentions_before.get(s) != mentions_after.get(s) for s in spans),
                   len(rows_before.keys() ^ rows_after.keys()))


def _names_of(index: Index, article_id: int) -> tuple[dict, dict, dict]:
    """An article's rows: {entity id: (link, score, mentions)}, {(start, end): entity id} and
    {entity id: the names the article knows it by}."""
    rows, names = {}, {}
    for entity_id, link, score, count, name, aliases in index.conn.execute(
            "SELECT entity_id, link, score, mention_count, name, aliases FROM article_entities WHERE article_id = ?",
            (article_id,)):
        rows[entity_id] = (link, score, count)
        names[entity_id] = {name, *json.loads(aliases)}
    mentions = {(start, end): entity_id for start, end, entity_id in index.conn.execute(
        "SELECT start, end, entity_id FROM mentions WHERE article_id = ?", (article_id,))}
    return rows, mentions, names
