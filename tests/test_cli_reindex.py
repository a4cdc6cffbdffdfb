"""``margin reindex`` run as the real command with the real model: every correction survives it,
``kill -9`` in the middle loses nothing and a second run finishes, and a reader meanwhile always
sees whole articles."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from nlp.index import open_index, open_index_for_reading
from nlp.index.corrections import Corrections
from corrections_support import hand_written_library
from sources_support import DEMO_DIR, margin, margin_command, one_line_error, write_articles


def test_reindex_help():
    result = margin("reindex", "--help")
    assert result.returncode == 0 and result.stdout.startswith("usage: margin reindex ")
    assert "--all" in result.stdout and "--model" in result.stdout
    assert " reindex " in margin("--help").stdout


def test_reindex_of_an_empty_library_has_nothing_to_do():
    result = margin("reindex")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Nothing to reindex: every article is indexed by ")


def test_a_model_that_is_not_installed_is_one_line_and_changes_nothing(data_dir):
    hand_written_library(data_dir)
    before = margin("export").stdout
    result = margin("reindex", "--model", "no_such_model_pkg")
    assert result.returncode == 2 and "no_such_model_pkg" in one_line_error(result)
    assert margin("export").stdout == before


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A library of the demo articles and 80 excerpts of them, imported once by the real model."""
    root = tmp_path_factory.mktemp("reindex-library")
    write_articles(root / "news", 80, words=300)
    result = margin("add", DEMO_DIR, root / "news", MARGIN_DATA_DIR=str(root / "data"))
    assert result.returncode == 0, result.stderr
    return root / "data"


@pytest.fixture
def library(built: Path, data_dir: Path) -> Path:
    """A copy of the built library in the test's data folder, with one correction of each kind."""
    shutil.copytree(built, data_dir)
    with open_index(data_dir) as index:
        correct_once_of_each_kind(index)
    return data_dir


def correct_once_of_each_kind(index) -> None:
    """Rename the most mentioned place, retype the most mentioned organisation, merge the next two
    places, split the most mentioned person's first alias, and unmark a name found once."""
    entities = index.find_entities()
    by_label = lambda *labels: [e for e in entities if e.label in labels]  # noqa: E731 (most mentioned first)
    corrections = Corrections(index)
    places, people = by_label("GPE"), [e for e in by_label("PERSON") if e.aliases]
    corrections.rename_entity(places[0].id, places[0].name + " (renamed)")
    corrections.retype_entity(by_label("ORG")[0].id, "NORP")
    corrections.merge_entities([places[2].id], places[1].id)
    corrections.split_entity(people[0].id, alias=people[0].aliases[0], new_name="Split " + people[0].aliases[0])
    corrections.not_a_name(next(e for e in reversed(entities) if not e.aliases and e.mention_count == 1).name)
    assert len(index.corrections()) == 5


def library_state(data_dir: Path) -> dict:
    """The whole library as ``margin export`` gives it (articles, names, mentions, corrections), and the aliases."""
    result = margin("export")
    assert result.returncode == 0, result.stderr
    with open_index(data_dir) as index:
        aliases = index.conn.execute("SELECT entity_id, alias FROM aliases ORDER BY 1, 2").fetchall()
    return {**json.loads(result.stdout), "aliases": aliases}


@pytest.mark.model
def test_reindex_keeps_every_correction_and_changes_nothing_else(library):
    before = library_state(library)
    result = margin("reindex", "--all")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Reindexed 85 articles with en_core_web_sm")
    assert "0 new entities, 0 gone, 0 mentions and 0 links changed; every correction applies." in result.stdout
    assert library_state(library) == before
    again = margin("reindex")
    assert again.stdout.startswith("Nothing to reindex: every article is indexed by en_core_web_sm")


@pytest.mark.model
def test_kill_9_during_a_reindex_loses_nothing_and_a_second_run_finishes(library):
    before = library_state(library)
    process = subprocess.Popen([*margin_command(), "reindex", "--all", "--verbose"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, start_new_session=True,
                               env={**os.environ, "MARGIN_WORKERS": "1"})
    first = process.stdout.readline()
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert first.startswith("reindexed: ") and process.returncode == -signal.SIGKILL
    with sqlite3.connect(library / "index.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        done = conn.execute("SELECT count(*) FROM articles WHERE indexed_by IS NOT NULL").fetchone()[0]
    assert 1 <= done < 85
    rerun = margin("reindex")
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.startswith(f"Reindexed {85 - done} articles with en_core_web_sm"), rerun.stdout
    assert "every correction applies" in rerun.stdout
    assert library_state(library) == before


@pytest.mark.model
def test_a_reader_meanwhile_always_sees_whole_articles(library):
    process = subprocess.Popen([*margin_command(), "reindex", "--all", "--verbose"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert process.stdout.readline().startswith("reindexed: ")  # under way
    reads = 0
    with open_index_for_reading(library) as index:
        while process.poll() is None:
            for article_id in range(1, 86):
                article = index.article(article_id)
                assert article.mentions and all(m.entity_id in article.entities for m in article.mentions)
                reads += 1
    assert process.wait() == 0, process.stderr.read()
    assert reads >= 1
