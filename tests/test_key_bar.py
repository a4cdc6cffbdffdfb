"""The key bar at the bottom of every screen: what it shows, how it fits, what a click does."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.key_bar import KeyBar

pytestmark = pytest.mark.anyio


class Pane(Static, can_focus=True):
    """A focusable pane with keys of its own, one of them disabled while *locked*."""

    BINDINGS = [Binding("s", "save", "Save"), Binding("x", "cut", "Cut"), Binding("z", "hidden", "Hidden", show=False)]

    def __init__(self, *args, locked: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.locked = locked
        self.saved = 0

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return None if action == "cut" and self.locked else True

    def action_save(self) -> None:
        self.saved += 1

    def action_cut(self) -> None:
        pass


class Demo(App):
    BINDINGS = [Binding("q", "quit", "Quit"), Binding("h", "help", "Help"), Binding("f1", "help", "Help")]

    def compose(self) -> ComposeResult:
        yield Pane("one", id="one")
        yield Pane("two", id="two", locked=True)
        yield KeyBar()

    def action_help(self) -> None:
        pass


def bar_text(app: App) -> str:
    return app.screen.query_one(KeyBar).render().plain


@asynccontextmanager
async def demo_focused_on_one(width: int):
    """The demo app *width* cells wide, with pane one focused: (app, pilot)."""
    app = Demo()
    async with app.run_test(size=(width, 6)) as pilot:
        app.query_one("#one").focus()
        await pilot.pause()
        yield app, pilot


async def test_shows_each_shown_key_once_with_the_palette_on_the_right():
    async with demo_focused_on_one(60) as (app, pilot):
        text = bar_text(app)
        assert text.startswith(" s Save  x Cut  q Quit  h Help ")
        assert text.endswith("▏^p palette ") and len(text) == 60
        assert "Hidden" not in text  # show=False
        assert text.count("Help") == 1  # one key per action


async def test_follows_focus_and_dims_a_disabled_key():
    async with demo_focused_on_one(60) as (app, pilot):
        bar = app.query_one(KeyBar)
        assert dict((e[2], e[3]) for e in bar.entries()[0])["Cut"] is True
        app.query_one("#two").focus()
        await pilot.pause()
        assert dict((e[2], e[3]) for e in bar.entries()[0])["Cut"] is False
        cut = next(s for s in bar.render().spans if bar.render().plain[s.start:s.end] == " x ")
        assert "dim" in str(cut.style)


@pytest.mark.parametrize(("width", "shown"), [
    (43, " s Save  x Cut  q Quit  h Help ▏^p palette "),  # everything fits
    (42, " s Save  q Quit  h Help " + " " * 6 + "▏^p palette "),  # the pane's last key is left out whole
    (30, " q Quit  h Help " + " " * 2 + "▏^p palette "),  # the app's own keys (the way out) stay
])
async def test_leaves_out_whole_keys_that_do_not_fit_but_keeps_the_apps_own(width, shown):
    async with demo_focused_on_one(width) as (app, pilot):
        assert bar_text(app) == shown


async def test_narrower_than_the_palette_key_shows_what_fits_from_the_left():
    async with demo_focused_on_one(10) as (app, pilot):
        assert bar_text(app) == " s Save "


async def test_clicking_a_key_presses_it_and_a_disabled_one_rings_the_bell():
    app = Demo()
    async with app.run_test(size=(60, 6)) as pilot:
        one = app.query_one("#one", Pane)
        one.focus()
        await pilot.pause()
        await pilot.click(KeyBar, offset=(2, 0))  # " s Save "
        assert one.saved == 1
        app.query_one("#two").focus()
        await pilot.pause()
        rings = []
        app.bell = lambda: rings.append(1)
        await pilot.click(KeyBar, offset=(10, 0))  # " x Cut ", disabled here
        assert rings == [1]
        await pilot.click(KeyBar, offset=(50, 0))  # the palette key
        await pilot.pause()
        from textual.command import CommandPalette

        assert isinstance(app.screen, CommandPalette)
