"""The reader asked to open a file the library holds an older version of (a real terminal, tmux)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from sources_support import margin_command
from bench_terminal import Terminal

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.model,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([*margin_command(), *args], capture_output=True, text=True, timeout=120, env=env,
                          check=False)


@pytest.mark.parametrize("answer, titles", [
    ("y", ["Kabul Diary, revised"]),
    ("n", ["Kabul Diary, revised", "Kabul Diary"]),
])
def test_reading_an_edited_file_asks_whether_to_replace_its_article(tmp_path, answer, titles):
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "MARGIN_CONFIG")}
    env = {**keep, "MARGIN_DATA_DIR": str(tmp_path / "data"), "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"}
    article = tmp_path / "kabul.md"
    article.write_text("# Kabul Diary\n\nAhmad Massoud spoke in Kabul.\n", encoding="utf-8")
    assert run("add", str(article), env=env).returncode == 0
    article.write_text("# Kabul Diary, revised\n\nAhmad Massoud spoke in Kabul and in Herat.\n", encoding="utf-8")
    term = Terminal([*margin_command(), "read", str(article)], env)
    try:
        term.wait_for("Replace that article with this version?")
        term.keys(answer)
        term.wait_for("Kabul Diary, revised")
        term.wait_for_pattern(r"\b\d+ names?\b")  # "finding names…" until they are stored
        term.keys("q")
        term.wait_for("EXITED-0")
    finally:
        term.close()
    listed = json.loads(run("list", "--json", env={**os.environ, **env}).stdout)
    assert [a["title"] for a in listed] == titles


def test_the_reader_opens_a_read_only_library_and_its_articles(tmp_path):
    """A library the user may not write (root made to obey file modes) is still read in the reader."""
    from test_cli_first_minute import bound_by_permissions

    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "MARGIN_CONFIG")}
    data = tmp_path / "data"
    env = {**keep, "MARGIN_DATA_DIR": str(data), "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"}
    article = tmp_path / "kabul.md"
    article.write_text("# Kabul Diary\n\nAhmad Massoud spoke in Kabul.\n", encoding="utf-8")
    assert run("add", str(article), env=env).returncode == 0
    (data / "index.sqlite3").chmod(0o400)
    data.chmod(0o500)
    term = Terminal([*bound_by_permissions(), *margin_command()], env)
    try:
        term.wait_for("Margin library")
        term.wait_for("Kabul Diary")
        term.keys("Enter")
        term.wait_for_pattern(r"\b\d+ names?\b")  # "finding names…" until they are stored
        term.keys("q")
        term.wait_for("EXITED-0")
    finally:
        term.close()
        data.chmod(0o700)
