"""The index's side of re-indexing (:mod:`nlp.reindex`): which articles to redo, their texts, and
storing one article's names again in place of its old ones, in one transaction.

An article's old rows are taken away and its new names linked while its old entities still
exist (even those left with no mention), so a name found again links, by its name key or an
alias, to the entity it was: entity ids stay. A mention a merge or a split gave to an entity
stays with it when it is found again at the same place. Every correction in effect is then made again on
the article (:mod:`nlp.index.reapply`), and ``indexed_by`` is set in the same transaction, so a
re-index killed at any point resumes with the articles not done. Entities no article mentions
any more are deleted at the end of the transaction that left them without a mention.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from nlp.index.correction_rows import Moved
from nlp.index.reapply import ArticleCorrections, corrected_targets
from nlp.index.undo_log import recount

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


def article_ids_to_reindex(index: Index, indexed_by: str) -> list[int]:
    """Ids of the articles *indexed_by* did not index, oldest first."""
    return [i for (i,) in index.conn.execute(
        "SELECT id FROM articles WHERE indexed_by IS NULL OR indexed_by != ? ORDER BY id", (indexed_by,))]


def forget_indexed_by(index: Index) -> None:
    """Forget what indexed every article, so that a re-index, and its resumption, redo them all."""
    with index.transaction() as conn:
        conn.execute("UPDATE articles SET indexed_by = NULL WHERE indexed_by IS NOT NULL")


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
                         " WHERE id = ?", [(row.mention_count, entity_id) for entity_id, row in rows_before.items()])
        conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        conn.execute("DELETE FROM article_entities WHERE article_id = ?", (article_id,))
        text = conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
        index._store_names(article_id, text, analysis, fuzzy_cutoff)
        rows_after, mentions_after, names_after = _names_of(index, article_id)
        _keep_rows(conn, article_id, rows_before, rows_after, mentions_before, mentions_after)
        rows = ArticleCorrections(conn, article_id)
        if _keep_corrected_mentions(rows, mentions_before, mentions_after, text):
            rows_after, mentions_after, names_after = _names_of(index, article_id)
        for entity_id, names in names_before.items():
            rows._drop_unused_aliases(entity_id, names - names_after.get(entity_id, set()))
        gone = conn.execute("DELETE FROM entities WHERE id IN (SELECT value FROM json_each(?)) AND article_count <= 0",
                            (json.dumps(sorted(rows_before)),)).rowcount
        new = conn.execute("SELECT count(*) FROM entities WHERE id > ?", (newest,)).fetchone()[0]
        conn.execute("UPDATE articles SET indexed_by = ? WHERE id = ?", (analysis.indexed_by, article_id))
    spans = mentions_before.keys() | mentions_after.keys()
    return Changes(new, gone, sum(mentions_before.get(s) != mentions_after.get(s) for s in spans),
                   len(rows_before.keys() ^ rows_after.keys()))


def _keep_rows(conn, article_id: int, before: dict, after: dict, mentions_before: dict, mentions_after: dict) -> None:
    """Keep how the article was linked to each entity it still names; and, for an entity a
    correction changed, the name, type and aliases the article knew it by, while the entity's
    mentions in the article are the same."""
    corrected = {i for (ids,) in conn.execute("SELECT entity_ids FROM corrections WHERE undone_at IS NULL")
                 for i in json.loads(ids)}
    for entity_id, row in before.items():
        if entity_id not in after:
            continue
        conn.execute("UPDATE article_entities SET link = ?, score = ? WHERE article_id = ? AND entity_id = ?",
                     (row.link, row.score, article_id, entity_id))
        same = ({s for s, e in mentions_before.items() if e == entity_id}
                == {s for s, e in mentions_after.items() if e == entity_id})
        if entity_id in corrected and same:
            conn.execute("UPDATE article_entities SET name = ?, label = ?, aliases = ? WHERE article_id = ?"
                         " AND entity_id = ?", (row.name, row.label, row.aliases, article_id, entity_id))


def _keep_corrected_mentions(rows: ArticleCorrections, before: dict, after: dict, text: str) -> bool:
    """Give back to a merge's or split's target the mentions of the article it had and the new
    names took elsewhere (a name of the split alias that links to another entity of that name);
    whether any moved."""
    from collections import defaultdict

    targets = corrected_targets(rows.conn)
    moves: dict[tuple[int, int], Moved] = defaultdict(lambda: Moved(rows.article_id, [], []))
    for (start, end), entity_id in before.items():
        now = after.get((start, end))
        if entity_id in targets and now is not None and now != entity_id and rows._exists(entity_id):
            group = moves[(now, entity_id)]
            group.starts.append(start)
            group.texts.append(text[start:end])
    for (source_id, target_id), group in moves.items():
        rows._split_mentions(source_id, [group], target_id)
    if moves:
        recount(rows.conn, rows.touched)
    return bool(moves)


def _names_of(index: Index, article_id: int) -> tuple[dict, dict, dict]:
    """An article's rows: {entity id: its row}, {(start, end): entity id} and {entity id: the
    names the article knows it by}."""
    rows, names = {}, {}
    for row in index.conn.execute(
            "SELECT entity_id, link, score, mention_count, name, label, aliases FROM article_entities"
            " WHERE article_id = ?", (article_id,)):
        rows[row[0]] = Row(*row[1:])
        names[row[0]] = {row[4], *json.loads(row[6])}
    mentions = {(start, end): entity_id for start, end, entity_id in index.conn.execute(
        "SELECT start, end, entity_id FROM mentions WHERE article_id = ?", (article_id,))}
    return rows, mentions, names


class Row(NamedTuple):
    """An article's row of ``article_entities`` (without its ids)."""

    link: str
    score: float | None
    mention_count: int
    name: str
    label: str
    aliases: str
