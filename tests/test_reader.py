"""The reader as a person uses it, through Textual's Pilot."""

from __future__ import annotations


import pytest

from nlp.reading import read_article_file
from reader_support import FailingExtractor, GatedExtractor, entity_named, make_app, record_notifications
from tui.article_view import ArticleView
from tui.dossier_panel import DossierPanel
from tui.names_screen import DossierScreen, NamesScreen
from tui.help_screen import HelpScreen
from tui.library_screen import LibraryScreen
from tui.reader_screen import ReaderScreen

pytestmark = [pytest.mark.anyio, pytest.mark.model]


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def visible_text(view: ArticleView) -> str:
    return "\n".join("".join(seg.text for seg in view.render_line(y)) for y in range(view.size.height))


async def test_indexed_article_opens_highlighted(library):
    app = make_app(library, article_id=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        assert isinstance(app.screen, ReaderScreen)
        names = {view.text[h.start:h.end] for h in view.highlights}
        assert {"Amrullah Saleh", "Saleh", "Taliban", "National Resistance Front", "NRF"} <= names
        assert "Resistance in 2021" in visible_text(view)


@pytest.mark.parametrize("keys, moved", [
    (["j"], 1), (["down"], 1), (["j", "j", "k"], 1), (["space"], 20), (["pagedown"], 20),
    (["G"], "end"), (["end"], "end"), (["G", "g"], 0), (["G", "home"], 0), (["space", "b"], 0),
])
async def test_scroll_keys(library, keys, moved):
    app = make_app(library, article_id=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press(*keys)
        expected = view.max_scroll_y if moved == "end" else moved
        if moved == 20:
            assert view.scroll_offset.y >= view.scrollable_content_region.height - 2 > 5
        else:
            assert view.scroll_offset.y == expected


@pytest.mark.parametrize("keys, index", [
    (["tab"], 0), (["tab", "tab"], 1), (["right_square_bracket", "right_square_bracket"], 1),
    (["tab", "tab", "shift+tab"], 0), (["tab", "tab", "left_square_bracket"], 0),
])
async def test_entity_navigation(library, keys, index):
    app = make_app(library, article_id=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press(*keys)
        assert view.cursor == index
        assert view.current == view.highlights[index]


async def test_tab_starts_from_the_page_on_screen(library):
    app = make_app(library, article_id=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press("space", "space", "tab")
        top = view.line_start(view.scroll_offset.y)
        assert view.current.start >= view.line_start(max(0, view.scroll_offset.y - 2))
        assert view.cursor > 3 and top > 0


async def test_enter_opens_dossier_and_escape_closes_it(library):
    app = make_app(library, article_id=2)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        view = screen.query_one(ArticleView)
        saleh = next(i for i, h in enumerate(view.highlights) if view.text[h.start:h.end] == "Amrullah Saleh")
        view.cursor = saleh
        await pilot.press("enter")
        await settle(app, pilot)
        panel = screen.query_one(DossierPanel)
        assert screen.dossier_open and panel.display
        dossier = panel.dossier
        assert dossier.name == "Amrullah Saleh" and dossier.label == "PERSON"
        assert "Saleh" in dossier.aliases
        assert len(dossier.in_article) == 3
        assert [c.name for c in dossier.in_article] == ["Amrullah Saleh", "Saleh", "Saleh"]
        await pilot.press("escape")
        assert not screen.dossier_open and not panel.display


async def test_dossier_follows_the_cursor(library):
    app = make_app(library, article_id=2)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "enter")
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        first = app.screen.query_one(DossierPanel).dossier.entity.id
        while view.current.entity_id == first:
            await pilot.press("tab")
        await settle(app, pilot)
        assert app.screen.query_one(DossierPanel).dossier.entity.id == view.current.entity_id


async def test_dossier_shows_ambiguity_and_other_articles(library):
    app = make_app(library, article_id=2)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(app, pilot)
        app.screen.jump_to_entity(entity_named(app, "Ahmad Shah Massoud"))
        await settle(app, pilot)
        dossier = app.screen.query_one(DossierPanel).dossier
        assert any(form == "Massoud" and "Ahmad Massoud" in cands for form, cands in dossier.ambiguities)
        assert {o.article_id for o in dossier.other_articles} == {1, 3, 4, 5}
        header = str(app.screen.query_one("#dossier-header").render())
        assert "Ambiguous" in header and "Ahmad Massoud" in header


async def test_choosing_a_mention_jumps_the_article(library):
    app = make_app(library, article_id=1)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(app, pilot)
        app.screen.jump_to_entity(entity_named(app, "Ahmad Shah Massoud"))
        await settle(app, pilot)
        panel = app.screen.query_one(DossierPanel)
        last = panel.dossier.in_article[-1]
        await pilot.press("d")
        rows = panel.query_one("#dossier-rows")
        assert rows.has_focus
        rows.highlighted = next(i for i, o in enumerate(rows.options) if o.id == f"m:{last.start}")
        await pilot.press("enter")
        view = app.screen.query_one(ArticleView)
        assert view.has_focus and view.current.start == last.start
        assert view.scroll_offset.y > 0


async def test_other_article_opens_at_mention_and_back_returns(library):
    app = make_app(library, article_id=2)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(app, pilot)
        first_screen = app.screen
        app.screen.jump_to_entity(entity_named(app, "Ahmad Shah Massoud"))
        await settle(app, pilot)
        panel = app.screen.query_one(DossierPanel)
        other = panel.dossier.other_articles[0]
        await pilot.press("d")
        rows = panel.query_one("#dossier-rows")
        rows.highlighted = next(i for i, o in enumerate(rows.options) if (o.id or "").startswith("a:"))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen is not first_screen
        assert app.screen.article_id == other.article_id
        view = app.screen.query_one(ArticleView)
        assert view.current is not None and view.current.start == other.context.start
        await pilot.press("backspace")
        assert app.screen is first_screen


async def test_search_with_n_and_N(library):
    app = make_app(library, article_id=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("slash", *"valley", "enter")
        assert len(screen.matches) >= 3 and screen.match_index == 0
        await pilot.press("n", "n")
        assert screen.match_index == 2
        await pilot.press("N")
        assert screen.match_index == 1
        view = screen.query_one(ArticleView)
        assert view.line_of(screen.matches[1][0]) in range(view.scroll_offset.y, view.scroll_offset.y + view.size.height)


async def test_escape_cancels_search(library):
    app = make_app(library, article_id=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        assert app.screen.searching
        await pilot.press("escape")
        assert not app.screen.searching and app.screen.query_one(ArticleView).has_focus


async def test_number_keys_hide_a_type(library):
    app = make_app(library, article_id=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        people = sum(1 for h in view.highlights if h.label == "PERSON")
        before = len(view.highlights)
        await pilot.press("1")
        assert len(view.highlights) == before - people
        assert all(h.label != "PERSON" for h in view.highlights)
        await pilot.press("1")
        assert len(view.highlights) == before


async def test_click_on_a_name_opens_its_dossier(library):
    app = make_app(library, article_id=2)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        target = next(h for h in view.highlights if view.text[h.start:h.end] == "Taliban")
        y = view.line_of(target.start)
        x = target.start - view.line_start(y)
        await pilot.click(ArticleView, offset=(x + 1 + 1, y - view.scroll_offset.y))
        await settle(app, pilot)
        assert app.screen.dossier_open
        assert app.screen.query_one(DossierPanel).dossier.name == "Taliban"


async def test_command_palette_jumps_to_entity(library):
    app = make_app(library, article_id=2)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"amrullah")
        await pilot.pause(0.6)
        await pilot.press("enter")
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        assert view.text[view.current.start:view.current.end] == "Amrullah Saleh"
        assert app.screen.query_one(DossierPanel).dossier.name == "Amrullah Saleh"


async def test_help_and_quit(library):
    app = make_app(library, article_id=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("q")
        assert app.return_code == 0


async def test_narrow_terminal_stacks_the_dossier(library):
    app = make_app(library, article_id=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "enter")
        await settle(app, pilot)
        screen = app.screen
        assert screen.has_class("-narrow")
        article, panel = screen.query_one(ArticleView), screen.query_one(DossierPanel)
        assert panel.region.y > article.region.y and panel.region.width >= 70


async def test_library_lists_filters_and_opens(library):
    app = make_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one("#articles")
        assert table.row_count == 5
        await pilot.press("slash", *"emerald")
        assert table.row_count == 1
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen) and "Emeralds" in app.screen.article.title
        await pilot.press("escape")
        assert app.screen is screen


async def test_library_delete_asks_first(library):
    app = make_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#articles")
        await pilot.press("x", "n")
        assert table.row_count == 5
        await pilot.press("x", "y")
        await pilot.pause()
        assert table.row_count == 4 and app.index.article_count() == 4


async def test_entity_browser_opens_a_dossier(library):
    app = make_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        assert isinstance(app.screen, NamesScreen)
        table = app.screen.query_one("#entities")
        assert table.get_row_at(0)[0].plain == "Taliban"
        await pilot.press("slash", *"qaeda", "enter", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DossierScreen)
        dossier = app.screen.query_one(DossierPanel).dossier
        assert dossier.name.casefold().replace("-", " ") == "al qaeda"
        assert len(dossier.other_articles) >= 2


async def test_new_article_shows_text_then_highlights(library, tmp_path, extractor):
    path = tmp_path / "new.txt"
    path.write_text("Kabul Notes\n\nAmrullah Saleh met Ahmad Massoud in Bazarak. Saleh left for Tajikistan.\n")
    gated = GatedExtractor(extractor)
    app = make_app(library, source=read_article_file(path), extractor=gated)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        view = screen.query_one(ArticleView)
        assert view.text.startswith("Kabul Notes") and not view.highlights
        assert "finding names" in str(screen.query_one("#topbar").render())
        await pilot.press("j", "k")
        gated.gate.set()
        await settle(app, pilot)
        assert screen.article_id is not None
        names = {view.text[h.start:h.end] for h in view.highlights}
        assert {"Amrullah Saleh", "Ahmad Massoud", "Bazarak"} <= names
        saleh = next(e for e in screen.article.entities.values() if e.name == "Amrullah Saleh")
        assert saleh.link == "exact"


async def test_markup_in_article_is_shown_literally(library, tmp_path):
    path = tmp_path / "markup.txt"
    path.write_text("Odd [bold red]title[/]\n\nThe text has [link=http://x]a link[/link] and [/] in it.\n")
    app = make_app(library, source=read_article_file(path))
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        shown = visible_text(app.screen.query_one(ArticleView))
        assert "[link=http://x]a link[/link] and [/] in it." in shown
        assert "Odd [bold red]title[/]" in str(app.screen.query_one("#topbar").render())


async def test_extraction_failure_is_reported_not_raised(library, tmp_path):
    path = tmp_path / "new.txt"
    path.write_text("Kabul Notes\n\nAmrullah Saleh met Ahmad Massoud in Bazarak.\n")
    app = make_app(library, source=read_article_file(path), extractor=FailingExtractor())
    async with app.run_test(size=(100, 24)) as pilot:
        for _ in range(20):
            await pilot.pause(0.05)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert "names not highlighted" in str(screen.query_one("#topbar").render())
        assert screen.query_one(ArticleView).text.startswith("Kabul Notes")
        assert app.index.article_count() == 5


async def test_open_a_file_from_the_library(library, tmp_path, extractor):
    good = tmp_path / "fresh.md"
    good.write_text("# Fresh News\n\nAmrullah Saleh arrived in Kabul on Monday.\n")
    app = make_app(library, extractor=extractor)
    shown = record_notifications(app)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("o", *str(tmp_path / "missing.txt"), "enter")
        await settle(app, pilot)
        assert [title for title, _ in shown] == ["Cannot open"]
        assert "no such file" in shown[0][1]
        app.screen.query_one("#location").value = str(good)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.article is not None
        assert app.screen.article.title == "Fresh News"
        assert app.index.article_count() == 6


@pytest.mark.parametrize("location, reason", [
    ("-", "standard input cannot be opened"),
    ("~nosuchuser-margin/a.txt", "nosuchuser"),
])
async def test_open_dialog_refuses_what_it_cannot_read(library, location, reason):
    app = make_app(library)
    shown = record_notifications(app)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("o", *location, "enter")
        await settle(app, pilot)
        messages = [message for _, message in shown]
        assert len(messages) == 1 and reason in messages[0]
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
