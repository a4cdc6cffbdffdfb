"""A yes/no question in a modal dialog."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.dialog import Dialog


class ConfirmScreen(ModalScreen[bool]):
    """Asks *question*; y confirms, n or Esc cancels."""

    DEFAULT_CSS = "ConfirmScreen { align: center middle; }"

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Dialog(id="dialog"):
            yield Static(Content(self.question))
            yield Static(Content.styled("y  yes     n  no", "dim"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
