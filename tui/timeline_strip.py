"""The dossier's timeline: one line of bars, a week, month or year each, and a caption under it.

Focused, ``←`` ``→`` pick a period and ``Enter`` lists its articles in the dossier (``Enter``
on the same period again, or ``Esc``, lists them all again). Bars are characters of different
heights, so the strip reads the same without colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from nlp.timeline import Period, Timeline, bar, build_timeline, day_label


class TimelineStrip(Widget, can_focus=True):
    """An entity's articles by period of publication (:mod:`nlp.timeline`), as wide as it is."""

    DEFAULT_CSS = """
    TimelineStrip {
        height: auto;
        margin-bottom: 1;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    TimelineStrip.-empty {
        display: none;
    }
    """
    BINDINGS = [
        Binding("left", "move(-1)", "Earlier", show=False),
        Binding("right", "move(1)", "Later", show=False),
        Binding("home", "move_to(0)", show=False),
        Binding("end", "move_to(-1)", show=False),
        Binding("enter", "choose", "List the period"),
        Binding("escape", "clear", "All articles"),
    ]

    selected: reactive[int] = reactive(-1)
    """Index of the period under the cursor (-1: the latest)."""

    @dataclass
    class PeriodChosen(Message):
        """List the articles of *period* (None: every article again)."""

        period: Period | None

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.days: list[tuple[str, int]] = []
        self.chosen: Period | None = None
        """The period whose articles the dossier lists, if any."""
        self._timeline: tuple[int, Timeline | None] | None = None
        """The timeline built for a width: (width, timeline)."""

    def set_days(self, days: list[tuple[str, int]]) -> None:
        """Show the (YYYY-MM-DD, articles) *days* of an entity, no period chosen."""
        self.days, self.chosen, self._timeline = days, None, None
        self.set_class(not days, "-empty")
        self.selected = -1
        self.refresh()

    @property
    def timeline(self) -> Timeline | None:
        """The timeline as wide as the strip (built once per width)."""
        width = self.content_region.width or 40
        if self._timeline is None or self._timeline[0] != width:
            self._timeline = (width, build_timeline(self.days, width))
        return self._timeline[1]

    def _index(self) -> int | None:
        timeline = self.timeline
        if timeline is None:
            return None
        return self.selected % len(timeline.periods)

    def render(self) -> Content:
        timeline = self.timeline
        if timeline is None:
            return Content("")
        most = max(period.articles for period in timeline.periods)
        index = self._index() if self.has_focus else None
        bars = [(bar(period.articles, most), "bold $accent" if i == index else "$accent")
                for i, period in enumerate(timeline.periods)]
        if index is None:
            return Content.assemble(*bars, "\n", self._caption(timeline, None))
        marker = "\u00a0" * index + "^"  # under the period picked (its bar may be empty); no-break
        # spaces, as a line's leading spaces are not drawn
        return Content.assemble(*bars, "\n", (marker, "bold"), "\n", self._caption(timeline, index))

    def _caption(self, timeline: Timeline, index: int | None) -> Content:
        if index is None:
            span = day_label(timeline.first_day)
            if timeline.last_day != timeline.first_day:
                span += f" – {day_label(timeline.last_day)}"
            return Content.styled(f"{span} · by {timeline.unit}", "dim")
        period = timeline.periods[index]
        count = f"{period.articles} article{'s' * (period.articles != 1)}"
        return Content.assemble((f"{period.label}: ", "bold"), count, (" (listed)" if self.chosen == period else "", "dim"))

    def on_focus(self) -> None:
        self.refresh(layout=True)  # a line more while a period is being picked

    def on_blur(self) -> None:
        self.refresh(layout=True)

    def watch_selected(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        if self.chosen is None:
            self.selected = -1

    def action_move(self, step: int) -> None:
        """Move the cursor a period earlier (-1) or later (1)."""
        index = self._index()
        if index is None:
            return
        self.selected = max(0, min(len(self.timeline.periods) - 1, index + step))

    def action_move_to(self, index: int) -> None:
        """Put the cursor on the first (0) or last (-1) period."""
        if self.timeline is not None:
            self.selected = index % len(self.timeline.periods)

    def action_choose(self) -> None:
        """List the articles of the period under the cursor, or all again if it is listed already."""
        index = self._index()
        if index is None:
            return
        period = self.timeline.periods[index]
        self.chosen = None if self.chosen == period else period
        self.refresh()
        self.post_message(self.PeriodChosen(self.chosen))

    def action_clear(self) -> None:
        """List every article again, and give the keyboard to the dossier's list."""
        if self.chosen is not None:
            self.chosen = None
            self.post_message(self.PeriodChosen(None))
        self.refresh()
        if self.has_focus:
            self.screen.focus_next()  # the dossier's rows come next

    def on_click(self, event: events.Click) -> None:
        timeline = self.timeline
        offset = event.get_content_offset(self)
        if timeline is not None and offset is not None and offset.y == 0 and offset.x < len(timeline.periods):
            self.focus()
            self.selected = offset.x
            self.action_choose()
