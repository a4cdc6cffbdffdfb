"""The legend: one swatch per entity type; keys 1-6 hide or show a type."""

from __future__ import annotations

from textual.content import Content, Span
from textual.widget import Widget

from tui.labels import LEGEND


class Legend(Widget):
    """A one-line key to the highlight colours, greying out hidden types."""

    COMPONENT_CLASSES = {f"legend--{cls}" for cls, _ in LEGEND} | {"legend--hidden"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.hidden: set[str] = set()

    def set_hidden(self, hidden: set[str]) -> None:
        """Show which types are hidden."""
        self.hidden = set(hidden)
        self.refresh()

    def render(self) -> Content:
        text, spans = "", []
        for number, (cls, name) in enumerate(LEGEND, start=1):
            entry = f"{number} {name}"
            style = ".legend--hidden" if cls in self.hidden else f".legend--{cls}"
            spans.append(Span(len(text) + 2, len(text) + len(entry), style))
            text += entry + "  "
        return Content(text.rstrip(), spans)
