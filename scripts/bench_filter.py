"""Typing in the library's filter box over a large library: time from each key to the updated table.

Runs the reader headless (Textual's Pilot) on the library in *folder* and types *query* one key
at a time, waiting after each key until the table lists the articles matching what was typed.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from nlp.config import Settings
from nlp.index import open_index

TIMEOUT_S = 30.0
"""Longest one key may take to update the table before the run is abandoned."""


def filter_keystroke_times(folder: Path, query: str) -> list[float]:
    """Seconds from each key of *query* typed in the library's filter to the table showing its matches."""
    return asyncio.run(_type_filter(folder, query))


async def _type_filter(folder: Path, query: str) -> list[float]:
    from tui.app import MarginApp
    from tui.library_screen import LibraryScreen

    app = MarginApp(Settings(data_dir=folder), open_index(folder), cursor_blink=False)
    times: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await _until(pilot, lambda: screen.listed_query == "")
        await pilot.press("slash")
        for typed in (query[:n] for n in range(1, len(query) + 1)):
            started = time.perf_counter()
            await pilot.press(typed[-1] if typed[-1] != " " else "space")
            await _until(pilot, lambda: screen.listed_query == typed)
            times.append(time.perf_counter() - started)
    app.index.close()
    return times


async def _until(pilot, condition) -> None:
    deadline = time.perf_counter() + TIMEOUT_S
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the library's table was not updated")
        await pilot.pause(0.001)
