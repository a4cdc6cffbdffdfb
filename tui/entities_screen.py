"""The entity browser: every name in the library by number of mentions, and a name's dossier."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from nlp.dossier import build_dossier
from nlp.index import IndexEntity, open_index
from tui.css import LIST_CSS
from tui.dossier_panel import DossierPanel
from tui.key_bar import KeyBar
from tui.labels import label_short
from tui.library_screen import focus_filter
from tui.messages import DossierLoaded
from tui.safe import one_line

BROWSER_LIMIT = 5000
"""Most names listed; the filter searches these."""


class EntitiesScreen(Screen):
    """Library entities, filterable; Enter opens the dossier."""

    SCOPED_CSS = False
    DEFAULT_CSS = LIST_CSS

    BINDINGS = [
        Binding("slash", "filter", "Filter", priority=True),
        Binding("escape", "app.back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entities: list[IndexEntity] = []

    def compose(self) -> ComposeResult:
        yield Static(id="topbar", markup=False)
        yield Input(id="filter", placeholder="Filter names (/)")
        yield DataTable(id="entities", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#entities", DataTable)
        name_width = max(16, self.app.size.width - 14 - 9 - 9 - 8)
        for title, width in (("Name", name_width), ("Type", 13), ("Mentions", 8), ("Articles", 8)):
            table.add_column(title, key=title.lower(), width=width)
        self.query_one("#filter", Input).cursor_blink = self.app.cursor_blink
        self.entities = self.app.index.top_entities(BROWSER_LIMIT)
        self._fill("")
        table.focus()

    def _fill(self, query: str) -> None:
        table = self.query_one("#entities", DataTable)
        table.clear()
        words = query.casefold().split()
        shown = [e for e in self.entities if all(w in e.name.casefold() for w in words)]
        for entity in shown:
            table.add_row(Text(one_line(entity.name), no_wrap=True, overflow="ellipsis"), label_short(entity.label), str(entity.mention_count),
                          str(entity.article_count), key=str(entity.id))
        self.query_one("#topbar", Static).update(Content.assemble(
            ("Names in the library", "bold"), (f"  {len(shown)} of {len(self.entities)}", "dim")))

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one("#entities", DataTable).focus()

    def action_filter(self) -> None:
        focus_filter(self, self.query_one("#filter", Input))

    @on(DataTable.RowSelected, "#entities")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(EntityScreen(int(event.row_key.value)))


class EntityScreen(Screen):
    """The dossier of one library entity, full screen."""

    BINDINGS = [Binding("escape", "app.back", "Back")]

    def __init__(self, entity_id: int) -> None:
        super().__init__()
        self.entity_id = entity_id

    def compose(self) -> ComposeResult:
        yield DossierPanel(id="entity-dossier")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DossierPanel).show(None, "Loading…")
        self._build(self.entity_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dossier")
    def _build(self, entity_id: int) -> None:
        with open_index(self.app.settings.data_dir) as index:
            dossier = build_dossier(index, entity_id)
        if not get_current_worker().is_cancelled:
            self.post_message(DossierLoaded(dossier, entity_id))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "dossier":
            self.query_one(DossierPanel).show(None, f"Could not load this dossier: {event.worker.error}")

    def on_dossier_loaded(self, message: DossierLoaded) -> None:
        if message.entity_id == self.entity_id:
            self.query_one(DossierPanel).show(message.dossier, "This name is no longer in the library.")
            self.query_one(DossierPanel).focus_rows()

    @on(DossierPanel.ArticleChosen)
    def _open_article(self, event: DossierPanel.ArticleChosen) -> None:
        self.app.open_article(event.article_id, event.start)

    @on(DossierPanel.EntityChosen)
    def _open_entity(self, event: DossierPanel.EntityChosen) -> None:
        self.entity_id = event.entity_id
        self.query_one(DossierPanel).show(None, "Loading…")
        self._build(event.entity_id)
