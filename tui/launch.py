"""Starting the reader from the command line."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from nlp.config import Settings


def run_reader(settings: Settings, path: Path | None = None, argument: str | None = None) -> int:
    """Open the reader on the library, or on one article; returns an exit code.

    The article is the file at *path*, or what a command-line *argument* names (a path, a
    web address, or ``-`` for standard input). It is read before the index is opened, so a
    bad one leaves the library untouched.
    """
    from nlp.sources import SourceError, read_argument
    from nlp.store import open_index

    article_id, source = None, None
    from nlp.sources import is_url

    if path is not None or (argument is not None and argument != "-" and not is_url(argument)):
        file = path if path is not None else Path(argument)
        try:
            article_id = indexed_file(settings, file)
        except SourceError as err:
            print(f"margin: {err}", file=sys.stderr)
            return 1
    if article_id is None and (path is not None or argument is not None):
        try:
            source = read_argument(str(path) if path is not None else argument, settings.max_bytes,
                                   timeout=settings.fetch_timeout)
        except SourceError as err:
            print(f"margin: {err}", file=sys.stderr)
            return 1
        if argument == "-" and not attach_terminal():
            print("margin: standard input: the reader needs a terminal to read keys from; "
                  "use `margin add -` or `margin entities -` in a pipeline", file=sys.stderr)
            return 1
    index = open_index(settings.data_dir)
    if source is not None:
        article_id = index.find_article_by_hash(source.content_hash)
        if article_id is not None:
            if source.source_hash:
                index.remember_source_hash(article_id, source.source_hash)
            source = None
    from tui.app import MarginApp

    with index:
        MarginApp(settings, index, article_id=article_id, source=source).run()
    return 0


def indexed_file(settings: Settings, file: Path) -> int | None:
    """The id of the indexed article imported from exactly this file's bytes, if any.

    Reads the bytes only (no decoding, Markdown or HTML parsing) and never creates a library.
    """
    from nlp.sources import read_file_hash
    from nlp.store import INDEX_FILENAME, open_index

    file_hash = read_file_hash(file, settings.max_bytes)
    if not (settings.data_dir / INDEX_FILENAME).exists():
        return None
    with open_index(settings.data_dir) as index:
        return index.find_article_by_source_hash(file_hash)


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
