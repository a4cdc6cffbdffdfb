"""Bad files (issue 6): one line naming the file and the reason, a non-zero exit, the library untouched."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from nlp.analysis import Analysis
from nlp.index import open_index
from nlp.reading import ArticleInput, ReadError, read_article_file
from sources_support import margin, one_line_error
from tui.cli import main


@pytest.fixture
def library(data_dir: Path) -> Path:
    """A library holding one article, stored without the model."""
    with open_index(data_dir) as index:
        index.add_article(ArticleInput("Kept", "Kept\n\nAn article already in the library.\n"), Analysis("Kept", "", []))
    return data_dir


def assert_untouched(data_dir: Path) -> None:
    with sqlite3.connect(data_dir / "index.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT title FROM articles").fetchall() == [("Kept",)]


def make_bad_file(tmp_path: Path, case: str) -> tuple[Path, str]:
    """A bad input of kind *case* and the reason margin must give for it."""
    path = tmp_path / f"{case}.txt"
    if case == "binary":
        path.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
        return path, "looks like a binary file, not text"
    if case == "invalid-utf8":
        path.write_bytes("Kabul – the café reopened. ".encode() * 3 + b"\xff\xfe\xc3(" + "Zürich".encode())
        return path, "not valid UTF-8 (bad byte at offset 90)"
    if case == "empty":
        path.write_bytes(b"")
        return path, "the file holds no text"
    if case == "blank":
        path.write_bytes(b" \n\t\r\n")
        return path, "the file holds no text"
    if case == "directory":
        path.mkdir()
        return path, "is a directory"
    if case == "missing":
        return path, "no such file"
    if case == "100mb":
        with path.open("wb") as file:  # sparse: 100 MB long, nothing on disk
            file.truncate(100 * 1024 * 1024)
        return path, "the file is 100.0 MB, over the 20 MB limit (max_file_mb in the config file)"
    if case == "one-1mb-line":
        path.write_text("Kabul " * (1024 * 1024 // 6 + 1), encoding="utf-8")
        return path, "has a line of 1,048,578 characters; Margin reads lines of up to 500,000 (is it an article?)"
    raise ValueError(case)


CASES = ["binary", "invalid-utf8", "empty", "blank", "directory", "missing", "100mb", "one-1mb-line"]


@pytest.mark.parametrize("command", ["read", "entities"])
@pytest.mark.parametrize("case", CASES)
def test_bad_file(tmp_path, library, command, case):
    path, reason = make_bad_file(tmp_path, case)
    assert one_line_error(margin(command, path)) == f"margin: {path}: {reason}"
    assert_untouched(library)


@pytest.mark.parametrize("case", [c for c in CASES if c != "directory"])
def test_bad_file_in_add(tmp_path, library, case):
    path, reason = make_bad_file(tmp_path, case)
    result = margin("add", path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"margin: {path}: {reason}" if case != "missing"
                                          else f"margin: {path}: no such file or directory"]
    assert result.stdout.startswith("Added 0, skipped 0 already in the library, failed 1.")
    assert_untouched(library)


def test_size_limit_is_configurable(tmp_path, library, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("max_file_mb = 0.001\n")
    monkeypatch.setenv("MARGIN_CONFIG", str(config))
    path = tmp_path / "long.txt"
    path.write_text("Kabul report\n\n" + "The road is open. " * 100)
    assert one_line_error(margin("entities", path)) == (
        f"margin: {path}: the file is 0.0 MB, over the 0 MB limit (max_file_mb in the config file)")
    assert_untouched(library)


def test_unreadable_file_in_process(tmp_path, library, monkeypatch, capsys):
    path = tmp_path / "locked.txt"
    path.write_text("Locked away\n\nNobody may read this.\n")

    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ReadError, match=f"^{path}: permission denied$"):
        read_article_file(path)
    assert main(["entities", str(path)]) == 1
    assert capsys.readouterr().err == f"margin: {path}: permission denied\n"
    monkeypatch.undo()
    assert_untouched(library)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions; "
                                              "test_unreadable_file_in_process covers it by refusing the open")
def test_unreadable_file(tmp_path, library):
    path = tmp_path / "locked.txt"
    path.write_text("Locked away\n\nNobody may read this.\n")
    path.chmod(0)
    assert one_line_error(margin("entities", path)) == f"margin: {path}: permission denied"
    assert_untouched(library)
