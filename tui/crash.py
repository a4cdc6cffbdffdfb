"""An unexpected error in the reader: its traceback goes to a log file, the terminal gets one line."""

from __future__ import annotations

import logging
import traceback
from datetime import datetime, timezone
from pathlib import Path

from nlp.text import one_line

CRASH_LOG = "crash.log"
"""File name of the log, in the library's data folder (else the user log folder)."""
REASON_CHARS = 100
"""Most characters of the error's own message repeated in the one-line report."""


def write_crash_log(data_dir: Path, error: BaseException) -> Path | None:
    """Append the traceback of *error* to the crash log; its path, or None if none could be written."""
    record = "".join(traceback.format_exception(error))
    wrapped = getattr(error, "error", None)  # a worker's failure holds the error it raised
    if isinstance(wrapped, BaseException) and wrapped is not error:
        record += "".join(traceback.format_exception(wrapped))
    return append_to_crash_log(data_dir, record)


def append_to_crash_log(data_dir: Path, text: str) -> Path | None:
    """Append *text*, dated, to the crash log; its path, or None if none could be written.

    The log is :data:`CRASH_LOG` in *data_dir*, or in platformdirs' user log folder when the data
    folder cannot be written.
    """
    from platformdirs import user_log_dir

    from nlp.config import APP_NAME

    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for folder in (Path(data_dir), Path(user_log_dir(APP_NAME))):
        path = folder / CRASH_LOG
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="utf-8") as log:
                log.write(f"--- {stamp}\n{text.rstrip()}\n")
        except OSError:
            continue
        return path.resolve()
    return None


class CrashLogHandler(logging.Handler):
    """Writes log records to the crash log instead of the terminal.

    For asyncio's own complaints (such as a future whose error nobody read, left behind when the
    app stopped on an error), which would otherwise be printed over the terminal after it.
    """

    def __init__(self, data_dir: Path) -> None:
        super().__init__(logging.WARNING)
        self.data_dir = data_dir

    def emit(self, record: logging.LogRecord) -> None:
        append_to_crash_log(self.data_dir, self.format(record))


def crash_message(error: BaseException, log: Path | None) -> str:
    """The one line printed when the reader stopped on *error*, naming the *log* of its traceback."""
    reason = one_line(f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)
    if len(reason) > REASON_CHARS:
        reason = reason[:REASON_CHARS - 1] + "…"
    where = f"the details are in {one_line(str(log))}" if log else "no log file could be written"
    return f"margin: the reader stopped on an unexpected error ({reason}); {where}"
