"""The reader's reading state: where each article was left, read and unread (``n`` / ``p``),
the star (``*``), a summary's link (``o``) and following the dossier's name (``f``).

A part of :class:`tui.reader_screen.ReaderScreen`, which holds the article, its state and the views.
"""

from __future__ import annotations

from textual import work

from nlp.index import IndexUnavailable, open_index, parse_filter
from tui.article_view import ArticleView


class ReadingStateKeys:
    """The reading-state half of the reader screen (a mixin of :class:`ReaderScreen`)."""

    def _opened(self, restore: bool) -> None:
        """After the first paint: reopen the article where it was left (when not opened at a
        mention), show its star and whether it is a summary, and mark it read (in a worker)."""
        views = self.query(ArticleView)
        if self.article is None or not views:  # not shown, or closed before its first refresh (keys typed ahead)
            return
        self.state = self.app.index.reading_state(self.article.id)
        if self.state is None:
            return
        view = views.first()
        restore = restore and view.scroll_offset.y == 0  # not if keys typed ahead have scrolled it already
        if restore and self.state.position:
            view.show_from(self.state.position)
        self._left_at = self.state.position if restore else view.top_offset
        self._show_status()
        self.refresh_bindings()
        if self.state.read_at is None and not self.app.index.read_only:
            self.mark_read(self.article.id)

    @work(thread=True, exit_on_error=False, group="reading", description="mark the article read")
    def mark_read(self, article_id: int) -> None:
        """Note that the article was opened (worker thread)."""
        with open_index(self.app.settings.data_dir) as index:
            index.mark_read(article_id)

    def save_position(self) -> None:
        """Keep the offset of the line at the top, to reopen the article there."""
        if self.article is None or self._left_at is None or self.state is None:
            return
        if self._left_at == self.state.position or self.app.index.read_only:
            return
        try:
            self.app.index.save_position(self.article.id, self._left_at)
        except IndexUnavailable:
            return  # a busy or full library: the place is not kept, nothing else is lost
        self.state = self.state._replace(position=self._left_at)

    def on_screen_suspend(self) -> None:
        self.save_position()

    def on_unmount(self) -> None:
        self.save_position()

    def action_next_unread(self, step: int) -> None:
        """``n`` / ``p``: the next / previous unread article in the library's order, among those its
        filter lists (the one it had when this article was opened)."""
        article = self.article
        if article is None:
            self.app.bell()
            return
        next_id = self.app.index.next_unread(parse_filter(self.within), article.added_at, article.id, step)
        if next_id is None:
            where = " in this filter" if self.within.strip() else ""
            self.notify(f"No {'next' if step > 0 else 'previous'} unread article{where}", timeout=3, markup=False)
            return
        self._show_another(next_id)

    def _show_another(self, article_id: int) -> None:
        """Show another stored article in this screen (Back still goes where it went), from its top
        or where it was left, with no search and the dossier closed."""
        self.save_position()
        view = self.query_one(ArticleView)
        self.matches, self.match_index = [], -1
        view.set_matches([])
        self.dossier_open, self.dossier_entity = False, None
        self.article, self.state, self._left_at, self.start = None, None, None, None
        view.cursor = -1
        view.scroll_to(y=0, animate=False, immediate=True)
        self.show_stored(article_id)
        view.focus()

    def action_star(self) -> None:
        """``*``: star the article, or take its star away."""
        if self.article is None or self.state is None:
            return
        starred = not self.state.starred
        try:
            self.app.index.set_starred(self.article.id, starred)
        except IndexUnavailable as err:
            self.notify(str(err).splitlines()[0], title="Not starred", severity="warning", markup=False)
            return
        self.state = self.state._replace(starred=starred)
        self._show_status()

    def action_open_link(self) -> None:
        """``o``: open the article's address in the web browser (the full article of a summary)."""
        if self.article is not None and self.article.url:
            self.app.open_url(self.article.url)
            self.notify("Opening the link in the browser", timeout=3, markup=False)

    def action_follow(self) -> None:
        """``f`` with the dossier open: follow its name, or stop following it."""
        self.dossier_panel().toggle_follow()
