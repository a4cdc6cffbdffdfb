"""A long article is wrapped once per width: a type toggle, a search, or the dossier opened and
closed again restyle the lines on screen and wrap nothing (``make bench`` times it)."""

from __future__ import annotations

import pytest

import bench_huge
import tui.article_text
import tui.wrapped_view
from reader_support import make_app
from tui.article_view import ArticleView

pytestmark = pytest.mark.anyio


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_keys_on_a_long_article_wrap_nothing_again(tmp_path, monkeypatch):
    library = bench_huge.ensure_huge_library(tmp_path / "library", words=6_000)
    wrapped: list[str] = []
    divide_line = tui.article_text.divide_line

    def counting_divide_line(text, width, fold=True):
        wrapped.append(text)
        return divide_line(text, width, fold=fold)

    monkeypatch.setattr(tui.article_text, "divide_line", counting_divide_line)
    wrap_lines = tui.wrapped_view.wrap_lines  # the name the view calls
    monkeypatch.setattr(tui.wrapped_view, "wrap_lines",
                        lambda text, width: wrapped.append(text) or wrap_lines(text, width))
    app = make_app(library.folder, article_id=library.article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press("tab", "enter")  # the dossier beside: a new width, wrapped once
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert view.highlights and app.screen.query_one("#dossier")
        wrapped.clear()
        people = len(view.highlights)
        await pilot.press("1")
        await settle(app, pilot)
        assert len(view.highlights) < people
        await pilot.press("1", "slash", *"valley", "enter")
        await settle(app, pilot)
        assert app.screen.matches
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.dossier_open
        await pilot.press("escape")
        await settle(app, pilot)
        assert not app.screen.dossier_open
        assert wrapped == []
