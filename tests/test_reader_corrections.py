"""The reader's correction keys (r t m s x u, with the dossier open): each correction shows at once
in the article's highlights, the dossier and the top bar, and its undo puts them back.

On the hand-written library of :mod:`corrections_support` (no model)."""

from __future__ import annotations

import pytest

from corrections_support import hand_written_library
from reader_support import make_app, record_notifications
from tui.article_view import ArticleView
from tui.confirm import ConfirmScreen
from tui.correct_dialogs import ChoiceDialog, EntityFinder, NameDialog
from tui.dossier_panel import DossierPanel
from tui.key_bar import KeyBar
from tui.reader_screen import ReaderScreen

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
