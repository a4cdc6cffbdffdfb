"""Starting the reader from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from nlp.config import Settings


def run_reader(settings: Settings, path: Path | None = None) -> int:
    """Open the reader on the library, or on the article at *path*; returns an exit code."""
    from nlp.sources import SourceError, read_source
    from nlp.store import open_index

    article_id, source = None, None
    if path is not None:
        try:
            source = read_source(path, settings.max_bytes)
        except SourceError as err:
            print(f"margin: {err}", file=sys.stderr)
            return 1
    index = open_index(settings.data_dir)
    if source is not None:
        article_id = index.find_article_by_hash(source.content_hash)
        if article_id is not None:
            source = None
    from tui.app import MarginApp

    with index:
        MarginApp(settings, index, article_id=article_id, source=source).run()
    return 0
