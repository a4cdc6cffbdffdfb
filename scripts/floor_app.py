"""The floor for opening an article: a bare Textual app that paints a file's text.

    .venv/bin/python scripts/floor_app.py FILE [MARKER]

A top bar with *MARKER* (default ``floor painted``) and the text below it, both in the first
frame, so the benchmark can poll a real terminal for the marker as it polls Margin's status bar.
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class FloorApp(App):
    """Nothing but the text, scrollable, under a one-line bar."""

    CSS = "#bar { height: 1; } #text { padding: 0 1; }"

    def __init__(self, text: str, marker: str) -> None:
        super().__init__()
        self.text, self.marker = text, marker

    def compose(self) -> ComposeResult:
        yield Static(self.marker, id="bar", markup=False)
        with VerticalScroll():
            yield Static(self.text, id="text", markup=False)


def main() -> None:
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    FloorApp(text, sys.argv[2] if len(sys.argv) > 2 else "floor painted").run()


if __name__ == "__main__":
    main()
