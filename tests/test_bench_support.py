"""The benchmark's own machinery: generated data is consistent, figures judge targets right.

Nothing here is timed; ``make bench`` does the timing.
"""

from __future__ import annotations

import sqlite3
import sys

import pytest

from nlp.dossier import build_dossier
from nlp.index import INDEX_FILENAME, SCHEMA_VERSION, open_index

import bench
import bench_corpus
import bench_library
from bench_proc import run_measured


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    info = bench_library.ensure_library(folder, 40, progress=lambda line: None)
    return folder, info


def test_synthetic_library_has_the_current_schema_and_structures(synthetic, tmp_path):
    folder, _ = synthetic
    with open_index(tmp_path) as fresh:
        expected = fresh.conn.execute("SELECT type, name FROM sqlite_master ORDER BY name").fetchall()
    conn = sqlite3.connect(folder / INDEX_FILENAME)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("SELECT type, name FROM sqlite_master ORDER BY name").fetchall() == expected
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_synthetic_mentions_point_at_their_names_within_their_sentences(synthetic):
    folder, info = synthetic
    with open_index(folder) as index:
        for article_id in (1, info.articles // 2, info.articles):
            article = index.article(article_id)
            assert len(article.mentions) > 20
            for start, end, sent_start, sent_end in (
                    row for entity_id in article.entities for row in index.article_mentions_of(article_id, entity_id)):
                assert sent_start <= start < end <= sent_end and article.text[sent_end - 1] == "."
            names = {m.start: index.entity(m.entity_id).name for m in article.mentions}
            assert all(article.text[start:start + len(name)] == name for start, name in names.items())


def test_synthetic_counts_agree_with_the_rows(synthetic):
    folder, info = synthetic
    with open_index(folder) as index:
        conn = index.conn
        assert conn.execute(
            "SELECT count(*) FROM entities e WHERE mention_count != (SELECT sum(mention_count) FROM article_entities"
            " WHERE entity_id = e.id) OR article_count != (SELECT count(*) FROM article_entities"
            " WHERE entity_id = e.id)").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == info.mentions
        assert conn.execute("SELECT count(*) FROM entities").fetchone()[0] == info.entities == 40 * 5
        assert conn.execute("SELECT count(*) FROM article_entities ae WHERE mention_count != (SELECT count(*)"
                            " FROM mentions m WHERE m.article_id = ae.article_id"
                            " AND m.entity_id = ae.entity_id)").fetchone()[0] == 0
        top = index.entity(info.top_entity)
        assert top.mention_count == conn.execute("SELECT max(mention_count) FROM entities").fetchone()[0]
        assert index.search("report")


def test_synthetic_library_opens_dossiers_and_is_reused(synthetic):
    folder, info = synthetic
    with open_index(folder) as index:
        dossier = build_dossier(index, info.typical_entity, index.article(info.typical_article))
    assert dossier.in_article and dossier.name == index_name(folder, info.typical_entity)
    assert bench_library.ensure_library(folder, 40, progress=lambda line: pytest.fail(line)) == info


def index_name(folder, entity_id):
    with open_index(folder) as index:
        return index.entity(entity_id).name


def test_corpus_articles_are_about_500_words_and_reused(tmp_path):
    files = bench_corpus.ensure_corpus(tmp_path, 5)
    texts = [path.read_text(encoding="utf-8") for path in files]
    assert len(files) == 5 and all(450 <= len(text.split()) <= 700 for text in texts)
    assert texts[0].startswith("Dispatch 1: ")
    assert bench_corpus.ensure_corpus(tmp_path, 5) == files
    assert [path.read_text(encoding="utf-8") for path in files] == texts


def test_names_are_varied_consistently_within_an_article():
    import random

    mapping: dict[str, str] = {}
    varied = bench_corpus.vary_names("Then Massoud met Massoud's men in Kabul.", mapping, ["Zorani"],
                                     random.Random(1))
    assert varied == "Then Zorani met Zorani's men in Zorani."


@pytest.mark.parametrize(("value", "floor", "target", "passed"), [
    (0.45, 0.4, "ratio<=1.2", True), (0.5, 0.4, "ratio<=1.2", False), (9.5, 10.0, "ratio>=0.9", True),
    (8.9, 10.0, "ratio>=0.9", False), (49.0, None, "value<=50", True), (51.0, None, "value<=50", False),
    (51.0, None, "", None),
])
def test_figures_judge_their_targets(value, floor, target, passed):
    assert bench.Figure("x", value, "s", floor, target).passed is passed


def test_measured_memory_counts_the_child(tmp_path):
    code = "x = bytearray(80_000_000); import time; time.sleep(0.3)"
    measured = run_measured([sys.executable, "-c", code])
    assert measured.returncode == 0
    assert measured.peak_process_mb >= 80 and measured.peak_tree_mb >= 80
