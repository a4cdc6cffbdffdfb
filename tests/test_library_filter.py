"""The library's filter reads the index in a worker: keys are handled while it runs, and the
table shows the articles of the latest filter once it is done."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.analysis import analyse
from nlp.index import Index, open_index
from nlp.index.reads import narrowed_listing
from nlp.raw import RawDoc, RawSpan
from nlp.reading import ArticleInput
from reader_support import make_app
from tui import library_screen

pytestmark = pytest.mark.anyio

TITLES = ["Lion of the valley", "Floods in the north", "A lion cub in Kabul"]


@pytest.fixture
def library(tmp_path):
    with open_index(tmp_path) as index:
        for title in TITLES:
            text = f"{title}\n\nKabul was quiet."
            start = text.rindex("Kabul")
            index.add_article(ArticleInput(title, text), analyse(title, text, RawDoc([RawSpan(start, start + 5, "GPE")])))
    return tmp_path


async def test_typing_in_the_filter_never_waits_for_the_index(library, monkeypatch):
    gate = threading.Event()
    list_articles = Index.list_articles

    def slow_list_articles(self, *args, **kwargs):
        assert gate.wait(10), "the test never opened the gate"
        return list_articles(self, *args, **kwargs)

    monkeypatch.setattr(Index, "list_articles", slow_list_articles)
    app = make_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("slash", *"lion")
        screen = app.screen
        assert screen.filter_box.value == "lion"  # the keys were handled while the index was read
        assert screen.listed_query is None
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.listed_query == "lion"
        assert sorted(article.title for article in screen.articles) == ["A lion cub in Kabul", "Lion of the valley"]
        assert screen.table.row_count == 2


@pytest.fixture
def long_library(tmp_path):
    """Twelve articles, so that pages of five show paging."""
    with open_index(tmp_path, clock=lambda: "2026-02-01T10:00:00+00:00") as index:
        for number in range(12):
            title = f"Report {number} from {'Kabul' if number % 4 else 'Herat'}"
            index.add_article(ArticleInput(title, f"{title}\n\nText."), analyse(title, f"{title}\n\nText.", RawDoc([])))
    return tmp_path


async def test_the_table_reads_more_articles_as_the_cursor_nears_its_end(long_library, monkeypatch):
    monkeypatch.setattr(library_screen, "PAGE_ROWS", 5)
    monkeypatch.setattr(library_screen, "LOAD_AHEAD", 2)
    app = make_app(long_library)
    async with app.run_test(size=(100, 24)) as pilot:
        screen = app.screen
        await settled(app, pilot)
        assert screen.table.row_count == 5 and "12 of 12 articles" in top_bar(screen)
        await pilot.press("down", "down", "down")  # the fourth row of five: two rows from the end
        await settled(app, pilot)
        assert screen.table.row_count == 10
        await pilot.press("pagedown")
        await settled(app, pilot)
        assert [a.title for a in screen.articles] == [f"Report {n} from {'Kabul' if n % 4 else 'Herat'}"
                                                      for n in range(11, -1, -1)]
        assert screen.table.row_count == 12 and not screen.more


async def test_the_filter_counts_every_match_beyond_the_first_page(long_library, monkeypatch):
    monkeypatch.setattr(library_screen, "PAGE_ROWS", 5)
    monkeypatch.setattr(library_screen, "LOAD_AHEAD", 2)
    app = make_app(long_library)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("slash", *"kabul")
        await settled(app, pilot)
        screen = app.screen
        assert screen.table.row_count == 5 and screen.more
        assert "9 of 12 articles" in top_bar(screen)


def top_bar(screen) -> str:
    return str(screen.query_one("#topbar").render())


async def settled(app, pilot) -> None:
    """Once the keys' messages are handled, the workers they started are done and their results shown."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_every_cell_shows_outside_text_literally_and_cut_to_its_column(tmp_path):
    title = "A very long title from a feed that keeps going well past the column's width [b]"
    with open_index(tmp_path) as index:
        index.add_article(ArticleInput(title, f"{title}\n\nNothing.", site="[red]Wire[/]", published="[b]2026[/b]-11"),
                          analyse(title, f"{title}\n\nNothing.", RawDoc([])))
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        row = [str(value) for value in screen.table.get_row_at(0)]
        assert row[1:3] == ["[red]Wire[/]", "[b]2026[/b"]  # markup in outside text is text
        line = next(line for line in screen.table.render_lines(screen.table.region.reset_offset)
                    if "A very long title" in line.text)
        assert "[red]Wire[/]" in line.text and "[b]2026[/b" in line.text
        assert "…" in line.text and "width [b]" not in line.text


async def test_typing_that_narrows_a_complete_listing_does_not_read_the_index_again(long_library, monkeypatch):
    monkeypatch.setattr(library_screen, "PAGE_ROWS", 5)
    reads = []
    list_articles = Index.list_articles
    monkeypatch.setattr(Index, "list_articles", lambda self, words="", *a, **k: (reads.append(words),
                                                                                list_articles(self, words, *a, **k))[1])
    app = make_app(long_library)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("slash", *"her")  # "h", "he": more than a page matches; "her": three
        await settled(app, pilot)
        screen = app.screen
        assert not screen.more and len(screen.articles) == 3
        reads.clear()
        await pilot.press(*"at", "space", "8")
        await settled(app, pilot)
        assert reads == []
        assert screen.listed_query == "herat 8" and [a.title for a in screen.articles] == ["Report 8 from Herat"]
        assert "1 of 12 articles" in top_bar(screen)
        await pilot.press("backspace")  # "herat ": widens the filter, so the index is read
        await settled(app, pilot)
        assert reads == ["herat "] and len(screen.articles) == 3


LISTED_WORDS = ["", "ka", "Kab", "KABUL", "rep", "2", "ort 1", "%", "_", "1_", "é", "É", "kab rep", "x"]
MORE_WORDS = ["", "u", "ul", "l", "1", "0", "% 1", "_", "abul", "É", "ép", " herat", " report 1"]


@given(listed=st.sampled_from(LISTED_WORDS), more=st.sampled_from(MORE_WORDS), split=st.booleans())
@settings(max_examples=150, deadline=None)
def test_narrowing_in_memory_lists_what_the_index_lists(varied_library, listed, more, split):
    """The listing narrowed in memory is the index's own listing, for every filter it narrows."""
    index = varied_library
    words = f"{listed} {more}" if split else listed + more
    narrowed = narrowed_listing(index.list_articles(listed), listed, words)
    if narrowed is not None:
        assert narrowed == index.list_articles(words)
    if words.lower().startswith(listed.lower()) and " " not in listed.strip():
        assert narrowed is not None


@pytest.fixture(scope="module")
def varied_library(tmp_path_factory):
    """Titles and origins with ASCII and other capitals, LIKE's wildcards, and no site."""
    folder = tmp_path_factory.mktemp("varied")
    articles = [("Report 1 from Kabul", "BBC", None, None), ("KABUL 10% up", None, "https://ex.com/k_1", None),
                ("Étés à Kabul", "Le Monde", None, None), ("report_12", None, None, "/tmp/Report-2.md"),
                ("Herat, not the capital", "", "https://ex.com/kabul", None), ("é 1", None, None, None)]
    with open_index(folder) as index:
        for title, site, url, path in articles:
            text = f"{title}\n\nText."
            index.add_article(ArticleInput(title, text, site=site, url=url, path=path), analyse(title, text, RawDoc([])))
    index = open_index(folder)
    yield index
    index.close()
