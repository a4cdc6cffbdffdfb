"""End to end: the real ``margin`` command in a real terminal (tmux, 80x24)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bench_terminal import Terminal
from reader_support import DEMO_DIR
from sources_support import margin_command

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.model,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_screen_joins_lines_the_terminal_wrapped():
    """Checks never depend on where an 80-column terminal wraps a long message."""
    message = "margin: " + "/deep" * 30 + "/nope.txt: no such file"
    term = Terminal(["printf", "%s\\n", message], {"PATH": os.environ["PATH"]})
    try:
        assert message in term.wait_for("EXITED-0")
    finally:
        term.close()


@pytest.fixture
def library_dir(tmp_path) -> Path:
    data = tmp_path / "data"
    result = subprocess.run([*margin_command(), "--data-dir", str(data), "add", str(DEMO_DIR)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return data


@pytest.fixture
def terminal_env(library_dir) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "MARGIN_CONFIG")}
    return {**keep, "MARGIN_DATA_DIR": str(library_dir), "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"}


def test_read_article_navigate_and_open_dossier(terminal_env):
    article = DEMO_DIR / "02-resistance-2021.md"
    term = Terminal([*margin_command(), "read", str(article)], terminal_env)
    try:
        term.wait_for("Resistance in 2021")
        term.wait_for_pattern(r"\b\d+ names?\b")  # "finding names…" until they are stored
        term.wait_for("1 People")  # the legend, at the bottom of the same frame (tmux may show half a frame)
        term.keys("Tab", "Enter")
        term.wait_for(" here · ")
        term.wait_for("In this article")
        term.keys("Escape")
        term.wait_until_gone(" here · ")
        term.keys("/")
        term.wait_for("Search the text")
        term.type("Sandhurst")
        term.keys("Enter")
        term.wait_for("Match 1 of 1")
        open_help_then_quit(term)
    finally:
        term.close()


def test_library_opens_article_and_back(terminal_env):
    term = Terminal(margin_command(), terminal_env)
    try:
        screen = term.wait_for("Margin library")
        assert "5 of 5 articles" in screen
        term.keys("/")
        term.type("lion")
        term.wait_for("1 of 5 articles")
        term.keys("Enter")
        term.wait_for("o Open file/URL")  # the key bar of the table: the filter has let go of the keys
        term.keys("Enter")
        term.wait_for("The Lion of Panjshir: How One Commander")
        term.wait_for_pattern(r"\b\d+ names?\b")  # "finding names…" until they are stored
        term.keys("Escape")
        term.wait_for("Margin library")
        term.keys("e")
        term.wait_for("Names in the library")
        term.keys("q")
        term.wait_for("EXITED-0")
    finally:
        term.close()


def test_bad_file_gives_one_line_error(terminal_env, tmp_path):
    missing = tmp_path / "nope.txt"
    term = Terminal([*margin_command(), "read", str(missing)], terminal_env)
    try:
        screen = term.wait_for("EXITED-1")
        assert "margin:" in screen and "no such file" in screen and "Traceback" not in screen
    finally:
        term.close()


def test_hostile_article_leaves_the_terminal_alone(terminal_env, tmp_path):
    hostile = tmp_path / "hostile.txt"
    hostile.write_bytes(
        "Hostile Title\x1b]0;PWNED-TITLE\x07\n\n"
        "Before\x1b[2J\x1b[H the clear. Clip\x1b]52;c;UFdORUQtQ0xJUA==\x07board. "
        "Hidden \x1b[8mconcealed\x1b[0m text. Bell\x07 and \u202eevil\u202c. "
        "Markup [bold red]stays[/] literal [link=http://x]here[/link].\n".encode("utf-8")
    )
    term = Terminal([*margin_command(), "read", str(hostile)], terminal_env)
    try:
        term._tmux("set-option", "-g", "set-clipboard", "on")
        title_before = term._tmux("display-message", "-p", "#{pane_title}")
        screen = term.wait_for("Hostile Title")
        screen = term.wait_for("here[/link]")
        assert "Before the clear" in screen and "concealed" in screen
        assert "[bold red]stays[/] literal [link=http://x]here[/link]" in screen
        assert "PWNED" not in term._tmux("display-message", "-p", "#{pane_title}")
        assert term._tmux("display-message", "-p", "#{pane_title}") == title_before
        buffers = subprocess.run(["tmux", "-L", term.socket, "list-buffers"], capture_output=True, text=True).stdout
        assert "PWNED" not in buffers
        term.keys("q")
        term.wait_for("EXITED-0")
    finally:
        term.close()


def open_first_dossier(term: Terminal) -> None:
    """Wait for the demo's Resistance article, then open the dossier of its first name."""
    term.wait_for("Resistance in 2021")
    term.wait_for("1 People")
    term.keys("Tab", "Enter")
    term.wait_for(" here · ")


def test_rename_a_name_from_the_dossier_then_undo(terminal_env, library_dir):
    article = DEMO_DIR / "02-resistance-2021.md"
    term = Terminal([*margin_command(), "read", str(article)], terminal_env)
    try:
        open_first_dossier(term)
        term.keys("r")
        term.wait_for("Enter  save")
        term.keys("C-u")
        term.type("Zebra Quartet")
        term.keys("Enter")
        screen = term.wait_for("Renamed #", "Also: ")
        assert "Zebra Quartet  " in screen  # the dossier's header: the new name, then its type
        term.keys("u")
        term.wait_for("Undone: Renamed")
        term.wait_until_gone("Zebra Quartet", timeout=20)  # the notice times out; the old name is back
        names = subprocess.run([*margin_command(), "--data-dir", str(library_dir), "names", "Zebra"],
                               capture_output=True, text=True, timeout=60)
        assert "Zebra" not in names.stdout
        term.keys("q")
        term.wait_for("EXITED-0")
    finally:
        term.close()


def test_retype_and_not_a_name_from_the_dossier_then_undo_both(terminal_env):
    article = DEMO_DIR / "02-resistance-2021.md"
    term = Terminal([*margin_command(), "read", str(article)], terminal_env)
    try:
        open_first_dossier(term)
        term.keys("t")
        term.wait_for("Enter  ok")
        term.keys("Home", "Enter")  # the first type: Person
        term.wait_for("Retyped #")
        term.keys("x")
        term.wait_for("is not a name?")
        term.keys("y")
        term.wait_for("Not a name: ")
        term.wait_for("This name is no longer in the library.")
        term.keys("u")
        term.wait_for("Undone: Not a name")
        term.keys("u")
        term.wait_for("Undone: Retyped")
        term.keys("q")
        term.wait_for("EXITED-0")
    finally:
        term.close()


def open_help_then_quit(term: Terminal) -> None:
    """``?`` shows the keys, Esc closes them, ``q`` quits with status 0."""
    term.keys("?")
    term.wait_for("scroll a line")
    term.keys("Escape")
    term.wait_until_gone("scroll a line")
    term.keys("q")
    term.wait_for("EXITED-0")
