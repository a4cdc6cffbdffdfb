"""The floor for finding the names of a new article: load the model and parse, nothing else.

    .venv/bin/python scripts/floor_model.py FILE [JSON_OUT]

In a fresh process: import spaCy, load the reduced pipeline the way Margin does
(:func:`nlp.extract.load_pipeline`), parse the file's text once. Prints ``model ready`` and
the seconds of each step as JSON (also written to *JSON_OUT* if given); the clock starts
before spaCy is imported. The benchmark runs it in the same terminal as the reader.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from nlp.model import resolve_model
    from nlp.reading import read_article_file

    text = read_article_file(Path(sys.argv[1])).text
    ready = time.perf_counter()
    import spacy  # noqa: F401

    imported = time.perf_counter()
    from nlp.extract import load_pipeline

    nlp = load_pipeline(resolve_model(None))
    loaded = time.perf_counter()
    doc = nlp(text)
    parsed = time.perf_counter()
    steps = json.dumps({"import_s": imported - ready, "load_s": loaded - imported, "parse_s": parsed - loaded,
                        "model_s": parsed - ready, "process_s": parsed - STARTED, "entities": len(doc.ents)})
    print("model ready", steps, flush=True)
    if len(sys.argv) > 2:
        Path(sys.argv[2]).write_text(steps)


if __name__ == "__main__":
    main()
