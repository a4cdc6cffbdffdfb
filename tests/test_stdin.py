"""Articles from standard input (``-``): HTML, Markdown or plain text, detected."""

from __future__ import annotations

import io
import json
import os
import shlex
import shutil

import pytest

from nlp.reading import ReadError, looks_like_markdown, read_stream
from sources_support import NEWS_PAGE, article_count, margin, margin_command, one_line_error
from bench_terminal import Terminal
from test_tmux import open_help_then_quit

PLAIN = "Kabul notes\n\nThe road to Panjshir reopened on Sunday. Ahmad Massoud spoke in Bazarak.\n"
MARKDOWN = "# Valley news\n\nThe road to **Panjshir** reopened, said [Ahmad Massoud](https://example.org).\n"


@pytest.mark.parametrize(("data", "kind", "title"), [
    (NEWS_PAGE.read_bytes(), "html", "Salang Tunnel reopens after avalanche"),
    (MARKDOWN.encode(), "markdown", "Valley news"),
    (PLAIN.encode(), "text", "Kabul notes"),
    (PLAIN.encode("utf-16"), "text", "Kabul notes"),
], ids=["html", "markdown", "text", "utf-16-text"])
def test_kind_is_detected(data, kind, title):
    source = read_stream(io.BytesIO(data))
    assert (source.kind, source.title, source.path) == (kind, title, None)
    assert source.url == ("https://valleyherald.example/news/salang-tunnel-reopens" if kind == "html" else None)


def test_markdown_is_shown_as_prose():
    assert read_stream(io.BytesIO(MARKDOWN.encode())).text == (
        "Valley news\n\nThe road to Panjshir reopened, said Ahmad Massoud.\n")


def test_plain_text_is_kept_as_it_is():
    assert read_stream(io.BytesIO(PLAIN.replace("\n", "\r\n").encode())).text == PLAIN


@pytest.mark.parametrize(("text", "expected"), [
    (MARKDOWN, True),
    ("Title\n\n- one\n- two\n", True),
    ("```\ncode\n```\n", True),
    ("A note with one *star* and 3 * 4 = 12.", False),
    ("Prices rose 5% - said a trader.\nAnother line.", False),
    (PLAIN, False),
])
def test_looks_like_markdown(text, expected):
    assert looks_like_markdown(text) is expected


def test_size_limit_and_empty_input():
    with pytest.raises(ReadError, match="^standard input: more than the 0 MB limit"):
        read_stream(io.BytesIO(b"x" * 2000), max_bytes=1000)
    with pytest.raises(ReadError, match="^standard input: holds no text$"):
        read_stream(io.BytesIO(b"  \n"))


# --- through the real entry point

@pytest.mark.parametrize("command", ["entities", "add", "read"])
def test_empty_input_is_one_line(data_dir, command):
    result = margin(command, "-", input="")
    assert one_line_error(result) == "margin: standard input: holds no text"
    assert article_count(data_dir) in (None, 0)


def test_read_from_a_pipe_without_a_terminal_says_so(data_dir):
    result = margin("read", "-", input=PLAIN)
    assert "the reader needs a terminal" in one_line_error(result)
    assert article_count(data_dir) is None


@pytest.mark.model
@pytest.mark.parametrize(("data", "title", "name"), [
    (PLAIN, "Kabul notes", "Panjshir"),
    (MARKDOWN, "Valley news", "Panjshir"),
    (NEWS_PAGE.read_text(encoding="utf-8"), "Salang Tunnel reopens after avalanche", "Kabul"),
], ids=["text", "markdown", "html"])
def test_entities_from_stdin(data, title, name):
    result = margin("entities", "--json", "-", input=data)
    assert result.returncode == 0, result.stderr
    analysis = json.loads(result.stdout)
    assert analysis["title"] == title
    assert name in {e["name"] for e in analysis["entities"]}
    assert "**" not in analysis["text"] and "<p>" not in analysis["text"]
    for entity in analysis["entities"]:
        for mention in entity["mentions"]:
            assert analysis["text"][mention["start"]:mention["end"]] == mention["text"]


@pytest.mark.model
def test_add_from_stdin_twice_stores_once(data_dir):
    first = margin("add", "-", input=PLAIN)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Added 1, skipped 0 already in the library, failed 0.")
    second = margin("add", "-", input=PLAIN)
    assert second.stdout.startswith("Added 0, skipped 1 already in the library, failed 0.")
    [article] = json.loads(margin("list", "--json").stdout)
    assert (article["title"], article["path"], article["url"]) == ("Kabul notes", None, None)


@pytest.mark.model
def test_read_from_a_pipe_of_a_stored_article_without_a_terminal_says_so(data_dir):
    assert margin("add", "-", input=PLAIN).returncode == 0
    result = margin("read", "-", input=PLAIN, timeout=30)
    assert "the reader needs a terminal" in one_line_error(result)
    assert article_count(data_dir) == 1


@pytest.mark.model
@pytest.mark.tmux
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize("stored_before", [False, True], ids=["new", "already-in-the-library"])
def test_read_from_a_pipe_takes_keys_from_the_terminal(tmp_path, data_dir, stored_before):
    article = tmp_path / "a.txt"
    article.write_text(PLAIN, encoding="utf-8")
    if stored_before:
        assert margin("add", article).returncode == 0
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "MARGIN_CONFIG")}
    env = {**keep, "MARGIN_DATA_DIR": str(data_dir), "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"}
    command = f"{shlex.join(margin_command())} read - < {shlex.quote(str(article))}"
    term = Terminal(["sh", "-c", command], env)
    try:
        term.wait_for("Kabul notes")
        term.wait_for_pattern(r"\b\d+ names?\b")  # "finding names…" until they are stored
        open_help_then_quit(term)
    finally:
        term.close()
    assert article_count(data_dir) == 1
