"""A real terminal for the benchmark: a command in tmux, its screen polled until a text shows.

The command waits behind a shell ``read`` until :meth:`Terminal.go` presses Enter, so the clock
starts when the process does, not when tmux has finished starting its server.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import time

POLL_S = (0.005, 0.02)
"""Pause between two screen captures in the first second, then after (each capture runs a tmux
client, a few milliseconds of a core that the measured command could use)."""


class Terminal:
    """A tmux session on a private server, 80x24 unless told otherwise, running one command."""

    def __init__(self, command: list[str], env: dict[str, str], width: int = 80, height: int = 24) -> None:
        self.socket = f"margin-bench-{os.getpid()}-{time.monotonic_ns()}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        line = f"read _go; exec env -i {exports} {shlex.join(command)}"
        self._tmux("new-session", "-d", "-x", str(width), "-y", str(height), line)
        self._tmux("set-option", "-g", "remain-on-exit", "on")  # keep the last screen of a command that exits
        self.started_at = 0.0

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True,
                              check=True).stdout

    def go(self) -> float:
        """Start the command; returns the clock reading taken just before."""
        self.started_at = time.perf_counter()
        self._tmux("send-keys", "Enter")
        return self.started_at

    def keys(self, *keys: str) -> None:
        """Type *keys* (tmux key names)."""
        for key in keys:
            self._tmux("send-keys", key)

    def screen(self) -> str:
        """The visible text of the pane."""
        return self._tmux("capture-pane", "-p", "-J")

    def pid(self) -> int:
        """The process id of the command (the pane's shell ``exec``s it)."""
        return int(self._tmux("display-message", "-p", "#{pane_pid}").strip())

    def wait_for(self, *texts: str, timeout: float = 60.0) -> float:
        """Seconds from :meth:`go` until every one of *texts* is on the screen."""
        return self.wait_for_pattern(*(re.escape(text) for text in texts), timeout=timeout)[0]

    def wait_for_pattern(self, *patterns: str, timeout: float = 60.0) -> tuple[float, str]:
        """(seconds from :meth:`go`, screen) once every regular expression of *patterns* matches the screen."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            screen = self.screen()
            if all(re.search(pattern, screen) for pattern in patterns):
                return time.perf_counter() - self.started_at, screen
            time.sleep(POLL_S[time.perf_counter() - self.started_at > 1.0])
        raise TimeoutError(f"{patterns!r} never all appeared; the screen was:\n{self.screen()}")

    def wait_exit(self, timeout: float = 600.0) -> None:
        """Wait until the command has exited (its pane stays, dead, until :meth:`close`)."""
        deadline = time.perf_counter() + timeout
        while self._tmux("display-message", "-p", "#{pane_dead}").strip() != "1":
            if time.perf_counter() > deadline:
                raise TimeoutError(f"the command was still running after {timeout:.0f} s")
            time.sleep(0.5)

    def close(self) -> None:
        """Kill the session and its private server."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)

    def __enter__(self) -> "Terminal":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def terminal_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """A clean environment for a command in the benchmark terminal."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL")}
    return {**keep, "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none", **(extra or {})}
