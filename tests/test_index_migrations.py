"""Schemas 6 to 8: an index written at an older schema (3, 5, 6, 7) is brought forward with its articles and
names intact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from index_support import library_at_version

from nlp.index import MIGRATIONS, SCHEMA_VERSION, open_index
from nlp.index.corrections import Corrections
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
        assert index.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
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
        assert index.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
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


def entity_rows(conn) -> list[tuple]:
    return conn.execute(
        "SELECT id, name, label, key, mention_count, article_count FROM entities ORDER BY id").fetchall()


def add_hand_written_rows(conn) -> None:
    """Two articles naming Kabul (one also the Taliban), in the tables every schema since 1 has."""
    conn.executemany("INSERT INTO articles (id, content_hash, title, text, added_at) VALUES (?, ?, ?, ?, ?)",
                     [(1, "h1", "Kabul falls", "Kabul fell to the Taliban.", "2026-01-01"),
                      (2, "h2", "Kabul waits", "Kabul waited.", "2026-01-02")])
    conn.executemany("INSERT INTO entities (id, name, label, key, mention_count, article_count)"
                     " VALUES (?, ?, ?, ?, ?, ?)",
                     [(1, "Kabul", "GPE", "kabul", 2, 2), (2, "Taliban", "ORG", "taliban", 1, 1)])
    conn.executemany("INSERT INTO aliases (entity_id, alias, key) VALUES (?, ?, ?)",
                     [(1, "Kabul", "kabul"), (2, "Taliban", "taliban")])
    conn.executemany("INSERT INTO article_entities (article_id, entity_id, name, label, mention_count, link)"
                     " VALUES (?, ?, ?, ?, 1, 'new')", [(1, 1, "Kabul", "GPE"), (1, 2, "Taliban", "ORG"),
                                                         (2, 1, "Kabul", "GPE")])
    conn.executemany("INSERT INTO mentions (article_id, start, end, entity_id, sent_start, sent_end)"
                     " VALUES (?, ?, ?, ?, 0, ?)", [(1, 0, 5, 1, 26), (1, 18, 25, 2, 26), (2, 0, 5, 1, 13)])


@pytest.mark.parametrize("version", [3, 7])
def test_an_older_index_gains_the_corrections_and_keeps_its_names(tmp_path: Path, version: int):
    folder, conn = library_at_version(tmp_path, version)
    add_hand_written_rows(conn)
    names_before = entity_rows(conn)
    conn.close()
    with open_index(folder) as index:
        assert index.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert entity_rows(index.conn) == names_before and index.corrections() == []
        assert [a.title for a in index.list_articles()] == ["Kabul waits", "Kabul falls"]
        Corrections(index).rename_entity("Kabul", "Kabul City")
        assert index.article(1).entities[1].name == "Kabul City"
        Corrections(index).undo_correction()
        assert entity_rows(index.conn) == names_before
        assert index.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_version_8_index_gains_feeds_and_reading_state_and_keeps_its_articles(tmp_path: Path):
    folder, conn = library_at_version(tmp_path, 8)
    add_hand_written_rows(conn)
    names_before = entity_rows(conn)
    conn.close()
    with open_index(folder) as index:
        conn = index.conn
        assert entity_rows(conn) == names_before
        assert conn.execute("SELECT id, feed_id, summary_only, read_at, position, starred, indexed_by"
                            " FROM articles ORDER BY id").fetchall() == [
            (1, None, 0, None, 0, 0, None), (2, None, 0, None, 0, 0, None)]
        assert conn.execute("SELECT count(*) FROM feeds").fetchone() == (0,)
        conn.execute("INSERT INTO feeds (id, url, added_at) VALUES (1, 'http://127.0.0.1/feed', '2026-12-01')")
        conn.execute("UPDATE articles SET feed_id = 1 WHERE id = 2")
        conn.execute("INSERT INTO follows (entity_id, followed_at) VALUES (1, '2026-12-01')")
        conn.execute("DELETE FROM feeds WHERE id = 1")
        assert conn.execute("SELECT feed_id FROM articles WHERE id = 2").fetchone() == (None,)
        plan = str(conn.execute("EXPLAIN QUERY PLAN SELECT id FROM articles WHERE url = ?", ("x",)).fetchall())
        assert "articles_url" in plan
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_version_9_index_gains_the_correction_flags_and_undoes_a_rename_made_before(tmp_path: Path):
    folder, conn = library_at_version(tmp_path, 9)
    add_hand_written_rows(conn)
    conn.close()
    with open_index(folder, read_only=False) as index:
        before = (entity_rows(index.conn), index.conn.execute("SELECT * FROM article_entities ORDER BY 1, 2").fetchall())
    (tmp_path / "again").mkdir()
    folder_9, conn = library_at_version(tmp_path / "again", 9)
    add_hand_written_rows(conn)
    conn.close()
    # A rename made at schema 9 rewrote every article row and logged the entity without the flags.
    with open_index(folder_9) as index:
        conn = index.conn
        assert conn.execute("SELECT renamed, retyped FROM entities ORDER BY id").fetchall() == [(0, 0), (0, 0)]
        Corrections(index).rename_entity("Kabul", "Kabul City")
        undo = json.loads(conn.execute("SELECT undo FROM corrections").fetchone()[0])
        undo["entities"] = [row[:6] for row in undo["entities"]]
        conn.execute("UPDATE corrections SET undo = ?", (json.dumps(undo),))
        assert index.article(2).entities[1].name == "Kabul City"
        Corrections(index).undo_correction()
        after = (entity_rows(conn), conn.execute("SELECT * FROM article_entities ORDER BY 1, 2").fetchall())
        assert after == before and conn.execute("SELECT renamed FROM entities WHERE id = 1").fetchone() == (0,)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_every_migration_records_its_own_version():
    assert [statements[-1] for _, statements in MIGRATIONS] == [
        f"PRAGMA user_version = {version}" for version, _ in MIGRATIONS]
    assert [version for version, _ in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))
