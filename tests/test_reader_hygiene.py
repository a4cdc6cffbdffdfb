"""Showing an indexed article, and its dossier, never imports spaCy (checked in a fresh process)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from reader_support import REPO_ROOT, build_demo_library

SCRIPT = textwrap.dedent("""
    import asyncio, sys
    from pathlib import Path
    from reader_support import make_app

    async def main():
        app = make_app(Path(sys.argv[1]), article_id=2)
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.press("tab", "enter", "tab", "tab")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen.query_one("#dossier").dossier is not None
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("spacy", "thinc"))
        print("HEAVY:", heavy)

    asyncio.run(main())
""")


@pytest.mark.model
def test_indexed_article_path_never_imports_spacy(tmp_path, extractor):
    library = build_demo_library(tmp_path / "library", extractor)
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(library)], capture_output=True, text=True,
                            cwd=REPO_ROOT / "tests", timeout=60)
    assert result.returncode == 0, result.stderr
    assert "HEAVY: []" in result.stdout


START_SCRIPT = textwrap.dedent("""
    import sys
    import tui.app
    from tui.cli import main

    def run(app, *args, **kwargs):
        loaded = sorted({m.split(".")[0] if not m.startswith(("nlp.", "tui.")) else m for m in sys.modules})
        print("LOADED:", " ".join(loaded))

    tui.app.MarginApp.run = run
    sys.exit(main(sys.argv[1:]))
""")

NOT_BEFORE_FIRST_PAINT = {"spacy", "thinc", "trafilatura", "httpx", "lxml", "markdown_it", "rapidfuzz", "hashlib",
                          "nlp.web", "nlp.markdown", "nlp.analysis", "nlp.extract", "nlp.fuzzy",
                          "tui.library_screen", "tui.names_screen", "tui.palette", "tui.correct_dialogs",
                          "nlp.index.corrections", "feedparser", "nlp.feeds", "nlp.refresh", "nlp.opml"}
"""What opening a plain-text article must not import before the reader starts: the model, the web,
feed and Markdown code, OpenSSL (hashlib), the name matcher used when names are stored or looked up,
and the code of the screens and corrections shown later."""


@pytest.mark.parametrize("indexed", [False, True], ids=["new article", "indexed article"])
def test_opening_a_text_file_imports_only_what_the_first_frame_needs(tmp_path, indexed):
    article = tmp_path / "dispatch.txt"
    article.write_text("A dispatch\\n\\nAhmad Massoud spoke in Bazarak on Tuesday.\\n", encoding="utf-8")
    if indexed:
        from nlp.config import Settings
        from nlp.importer import import_files
        from nlp.index import open_index
        from sources_support import CapitalsExtractor

        with open_index(tmp_path / "data") as index:
            import_files(index, [article], CapitalsExtractor(), Settings(data_dir=tmp_path / "data"))
    result = subprocess.run([sys.executable, "-c", START_SCRIPT, "--data-dir", str(tmp_path / "data"), "read",
                             str(article)], capture_output=True, text=True, cwd=REPO_ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split("LOADED:", 1)[1].split())
    assert "tui.reader_screen" in loaded
    assert sorted(loaded & NOT_BEFORE_FIRST_PAINT) == []
