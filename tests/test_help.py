"""The key help (?): it fits a 40x15 terminal and scrolls with the reader's keys."""

from __future__ import annotations

import pytest

from nlp.reading import read_article_file
from reader_support import FailingExtractor, make_app
from tui.help_screen import KEYS, HelpScreen, HelpText

pytestmark = pytest.mark.anyio


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("A Short Article\n\nA few words.\n", encoding="utf-8")
    return read_article_file(path)


def help_lines(help_text: HelpText) -> list[str]:
    """Every line of the help as drawn at its width (also the lines scrolled out of view)."""
    return ["".join(segment.text for segment in line) for line in help_text.render_lines(help_text.size.region)]


async def test_help_fits_40x15_and_scrolls_with_the_reader_keys(tmp_path, article):
    app = make_app(tmp_path / "library", source=article, extractor=FailingExtractor())
    async with app.run_test(size=(40, 15)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        box = screen.query_one("#help")
        assert screen.region.contains_region(box.region)
        text = " ".join(" ".join(help_lines(screen.query_one(HelpText))).split())
        for _section, keys in KEYS:
            for key, what in keys:
                assert " ".join(key.split()) in text and what in text  # nothing cut off
        assert box.max_scroll_y > 0
        await pilot.press("j", "j")
        assert box.scroll_y == 2
        await pilot.press("k")
        assert box.scroll_y == 1
        await pilot.press("G")
        assert box.scroll_y == box.max_scroll_y
        await pilot.press("g")
        assert box.scroll_y == 0
        await pilot.press("space")
        assert box.scroll_y > 2
        await pilot.press("b")
        assert box.scroll_y == 0
        await pilot.press("down", "end", "up")
        assert box.scroll_y == box.max_scroll_y - 1
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
