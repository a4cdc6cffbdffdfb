"""The reader's top bar in a real 80-column terminal: a long title is cut, the status and position stay."""

from __future__ import annotations

import shutil
import time

import pytest

from sources_support import margin_command
from test_tmux import Terminal, terminal_env, library_dir  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.model,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

LONG_TITLE = ("The Very Long Title of an Article About the Negotiations Between the Government "
              "and the Opposition in the Northern Provinces")


def first_line_when(term: Terminal, text: str, timeout: float = 30.0) -> str:
    """The top line of the screen once it holds *text*."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = term._tmux("capture-pane", "-p", "-J").split("\n")[0]
        if text in line:
            return line
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared in the top line: {line!r}")


def test_long_title_is_cut_with_the_status_and_position_kept(tmp_path, terminal_env):  # noqa: F811
    path = tmp_path / "long.txt"
    path.write_text(f"{LONG_TITLE}\n\nAmrullah Saleh met Ahmad Massoud in Bazarak on Monday.\n", encoding="utf-8")
    term = Terminal([*margin_command(), "read", str(path)], terminal_env, width=80, height=24)
    try:
        line = first_line_when(term, "%")
        assert len(line.rstrip()) <= 80
        assert " names" in line  # "finding names…", or the count if the names were quicker
        assert "The Very Long Title" in line and "…" in line
        line = first_line_when(term, "names 100%")  # the count once the names are found, still in view
        assert "finding" not in line and "…  " in line
    finally:
        term.close()
