"""SVG snapshots of the reader's main states (update with: pytest --snapshot-update)."""

from __future__ import annotations


import pytest
from rich.color import Color, ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.filter import LineFilter

from nlp.config import Settings
from nlp.index import open_index
from reader_support import copy_library, entity_named, make_app
from nlp.labels import highlight_group
from tui.app import MarginApp
from tui.article_view import ArticleView
from tui.labels import LEGEND

pytestmark = pytest.mark.model


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
    from nlp.importer import import_files
    from nlp.index import open_index
    from sources_support import FIXTURES

    with open_index(library) as index:
        report = import_files(index, [FIXTURES / "markdown-article.md"], extractor, Settings(data_dir=library))
    assert snap_compare(make_app(library, article_id=report.added[0][1]), terminal_size=(80, 24),
                        run_before=_settle)


ARTICLE_WITH = {"person": 3, "org": 3, "place": 3, "group": 3, "event": 5, "other": 2}
"""A demo article (by id) with a name of each highlight class."""


def _cursor_on_first(cls: str):
    """Settle, then put the cursor on the first name of highlight class *cls*, and settle."""

    def select(app) -> None:
        view = app.screen.query_one(ArticleView)
        view.select_offset(next(h.start for h in view.highlights if highlight_group(h.label) == cls))

    return _after(then=select)


@pytest.mark.parametrize("cls", [cls for cls, _ in LEGEND])
def test_cursor_on_each_type(snap_compare, library, cls):
    assert snap_compare(make_app(library, article_id=ARTICLE_WITH[cls]), terminal_size=(80, 14),
                        run_before=_cursor_on_first(cls))


class SixteenColours(LineFilter):
    """Draws each colour as the ANSI colour Rich sends for it to a 16-colour terminal
    (``TERM=xterm``), shown in Rich's default terminal palette."""

    def apply(self, segments: list[Segment], background) -> list[Segment]:
        return [Segment(text, style and _sixteen(style), control) for text, style, control in segments]


def _sixteen(style: Style) -> Style:
    def ansi(color, foreground: bool):
        if color is None or color.is_default:
            return color
        return Color.from_triplet(color.downgrade(ColorSystem.STANDARD).get_truecolor(foreground=foreground))

    return style + Style.from_color(ansi(style.color, True), ansi(style.bgcolor, False))


class SixteenColourApp(MarginApp):
    """The reader as a 16-colour terminal shows it."""

    def get_line_filters(self):
        return [*super().get_line_filters(), SixteenColours()]


def test_sixteen_colours(snap_compare, library):
    app = SixteenColourApp(Settings(data_dir=library), open_index(library), article_id=3, cursor_blink=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_cursor_on_first("person"))


DEMO_PUBLISHED = {1: "2021-01-12", 2: "2021-08-20", 3: "2021-05-02", 4: "2021-06-15", 5: "2021-09-09"}
"""Publication days given to the demo articles, so the dossier's timeline has bars to show."""


@pytest.fixture
def dated_library(library):
    with open_index(library) as index:
        for article_id, day in DEMO_PUBLISHED.items():
            index.conn.execute("UPDATE articles SET published = ? WHERE id = ?", (day, article_id))
    return library


def _in_dossier_of(name: str, *keys: str):
    """Settle, open the dossier of *name*, then press *keys* (settling after each)."""

    async def run_before(pilot) -> None:
        await _open_dossier_of(name)(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)

    return run_before


def test_following_and_the_timeline(snap_compare, dated_library):
    """``f`` follows the dossier's name; ``←`` moves to the timeline's latest week and picks an earlier one."""
    assert snap_compare(make_app(dated_library, article_id=2), terminal_size=(130, 34),
                        run_before=_in_dossier_of("Ahmad Shah Massoud", "f", "d", "left", "left"))


def test_a_period_of_the_timeline_without_colour(snap_compare, dated_library, monkeypatch):
    """80 columns, NO_COLOR: the week chosen on the timeline lists its articles."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(dated_library, article_id=2), terminal_size=(80, 24),
                        run_before=_in_dossier_of("Ahmad Shah Massoud", "d", "left", "home", "enter"))
