"""Opening a file or web address from inside the reader (o)."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from nlp.reading import ArticleInput, ReadError, read_argument
from tui.dialog import Dialog


class OpenScreen(ModalScreen[ArticleInput | None]):
    """Asks for a path or address, reads it in a worker, and returns the article (or None).

    A file or page that cannot be read is reported in a notification; nothing is stored.
    """

    DEFAULT_CSS = "OpenScreen { align: center middle; }"

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Dialog(id="dialog"):
            yield Static(Content.styled("Open a file or web address", "bold"))
            yield Input(id="location", placeholder="~/news/article.md  or  https://…")
            yield Static(Content.styled("Enter opens · Esc cancels", "dim"), id="open-status")

    def on_mount(self) -> None:
        location = self.query_one("#location", Input)
        location.cursor_blink = self.app.cursor_blink
        location.focus()

    @on(Input.Submitted, "#location")
    def _submitted(self, event: Input.Submitted) -> None:
        location = event.value.strip()
        if not location:
            return
        if location == "-":
            self._failed("standard input cannot be opened from the reader; use `margin read -`")
            return
        self.query_one("#open-status", Static).update(Content.styled("Reading…", "italic"))
        self._read(location)

    @work(thread=True, exclusive=True, exit_on_error=False, group="open", description="read an article")
    def _read(self, location: str) -> None:
        settings = self.app.settings
        try:
            argument = location if "://" in location else str(Path(location).expanduser())
            source = read_argument(argument, settings.max_bytes, timeout=settings.fetch_timeout)
        except ReadError as err:
            reason = str(err)
        except (OSError, RuntimeError, ValueError) as err:  # e.g. "~nosuchuser/a.txt"
            reason = f"{location}: {err}"
        else:
            reason = None
        if reason is not None:
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._failed, reason)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.dismiss, source)

    def _failed(self, reason: str) -> None:
        self.query_one("#open-status", Static).update(Content.styled("Enter opens · Esc cancels", "dim"))
        self.notify(reason, title="Cannot open", severity="error", timeout=8, markup=False)

    def action_cancel(self) -> None:
        self.dismiss(None)
