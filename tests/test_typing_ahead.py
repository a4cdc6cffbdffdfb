"""Keys typed faster than the app draws (a fast typist, a paste, tmux send-keys) reach the filter."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from reader_support import make_app
from tui.article_view import ArticleView
from tui.names_screen import NamesScreen
from tui.library_screen import LibraryScreen
from tui.open_screen import OpenScreen

pytestmark = pytest.mark.anyio


async def value_when(pilot, read, expected, pauses: int = 100):
    """What *read* returns once it equals *expected*, or after *pauses* pauses (the keys reach
    an input through its own message queue, which Pilot does not wait for)."""
    for _ in range(pauses):
        if read() == expected:
            break
        await pilot.pause()
    return read()


def type_in_one_burst(app, text: str) -> None:
    """Queue every key before the app handles the first, as when they arrive in one read.

    Pilot.press waits for the app to idle after each key, so the keys go through the driver as a
    terminal's would (``_driver``: Textual has no public way to deliver keys without waiting).
    """
    for char in text:
        key = events.Key("slash" if char == "/" else char, char)
        key.set_sender(app)
        app._driver.send_message(key)


@pytest.mark.parametrize("screen_type, open_keys", [(LibraryScreen, ""), (NamesScreen, "e")])
async def test_slash_then_typing_in_one_burst_filters(data_dir, screen_type, open_keys):
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*open_keys)
        await pilot.pause()
        assert isinstance(app.screen, screen_type)
        type_in_one_burst(app, "/lion")  # "o" alone opens a file dialog; "l", "i", "n" are filter text
        assert await value_when(pilot, lambda: app.screen.query_one("#filter", Input).value, "lion") == "lion"
        assert not isinstance(app.screen, OpenScreen)


async def test_slash_typed_in_the_filter_is_text(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"news", "slash", "x")
        assert await value_when(pilot, lambda: app.screen.query_one("#filter", Input).value, "news/x") == "news/x"


@pytest.mark.model
async def test_slash_then_a_word_in_one_burst_searches_the_article(library):
    app = make_app(library, article_id=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        type_in_one_burst(app, "/Sandhurst")  # "n" would be "next match", "d" the dossier
        await pilot.press("enter")
        await pilot.pause()
        assert not app.screen.dossier_open
        view = app.screen.query_one(ArticleView)
        assert [view.text[start:end] for start, end in view.matches] == ["Sandhurst"]


@pytest.mark.model
async def test_slash_typed_in_the_search_box_is_text(library):
    app = make_app(library, article_id=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"and", "slash", "o", "r")
        assert await value_when(pilot, lambda: app.screen.search_box().value, "and/or") == "and/or"
