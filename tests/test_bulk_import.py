"""Importing many files: worker processes, long texts, the summary, Ctrl-C and resuming."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from nlp.config import Settings
from nlp.importer import PARALLEL_MIN_FILES, import_files
from nlp.index import open_index
from nlp.raw import extract_texts, split_long_text
from sources_support import CapitalsExtractor, margin, margin_command, write_articles

# --- long texts go to the model in pieces


@pytest.mark.parametrize("text", [
    "word " * 50,
    ("A paragraph of words. " * 8 + "\n\n") * 20,
    "x" * 1000,
    "line one\n" * 90,
])
def test_pieces_cover_the_text_in_order(text):
    pieces = list(split_long_text(text, limit=100))
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 100 for _, piece in pieces)
    assert [start for start, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]


def test_pieces_end_at_a_paragraph_when_they_can():
    text = ("Kabul reopened the road. " * 3 + "\n\n") * 10
    assert all(piece.endswith("\n\n") for _, piece in list(split_long_text(text, limit=200))[:-1])


def test_spans_of_pieces_index_the_whole_text():
    text = "\n\n".join(f"Paragraph {i} mentions Kabul and Panjshir today." for i in range(20))
    [raw] = extract_texts(CapitalsExtractor(), [text], limit=64)
    [whole] = CapitalsExtractor().extract([text])
    assert raw.spans == whole.spans


# --- import_files without the model, in this process and in workers


def import_folder(tmp_path: Path, folder: Path, workers: int, name: str):
    with open_index(tmp_path / name) as index:
        report = import_files(index, [folder], CapitalsExtractor(), Settings(data_dir=tmp_path / name),
                              workers=workers)
        stored = [(a.title, index.article(a.id).text, len(index.article(a.id).mentions))
                  for a in reversed(index.list_articles())]
    return report, stored


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """PARALLEL_MIN_FILES + 8 articles, one duplicate and one binary file."""
    folder = tmp_path / "news"
    paths = write_articles(folder, PARALLEL_MIN_FILES + 8)
    (folder / "zz-copy.txt").write_bytes(paths[3].read_bytes())
    (folder / "zz-photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    return folder


def test_workers_store_what_one_process_stores(tmp_path, folder):
    one, stored_by_one = import_folder(tmp_path, folder, 1, "one")
    two, stored_by_two = import_folder(tmp_path, folder, 2, "two")
    assert stored_by_two == stored_by_one
    for report in (one, two):
        assert len(report.added) == PARALLEL_MIN_FILES + 8
        assert report.skipped == [str(folder / "zz-copy.txt")]
        assert report.failed == [f"{folder / 'zz-photo.txt'}: looks like a binary file, not text"]
        assert [name for name, _ in report.added] == [str(p) for p in sorted(folder.glob("0*.txt"))]


def test_a_second_run_in_workers_skips_everything(tmp_path, folder):
    import_folder(tmp_path, folder, 2, "library")
    again, _ = import_folder(tmp_path, folder, 2, "library")
    assert (len(again.added), len(again.skipped), len(again.failed)) == (0, PARALLEL_MIN_FILES + 9, 1)


# --- the real command with the model


@pytest.mark.model
def test_add_a_folder_twice(tmp_path, data_dir):
    folder = tmp_path / "news"
    write_articles(folder, 60)
    (folder / "notes.txt").write_bytes(b"")
    first = margin("add", folder, MARGIN_WORKERS="2")
    assert first.returncode == 1
    assert first.stderr == f"margin: {folder / 'notes.txt'}: the file holds no text\n"
    assert first.stdout.startswith("Added 60, skipped 0 already in the library, failed 1.")
    assert "words/s" in first.stdout
    second = margin("add", folder, MARGIN_WORKERS="2")
    assert second.stdout.startswith("Added 0, skipped 60 already in the library, failed 1.")


def count_articles(index_file: Path) -> int:
    try:
        with sqlite3.connect(index_file, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def no_process_left_in_group(group: int, seconds: float = 10) -> bool:
    """Whether every process of *group* (workers, resource tracker) is gone within *seconds*.

    The helpers may linger briefly as zombies until init reaps them.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.model
def test_ctrl_c_stops_cleanly_and_a_rerun_resumes(tmp_path, data_dir):
    folder = tmp_path / "news"
    total = 150
    write_articles(folder, total, words=400)
    index_file = data_dir / "index.sqlite3"
    process = subprocess.Popen([*margin_command(), "add", str(folder)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True,
                               env={**os.environ, "MARGIN_WORKERS": "2"})
    deadline = time.monotonic() + 90
    while count_articles(index_file) < 16 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the import ended before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the whole process group
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in err and out == ""
    [message] = err.strip().splitlines()
    added = count_articles(index_file)
    assert message == (f"margin: interrupted after adding {added} articles; "
                       "run the same command again to import the rest (finished articles are skipped)")
    assert 16 <= added < total
    assert no_process_left_in_group(process.pid)
    with sqlite3.connect(index_file) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        orphans = conn.execute("SELECT count(*) FROM mentions WHERE article_id NOT IN (SELECT id FROM articles)")
        assert orphans.fetchone() == (0,)
    rerun = margin("add", folder, MARGIN_WORKERS="2")
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.startswith(f"Added {total - added}, skipped {added} already in the library, failed 0.")
    assert count_articles(index_file) == total


def test_a_model_the_workers_cannot_load_stops_the_import_with_one_message(tmp_path, data_dir):
    folder = tmp_path / "news"
    write_articles(folder, 40)
    not_a_model = tmp_path / "not-a-model"
    not_a_model.mkdir()
    result = margin("add", folder, MARGIN_WORKERS="2", MARGIN_MODEL=str(not_a_model))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    [message] = result.stderr.strip().splitlines()
    assert message.startswith(f"margin: The spaCy model '{not_a_model}' cannot be loaded")


def test_ctrl_c_just_after_an_article_is_stored_counts_it(tmp_path, monkeypatch):
    """The interrupted-import message names exactly the articles the library holds."""
    from nlp.index import Index
    from sources_support import CapitalsExtractor

    write_articles(tmp_path / "news", 3)
    real_store = Index.store_article

    def store_then_ctrl_c(self, *args, **kwargs):
        stored = real_store(self, *args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, once the article is committed
        return stored

    monkeypatch.setattr(Index, "store_article", store_then_ctrl_c)
    with open_index(tmp_path / "data") as index:
        report = import_files(index, [tmp_path / "news"], CapitalsExtractor(), Settings(data_dir=tmp_path / "data"))
        assert report.interrupted
        assert len(report.added) == index.article_count() == 1
