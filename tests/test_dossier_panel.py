"""The dossier panel: its rows, paging, and the dossier of every name of the demo library."""

from __future__ import annotations


import pytest
from textual import on
from textual.app import App
from textual.message import Message
from textual.widgets import DataTable, OptionList

from nlp.analysis import analyse
from nlp.config import Settings
from nlp.dossier import Companion, Context, Dossier, OtherArticle, Related, Variant
from nlp.index import open_index
from nlp.index.records import IndexEntity
from nlp.raw import RawDoc
from nlp.raw import RawSpan
from nlp.reading import ArticleInput
from reader_support import copy_library, make_app
from tui.dossier_panel import DossierPanel
from tui.dossier_rows import PAGE, dossier_header, dossier_rows
from tui.names_screen import DossierScreen, NamesScreen

pytestmark = pytest.mark.anyio


def library_with_kabul_in(folder, count: int) -> int:
    with open_index(folder) as index:
        for n in range(count):
            text = f"Report {n}\n\nKabul was quiet on day {n}."
            start = text.index("Kabul")
            analysis = analyse(f"Report {n}", text, RawDoc([RawSpan(start, start + 5, "GPE")]))
            index.add_article(ArticleInput(f"Report {n}", text), analysis)
        return index.top_entities(1)[0].id


async def test_more_row_loads_the_next_page(tmp_path):
    from tui.app import MarginApp

    kabul = library_with_kabul_in(tmp_path, PAGE + 12)
    app = MarginApp(Settings(data_dir=tmp_path), open_index(tmp_path), cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.push_screen(DossierScreen(kabul))
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.screen.query_one(DossierPanel)
        rows = panel.query_one("#dossier-rows")
        assert len(panel.dossier.other_articles) == PAGE
        assert rows.get_option_at_index(0).prompt.plain == f"In other articles ({PAGE + 12})"
        more = next(i for i, option in enumerate(rows.options) if option.id == "more")
        assert "12 more" in rows.get_option_at_index(more).prompt.plain
        rows.highlighted = more
        await pilot.press("enter")
        assert len(panel.dossier.other_articles) == PAGE + 12
        assert all(option.id != "more" for option in rows.options)
        assert len({o.article_id for o in panel.dossier.other_articles}) == PAGE + 12


async def test_holding_tab_with_the_dossier_open_builds_only_the_last_dossier(tmp_path, monkeypatch):
    import nlp.dossier

    cities = ["Kabul", "Herat", "Bamiyan", "Kandahar", "Mazar"]
    text = "Cities\n\n" + " and ".join(cities) + " were quiet."
    spans = [RawSpan(text.index(city), text.index(city) + len(city), "GPE") for city in cities]
    with open_index(tmp_path) as index:
        article_id = index.add_article(ArticleInput("Cities", text), analyse("Cities", text, RawDoc(spans)))
    built: list[int] = []
    real_build = nlp.dossier.build_dossier

    def counting_build(index, entity_id, article=None):
        built.append(entity_id)
        return real_build(index, entity_id, article)

    monkeypatch.setattr(nlp.dossier, "build_dossier", counting_build)
    monkeypatch.setattr(DossierPanel, "COALESCE_S", 0.5)  # Pilot's presses count as a held key on a slow machine
    app = make_app(tmp_path, article_id=article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("tab", "enter")
        await app.workers.wait_for_complete()
        built.clear()
        await pilot.press(*["tab"] * 20)
        await app.workers.wait_for_complete()
        await pilot.pause()
        current = app.screen.query_one("ArticleView").current.entity_id
        assert built == [current]
        assert app.screen.query_one(DossierPanel).dossier.entity.id == current


# --- every row has its own id, and choosing a row does what it says

def biden_dossier() -> Dossier:
    """Joe Biden's dossier, where Hunter Biden is both a possible variant and a companion, and
    a bare "Biden" is a related short form."""
    joe = IndexEntity(1, "Joe Biden", "PERSON", 4, 2)
    here = Context(7, 0, "", "Joe Biden", " met his son.")
    elsewhere = Context(8, 30, "In Delaware, ", "Joe Biden", " spoke.")
    return Dossier(joe, "Joe Biden", "PERSON", ["Biden"], article_id=7, article_length=40, in_article=[here],
                   other_articles=[OtherArticle(8, "Delaware", 1, elsewhere)], other_article_count=1,
                   variants=[Variant(2, "Hunter Biden", "PERSON", 81.0), Variant(3, "Jill Biden", "PERSON", 80.0)],
                   related=[Related(5, "Biden", "PERSON", "short form?")],
                   companions=[Companion(2, "Hunter Biden", "PERSON", 2), Companion(4, "Delaware", "GPE", 1)],
                   companions_among=2)


def test_an_entity_both_variant_and_companion_gets_two_distinct_rows():
    rows = dossier_rows(biden_dossier())
    ids = [row.id for row in rows if row.id is not None]
    assert len(ids) == len(set(ids)) == 7
    hunters = [row for row in rows if row.prompt.plain.startswith("Hunter Biden")]
    assert len(hunters) == 2 and hunters[0].id != hunters[1].id


@pytest.mark.parametrize(("link", "note"), [
    ("fuzzy", "Linked to the library by a similar spelling"),
    ("short", "Linked to the library's full name"),
    ("exact", None),
])
def test_the_header_says_how_a_name_was_linked(link, note):
    dossier = biden_dossier()
    dossier.link = link
    plain = dossier_header(dossier).plain
    assert (note in plain) if note else "Linked" not in plain


class DossierHost(App):
    """The panel alone, recording what it posts."""

    CSS = "#dossier { display: block; }"

    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[Message] = []

    def compose(self):
        yield DossierPanel(id="dossier")

    @on(DossierPanel.MentionChosen)
    @on(DossierPanel.ArticleChosen)
    @on(DossierPanel.EntityChosen)
    def _record(self, message: Message) -> None:
        self.chosen.append(message)


async def test_each_row_of_a_variant_and_companion_dossier_posts_its_choice():
    app = DossierHost()
    async with app.run_test(size=(60, 30)) as pilot:
        panel = app.query_one(DossierPanel)
        panel.show(biden_dossier())
        panel.focus_rows()
        await pilot.pause()
        rows = panel.query_one("#dossier-rows", OptionList)
        for index, option in enumerate(rows.options):
            if not option.disabled:
                rows.highlighted = index
                await pilot.press("enter")
        await pilot.pause()
    assert app.chosen == [DossierPanel.MentionChosen(0), DossierPanel.ArticleChosen(8, 30),
                          DossierPanel.EntityChosen(2), DossierPanel.EntityChosen(3), DossierPanel.EntityChosen(5),
                          DossierPanel.EntityChosen(2), DossierPanel.EntityChosen(4)]


# --- the dossier of every name of the demo library opens

async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def assert_still_running(app) -> None:
    # Textual keeps an unhandled error in the private ``_exception`` and re-raises it only when
    # run_test ends: there is no public way to see it in the middle of a test.
    assert app.is_running and app._exception is None, app._exception


@pytest.mark.model
async def test_every_dossier_of_every_demo_article_opens(demo_library, tmp_path):
    app = make_app(copy_library(demo_library, tmp_path / "library"))
    opened = 0
    async with app.run_test(size=(110, 30)) as pilot:
        for article_id in range(1, 6):
            app.open_article(article_id)
            await settle(app, pilot)
            screen = app.screen
            for entity_id in screen.article.entities:
                screen.jump_to_entity(entity_id)
                await settle(app, pilot)
                assert_still_running(app)
                panel = screen.query_one(DossierPanel)
                assert panel.dossier is not None and panel.dossier.entity.id == entity_id
                assert len(panel.query_one("#dossier-rows", OptionList).options) > 1
                opened += 1
            await pilot.press("escape", "escape")
        assert_still_running(app)
    assert opened > 60


@pytest.mark.model
async def test_every_dossier_of_the_entity_browser_opens(demo_library, tmp_path):
    app = make_app(copy_library(demo_library, tmp_path / "library"))
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("e")
        await settle(app, pilot)
        browser = app.screen
        assert isinstance(browser, NamesScreen) and len(browser.entities) > 60
        for entity in browser.entities:
            await app.push_screen(DossierScreen(entity.id))
            await settle(app, pilot)
            assert_still_running(app)
            assert app.screen.query_one(DossierPanel).dossier.entity.id == entity.id
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is browser
        assert_still_running(app)


@pytest.mark.model
async def test_the_dossier_of_massoud_opens_from_the_filtered_browser(demo_library, tmp_path):
    app = make_app(copy_library(demo_library, tmp_path / "library"))
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("e", "slash", *"massoud", "enter")
        await settle(app, pilot)
        for row in range(app.screen.query_one(DataTable).row_count):
            app.screen.query_one(DataTable).move_cursor(row=row)
            await pilot.press("enter")
            await settle(app, pilot)
            assert_still_running(app)
            assert "Massoud" in app.screen.query_one(DossierPanel).dossier.name
            await pilot.press("escape")
            await pilot.pause()
