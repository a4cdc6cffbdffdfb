"""Schemas 6 and 7: an index written at schema 5 or 6 is brought forward with its articles and names intact."""

from __future__ import annotations

from pathlib import Path

import pytest
from index_support import library_at_version

from nlp.index import MIGRATIONS, SCHEMA_VERSION, open_index
from nlp.labels import label_family


@pytest.fixture
def version_5_folder(tmp_path: Path) -> Path:
    """A library at schema 5 (as Margin wrote it before), with two articles and three names."""
    folder, conn = library_at_version(tmp_path, 5)
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
        assert index.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
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


def test_version_5_index_finds_articles_by_file_hash_without_a_scan(version_5_folder: Path):
    with open_index(version_5_folder) as index:
        search = index.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM articles WHERE file_hash = ?", ("x",)).fetchall()
        assert "articles_file_hash" in str(search)


@pytest.fixture
def version_6_folder(tmp_path: Path) -> Path:
    """A library at schema 6, with three articles added on different days."""
    folder, conn = library_at_version(tmp_path, 6)
    conn.executemany(
        "INSERT INTO articles (content_hash, title, text, path, url, site, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [("h1", "Kabul falls", "Kabul fell.", "/news/kabul.txt", None, None, "2026-01-01"),
         ("h2", "Herat holds", "Herat held.", None, "https://example.org/herat", None, "2026-01-02"),
         ("h3", "Floods in 100%_ of Swat", "Swat flooded.", None, None, "The Valley Herald", "2026-01-03")])
    conn.close()
    return folder


def test_version_6_index_filters_the_library_from_the_listing_index(version_6_folder: Path):
    with open_index(version_6_folder) as index:
        assert index.conn.execute("PRAGMA user_version").fetchone()[0] == 7
        assert [a.title for a in index.list_articles()] == ["Floods in 100%_ of Swat", "Herat holds", "Kabul falls"]
        assert [a.title for a in index.list_articles("KABUL.TXT")] == ["Kabul falls"]  # the file, as no site is known
        assert [a.title for a in index.list_articles("example.org h")] == ["Herat holds"]
        assert [a.title for a in index.list_articles("valley swat")] == ["Floods in 100%_ of Swat"]
        assert [a.title for a in index.list_articles("100%_")] == ["Floods in 100%_ of Swat"]
        assert index.list_articles("10%0") == [] and index.count_articles("s") == 3
        indexes = {row[0] for row in index.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "articles_listing" in indexes and "articles_added_at" not in indexes
        plan = str(index.conn.execute("EXPLAIN QUERY PLAN SELECT count(*) FROM articles INDEXED BY articles_listing"
                                      " WHERE filter_text LIKE '%a%'").fetchall())
        assert "INDEX articles_listing" in plan


def test_every_migration_records_its_own_version():
    assert [statements[-1] for _, statements in MIGRATIONS] == [
        f"PRAGMA user_version = {version}" for version, _ in MIGRATIONS]
    assert [version for version, _ in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))
