"""Crash safety: ``kill -9`` in the middle of ``margin add`` loses nothing that was reported done, and
an unexpected error in the reader ends it with one line naming a log of the traceback."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from textual.widgets import Static

from nlp.config import Settings
from nlp.index import open_index
from nlp.reading import read_article_file
from sources_support import margin, margin_command, write_articles
from bench_terminal import Terminal
from tui.app import MarginApp
from tui.crash import CRASH_LOG, crash_message
from tui.launch import run_app


@pytest.mark.model
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



# --- an unexpected error in the reader

class Exploding(Static):
    """A widget that fails as it is mounted."""

    def on_mount(self) -> None:
        raise RuntimeError("the widget broke\x1b[2J here")


class ExplodingApp(MarginApp):
    """The reader, with a broken widget mounted once the first frame is out."""

    def on_ready(self) -> None:
        super().on_ready()
        self.screen.mount(Exploding())


def test_an_unexpected_error_exits_1_with_one_line_naming_the_log(tmp_path, capsys):
    data = tmp_path / "library"
    with open_index(data) as index:
        code = run_app(ExplodingApp(Settings(data_dir=data), index, cursor_blink=False), headless=True)
    out, err = capsys.readouterr()
    log = data / CRASH_LOG
    assert code == 1 and out == ""
    assert err.splitlines() == [f"margin: the reader stopped on an unexpected error "
                                f"(RuntimeError: the widget broke\ufffd[2J here); the details are in {log}"]
    traceback = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in traceback and "RuntimeError: the widget broke" in traceback
    assert "in on_mount" in traceback


class QuittingApp(MarginApp):
    """The reader, quitting as soon as it is ready."""

    def on_ready(self) -> None:
        self.exit()


def run_quitting_app(data: Path) -> int:
    """The exit code of :class:`QuittingApp` run through the launcher on the library in *data*."""
    with open_index(data) as index:
        return run_app(QuittingApp(Settings(data_dir=data), index), headless=True)


def test_a_clean_quit_exits_0_and_writes_no_log(tmp_path, capsys):
    data = tmp_path / "library"
    assert run_quitting_app(data) == 0
    assert capsys.readouterr() == ("", "")
    assert not (data / CRASH_LOG).exists()


def test_asyncio_complaints_go_to_the_log_not_the_terminal(tmp_path, capsys):
    data = tmp_path / "library"
    assert run_quitting_app(data) == 0
    logging.getLogger("asyncio").error("Future exception was never retrieved")
    assert capsys.readouterr() == ("", "")
    assert "Future exception was never retrieved" in (data / CRASH_LOG).read_text(encoding="utf-8")


def test_crash_message_is_one_short_clean_line(tmp_path):
    error = KeyError("x" * 500 + "\n\x07")
    line = crash_message(error, tmp_path / "a\nb" / CRASH_LOG)
    assert "\n" not in line and "\x07" not in line and "x" * 120 not in line
    assert line.endswith(f"the details are in a b/{CRASH_LOG}".replace("a b", str(tmp_path / "a b")))
    assert crash_message(RuntimeError(), None) == (
        "margin: the reader stopped on an unexpected error (RuntimeError); no log file could be written")


INJECTED = '''
import tui.app


def _broken_help(self):
    raise RuntimeError("injected by the crash test")


tui.app.MarginApp.action_help = _broken_help
'''
"""A ``sitecustomize`` module (loaded by the test's interpreter only) that breaks the ``?`` key."""


@pytest.mark.tmux
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_real_command_reports_an_unexpected_error_in_one_line(tmp_path, data_dir):
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(INJECTED, encoding="utf-8")
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "MARGIN_CONFIG")}
    env = {**keep, "MARGIN_DATA_DIR": str(data_dir), "TERM": "xterm-256color", "PYTHONPATH": str(inject)}
    term = Terminal(margin_command(), env)
    try:
        term.wait_for("Margin library")
        term.keys("?")
        screen = term.wait_for("EXITED-")
        assert "EXITED-1" in screen and "Traceback" not in screen
        log = data_dir / CRASH_LOG
        assert [line for line in screen.splitlines() if line.strip()][:-1] == [
            f"margin: the reader stopped on an unexpected error (RuntimeError: injected by the crash test); "
            f"the details are in {log}"]
    finally:
        term.close()
    traceback = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in traceback and "in _broken_help" in traceback
