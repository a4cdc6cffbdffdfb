"""Schema 6: an index written at schema 5 is brought forward with its articles and names intact."""

from __future__ import annotations

from pathlib import Path

import pytest
from index_support import index_at_version

from nlp.index import INDEX_FILENAME, MIGRATIONS, SCHEMA_VERSION, open_index
from nlp.labels import label_family


@pytest.fixture
def version_5_folder(tmp_path: Path) -> Path:
    """A library at schema 5 (as Margin wrote it before), with two articles and three names."""
    folder = tmp_path / "library"
    folder.mkdir()
    conn = index_at_version(folder / INDEX_FILENAME, 5)
    conn.executemany(
        "INSERT INTO articles (content_hash, title, text, path, source, source_hash, added_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [("h1", "Kabul falls", "Kabul fell.", "/news/kabul.txt", "The Valley Herald", "bytes1", "2026-01-01"),
         ("h2", "Herat holds", "Herat held.", None, None, None, "2026-01-02")])
    conn.executemany("INSERT INTO entities (name, label, key, mention_count, article_count) VALUES (?, ?, ?, 1, 1)",
                     [("Kabul", "GPE", "kabul"), ("Panjshir", "LOC", "panjshir"), ("Taliban", "ORG", "taliban")])
    conn.close()
    return folder


def test_version_5_index_keeps_site_and_file_hash_under_their_new_names(version_5_folder: Path):
    with open_index(version_5_folder) as index:
        assert index.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
        assert [(a.title, a.site) for a in index.list_articles()] == [
            ("Herat holds", None), ("Kabul falls", "The Valley Herald")]
        assert index.article(1).site == "The Valley Herald"
        assert index.find_article_by_file_hash("bytes1") == 1
        columns = {row[1] for row in index.conn.execute("PRAGMA table_info(articles)")}
        assert {"site", "file_hash"} <= columns and not {"source", "source_hash"} & columns


def test_version_5_index_gains_the_family_column(version_5_folder: Path):
    with open_index(version_5_folder) as index:
        rows = index.conn.execute("SELECT label, family FROM entities ORDER BY id").fetchall()
        assert rows == [(label, label_family(label)) for label, _ in rows] == [
            ("GPE", "PLACE"), ("LOC", "PLACE"), ("ORG", "ORG")]
        assert [m.entity_id for m in index.similar_names("panjshi", 80)] == [2]


def test_version_5_index_gains_the_added_at_index(version_5_folder: Path):
    with open_index(version_5_folder) as index:
        plan = index.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM articles ORDER BY added_at DESC LIMIT 5").fetchall()
        assert "articles_added_at" in str(plan)
        search = index.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM articles WHERE file_hash = ?", ("x",)).fetchall()
        assert "articles_file_hash" in str(search)


def test_every_migration_records_its_own_version():
    assert [statements[-1] for _, statements in MIGRATIONS] == [
        f"PRAGMA user_version = {version}" for version, _ in MIGRATIONS]
    assert [version for version, _ in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))
