"""``make eval``: Margin's entity quality on gold-annotated news (issue 13).

For each ``*.dev.jsonl`` in the gold folder (default ``../shared/eval`` beside the repository,
see its README), every document's text is written to a temporary folder as a ``.txt`` file and
indexed into a fresh library with the real command a user runs, ``margin --data-dir TMP add
FOLDER``; ``margin --data-dir TMP export --json`` then gives the mentions with their
library-wide entity ids, which are scored against the gold, beside the exact-name baseline.

Prints one table per dataset and writes ``eval-results.json`` and ``eval-errors.md`` (the
most frequent errors with their article and context). Temporary libraries live in the
system's temporary folder and are removed; no gold text is written into the repository.

    .venv/bin/python scripts/eval.py [--gold DIR] [--only aida msnbc] [--limit 50] [--out DIR]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_corrections import corrections_needed, corrections_table  # noqa: E402
from eval_report import error_report, format_table, results_json, summary_table  # noqa: E402
from eval_score import Dataset, add_predictions, gold_dataset, score  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = ROOT.parent / "shared" / "eval"
SUFFIX = ".dev.jsonl"


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation; returns the exit code."""
    args = parse_args(argv)
    files = gold_files(args.gold, args.only)
    if files is None:
        print(f"eval: no gold data in {args.gold} (*{SUFFIX}); nothing to score")
        return 0
    if not files:
        print(f"eval: no dataset named {' or '.join(args.only)} in {args.gold}", file=sys.stderr)
        return 2
    scored = []
    for path in files:
        dataset = run_dataset(path, args.limit)
        scored.append((dataset, {**score(dataset), "corrections": corrections_needed(dataset)}))
        print(format_table(dataset, scored[-1][1]), flush=True)
    results = results_json(scored, args.limit)
    print("\n" + summary_table(results))
    print("\nCorrections a reader would need to reach the gold grouping (scripts/eval_corrections.py):\n"
          + corrections_table(results))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "eval-results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (args.out / "eval-errors.md").write_text(error_report([d for d, _ in scored]), encoding="utf-8")
    print(f"wrote {args.out / 'eval-results.json'} and {args.out / 'eval-errors.md'}")
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Score Margin's entities against gold news.")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD,
                        help="folder of <dataset>.dev.jsonl files (default: ../shared/eval)")
    parser.add_argument("--only", nargs="+", metavar="DATASET", help="score only these datasets (aida, msnbc...)")
    parser.add_argument("--limit", type=int, metavar="N", help="score the first N documents of each dataset")
    parser.add_argument("--out", type=Path, default=ROOT, help="folder for eval-results.json and eval-errors.md")
    return parser.parse_args(argv)


def gold_files(folder: Path, only: list[str] | None) -> list[Path] | None:
    """The gold files to score, or None when the folder holds none."""
    files = sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []
    if not files:
        return None
    if only:
        wanted = {name.removesuffix(SUFFIX).removesuffix(".dev") for name in only}
        files = [f for f in files if dataset_name(f) in wanted]
    return files


def dataset_name(path: Path) -> str:
    """``aida`` for ``aida.dev.jsonl``."""
    return path.name.removesuffix(SUFFIX)


def read_documents(path: Path, limit: int | None) -> list[dict]:
    """The documents of a gold file (the first *limit* of them, if given)."""
    documents = []
    with path.open(encoding="utf-8") as file:
        for line in file:
            if line.strip():
                documents.append(json.loads(line))
            if limit and len(documents) >= limit:
                break
    return documents


def run_dataset(path: Path, limit: int | None) -> Dataset:
    """Index the documents of *path* into a fresh library with ``margin add`` and read back what
    ``margin export --json`` says about them."""
    documents = read_documents(path, limit)
    dataset = gold_dataset(dataset_name(path), documents)
    with tempfile.TemporaryDirectory(prefix="margin-eval-") as tmp:
        folder, data_dir = Path(tmp) / "articles", Path(tmp) / "library"
        folder.mkdir()
        names = write_articles(documents, folder)
        started = time.perf_counter()
        export = run_margin(data_dir, Path(tmp), folder)
        print(f"{dataset.name}: {len(documents)} documents indexed in {time.perf_counter() - started:.0f} s",
              file=sys.stderr, flush=True)
    attach_export(dataset, export, names)
    return dataset


def write_articles(documents: list[dict], folder: Path) -> dict[str, str]:
    """Write each document's text to *folder* as ``NNNNN.txt``; returns file name → document id.

    Numbered names, not the ids: ids may hold characters a file name cannot. The text is
    written as is (UTF-8, LF): Margin stores a .txt file's text unchanged apart from folding
    CR/CRLF and removing control characters, neither of which the gold texts hold, and the
    title it guesses from the first line is kept apart from the text.
    """
    names = {}
    for number, doc in enumerate(documents, 1):
        name = f"{number:05d}.txt"
        (folder / name).write_bytes(doc["text"].encode("utf-8"))
        names[name] = doc["id"]
    return names


def run_margin(data_dir: Path, tmp: Path, folder: Path) -> dict:
    """``margin add FOLDER`` into *data_dir*, then the library as ``margin export --json``.

    The user's config file is replaced by an empty one so that every run scores the defaults.
    """
    config = tmp / "config.toml"
    config.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "MARGIN_DATA_DIR"} | {"MARGIN_CONFIG": str(config)}
    margin = margin_command() + ["--data-dir", str(data_dir)]
    added = subprocess.run(margin + ["add", str(folder)], env=env, cwd=ROOT, capture_output=True, text=True)
    messages = [line for line in added.stderr.splitlines() if line.startswith("margin:")]
    if added.returncode not in (0, 1):  # 1: some files failed, the others are in the library
        raise SystemExit(f"eval: margin add failed: {(messages or ['(no message)'])[-1]}")
    for line in messages[:5]:
        print(f"eval: {line}", file=sys.stderr)
    exported = subprocess.run(margin + ["export", "--json"], env=env, cwd=ROOT, capture_output=True, text=True)
    if exported.returncode != 0:
        raise SystemExit(f"eval: margin export failed: {exported.stderr.strip()[-300:]}")
    return json.loads(exported.stdout)


def margin_command() -> list[str]:
    """The ``margin`` command of this Python environment."""
    script = Path(sys.executable).parent / "margin"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui.cli"]


def attach_export(dataset: Dataset, export: dict, names: dict[str, str]) -> None:
    """Record each exported article's mentions under its gold document id.

    An article is found by its file name; a document whose text repeats an earlier one is
    stored once by Margin (same content), so it is found by its text and gets the same answer.
    """
    labels = {e["id"]: e["label"] for e in export["entities"]}
    dataset.entity_names = {e["id"]: e["name"] for e in export["entities"]}
    by_name = {Path(a["path"]).name: a for a in export["articles"] if a.get("path")}
    by_text = {a["text"]: a for a in export["articles"]}
    for name, doc_id in names.items():
        gold_text = dataset.texts[doc_id]
        article = by_name.get(name) or by_text.get(gold_text)
        if article is None:
            print(f"eval: {dataset.name} {doc_id} is not in the library (scored as finding nothing)",
                  file=sys.stderr)
            continue
        add_predictions(dataset, doc_id, article, labels, offset_map(article["text"], gold_text))


def offset_map(stored: str, gold: str) -> Callable[[int], int | None]:
    """Maps an offset of the stored text to the gold text.

    The identity when the texts are equal (the normal case). Otherwise the two are aligned
    character by character (difflib) and an offset inside an unchanged run moves with it;
    an offset in changed text has no gold place (None), so that span is dropped.
    """
    if stored == gold:
        return lambda offset: offset
    shifts = {}
    for a, b, size in difflib.SequenceMatcher(None, stored, gold, autojunk=False).get_matching_blocks():
        for i in range(size + 1):
            shifts.setdefault(a + i, b + i)
    return shifts.get


if __name__ == "__main__":
    sys.exit(main())
