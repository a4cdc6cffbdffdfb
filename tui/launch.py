"""Starting the reader from the command line."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from nlp.config import Settings
from tui.startup import pause_gc_for_startup

DUMB_TERMINALS = ("dumb", "unknown")
"""``TERM`` values of terminals that cannot draw the reader."""

if TYPE_CHECKING:
    from nlp.index import Index
    from nlp.reading import ArticleInput
    from tui.app import MarginApp


def run_reader(settings: Settings, path: Path | None = None, argument: str | None = None) -> int:
    """Open the reader on the library, or on one article; returns an exit code.

    The article is the file at *path*, or what a command-line *argument* names (a path, a
    web address, or ``-`` for standard input). A library is only created once the article
    has been read, so a bad one leaves none behind; the index is opened once. The garbage
    collector is paused from here until the first frame (:func:`tui.startup.pause_gc_for_startup`).
    """
    pause_gc_for_startup()
    from nlp.index import INDEX_FILENAME, open_index
    from nlp.reading import ReadError

    if (problem := terminal_problem(os.environ.get("TERM", ""))) is not None:
        print(f"margin: {problem}", file=sys.stderr)
        return 2
    index = open_index(settings.data_dir) if (settings.data_dir / INDEX_FILENAME).exists() else None
    try:
        article_id, source = first_article(settings, index, path, argument)
        if argument == "-" and not attach_terminal():  # the pipe was read, new article or not
            raise ReadError("standard input: the reader needs a terminal to read keys from; "
                              "use `margin add -` or `margin entities -` in a pipeline")
    except ReadError as err:
        if index is not None:
            index.close()
        print(f"margin: {err}", file=sys.stderr)
        return 1
    if (replacement := replaced_article(settings, index, source)) is not None:
        article_id, source = replacement, None
    from tui.app import MarginApp

    if index is None:
        index = open_index(settings.data_dir)
    with index:
        return run_app(MarginApp(settings, index, article_id=article_id, source=source))


def run_app(app: MarginApp, headless: bool = False) -> int:
    """Run *app* until it exits; returns its exit code.

    After an unexpected error the traceback is in a log file (see :meth:`MarginApp._handle_exception`)
    and one line on standard error says so; asyncio's warnings go to the same log, not the terminal.
    """
    from tui.crash import CrashLogHandler

    asyncio_log = logging.getLogger("asyncio")
    for handler in [h for h in asyncio_log.handlers if isinstance(h, CrashLogHandler)]:
        asyncio_log.removeHandler(handler)
    asyncio_log.addHandler(CrashLogHandler(app.settings.data_dir))
    app.run(headless=headless)
    if app.crash is not None:
        from tui.crash import crash_message

        print(crash_message(*app.crash), file=sys.stderr)
    return app.return_code or 0


def terminal_problem(term: str) -> str | None:
    """Why the reader cannot run on a terminal of type *term* (the ``TERM`` variable), if it cannot.

    A dumb terminal (Emacs' shell, an editor's output pane) cannot draw a full screen: the
    reader would fill it with escape codes, so it refuses and names the plain commands.
    """
    if term in DUMB_TERMINALS:
        return (f"TERM={term} cannot show the full-screen reader; for plain text, use "
                "`margin entities FILE`, `margin list` or `margin search`")
    return None


def first_article(settings: Settings, index: Index | None, path: Path | None,
                  argument: str | None) -> tuple[int | None, ArticleInput | None]:
    """(id of the indexed article, None) or (None, the article read) for what the reader was
    asked to open; (None, None) for none. Raises :class:`nlp.reading.ReadError`.

    A file imported before is found by the hash of its bytes, without decoding or parsing it.
    """
    from nlp.reading import is_url, read_argument, file_hash_at

    if path is None and argument is None:
        return None, None
    if index is not None and (path is not None or (argument != "-" and not is_url(argument))):
        file_hash = file_hash_at(path if path is not None else Path(argument), settings.max_bytes)
        article_id = index.find_article_by_file_hash(file_hash)
        if article_id is not None:
            return article_id, None
    source = read_argument(str(path) if path is not None else argument, settings.max_bytes,
                           timeout=settings.fetch_timeout)
    article_id = find_indexed(index, source) if index is not None else None
    return (None, source) if article_id is None else (article_id, None)


def find_indexed(index: Index, source: ArticleInput) -> int | None:
    """The id of the library's article with the text of *source*, if it holds one (the file's
    hash is then remembered, so the next open finds it without reading the file)."""
    article_id = index.find_article_by_content_hash(source.content_hash)
    if article_id is not None and source.file_hash:
        index.remember_file_hash(article_id, source.file_hash)
    return article_id


def replaced_article(settings: Settings, index: Index | None, source: ArticleInput | None) -> int | None:
    """When *source* is a file the library holds an older version of, ask whether to replace
    that article; on yes, store *source* in its place and return the new article's id.

    None when there is nothing to ask, or the answer is no (the file is then read as an
    article of its own, as any other).
    """
    if index is None or source is None or not source.path:
        return None
    previous = index.find_article_by_path(source.path)
    if previous is None:
        return None
    from nlp.text import one_line

    article_id, title = previous
    if not ask(f"This file changed since it was added as “{one_line(title)}”. "
               "Replace that article with this version?"):
        return None
    print(f"margin: finding names in {one_line(source.path)}…", file=sys.stderr, flush=True)
    from nlp.extract import SpacyExtractor
    from nlp.prepare import analyse_input

    analysis = analyse_input(source, SpacyExtractor(settings.model), settings)
    return index.store_article(source, analysis, settings.fuzzy_cutoff, replacing=article_id)[0]


def ask(question: str) -> bool:
    """Ask a yes/no *question* in the reader's dialog, full screen, before the reader starts."""
    from textual.app import App

    from tui.confirm import ConfirmScreen

    class Question(App[bool]):
        def on_mount(self) -> None:
            self.push_screen(ConfirmScreen(question), self.exit)

    return bool(Question().run())


def attach_terminal() -> bool:
    """After the article was read from a pipe, take keys from the terminal (``/dev/tty``) instead.

    Returns False when there is no terminal to take them from.
    """
    if sys.stdin is not None and sys.stdin.isatty():
        return True
    try:
        tty = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        return False
    os.dup2(tty, 0)
    os.close(tty)
    return True
