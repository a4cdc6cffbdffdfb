"""Start-up timing: the clock read when the ``tui`` package is first imported, and a log of
how long the reader took to show something.

With ``MARGIN_LOG_STARTUP=PATH`` the reader appends one JSON line per event to *PATH*::

    {"event": "first_paint", "ms": 412.3, "pid": 1234, "screen": "ReaderScreen"}

``ms`` counts from :data:`STARTED_AT`; the interpreter's own start (about 30 ms) comes before
it. ``scripts/bench.py`` measures the whole span from outside, in a real terminal.
"""

from __future__ import annotations

import gc
import json
import os
import threading
import time

STARTED_AT = time.perf_counter()
"""``time.perf_counter()`` when ``tui`` was first imported: the start-up clock."""

LOG_ENV = "MARGIN_LOG_STARTUP"
"""Environment variable naming the file start-up events are appended to."""
GC_PAUSE_S = 5.0
"""Longest the cyclic garbage collector stays off while a ``margin`` command starts."""


def since_start_ms() -> float:
    """Milliseconds since :data:`STARTED_AT`."""
    return (time.perf_counter() - STARTED_AT) * 1000


def log_startup(event: str, **details: object) -> None:
    """Append *event* with the time since start to the file named by ``MARGIN_LOG_STARTUP``, if set."""
    path = os.environ.get(LOG_ENV)
    if not path:
        return
    record = {"event": event, "ms": round(since_start_ms(), 1), "pid": os.getpid(), **details}
    try:
        with open(path, "a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")
    except OSError:
        pass  # a timing log that cannot be written must not stop the reader


def pause_gc_for_startup() -> None:
    """Turn the cyclic garbage collector off until :func:`resume_gc`, or :data:`GC_PAUSE_S` at most.

    Importing Textual and building the first screen create a few hundred thousand objects, and
    the collections they trigger find nothing to free: about a tenth of the reader's start-up.
    Called by the reader's start-up (:func:`tui.launch.run_reader`), never on import, so other
    processes importing ``tui`` (extraction workers, tests) keep collecting. Forked children
    start with it on again.
    """
    gc.disable()
    os.register_at_fork(after_in_child=gc.enable)
    timer = threading.Timer(GC_PAUSE_S, resume_gc)
    timer.daemon = True
    timer.start()


def resume_gc() -> None:
    """Turn the cyclic garbage collector back on (the reader does so once it has painted).

    What start-up allocated (modules, classes, the first screen) lives as long as the process,
    so it is moved to the permanent generation first: switching the collector on then costs
    nothing, where a plain ``gc.enable()`` makes the next allocation scan every one of those
    objects (about 40 ms, right when the first frame is being written).
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()

