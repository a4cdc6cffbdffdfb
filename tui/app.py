"""The Margin reader application."""

from __future__ import annotations

import threading
import time

from textual.app import App
from textual.binding import Binding

from nlp.config import Settings
from nlp.sources import Source
from nlp.store import Index
from tui.help_screen import HelpScreen
from tui.library_screen import LibraryScreen
from tui.palette import EntityCommands
from tui.reader_screen import ReaderScreen


class MarginApp(App):
    """The library, the reader and the entity browser, over one index."""

    CSS_PATH = "margin.tcss"
    TITLE = "Margin"
    COMMANDS = App.COMMANDS | {EntityCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Keys"),
        Binding("l", "library", "Library", show=False),
        Binding("e", "entities", "Names", show=False),
    ]

    def __init__(self, settings: Settings, index: Index, article_id: int | None = None,
                 source: Source | None = None, cursor_blink: bool = True, extractor=None) -> None:
        super().__init__()
        self.settings = settings
        self.index = index
        self.cursor_blink = cursor_blink
        self._first = (article_id, source)
        self._extractor = extractor
        self._extractor_lock = threading.Lock()
        self.started_at = time.perf_counter()

    def get_default_screen(self) -> LibraryScreen:
        return LibraryScreen()

    def on_mount(self) -> None:
        article_id, source = self._first
        if article_id is not None or source is not None:
            self.push_screen(ReaderScreen(article_id=article_id, source=source))

    def extractor(self):
        """The spaCy extractor, created on first use (in a worker thread: it imports spaCy)."""
        with self._extractor_lock:
            if self._extractor is None:
                from nlp.extract import SpacyExtractor

                self._extractor = SpacyExtractor(self.settings.model)
            return self._extractor

    def open_article(self, article_id: int, start: int | None = None) -> None:
        """Open an indexed article, scrolled to *start* if given; Back returns here."""
        self.push_screen(ReaderScreen(article_id=article_id, start=start))

    def action_back(self) -> None:
        """Return to the previous screen, if there is one below the library."""
        if len(self.screen_stack) > 2:
            self.pop_screen()
        elif not isinstance(self.screen, LibraryScreen):
            self.pop_screen()

    def action_library(self) -> None:
        """Go back to the library screen."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, LibraryScreen):
            self.pop_screen()

    def action_entities(self) -> None:
        """Open the entity browser."""
        from tui.entities_screen import EntitiesScreen

        self.push_screen(EntitiesScreen())

    def action_help(self) -> None:
        """Show every key."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
