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
