"""Concurrent use: importers in parallel, and the reader open while an import runs."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from nlp.index import INDEX_FILENAME, open_index
from reader_support import DEMO_DIR, make_app
from sources_support import margin_command

pytestmark = pytest.mark.model


def margin(*args: str) -> subprocess.Popen:
    return subprocess.Popen([*margin_command(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def article_folder(root: Path, names: list[str]) -> Path:
    root.mkdir(parents=True)
    for path in sorted(DEMO_DIR.glob("*.md")):
        if path.name[:2] in names:
            shutil.copy(path, root / path.name)
    return root


def test_two_importers_at_once_lose_nothing(tmp_path):
    data = tmp_path / "data"
    first = article_folder(tmp_path / "a", ["01", "02", "03"])
    second = article_folder(tmp_path / "b", ["02", "03", "04", "05"])
    runs = [margin("--data-dir", str(data), "add", str(folder)) for folder in (first, second)]
    outputs = [run.communicate(timeout=180) for run in runs]
    for run, (out, err) in zip(runs, outputs):
        assert run.returncode == 0, err
        assert "locked" not in err.lower() and "Traceback" not in err
    with open_index(data) as index:
        titles = [a.title for a in index.list_articles()]
        assert len(titles) == 5 == len(set(titles))
        assert index.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.anyio
async def test_library_screen_shows_articles_imported_meanwhile(tmp_path):
    data = tmp_path / "data"
    open_index(data).close()
    app = make_app(data)
    async with app.run_test(size=(100, 24)) as pilot:
        table = app.screen.query_one("#articles")
        assert table.row_count == 0
        run = margin("--data-dir", str(data), "add", str(DEMO_DIR))
        for _ in range(600):
            await pilot.pause(0.1)
            if run.poll() is not None and table.row_count == 5:
                break
        out, err = run.communicate(timeout=60)
        assert run.returncode == 0, err
        assert table.row_count == 5
        assert "locked" not in err.lower()


def test_readers_are_not_blocked_by_a_writer(tmp_path):
    data = tmp_path / "data"
    with open_index(data) as writer, open_index(data) as reader:
        writer.conn.execute("BEGIN IMMEDIATE")
        writer.conn.execute("INSERT INTO entities (name, label, key) VALUES ('X', 'ORG', 'x')")
        assert reader.list_articles() == [] and reader.top_entities() == []
        writer.conn.execute("COMMIT")
    assert sqlite3.connect(data / INDEX_FILENAME).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_import_counts_only_what_it_stored_itself(tmp_path):
    """Another import stores the same article between this one's look-up and its write: it is
    counted as already in the library, not as added (two concurrent runs once both said "Added")."""
    from nlp.config import Settings
    from nlp.importer import import_files
    from nlp.reading import read_article_file
    from sources_support import CapitalsExtractor

    data = tmp_path / "data"
    article = tmp_path / "kabul.txt"
    article.write_text("Kabul Diary\n\nAhmad Massoud spoke in Kabul about Panjshir.\n", encoding="utf-8")
    settings = Settings(data_dir=data)

    class RacingExtractor(CapitalsExtractor):
        """Lets "another import" store the article while this one extracts it."""

        def extract(self, texts, batch_size=16):
            with open_index(data) as other:
                other_report = import_files(other, [article], CapitalsExtractor(), settings)
            assert len(other_report.added) == 1
            yield from super().extract(texts, batch_size)

    with open_index(data) as index:
        report = import_files(index, [article], RacingExtractor(), settings)
        assert (len(report.added), len(report.skipped)) == (0, 1)
        assert index.article_count() == 1
