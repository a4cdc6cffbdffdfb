"""A scrollable text wrapped to the view's width, drawn line by line (Textual's Line API).

The text is wrapped once per width into a table of line offsets (a few widths are kept, so a
panel opened and closed again does not wrap twice); a drawn line is kept in a bounded cache.
Subclasses say how a line looks (:meth:`WrappedView.line_content`) and what a rewrap keeps
on screen (:meth:`WrappedView._kept_offset`).
"""

from __future__ import annotations

from bisect import bisect_right

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from nlp.text import printable
from tui.article_text import wrap_lines

WRAP_CACHE_SIZE = 4
"""Widths whose wrap is kept: with and without the dossier, beside and below."""
STRIP_CACHE_SIZE = 512
"""Drawn lines kept (a few screens of the tallest terminal)."""


class WrappedView(ScrollView):
    """Text wrapped at spaces to the width of the view, scrolled by line."""

    class PositionChanged(Message):
        """The part of the text on screen changed (a scroll, a rewrap, a resize)."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, WrappedView.PositionChanged)

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.text = printable(text)
        self._starts: list[int] = []
        """Offset in the text of each wrapped line's first character."""
        self._ends: list[int] = []
        """Offset one past each wrapped line's last character (trailing spaces left out)."""
        self._wrap_width = 0
        self._wraps: LRUCache[int, tuple[list[int], list[int]]] = LRUCache(WRAP_CACHE_SIZE)
        self._strips: LRUCache[int, Strip] = LRUCache(STRIP_CACHE_SIZE)
        self._pending_offset: int | None = None
        self._pending_top: int | None = None
        self._shown_height = 0
        """The height of the text area when last laid out (0 before the first layout)."""

    def set_text(self, text: str) -> None:
        """Show *text* (wrapped at the next layout, or now if the view has a width)."""
        text = printable(text)
        if text != self.text:
            self._wraps.clear()
        self.text = text

    def line_content(self, index: int) -> Content:
        """Wrapped line *index*, styled."""
        return Content(self.text[self._starts[index]:self._ends[index]])

    def line_pad(self, index: int) -> Style:
        """The style the rest of wrapped line *index* is filled with, to the edge."""
        return self.visual_style

    def _kept_offset(self, height: int) -> int | None:
        """The offset a rewrap keeps on screen, if it is among the *height* lines shown (none here)."""
        return None

    def _rewrap(self, width: int | None = None, repaint: bool = True) -> None:
        """Wrap the text to *width* (default: the current wrap width; nothing before the first
        resize, so the first frame is already wrapped to the real width), keeping the cursor
        on screen if it was, else the line at the top."""
        width = width or self._wrap_width
        if not width:
            return
        width = max(10, width)
        anchor = self._anchor()
        wrap = self._wraps.get(width)
        if wrap is None:
            wrap = self._wraps[width] = wrap_lines(self.text, width)
        self._starts, self._ends = wrap
        self._wrap_width = width
        self._strips.clear()
        self.virtual_size = Size(width, len(self._starts))
        if anchor is not None:
            self._restore_anchor(*anchor)
        self.post_message(self.PositionChanged())
        if repaint:
            self.refresh()

    def _anchor(self) -> tuple[int, bool] | None:
        """What a rewrap keeps in view: (:meth:`_kept_offset`, True) if there is one,
        else (the offset of the top line, False); None before the first wrap. "On screen" is
        judged at the height last laid out: when this runs, the size may already be the new one."""
        if not self._starts or not self._shown_height:
            return None
        kept = self._kept_offset(self._shown_height)
        if kept is not None:
            return kept, True
        return self._starts[min(self.scroll_offset.y, len(self._starts) - 1)], False

    def _restore_anchor(self, offset: int, is_cursor: bool) -> None:
        if is_cursor:
            self.scroll_to_offset(offset)
        else:
            self.scroll_to(y=self.line_of(offset), animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width
        if width != self._wrap_width:
            self._rewrap(width)
        elif self._shown_height and self._shown_height != self.scrollable_content_region.height:
            anchor = self._anchor()  # the same lines, fewer or more of them on screen
            if anchor is not None:
                self._restore_anchor(*anchor)
        self._shown_height = self.scrollable_content_region.height
        self.post_message(self.PositionChanged())
        if self._pending_offset is not None:
            self.scroll_to_offset(self._pending_offset, center=True)
            self._pending_offset = None
        if self._pending_top is not None:
            self.show_from(self._pending_top)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def line_of(self, offset: int) -> int:
        """The wrapped line holding character *offset*."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def line_start(self, y: int) -> int:
        """The offset in the text of wrapped line *y*'s first character."""
        return self._starts[y]

    def line_text(self, y: int) -> str:
        """The text of wrapped line *y* (trailing spaces left out)."""
        return self.text[self._starts[y]:self._ends[y]]

    def offset_at(self, x: int, y: int) -> int | None:
        """The character offset at cell (x, y) of the whole (unscrolled) text, if any."""
        if not 0 <= y < len(self._starts):
            return None
        cells = 0
        for i, char in enumerate(self.line_text(y)):
            cells += cell_len(char)
            if cells > x:
                return self._starts[y] + i
        return None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._wrap_width and width > 0:
            self._rewrap(width, repaint=False)  # this very frame is drawn at the new width
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        if index >= len(self._starts):
            return Strip.blank(width, self.visual_style.rich_style)
        strip = self._strips.get(index)
        if strip is None:
            strip = self._strips[index] = self._render_wrapped_line(index, width)
        return strip.crop(scroll_x, scroll_x + width)

    def _render_wrapped_line(self, index: int, width: int) -> Strip:
        segments = [Segment(text, style.rich_style) for text, style
                    in self.line_content(index).render(self.visual_style, end="", parse_style=self._get_style)]
        return Strip(segments).extend_cell_length(width, self.line_pad(index).rich_style)

    def _refresh_span(self, start: int, end: int) -> None:
        """Draw again the lines holding text[start:end]."""
        if not self._starts:
            return
        first, last = self.line_of(start), self.line_of(max(start, end - 1))
        for line in range(first, last + 1):
            self._strips.discard(line)
        self.refresh_lines(first, last - first + 1)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.post_message(self.PositionChanged())

    def scroll_to_offset(self, offset: int, center: bool = False) -> None:
        """Scroll so the line holding *offset* is visible (centred if *center*)."""
        if not self._starts or not self.size.height:
            self._pending_offset = offset
            return
        self.scroll_to_region(Region(0, self.line_of(offset), 1, 1), animate=False, center=center,
                              immediate=True, x_axis=False)

    @property
    def top_offset(self) -> int:
        """The offset in the text of the line at the top of the view (0 before the first wrap)."""
        if not self._starts:
            return 0
        return self._starts[min(self.scroll_offset.y, len(self._starts) - 1)]

    def show_from(self, offset: int) -> None:
        """Scroll so the line holding *offset* is at the top (as far as the text goes)."""
        if not self._starts or not self.size.height:
            self._pending_top = offset
            return
        self._pending_top = None
        self.scroll_to(y=self.line_of(offset), animate=False, immediate=True, force=True)

    @property
    def position(self) -> int:
        """How far down the text the bottom of the screen is, in percent (as ``less`` shows it)."""
        if not self._starts:
            return 0
        bottom = min(len(self._starts), self.scroll_offset.y + max(1, self.scrollable_content_region.height))
        return round(100 * bottom / len(self._starts))

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False, immediate=True)

    def action_page_down(self) -> None:
        self.scroll_relative(y=max(1, self.scrollable_content_region.height - 2), animate=False, immediate=True)

    def action_page_up(self) -> None:
        self.scroll_relative(y=-max(1, self.scrollable_content_region.height - 2), animate=False, immediate=True)

    def action_scroll_home(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
