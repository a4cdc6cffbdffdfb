"""The reader's top bar: position in percent, the status always shown, a long title cut with "…"."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from nlp.reading import read_article_file
from reader_support import GatedExtractor, make_app
from tui.top_bar import TopBar

pytestmark = pytest.mark.anyio

LONG_TITLE = ("The Very Long Title of an Article About the Negotiations Between the Government "
              "and the Opposition in the Northern Provinces")


class NoNames:
    """An extractor that finds no names (no model needed)."""

    def extract(self, texts, batch_size: int = 16):
        from nlp.raw import RawDoc

        for _ in texts:
            yield RawDoc([], [])


def screen_line(app, y: int) -> str:
    return "".join(segment.text for segment in app.screen._compositor.render_strips()[y])


@pytest.mark.model
async def test_top_bar_shows_the_position_like_less(library):
    app = make_app(library, article_id=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        first = screen_line(app, 0)
        assert first.rstrip().endswith("%") and "names" in first
        at_top = int(first.split()[-1].rstrip("%"))
        assert 0 < at_top < 50
        await pilot.press("space")
        await pilot.pause()
        assert at_top < int(screen_line(app, 0).split()[-1].rstrip("%")) < 100
        await pilot.press("G")
        await pilot.pause()
        assert screen_line(app, 0).rstrip().endswith(" 100%")
        await pilot.press("g")
        await pilot.pause()
        assert screen_line(app, 0).rstrip().endswith(f" {at_top}%")


@pytest.mark.parametrize("width", [80, 60, 40])
async def test_a_long_title_is_cut_and_the_status_stays(tmp_path, width):
    path = tmp_path / "long.txt"
    path.write_text(f"{LONG_TITLE}\n\nSome text about the talks.\n", encoding="utf-8")
    gated = GatedExtractor(NoNames())
    app = make_app(tmp_path / "library", source=read_article_file(path), extractor=gated)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        line = screen_line(app, 0)
        assert cell_len(line) == width
        assert "finding names…" in line and "%" in line
        assert "The Very Long" in line and "…  " in line  # cut, then the status after it
        gated.gate.set()
        await app.workers.wait_for_complete()


@pytest.mark.parametrize("room, title, source, status, expected", [
    (60, "Short title", "/home/x/a.txt", "3 names", "Short title  /home/x/a.txt · 3 names"),
    (30, "Short title", "/home/x/very/long/path/a.txt", "3 names", "Short title  3 names"),
    (36, "Short title", "/home/x/very/long/path/a.txt", "3 names", "Short title  /home/x/very… · 3 names"),
    (20, "A title far too long for the bar", None, "3 names", "A title fa…  3 names"),
    (20, "A title far too long for the bar", None, "", "A title far too lon…"),
])
def test_left_part_fits_the_room(room, title, source, status, expected):
    bar = TopBar()
    bar.show(title, status, source)
    assert bar.left_part(room).plain == expected
