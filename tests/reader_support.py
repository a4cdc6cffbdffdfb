"""Helpers for the reader tests: a demo library built once, and apps over copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

from nlp.config import Settings
from nlp.importer import import_files
from nlp.index import INDEX_FILENAME, open_index

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = REPO_ROOT / "assets" / "demo"
FIXED_TIME = "2026-01-15T09:30:00+00:00"


def build_demo_library(folder: Path, extractor) -> Path:
    """Import the demo articles into an index in *folder* (ids 1-5 in file order)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open_index(folder, clock=lambda: FIXED_TIME) as index:
        report = import_files(index, [DEMO_DIR], extractor, Settings(data_dir=folder))
        index.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert len(report.added) == 5 and not report.failed
    return folder


def copy_library(source: Path, target: Path) -> Path:
    """A private copy of a built library, so a test may change it."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / INDEX_FILENAME, target / INDEX_FILENAME)
    return target


def make_app(data_dir: Path, article_id: int | None = None, source=None, extractor=None):
    """A reader app over the library in *data_dir*, with no cursor blink."""
    from tui.app import MarginApp

    settings = Settings(data_dir=data_dir)
    return MarginApp(settings, open_index(data_dir), article_id=article_id, source=source, cursor_blink=False,
                     extractor=extractor)


class GatedExtractor:
    """Wraps an extractor so extraction waits until the test opens the gate."""

    def __init__(self, inner) -> None:
        import threading

        self.inner = inner
        self.gate = threading.Event()

    def extract(self, texts, batch_size: int = 16):
        assert self.gate.wait(10), "the test never opened the gate"
        yield from self.inner.extract(texts, batch_size)


class FailingExtractor:
    """An extractor whose model cannot be loaded."""

    def extract(self, texts, batch_size: int = 16):
        from nlp.model import ModelNotFound

        raise ModelNotFound("No spaCy English model is installed.\nInstall one with: pip install x")
        yield


def entity_named(app, name: str) -> int:
    """The library id of the entity the open article calls *name*."""
    article = app.screen.article
    return next(e.entity_id for e in article.entities.values() if e.name == name)


def record_notifications(app) -> list[tuple[str, str]]:
    """(title, message) of every notification *app* shows from now on (its ``notify``, wrapped)."""
    shown: list[tuple[str, str]] = []
    notify = app.notify

    def recording(message, *, title: str = "", **kwargs) -> None:
        shown.append((title, str(message)))
        notify(message, title=title, **kwargs)

    app.notify = recording
    return shown
