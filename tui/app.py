"""The Margin reader application."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.filter import LineFilter, Monochrome, NoColor
from textual.screen import Screen

from nlp.config import Settings
from nlp.index import Index, open_index
from nlp.reading import ArticleInput
from tui.launch import find_indexed
from tui.reader_screen import ReaderScreen
from tui.startup import log_startup, resume_gc

NO_COLOR_CSS = Path(__file__).with_name("no_color.tcss")
"""Reverse-video cursors for Textual's lists when ``NO_COLOR`` is set (read only then)."""
NO_COLOR_FILTER = NoColor()
"""Turns every colour into the terminal's default (with ``NO_COLOR``, in place of Textual's greys)."""
FIRST_PAINT_WAIT_S = 2.0
"""Longest the spaCy extractor waits for the first frame before loading the model anyway."""


def _library_screen() -> Screen:
    """The library screen, imported when first shown."""
    from tui.library_screen import LibraryScreen

    return LibraryScreen()


def _entity_commands():
    """The command palette's entity provider, imported when the palette first opens."""
    from tui.palette import EntityCommands

    return EntityCommands


class MarginApp(App):
    """The library, the reader and the entity browser, over one index."""

    TITLE = "Margin"
    COMMANDS = App.COMMANDS
    """Textual's system commands, offered on every screen but the reader (see action_command_palette)."""
    MODES = {"library": _library_screen}
    """The library's own screen stack, for when the app starts on an article."""
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Keys"),
        Binding("l", "library", "Library", show=False),
        Binding("e", "entities", "Names", show=False),
    ]

    def __init__(self, settings: Settings, index: Index, article_id: int | None = None,
                 source: ArticleInput | None = None, cursor_blink: bool = True, extractor=None) -> None:
        super().__init__()
        if self.no_color:
            self.css_path = [*self.css_path, NO_COLOR_CSS]
        self.settings = settings
        self.index = index
        self.cursor_blink = cursor_blink
        self._first = (article_id, source)
        self._extractor = extractor
        self._extractor_lock = threading.Lock()
        self._first_painted = threading.Event()
        self.started_at = time.perf_counter()
        self.corrections_made = 0
        """How many corrections (and undos) this app made: a screen showing what an earlier number
        saw shows it again when it comes back."""
        self.crash: tuple[Exception, Path | None] | None = None
        """The first unexpected error, and the log file holding its traceback (None if unwritable)."""

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error: log its traceback to a file instead of printing it on exit.

        Textual 8 has no public hook for an unhandled exception: this private method sets
        ``return_code`` to 1, keeps the error for ``run_test`` to re-raise, and queues a
        rendered traceback that ``run`` prints on the terminal. The first two are kept; the
        traceback goes to the crash log, and :func:`tui.launch.run_app` prints one line naming it.
        """
        from tui.crash import write_crash_log

        log = write_crash_log(self.settings.data_dir, error)
        if self.crash is None:
            self.crash = (error, log)
        super()._handle_exception(error)
        if log is not None:
            self._exit_renderables.clear()

    def get_line_filters(self) -> list[LineFilter]:
        """Textual's filters, except that NO_COLOR means no colour at all: Textual turns the
        colours of a non-ANSI theme into greys (its Monochrome filter); here every foreground
        and background becomes the terminal's default."""
        return [NO_COLOR_FILTER if isinstance(line_filter, Monochrome) else line_filter
                for line_filter in super().get_line_filters()]

    def get_default_screen(self) -> Screen:
        """The first screen (:meth:`first_screen`), its ``CSS_PATH`` read into the stylesheet now.

        Textual reads a screen's CSS file when the screen is pushed or starts a mode, and then
        parses every rule of the app again, twice (a fresh stylesheet, then a refresh). The first
        screen's file, read here before the app's first parse, is parsed once with the rest.
        """
        screen = self.first_screen()
        for path in screen.css_path:
            if not self.stylesheet.has_source(str(path), ""):
                self.stylesheet.read(path)
        return screen

    def first_screen(self) -> Screen:
        """The article given at start, else the library.

        Under a first article the library is not built until it is asked for (Back, ``l``), so
        the article is painted without the cost of the library screen.
        """
        article_id, source = self._first
        if article_id is not None or source is not None:
            return ReaderScreen(article_id=article_id, source=source)
        from tui.library_screen import LibraryScreen

        return LibraryScreen()

    def on_ready(self) -> None:
        """The first frame is on the terminal: log when, and let the model load (or, when
        there is no model to load, build the name matcher of the dossiers)."""
        log_startup("first_paint", screen=type(self.screen).__name__)
        resume_gc()
        self._first_painted.set()
        if self._first[1] is None:
            self.warm_names()

    @work(thread=True, exclusive=True, exit_on_error=False, group="names")
    def warm_names(self) -> None:
        """Build the fuzzy matcher dossiers search for variants (most of a second at 500,000
        names), in the background: once the first article is painted, or, for a new one, once
        its names are stored (loading the model and warming this together would slow both)."""
        with open_index(self.settings.data_dir) as index:
            names = index.warm_similar_names()
        log_startup("names_ready", names=names)

    def extractor(self):
        """The spaCy extractor, created on first use (in a worker thread: it imports spaCy).

        It waits for the first frame (at most :data:`FIRST_PAINT_WAIT_S`), so importing spaCy
        never competes with painting the article for the interpreter lock.
        """
        with self._extractor_lock:
            if self._extractor is None:
                self._first_painted.wait(FIRST_PAINT_WAIT_S)
                from nlp.extract import SpacyExtractor

                self._extractor = SpacyExtractor(self.settings.model)
            return self._extractor

    def open_article(self, article_id: int, start: int | None = None) -> None:
        """Open an indexed article, scrolled to *start* if given; Back returns here."""
        self.push_screen(ReaderScreen(article_id=article_id, start=start))

    def open_source(self, source: ArticleInput) -> None:
        """Open an article read from a file or address: the library's copy if it holds one, else
        the article as read (its names found, and stored, in the background)."""
        article_id = find_indexed(self.index, source)
        if article_id is not None:
            self.open_article(article_id)
        else:
            self.push_screen(ReaderScreen(source=source))

    def search_themes(self) -> None:
        """The palette's theme picker, in the same keyboard-safe palette."""
        from textual.theme import ThemeProvider

        from tui.palette import MarginCommandPalette

        self.push_screen(MarginCommandPalette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def action_back(self) -> None:
        """Return to the previous screen; from the first article, to the library."""
        if len(self.screen_stack) > 1:
            self.pop_screen()
        else:
            self._library_at_bottom()

    def action_library(self) -> None:
        """Go back to the library screen."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._library_at_bottom()

    def _library_at_bottom(self) -> None:
        """Show the library, built now if the app started on an article (its own screen stack)."""
        from tui.library_screen import LibraryScreen

        if not isinstance(self.screen, LibraryScreen):
            self.switch_mode("library")

    def action_entities(self) -> None:
        """Open the name browser."""
        from tui.names_screen import NamesScreen

        self.push_screen(NamesScreen())

    def action_help(self) -> None:
        """Show every key."""
        from tui.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_command_palette(self) -> None:
        """Ctrl+P: in the reader, the article's names (only them); elsewhere, Textual's system commands.

        The palette is :class:`tui.palette.MarginCommandPalette`, opened without Textual's fixed
        id: one opened while the last is still being removed would otherwise clash (DuplicateIds).
        """
        from tui.palette import PLACEHOLDER, MarginCommandPalette

        if not self.use_command_palette or MarginCommandPalette.is_open(self):
            return
        if isinstance(self.screen, ReaderScreen):
            self.push_screen(MarginCommandPalette(providers=[_entity_commands], placeholder=PLACEHOLDER))
        else:
            self.push_screen(MarginCommandPalette())
