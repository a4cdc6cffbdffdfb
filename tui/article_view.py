"""The article pane: wrapped prose with entity mentions highlighted by type, and a cursor.

A Line-API widget. The plain text is wrapped once per width into a table of line offsets
(a few widths are kept, so opening and closing the dossier does not wrap twice); a line is
styled only when it is drawn, from the highlights and matches that overlap it (found by
bisection), and its strip is kept in a bounded cache. So a type toggle, a search or a cursor
move costs the lines on screen, not the length of the article.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import NamedTuple

from rich._wrap import divide_line
from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content, Span
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from nlp.labels import highlight_group
from tui.safe import printable


class Highlight(NamedTuple):
    """A mention to highlight: text[start:end] names library entity *entity_id*."""

    start: int
    end: int
    entity_id: int
    label: str


_NARROW_BREAKER = re.compile("[^\u0020-\u007e\u00a0-\u02ff\u0370-\u0482\u2010-\u2027\u2030-\u205e]")
"""A character that may not take exactly one cell (wide, zero-width, tab): such a paragraph is
wrapped by Rich's ``divide_line``, which measures cells; the others by one regular expression."""
WRAP_CACHE_SIZE = 4
"""Widths whose wrap is kept: with and without the dossier, beside and below."""
STRIP_CACHE_SIZE = 512
"""Drawn lines kept (a few screens of the tallest terminal)."""

BLOCK_CLASSES = {
    "h1": "article--h1", "h2": "article--h2", "h3": "article--h3", "h4": "article--h4", "h5": "article--h5",
    "h6": "article--h6", "code": "article--code", "code_inline": "article--code-inline",
    "table_head": "article--table-head", "footnote_ref": "article--footnote-ref",
}
"""The component class of each kind of text block (:class:`nlp.index.records.TextBlock`)."""

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


class ArticleView(ScrollView, can_focus=True):
    """Scrollable article text with highlighted, navigable entity mentions."""

    COMPONENT_CLASSES = {
        "article--title", "article--person", "article--org", "article--place", "article--group",
        "article--event", "article--other", "article--cursor", "article--match", "article--match-current",
        *BLOCK_CLASSES.values(),
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

    class PositionChanged(Message):
        """The part of the article on screen changed (a scroll, a rewrap, a resize)."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleView.PositionChanged)

    def __init__(self, text: str = "", highlights: list[Highlight] | None = None, title_end: int = 0,
                 blocks: tuple[tuple[str, int, int], ...] = (), **kwargs) -> None:
        super().__init__(**kwargs)
        self.text = printable(text)
        self.title_end = title_end
        self._set_blocks(blocks)
        self.all_highlights = sorted(highlights or [], key=lambda h: h.start)
        self.hidden_labels: set[str] = set()
        self.highlights = list(self.all_highlights)
        self._highlight_starts = [h.start for h in self.highlights]
        self.matches: list[tuple[int, int]] = []
        self._match_starts: list[int] = []
        self.current_match = -1
        """Index into :attr:`matches` of the match shown as the current one, or -1."""
        self._starts: list[int] = []
        """Offset in the text of each wrapped line's first character."""
        self._ends: list[int] = []
        """Offset one past each wrapped line's last character (trailing spaces left out)."""
        self._wrap_width = 0
        self._wraps: LRUCache[int, tuple[list[int], list[int]]] = LRUCache(WRAP_CACHE_SIZE)
        self._strips: LRUCache[int, Strip] = LRUCache(STRIP_CACHE_SIZE)
        self._pending_offset: int | None = None
        self._shown_height = 0
        """The height of the text area when last laid out (0 before the first layout)."""
        self._styles: dict[str, Style] = {}

    # --- content ---------------------------------------------------------------------

    def set_article(self, text: str, highlights: list[Highlight], title_end: int = 0,
                    blocks: tuple[tuple[str, int, int], ...] = ()) -> None:
        """Show another text (or the same text with new highlights); *blocks* are (kind, start,
        end) ranges styled as headings, code or table headers."""
        text = printable(text)
        if text != self.text:
            self._wraps.clear()
        self.text, self.title_end = text, title_end
        self._set_blocks(blocks)
        self.all_highlights = sorted(highlights, key=lambda h: h.start)
        self._apply_filters()
        self._rewrap()

    def set_hidden_labels(self, hidden: set[str]) -> None:
        """Stop highlighting (and stepping through) the types whose classes are in *hidden*."""
        self.hidden_labels = set(hidden)
        self._apply_filters()
        self._restyle()

    def set_matches(self, matches: list[tuple[int, int]], current: int = -1) -> None:
        """Mark search matches (sorted by start), the one at index *current* as the current one."""
        self.matches = matches
        self._match_starts = [start for start, _ in matches]
        self.current_match = current
        self._restyle()

    def set_current_match(self, index: int) -> None:
        """Show the match at *index* as the current one (redrawing the two lines that change)."""
        old, self.current_match = self.current_match, index
        for changed in (old, index):
            if 0 <= changed < len(self.matches):
                self._refresh_span(*self.matches[changed])

    def _apply_filters(self) -> None:
        current = self.current
        self.highlights = [h for h in self.all_highlights if highlight_group(h.label) not in self.hidden_labels]
        self._highlight_starts = [h.start for h in self.highlights]
        index = self.highlight_index_at(current.start) if current is not None else None
        self.set_reactive(ArticleView.cursor, -1 if index is None else index)

    def _restyle(self) -> None:
        """Forget every drawn line (the wrap stays) and draw again."""
        self._strips.clear()
        self.refresh()

    def _set_blocks(self, blocks: tuple[tuple[str, int, int], ...]) -> None:
        self._blocks = sorted((start, end, "." + BLOCK_CLASSES[kind]) for kind, start, end in blocks
                              if kind in BLOCK_CLASSES)
        self._block_starts = [start for start, _, _ in self._blocks]
        reach, self._block_reach = 0, []
        for _, end, _ in self._blocks:  # blocks may nest (inline code in a heading)
            reach = max(reach, end)
            self._block_reach.append(reach)
        self._code_blocks = sorted((start, end) for kind, start, end in blocks if kind == "code")
        self._code_starts = [start for start, _ in self._code_blocks]

    def _blocks_overlapping(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """The blocks that overlap text[start:end], in order."""
        first = bisect_right(self._block_reach, start)
        return [block for block in self._blocks[first:bisect_left(self._block_starts, end)] if block[1] > start]

    def _in_code_block(self, offset: int) -> bool:
        """Whether character *offset* is inside a code block (its lines are shaded to the edge)."""
        i = bisect_right(self._code_starts, offset) - 1
        return i >= 0 and offset < self._code_blocks[i][1]

    @property
    def current(self) -> Highlight | None:
        """The selected mention."""
        return self.highlights[self.cursor] if 0 <= self.cursor < len(self.highlights) else None

    # --- wrapping --------------------------------------------------------------------

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
        """What a rewrap keeps in view: (the cursor's offset, True) if the cursor is on screen,
        else (the offset of the top line, False); None before the first wrap. "On screen" is
        judged at the height last laid out: when this runs, the size may already be the new one."""
        if not self._starts or not self._shown_height:
            return None
        if self._is_visible(self.current, self._shown_height):
            return self.current.start, True
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

    # --- rendering -------------------------------------------------------------------

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
        content = self._line_content(index)
        base = self.visual_style  # cached by Textual, unlike Widget.rich_style (worked out per call)
        segments = [Segment(text, style.rich_style)
                    for text, style in content.render(base, end="", parse_style=self._get_style)]
        pad = base + self._get_style(".article--code") if self._in_code_block(self._starts[index]) else base
        return Strip(segments).extend_cell_length(width, pad.rich_style)

    def _line_content(self, index: int) -> Content:
        """Wrapped line *index* with the styles of what overlaps it: title, Markdown blocks, names,
        matches, cursor."""
        start, end = self._starts[index], self._ends[index]
        spans = []
        if start < self.title_end:
            spans.append(Span(0, min(end, self.title_end) - start, ".article--title"))
        for b_start, b_end, style in self._blocks_overlapping(start, end):
            spans.append(Span(max(b_start, start) - start, min(b_end, end) - start, style))
        for h in _overlapping(self.highlights, self._highlight_starts, start, end):
            style = f".article--{highlight_group(h.label)}"
            spans.append(Span(max(h.start, start) - start, min(h.end, end) - start, style))
        for i in _overlapping_indexes(self.matches, self._match_starts, start, end):
            m_start, m_end = self.matches[i]
            style = ".article--match-current" if i == self.current_match else ".article--match"
            spans.append(Span(max(m_start, start) - start, min(m_end, end) - start, style))
        current = self.current
        if current is not None and current.start < end and current.end > start:
            spans.append(Span(max(current.start, start) - start, min(current.end, end) - start, ".article--cursor"))
        return Content(self.text[start:end], spans)

    def _refresh_span(self, start: int, end: int) -> None:
        """Draw again the lines holding text[start:end]."""
        if not self._starts:
            return
        first, last = self.line_of(start), self.line_of(max(start, end - 1))
        for line in range(first, last + 1):
            self._strips.discard(line)
        self.refresh_lines(first, last - first + 1)

    def _refresh_highlight(self, index: int) -> None:
        if 0 <= index < len(self.highlights):
            self._refresh_span(self.highlights[index].start, self.highlights[index].end)

    # --- cursor and scrolling ----------------------------------------------------------

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.post_message(self.PositionChanged())

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_highlight(old)
        self._refresh_highlight(new)
        if self.current is not None:
            self.scroll_to_offset(self.current.start)
        self.post_message(self.CursorMoved(self.current))

    def scroll_to_offset(self, offset: int, center: bool = False) -> None:
        """Scroll so the line holding *offset* is visible (centred if *center*)."""
        if not self._starts or not self.size.height:
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
        index = bisect_right(self._highlight_starts, offset) - 1
        if index >= 0 and self.highlights[index].start <= offset < self.highlights[index].end:
            return index
        return None

    @property
    def position(self) -> int:
        """How far down the article the bottom of the screen is, in percent (as ``less`` shows it)."""
        if not self._starts:
            return 0
        bottom = min(len(self._starts), self.scroll_offset.y + max(1, self.scrollable_content_region.height))
        return round(100 * bottom / len(self._starts))

    def action_move(self, step: int) -> None:
        """Select the next (step 1) or previous (step -1) mention, starting from what is on screen."""
        if not self.highlights:
            self.app.bell()
            return
        if self.cursor == -1 or not self._is_visible(self.current):
            self.cursor = self._first_visible_index(step)
        else:
            self.cursor = (self.cursor + step) % len(self.highlights)

    def _is_visible(self, highlight: Highlight | None, height: int | None = None) -> bool:
        """Whether *highlight* starts on a line on screen (*height* lines from the top; default: the view's)."""
        if highlight is None or not self._starts:
            return False
        top = self.scroll_offset.y
        return top <= self.line_of(highlight.start) < top + (height or self.scrollable_content_region.height)

    def _first_visible_index(self, step: int) -> int:
        top = self._starts[min(self.scroll_offset.y, len(self._starts) - 1)] if self._starts else 0
        after = bisect_left(self._highlight_starts, top)
        if step > 0:
            return after if after < len(self.highlights) else 0
        return (after - 1) % len(self.highlights)

    def action_activate(self) -> None:
        """Open the dossier of the name under the cursor; with the cursor off screen (the text
        was scrolled away from it), of the first name on screen instead, as w3m follows the
        link on screen: never of a name the reader cannot see."""
        if not self._is_visible(self.current):
            first = self._first_visible_index(1) if self.highlights else None
            if first is None or not self._is_visible(self.highlights[first]):
                self.app.bell()
                return
            self.cursor = first
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


def _overlapping_indexes(spans: list, starts: list[int], start: int, end: int) -> range:
    """Indexes of the items of *spans* (sorted by start, not overlapping each other; *starts*
    their starts) that overlap text[start:end]."""
    first = bisect_right(starts, start) - 1
    if first < 0 or spans[first][1] <= start:
        first += 1
    return range(first, bisect_left(starts, end))


def _overlapping(spans: list, starts: list[int], start: int, end: int) -> list:
    return [spans[i] for i in _overlapping_indexes(spans, starts, start, end)]


def wrap_lines(text: str, width: int) -> tuple[list[int], list[int]]:
    """Wrap *text* at *width* cells: (start, end) offsets of each line, trailing spaces left out.

    Breaks at spaces, folds a word longer than a line, keeps blank lines, as Rich's
    ``divide_line`` does; a paragraph of one-cell characters (most prose) is cut by one regular
    expression instead, ten times quicker on a long article.
    """
    starts: list[int] = []
    ends: list[int] = []
    line = re.compile(rf"(.{{0,{width - 1}}}\S(?=\s|$)|\S{{{width}}}|.{{1,{width}}})\s*")
    position = 0
    for paragraph in text.split("\n"):
        if not paragraph:
            starts.append(position)
            ends.append(position)
        elif _NARROW_BREAKER.search(paragraph) is None:
            at = 0
            while at < len(paragraph):
                match = line.match(paragraph, at)
                starts.append(position + at)
                ends.append(position + match.end(1))
                at = match.end()
        else:
            cuts = [0, *divide_line(paragraph, width, fold=True), len(paragraph)]
            for cut, next_cut in zip(cuts, cuts[1:]):
                starts.append(position + cut)
                ends.append(position + cut + len(paragraph[cut:next_cut].rstrip()))
        position += len(paragraph) + 1
    return starts, ends
