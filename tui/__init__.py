"""Margin's front ends: the command line (:mod:`tui.cli`) and the Textual reader (:mod:`tui.app`).

Importing this package imports nothing heavy; the reader's modules import Textual. It reads
the start-up clock first thing (:mod:`tui.startup`).
"""

from tui.startup import STARTED_AT  # noqa: F401  (read the clock before anything else is imported)

__version__ = "0.1.0"
