"""Keys typed faster than the app draws (a fast typist, a paste, tmux send-keys) reach the filter."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from reader_support import make_app
from tui.entities_screen import EntitiesScreen
from tui.library_screen import LibraryScreen
from tui.open_screen import OpenScreen

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


def type_in_one_burst(app, text: str) -> None:
    """Queue every key before the app handles the first, as when they arrive in one read.

    Pilot.press waits for the app to idle after each key, so the keys go through the driver as a
    terminal's would (``_driver``: Textual has no public way to deliver keys without waiting).
    """
    for char in text:
        key = events.Key("slash" if char == "/" else char, char)
        key.set_sender(app)
        app._driver.send_message(key)


@pytest.mark.parametrize("screen_type, open_keys", [(LibraryScreen, ""), (EntitiesScreen, "e")])
async def test_slash_then_typing_in_one_burst_filters(data_dir, screen_type, open_keys):
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*open_keys)
        await pilot.pause()
        assert isinstance(app.screen, screen_type)
        type_in_one_burst(app, "/lion")  # "o" alone opens a file dialog; "l", "i", "n" are filter text
        await pilot.pause()
        assert not isinstance(app.screen, OpenScreen)
        assert app.screen.query_one("#filter", Input).value == "lion"


async def test_slash_typed_in_the_filter_is_text(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"news", "slash", "x")
        assert app.screen.query_one("#filter", Input).value == "news/x"
