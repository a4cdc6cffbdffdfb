"""The command line with hostile names, broken libraries and odd files (issue 11), through the real command."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sources_support import margin, one_line_error

HOSTILE_NAME = "e\x1b[2J\x1b]0;EVIL\x07f"
TERMINAL_CONTROLS = ("\x1b", "\x07", "\x9b")


def assert_no_controls(result) -> None:
    """Nothing the command printed can move the cursor, clear the screen or retitle the terminal."""
    for stream in (result.stdout, result.stderr):
        for control in TERMINAL_CONTROLS:
            assert control not in stream, repr(stream)


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    """A folder holding an article whose file name (and so its title) carries terminal escapes,
    and an empty file with such a name."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    # The first line ends with a full stop, so the title falls back to the file name.
    (folder / f"{HOSTILE_NAME}.txt").write_text(
        "Maria Lopez met Daniel Berger in Lisbon on Tuesday.\n\nThey talked about Lisbon.\n", encoding="utf-8")
    (folder / f"{HOSTILE_NAME}-empty.txt").write_text("", encoding="utf-8")
    return folder


@pytest.mark.model
def test_escapes_in_file_names_and_titles_are_never_printed_raw(hostile_folder: Path):
    added = margin("add", "-v", hostile_folder)
    assert "added: " in added.stdout and "holds no text" in added.stderr
    assert_no_controls(added)
    listed = margin("list")
    assert "EVIL" in listed.stdout
    assert_no_controls(listed)
    assert_no_controls(margin("search", "Lisbon"))
    assert_no_controls(margin("entities", hostile_folder / f"{HOSTILE_NAME}.txt"))


def test_one_line_errors_print_hostile_names_cleaned(tmp_path: Path):
    error = one_line_error(margin("entities", tmp_path / f"{HOSTILE_NAME}.txt"))
    assert "no such file" in error and "EVIL" in error
    assert not any(control in error for control in TERMINAL_CONTROLS)


# --- libraries and files the user may not write or read -------------------------------------------------
# Root may write anything whatever its mode, so as root these tests run the command without the
# capabilities that let it (setpriv drops them): then file modes bind it as they bind a user.

import os  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402

from nlp.config import Settings  # noqa: E402
from nlp.importer import import_files  # noqa: E402
from nlp.index import open_index  # noqa: E402
from tests.sources_support import CapitalsExtractor, article_count, margin_command  # noqa: E402

_NO_OVERRIDE = "-dac_override,-dac_read_search,-fowner"


def bound_by_permissions() -> list[str]:
    """A command prefix under which file modes apply (none needed unless running as root)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: file modes cannot be made to apply")
    return ["setpriv", "--bounding-set", _NO_OVERRIDE, "--inh-caps", _NO_OVERRIDE]


def unprivileged(*args: str | Path, preexec=None, timeout: float = 120):
    """Run margin, in the test's environment, bound by file permissions even as root."""
    return subprocess.run([*bound_by_permissions(), *margin_command(), *map(str, args)], capture_output=True,
                          encoding="utf-8", timeout=timeout, check=False, preexec_fn=preexec,
                          stdin=subprocess.DEVNULL)


def make_library(folder: Path) -> Path:
    """A library of one article (the test's data folder); returns its folder."""
    data = Path(os.environ["MARGIN_DATA_DIR"])
    article = folder / "kabul.txt"
    article.write_text("Kabul Diary\n\nAhmad Massoud spoke in Kabul about Panjshir.\n", encoding="utf-8")
    with open_index(data) as index:
        report = import_files(index, [article], CapitalsExtractor(), Settings(data_dir=data))
    assert len(report.added) == 1
    return data


def assert_unchanged(data: Path, before: bytes) -> None:
    assert (data / "index.sqlite3").read_bytes() == before
    assert article_count(data) == 1


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_read_only_library_is_read_and_refuses_writes_in_one_line(tmp_path: Path, what: str):
    data = make_library(tmp_path)
    before = (data / "index.sqlite3").read_bytes()
    (data / "index.sqlite3").chmod(0o400)
    if what == "folder":
        data.chmod(0o500)
    try:
        listed = unprivileged("list")
        assert listed.returncode == 0 and "Kabul Diary" in listed.stdout, listed.stderr
        assert "move" not in listed.stderr
        found = unprivileged("search", "Panjshir")
        assert found.returncode == 0 and "Kabul Diary" in found.stdout, found.stderr
        exported = unprivileged("export")
        assert exported.returncode == 0 and '"Kabul Diary"' in exported.stdout, exported.stderr
        new = tmp_path / "new.txt"
        new.write_text("Herat Notes\n\nIsmail Khan returned to Herat.\n", encoding="utf-8")
        error = one_line_error(unprivileged("add", new))
        assert "read-only" in error and "move" not in error
    finally:
        data.chmod(0o700)
    assert_unchanged(data, before)


def test_a_full_disk_gives_one_line_and_keeps_the_library(tmp_path: Path):
    data = make_library(tmp_path)
    before = (data / "index.sqlite3").read_bytes()
    big = tmp_path / "big.txt"
    words = [f"w{i:x}q" for i in range(40_000)]  # distinct words, so the full-text index grows too
    big.write_text("Long Notes\n\n" + "\n\n".join(" ".join(words[i:i + 200]) + "."
                                              for i in range(0, len(words), 200)), encoding="utf-8")

    def small_disk() -> None:  # writes past 200 KB fail, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    error = one_line_error(unprivileged("add", big, preexec=small_disk))
    assert ("disk is full" in error or "disk I/O error" in error) and "index.sqlite3" in error
    assert_unchanged(data, before)


@pytest.mark.parametrize("command", ["entities", "read", "add"])
def test_a_named_pipe_is_refused_not_opened(tmp_path: Path, command: str):
    fifo = tmp_path / "some.fifo"
    os.mkfifo(fifo)
    error = one_line_error(margin(command, fifo, timeout=60))
    assert error == (f"margin: {fifo}: not a regular file (a named pipe); "
                     "Margin reads files, folders, web addresses and - (standard input)")
    assert article_count(Path(os.environ["MARGIN_DATA_DIR"])) in (None, 0)


@pytest.mark.model
def test_a_folder_with_a_named_pipe_and_an_unreadable_subfolder_reports_both(tmp_path: Path):
    folder = tmp_path / "articles"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "hidden.txt").write_text("Hidden Notes\n\nSecret words.\n", encoding="utf-8")
    (folder / "good.txt").write_text("Kabul Diary\n\nAhmad Massoud spoke in Kabul.\n", encoding="utf-8")
    (folder / "README.md").write_text("# About these files\n\nNotes on the folder.\n", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "locked").chmod(0)
    try:
        result = unprivileged("add", "-v", folder, timeout=180)
    finally:
        (folder / "locked").chmod(0o700)
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert f"margin: {folder / 'locked'}: folder not read: permission denied" in errors
    assert any(line.startswith(f"margin: {folder / 'pipe.txt'}: skipped: not a regular file (a named pipe)")
               for line in errors)
    assert len(errors) == 2, result.stderr
    assert f"added: {folder / 'good.txt'}" in result.stdout
    assert f"left out: {folder / 'README.md'}" in result.stdout
    assert "Added 1, skipped 0 already in the library, left out 1 README.md file, failed 2." in result.stdout


# --- config values of the wrong type or range ------------------------------------------------------------

@pytest.mark.parametrize("line, key, reason", [
    ('excluded_labels = "PERSON"', "excluded_labels", "expected a list of entity types"),
    ("excluded_labels = [1, 2]", "excluded_labels", "expected a list of entity types"),
    ("max_file_mb = -5", "max_file_mb", "out of range (it must be above 0)"),
    ('max_file_mb = "big"', "max_file_mb", "expected a number"),
    ("fuzzy_cutoff = 150", "fuzzy_cutoff", "out of range (it must be at least 0 and at most 100)"),
    ("workers = -2", "workers", "out of range (it must be at least 0)"),
    ("workers = 1.5", "workers", "expected a whole number"),
    ("fetch_timeout = true", "fetch_timeout", "expected a number"),
    ("model = 3", "model", "expected a non-empty string"),
    ("data_dir = []", "data_dir", "expected a non-empty string"),
    ("max_file_megabytes = 5", "max_file_megabytes", "unknown key"),
])
def test_a_bad_config_value_gets_one_line_naming_the_key(tmp_path: Path, line: str, key: str, reason: str):
    config = tmp_path / "config.toml"
    config.write_text(line + "\n", encoding="utf-8")
    error = one_line_error(margin("list", MARGIN_CONFIG=str(config)))
    assert error.startswith(f"margin: {config}: ") and repr(key) in error and reason in error


def test_a_good_config_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from nlp.config import load_settings

    config = tmp_path / "config.toml"
    config.write_text('excluded_labels = ["date", "TIME"]\nmax_file_mb = 2\nfuzzy_cutoff = 85\nworkers = 0\n'
                      f'data_dir = "{tmp_path / "lib"}"\nmodel = "en_core_web_sm"\nfetch_timeout = 4\n',
                      encoding="utf-8")
    monkeypatch.delenv("MARGIN_DATA_DIR")
    monkeypatch.setenv("MARGIN_CONFIG", str(config))
    settings = load_settings()
    assert settings.excluded_labels == {"DATE", "TIME"} and settings.max_file_mb == 2.0
    assert (settings.fuzzy_cutoff, settings.workers, settings.fetch_timeout) == (85.0, 0, 4.0)
    assert settings.data_dir == tmp_path / "lib" and settings.model == "en_core_web_sm"


# --- fetching ---------------------------------------------------------------------------------------------

import pty  # noqa: E402
import select  # noqa: E402
import threading  # noqa: E402

from tests.sources_support import NEWS_PAGE, send, serve  # noqa: E402


def read_until(fd: int, wanted: str, timeout: float = 60) -> str:
    """What the terminal *fd* shows until *wanted* appears (or the time is up, or it closes)."""
    import time

    seen, deadline = "", time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk.decode("utf-8", "replace")
    return seen


@pytest.mark.parametrize("command", ["read", "entities"])
def test_fetching_is_announced_before_the_network_wait(command: str):
    answer = threading.Event()

    def gated(handler):  # the page comes only once the test saw the announcement
        answer.wait(60)
        send(handler, 200, NEWS_PAGE.read_bytes())

    with serve({"/gated": gated}) as site:
        url = f"{site}/gated"
        terminal, stderr = pty.openpty()
        process = subprocess.Popen([*margin_command(), command, url], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
        os.close(stderr)
        try:
            shown = read_until(terminal, "…")
            assert f"margin: fetching {url}…" in shown
            assert not answer.is_set()
        finally:
            answer.set()
            process.kill()
            process.wait(30)
            os.close(terminal)


def test_file_addresses_are_read_as_paths(tmp_path: Path):
    article = tmp_path / "two words.md"
    article.write_text("# Kabul Diary\n\nAhmad Massoud spoke in Kabul.\n", encoding="utf-8")
    address = "file://" + str(article).replace(" ", "%20")
    from nlp.reading import read_argument

    assert read_argument(address).path == str(article.resolve())
    missing = f"file://{tmp_path}/gone.md"
    for command in ("read", "entities", "add"):
        assert one_line_error(margin(command, missing)) == f"margin: {tmp_path}/gone.md: no such file" + (
            " or directory" if command == "add" else "")


@pytest.mark.model
def test_file_addresses_work_for_entities_and_add(tmp_path: Path):
    import json

    article = tmp_path / "two words.md"
    article.write_text("# Kabul Diary\n\nAhmad Massoud spoke in Kabul.\n", encoding="utf-8")
    address = "file://" + str(article).replace(" ", "%20")
    entities = margin("entities", "--json", address)
    assert entities.returncode == 0, entities.stderr
    assert json.loads(entities.stdout)["title"] == "Kabul Diary"
    added = margin("add", address)
    assert added.stdout.startswith("Added 1,"), added.stderr
    [stored] = json.loads(margin("list", "--json").stdout)
    assert stored["path"] == str(article.resolve())


# --- one name count everywhere -----------------------------------------------------------------------------

@pytest.mark.model
def test_entities_list_and_reader_agree_on_each_articles_name_count():
    import json
    import re

    from nlp.config import load_settings
    from tests.sources_support import DEMO_DIR

    assert margin("add", DEMO_DIR).returncode == 0
    listed = {a["path"]: a for a in json.loads(margin("list", "--json").stdout)}
    assert len(listed) == 5
    with open_index(load_settings().data_dir) as index:
        for path, article in listed.items():
            printed = margin("entities", path).stdout.splitlines()[1]
            count = int(re.fullmatch(r"(\d+) (?:names?|entities)", printed).group(1))
            shown = len(index.article(article["id"]).entities)  # the reader's "N names"
            assert count == article["entity_count"] == shown, path


# --- re-adding an edited file --------------------------------------------------------------------------------

@pytest.mark.model
def test_an_edited_file_added_again_is_noted_then_replaced_with_replace(tmp_path: Path):
    import json

    article = tmp_path / "kabul.md"
    article.write_text("# Kabul Diary\n\nAhmad Massoud spoke in Kabul.\n", encoding="utf-8")
    assert margin("add", article).stdout.startswith("Added 1,")
    article.write_text("# Kabul Diary, revised\n\nAhmad Massoud spoke in Kabul and in Herat.\n", encoding="utf-8")
    again = margin("add", article)
    assert again.returncode == 0
    assert again.stderr.splitlines() == [
        f"margin: note: {article}: changed since it was added as article 1 “Kabul Diary”, which is kept; "
        "`margin add --replace` updates it"]
    assert again.stdout.startswith("Added 0, skipped 0 already in the library, kept 1 older version of edited files,")
    assert [a["title"] for a in json.loads(margin("list", "--json").stdout)] == ["Kabul Diary"]
    replaced = margin("add", "--replace", article)
    assert replaced.returncode == 0 and replaced.stderr == ""
    assert replaced.stdout.startswith("Added 1 (1 replacing older versions), skipped 0")
    [stored] = json.loads(margin("list", "--json").stdout)
    assert (stored["title"], stored["path"]) == ("Kabul Diary, revised", str(article.resolve()))
    exported = json.loads(margin("export").stdout)
    assert "Herat" in {e["name"] for e in exported["entities"]}
    assert all(e["article_count"] == 1 for e in exported["entities"])


def test_reading_commands_on_a_missing_library_create_nothing(tmp_path: Path):
    data = tmp_path / "nowhere"
    listed = margin("list", "--data-dir", data)
    assert (listed.returncode, listed.stdout, listed.stderr) == (
        0, "The library is empty. Add articles with: margin add PATH\n", "")
    assert margin("list", "--json", "--data-dir", data).stdout == "[]\n"
    assert margin("search", "Kabul", "--data-dir", data).stdout == "No matches.\n"
    assert not data.exists()
