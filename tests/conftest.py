"""Shared fixtures. Every test runs with its own config path and data folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from nlp.index import Index, open_index
from nlp.raw import RawSpan

from reader_support import DEMO_DIR, REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "scripts"))  # the benchmark's helpers the tests share (bench_terminal)


def parse_marked(marked: str) -> tuple[str, list[RawSpan]]:
    """The text and spans of markup like ``"[Al Qaeda|ORG] met [[New York|GPE] Times|ORG]"``.

    ``[`` opens a span, ``|LABEL]`` closes the innermost open one; spans may nest.
    """
    chars: list[str] = []
    opened: list[int] = []
    spans: list[RawSpan] = []
    i = 0
    while i < len(marked):
        if marked[i] == "[":
            opened.append(len(chars))
        elif marked[i] == "|":
            close = marked.index("]", i)
            spans.append(RawSpan(opened.pop(), len(chars), marked[i + 1:close]))
            i = close
        else:
            chars.append(marked[i])
        i += 1
    assert not opened, f"unclosed span in {marked!r}"
    return "".join(chars), sorted(spans, key=lambda s: (s.start, -s.end))


# --- core fixtures

@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The data folder every test (and every subprocess it starts) uses; it does not exist yet.

    The config file points at a path that does not exist and MARGIN_MODEL is unset, so no
    test reads or writes the user's real settings or library.
    """
    root = tmp_path_factory.mktemp("margin-home")
    monkeypatch.setenv("MARGIN_CONFIG", str(root / "no-such-config.toml"))
    monkeypatch.setenv("MARGIN_DATA_DIR", str(root / "data"))
    monkeypatch.delenv("MARGIN_MODEL", raising=False)
    return root / "data"


@pytest.fixture(scope="session")
def extractor():
    """One real spaCy extractor (default model), loaded once for every model test."""
    from nlp.extract import SpacyExtractor

    extractor = SpacyExtractor()
    extractor.nlp  # load now, so the first test using it is not charged for it
    return extractor


@pytest.fixture
def index(tmp_path: Path) -> Index:
    """An empty library index in a temporary folder."""
    with open_index(tmp_path / "library") as opened:
        yield opened


@pytest.fixture
def marked():
    """:func:`parse_marked`, for tests that build spans by hand."""
    return parse_marked


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (``pytest.mark.anyio``) run on asyncio, as Textual does."""
    return "asyncio"


@pytest.fixture
def demo_dir() -> Path:
    """The folder of demo articles."""
    return DEMO_DIR


@pytest.fixture(scope="session")
def demo_library(tmp_path_factory, extractor) -> Path:
    """The demo articles imported once (ids 1-5 in file order); tests use copies of it."""
    from reader_support import build_demo_library

    return build_demo_library(tmp_path_factory.mktemp("demo-library"), extractor)


@pytest.fixture
def library(demo_library, tmp_path) -> Path:
    """A private copy of the demo library, for a test that may change it."""
    from reader_support import copy_library

    return copy_library(demo_library, tmp_path / "library")
