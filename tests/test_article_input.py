"""ArticleInput: an article as read, frozen, with the hash of its text computed once."""

from __future__ import annotations

import dataclasses
import hashlib
import pickle

import pytest

from nlp.reading import ArticleInput


def test_content_hash_is_the_texts_and_follows_a_replaced_text():
    article = ArticleInput("Title", "Kabul fell.", site="The Valley Herald")
    assert article.content_hash == hashlib.sha256(b"Kabul fell.").hexdigest()
    changed = dataclasses.replace(article, text="Herat held.")
    assert changed.content_hash == hashlib.sha256(b"Herat held.").hexdigest()
    assert dataclasses.replace(article, site="Other").content_hash == article.content_hash


def test_article_input_is_frozen_and_survives_a_trip_to_a_worker():
    article = ArticleInput("Title", "Kabul fell.", path="/news/kabul.txt", file_hash="abc")
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.text = "changed"  # type: ignore[misc]
    copy = pickle.loads(pickle.dumps(article))
    assert copy == article and copy.content_hash == article.content_hash
