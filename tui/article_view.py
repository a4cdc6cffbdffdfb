"""The article pane: wrapped prose with entity mentions highlighted by type, and a cursor.

A Line-API widget: the text is wrapped once per width into a table of lines (each with
its starting character offset), so a click maps to an offset, an offset to a line, and
moving the cursor re-renders only the lines it touches.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from typing import NamedTuple

from rich._wrap import divide_line
from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.content import Content, Span
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from tui.labels import label_class
from tui.safe import printable


class Highlight(NamedTuple):
    """A mention to highlight: text[start:end] names library entity *entity_id*."""

    start: int
    end: int
    entity_id: int
    label: str


BLOCK_CLASSES = {
    "h1": "article--h1", "h2": "article--h2", "h3": "article--h3", "h4": "article--h4", "h5": "article--h5",
    "h6": "article--h6", "code": "article--code", "code_inline": "article--code-inline",
    "table_head": "article--table-head", "footnote_ref": "article--footnote-ref",
}
"""The component class of each kind of text block (:class:`nlp.records.TextBlock`)."""

BLOCK_CSS = """
ArticleView > .article--h1 { text-style: bold underline; }
ArticleView > .article--h2 { text-style: bold; }
ArticleView > .article--h3, ArticleView > .article--h4, ArticleView > .article--h5, ArticleView > .article--h6 {
    text-style: bold italic;
}
ArticleView > .article--code, ArticleView > .article--code-inline { background: $foreground 8%; }
ArticleView:nocolor > .article--code { background: transparent; }
ArticleView:nocolor > .article--code-inline { background: transparent; text-style: italic; }
ArticleView > .article--table-head { text-style: bold; }
ArticleView > .article--footnote-ref { text-style: dim; }
"""
"""How Markdown blocks look: headings bold, code on a faint ground (code blocks are indented
too, and inline code is italic without colour), table headers bold, footnote markers dim."""


class _Line(NamedTuple):
    start: int
    """Offset in the text of the line's first character."""
    content: Content


class ArticleView(ScrollView, can_focus=True):
    """Scrollable article text with highlighted, navigable entity mentions."""

    COMPONENT_CLASSES = {
        "article--title", "article--person", "article--org", "article--place", "article--group",
        "article--event", "article--other", "article--cursor", "article--match", *BLOCK_CLASSES.values(),
    }
    DEFAULT_CSS = BLOCK_CSS
    BINDINGS = [
        Binding("tab,right_square_bracket", "move(1)", "Next name", show=True),
        Binding("shift+tab,left_square_bracket", "move(-1)", "Prev name", show=False),
        Binding("enter", "activate", "Dossier"),
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
        Binding("space,pagedown,f", "page_down", "Page down", show=False),
        Binding("b,pageup", "page_up", "Page up", show=False),
        Binding("g,home", "scroll_home", "Top", show=False),
        Binding("G,end", "scroll_end", "Bottom", show=False),
    ]

    cursor: reactive[int] = reactive(-1, repaint=False)
    """Index into :attr:`highlights` of the selected mention, or -1."""

    class EntityActivated(Message):
        """The user chose a mention (Enter or click)."""

        def __init__(self, highlight: Highlight) -> None:
            super().__init__()
            self.highlight = highlight

    class CursorMoved(Message):
        """The selected mention changed."""

        def __init__(self, highlight: Highlight | None) -> None:
            super().__init__()
            self.highlight = highlight

    def __init__(self, text: str = "", highlights: list[Highlight] | None = None, title_end: int = 0,
                 blocks: tuple[tuple[str, int, int], ...] = (), **kwargs) -> None:
        super().__init__(**kwargs)
        self.text = printable(text)
        self.title_end = title_end
        self._set_blocks(blocks)
        self.all_highlights = sorted(highlights or [], key=lambda h: h.start)
        self.hidden_labels: set[str] = set()
        self.highlights = list(self.all_highlights)
        self.matches: list[tuple[int, int]] = []
        self._lines: list[_Line] = []
        self._starts: list[int] = []
        self._wrap_width = 0
        self._strips: dict[int, Strip] = {}
        self._styles: dict[str, Style] = {}
        self._pending_offset: int | None = None

    # --- content ---------------------------------------------------------------------

    def set_article(self, text: str, highlights: list[Highlight], title_end: int = 0,
                    blocks: tuple[tuple[str, int, int], ...] = ()) -> None:
        """Show another text (or the same text with new highlights); *blocks* are (kind, start,
        end) ranges styled as headings, code or table headers."""
        self.text, self.title_end = printable(text), title_end
        self._set_blocks(blocks)
        self.all_highlights = sorted(highlights, key=lambda h: h.start)
        self._apply_filters()

    def set_hidden_labels(self, hidden: set[str]) -> None:
        """Stop highlighting (and stepping through) the types whose classes are in *hidden*."""
        self.hidden_labels = set(hidden)
        self._apply_filters()

    def set_matches(self, matches: list[tuple[int, int]]) -> None:
        """Mark search matches."""
        self.matches = matches
        self._rewrap()

    def _apply_filters(self) -> None:
        current = self.current
        self.highlights = [h for h in self.all_highlights if label_class(h.label) not in self.hidden_labels]
        index = self.highlights.index(current) if current in self.highlights else -1
        self.set_reactive(ArticleView.cursor, index)
        self._rewrap()

    def _set_blocks(self, blocks: tuple[tuple[str, int, int], ...]) -> None:
        self.block_spans = [Span(start, end, "." + BLOCK_CLASSES[kind]) for kind, start, end in blocks
                            if kind in BLOCK_CLASSES]
        self._code_blocks = sorted((start, end) for kind, start, end in blocks if kind == "code")
        self._code_starts = [start for start, _ in self._code_blocks]

    def _in_code_block(self, offset: int) -> bool:
        """Whether character *offset* is inside a code block (its lines are shaded to the edge)."""
        i = bisect_right(self._code_starts, offset) - 1
        return i >= 0 and offset < self._code_blocks[i][1]

    @property
    def current(self) -> Highlight | None:
        """The selected mention."""
        return self.highlights[self.cursor] if 0 <= self.cursor < len(self.highlights) else None

    # --- wrapping --------------------------------------------------------------------

    def _styled(self) -> Content:
        spans = [Span(0, self.title_end, ".article--title")] if self.title_end else []
        spans += self.block_spans
        spans += [Span(h.start, h.end, f".article--{label_class(h.label)}") for h in self.highlights]
        spans += [Span(start, end, ".article--match") for start, end in self.matches]
        return Content(self.text, spans)

    def _rewrap(self, width: int | None = None, repaint: bool = True) -> None:
        """Wrap the text to *width* (default: the current wrap width; nothing before the first
        resize, so the first frame is already wrapped to the real width)."""
        width = width or self._wrap_width
        if not width:
            return
        width = max(10, width)
        lines, position = [], 0
        for paragraph in self._styled().split("\n", allow_blank=True):
            plain = paragraph.plain
            cuts = divide_line(plain, width, fold=True)
            for start, piece in zip([0, *cuts], paragraph.divide(cuts)):
                lines.append(_Line(position + start, piece.rstrip()))
            position += len(plain) + 1
        self._lines, self._starts = lines, [line.start for line in lines]
        self._wrap_width = width
        self._strips.clear()
        self.virtual_size = Size(width, len(lines))
        if repaint:
            self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width
        if width != self._wrap_width:
            self._rewrap(width)
        if self._pending_offset is not None:
            self.scroll_to_offset(self._pending_offset, center=True)
            self._pending_offset = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._styles.clear()

    def _get_style(self, style: Style | str) -> Style:
        """The style of a span (cached until the styles change)."""
        if not isinstance(style, str):
            return super()._get_style(style)
        visual = self._styles.get(style)
        if visual is None:
            visual = self._styles[style] = (self._component_style(style[1:]) if style.startswith(".")
                                            else super()._get_style(style))
        return visual

    def _component_style(self, name: str) -> Style:
        """A component class's style, as Content lays it over the text.

        Textual's partial component styles drop ``reverse`` and turn an opaque background
        transparent; both are put back, for the cursor is drawn in reverse video (the one mark
        that shows in every colour mode and with NO_COLOR) and search matches on a solid colour.
        """
        visual = super()._get_style(f".{name}")
        styles = self.get_component_styles(name)
        return replace(visual, background=styles.background if styles.has_rule("background") else visual.background,
                       reverse=True if styles.text_style.reverse else visual.reverse)

    def line_of(self, offset: int) -> int:
        """The wrapped line holding character *offset*."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def offset_at(self, x: int, y: int) -> int | None:
        """The character offset at cell (x, y) of the whole (unscrolled) text, if any."""
        if not 0 <= y < len(self._lines):
            return None
        line = self._lines[y]
        cells = 0
        for i, char in enumerate(line.content.plain):
            cells += cell_len(char)
            if cells > x:
                return line.start + i
        return None

    # --- rendering -------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if width != self._wrap_width and width > 0:
            self._rewrap(width, repaint=False)  # this very frame is drawn at the new width
        if index >= len(self._lines):
            return Strip.blank(width, self.visual_style.rich_style)
        strip = self._strips.get(index)
        if strip is None:
            strip = self._strips[index] = self._render_wrapped_line(index, width)
        return strip.crop(scroll_x, scroll_x + width)

    def _render_wrapped_line(self, index: int, width: int) -> Strip:
        line = self._lines[index]
        content = line.content
        current = self.current
        if current is not None:
            start, end = current.start - line.start, current.end - line.start
            if end > 0 and start < len(content.plain):
                content = content.stylize(".article--cursor", max(0, start), end)
        base = self.visual_style  # cached by Textual, unlike Widget.rich_style (worked out per call)
        segments = [Segment(text, style.rich_style)
                    for text, style in content.render(base, end="", parse_style=self._get_style)]
        pad = base + self._get_style(".article--code") if self._in_code_block(line.start) else base
        return Strip(segments).extend_cell_length(width, pad.rich_style)

    def _refresh_highlight(self, index: int) -> None:
        if 0 <= index < len(self.highlights):
            highlight = self.highlights[index]
            first, last = self.line_of(highlight.start), self.line_of(max(highlight.start, highlight.end - 1))
            for line in range(first, last + 1):
                self._strips.pop(line, None)
            self.refresh_lines(first, last - first + 1)

    # --- cursor and scrolling ----------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_highlight(old)
        self._refresh_highlight(new)
        if self.current is not None:
            self.scroll_to_offset(self.current.start)
        self.post_message(self.CursorMoved(self.current))

    def scroll_to_offset(self, offset: int, center: bool = False) -> None:
        """Scroll so the line holding *offset* is visible (centred if *center*)."""
        if not self._lines or not self.size.height:
            self._pending_offset = offset
            return
        self.scroll_to_region(Region(0, self.line_of(offset), 1, 1), animate=False, center=center,
                              immediate=True, x_axis=False)

    def select_offset(self, offset: int) -> None:
        """Put the cursor on the mention starting at or containing *offset*, and show it."""
        index = self.highlight_index_at(offset)
        if index is not None:
            self.cursor = index
        self.scroll_to_offset(offset, center=True)

    def highlight_index_at(self, offset: int) -> int | None:
        """Index of the visible mention containing *offset*, if any."""
        index = bisect_right([h.start for h in self.highlights], offset) - 1
        if index >= 0 and self.highlights[index].start <= offset < self.highlights[index].end:
            return index
        return None

    def action_move(self, step: int) -> None:
        """Select the next (step 1) or previous (step -1) mention, starting from what is on screen."""
        if not self.highlights:
            self.app.bell()
            return
        if self.cursor == -1 or not self._is_visible(self.current):
            self.cursor = self._first_visible_index(step)
        else:
            self.cursor = (self.cursor + step) % len(self.highlights)

    def _is_visible(self, highlight: Highlight | None) -> bool:
        if highlight is None:
            return False
        top = self.scroll_offset.y
        return top <= self.line_of(highlight.start) < top + self.scrollable_content_region.height

    def _first_visible_index(self, step: int) -> int:
        top = self._starts[min(self.scroll_offset.y, len(self._starts) - 1)] if self._starts else 0
        after = [i for i, h in enumerate(self.highlights) if h.start >= top]
        if step > 0:
            return after[0] if after else 0
        return (after[0] - 1) % len(self.highlights) if after else len(self.highlights) - 1

    def action_activate(self) -> None:
        if self.current is None:
            self.action_move(1)
        if self.current is not None:
            self.post_message(self.EntityActivated(self.current))

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

    def on_click(self, event: events.Click) -> None:
        position = event.get_content_offset(self)
        if position is None:
            return
        offset = self.offset_at(position.x + self.scroll_offset.x, position.y + self.scroll_offset.y)
        index = self.highlight_index_at(offset) if offset is not None else None
        if index is not None:
            self.cursor = index
            self.post_message(self.EntityActivated(self.highlights[index]))
