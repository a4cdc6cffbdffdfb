"""Entity types and the name cursor stay distinct in every colour mode a terminal may have.

Textual draws in 24-bit colour and lets Rich downgrade each colour to what the terminal has
(256 colours, or the 16 ANSI colours for ``TERM=xterm``); with ``NO_COLOR`` nothing but text
attributes may be left. These tests render the reader's own lines, pass them through the app's
filters, write them as the escape codes of each colour system, and compare what a person would
see.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import time
from collections.abc import Iterable, Iterator

import pytest
from rich.color import ColorSystem
from rich.style import Style

from nlp.raw import RawDoc
from nlp.raw import RawSpan
from nlp.reading import read_article_file
from reader_support import DEMO_DIR, make_app
from sources_support import margin, margin_command, one_line_error
from bench_terminal import Terminal
from nlp.labels import highlight_group
from tui.article_view import ArticleView
from tui.labels import LEGEND

pytestmark = pytest.mark.anyio

NAMES = {"Amira Haddad": "PERSON", "Acme Shipping": "ORG", "Lisbon": "GPE", "Portuguese": "NORP",
         "Web Summit": "EVENT", "Treaty of Windsor": "LAW"}
"""One name of each highlight class, in the article below."""
ARTICLE = ("Harbour notes\n\n"
           "Amira Haddad of Acme Shipping met Portuguese officials in Lisbon.\n\n"
           "At the Web Summit, the Treaty of Windsor was quoted twice.\n")
COLOUR_SYSTEMS = {"truecolor": ColorSystem.TRUECOLOR, "256": ColorSystem.EIGHT_BIT,
                  "16": ColorSystem.STANDARD}
COLOUR_CODE = re.compile(r"^(3[0-9]|4[0-9]|9[0-7]|10[0-7])$")
"""SGR parameters that set a colour (``38``/``48`` start an extended one)."""
ATTRIBUTES = ("bold", "dim", "italic", "underline", "blink", "reverse", "strike", "underline2", "overline")


class NamesExtractor:
    """Finds the names of :data:`NAMES`: no model needed."""

    def extract(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[RawDoc]:
        for text in texts:
            spans = [RawSpan(m.start(), m.end(), label) for name, label in NAMES.items()
                     for m in re.finditer(re.escape(name), text)]
            yield RawDoc(sorted(spans, key=lambda span: span.start), [(0, len(text))])


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return read_article_file(path)


def sgr(style: Style, system: ColorSystem) -> tuple[str, ...]:
    """The SGR parameters a terminal of *system* receives for *style*.

    The style is copied attribute by attribute first: a Rich style keeps the codes it rendered
    first, whatever colour system it is later rendered for.
    """
    fresh = Style(color=style.color, bgcolor=style.bgcolor, **{name: getattr(style, name) for name in ATTRIBUTES})
    codes = re.match(r"\x1b\[([0-9;]*)m", fresh.render("x", color_system=system))
    return tuple(codes.group(1).split(";")) if codes else ()


def colours(codes: tuple[str, ...]) -> tuple[str, ...]:
    """The colours set by some SGR parameters (foreground and background, as sent)."""
    return split_codes(codes)[0]


def attributes(codes: tuple[str, ...]) -> frozenset[str]:
    """The text attributes (bold, italic, reverse...) set by some SGR parameters."""
    return frozenset(split_codes(codes)[1])


def split_codes(codes: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Some SGR parameters split into (colours, other attributes); ``38;5;n`` and the like count
    as one colour."""
    found_colours, others, rest = [], [], list(codes)
    while rest:
        code = rest.pop(0)
        if code in ("38", "48"):
            size = 2 if rest[0] == "5" else 4
            found_colours.append(";".join([code, *rest[:size]]))
            del rest[:size]
        elif COLOUR_CODE.match(code):
            found_colours.append(code)
        elif code:
            others.append(code)
    return tuple(found_colours), tuple(others)


def styles_on_screen(app) -> dict[str, Style]:
    """The style the reader draws each highlight class in, with the cursor on none; under "body"
    the style of plain text, and under "cursor on X" the style of X's name under the cursor."""
    view = app.screen.query_one(ArticleView)
    view.cursor = -1
    found = {"body": drawn_style(app, view, "officials")}
    view.set_matches([(view.text.index("quoted"), view.text.index("quoted") + len("quoted"))])
    found["match"] = drawn_style(app, view, "quoted")
    found.update({highlight_group(label): drawn_style(app, view, name) for name, label in NAMES.items()})
    for index, highlight in enumerate(view.highlights):
        view.cursor = index
        found[f"cursor on {highlight_group(highlight.label)}"] = drawn_style(app, view, view.text[highlight.start:highlight.end])
    return found


def drawn_style(app, view: ArticleView, word: str) -> Style:
    """The style of the first letter of *word* on screen, as the terminal gets it (after the
    app's filters)."""
    for y in range(view.size.height):
        segments = list(view.render_line(y))
        for line_filter in app.get_line_filters():
            segments = line_filter.apply(segments, view.background_colors[1])
        line = "".join(segment.text for segment in segments)
        if word in line:
            column = line.index(word)
            for text, style, _ in segments:
                if column < len(text):
                    return style
                column -= len(text)
    raise AssertionError(f"{word!r} is not on screen")


async def reader_styles(data_dir, article, theme: str = "textual-dark") -> dict[str, Style]:
    """:func:`styles_on_screen` for *article* opened in the reader, in *theme*."""
    app = make_app(data_dir, source=article, extractor=NamesExtractor())
    async with app.run_test(size=(100, 24)) as pilot:
        app.theme = theme
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(ArticleView).has_pseudo_class("light" if "light" in theme else "dark")
        assert {highlight_group(h.label) for h in app.screen.query_one(ArticleView).highlights} == \
            {cls for cls, _ in LEGEND}
        return styles_on_screen(app)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("system", COLOUR_SYSTEMS)
async def test_each_type_has_a_colour_of_its_own(data_dir, article, theme, system):
    styles = await reader_styles(data_dir, article, theme)
    body = colours(sgr(styles["body"], COLOUR_SYSTEMS[system]))
    assert len(body) == 2, body
    foregrounds = {cls: colours(sgr(styles[cls], COLOUR_SYSTEMS[system]))[0] for cls, _ in LEGEND}
    for (one, colour), (other, other_colour) in itertools.combinations(foregrounds.items(), 2):
        assert colour != other_colour, f"{one} and {other} are both {colour} in {system} colours"
    for cls, colour in foregrounds.items():
        assert colour not in body, f"{cls} is drawn in the body's colour {colour} in {system} colours"


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("system", COLOUR_SYSTEMS)
async def test_the_cursor_is_reverse_video_on_every_type(data_dir, article, theme, system):
    styles = await reader_styles(data_dir, article, theme)
    for cls, _ in LEGEND:
        plain, under_cursor = (sgr(styles[key], COLOUR_SYSTEMS[system]) for key in (cls, f"cursor on {cls}"))
        assert "7" not in plain and "7" in under_cursor, (cls, plain, under_cursor)
        assert colours(plain)[0] in colours(under_cursor), "the cursor keeps the colour of the type"


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("system", COLOUR_SYSTEMS)
async def test_search_matches_have_a_background_of_their_own(data_dir, article, theme, system):
    styles = await reader_styles(data_dir, article, theme)
    body, match = (sgr(styles[key], COLOUR_SYSTEMS[system]) for key in ("body", "match"))
    assert colours(match)[1] != colours(body)[1], (body, match)
    assert "7" not in match, "a match looks like the cursor"


async def test_without_colour_types_differ_by_attributes_and_the_cursor_is_reverse(data_dir, article, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    styles = await reader_styles(data_dir, article)
    codes = {key: sgr(style, ColorSystem.TRUECOLOR) for key, style in styles.items()}
    assert all(colours(code) == ("39", "49") for code in codes.values()), codes
    looks = {cls: attributes(codes[cls]) for cls, _ in LEGEND}
    assert frozenset() not in looks.values() and len(set(looks.values())) == len(looks), looks
    assert not attributes(codes["body"])
    assert all("7" in attributes(codes[f"cursor on {cls}"]) for cls in looks), codes


@pytest.mark.parametrize("command", [["read", str(DEMO_DIR / "02-resistance-2021.md")], []])
@pytest.mark.parametrize("term", ["dumb", "unknown"])
def test_a_dumb_terminal_gets_one_line_instead_of_the_reader(command, term, data_dir):
    result = margin(*command, TERM=term, timeout=60)
    assert result.returncode == 2
    assert one_line_error(result) == (f"margin: TERM={term} cannot show the full-screen reader; for plain "
                                      "text, use `margin entities FILE`, `margin list` or `margin search`")
    assert result.stdout == "" and not data_dir.exists()


class ColourTerminal(Terminal):
    """A tmux terminal whose screen can be read with its escape codes."""

    def escapes(self) -> str:
        """The screen with the SGR codes that draw it (lines joined as the program wrote them)."""
        return self._tmux("capture-pane", "-e", "-p", "-J")

    def wait_for_reverse_text(self, timeout: float = 20.0) -> str:
        """The screen, once some text (not only blanks or bars, as a scrollbar's) is in reverse video."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.escapes()
            if reverse_text(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"nothing appeared in reverse video; the screen was:\n{self.screen()}")


def styled_runs(screen: str) -> list[tuple[tuple[str, ...], str]]:
    """(SGR parameters, the text they start) for every SGR sequence in *screen*."""
    return [(tuple(codes.replace(":", ";").split(";")), text)
            for codes, text in re.findall(r"\x1b\[([0-9;:]*)m([^\x1b]*)", screen)]


def reverse_text(screen: str) -> list[str]:
    """The words drawn in reverse video on *screen* (what follows a code with 7 but no 27)."""
    words, reverse = [], False
    for params, text in styled_runs(screen):
        if "0" in params or params == ("",) or "27" in params:
            reverse = False
        if "7" in params:
            reverse = True
        if reverse and re.search(r"[A-Za-z]", text):
            words.append(text.strip())
    return words


@pytest.mark.tmux
@pytest.mark.model
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize("mode, env", [("no colour", {"NO_COLOR": "1", "COLORTERM": "truecolor"}),
                                       ("16 colours", {"TERM": "xterm"})])
def test_the_real_reader_in_a_terminal(mode, env, data_dir):
    article = DEMO_DIR / "02-resistance-2021.md"
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "MARGIN_CONFIG")}
    term = ColourTerminal([*margin_command(), "read", str(article)],
                          {**keep, "MARGIN_DATA_DIR": str(data_dir), "TERM": "xterm-256color",
                           "TEXTUAL_ANIMATIONS": "none", **env})
    try:
        term.wait_for_pattern(r"\d+ names")  # extraction done (the count is the model's, not checked)
        term.wait_for("1 People")
        assert not reverse_text(term.escapes())
        term.keys("Tab")
        screen = term.wait_for_reverse_text()
        assert reverse_text(screen) == ["Last Holdout in the Panjshir"]  # the first name, and only it
        colour_codes = {c for params, _ in styled_runs(screen) for c in colours(params)}
        if mode == "no colour":
            assert colour_codes <= {"39", "49"}, colour_codes
        else:
            assert colour_codes and all(COLOUR_CODE.match(c) for c in colour_codes), colour_codes
    finally:
        term.close()


async def test_without_colour_the_highlighted_row_of_a_list_is_reverse_video(data_dir, article, monkeypatch):
    from textual.widgets import DataTable

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(data_dir, source=article, extractor=NamesExtractor())
    async with app.run_test(size=(100, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("l")
        for _ in range(100):  # the library fills its table in a worker started once it is shown
            await app.workers.wait_for_complete()
            await pilot.pause()
            tables = app.screen.query(DataTable)
            if tables and tables.first().row_count:
                break
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert table.get_component_rich_style("datatable--cursor").reverse
