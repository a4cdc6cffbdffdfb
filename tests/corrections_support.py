"""Hand-written articles for the correction tests (no model): names to rename, retype, merge and split."""

from __future__ import annotations

from pathlib import Path

from conftest import parse_marked
from nlp.analysis import analyse
from nlp.index import Index, open_index
from nlp.raw import RawDoc
from nlp.reading import ArticleInput

ARTICLES = [
    ("Lion", "[Ahmad Shah Massoud|PERSON] led the [Northern Alliance|ORG]. [Massoud|PERSON] held [Panjshir|GPE]."),
    ("Son", "[Massoud|PERSON] spoke in [Kabul|GPE]. The [Northern Alliance|ORG] met in [Faizabad|GPE]."),
    ("Mines", "Emeralds from [Badakhshan|LOC] and [Panjshir|GPE]. [Will|PERSON] it rain? [Kabul|GPE] waits."),
]
"""(title, span markup) of articles 1 to 3. Entities in order of first mention: 1 Ahmad Shah Massoud,
2 Northern Alliance, 3 Panjshir, 4 Kabul, 5 Faizabad, 6 Badakhshan, 7 Will."""


def store_article(index: Index, markup: str, title: str = "Article") -> int:
    """Store the article written as span markup; returns its id."""
    text, spans = parse_marked(markup)
    return index.add_article(ArticleInput(title, text), analyse(title, text, RawDoc(spans)))


def hand_written_library(data_dir: Path) -> Path:
    """A library in *data_dir* holding :data:`ARTICLES`; returns *data_dir*."""
    with open_index(data_dir) as index:
        for title, markup in ARTICLES:
            store_article(index, markup, title)
    return data_dir
