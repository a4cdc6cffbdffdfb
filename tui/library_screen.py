"""The library: every article in the index, filterable, to open or delete."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.worker import Worker, WorkerState

from nlp.index import ArticleSummary, open_index
from nlp.text import one_line
from tui.confirm import ConfirmScreen
from tui.list_screen import ListScreen, cell, selected_key
from tui.open_screen import OpenScreen

SOURCE_WIDTH = 22
ROW_LIMIT = 2000
"""Most articles listed at once; the filter searches the whole library."""
WATCH_SECONDS = 2.0
"""How often the library checks the index for articles imported by another process."""


class LibraryScreen(ListScreen):
    """Articles in the index: title, source, date added, number of names."""

    TABLE_ID = "articles"
    PLACEHOLDER = "Filter by title or source (/)"
    BINDINGS = [
        Binding("delete,x", "delete", "Delete"),
        Binding("e", "app.entities", "Names"),
        Binding("o", "open_location", "Open file/URL"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    @dataclass
    class ArticlesListed(Message):
        """The articles matching *query* were read from the index (in a worker)."""

        query: str
        articles: list[ArticleSummary]
        total: int
        """Articles in the whole library."""

    def __init__(self) -> None:
        super().__init__()
        self.articles: list[ArticleSummary] = []
        """The articles in the table, newest first."""
        self.total = 0
        self.listed_query: str | None = None
        """The filter the table shows the articles of (None until the first list arrives)."""
        self._title_width = 0
        self._requests = 0
        """How many lists were asked for: the number of the latest request."""

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_articles()
        self._seen_version = self.app.index.data_version()
        self.set_interval(WATCH_SECONDS, self._watch_index)

    def _watch_index(self) -> None:
        """Show articles another process (``margin add``) has imported meanwhile."""
        version = self.app.index.data_version()
        if version != self._seen_version:
            self._seen_version = version
            self.refresh_articles()

    def on_resize(self) -> None:
        if self.listed_query is not None and _title_width(self.size.width) != self._title_width:
            self._fill()

    def on_screen_resume(self) -> None:
        self.refresh_articles()

    def refresh_articles(self) -> None:
        """Reload the article list (the newest :data:`ROW_LIMIT` matching the filter) in a worker."""
        self._list_articles(self.filter_box.value)

    def filter_changed(self, query: str) -> None:
        self._list_articles(query)

    def _list_articles(self, query: str) -> None:
        self._requests += 1
        self._list_worker(self._requests, query)

    # Not ``exclusive``: a worker cancelled by a newer one makes ``app.workers.wait_for_complete()``
    # raise WorkerCancelled. Each worker instead checks it is still the latest request.
    @work(thread=True, exit_on_error=False, group="library", description="filter the library")
    def _list_worker(self, request: int, query: str) -> None:
        if request != self._requests:
            return  # keys typed since: only the latest filter is run
        with open_index(self.app.settings.data_dir, read_only=True) as index:
            total = index.article_count()
            articles = index.list_articles(query, limit=ROW_LIMIT)
        if request == self._requests:
            self.post_message(self.ArticlesListed(query, articles, total))

    def on_library_screen_articles_listed(self, message: ArticlesListed) -> None:
        self.articles, self.total, self.listed_query = message.articles, message.total, message.query
        self._fill()

    @on(Worker.StateChanged)
    def _list_failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "library" and event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(str(error) or type(error).__name__, title="Could not list the library",
                        severity="error", markup=False)

    def _fill(self) -> None:
        table = self.table
        selected = selected_key(table)
        self._title_width = _title_width(self.size.width or self.app.size.width)
        table.clear(columns=True)
        table.add_column("Title", key="title", width=self._title_width)
        table.add_column("Source", key="source", width=SOURCE_WIDTH)
        table.add_column("Published", key="published", width=10)
        table.add_column("Added", key="added", width=10)
        table.add_column("Names", key="names", width=5)
        for article in self.articles:
            table.add_row(cell(article.title), cell(article.site or _origin(article)),
                          (article.published or "")[:10], article.added_at[:10], str(article.entity_count),
                          key=str(article.id))
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected), animate=False)
        self._describe()

    def _describe(self) -> None:
        shown, total = len(self.articles), self.total
        capped = f" (the newest {ROW_LIMIT:,}: filter to find others)" if shown == ROW_LIMIT < total else ""
        empty = ("" if shown else "The library is empty. Add articles with:  margin add PATH" if not total
                 else "No article matches the filter.")
        self.describe("Margin library", f"{shown:,} of {total:,} article{'s' * (total != 1)}{capped}", empty)

    def row_chosen(self, key: str) -> None:
        self.app.open_article(int(key))

    def action_open_location(self) -> None:
        """Ask for a file or address and open it (added to the library once its names are found)."""
        self.app.push_screen(OpenScreen(), self._opened)

    def _opened(self, source) -> None:
        if source is not None:
            self.app.open_source(source)

    def action_clear_filter(self) -> None:
        self.filter_box.value = ""
        self.table.focus()

    def action_delete(self) -> None:
        key = selected_key(self.table)
        if key is None:
            return
        article = next(a for a in self.articles if str(a.id) == key)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.index.delete_article(article.id)
                self.notify(f"Deleted “{one_line(article.title)}”", markup=False)
                self.refresh_articles()

        self.app.push_screen(ConfirmScreen(f"Delete “{one_line(article.title)}” from the library?"), confirmed)


def _title_width(screen_width: int) -> int:
    return max(16, screen_width - SOURCE_WIDTH - 10 - 10 - 5 - 12)


def _origin(article: ArticleSummary) -> str:
    if article.url:
        return article.url
    return Path(article.path).name if article.path else ""
