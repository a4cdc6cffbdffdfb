"""A real terminal: a command in tmux, its screen polled until a text shows (the benchmark and
the end-to-end tests both drive the reader through it).

For the benchmark the command waits behind a shell ``read`` until :meth:`Terminal.go` presses
Enter (``hold=True``), so the clock starts when the process does, not when tmux has finished
starting its server.
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
    """A tmux session on a private server, 80x24 unless told otherwise, running one command.

    With *hold*, the command starts at :meth:`go`, in an environment of *env* alone. Without,
    it starts at once, with *env* added to the environment, and ``EXITED-<code>`` shows when it ends.
    """

    def __init__(self, command: list[str], env: dict[str, str], width: int = 80, height: int = 24,
                 hold: bool = False) -> None:
        self.socket = f"margin-term-{os.getpid()}-{time.monotonic_ns()}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        line = (f"read _go; exec env -i {exports} {shlex.join(command)}" if hold
                else f"env {exports} {shlex.join(command)}; echo EXITED-$?; sleep 30")
        self._tmux("new-session", "-d", "-x", str(width), "-y", str(height), line)
        self._tmux("set-option", "-g", "remain-on-exit", "on")  # keep the last screen of a command that exits
        self.started_at = time.perf_counter()

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

    def type(self, text: str) -> None:
        """Type *text* literally."""
        self._tmux("send-keys", "-l", text)

    def screen(self) -> str:
        """The screen's text, wrapped lines joined (-J), so no check depends on where a line wraps."""
        return self._tmux("capture-pane", "-p", "-J")

    def pid(self) -> int:
        """The process id of the command (the pane's shell ``exec``s it)."""
        return int(self._tmux("display-message", "-p", "#{pane_pid}").strip())

    def wait_for(self, *texts: str, timeout: float = 20.0) -> str:
        """The screen once every one of *texts* is on it."""
        return self.wait_for_pattern(*(re.escape(text) for text in texts), timeout=timeout)[1]

    def wait_until_gone(self, text: str, timeout: float = 10.0) -> str:
        """The screen once *text* is no longer on it."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            screen = self.screen()
            if text not in screen:
                return screen
            time.sleep(POLL_S[1])
        raise TimeoutError(f"{text!r} never went away; the screen was:\n{self.screen()}")

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
