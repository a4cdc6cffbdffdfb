"""What a newcomer sees setting Margin up: no alarming banners, and how to run ``margin``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.skipif(Path(sys.executable).parent.parent != REPO / ".venv", reason="runs the Makefile's own .venv")
def test_make_setup_prints_no_setuptools_banner():
    result = subprocess.run(["make", "-B", "setup"], cwd=REPO, capture_output=True, text=True, timeout=600,
                            check=False)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "BuildBackendWarning" not in output and "be careful" not in output, output


def test_readme_says_how_to_put_margin_on_the_path():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert ".venv/bin/margin" in readme and "pipx install ." in readme
