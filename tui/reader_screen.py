"""The reader: an article with highlighted names, the dossier beside (or below) it."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState, get_current_worker

from nlp.index import ReadingState, StoredArticle, open_index
from nlp.reading import ArticleInput
from tui.article_view import ArticleView, Highlight
from tui.dossier_panel import DossierPanel
from tui.key_bar import KeyBar
from tui.labels import LEGEND
from tui.legend import Legend
from tui.messages import CorrectionFailed, CorrectionMade, EntitiesFound, ExtractionFailed
from tui.reader_state import ReadingStateKeys
from tui.reader_corrections import CORRECTION_BINDINGS, CorrectionAsked, ask_correction
from tui.startup import log_startup
from tui.text_search import FoldedText, find_matches, fold_text
from tui.top_bar import TopBar

WIDE_FROM = 100
"""Terminal width from which the dossier docks beside the article (below it when narrower)."""


class ReaderScreen(ReadingStateKeys, Screen):
    """One article. Shows an indexed article at once; a new one is shown at once and
    highlighted when extraction (in a worker thread) has stored it."""

    CSS_PATH = "reader_screen.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_FROM, "-wide")]
    BINDINGS = [
        Binding("escape", "close", "Close/Back"),
        Binding("backspace", "app.back", "Back", show=False),
        Binding("slash", "search", "Search", priority=True),
        Binding("n", "next_match(1)", "Next match"),
        Binding("N", "next_match(-1)", "Prev match", show=False),
        Binding("d", "focus_dossier", "Dossier list", show=False),
        *[Binding(str(n), f"toggle_type('{cls}')", show=False) for n, (cls, _) in enumerate(LEGEND, start=1)],
        *CORRECTION_BINDINGS,
        # A priority key: with the dossier open, f follows its name even from the article,
        # whose own f pages down (as in less) while the dossier is closed.
        Binding("f", "follow", "Follow", priority=True, show=False),  # the dossier's header says so
        Binding("n", "next_unread(1)", "Next unread"),
        Binding("p", "next_unread(-1)", "Prev unread", show=False),
        Binding("asterisk", "star", "Star"),
        Binding("o", "open_link", "Open link", show=False),
    ]

    dossier_open = reactive(False, toggle_class="-dossier-open")
    searching = reactive(False, toggle_class="-searching")

    def __init__(self, article_id: int | None = None, source: ArticleInput | None = None, start: int | None = None,
                 within: str = "") -> None:
        super().__init__()
        self.article_id = article_id
        self.source = source
        self.start = start
        self.within = within
        """The library's filter when the article was opened: ``n`` and ``p`` step through its unread articles."""
        self.state: ReadingState | None = None
        """The article's reading state, read once its text is painted."""
        self._left_at: int | None = None
        """The offset of the text at the top of the view, to keep when the article is left
        (None until the saved one is restored)."""
        self.article: StoredArticle | None = None
        self.matches: list[tuple[int, int]] = []
        self.match_index = -1
        self.hidden_types: set[str] = set()
        self.dossier_entity: int | None = None
        self._shown_corrections = 0
        """The app's count of corrections when the article was last shown."""
        self._folded: tuple[str, FoldedText] | None = None
        """The article's text and its folded form for search, made at the first search."""

    def compose(self) -> ComposeResult:
        wide = self.app.size.width >= WIDE_FROM  # the breakpoint classes, set before the first styling pass
        self.set_class(wide, "-wide")
        self.set_class(not wide, "-narrow")
        yield TopBar(id="topbar")
        with Container(id="body"):  # the article, centred; the dossier docks right (or below) in it
            yield ArticleView(id="article")
            yield DossierPanel(id="dossier")
        search = Input(id="search", placeholder="Search the text (Enter to find, Esc to cancel)")
        search.cursor_blink = self.app.cursor_blink
        yield search
        yield Legend(id="legend")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.article_id is not None:
            self.show_stored(self.article_id)
        elif self.source is not None:
            self.query_one(ArticleView).set_article(self.source.text, [], _title_end(self.source.text, self.source.title),
                                                    self.source.blocks)
            self.set_status(self.source.title, "finding names…")
            # Started once the first frame is out: the worker would only wait for it (the model
            # loads after the first paint), and starting it costs that frame a little.
            self.call_after_refresh(self.extract_entities, self.source)
        self.query_one(ArticleView).focus()

    def watch_dossier_open(self) -> None:
        self.refresh_bindings()  # the correction keys come and go with the dossier

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys typed ahead of the screen do nothing until its widgets exist; the correction
        keys work (and show) while the dossier is open on a stored article."""
        if action == "correct":
            return self.is_mounted and self.dossier_open and self.article is not None
        if action == "follow":
            return self.is_mounted and self.dossier_open and not isinstance(self.focused, Input)
        if action == "next_match" and parameters == (1,):
            return bool(self.matches)  # else n steps through the unread articles
        if action == "next_unread" and parameters == (1,):
            return not self.matches
        if action == "star":
            return self.article is not None or None
        if action == "open_link":
            return self.article is not None and bool(self.article.url)
        return self.is_mounted

    # --- showing an article ----------------------------------------------------------

    def show_stored(self, article_id: int) -> None:
        """Show an article from the index, with its highlights (no spaCy on this path)."""
        article = self.app.index.article(article_id)
        if article is None:
            self.set_status("Article not found", f"the library has no article {article_id}")
            return
        first_showing = self.article is None or self.article.id != article_id
        self.article_id, self.article = article_id, article
        self._shown_corrections = self.app.corrections_made
        highlights = [Highlight(m.start, m.end, m.entity_id, article.entities[m.entity_id].label)
                      for m in article.mentions if m.entity_id in article.entities]
        view = self.query_one(ArticleView)
        view.set_article(article.text, highlights, _title_end(article.text, article.title), article.blocks)
        self._show_status()
        if first_showing:  # the reading state is read and written once the text is on screen
            self.call_after_refresh(self._opened, self.start is None)
        if self.start is not None:
            view.select_offset(self.start)
            self.start = None
        self.refresh_bindings()

    def _show_status(self) -> None:
        article = self.article
        names = len(article.entities)
        status = [f"{names} name{'s' * (names != 1)}"]
        if self.state is not None and self.state.starred:
            status.append("* starred")
        if self.state is not None and self.state.summary_only:
            status.append("summary only: o opens the link" if article.url else "summary only")
        self.set_status(article.title, " · ".join(status), article.site or article.url)

    def set_status(self, title: str, status: str = "", source: str | None = None) -> None:
        """Fill the top bar: title, then source and status, dimmed."""
        self.query_one(TopBar).show(title, status, source)

    @on(ArticleView.PositionChanged)
    def _show_position(self) -> None:
        view = self.query_one(ArticleView)
        self.query_one(TopBar).position = view.position if view.text else None
        if self._left_at is not None:
            self._left_at = view.top_offset

    @work(thread=True, exclusive=True, exit_on_error=False, group="extract", description="find names")
    def extract_entities(self, source: ArticleInput) -> None:
        """Find the entities of *source* and store it (worker thread)."""
        settings = self.app.settings  # read first: the app may have exited by the time spaCy is imported
        extractor = self.app.extractor()  # waits for the first frame before importing spaCy
        from nlp.prepare import analyse_input

        analysis = analyse_input(source, extractor, settings)
        log_startup("names_found", names=len(analysis.entities))
        with open_index(settings.data_dir) as index:
            article_id = index.add_article(source, analysis, settings.fuzzy_cutoff)
        log_startup("article_stored")
        if not get_current_worker().is_cancelled:
            self.post_message(EntitiesFound(article_id))

    def on_entities_found(self, message: EntitiesFound) -> None:
        view = self.query_one(ArticleView)
        top = view.scroll_offset.y
        self.show_stored(message.article_id)
        view.scroll_to(y=top, animate=False, immediate=True)
        self.app.warm_names()
        self.call_after_refresh(log_startup, "highlights_shown")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        if event.worker.group == "extract":
            self.post_message(ExtractionFailed(_reason(event.worker.error)))
        elif event.worker.group == "correct":
            self.post_message(CorrectionFailed(_reason(event.worker.error)))

    def on_extraction_failed(self, message: ExtractionFailed) -> None:
        title = self.source.title if self.source else "Article"
        self.set_status(title, "names not highlighted: " + message.reason.splitlines()[0])
        self.notify(message.reason, title="Could not find names", severity="error", timeout=10, markup=False)

    # --- the dossier -----------------------------------------------------------------

    @on(ArticleView.EntityActivated)
    def _open_dossier(self, event: ArticleView.EntityActivated) -> None:
        if self.dossier_open and self.dossier_entity == event.highlight.entity_id:
            self.action_focus_dossier()
            return
        self.dossier_open = True
        self.load_dossier(event.highlight.entity_id)

    @on(ArticleView.CursorMoved)
    def _follow_cursor(self, event: ArticleView.CursorMoved) -> None:
        if self.dossier_open and event.highlight and event.highlight.entity_id != self.dossier_entity:
            self.load_dossier(event.highlight.entity_id)

    def load_dossier(self, entity_id: int) -> None:
        """Show the dossier of *entity_id* (built in a worker)."""
        self.dossier_entity = entity_id
        self.dossier_panel().load(entity_id, self.article)

    @on(DossierPanel.MentionChosen)
    def _jump_to_mention(self, event: DossierPanel.MentionChosen) -> None:
        view = self.query_one(ArticleView)
        view.select_offset(event.start)
        view.focus()

    @on(DossierPanel.ArticleChosen)
    def _open_article(self, event: DossierPanel.ArticleChosen) -> None:
        self.app.open_article(event.article_id, event.start)

    @on(DossierPanel.EntityChosen)
    def _open_entity(self, event: DossierPanel.EntityChosen) -> None:
        self.load_dossier(event.entity_id)

    def dossier_panel(self) -> DossierPanel:
        """The dossier panel (shown while :attr:`dossier_open`)."""
        return self.query_one(DossierPanel)

    def search_box(self) -> Input:
        """The search input (shown while :attr:`searching`)."""
        return self.query_one("#search", Input)

    def action_focus_dossier(self) -> None:
        if self.dossier_open:
            self.dossier_panel().focus_rows()

    def action_close(self) -> None:
        """Esc: leave the search box, else leave the dossier, else close it, else end the search
        (n then steps through the unread articles again), else go back."""
        view = self.query_one(ArticleView)
        if self.searching:
            self.searching = False
            view.focus()
        elif self.dossier_open and not view.has_focus:
            view.focus()
        elif self.dossier_open:
            self.dossier_open = False
            self.dossier_entity = None
        elif self.matches:
            self.matches, self.match_index = [], -1
            view.set_matches([])
            self.refresh_bindings()
        else:
            self.app.action_back()

    # --- search and filters ------------------------------------------------------------

    def action_search(self) -> None:
        """``/``: a priority binding, so the box has focus before the keys typed with it arrive."""
        box = self.search_box()
        if self.searching and self.focused is box:
            box.insert_text_at_cursor("/")
            return
        self.searching = True
        self.set_focus(box)

    @on(Input.Submitted, "#search")
    def _run_search(self, event: Input.Submitted) -> None:
        view = self.query_one(ArticleView)
        query = event.value.strip()
        if self._folded is None or self._folded[0] is not view.text:
            self._folded = (view.text, fold_text(view.text))  # once per text: a search folds only the query
        self.matches = find_matches(view.text, query, self._folded[1])
        self.match_index = -1
        view.set_matches(self.matches)
        self.refresh_bindings()  # n steps through the matches while there are some
        self.searching = False
        view.focus()
        if not self.matches:
            self.notify(f"Not found: {query}" if query else "Search cleared", markup=False)
            return
        self.action_next_match(1)

    def action_next_match(self, step: int) -> None:
        if not self.matches:
            self.app.bell()
            return
        self.match_index = (self.match_index + step) % len(self.matches)
        view = self.query_one(ArticleView)
        view.set_current_match(self.match_index)
        view.scroll_to_offset(self.matches[self.match_index][0], center=True)
        self.notify(f"Match {self.match_index + 1} of {len(self.matches)}", timeout=2)

    def action_toggle_type(self, cls: str) -> None:
        """Hide or show the highlights of one entity type."""
        self.hidden_types ^= {cls}
        self.query_one(ArticleView).set_hidden_labels(self.hidden_types)
        self.query_one(Legend).set_hidden(self.hidden_types)

    # --- corrections -------------------------------------------------------------------

    def action_correct(self, kind: str) -> None:
        """r t m s x u: correct the dossier's entity (asking what the correction needs), or undo.
        One at a time: a key pressed while a correction is being made only rings the bell (an
        undo must not overtake the correction before it)."""
        if any(worker.group == "correct" and not worker.is_finished for worker in self.workers):
            self.app.bell()
            return
        ask_correction(self, kind)

    @work(thread=True, exclusive=True, exit_on_error=False, group="correct", description="correct the index")
    def run_correction(self, asked: CorrectionAsked) -> None:
        """Make the correction *asked* for, in its own transaction (worker thread)."""
        from nlp.index.corrections import Corrections

        with open_index(self.app.settings.data_dir) as index:
            correction = asked.apply(Corrections(index))
        self.post_message(CorrectionMade(correction, asked.show))

    def on_correction_made(self, message: CorrectionMade) -> None:
        """Show the corrected article and dossier, and say what changed."""
        self.app.corrections_made += 1
        self._show_corrected(message.show)
        correction = message.correction
        done = f"Undone: {correction.summary}" if correction.undone_at else correction.summary
        self.notify(done, title="Correction", timeout=6, markup=False)

    def on_screen_resume(self) -> None:
        """Back from another screen that corrected the library: the article as it is now."""
        if self.article is not None and self._shown_corrections != self.app.corrections_made:
            self._show_corrected(self.dossier_entity)

    def _show_corrected(self, show: int | None) -> None:
        """Show the article again, where it was, and the dossier of *show* (if it still exists;
        else of the name under the cursor)."""
        view = self.query_one(ArticleView)
        top = view.scroll_offset.y
        self.show_stored(self.article_id)
        view.scroll_to(y=top, animate=False, immediate=True)
        if not self.dossier_open:
            return
        entity_id = show
        if entity_id is None or self.app.index.entity(entity_id) is None:
            current = view.current
            entity_id = current.entity_id if current is not None else (show or self.dossier_entity)
        if entity_id is not None:
            self.load_dossier(entity_id)

    def on_correction_failed(self, message: CorrectionFailed) -> None:
        self.notify(message.reason.splitlines()[0], title="Not corrected", severity="warning", markup=False)

    def jump_to_entity(self, entity_id: int) -> None:
        """Select the first mention of *entity_id* and open its dossier (command palette)."""
        view = self.query_one(ArticleView)
        first = next((h for h in view.all_highlights if h.entity_id == entity_id), None)
        if first is not None:
            view.select_offset(first.start)
            view.focus()
            self.dossier_open = True
            self.load_dossier(entity_id)


def _title_end(text: str, title: str) -> int:
    """Length of the text's first line when it is the title (shown bold), else 0."""
    first_line = text.split("\n", 1)[0]
    return len(first_line) if first_line.strip().lstrip("#").strip() == title else 0


def _reason(error: BaseException | None) -> str:
    return str(error) or type(error).__name__ if error else "unknown error"
