"""Typing in the library's filter box over a large library: time from each key to the updated table.

Runs the reader headless on the library in *folder* and types *query* one key at a time. Each key
goes in as the terminal driver sends it, and is timed to the first screen update that shows the
table of the articles matching what was typed. Pilot's ``press`` is not used to type: it waits for
the process to be idle (at least 40 ms a key), which would be measured too.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from textual import events

from nlp.config import Settings
from nlp.index import open_index

TIMEOUT_S = 30.0
"""Longest one key may take to update the table before the run is abandoned."""


def filter_keystroke_times(folder: Path, query: str, prefix: str = "") -> list[float]:
    """Seconds from each key of *query* typed in the library's filter (after *prefix*, already
    in the box: filter words such as ``is:unread ``) to the table showing its matches."""
    return asyncio.run(_type_filter(folder, query, prefix))


async def _type_filter(folder: Path, query: str, prefix: str = "") -> list[float]:
    from tui.app import MarginApp
    from tui.library_screen import LibraryScreen

    app = MarginApp(Settings(data_dir=folder), open_index(folder), cursor_blink=False)
    painted: list[tuple[float, str | None]] = []
    """(time, filter the table showed) of each screen update."""
    display = app._display  # the one place a frame goes out; headless, it writes nothing

    def timed_display(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None:
            painted.append((time.perf_counter(), getattr(screen, "listed_query", None)))

    app._display = timed_display
    times: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await _until(lambda: screen.listed_query == "")
        await pilot.press("slash")
        await pilot.pause()
        if prefix:
            screen.filter_box.value = prefix
            await _until(lambda: screen.listed_query == prefix)
            await pilot.pause()
        for typed in (prefix + query[:n] for n in range(1, len(query) + 1)):
            started = time.perf_counter()
            _send_key(app, typed[-1])
            await _until(lambda: any(shown == typed for _, shown in painted))
            times.append(next(at for at, shown in painted if shown == typed) - started)
            painted.clear()
            await pilot.pause()  # the count of matches comes after the table; let it settle
    app.index.close()
    return times


def _send_key(app, character: str) -> None:
    """A key as the terminal driver delivers it."""
    key = events.Key("space" if character == " " else character, character)
    key.set_sender(app)
    app._driver.send_message(key)


async def _until(condition) -> None:
    deadline = time.perf_counter() + TIMEOUT_S
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the library's table was not updated")
        await asyncio.sleep(0.001)
