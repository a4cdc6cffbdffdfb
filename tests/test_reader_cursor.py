"""The name cursor stays where the reader can see it: after a rewrap, a jump, or Enter on a scrolled page."""

from __future__ import annotations

import pytest

from reader_support import make_app
from tui.article_view import ArticleView
from tui.dossier_panel import DossierPanel

pytestmark = [pytest.mark.anyio, pytest.mark.model]


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def on_screen(view: ArticleView, offset: int) -> bool:
    """Whether the line holding *offset* is among the lines shown."""
    top = view.scroll_offset.y
    return top <= view.line_of(offset) < top + view.scrollable_content_region.height


async def test_opening_the_dossier_keeps_the_cursor_on_screen(library):
    app = make_app(library, article_id=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press(*["tab"] * 16)
        chosen = view.current
        assert on_screen(view, chosen.start)
        width = view.scrollable_content_region.width
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.dossier_open and view.scrollable_content_region.width < width  # it rewrapped
        assert view.current == chosen and on_screen(view, chosen.start)
        await pilot.press("escape")
        await settle(app, pilot)
        assert view.current == chosen and on_screen(view, chosen.start)


async def test_palette_jump_with_the_dossier_closed_shows_the_cursor(library):
    app = make_app(library, article_id=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        last = view.highlights[-1]
        name = view.text[last.start:last.end]
        first = next(h for h in view.highlights if h.entity_id == last.entity_id)
        await pilot.press("ctrl+p", *name)
        for _ in range(40):  # the palette searches in the background
            await pilot.pause(0.05)
            if app.screen.query("CommandList Option"):
                break
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.dossier_open
        assert view.current.start == first.start and on_screen(view, first.start)


async def test_a_lower_dossier_keeps_the_cursor_on_screen(library):
    app = make_app(library, article_id=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press("space", "space", "tab", "tab")
        while view.line_of(view.current.start) - view.scroll_offset.y < 12:  # low on the page
            await pilot.press("tab")
        chosen = view.current
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.query_one(DossierPanel).region.y > view.region.y  # stacked below: fewer lines
        assert on_screen(view, chosen.start)


async def test_rewrap_keeps_the_top_line_when_the_cursor_was_off_screen(library):
    app = make_app(library, article_id=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press("space", "space")
        top = view.line_start(view.scroll_offset.y)
        await pilot.resize_terminal(70, 30)
        await settle(app, pilot)
        shown = range(view.line_start(view.scroll_offset.y), view.line_start(view.scroll_offset.y + 2))
        assert top in shown


@pytest.mark.parametrize("keys", [["G"], ["g"], ["space", "space"], ["j"] * 30])
async def test_enter_acts_on_a_name_on_screen(library, keys):
    app = make_app(library, article_id=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        if keys == ["g"]:
            await pilot.press("G", "tab")  # the cursor at the bottom, then back to the top
        else:
            await pilot.press("tab")
        await pilot.press(*keys)
        assert not on_screen(view, view.current.start)
        await pilot.press("enter")
        await settle(app, pilot)
        chosen = view.current
        assert on_screen(view, chosen.start)
        assert app.screen.query_one(DossierPanel).dossier.entity.id == chosen.entity_id


@pytest.mark.parametrize("text, width", [
    ("A short line.", 20),
    ("one two three four five six seven eight nine ten eleven twelve", 16),
    ("  leading spaces then words and more words here", 12),
    ("averyveryverylongwordthatmustbefolded then short", 10),
    ("Title\n\nFirst paragraph with some words.\n\n\nThird after two blanks.\n", 14),
    ("trailing spaces   \nnext", 10),
])
def test_wrap_lines_agrees_with_rich(text, width):
    from rich._wrap import divide_line

    from tui.article_text import wrap_lines

    starts, ends = wrap_lines(text, width)
    expected_starts, position = [], 0
    for paragraph in text.split("\n"):
        expected_starts += [position + cut for cut in [0, *divide_line(paragraph, width, fold=True)]]
        position += len(paragraph) + 1
    assert starts == expected_starts
    assert all(len(text[s:e]) <= width and text[s:e] == text[s:e].rstrip() for s, e in zip(starts, ends))
