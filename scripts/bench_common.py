"""What the benchmark sections share: where things are, a measured figure, and the report table."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
REPO_ROOT = SCRIPTS.parent
CACHE = REPO_ROOT / ".bench"
"""Generated libraries, corpora and files, kept between runs."""
PYTHON = sys.executable
MARGIN = str(Path(sys.executable).parent / "margin")
NO_CONFIG = str(CACHE / "no-config.toml")
QUIET: list[float] = []
"""Share of the CPUs busy just before each terminal run started (the benchmark waits for < 15%)."""


@dataclass
class Figure:
    """One measured figure, its floor and its target."""

    name: str
    value: float
    unit: str
    floor: float | None = None
    target: str = ""
    """``ratio<=1.2``, ``ratio>=0.9``, ``value<=50``, or empty for information only."""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.floor if self.floor else None

    @property
    def passed(self) -> bool | None:
        if not self.target:
            return None
        kind, limit = self.target.split("=")
        measured = self.ratio if kind.startswith("ratio") else self.value
        return measured <= float(limit) if kind.endswith("<") else measured >= float(limit)


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> dict:
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "load_average": os.getloadavg(), "time": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


def print_table(figures: list[Figure]) -> None:
    print(f"\n{'figure':<58}{'value':>9} {'':<7}{'floor':>9}{'ratio':>8}  {'target':<12}result")
    print("-" * 112)
    for f in figures:
        floor = _number(f.floor) if f.floor is not None else ""
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else ""
        result = {True: "pass", False: "FAIL", None: ""}[f.passed]
        print(f"{f.name:<58}{_number(f.value):>9} {f.unit:<7}{floor:>9}{ratio:>8}  {f.target:<12}{result}")
        if f.note:
            print(f"{'':<4}{f.note}")


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"
