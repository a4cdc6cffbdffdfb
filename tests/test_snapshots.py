"""SVG snapshots of the reader's main states (update with: pytest --snapshot-update)."""

from __future__ import annotations

import pytest

from reader_support import build_demo_library, copy_library, entity_named, make_app

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def demo_library(tmp_path_factory, extractor):
    return build_demo_library(tmp_path_factory.mktemp("snapshot-library"), extractor)


@pytest.fixture
def library(demo_library, tmp_path, monkeypatch):
    for name in ("NO_COLOR", "TEXTUAL_THEME", "COLORTERM"):
        monkeypatch.delenv(name, raising=False)
    return copy_library(demo_library, tmp_path / "library")


async def _settle(pilot) -> None:
    """Let workers finish and what they post be shown: a dossier is a worker, then a message,
    then the panel's first mount and layout (one pause was once not enough for all of it)."""
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _open_dossier_of(name: str):
    async def run_before(pilot) -> None:
        await _settle(pilot)
        pilot.app.screen.jump_to_entity(entity_named(pilot.app, name))
        await _settle(pilot)

    return run_before


def test_article(snap_compare, library):
    assert snap_compare(make_app(library, article_id=2), terminal_size=(80, 24), run_before=_settle)


def test_article_with_cursor(snap_compare, library):
    assert snap_compare(make_app(library, article_id=2), press=["tab", "tab", "tab"], terminal_size=(80, 24),
                        run_before=_settle)


def test_dossier_open(snap_compare, library):
    assert snap_compare(make_app(library, article_id=2), terminal_size=(130, 34),
                        run_before=_open_dossier_of("Ahmad Shah Massoud"))


def test_dossier_narrow(snap_compare, library):
    assert snap_compare(make_app(library, article_id=2), terminal_size=(80, 24),
                        run_before=_open_dossier_of("Amrullah Saleh"))


def test_no_color(snap_compare, library, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(library, article_id=2), press=["tab"], terminal_size=(80, 24), run_before=_settle)


def test_library(snap_compare, library):
    assert snap_compare(make_app(library), terminal_size=(100, 24), run_before=_settle)


def test_entity_browser(snap_compare, library):
    assert snap_compare(make_app(library), press=["e"], terminal_size=(100, 24), run_before=_settle)


def test_help(snap_compare, library):
    assert snap_compare(make_app(library, article_id=1), press=["question_mark"], terminal_size=(80, 30),
                        run_before=_settle)


def test_light_theme(snap_compare, library):
    async def light(pilot) -> None:
        pilot.app.theme = "textual-light"
        await _settle(pilot)

    assert snap_compare(make_app(library, article_id=2), press=["tab"], terminal_size=(80, 24), run_before=light)


def test_very_narrow_terminal(snap_compare, library):
    assert snap_compare(make_app(library, article_id=2), terminal_size=(50, 18),
                        run_before=_open_dossier_of("Taliban"))
