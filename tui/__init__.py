"""Margin's front ends: the command line (:mod:`tui.cli`) and the Textual reader (:mod:`tui.app`).

Importing this package imports nothing heavy; the reader's modules import Textual.
"""

__version__ = "0.1.0"
