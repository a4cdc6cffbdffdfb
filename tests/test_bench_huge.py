"""The huge-article benchmark's data: a stored article whose mentions point at their names.

Nothing here is timed; ``make bench`` (section ``huge``) does the timing.
"""

from __future__ import annotations


import bench_huge
from nlp.index import open_index


def test_generated_article_has_its_size_and_true_mentions(tmp_path):
    library = bench_huge.ensure_huge_library(tmp_path, words=3_000)
    assert 2_700 <= library.words <= 3_300 and library.mentions > 100
    with open_index(tmp_path) as index:
        article = index.article(library.article_id)
        assert len(article.mentions) == library.mentions
        names = {entity_id: entity.name for entity_id, entity in article.entities.items()}
        assert all(article.text[m.start:m.end] == names[m.entity_id] for m in article.mentions)
        assert {e.label for e in article.entities.values()} >= {"PERSON", "ORG", "GPE"}
    again = bench_huge.ensure_huge_library(tmp_path, words=3_000)
    assert again.article_id == library.article_id and again.chars == library.chars
