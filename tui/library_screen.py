"""The library: every article in the index, filterable, to open or delete."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable
from textual.worker import Worker, WorkerState

from nlp.index import ArticleSummary, IndexUnavailable, open_index, parse_filter
from nlp.index.reads import narrowed_listing
from nlp.text import one_line
from tui.confirm import ConfirmScreen
from tui.list_screen import ListScreen, cell, selected_key
from tui.open_screen import OpenScreen

SOURCE_WIDTH = 22
STAR = "* "
"""Before the title of a starred article."""
PAGE_ROWS = 60
"""Articles read from the index at a time: the first page on each keystroke, the next ones as the
cursor comes near the end of the table."""
LOAD_AHEAD = 20
"""How close to the last row the cursor comes before the next page is read."""
WATCH_SECONDS = 2.0
"""How often the library checks the index for articles imported by another process."""


class LibraryScreen(ListScreen):
    """Articles in the index: title, source, date added, number of names."""

    TABLE_ID = "articles"
    PLACEHOLDER = "Filter (/): words of the title or source, is:unread is:starred is:followed feed:NAME"
    BINDINGS = [
        Binding("delete,x", "delete", "Delete"),
        Binding("e", "app.entities", "Names"),
        Binding("o", "open_location", "Open file/URL"),
        Binding("u", "only_unread", "Unread only"),
        Binding("asterisk", "star", "Star"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    @dataclass
    class ArticlesListed(Message):
        """A page of the articles matching *query* was read from the index (in a worker)."""

        request: int
        """The number of the list request it answers: pages of older requests are dropped."""
        query: str
        articles: list[ArticleSummary]
        more: bool
        """Whether more articles match after these."""
        appended: bool
        """Whether the page follows the rows shown (else it replaces them)."""
        total: int
        """Articles in the whole library."""

    @dataclass
    class ArticlesCounted(Message):
        """The articles matching *query* were counted (in a worker, after its first page)."""

        query: str
        matching: int
        unread: int
        """How many of them are unread."""

    def __init__(self) -> None:
        super().__init__()
        self.articles: list[ArticleSummary] = []
        """The articles in the table, newest first."""
        self.more = False
        """Whether more articles match the filter than the table holds."""
        self.total = 0
        self.matching: int | None = None
        """How many articles match the filter (None until counted)."""
        self.unread: int | None = None
        """How many of them are unread (None until counted)."""
        self.listed_query: str | None = None
        """The filter the table shows the articles of (None until the first page arrives)."""
        self._title_width = 0
        self._requests = 0
        """How many lists were asked for: the number of the latest request."""
        self._next_page_asked = False

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
        """Reload the first page of the articles matching the filter, in a worker."""
        self._list_articles(self.filter_box.value)

    def filter_changed(self, query: str) -> None:
        narrowed = self._narrowed(query) if self._holds_every_match() else None
        if narrowed is None:
            self._list_articles(query)
        else:  # the table holds every article the filter can still match
            self._requests += 1
            self._show_articles(query, narrowed, more=False, total=self.total)
            self.matching, self.unread = len(narrowed), sum(article.unread for article in narrowed)
            self._describe()

    def _narrowed(self, query: str) -> list[ArticleSummary] | None:
        """The articles listed that *query* lists, when it only narrows the listed filter's words
        (its filter words, ``is:unread`` and the others, unchanged); else None."""
        listed, wanted = parse_filter(self.listed_query), parse_filter(query)
        if listed._replace(words="") != wanted._replace(words=""):
            return None
        return narrowed_listing(self.articles, listed.words, wanted.words)

    def _holds_every_match(self) -> bool:
        """Whether the table lists every article matching its filter (no page left to read)."""
        return self.listed_query is not None and not self.more

    def _list_articles(self, query: str) -> None:
        self._requests += 1
        self._next_page_asked = False
        self._list_worker(self._requests, query, None)

    # Not ``exclusive``: a worker cancelled by a newer one makes ``app.workers.wait_for_complete()``
    # raise WorkerCancelled. Each worker instead checks it is still the latest request.
    @work(thread=True, exit_on_error=False, group="library", description="filter the library")
    def _list_worker(self, request: int, query: str, after: ArticleSummary | None) -> None:
        if request != self._requests:
            return  # keys typed since: only the latest filter is run
        listing = parse_filter(query)
        with open_index(self.app.settings.data_dir, read_only=True) as index:
            total = index.article_count()
            articles = index.list_filtered(listing, limit=PAGE_ROWS + 1, after=after)
            if request != self._requests:
                return
            more = len(articles) > PAGE_ROWS
            self.post_message(self.ArticlesListed(request, query, articles[:PAGE_ROWS], more, after is not None, total))
            if after is None:  # the table is shown first; counting reads the whole listing index
                if more:
                    matching, unread = index.count_filtered(listing)
                else:  # the page holds every match: nothing to count in the index
                    matching, unread = len(articles), sum(article.unread for article in articles)
                if request == self._requests:
                    self.post_message(self.ArticlesCounted(query, matching, unread))

    def on_library_screen_articles_listed(self, message: ArticlesListed) -> None:
        if message.request != self._requests:
            return
        if message.appended:
            self.articles += message.articles
            self._add_rows(message.articles)
            self.more, self.total = message.more, message.total
        else:
            self._show_articles(message.query, message.articles, message.more, message.total)
        self._next_page_asked = False
        self._describe()

    def _show_articles(self, query: str, articles: list[ArticleSummary], more: bool, total: int) -> None:
        """Fill the table with the first page of the articles matching *query*."""
        self.articles, self.listed_query, self.matching, self.unread = articles, query, None, None
        self.more, self.total = more, total
        self._fill()

    def on_library_screen_articles_counted(self, message: ArticlesCounted) -> None:
        if message.query == self.listed_query:
            self.matching, self.unread = message.matching, message.unread
            self._describe()

    @on(DataTable.RowHighlighted)
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        """Read the next page when the cursor comes within :data:`LOAD_AHEAD` rows of the last one."""
        if self.more and not self._next_page_asked and event.cursor_row >= self.table.row_count - LOAD_AHEAD:
            self._next_page_asked = True
            self._list_worker(self._requests, self.listed_query or "", self.articles[-1])

    @on(Worker.StateChanged)
    def _list_failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "library" and event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(str(error) or type(error).__name__, title="Could not list the library",
                        severity="error", markup=False)

    def _fill(self) -> None:
        table = self.table
        selected = selected_key(table)
        width = _title_width(self.size.width or self.app.size.width)
        if width == self._title_width and table.columns:
            table.clear()  # the columns stay: only the rows change as the filter is typed
        else:
            self._title_width = width
            table.clear(columns=True)
            table.add_column("Title", key="title", width=width)
            table.add_column("Source", key="source", width=SOURCE_WIDTH)
            table.add_column("Published", key="published", width=10)
            table.add_column("Added", key="added", width=10)
            table.add_column("Names", key="names", width=5)
        self._add_rows(self.articles)
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected), animate=False)

    def _add_rows(self, articles: list[ArticleSummary]) -> None:
        for article in articles:
            self.table.add_row(cell(STAR * article.starred + article.title, article.unread),
                               cell(article.site or _origin(article), article.unread),
                               cell((article.published or "")[:10]), cell(article.added_at[:10]),
                               cell(str(article.entity_count)),
                               key=str(article.id))

    def _describe(self) -> None:
        shown, total = len(self.articles), self.total
        matching = f"{shown:,}{'+' * self.more}" if self.matching is None else f"{self.matching:,}"
        empty = ("" if shown else "The library is empty. Add articles with:  margin add PATH" if not total
                 else "No article matches the filter.")
        unread = "" if self.unread is None else f" · {self.unread:,} unread"
        self.describe("Margin library", f"{matching} of {total:,} article{'s' * (total != 1)}{unread}", empty)

    def row_chosen(self, key: str) -> None:
        self.app.open_article(int(key), within=self.filter_box.value)

    def action_only_unread(self) -> None:
        """``u``: show only the unread articles, or all of them again (the ``is:unread`` filter word)."""
        box = self.filter_box
        listing = parse_filter(box.value)
        words = [word for word in box.value.split() if word.lower() != "is:unread"]
        box.value = " ".join(words if listing.unread else ["is:unread", *words])

    def action_star(self) -> None:
        """``*``: star the article under the cursor, or take its star away."""
        key = selected_key(self.table)
        if key is None:
            return
        article = next(a for a in self.articles if str(a.id) == key)
        try:
            self.app.index.set_starred(article.id, not article.starred)
        except IndexUnavailable as err:
            self.notify(str(err).splitlines()[0], title="Not starred", severity="warning", markup=False)
            return
        self.refresh_articles()

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
