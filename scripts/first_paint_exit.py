"""Run the reader, or the floor app, and exit the moment the first frame is on the terminal.

    .venv/bin/python scripts/first_paint_exit.py margin read FILE   # the `margin` command line
    .venv/bin/python scripts/first_paint_exit.py floor FILE         # scripts/floor_app.py

``scripts/bench.py`` runs this under valgrind to count the instructions each one executes up
to its first frame: a figure that, unlike time, does not depend on what else the machine is
doing. The process leaves with ``os._exit`` in the app's ``on_ready`` (Textual posts Ready
once the first frame has been written), so nothing after the first paint is counted.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent


def main() -> None:
    kind, args = sys.argv[1], sys.argv[2:]
    if kind == "margin":
        sys.argv = ["margin", *args]  # before tui is imported: it pauses the collector for `margin`
        import tui.app

        tui.app.MarginApp.on_ready = lambda self: os._exit(0)
        from tui.cli import main as margin

        margin()
    else:
        sys.path.insert(0, str(SCRIPTS))
        import floor_app

        floor_app.FloorApp.on_ready = lambda self: os._exit(0)
        floor_app.FloorApp(Path(args[0]).read_text(encoding="utf-8"), "floor painted").run()


if __name__ == "__main__":
    main()
