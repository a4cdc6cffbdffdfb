"""What each import on the way to the first paint costs, in a fresh interpreter.

    .venv/bin/python scripts/cold_start.py [--runs 7] [--json]

Opening an indexed article has to fit in about 1.2x the start of a bare Textual app, and that
time is spent almost entirely on imports. Each step is timed in its own fresh process (best of
*runs*: noise only ever adds), with its module count and whether it pulled in spaCy, which must
never be on this path. The figures are informational: ``tests/test_reader_hygiene.py`` is the
guard that fails the same way on every machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

STEPS: list[tuple[str, str]] = [
    ("interpreter only", "pass"),
    ("tui.cli (the command)", "import tui.cli"),
    ("nlp.config", "import nlp.config"),
    ("nlp.reading", "import nlp.reading"),
    ("nlp.index", "import nlp.index"),
    ("nlp.dossier", "import nlp.dossier"),
    ("textual.app (floor)", "import textual.app, textual.widgets, textual.containers"),
    ("tui.reader_screen", "import tui.reader_screen"),
    ("tui.app (the reader)", "import tui.app"),
    ("everything to the first paint", "import tui.cli, tui.launch, nlp.reading, nlp.index, tui.app"),
    ("spacy (never on the reader path)", "import spacy"),
]

PROBE = """
{statement}
import sys
print(len(sys.modules), any(m.split(".")[0] == "spacy" for m in sys.modules), sep=",")
"""


def measure(statement: str, runs: int) -> tuple[float, int, bool]:
    """(best milliseconds, module count, whether spaCy was imported) of *statement*."""
    best, modules, spacy = float("inf"), 0, False
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", PROBE.format(statement=statement)], capture_output=True,
                              text=True, check=True, cwd=REPO_ROOT)
        best = min(best, (time.perf_counter() - start) * 1000)
        count, imported = proc.stdout.strip().split(",")
        modules, spacy = int(count), imported == "True"
    return best, modules, spacy


def cold_start(runs: int) -> list[dict]:
    """One row per step of :data:`STEPS`."""
    rows = []
    for label, statement in STEPS:
        elapsed, modules, spacy = measure(statement, runs)
        rows.append({"step": label, "statement": statement, "ms": round(elapsed, 1), "modules": modules,
                     "spacy": spacy})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per step (the best counts)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    rows = cold_start(args.runs)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'step':<34}{'ms':>8}{'modules':>9}  spacy")
    print("-" * 58)
    for row in rows:
        print(f"{row['step']:<34}{row['ms']:>8}{row['modules']:>9}  {'yes' if row['spacy'] else 'no'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
