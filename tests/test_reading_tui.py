"""Reading state in the reader and the library, as a person uses them (Pilot): unread in bold
and counted, the filter words and keys, n / p through the unread articles, the place an article
was left, stars, summaries, following a name and the dossier's timeline."""

from __future__ import annotations

import pytest
from reading_support import build_reading_library, entity_id

from nlp.index import open_index
from reader_support import make_app, record_notifications
from tui.article_view import ArticleView
from tui.dossier_panel import DossierPanel
from tui.library_screen import LibraryScreen
from tui.names_screen import DossierScreen, NamesScreen
from tui.reader_screen import ReaderScreen
from tui.timeline_strip import TimelineStrip
from tui.top_bar import TopBar

pytestmark = pytest.mark.anyio


@pytest.fixture
def folder(tmp_path):
    return build_reading_library(tmp_path / "library")


async def settled(app, pilot) -> None:
    """The keys' messages handled, the workers they started done and their results shown."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def top_bar(app) -> str:
    screen = app.screen
    if isinstance(screen, ReaderScreen):
        return screen.query_one(TopBar).render().plain
    return str(screen.query_one("#topbar").render())


def state(folder, article_id: int):
    with open_index(folder) as index:
        return index.reading_state(article_id)


def bold_titles(screen: LibraryScreen) -> list[str]:
    table = screen.table
    cells = [table.get_cell_at((row, 0)) for row in range(table.row_count)]
    return [cell.plain for cell in cells if cell.style is not None and cell.style.bold]


async def open_from_library(app, pilot, query: str, row: int = 0) -> ReaderScreen:
    await settled(app, pilot)
    if query:
        await pilot.press("slash", *query, "enter")
        await settled(app, pilot)
    for _ in range(row):
        await pilot.press("down")
    await pilot.press("enter")
    await settled(app, pilot)
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


# --- unread --------------------------------------------------------------------------------

async def test_the_library_shows_unread_articles_bold_and_counts_them(folder):
    with open_index(folder) as index:
        index.mark_read(5)
    app = make_app(folder)
    async with app.run_test(size=(100, 24)) as pilot:
        await settled(app, pilot)
        screen = app.screen
        assert "6 of 6 articles · 5 unread" in top_bar(app)
        assert bold_titles(screen) == ["Winter roads", "Markets reopen", "Talks in Kabul", "Floods in the north",
                                       "Massoud returns to the valley"]
        await pilot.press("slash", *"massoud")
        await settled(app, pilot)
        assert "2 of 6 articles · 1 unread" in top_bar(app)


async def test_opening_an_article_marks_it_read(folder):
    app = make_app(folder)
    async with app.run_test(size=(100, 24)) as pilot:
        reader = await open_from_library(app, pilot, "", row=1)
        assert reader.article.title == "Massoud speaks in Paris"
        assert state(folder, 5).read_at is not None and state(folder, 6).read_at is None
        await pilot.press("escape")
        await settled(app, pilot)
        assert "6 of 6 articles · 5 unread" in top_bar(app)
        assert "Massoud speaks in Paris" not in bold_titles(app.screen)


async def test_the_unread_key_and_filter_words_narrow_the_library(folder):
    massoud = entity_id(folder, "Ahmad Massoud")
    with open_index(folder) as index:
        index.mark_read(6)
        index.set_starred(2, True)
        index.follow(massoud)
    app = make_app(folder)
    async with app.run_test(size=(100, 24)) as pilot:
        await settled(app, pilot)
        screen = app.screen
        await pilot.press("u")
        await settled(app, pilot)
        assert screen.filter_box.value == "is:unread"
        assert "Winter roads" not in [a.title for a in screen.articles] and len(screen.articles) == 5
        await pilot.press("u")
        await settled(app, pilot)
        assert screen.filter_box.value == "" and len(screen.articles) == 6
        for query, titles in (("is:starred", ["Floods in the north"]),
                              ("feed:wire", ["Markets reopen", "Talks in Kabul"]),
                              ("is:followed paris", ["Massoud speaks in Paris"])):
            screen.filter_box.value = query
            await settled(app, pilot)
            assert [a.title for a in screen.articles] == titles, query
        assert "1 of 6 articles · 1 unread" in top_bar(app)


async def test_the_star_key_stars_the_article_under_the_cursor(folder):
    app = make_app(folder)
    async with app.run_test(size=(100, 24)) as pilot:
        await settled(app, pilot)
        await pilot.press("down", "asterisk")
        await settled(app, pilot)
        assert state(folder, 5).starred
        screen = app.screen
        assert [str(screen.table.get_cell_at((row, 0))) for row in range(3)] == [
            "Winter roads", "* Massoud speaks in Paris", "Markets reopen"]
        await pilot.press("asterisk")
        await settled(app, pilot)
        assert not state(folder, 5).starred


# --- n and p -------------------------------------------------------------------------------

async def test_n_and_p_step_through_the_unread_articles_of_the_library_s_filter(folder):
    with open_index(folder) as index:
        index.mark_read(1)
        index.follow(entity_id(folder, "Ahmad Massoud"))
    app = make_app(folder)
    shown = record_notifications(app)
    async with app.run_test(size=(100, 24)) as pilot:
        reader = await open_from_library(app, pilot, "is:followed")
        assert reader.article.title == "Massoud speaks in Paris"
        await pilot.press("n")
        await settled(app, pilot)
        assert app.screen.article.title == "Talks in Kabul"
        await pilot.press("n")  # "Massoud returns to the valley" was read already
        await settled(app, pilot)
        assert app.screen.article.title == "Talks in Kabul"
        assert ("", "No next unread article in this filter") in shown
        await pilot.press("p")  # the one before was read when it was opened
        await settled(app, pilot)
        assert ("", "No previous unread article in this filter") in shown
        await pilot.press("escape")  # back to the library, its filter as it was
        await settled(app, pilot)
        assert isinstance(app.screen, LibraryScreen) and app.screen.filter_box.value == "is:followed"
        assert "3 of 6 articles · 0 unread" in top_bar(app)


async def test_n_steps_through_the_matches_while_a_search_is_on(folder):
    app = make_app(folder, article_id=3)
    async with app.run_test(size=(100, 24)) as pilot:
        await settled(app, pilot)
        await pilot.press("slash", *"paragraph", "enter")
        await settled(app, pilot)
        reader = app.screen
        assert reader.match_index == 0
        await pilot.press("n", "n", "N")
        assert app.screen is reader and reader.match_index == 1
        assert "n Next match" in reader.query_one("KeyBar").render().plain
        await pilot.press("escape")  # ends the search; n goes to the next unread article
        await pilot.pause()
        assert not reader.matches and "n Next unread" in reader.query_one("KeyBar").render().plain
        await pilot.press("n")
        await settled(app, pilot)
        assert app.screen.article.title == "Floods in the north"


# --- where it was left ---------------------------------------------------------------------

async def test_an_article_reopens_where_it_was_left(folder):
    app = make_app(folder)
    async with app.run_test(size=(100, 24)) as pilot:
        reader = await open_from_library(app, pilot, "")
        await pilot.press("space", "space", "j")
        await pilot.pause()
        top = reader.query_one(ArticleView).top_offset
        assert top > 0
        await pilot.press("escape")
        await settled(app, pilot)
        assert state(folder, 6).position == top
        reader = await open_from_library(app, pilot, "")
        assert reader.query_one(ArticleView).top_offset == top
        assert reader.query_one(ArticleView).scroll_offset.y > 0


async def test_quitting_keeps_the_place(folder):
    app = make_app(folder, article_id=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(app, pilot)
        await pilot.press("G")
        await pilot.pause()
        top = app.screen.query_one(ArticleView).top_offset
        await pilot.press("q")
    assert top > 0 and state(folder, 2).position == top
    app = make_app(folder, article_id=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(app, pilot)
        assert app.screen.query_one(ArticleView).top_offset == top


async def test_keys_typed_before_the_place_is_restored_keep_their_scroll(folder, monkeypatch):
    with open_index(folder) as index:
        index.save_position(2, 4000)
    deferred = []
    opened = ReaderScreen._opened
    monkeypatch.setattr(ReaderScreen, "_opened", lambda screen, restore: deferred.append((screen, restore)))
    app = make_app(folder, article_id=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(app, pilot)
        await pilot.press("space")  # typed ahead: handled before the saved place is read
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        top = view.top_offset
        opened(*deferred[0])
        await pilot.pause()
        assert view.top_offset == top > 0
        await pilot.press("q")
    assert state(folder, 2).position == top


async def test_an_article_opened_at_a_mention_shows_the_mention_not_the_old_place(folder):
    with open_index(folder) as index:
        index.save_position(3, 2000)
        start = index.article(3).text.index("Kabul was there")
    app = make_app(folder)
    async with app.run_test(size=(100, 24)) as pilot:
        await settled(app, pilot)
        app.open_article(3, start)
        await settled(app, pilot)
        view = app.screen.query_one(ArticleView)
        assert view.scroll_offset.y == 0 and view.current.start == start


# --- stars and summaries -------------------------------------------------------------------

async def test_the_reader_stars_the_article(folder):
    app = make_app(folder, article_id=4)
    async with app.run_test(size=(100, 24)) as pilot:
        await settled(app, pilot)
        assert "starred" not in top_bar(app)
        await pilot.press("asterisk")
        await pilot.pause()
        assert "* starred" in top_bar(app) and state(folder, 4).starred
        await pilot.press("asterisk")
        await pilot.pause()
        assert "starred" not in top_bar(app) and not state(folder, 4).starred


async def test_a_summary_says_so_and_o_opens_its_link(folder):
    with open_index(folder) as index:
        index.conn.execute("UPDATE articles SET summary_only = 1, url = 'https://wire.example/markets' WHERE id = 4")
    app = make_app(folder, article_id=4)
    opened = []
    app.open_url = lambda url, **kwargs: opened.append(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(app, pilot)
        assert "summary only: o opens the link" in top_bar(app)
        await pilot.press("o")
        await pilot.pause()
        assert opened == ["https://wire.example/markets"]


# --- following -----------------------------------------------------------------------------

async def open_dossier(app, pilot, name: str) -> DossierPanel:
    article = app.screen.article
    app.screen.jump_to_entity(next(e.entity_id for e in article.entities.values() if e.name == name))
    await settled(app, pilot)
    return app.screen.query_one(DossierPanel)


async def test_f_in_the_dossier_follows_the_name_and_the_browser_lists_it_first(folder):
    kabul = entity_id(folder, "Kabul")
    app = make_app(folder, article_id=3)
    async with app.run_test(size=(120, 30)) as pilot:
        await settled(app, pilot)
        await pilot.press("f")  # the dossier is closed: f pages down, as in less
        await pilot.pause()
        assert app.screen.query_one(ArticleView).scroll_offset.y > 0
        panel = await open_dossier(app, pilot, "Kabul")
        assert "following" not in str(panel.header.content)
        await pilot.press("f")
        await pilot.pause()
        assert str(panel.header.content).startswith("Kabul  Place (country, city, state)  ● following\n")
        with open_index(folder) as index:
            assert [e.id for e in index.followed()] == [kabul]
        await pilot.press("e")
        await settled(app, pilot)
        names = app.screen
        assert isinstance(names, NamesScreen)
        assert names.table.get_cell_at((0, 0)).plain == "● Kabul"
        assert "1 followed" in top_bar(app)
        await pilot.press("enter")
        await settled(app, pilot)
        assert isinstance(app.screen, DossierScreen)
        await pilot.press("f")
        await pilot.pause()
        with open_index(folder) as index:
            assert index.followed() == []
        await pilot.press("escape")
        await settled(app, pilot)
        assert not names.followed and not names.table.get_cell_at((0, 0)).plain.startswith("●")


# --- the timeline --------------------------------------------------------------------------

async def test_the_timeline_lists_the_articles_of_a_period(folder):
    app = make_app(folder, article_id=3)
    async with app.run_test(size=(120, 30)) as pilot:
        await settled(app, pilot)
        panel = await open_dossier(app, pilot, "Ahmad Massoud")
        strip = panel.query_one(TimelineStrip)
        assert strip.days == [("2021-03-02", 1), ("2021-06-11", 1), ("2021-09-05", 1)]
        assert strip.timeline.unit == "week"
        assert "2 Mar 2021 – 5 Sep 2021 · by week" in strip.render().plain
        await pilot.press("d", "left")
        assert strip.has_focus
        assert strip.render().plain.endswith("\u00a0^\nweek of 30 Aug 2021: 1 article")
        await pilot.press("home", "enter")
        await settled(app, pilot)
        rows = [str(option.prompt) for option in panel.rows.options]
        assert any(row.startswith("In week of 1 Mar 2021 (1)") for row in rows)
        assert any(row.startswith("Massoud returns to the valley") for row in rows)
        assert not any(row.startswith("Massoud speaks in Paris") for row in rows)
        assert panel.rows.has_focus
        await pilot.press("escape")  # every other article again
        await pilot.pause()
        rows = [str(option.prompt) for option in panel.rows.options]
        assert any(row.startswith("In other articles (2)") for row in rows)
        assert any(row.startswith("Massoud speaks in Paris") for row in rows)
        assert app.screen.dossier_open


async def test_a_read_only_library_reads_without_keeping_state(folder):
    from nlp.config import Settings
    from tui.app import MarginApp

    app = MarginApp(Settings(data_dir=folder), open_index(folder, read_only=True), article_id=2, cursor_blink=False)
    shown = record_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(app, pilot)
        await pilot.press("space", "asterisk")
        await settled(app, pilot)
        assert shown and shown[-1][0] == "Not starred" and "read-only" in shown[-1][1]
        await pilot.press("q")
    assert state(folder, 2) == (None, 0, False, False)  # not marked read, no place kept, no star
