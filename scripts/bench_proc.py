"""Running a command for the benchmark: its wall time and its memory, children included.

Peak memory is sampled from ``/proc``: the resident memory of the process and every process
below it, summed, every few milliseconds (so the workers of a two-process import count). The
largest single process comes from the kernel's own account, ``os.wait4``, which misses nothing.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_S = 0.02


@dataclass(frozen=True)
class Measured:
    """What running a command cost."""

    seconds: float
    peak_tree_mb: float
    """Largest sum of the resident memory of the process and its descendants seen while it ran."""
    peak_process_mb: float
    """Largest resident memory of any one process of the tree (kernel ``ru_maxrss``)."""
    returncode: int
    stdout: str
    stderr: str


def run_measured(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Measured:
    """Run *command* to completion, sampling the memory of its process tree."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0.0]
    done = threading.Event()
    sampler = threading.Thread(target=_sample, args=(proc.pid, peak, done), daemon=True)
    sampler.start()
    out: dict[str, str] = {}
    readers = [threading.Thread(target=lambda name=name, stream=stream: out.__setitem__(name, stream.read()))
               for name, stream in (("stdout", proc.stdout), ("stderr", proc.stderr))]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    for reader in readers:
        reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Measured(seconds, peak[0], usage.ru_maxrss / 1024, proc.returncode, out.get("stdout", ""),
                    out.get("stderr", ""))


def _sample(root: int, peak: list[float], done: threading.Event) -> None:
    while not done.is_set():
        peak[0] = max(peak[0], tree_rss_mb(root))
        done.wait(SAMPLE_S)


def tree_rss_mb(root: int) -> float:
    """Resident memory of process *root* and all its descendants, in MB (0 once it has exited)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += process_rss_mb(pid)
        todo += children.get(pid, [])
    return total


def process_rss_mb(pid: int) -> float:
    """Resident memory of one process (``VmRSS``) in MB, 0 if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by the live threads of process *pid* (``schedstat``, nanoseconds)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, IndexError, ValueError):
            continue
    return total / 1e9


def busy_fraction(interval: float = 0.5) -> float:
    """Share of all CPUs' time spent busy over the next *interval* seconds (from ``/proc/stat``)."""
    def sample() -> tuple[int, int]:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return sum(fields) - idle, sum(fields)

    busy_before, total_before = sample()
    time.sleep(interval)
    busy_after, total_after = sample()
    return (busy_after - busy_before) / max(1, total_after - total_before)


def wait_until_quiet(limit: float = 0.15, patience: float = 20.0) -> float:
    """Wait (at most *patience* seconds) until other work uses under *limit* of the CPUs; returns the share seen."""
    deadline = time.monotonic() + patience
    while True:
        busy = busy_fraction()
        if busy < limit or time.monotonic() > deadline:
            return busy
