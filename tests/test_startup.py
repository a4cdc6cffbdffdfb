"""Start-up: an article given at start is the first screen, the library is built when asked for,
the time to first paint is logged on request, and the model waits for the first frame. No model."""

from __future__ import annotations

import json

import pytest
from textual.css.stylesheet import Stylesheet

from nlp.analysis import analyse
from nlp.config import Settings
from nlp.index import open_index
from nlp.raw import RawDoc
from nlp.reading import ArticleInput
from tui.app import MarginApp
from tui.library_screen import LibraryScreen
from tui.reader_screen import ReaderScreen
from tui.startup import LOG_ENV

from reader_support import REPO_ROOT


def library_with_one_article(folder, marked) -> int:
    text, spans = marked("Kabul\n\nThe [Taliban|ORG] entered [Kabul|GPE] in August.")
    with open_index(folder) as index:
        return index.add_article(ArticleInput("Kabul", text), analyse("Kabul", text, RawDoc(spans)))


def app_for(folder, **kwargs) -> MarginApp:
    return MarginApp(Settings(data_dir=folder), open_index(folder), cursor_blink=False, **kwargs)


@pytest.fixture
def article_app(tmp_path, marked) -> MarginApp:
    """The reader started on the one article of a library."""
    return app_for(tmp_path, article_id=library_with_one_article(tmp_path, marked))


@pytest.mark.anyio
async def test_article_at_start_is_the_only_screen_and_back_builds_the_library(article_app):
    app = article_app
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [ReaderScreen]
        assert app.screen.article.title == "Kabul"
        await pilot.press("escape")
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [LibraryScreen]
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


@pytest.mark.anyio
async def test_library_key_from_a_second_article_returns_to_the_library(article_app):
    app = article_app
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_article(app.screen.article_id)
        await pilot.pause()
        assert len(app.screen_stack) == 2
        app.action_library()
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [LibraryScreen]


@pytest.mark.anyio
async def test_library_at_start_is_unchanged(tmp_path, marked):
    library_with_one_article(tmp_path, marked)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [LibraryScreen]


@pytest.mark.anyio
@pytest.mark.parametrize("on_article", [True, False], ids=["article", "library"])
async def test_the_first_screen_is_styled_by_its_css_file_parsed_once_with_the_rest(tmp_path, marked, monkeypatch,
                                                                                    on_article):
    """Textual parses every rule again (twice) when a screen's CSS file is read after the app's
    first parse; the first screen's file is read before it."""
    reparses = []
    reparse = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda sheet: (reparses.append(sheet), reparse(sheet))[1])
    article_id = library_with_one_article(tmp_path, marked)
    app = app_for(tmp_path, article_id=article_id if on_article else None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.css_path
        assert all(app.stylesheet.has_source(str(path), "") for path in app.screen.css_path)
        assert reparses == []
        if on_article:  # a rule of reader_screen.tcss
            assert app.screen.query_one("#body").styles.align_horizontal == "center"


@pytest.mark.anyio
async def test_first_paint_is_logged_and_releases_the_model(tmp_path, marked, monkeypatch):
    log = tmp_path / "startup.jsonl"
    monkeypatch.setenv(LOG_ENV, str(log))
    article_id = library_with_one_article(tmp_path / "data", marked)
    app = app_for(tmp_path / "data", article_id=article_id)
    assert not app._first_painted.is_set()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app._first_painted.is_set()
        await app.workers.wait_for_complete()
    events = [json.loads(line) for line in log.read_text().splitlines()]
    assert [e["event"] for e in events] == ["first_paint", "names_ready"]
    assert events[0]["screen"] == "ReaderScreen" and events[0]["ms"] > 0
    assert events[1]["names"] == 2  # Taliban, Kabul


def test_no_log_without_the_variable(tmp_path, monkeypatch):
    from tui.startup import log_startup

    monkeypatch.delenv(LOG_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    log_startup("first_paint")
    assert list(tmp_path.iterdir()) == []


GC_PROBE = """
import gc, os, sys
sys.argv[0] = "/usr/local/bin/margin"
import tui, tui.cli, tui.launch, tui.app, tui.reader_screen, tui.library_screen
print(gc.isenabled())
from tui.startup import pause_gc_for_startup, resume_gc
pause_gc_for_startup()
read, write = os.pipe()
if os.fork() == 0:
    os.write(write, str(gc.isenabled()).encode())
    os._exit(0)
os.wait()
print(gc.isenabled(), os.read(read, 10).decode())
resume_gc()
print(gc.isenabled())
"""


def test_collector_paused_only_by_the_reader_start_up():
    """Importing tui (as the extraction workers of ``margin add`` do) never pauses the collector,
    even in a process named ``margin``; the reader's start-up pauses it until the first frame."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", GC_PROBE], capture_output=True, text=True, check=True,
                            timeout=60, cwd=REPO_ROOT)
    # on after the imports; off once paused, on in a forked child; on again once resumed
    assert result.stdout.split() == ["True", "False", "True", "True"]
