"""The reader's top bar: the title, where it came from, its status, and how far down the reader is."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from nlp.text import one_line

SEPARATOR = " · "
MIN_SOURCE = 8
"""Fewer cells than this for the source, and it is left out rather than cut to a stub."""


class TopBar(Widget, can_focus=False):
    """One line: the title in bold, then source and status dimmed, the position on the right.

    The status ("12 names", "finding names…") and the position always show; the title is cut
    with "…" to make room for them, and the source (a long path, often) goes first.
    """

    DEFAULT_CSS = """
    TopBar {
        height: 1;
        padding: 0 1;
        background: $panel;
    }
    """
    ALLOW_SELECT = False
    position: reactive[int | None] = reactive(None)
    """How far down the article the bottom of the screen is, in percent (None: not shown)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.title_text = ""
        self.source_text = ""
        self.status_text = ""

    def show(self, title: str, status: str = "", source: str | None = None) -> None:
        """Show *title*, *status* and *source* (cleaned to one line each)."""
        self.title_text, self.status_text = one_line(title), one_line(status)
        self.source_text = one_line(source or "")
        self.refresh()

    def render(self) -> Content:
        width = self.content_size.width or self.size.width
        right = f"{self.position}%" if self.position is not None else ""
        left = self.left_part(max(0, width - cell_len(right) - (1 if right else 0)))
        gap = max(1 if right else 0, width - left.cell_length - cell_len(right))
        return Content.assemble(left, " " * gap, (right, "dim"))

    def left_part(self, room: int) -> Content:
        """Title, source and status fitted in *room* cells: the status whole, the title cut last."""
        status = self.status_text
        after_title = 2 + cell_len(status) if status else 0
        title_room = max(1, room - after_title) if status else room
        title = Content(self.title_text).truncate(title_room, ellipsis=True)
        source_room = room - title.cell_length - after_title - (len(SEPARATOR) if status else 2)
        source = self.source_text
        if source and source_room >= MIN_SOURCE:
            source = Content(source).truncate(source_room, ellipsis=True).plain
        else:
            source = ""
        extra = (SEPARATOR if status else "").join(part for part in (source, status) if part)
        return Content.assemble((title.plain, "bold"), ("  " + extra if extra else "", "dim")).truncate(room)
