"""The box of a small modal dialog, centred by its screen."""

from __future__ import annotations

from textual.containers import Vertical


class Dialog(Vertical):
    """A bordered box for a question or a prompt."""

    DEFAULT_CSS = """
    Dialog {
        width: 64;
        height: auto;
        border: round $warning;
        padding: 1 2;
        background: $surface;
    }
    """
