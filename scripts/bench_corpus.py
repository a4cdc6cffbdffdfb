"""Synthetic articles for the import benchmark, made from the demo articles.

    .venv/bin/python scripts/bench_corpus.py FOLDER [--articles 400]

Each article is about 500 words of sentences drawn from ``assets/demo`` and shuffled, in
paragraphs of five, under a title. Capitalised words inside sentences (mostly names)
are replaced, one article in two, by made-up names from a shared pool, so the library gets
many entities that recur across articles, as a news archive does.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS_VERSION = 1
"""Bumped when the generated articles change, so cached folders are regenerated."""
WORDS_PER_ARTICLE = 500
META_FILENAME = "bench-corpus.json"
_SYLLABLES = "ka ri mo na el sa to ba de li an or us ha ji ve zo mi ra ne lo fa ti su pe go da ku bi ar".split()


def demo_sentences() -> list[str]:
    """The sentences of the demo articles, headings and bylines left out."""
    sentences = []
    for path in sorted((REPO_ROOT / "assets" / "demo").glob("0*.md")):
        for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
            paragraph = " ".join(paragraph.split())
            if paragraph.startswith("#") or len(paragraph.split()) < 8:
                continue
            sentences += [s for s in re.split(r"(?<=[.!?\"”])\s+(?=[\"“A-Z])", paragraph) if len(s.split()) >= 4]
    return sentences


def made_up_names(rng: random.Random, count: int = 400) -> list[str]:
    """Capitalised made-up words to stand in for names."""
    return sorted({"".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))).capitalize() for _ in range(count)})


def vary_names(sentence: str, mapping: dict[str, str], pool: list[str], rng: random.Random) -> str:
    """*sentence* with its inner capitalised words replaced through *mapping* (filled from *pool*)."""
    words = sentence.split(" ")
    for i, word in enumerate(words[1:], start=1):
        core = re.match(r"[A-Z][a-z]+", word)
        if core:
            name = mapping.setdefault(core.group(), rng.choice(pool))
            words[i] = name + word[core.end():]
    return " ".join(words)


def article(rng: random.Random, sentences: list[str], pool: list[str], number: int) -> str:
    """One synthetic article: a title line, then paragraphs of shuffled demo sentences."""
    chosen, words = [], 0
    while words < WORDS_PER_ARTICLE:
        sentence = rng.choice(sentences)
        chosen.append(sentence)
        words += len(sentence.split())
    if rng.random() < 0.5:
        mapping: dict[str, str] = {}
        chosen = [vary_names(s, mapping, pool, rng) for s in chosen]
    paragraphs = [" ".join(chosen[at:at + 5]) for at in range(0, len(chosen), 5)]
    return f"Dispatch {number}: {chosen[0].split(' ', 3)[-1][:60].rstrip('.,')}\n\n" + "\n\n".join(paragraphs) + "\n"


def ensure_corpus(folder: Path, articles: int, seed: int = 11) -> list[Path]:
    """The files of a corpus of *articles* articles in *folder*, written unless already there."""
    meta = folder / META_FILENAME
    wanted = {"version": CORPUS_VERSION, "articles": articles, "seed": seed}
    files = sorted(folder.glob("article-*.txt"))
    if meta.exists() and json.loads(meta.read_text()) == wanted and len(files) == articles:
        return files
    folder.mkdir(parents=True, exist_ok=True)
    for stale in files:
        stale.unlink()
    rng = random.Random(seed)
    sentences, pool = demo_sentences(), made_up_names(rng)
    files = []
    for number in range(1, articles + 1):
        path = folder / f"article-{number:05d}.txt"
        path.write_text(article(rng, sentences, pool, number), encoding="utf-8")
        files.append(path)
    meta.write_text(json.dumps(wanted))
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--articles", type=int, default=400)
    args = parser.parse_args()
    files = ensure_corpus(args.folder, args.articles)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in files)
    print(f"{len(files)} articles, {words:,} words in {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
