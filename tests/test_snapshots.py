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
    """Wait until the screen stops changing: workers finished, every queued message handled and
    a refresh made, twice over with the same picture. (``pilot.pause()`` alone waits for the CPU
    to look idle, which a loaded machine fakes: the dossier was caught half drawn.)"""
    app = pilot.app
    last = None
    for _ in range(100):
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.screen.wait_for_refresh()
        picture = app.export_screenshot()
        if picture == last:
            return
        last = picture
    raise AssertionError("the screen never settled")


def _after(*keys: str, then=None):
    """Settle, press *keys* one at a time (settling after each), then run *then* and settle."""

    async def run_before(pilot) -> None:
        await _settle(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)
        if then is not None:
            then(pilot.app)
            await _settle(pilot)

    return run_before


def _open_dossier_of(name: str):
    return _after(then=lambda app: app.screen.jump_to_entity(entity_named(app, name)))


def test_article(snap_compare, library):
    assert snap_compare(make_app(library, article_id=2), terminal_size=(80, 24), run_before=_settle)


def test_article_with_cursor(snap_compare, library):
    assert snap_compare(make_app(library, article_id=2), terminal_size=(80, 24),
                        run_before=_after("tab", "tab", "tab"))


def test_dossier_open(snap_compare, library):
    assert snap_compare(make_app(library, article_id=2), terminal_size=(130, 34),
                        run_before=_open_dossier_of("Ahmad Shah Massoud"))


def test_dossier_narrow(snap_compare, library):
    assert snap_compare(make_app(library, article_id=2), terminal_size=(80, 24),
                        run_before=_open_dossier_of("Amrullah Saleh"))


def test_no_color(snap_compare, library, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(library, article_id=2), terminal_size=(80, 24), run_before=_after("tab"))


def test_library(snap_compare, library):
    assert snap_compare(make_app(library), terminal_size=(100, 24), run_before=_settle)


def test_entity_browser(snap_compare, library):
    assert snap_compare(make_app(library), terminal_size=(100, 24), run_before=_after("e"))


def test_help(snap_compare, library):
    assert snap_compare(make_app(library, article_id=1), terminal_size=(80, 30),
                        run_before=_after("question_mark"))


def test_light_theme(snap_compare, library):
    assert snap_compare(make_app(library, article_id=2), terminal_size=(80, 24),
                        run_before=_after("tab", then=lambda app: setattr(app, "theme", "textual-light")))


def test_very_narrow_terminal(snap_compare, library):
    assert snap_compare(make_app(library, article_id=2), terminal_size=(50, 18),
                        run_before=_open_dossier_of("Taliban"))


def test_markdown_article(snap_compare, library, extractor):
    from nlp.config import Settings
    from nlp.library import import_files
    from nlp.store import open_index
    from sources_support import FIXTURES

    with open_index(library) as index:
        report = import_files(index, [FIXTURES / "markdown-article.md"], extractor, Settings(data_dir=library))
    assert snap_compare(make_app(library, article_id=report.added[0][1]), terminal_size=(80, 24),
                        run_before=_settle)
