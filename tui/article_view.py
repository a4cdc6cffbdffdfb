"""The article pane: wrapped prose with entity mentions highlighted by type, and a cursor.

A Line-API widget (:class:`tui.wrapped_view.WrappedView`): a line is styled only when it is
drawn, from the highlights and matches that overlap it (found by bisection), and its strip is
kept in a bounded cache. So a type toggle, a search or a cursor
move costs the lines on screen, not the length of the article.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from textual import events
from textual.binding import Binding
from textual.content import Content, Span
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style

from nlp.labels import highlight_group
from tui.article_text import BLOCK_CLASSES, Highlight, TextBlocks, overlapping, overlapping_indexes
from tui.pager_keys import pager_bindings
from tui.wrapped_view import WrappedView

__all__ = ["ArticleView", "Highlight"]

ARTICLE_CSS = """
ArticleView {
    width: 1fr;
    max-width: 84;
    height: 1fr;
    padding: 0 1;
    scrollbar-size-vertical: 1;
    scrollbar-gutter: stable;  /* the wrap width never changes when a scrollbar appears */
}
ArticleView:focus {
    background-tint: $foreground 3%;
}

/* Entity types: six hues that stay six different colours when Textual downgrades them to 256
   and to 16 colours (one per bright ANSI colour on dark themes, one per normal ANSI colour on
   light ones), each with its own text style too (tests/test_colours.py checks both). */
ArticleView > .article--title  { text-style: bold; }
ArticleView > .article--person { color: #ffc65c; text-style: bold; }
ArticleView > .article--org    { color: #7ee07e; text-style: underline; }
ArticleView > .article--place  { color: #5fd7ff; }
ArticleView > .article--group  { color: #e58cff; text-style: italic; }
ArticleView > .article--event  { color: #ff7a7a; }
ArticleView > .article--other  { color: #8f8fff; text-style: italic; }
ArticleView:light > .article--person { color: #8a5a00; }
ArticleView:light > .article--org    { color: #107c10; }
ArticleView:light > .article--place  { color: #00788a; }
ArticleView:light > .article--group  { color: #8e3ba8; }
ArticleView:light > .article--event  { color: #b3261e; }
ArticleView:light > .article--other  { color: #2038a8; }
/* The cursor is the name in reverse video: a block of the type's colour, in every colour mode. */
ArticleView > .article--cursor { text-style: reverse bold; }
/* Search matches: a solid background (ANSI yellow in 16 colours), never the body's. */
ArticleView > .article--match  { background: #7a5c00; }
ArticleView:light > .article--match { background: #ffe08a; }
/* The current search match: a brighter, solid ground with dark text, apart from the others. */
ArticleView > .article--match-current { background: #ffd75f; color: #000000; text-style: bold; }
ArticleView:light > .article--match-current { background: #d78700; color: #000000; text-style: bold; }

/* With NO_COLOR set (https://no-color.org), entity types are told apart by text style alone. */
ArticleView:nocolor > .article--person { text-style: bold underline; }
ArticleView:nocolor > .article--org    { text-style: underline; }
ArticleView:nocolor > .article--place  { text-style: italic; }
ArticleView:nocolor > .article--group  { text-style: italic underline; }
ArticleView:nocolor > .article--event  { text-style: bold italic; }
ArticleView:nocolor > .article--other  { text-style: bold; }
ArticleView:nocolor > .article--cursor { text-style: reverse bold; }
ArticleView:nocolor > .article--match  { text-style: underline; }
ArticleView:nocolor > .article--match-current { text-style: reverse underline; }

/* Markdown blocks: headings bold, code on a faint ground (code blocks are indented too, and
   inline code is italic without colour), table headers bold, footnote markers dim. */
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
"""How the article looks: its box, the entity types, the cursor, search matches, Markdown blocks."""


class ArticleView(WrappedView, can_focus=True):
    """Scrollable article text with highlighted, navigable entity mentions."""

    COMPONENT_CLASSES = {
        "article--title", "article--person", "article--org", "article--place", "article--group",
        "article--event", "article--other", "article--cursor", "article--match", "article--match-current",
        *BLOCK_CLASSES.values(),
    }
    DEFAULT_CSS = ARTICLE_CSS
    BINDINGS = [
        Binding("tab,right_square_bracket", "move(1)", "Next name", show=True),
        Binding("shift+tab,left_square_bracket", "move(-1)", "Prev name", show=False),
        Binding("enter", "activate", "Dossier"),
        *pager_bindings(),
    ]

    cursor: reactive[int] = reactive(-1, repaint=False)
    """Index into :attr:`highlights` of the selected mention, or -1."""

    @dataclass
    class EntityActivated(Message):
        """The user chose a mention (Enter or click)."""

        highlight: Highlight

    @dataclass
    class CursorMoved(Message):
        """The selected mention changed (None: no mention is selected)."""

        highlight: Highlight | None

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleView.CursorMoved)

    def __init__(self, text: str = "", highlights: list[Highlight] | None = None, title_end: int = 0,
                 blocks: tuple[tuple[str, int, int], ...] = (), **kwargs) -> None:
        super().__init__(text, **kwargs)
        self.title_end = title_end
        self._blocks = TextBlocks(blocks)
        self.all_highlights = sorted(highlights or [], key=lambda h: h.start)
        self.hidden_labels: set[str] = set()
        self.highlights = list(self.all_highlights)
        self._highlight_starts = [h.start for h in self.highlights]
        self.matches: list[tuple[int, int]] = []
        self._match_starts: list[int] = []
        self.current_match = -1
        """Index into :attr:`matches` of the match shown as the current one, or -1."""
        self._styles: dict[str, Style] = {}

    # --- content ---------------------------------------------------------------------

    def set_article(self, text: str, highlights: list[Highlight], title_end: int = 0,
                    blocks: tuple[tuple[str, int, int], ...] = ()) -> None:
        """Show another text (or the same text with new highlights); *blocks* are (kind, start,
        end) ranges styled as headings, code or table headers."""
        self.set_text(text)
        self.title_end = title_end
        self._blocks = TextBlocks(blocks)
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

    @property
    def current(self) -> Highlight | None:
        """The selected mention."""
        return self.highlights[self.cursor] if 0 <= self.cursor < len(self.highlights) else None

    def notify_style_update(self) -> None:
        super().notify_style_update()
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

    # --- rendering -------------------------------------------------------------------

    def line_pad(self, index: int) -> Style:
        """Code blocks are shaded to the edge of the view."""
        base = self.visual_style  # cached by Textual, unlike Widget.rich_style (worked out per call)
        return base + self._get_style(".article--code") if self._blocks.in_code(self._starts[index]) else base

    def _kept_offset(self, height: int) -> int | None:
        """The cursor's offset, when it is on screen."""
        return self.current.start if self._is_visible(self.current, height) else None

    def line_content(self, index: int) -> Content:
        """Wrapped line *index* with the styles of what overlaps it: title, Markdown blocks, names,
        matches, cursor."""
        start, end = self._starts[index], self._ends[index]
        spans = []
        if start < self.title_end:
            spans.append(Span(0, min(end, self.title_end) - start, ".article--title"))
        for b_start, b_end, style in self._blocks.overlapping(start, end):
            spans.append(Span(max(b_start, start) - start, min(b_end, end) - start, style))
        for h in overlapping(self.highlights, self._highlight_starts, start, end):
            style = f".article--{highlight_group(h.label)}"
            spans.append(Span(max(h.start, start) - start, min(h.end, end) - start, style))
        for i in overlapping_indexes(self.matches, self._match_starts, start, end):
            m_start, m_end = self.matches[i]
            style = ".article--match-current" if i == self.current_match else ".article--match"
            spans.append(Span(max(m_start, start) - start, min(m_end, end) - start, style))
        current = self.current
        if current is not None and current.start < end and current.end > start:
            spans.append(Span(max(current.start, start) - start, min(current.end, end) - start, ".article--cursor"))
        return Content(self.text[start:end], spans)

    def _refresh_highlight(self, index: int) -> None:
        if 0 <= index < len(self.highlights):
            self._refresh_span(self.highlights[index].start, self.highlights[index].end)

    # --- cursor and scrolling ----------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_highlight(old)
        self._refresh_highlight(new)
        if self.current is not None:
            self.scroll_to_offset(self.current.start)
        self.post_message(self.CursorMoved(self.current))

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

    def on_click(self, event: events.Click) -> None:
        position = event.get_content_offset(self)
        if position is None:
            return
        offset = self.offset_at(position.x + self.scroll_offset.x, position.y + self.scroll_offset.y)
        index = self.highlight_index_at(offset) if offset is not None else None
        if index is not None:
            self.cursor = index
            self.post_message(self.EntityActivated(self.highlights[index]))
