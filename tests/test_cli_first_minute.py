"""The command line with hostile names, broken libraries and odd files (issue 11), through the real command."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sources_support import margin, one_line_error

HOSTILE_NAME = "e\x1b[2J\x1b]0;EVIL\x07f"
TERMINAL_CONTROLS = ("\x1b", "\x07", "\x9b")


def assert_no_controls(result) -> None:
    """Nothing the command printed can move the cursor, clear the screen or retitle the terminal."""
    for stream in (result.stdout, result.stderr):
        for control in TERMINAL_CONTROLS:
            assert control not in stream, repr(stream)


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    """A folder holding an article whose file name (and so its title) carries terminal escapes,
    and an empty file with such a name."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    # The first line ends with a full stop, so the title falls back to the file name.
    (folder / f"{HOSTILE_NAME}.txt").write_text(
        "Maria Lopez met Daniel Berger in Lisbon on Tuesday.\n\nThey talked about Lisbon.\n", encoding="utf-8")
    (folder / f"{HOSTILE_NAME}-empty.txt").write_text("", encoding="utf-8")
    return folder


@pytest.mark.model
def test_escapes_in_file_names_and_titles_are_never_printed_raw(hostile_folder: Path):
    added = margin("add", "-v", hostile_folder)
    assert "added: " in added.stdout and "holds no text" in added.stderr
    assert_no_controls(added)
    listed = margin("list")
    assert "EVIL" in listed.stdout
    assert_no_controls(listed)
    assert_no_controls(margin("search", "Lisbon"))
    assert_no_controls(margin("entities", hostile_folder / f"{HOSTILE_NAME}.txt"))


def test_one_line_errors_print_hostile_names_cleaned(tmp_path: Path):
    error = one_line_error(margin("entities", tmp_path / f"{HOSTILE_NAME}.txt"))
    assert "no such file" in error and "EVIL" in error
    assert not any(control in error for control in TERMINAL_CONTROLS)
