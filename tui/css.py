"""CSS shared by screens that are not on the way to the reader's first frame.

Each screen adds it to its own ``DEFAULT_CSS``, so it is parsed when the screen is first shown
rather than with ``margin.tcss`` at start-up.
"""

LIST_CSS = """
#filter {
    margin: 0 1;
}
#articles, #entities {
    height: 1fr;
}
#empty {
    padding: 1 2;
    color: $text-muted;
}
"""
"""A filter box over a table of rows (the library, the entity browser)."""

DIALOG_CSS = """
#dialog {
    width: 64;
    height: auto;
    border: round $warning;
    padding: 1 2;
    background: $surface;
}
"""
"""The box of a small modal dialog (``id="dialog"``), centred by its screen."""
