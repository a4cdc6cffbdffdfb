"""The reader's correction keys (r t m s x u, with the dossier open): each correction shows at once
in the article's highlights, the dossier and the top bar, and its undo puts them back.

On the hand-written library of :mod:`corrections_support` (no model)."""

from __future__ import annotations

import pytest

from corrections_support import hand_written_library
from reader_support import make_app, record_notifications
from tui.article_view import ArticleView
from tui.confirm import ConfirmScreen
from tui.corrections_screen import CorrectionsScreen
from tui.correct_dialogs import ChoiceDialog, EntityFinder, NameDialog
from tui.dossier_panel import DossierPanel
from tui.key_bar import KeyBar
from tui.reader_screen import ReaderScreen
from textual.widgets import Static

pytestmark = pytest.mark.anyio

LION, SON, MINES = 1, 2, 3
"""Article ids of corrections_support.ARTICLES."""


@pytest.fixture
def library(tmp_path):
    return hand_written_library(tmp_path)


async def settled(app, pilot) -> None:
    """The keys' messages handled, the workers they started done, and their results shown."""
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def highlights(app) -> list[tuple[str, str]]:
    """(text, library name as the article knows it) of each highlight, in order."""
    view = app.screen.query_one(ArticleView)
    entities = app.screen.article.entities
    return [(view.text[h.start:h.end], entities[h.entity_id].name) for h in view.all_highlights]


def header(app) -> str:
    """The dossier's header as shown."""
    return str(app.screen.query_one(DossierPanel).header.content)


def top_bar(app) -> str:
    return str(app.screen.query_one("#topbar").render())


async def open_dossier_on(app, pilot, text: str) -> None:
    """Tab to the mention reading *text* and open its dossier (Enter)."""
    view = app.screen.query_one(ArticleView)
    for _ in range(len(view.highlights)):
        await pilot.press("tab")
        if view.text[view.current.start:view.current.end] == text:
            break
    assert view.text[view.current.start:view.current.end] == text
    await pilot.press("enter")
    await settled(app, pilot)


async def undo(app, pilot) -> None:
    await pilot.press("u")
    await settled(app, pilot)


async def test_rename_then_undo(library):
    app = make_app(library, article_id=LION)
    async with app.run_test(size=(110, 30)) as pilot:
        await settled(app, pilot)
        await open_dossier_on(app, pilot, "Panjshir")
        shown = record_notifications(app)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, NameDialog)
        assert app.screen.query_one("#name").value == "Panjshir"
        await pilot.press("ctrl+u", *"Panjshir Valley", "enter")  # ctrl+u: clear the input
        await settled(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert ("Panjshir", "Panjshir Valley") in highlights(app)
        assert header(app).startswith("Panjshir Valley  Place")
        assert "Also: Panjshir" in header(app)
        assert any("Renamed" in message and "Panjshir Valley" in message for _, message in shown)
        await undo(app, pilot)
        assert ("Panjshir", "Panjshir") in highlights(app)
        assert header(app).startswith("Panjshir  Place")
        assert any(message.startswith("Undone: Renamed") for _, message in shown)


async def test_change_type_then_undo(library):
    app = make_app(library, article_id=LION)
    async with app.run_test(size=(110, 30)) as pilot:
        await settled(app, pilot)
        await open_dossier_on(app, pilot, "Northern Alliance")
        assert header(app).startswith("Northern Alliance  Organisation")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press(*"jjjj")  # from Organisation (ORG) down to Nationality, religious or political group (NORP)
        await pilot.press("enter")
        await settled(app, pilot)
        assert header(app).startswith("Northern Alliance  Nationality, religious or political group")
        view = app.screen.query_one(ArticleView)
        assert [h.label for h in view.all_highlights if view.text[h.start:h.end] == "Northern Alliance"] == ["NORP"]
        await undo(app, pilot)
        assert header(app).startswith("Northern Alliance  Organisation")
        assert [h.label for h in view.all_highlights if view.text[h.start:h.end] == "Northern Alliance"] == ["ORG"]


async def test_merge_into_a_name_found_by_fuzzy_spelling_then_undo(library):
    app = make_app(library, article_id=MINES)
    async with app.run_test(size=(110, 30)) as pilot:
        await settled(app, pilot)
        assert "4 names" in top_bar(app)
        await open_dossier_on(app, pilot, "Badakhshan")
        await pilot.press("m")
        await settled(app, pilot)
        assert isinstance(app.screen, EntityFinder)
        found = app.screen.query_one("#found")
        listed = [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]
        assert listed[:4] == [f"{name}  {kind} · in this article" for name, kind in
                              (("Kabul", "Place"), ("Panjshir", "Place"), ("Will", "Person"))] + [listed[3]]
        assert all("Badakhshan" not in line for line in listed)  # not itself
        await pilot.press("down")  # the list's cursor moves while the keyboard is in the query
        assert found.highlighted == 1
        await pilot.press(*"fayzabad")  # spelt otherwise: found by the fuzzy matcher
        await settled(app, pilot)
        assert str(found.get_option_at_index(0).prompt).startswith("Faizabad  Place")
        await pilot.press("enter")
        await settled(app, pilot)
        assert ("Badakhshan", "Faizabad") in highlights(app)
        assert header(app).startswith("Faizabad  Place")
        assert "Also: Badakhshan" in header(app)
        assert "2 in 2 articles" in header(app)
        await undo(app, pilot)
        assert ("Badakhshan", "Badakhshan") in highlights(app)
        assert "4 names" in top_bar(app)


async def test_split_the_mention_under_the_cursor_then_undo(library):
    app = make_app(library, article_id=LION)
    async with app.run_test(size=(110, 30)) as pilot:
        await settled(app, pilot)
        assert "3 names" in top_bar(app)
        await open_dossier_on(app, pilot, "Massoud")
        assert header(app).startswith("Ahmad Shah Massoud")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)  # this mention, or every mention of one alias
        await pilot.press("enter")  # this mention only
        await pilot.pause()
        assert isinstance(app.screen, NameDialog) and app.screen.query_one("#name").value == "Massoud"
        await pilot.press("ctrl+u", *"Ahmad Massoud", "enter")
        await settled(app, pilot)
        assert highlights(app) == [("Ahmad Shah Massoud", "Ahmad Shah Massoud"), ("Northern Alliance", "Northern Alliance"),
                                   ("Massoud", "Ahmad Massoud"), ("Panjshir", "Panjshir")]
        assert header(app).startswith("Ahmad Massoud  Person\n1 here · 1 in 1 article")
        assert "4 names" in top_bar(app)
        await undo(app, pilot)
        assert ("Massoud", "Ahmad Shah Massoud") in highlights(app)
        assert header(app).startswith("Ahmad Shah Massoud")
        assert "3 names" in top_bar(app)


async def test_split_the_mention_under_the_cursor_into_another_name_then_undo(library):
    app = make_app(library, article_id=MINES)
    async with app.run_test(size=(110, 30)) as pilot:
        await settled(app, pilot)
        view = app.screen.query_one(ArticleView)
        await open_dossier_on(app, pilot, "Panjshir")
        await pilot.press("s", "j", "enter")  # this mention, to another name
        await settled(app, pilot)
        assert isinstance(app.screen, EntityFinder)
        await pilot.press(*"badakh")
        await settled(app, pilot)
        await pilot.press("enter")
        await settled(app, pilot)
        panjshir, badakhshan = (next(h.entity_id for h in view.all_highlights if view.text[h.start:h.end] == text)
                                for text in ("Panjshir", "Badakhshan"))
        assert panjshir == badakhshan
        assert header(app).startswith("Badakhshan  Place\n2 here · 2 in 1 article")
        assert "Also: Panjshir" in header(app)
        await undo(app, pilot)
        assert ("Panjshir", "Panjshir") in highlights(app)
        assert header(app).startswith("Panjshir  Place (country, city, state)\n1 here · 2 in 2 articles")


async def test_split_every_mention_of_an_alias_then_undo(library):
    app = make_app(library, article_id=SON)
    async with app.run_test(size=(110, 30)) as pilot:
        await settled(app, pilot)
        view = app.screen.query_one(ArticleView)
        massoud = [h.entity_id for h in view.all_highlights if view.text[h.start:h.end] == "Massoud"]
        await open_dossier_on(app, pilot, "Massoud")
        assert header(app).startswith("Massoud  Person\n1 here · 3 in 2 articles")  # the name this article uses
        await pilot.press("s", *"jjjj")  # this mention (to a new name, to another), every "Ahmad Shah
        await pilot.press("enter")        # Massoud" (the same two), then every "Massoud" to a new name
        await pilot.pause()
        assert app.screen.query_one("#name").value == "Massoud"
        await pilot.press("enter")
        await settled(app, pilot)
        assert [h.entity_id for h in view.all_highlights if view.text[h.start:h.end] == "Massoud"] != massoud
        assert header(app).startswith("Massoud  Person\n1 here · 2 in 2 articles")
        await undo(app, pilot)
        assert [h.entity_id for h in view.all_highlights if view.text[h.start:h.end] == "Massoud"] == massoud
        assert header(app).startswith("Massoud  Person\n1 here · 3 in 2 articles")  # the name this article uses


async def test_not_a_name_asks_first_then_the_highlight_goes_and_undo_brings_it_back(library):
    app = make_app(library, article_id=MINES)
    async with app.run_test(size=(110, 30)) as pilot:
        await settled(app, pilot)
        await open_dossier_on(app, pilot, "Will")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settled(app, pilot)
        assert ("Will", "Will") in highlights(app)
        await pilot.press("x", "y")
        await settled(app, pilot)
        assert [text for text, _ in highlights(app)] == ["Badakhshan", "Panjshir", "Kabul"]
        assert "3 names" in top_bar(app)
        assert header(app) == "This name is no longer in the library."
        await undo(app, pilot)
        assert ("Will", "Will") in highlights(app)
        assert "4 names" in top_bar(app)


async def test_not_a_name_can_be_limited_to_the_type_of_the_name(library):
    from nlp.index import open_index

    app = make_app(library, article_id=MINES)
    async with app.run_test(size=(110, 30)) as pilot:
        await settled(app, pilot)
        await open_dossier_on(app, pilot, "Will")
        await pilot.press("x")
        await pilot.pause()
        assert "t  only as Person (PERSON)" in str(app.screen.query(Static).last().render())
        await pilot.press("t")
        await settled(app, pilot)
        assert [text for text, _ in highlights(app)] == ["Badakhshan", "Panjshir", "Kabul"]
    with open_index(library) as index:
        assert [(c.kind, c.arguments["text"], c.arguments["label"]) for c in index.corrections()] == [
            ("not-a-name", "Will", "PERSON")]


async def test_a_refused_correction_is_one_line_and_changes_nothing(library):
    app = make_app(library, article_id=MINES)
    async with app.run_test(size=(110, 30)) as pilot:
        await settled(app, pilot)
        shown = record_notifications(app)
        await open_dossier_on(app, pilot, "Will")
        view = app.screen.query_one(ArticleView)
        before = [(h.start, h.entity_id) for h in view.all_highlights]
        await undo(app, pilot)  # nothing to undo yet
        await pilot.press("s")  # one mention, no alias: this mention to a new name, or to another
        await pilot.pause()
        await pilot.press("enter", "enter")
        await settled(app, pilot)
        assert shown[0] == ("Not corrected", "no correction to undo")
        assert shown[1][0] == "Not corrected" and "that is every mention of" in shown[1][1]
        assert len(shown) == 2 and all("\n" not in message for _, message in shown)
        assert isinstance(app.screen, ReaderScreen)
        assert [(h.start, h.entity_id) for h in view.all_highlights] == before
        assert header(app).startswith("Will  Person")


async def test_the_correction_keys_show_only_with_the_dossier_open(library):
    app = make_app(library, article_id=LION)
    async with app.run_test(size=(160, 30)) as pilot:
        await settled(app, pilot)
        bar = app.screen.query_one(KeyBar)
        assert not {"r", "t", "m", "s", "x", "u"} & {key.key for key in bar._keys}  # the keys as drawn
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)  # r does nothing with the dossier closed
        await open_dossier_on(app, pilot, "Panjshir")
        assert {"r", "t", "m", "s", "x", "u"} <= {key.key for key in bar._keys}
        assert all(key in bar.render().plain for key in (" r Rename", " t Type", " m Merge", " s Split",
                                                          " x Not a name", " u Undo"))
        await pilot.press("escape", "escape")  # leave, then close the dossier
        await pilot.pause()
        assert not {"r", "t", "m", "s", "x", "u"} & {key.key for key in bar._keys}


async def test_the_name_browser_lists_corrections_and_undoes_one_and_the_reader_shows_it(library):
    app = make_app(library, article_id=LION)
    async with app.run_test(size=(110, 30)) as pilot:
        await settled(app, pilot)
        await open_dossier_on(app, pilot, "Panjshir")
        await pilot.press("r", "ctrl+u", *"Panjshir Valley", "enter")
        await settled(app, pilot)
        await open_dossier_on(app, pilot, "Northern Alliance")
        await pilot.press("r", "ctrl+u", *"United Front", "enter")
        await settled(app, pilot)
        assert ("Panjshir", "Panjshir Valley") in highlights(app)
        await pilot.press("e")
        await settled(app, pilot)
        names = app.screen
        assert "Panjshir Valley" in [e.name for e in names.entities]
        await pilot.press("c")
        await settled(app, pilot)
        assert isinstance(app.screen, CorrectionsScreen)
        table = app.screen.table
        assert [table.get_row_at(i)[1] for i in range(table.row_count)] == ["rename", "rename"]
        assert "United Front" in str(table.get_row_at(0)[2])  # newest first
        await pilot.press("down", "u")  # the older one: it touched other names, so it can be undone
        await settled(app, pilot)
        assert table.get_row_at(1)[3] == "undone" and table.get_row_at(0)[3] == ""
        await pilot.press("u")  # already undone: only the bell
        await pilot.press("escape")
        await settled(app, pilot)
        assert "Panjshir" in [e.name for e in names.entities] and "Panjshir Valley" not in [e.name for e in names.entities]
        await pilot.press("escape")
        await settled(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert ("Panjshir", "Panjshir") in highlights(app)
        assert ("Northern Alliance", "United Front") in highlights(app)
