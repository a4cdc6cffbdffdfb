"""The dossier panel: an entity's cross-references, each one a keyboard-selectable row."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.worker import Worker, WorkerState

from nlp.index import IndexUnavailable, StoredArticle, open_index
from nlp.text import one_line
from tui.dossier_rows import CONTEXT_WIDTH, PAGE, dossier_header, dossier_rows

if TYPE_CHECKING:
    from nlp.dossier import Dossier, OtherArticle
    from nlp.timeline import Period
    from tui.timeline_strip import TimelineStrip



class DossierPanel(Vertical):
    """Shows a :class:`nlp.dossier.Dossier`; posts a message when a row is chosen.

    :meth:`load` builds a dossier in a worker thread; bursts of requests (the name cursor held
    down) are coalesced so that only the last one is built.
    """

    DEFAULT_CSS = """
    DossierPanel {
        height: 1fr;
        padding: 0 1;
    }
    DossierPanel > .dossier-header {
        height: auto;
        margin-bottom: 1;
    }
    DossierPanel > .dossier-rows {
        height: 1fr;
        border: none;
        padding: 0;
    }
    """

    COALESCE_S = 0.05
    """How long a requested dossier waits for a newer request before it is built (a held key
    repeats faster than this)."""

    BINDINGS = [
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
        Binding("left,right", "timeline", "Timeline", show=False),
        Binding("escape", "all_periods", "All articles"),
    ]

    @dataclass
    class MentionChosen(Message):
        """Jump the article to the mention at *start*."""

        start: int

    @dataclass
    class ArticleChosen(Message):
        """Open another article at the mention at *start*."""

        article_id: int
        start: int

    @dataclass
    class EntityChosen(Message):
        """Show the dossier of another library entity."""

        entity_id: int

    @dataclass
    class Loaded(Message):
        """The dossier of *entity_id* was built (None: the name is no longer in the library)."""

        dossier: Dossier | None
        entity_id: int

    @dataclass
    class TimelineLoaded(Message):
        """The (day, articles) of *entity_id*'s timeline were read (after its dossier)."""

        entity_id: int
        days: list[tuple[str, int]]

    @dataclass
    class PeriodListed(Message):
        """The articles of a period of *entity_id*'s timeline were read."""

        entity_id: int
        period: Period
        articles: list[OtherArticle]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.dossier: Dossier | None = None
        self.entity_id: int | None = None
        """The entity whose dossier is shown or being built."""
        self._requests = 0
        """How many dossiers were asked for: the number of the latest request."""
        self.period: tuple[Period, list[OtherArticle]] | None = None
        """The timeline's period whose articles the rows list instead of the other articles, with them."""
        self._timeline: TimelineStrip | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="dossier-header", classes="dossier-header", markup=False)
        yield OptionList(id="dossier-rows", classes="dossier-rows", markup=False)

    @property
    def rows(self) -> OptionList:
        """The keyboard-selectable rows."""
        return self.query_one(".dossier-rows", OptionList)

    @property
    def timeline(self) -> TimelineStrip | None:
        """The entity's articles by period, above the rows (mounted with the first timeline read,
        not on the way to the article's first paint)."""
        return self._timeline

    def _timeline_strip(self) -> TimelineStrip:
        if self._timeline is None:
            from tui.timeline_strip import TimelineStrip

            self._timeline = TimelineStrip(classes="dossier-timeline")
            self.mount(self._timeline, before=self.rows)
        return self._timeline

    @property
    def header(self) -> Static:
        """The name, its counts and aliases, above the rows."""
        return self.query_one(".dossier-header", Static)

    def load(self, entity_id: int, article: StoredArticle | None = None) -> None:
        """Show "Loading…", then the dossier of *entity_id* (seen from *article*), built in a worker."""
        self.entity_id = entity_id
        self._requests += 1
        self.show(None, "Loading…")
        self._build(self._requests, entity_id, article)

    # Not ``exclusive``: a worker cancelled by a newer one makes ``app.workers.wait_for_complete()``
    # raise WorkerCancelled. Each worker instead checks it is still the latest request.
    @work(thread=True, exit_on_error=False, group="dossier", description="build a dossier")
    def _build(self, request: int, entity_id: int, article: StoredArticle | None) -> None:
        time.sleep(self.COALESCE_S)
        if request != self._requests:
            return  # a newer request came in meanwhile: only that one is built
        # Imported here, not on the way to an article's first paint: creating the dataclasses of
        # nlp.dossier takes about 4 ms, some 2% of opening an article.
        from nlp.dossier import build_dossier

        with open_index(self.app.settings.data_dir) as index:
            dossier = build_dossier(index, entity_id, article)
            if request != self._requests:
                return
            self.post_message(self.Loaded(dossier, entity_id))
            if dossier is not None:  # one grouped query; shown under the header once read
                days = index.entity_days(entity_id)
                if request == self._requests:
                    self.post_message(self.TimelineLoaded(entity_id, days))

    @on(TimelineLoaded)
    def _timeline_loaded(self, message: TimelineLoaded) -> None:
        message.stop()
        if message.entity_id == self.entity_id:
            self._timeline_strip().set_days(message.days)

    def on_timeline_strip_period_chosen(self, message: TimelineStrip.PeriodChosen) -> None:
        message.stop()
        if message.period is None:
            self.period = None
            self._refill(self._first_other_row())
        elif self.entity_id is not None:
            self._list_period(self.entity_id, message.period)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dossier-period",
          description="list a period's articles")
    def _list_period(self, entity_id: int, period: Period) -> None:
        from nlp.dossier import period_articles

        with open_index(self.app.settings.data_dir) as index:
            articles = period_articles(index, entity_id, period.first_day, period.last_day)
        self.post_message(self.PeriodListed(entity_id, period, articles))

    @on(PeriodListed)
    def _period_listed(self, message: PeriodListed) -> None:
        message.stop()
        strip = self.timeline
        if message.entity_id == self.entity_id and strip is not None and strip.chosen == message.period:
            self.period = (message.period, message.articles)
            self._refill(None)
            self.rows.highlighted = self._first_other_row()
            self.rows.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc lists every article again while the rows list a period's (else it goes to the screen)."""
        if action == "all_periods":
            return self.timeline is not None and self.timeline.chosen is not None
        return True

    def action_all_periods(self) -> None:
        """Esc: the other articles again, in place of the period's."""
        self.timeline.action_clear()

    def _first_other_row(self) -> int | None:
        """The row of the first other article (or of the period's articles), if any."""
        return next((i for i, option in enumerate(self.rows.options) if (option.id or "").startswith("a:")),
                    self.rows.highlighted)

    def toggle_follow(self) -> None:
        """Follow the dossier's entity, or stop following it (``f``)."""
        dossier = self.dossier
        if dossier is None:
            self.app.bell()
            return
        try:
            if dossier.followed:
                self.app.index.unfollow(dossier.entity.id)
            else:
                self.app.index.follow(dossier.entity.id)
        except IndexUnavailable as err:
            self.notify(str(err).splitlines()[0], title="Not changed", severity="warning", markup=False)
            return
        dossier.followed = not dossier.followed
        self.header.update(dossier_header(dossier))
        name = one_line(dossier.entity.name)
        self.notify(f"Following {name}" if dossier.followed else f"No longer following {name}", timeout=3,
                    markup=False)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        message.stop()
        if message.entity_id == self.entity_id:
            self.show(message.dossier, "This name is no longer in the library.")

    @on(Worker.StateChanged)
    def _failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group not in ("dossier", "dossier-period"):
            return
        event.stop()
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.show(None, "Could not load this dossier: " + (str(error) or type(error).__name__))

    def show(self, dossier: Dossier | None, message: str = "") -> None:
        """Fill the panel with *dossier* (or just *message* when there is none)."""
        changed = dossier is None or self.dossier is None or dossier.entity.id != self.dossier.entity.id
        if changed and self.timeline is not None:
            self.timeline.set_days([])  # until the entity's own days are read
        self.dossier = dossier
        self.period = None
        rows = self.rows
        rows.clear_options()
        if dossier is None:
            self.header.update(Content(message))
            return
        self.header.update(dossier_header(dossier))  # names come from cleaned article text
        rows.add_options(dossier_rows(dossier, self.context_width()))
        rows.highlighted = next((i for i, option in enumerate(rows.options) if not option.disabled), None)

    def context_width(self) -> int:
        """Cells a one-line context may take in the panel as laid out now."""
        width = self.content_region.width
        return max(20, width - 3) if width else CONTEXT_WIDTH

    def on_resize(self) -> None:
        if self.dossier is not None and self.dossier.name:
            self._refill(self.rows.highlighted)

    def _refill(self, highlighted: int | None) -> None:
        rows = self.rows
        rows.clear_options()
        rows.add_options(dossier_rows(self.dossier, self.context_width(), self.period))
        rows.highlighted = highlighted

    def show_more(self) -> None:
        """Load the next page of other articles, keeping the cursor where the new ones start."""
        dossier = self.dossier
        if dossier is None:
            return
        from nlp.dossier import other_articles_page  # imported by the dossier's worker already

        first_new = self.rows.highlighted
        dossier.other_articles += other_articles_page(self.app.index, dossier.entity.id, dossier.article_id,
                                                      offset=len(dossier.other_articles), limit=PAGE)
        self._refill(first_new)

    def focus_rows(self) -> None:
        """Give the keyboard to the list of rows."""
        self.rows.focus()

    def action_cursor_down(self) -> None:
        self.rows.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.rows.action_cursor_up()

    def action_timeline(self) -> None:
        """``←`` ``→`` in the dossier's list: to the timeline, to pick a period (Enter lists its articles)."""
        strip = self.timeline
        if strip is not None and strip.days:
            strip.focus()  # on the period under its cursor (at first the latest); its own keys move it

    @on(OptionList.OptionSelected, ".dossier-rows")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        kind, *values = (event.option.id or "").split(":")
        numbers = [int(v) for v in values]
        if kind == "more":
            self.show_more()
        elif kind == "m":
            self.post_message(self.MentionChosen(numbers[0]))
        elif kind == "a":
            self.post_message(self.ArticleChosen(numbers[0], numbers[1]))
        elif kind in ("v", "r", "c"):
            self.post_message(self.EntityChosen(numbers[0]))
