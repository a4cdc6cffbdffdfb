"""The floor for importing: raw ``nlp.pipe`` over files, with Margin's components and batches.

    .venv/bin/python scripts/floor_pipe.py --processes 2 FILE...

In a fresh process: read the files as Margin does (:func:`nlp.reading.read_article_file`), load the
reduced pipeline (:func:`nlp.extract.load_pipeline`) and run ``nlp.pipe`` with
:data:`nlp.raw.BATCH_SIZE` over all the texts, in one or more processes. Prints JSON:
words, seconds for the pipe alone and for the whole process.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    from nlp.extract import load_pipeline
    from nlp.model import resolve_model
    from nlp.raw import BATCH_SIZE
    from nlp.reading import read_article_file

    texts = [read_article_file(path).text for path in args.files]
    nlp = load_pipeline(resolve_model(None))
    piping = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=args.processes))
    done = time.perf_counter()
    print(json.dumps({"words": sum(len(t.split()) for t in texts), "pipe_s": done - piping,
                      "process_s": done - STARTED, "entities": entities, "processes": args.processes}))


if __name__ == "__main__":
    main()
