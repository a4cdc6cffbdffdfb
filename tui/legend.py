"""The legend: one swatch per entity type; keys 1-6 hide or show a type."""

from __future__ import annotations

from textual.content import Content, Span
from textual.style import Style
from textual.widget import Widget

from tui.article_view import ArticleView
from tui.labels import LEGEND

HIDDEN_STYLE = "$text-disabled strike"


class Legend(Widget):
    """A one-line key to the highlight colours, greying out hidden types.

    Each type is drawn in the style the article view gives its highlights (its
    ``article--*`` component classes, so themes and NO_COLOR apply to both alike): the
    legend has no styles of its own to compute.
    """

    DEFAULT_CSS = """
    Legend {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.hidden: set[str] = set()

    def set_hidden(self, hidden: set[str]) -> None:
        """Show which types are hidden."""
        self.hidden = set(hidden)
        self.refresh()

    def render(self) -> Content:
        views = self.screen.query(ArticleView)
        view = views.first() if views else None
        text, spans = "", []
        for number, (cls, name) in enumerate(LEGEND, start=1):
            entry = f"{number} {name}"
            if cls in self.hidden:
                style: Style | str = HIDDEN_STYLE
            elif view is not None:
                style = Style.from_rich_style(view.get_component_rich_style(f"article--{cls}", partial=True))
            else:
                style = ""
            spans.append(Span(len(text) + 2, len(text) + len(entry), style))
            text += entry + "  "
        return Content(text.rstrip(), spans)
