"""Ctrl+P in the reader: "Jump to a person: …" entries with readable types, and no system commands."""

from __future__ import annotations

import pytest

from reader_support import make_app
from tui.palette import jump_prefix

pytestmark = [pytest.mark.anyio]

SYSTEM_COMMANDS = ("Quit", "Theme", "Keys", "Screenshot", "Maximize")


async def palette_prompts(app, pilot, query: str = "") -> list[str]:
    from textual.command import CommandList

    await pilot.press("ctrl+p", *query)
    for _ in range(60):  # the palette gathers its entries in the background
        await pilot.pause(0.05)
        options = app.screen.query_one(CommandList).options if app.screen.query(CommandList) else []
        if options:
            await pilot.pause(0.2)
            return [str(option.prompt).split("\n")[0] for option in app.screen.query_one(CommandList).options]
    return []


@pytest.mark.parametrize("label, prefix", [
    ("PERSON", "Jump to a person: "), ("ORG", "Jump to an organisation: "), ("GPE", "Jump to a place: "),
    ("LOC", "Jump to a place: "), ("NORP", "Jump to a group: "), ("EVENT", "Jump to an event: "),
    ("WORK_OF_ART", "Jump to a work of art: "),
])
def test_types_read_as_words(label, prefix):
    assert jump_prefix(label) == prefix


@pytest.mark.model
async def test_reader_palette_lists_names_apart_from_system_commands(library):
    app = make_app(library, article_id=2)
    async with app.run_test(size=(110, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        prompts = await palette_prompts(app, pilot)
        assert "Jump to a person: Amrullah Saleh" in prompts
        assert "Jump to an organisation: Taliban" in prompts
        assert all(prompt.startswith("Jump to ") for prompt in prompts)
        assert not any(prompt.startswith(SYSTEM_COMMANDS) for prompt in prompts)
        await pilot.press("escape")
        await pilot.pause()
        assert (await palette_prompts(app, pilot, "saleh"))[0] == "Jump to a person: Amrullah Saleh"
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("l")  # the library: the system commands, and no names
        await pilot.pause()
        prompts = await palette_prompts(app, pilot)
        assert any(prompt.startswith(SYSTEM_COMMANDS) for prompt in prompts)
        assert not any(prompt.startswith("Jump to") for prompt in prompts)
