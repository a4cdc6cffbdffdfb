"""The library's filter reads the index in a worker: keys are handled while it runs, and the
table shows the articles of the latest filter once it is done."""

from __future__ import annotations

import threading

import pytest

from nlp.analysis import analyse
from nlp.index import Index, open_index
from nlp.raw import RawDoc, RawSpan
from nlp.reading import ArticleInput
from reader_support import make_app

pytestmark = pytest.mark.anyio

TITLES = ["Lion of the valley", "Floods in the north", "A lion cub in Kabul"]


@pytest.fixture
def library(tmp_path):
    with open_index(tmp_path) as index:
        for title in TITLES:
            text = f"{title}\n\nKabul was quiet."
            start = text.rindex("Kabul")
            index.add_article(ArticleInput(title, text), analyse(title, text, RawDoc([RawSpan(start, start + 5, "GPE")])))
    return tmp_path


async def test_typing_in_the_filter_never_waits_for_the_index(library, monkeypatch):
    gate = threading.Event()
    list_articles = Index.list_articles

    def slow_list_articles(self, words: str = "", limit: int | None = None):
        assert gate.wait(10), "the test never opened the gate"
        return list_articles(self, words, limit)

    monkeypatch.setattr(Index, "list_articles", slow_list_articles)
    app = make_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("slash", *"lion")
        screen = app.screen
        assert screen.filter_box.value == "lion"  # the keys were handled while the index was read
        assert screen.listed_query is None
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.listed_query == "lion"
        assert sorted(article.title for article in screen.articles) == ["A lion cub in Kabul", "Lion of the valley"]
        assert screen.table.row_count == 2
