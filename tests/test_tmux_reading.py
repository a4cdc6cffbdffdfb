"""Reading state in a real 80-column terminal: unread counted, the unread-only key, n / p through
the unread articles, a star, and an article reopened where it was left (after quitting)."""

from __future__ import annotations

import os
import shutil

import pytest
from reading_support import build_reading_library

from sources_support import margin_command
from test_tmux import Terminal

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


@pytest.fixture
def reading_env(tmp_path) -> dict[str, str]:
    """The hand-written reading library (no model needed), and a terminal's environment."""
    folder = build_reading_library(tmp_path / "data")
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "MARGIN_CONFIG")}
    return {**keep, "MARGIN_DATA_DIR": str(folder), "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"}


def test_unread_next_unread_star_and_the_place_left(reading_env):
    term = Terminal(margin_command(), reading_env)
    try:
        term.wait_for("6 of 6 articles · 6 unread")
        term.keys("u")
        term.wait_for("is:unread")
        term.keys("Enter")
        term.wait_for("Winter roads", "Paragraph 1 of the report")
        term.keys("Space", "Space")  # two pages down
        term.wait_until_gone("Paragraph 1 of the report")
        term.keys("*")
        term.wait_for("* starred")
        term.keys("n")
        term.wait_for("Massoud speaks in Paris", "Paragraph 1 of the report")
        term.keys("p")  # Winter roads was read when it was opened
        term.wait_for("No previous unread article")  # (the notice wraps in its box)
        term.keys("Escape")
        term.wait_for("4 of 6 articles · 4 unread")
        term.keys("q")
        term.wait_for("EXITED-0")
    finally:
        term.close()
    term = Terminal(margin_command(), reading_env)
    try:
        term.wait_for("6 of 6 articles · 4 unread")
        term.keys("/")
        term.type("is:starred")
        term.wait_for("1 of 6 articles · 0 unread")
        term.keys("Enter", "Enter")
        term.wait_for("Winter roads", "* starred", "Paragraph ")
        # painted, then scrolled to where it was left, two pages down
        assert "Paragraph 20 of the report" in term.wait_until_gone("Paragraph 1 of the report")
        term.keys("q")
        term.wait_for("EXITED-0")
    finally:
        term.close()
