"""The library: every article in the index, filterable, to open or delete."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from nlp.index import ArticleSummary
from tui.confirm import ConfirmScreen
from tui.css import LIST_CSS
from tui.key_bar import KeyBar
from tui.safe import one_line


class LibraryScreen(Screen):
    """Articles in the index: title, source, date added, number of names."""

    SCOPED_CSS = False
    DEFAULT_CSS = LIST_CSS

    BINDINGS = [
        Binding("slash", "filter", "Filter", priority=True),
        Binding("delete,x", "delete", "Delete"),
        Binding("e", "app.entities", "Names"),
        Binding("o", "open_location", "Open file/URL"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.articles: list[ArticleSummary] = []

    def compose(self) -> ComposeResult:
        yield Static(id="topbar", markup=False)
        yield Input(id="filter", placeholder="Filter by title or source (/)")
        yield DataTable(id="articles", cursor_type="row", zebra_stripes=True)
        yield Static(id="empty", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).cursor_blink = self.app.cursor_blink
        self._title_width = 0
        self.refresh_articles()
        self.query_one("#articles", DataTable).focus()
        self._seen_version = self.app.index.data_version()
        self.set_interval(WATCH_SECONDS, self._watch_index)

    def _watch_index(self) -> None:
        """Show articles another process (``margin add``) has imported meanwhile."""
        version = self.app.index.data_version()
        if version != self._seen_version:
            self._seen_version = version
            self.refresh_articles()

    def on_resize(self) -> None:
        if _title_width(self.size.width) != self._title_width:
            self._fill()

    def on_screen_resume(self) -> None:
        self.refresh_articles()

    def refresh_articles(self) -> None:
        """Reload the article list from the index (the newest :data:`ROW_LIMIT` matching the filter)."""
        self.total = self.app.index.article_count()
        self.articles = self.app.index.list_articles(self.query_one("#filter", Input).value, limit=ROW_LIMIT)
        self._fill()

    def _fill(self) -> None:
        table = self.query_one("#articles", DataTable)
        selected = _selected_key(table)
        self._title_width = _title_width(self.size.width or self.app.size.width)
        table.clear(columns=True)
        table.add_column("Title", key="title", width=self._title_width)
        table.add_column("Source", key="source", width=SOURCE_WIDTH)
        table.add_column("Published", key="published", width=10)
        table.add_column("Added", key="added", width=10)
        table.add_column("Names", key="names", width=5)
        for article in self.articles:
            table.add_row(_cell(article.title), _cell(article.site or _origin(article)),
                          (article.published or "")[:10], article.added_at[:10], str(article.entity_count),
                          key=str(article.id))
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected), animate=False)
        self._describe()

    def _describe(self) -> None:
        shown, total = len(self.articles), self.total
        capped = f" (the newest {ROW_LIMIT:,}: filter to find others)" if shown == ROW_LIMIT < total else ""
        self.query_one("#topbar", Static).update(Content.assemble(
            ("Margin library", "bold"), (f"  {shown:,} of {total:,} article{'s' * (total != 1)}{capped}", "dim")))
        empty = self.query_one("#empty", Static)
        empty.display = not shown
        empty.update("The library is empty. Add articles with:  margin add PATH" if not total
                     else "No article matches the filter.")

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.refresh_articles()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one("#articles", DataTable).focus()

    @on(DataTable.RowSelected, "#articles")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.open_article(int(event.row_key.value))

    def action_open_location(self) -> None:
        """Ask for a file or address and open it (added to the library once its names are found)."""
        from tui.open_screen import OpenScreen

        self.app.push_screen(OpenScreen(), self._opened)

    def _opened(self, source) -> None:
        if source is None:
            return
        article_id = self.app.index.find_article_by_content_hash(source.content_hash)
        if article_id is not None:
            self.app.open_article(article_id)
        else:
            from tui.reader_screen import ReaderScreen

            self.app.push_screen(ReaderScreen(source=source))

    def action_filter(self) -> None:
        focus_filter(self, self.query_one("#filter", Input))

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.query_one("#articles", DataTable).focus()

    def action_delete(self) -> None:
        table = self.query_one("#articles", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        article = next(a for a in self.articles if str(a.id) == key)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.index.delete_article(article.id)
                self.notify(f"Deleted “{one_line(article.title)}”", markup=False)
                self.refresh_articles()

        self.app.push_screen(ConfirmScreen(f"Delete “{one_line(article.title)}” from the library?"), confirmed)


SOURCE_WIDTH = 22
ROW_LIMIT = 2000
"""Most articles listed at once; the filter searches the whole library."""
WATCH_SECONDS = 2.0
"""How often the library checks the index for articles imported by another process."""


def _title_width(screen_width: int) -> int:
    return max(16, screen_width - SOURCE_WIDTH - 10 - 10 - 5 - 12)


def _selected_key(table: DataTable):
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key


def _cell(text: str) -> Text:
    return Text(one_line(text), no_wrap=True, overflow="ellipsis")


def _origin(article: ArticleSummary) -> str:
    from pathlib import Path

    if article.url:
        return article.url
    return Path(article.path).name if article.path else ""


def focus_filter(screen: Screen, box: Input) -> None:
    """``/``: focus the filter *box* at once, or type "/" in it when it has focus already.

    ``/`` is a priority binding, handled as the key arrives: keys that came in the same read
    (a fast typist, a paste, a slow SSH link) then go to the filter, not to the table's keys.
    """
    if screen.focused is box:
        box.insert_text_at_cursor("/")
    else:
        screen.set_focus(box)
