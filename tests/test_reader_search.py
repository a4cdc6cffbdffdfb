"""Search in the reader: accents ignored, the current match told apart from the others (also with NO_COLOR)."""

from __future__ import annotations

import pytest

from nlp.reading import read_article_file
from reader_support import FailingExtractor, make_app
from tui.article_view import ArticleView

pytestmark = pytest.mark.anyio

ARTICLE = ("Talks in Madrid\n\n" + "Pedro Sánchez spoke first. " * 3 + "\n\n"
           + "Then SANCHEZ again, and sanchez once more, and Sa\u0301nchez decomposed.\n")


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "madrid.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return read_article_file(path)


def style_at(view: ArticleView, offset: int):
    """The Rich style drawn on the character at *offset* (which must be on screen)."""
    y = view.line_of(offset)
    x = offset - view.line_start(y) + view.scroll_offset.x
    cells = 0
    for segment in view.render_line(y - view.scroll_offset.y):
        cells += len(segment.text)
        if cells > x:
            return segment.style
    raise AssertionError("offset not drawn")


async def search(app, pilot, query: str) -> None:
    await pilot.press("slash", *query, "enter")
    await pilot.pause()


@pytest.mark.parametrize("no_color", [False, True])
async def test_search_ignores_accents_and_shows_the_current_match(tmp_path, article, monkeypatch, no_color):
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app(tmp_path / "library", source=article, extractor=FailingExtractor())
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        view = screen.query_one(ArticleView)
        await search(app, pilot, "sanchez")
        found = [view.text[start:end] for start, end in screen.matches]
        assert found == ["Sánchez"] * 3 + ["SANCHEZ", "sanchez", "Sa\u0301nchez"]
        current, other = screen.matches[0], screen.matches[1]
        assert style_at(view, current[0]) != style_at(view, other[0])
        if no_color:
            assert style_at(view, current[0]).reverse and not style_at(view, other[0]).reverse
            assert style_at(view, other[0]).underline
        current_style, other_style = style_at(view, current[0]), style_at(view, other[0])
        await pilot.press("n")
        assert style_at(view, screen.matches[1][0]) == current_style  # the mark moved on
        assert style_at(view, screen.matches[0][0]) == other_style
