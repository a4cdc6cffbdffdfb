"""Run the reader, or the floor app, and exit the moment the first frame is on the terminal.

    .venv/bin/python scripts/first_paint_exit.py margin read FILE   # the `margin` command line
    .venv/bin/python scripts/first_paint_exit.py floor FILE         # scripts/floor_app.py

``scripts/bench.py`` runs this under valgrind to count the instructions each one executes up
to its first frame: a figure that, unlike time, does not depend on what else the machine is
doing. The process leaves with ``os._exit`` as soon as Textual has handed its first frame to
the terminal driver (``App._display``), so nothing after the first paint is counted. (Textual's
Ready event comes later, after the layout passes that the terminal's size reports trigger.)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent


def exit_after_first_frame() -> None:
    """Make every Textual app leave the process once it has written its first frame."""
    from textual.app import App

    display = App._display

    def display_then_exit(app: App, screen, renderable) -> None:
        display(app, screen, renderable)
        if renderable is not None:
            os._exit(0)

    App._display = display_then_exit


def main() -> None:
    kind, args = sys.argv[1], sys.argv[2:]
    if kind == "margin":
        sys.argv = ["margin", *args]  # before tui is imported: it pauses the collector for `margin`
        exit_after_first_frame()
        from tui.cli import main as margin

        margin()
    else:
        sys.path.insert(0, str(SCRIPTS))
        exit_after_first_frame()
        import floor_app

        floor_app.FloorApp(Path(args[0]).read_text(encoding="utf-8"), "floor painted").run()


if __name__ == "__main__":
    main()
