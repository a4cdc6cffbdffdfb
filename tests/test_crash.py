"""Crash safety: ``kill -9`` in the middle of ``margin add`` loses nothing that was reported done."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from nlp.reading import read_article_file
from sources_support import margin, margin_command, write_articles

pytestmark = pytest.mark.model


@pytest.mark.parametrize("workers", ["1", "2"])
def test_kill_9_keeps_every_reported_article_and_resumes(tmp_path, data_dir, workers):
    folder = tmp_path / "news"
    files = write_articles(folder, 120, words=300)
    process = subprocess.Popen([*margin_command(), "add", "--verbose", str(folder)], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, start_new_session=True,
                               env={**os.environ, "MARGIN_WORKERS": workers})
    reported = []
    deadline = time.monotonic() + 120
    while len(reported) < 12 and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith("added: "):
            reported.append(line.removeprefix("added: ").strip())
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL and len(reported) >= 12

    index_file = data_dir / "index.sqlite3"
    with sqlite3.connect(index_file) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        hashes = {row[0] for row in conn.execute("SELECT content_hash FROM articles")}
        stored = len(hashes)
        half_written = conn.execute(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id)"
        ).fetchone()[0]
    assert {read_article_file(Path(r)).content_hash for r in reported} <= hashes
    assert half_written == 0 and stored < len(files)

    rerun = margin("add", folder, MARGIN_WORKERS=workers)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.startswith(f"Added {len(files) - stored}, skipped {stored} already in the library")
    with sqlite3.connect(index_file) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (len(files),)

