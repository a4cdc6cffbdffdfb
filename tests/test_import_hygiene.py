"""Module boundaries, checked in a fresh interpreter: what importing a module drags in."""

import json
import pkgutil
import subprocess
import sys

import pytest

import nlp

HEADLESS = ["nlp.index", "nlp.importer", "nlp.analysis", "nlp.cluster", "nlp.fuzzy", "nlp.reading", "nlp.config"]
ALL_NLP = sorted(f"nlp.{m.name}" for m in pkgutil.iter_modules(nlp.__path__))


def heavy_modules_after_import(modules: list[str]) -> set[str]:
    """Top-level packages among textual, rich and spacy loaded after importing *modules*."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich', 'spacy'})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    return set(json.loads(result.stdout))


def test_probe_sees_heavy_imports():
    assert heavy_modules_after_import(["rich.text"]) == {"rich"}


def test_every_nlp_module_is_found():
    assert {"nlp.index", "nlp.extract", "nlp.spans", "nlp.model"} <= set(ALL_NLP)


def test_headless_core_imports_no_ui_and_no_spacy():
    assert heavy_modules_after_import(HEADLESS) == set()


def test_cli_imports_no_textual_and_no_spacy():
    assert heavy_modules_after_import(["tui.cli"]) & {"textual", "spacy"} == set()


def test_cli_imports_no_feed_or_web_code_until_a_command_needs_it():
    """Every command parses its arguments through tui.cli: the feed commands' parser costs no
    feedparser, httpx or refresh code (``margin feed list`` reads the index only)."""
    code = ("import json, sys; import tui.cli; tui.cli.build_parser()\n"
            "print(json.dumps(sorted({m for m in sys.modules} & {'feedparser', 'httpx', 'nlp.refresh', 'nlp.feeds',"
            " 'nlp.opml', 'nlp.web'})))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize("module", [m for m in ALL_NLP if m != "nlp.extract"])
def test_no_nlp_module_but_extract_imports_textual_rich_or_spacy(module):
    assert heavy_modules_after_import([module]) == set()


def test_extract_imports_spacy_and_nothing_of_the_ui_beyond_it():
    """spaCy itself loads rich (through its command-line helpers): nlp.extract adds nothing to that."""
    with_extract = heavy_modules_after_import(["nlp.extract"])
    assert "spacy" in with_extract and "textual" not in with_extract
    assert with_extract == heavy_modules_after_import(["spacy"])


def nlp_imports() -> dict[str, set[str]]:
    """Each nlp module's imports of other nlp modules, at the top or inside functions."""
    import ast
    from pathlib import Path

    root = Path(nlp.__file__).parent
    graph = {}
    for path in root.rglob("*.py"):
        name = ".".join(("nlp", *path.relative_to(root).with_suffix("").parts)).removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = {node.module for node in ast.walk(tree)
                       if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("nlp")}
        graph[name] |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                        for alias in node.names if alias.name.startswith("nlp")}
    return graph


def test_nlp_modules_import_each_other_without_cycles():
    graph = nlp_imports()

    def reachable(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for module in graph.get(todo.pop(), ()):
                if module not in seen:
                    seen.add(module)
                    todo.append(module)
        return seen

    assert {"nlp.reading", "nlp.web", "nlp.importer", "nlp.bulk"} <= set(graph)
    cycles = sorted((a, b) for a in graph for b in graph[a] if a != b and a in reachable(b))
    assert cycles == []
