"""Preparing articles for the index: read, leave out what it has, extract and analyse.

The steps an import shares between this process and its worker processes (:mod:`nlp.bulk`);
storing is :mod:`nlp.importer`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from nlp.analysis import Analysis, analyse
from nlp.config import Settings
from nlp.index import Index
from nlp.raw import Extractor, extract_texts
from nlp.reading import ArticleInput, ReadError, path_text, read_article_file
from nlp.rules import indexed_by


@dataclass(frozen=True)
class Outcome:
    """What became of one file before storing: an analysed article, a duplicate, or a failure."""

    name: str
    article: ArticleInput | None = None
    analysis: Analysis | None = None
    error: str | None = None
    """The one-line reason, for a failure."""


def analyse_input(article: ArticleInput, extractor: Extractor, settings: Settings) -> Analysis:
    """Extract and cluster the entities of one article."""
    raw = next(iter(extract_texts(extractor, [article.text_for_names])))
    return replace(analyse(article.title, article.text, raw, settings.excluded_labels), indexed_by=indexed_by(extractor))


def analyse_batch(articles: list[ArticleInput], extractor: Extractor, settings: Settings) -> list[Analysis]:
    """Analyse several articles in one pass of the model."""
    raws = extract_texts(extractor, [s.text_for_names for s in articles])
    by = indexed_by(extractor)
    return [replace(analyse(s.title, s.text, raw, settings.excluded_labels), indexed_by=by)
            for s, raw in zip(articles, raws)]


def process_files(paths: list[Path | ArticleInput], extractor: Extractor, settings: Settings,
                  index: Index) -> list[Outcome]:
    """Read and analyse *paths* (files, or articles already read such as feed items), leaving out
    (as outcomes without analysis) what *index* has."""
    outcomes: dict[int, Outcome] = {}
    fresh: list[tuple[int, ArticleInput]] = []
    for i, item in enumerate(paths):
        try:
            article = item if isinstance(item, ArticleInput) else read_article_file(item, settings.max_bytes)
        except ReadError as err:
            outcomes[i] = Outcome(item_name(item), error=str(err))
            continue
        if index.find_article_by_content_hash(article.content_hash) is not None:
            outcomes[i] = Outcome(item_name(item), article)
        else:
            fresh.append((i, article))
    analyses = analyse_batch([s for _, s in fresh], extractor, settings) if fresh else []
    for (i, article), analysis in zip(fresh, analyses):
        outcomes[i] = Outcome(item_name(paths[i]), article, analysis)
    return [outcomes[i] for i in range(len(paths))]


def item_name(item: Path | ArticleInput) -> str:
    """How reports name a file (its path) or an article already read (its address, path or title)."""
    if isinstance(item, ArticleInput):
        return item.url or item.path or item.title
    return path_text(item)
