"""Random keys, seeded, on every screen of the demo library: the app must keep running, with no error.

Keys come in episodes: a few keys that lead to one screen (the reader, its dossier, search, the
palette, help, the library, the entity browser, an entity's dossier, the open dialog, the delete
question), then random keys from everything the app binds plus some letters to type. Keys are sent
in bursts, as a fast typist or a terminal sends them, so some arrive before the last ones were
handled. Quitting keys are left out; the palette's "Quit" command counts as leaving, and the
Pilot run stays, the terminal run restarts the command.
"""

from __future__ import annotations

import os
import random
import shlex
import shutil
from pathlib import Path

import pytest
from textual import events

from nlp.config import Settings
from nlp.index import open_index
from reader_support import copy_library
from sources_support import DEMO_DIR, margin, margin_command
from bench_terminal import Terminal
from tui.app import MarginApp
from tui.dossier_panel import DossierPanel
from tui.reader_screen import ReaderScreen

pytestmark = [pytest.mark.anyio, pytest.mark.model]

KEYS = {
    "j": "j", "k": "k", "down": "Down", "up": "Up", "left": "Left", "right": "Right",
    "pageup": "PPage", "pagedown": "NPage", "home": "Home", "end": "End", "g": "g", "G": "G",
    "space": "Space", "b": "b", "tab": "Tab", "shift+tab": "BTab", "left_square_bracket": "[",
    "right_square_bracket": "]", "enter": "Enter", "escape": "Escape", "backspace": "BSpace",
    "delete": "DC", "d": "d", "n": "n", "N": "N", "slash": "/", "question_mark": "?", "l": "l", "e": "e",
    "o": "o", "x": "x", "1": "1", "2": "2", "3": "3", "4": "4", "5": "5", "6": "6", "ctrl+p": "C-p",
    "a": "a", "s": "s", "m": "m", "h": "h", "r": "r", "i": "i", "t": "t", "u": "u",
}
"""Every key drawn at random: its Textual name and its tmux name. No q, Ctrl+C, Ctrl+Q (they
quit) and no y (it confirms a delete: the episodes delete once, so the library stays to browse)."""
CHARACTERS = {"space": " ", "slash": "/", "question_mark": "?", "left_square_bracket": "[",
              "right_square_bracket": "]"}
RESET = ["escape", "escape", "escape", "l"]
"""Keys that lead back to the library from anywhere."""
ALLOWED_ERRORS = {"Cannot open"}
"""Error notifications that report a user's mistake: random letters typed in the open dialog."""
SEED = 20261201


def episode(name: str, rng: random.Random) -> list[str]:
    """Keys that lead from anywhere to the screen *name*."""
    reader = [*RESET, *["down"] * rng.randrange(5), "enter"]
    return {
        "library": RESET,
        "reader": reader,
        "dossier": [*reader, "tab", "enter"],
        "dossier list": [*reader, "tab", "enter", "enter"],
        "search": [*reader, "slash"],
        "palette": [*reader, "ctrl+p"],
        "help": [*reader, "question_mark"],
        "entity browser": [*RESET, "e"],
        "entity dossier": [*RESET, "e", *["down"] * rng.randrange(8), "enter"],
        "open dialog": [*RESET, "o"],
        "delete question": [*RESET, "x"],
    }[name]


EPISODES = ("library", "reader", "dossier", "dossier list", "search", "palette", "help", "entity browser",
            "entity dossier", "open dialog", "delete question")


def key_plan(seed: int, random_keys: int, per_episode: int) -> list[list[str]]:
    """Bursts of keys: every episode in turn (in a seeded order), each followed by random keys."""
    rng = random.Random(seed)
    vocabulary = sorted(KEYS)
    bursts: list[list[str]] = []
    sent = 0
    deleted = False
    while sent < random_keys:
        for name in rng.sample(EPISODES, len(EPISODES)):
            lead = episode(name, rng)
            if name == "delete question" and not deleted:
                lead, deleted = [*lead, "y"], True
            bursts.append(lead)
            for _ in range(per_episode // 4):
                burst = [rng.choice(vocabulary) for _ in range(rng.randint(1, 7))]
                bursts.append(burst)
                sent += len(burst)
    return bursts


def random_key_count(plan: list[list[str]]) -> int:
    return sum(len(burst) for burst in plan if burst[:len(RESET)] != RESET)


# --- in process (Pilot)

class RecordingApp(MarginApp):
    """The app, recording its notifications; the palette's Quit is counted instead of obeyed."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.notices: list[tuple[str, str, str]] = []
        self.quits = 0

    def notify(self, message, *, title="", severity="information", **kwargs) -> None:
        self.notices.append((severity, title, str(message)))
        super().notify(message, title=title, severity=severity, **kwargs)

    async def action_quit(self) -> None:
        self.quits += 1


def where(app: MarginApp) -> set[str]:
    """Names of the screen and states the app is in now."""
    screen = app.screen
    names = {type(screen).__name__}
    if isinstance(screen, ReaderScreen):
        names |= {"dossier"} if screen.dossier_open else set()
        names |= {"search"} if screen.searching else set()
    return names


def failed_dossiers(app: MarginApp) -> list[str]:
    """Dossier panels showing a worker's error."""
    headers = (str(panel.query_one("#dossier-header").render()) for screen in app.screen_stack
               for panel in screen.query(DossierPanel))
    return [header for header in headers if header.startswith("Could not load")]


async def send_burst(app: MarginApp, pilot, keys: list[str], rng: random.Random) -> None:
    """Post *keys* at once (none waits for the one before), then let the app catch up."""
    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None)))
    if rng.random() < 0.3:
        await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def sandbox(tmp_path, monkeypatch) -> Path:
    """A working folder and home of the test's own (the palette's Screenshot command writes there)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


async def drive(app: RecordingApp, pilot, plan: list[list[str]], seed: int) -> set[str]:
    """Send every burst of *plan*; the screens and states visited."""
    rng = random.Random(seed)
    visited: set[str] = set()
    recent: list[str] = []
    for burst in plan:
        if burst[:len(RESET)] == RESET:
            await pilot.press(*burst)  # the way to an episode's screen, one key after the other
        else:
            await send_burst(app, pilot, burst, rng)
        recent = (recent + burst)[-40:]
        # ``_exception``: Textual's unhandled error, re-raised only when run_test ends (no public way to see it now)
        assert app.is_running and app._exception is None, f"seed {seed}, after ...{recent}: {app._exception!r}"
        visited |= where(app)
        assert not failed_dossiers(app), f"seed {seed}, after ...{recent}: {failed_dossiers(app)}"
    return visited


@pytest.mark.parametrize("seed", [SEED, SEED + 1])
async def test_random_keys_in_process(demo_library, tmp_path, sandbox, seed):
    plan = key_plan(seed, random_keys=1000, per_episode=40)
    data = copy_library(demo_library, tmp_path / "library")
    app = RecordingApp(Settings(data_dir=data), open_index(data), cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        visited = await drive(app, pilot, plan, seed)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and app._exception is None
    assert random_key_count(plan) >= 1000
    assert {"ReaderScreen", "dossier", "search", "LibraryScreen", "NamesScreen", "DossierScreen", "HelpScreen",
            "MarginCommandPalette", "OpenScreen", "ConfirmScreen"} <= visited
    errors = [notice for notice in app.notices if notice[0] == "error" and notice[1] not in ALLOWED_ERRORS]
    assert errors == []
    with open_index(data) as index:
        assert index.article_count() == 4  # the one delete the episodes make


# --- crashes the random keys found, kept as their shortest key sequences

FOUND = {
    "palette-pageup": ["ctrl+p", "pageup"],  # KeyError: 0 in OptionList._move_page: the list had no size yet
    "palette-pagedown": ["ctrl+p", "pagedown"],
    "palette-typed-then-pageup": ["ctrl+p", "a", "pageup"],
    "palette-enter-twice": ["ctrl+p", "enter", "enter"],  # the palette dismissed itself twice: ScreenStackError
    "keys-ahead-of-the-reader": ["ctrl+p", "escape", "enter", "escape"],  # NoMatches: ArticleView not composed yet
}


@pytest.mark.parametrize("keys", FOUND.values(), ids=FOUND.keys())
@pytest.mark.parametrize("article_id", [None, 2], ids=["library", "reader"])
async def test_keys_sent_in_one_burst(demo_library, tmp_path, sandbox, keys, article_id):
    """Keys that arrive together, before the screen they open is ready."""
    data = copy_library(demo_library, tmp_path / "library")
    app = RecordingApp(Settings(data_dir=data), open_index(data), article_id=article_id, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        before = app.screen
        await send_burst(app, pilot, keys, random.Random(0))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and app._exception is None
        if keys == FOUND["palette-enter-twice"]:
            assert app.screen is before  # the second Enter did not close the screen under the palette


# --- through the real command, in tmux

class KeyboardTerminal(Terminal):
    """The tmux terminal, sent many keys at once."""

    def send(self, keys: list[str]) -> None:
        """Send tmux key names in one go."""
        self._tmux("send-keys", *keys)

    def back_to_the_library(self) -> None:
        """Press Esc three times, then l, and wait for the library.

        A terminal app cannot tell Esc followed at once by l from Alt+L, so a focus-in report
        (``ESC [ I``, which Textual reads as the terminal regaining focus) ends the last Esc first.
        """
        for _ in range(3):
            self.send(["Escape", "Escape", "Escape"])
            self._tmux("send-keys", "-H", "1b", "5b", "49")
            self.send(["l"])
            try:
                self.wait_for("Margin library", timeout=10)
                return
            except TimeoutError:
                continue
        self.wait_for("Margin library", timeout=10)


@pytest.mark.tmux
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_random_keys_in_the_terminal(tmp_path, data_dir):
    assert margin("add", DEMO_DIR).returncode == 0
    home = tmp_path / "home"
    home.mkdir()
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "MARGIN_CONFIG")}
    env = {**keep, "HOME": str(home), "MARGIN_DATA_DIR": str(data_dir), "TERM": "xterm-256color",
           "TEXTUAL_ANIMATIONS": "none"}
    stop = tmp_path / "stop"
    # The palette's Quit command may end the app: it is started again until the test is done.
    loop = (f"cd {shlex.quote(str(home))}; while :; do {shlex.join(margin_command())}; code=$?; "
            f"{{ [ $code -ne 0 ] || [ -e {shlex.quote(str(stop))} ]; }} && break; echo RESTARTED; done; "
            f"exit $code")
    plan = key_plan(SEED + 2, random_keys=2000, per_episode=60)
    term = KeyboardTerminal(["sh", "-c", loop], env, width=100, height=30)
    try:
        term.wait_for("Margin library")
        for burst in plan:
            if burst[:len(RESET)] == RESET:
                term.back_to_the_library()
                burst = burst[len(RESET):]
            if burst:
                term.send([KEYS.get(key, key) for key in burst])
            screen = term.screen()
            assert "EXITED-" not in screen and "Traceback" not in screen, screen
        stop.touch()
        screen = ""
        for _ in range(3):  # q closes help rather than the app if help is still open
            term.back_to_the_library()
            term.send(["q"])
            try:
                screen = term.wait_for("EXITED-", timeout=10)
                break
            except TimeoutError:
                continue
        assert "EXITED-0" in screen and "Traceback" not in screen and "margin:" not in screen, screen
    finally:
        term.close()
    assert random_key_count(plan) >= 2000
    assert not (data_dir / "crash.log").exists()
