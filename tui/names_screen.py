"""The name browser: every name in the library by number of mentions; Enter shows its dossier."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from nlp.index import IndexEntity
from tui.dossier_panel import DossierPanel
from tui.key_bar import KeyBar
from tui.labels import label_short
from tui.list_screen import ListScreen, cell

BROWSER_LIMIT = 5000
"""Most names listed; the filter searches these."""


FOLLOWED_MARK = "● "
"""Before the name of a followed entity."""


class NamesScreen(ListScreen):
    """The library's names, filterable, the followed ones first; Enter opens the dossier."""

    TABLE_ID = "entities"
    PLACEHOLDER = "Filter names (/)"
    BINDINGS = [
        Binding("escape", "app.back", "Back"),
        Binding("c", "corrections", "Corrections"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entities: list[IndexEntity] = []
        """The followed names, then the most mentioned others."""
        self.followed: set[int] = set()

    def on_mount(self) -> None:
        super().on_mount()
        name_width = max(16, self.app.size.width - 14 - 9 - 9 - 8)
        for title, width in (("Name", name_width), ("Type", 13), ("Mentions", 8), ("Articles", 8)):
            self.table.add_column(title, key=title.lower(), width=width)
        self._read_entities()
        self.filter_changed("")

    def _read_entities(self) -> None:
        followed = self.app.index.followed()
        self.followed = {entity.id for entity in followed}
        self.entities = followed + [e for e in self.app.index.top_entities(BROWSER_LIMIT) if e.id not in self.followed]

    def on_screen_resume(self) -> None:
        """Back from the corrections, a dossier (or an article): the names as they are now."""
        if self.entities:  # not on the first showing: on_mount reads them
            self._read_entities()
            self.filter_changed(self.filter_box.value)

    def action_corrections(self) -> None:
        """``c``: the library's corrections, to undo one."""
        from tui.corrections_screen import CorrectionsScreen

        self.app.push_screen(CorrectionsScreen())

    def filter_changed(self, query: str) -> None:
        table = self.table
        table.clear()
        words = query.casefold().split()
        shown = [e for e in self.entities if all(w in e.name.casefold() for w in words)]
        for entity in shown:
            mark = FOLLOWED_MARK if entity.id in self.followed else ""
            table.add_row(cell(mark + entity.name, bold=bool(mark)), label_short(entity.label),
                          str(entity.mention_count), str(entity.article_count), key=str(entity.id))
        following = f" · {len(self.followed)} followed ({FOLLOWED_MARK.strip()})" if self.followed else ""
        self.describe("Names in the library", f"{len(shown)} of {len(self.entities)}{following}")

    def row_chosen(self, key: str) -> None:
        self.app.push_screen(DossierScreen(int(key)))


class DossierScreen(Screen):
    """The dossier of one library name, full screen."""

    DEFAULT_CSS = """
    DossierScreen DossierPanel {
        padding: 0 2;
    }
    """
    BINDINGS = [
        Binding("escape", "app.back", "Back"),
        Binding("f", "follow", "Follow/unfollow"),
    ]

    def __init__(self, entity_id: int) -> None:
        super().__init__()
        self.entity_id = entity_id

    def compose(self) -> ComposeResult:
        yield DossierPanel(id="entity-dossier")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DossierPanel).load(self.entity_id)
        self.query_one(DossierPanel).focus_rows()

    @on(DossierPanel.ArticleChosen)
    def _open_article(self, event: DossierPanel.ArticleChosen) -> None:
        self.app.open_article(event.article_id, event.start)

    def action_follow(self) -> None:
        """``f``: follow the name, or stop following it."""
        self.query_one(DossierPanel).toggle_follow()

    @on(DossierPanel.EntityChosen)
    def _open_entity(self, event: DossierPanel.EntityChosen) -> None:
        self.entity_id = event.entity_id
        self.query_one(DossierPanel).load(event.entity_id)
