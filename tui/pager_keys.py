"""The keys of ``less`` that scroll, shared by the article and the help."""

from __future__ import annotations

from textual.binding import Binding

PAGER_KEYS = (
    ("j,down", "scroll_down", "Down"),
    ("k,up", "scroll_up", "Up"),
    ("space,pagedown,f", "page_down", "Page down"),
    ("b,pageup", "page_up", "Page up"),
    ("g,home", "scroll_home", "Top"),
    ("G,end", "scroll_end", "Bottom"),
)
"""(keys, move, description): each move is the name of a scrolling widget's action."""


def pager_bindings(action: str = "{}") -> list[Binding]:
    """Hidden bindings of :data:`PAGER_KEYS`, each to *action* with its move put in (``"scroll('{}')"``)."""
    return [Binding(keys, action.format(move), description, show=False) for keys, move, description in PAGER_KEYS]
