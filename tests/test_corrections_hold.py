"""Corrections hold for articles stored after them (nlp.index.reapply), through the public store path."""

from __future__ import annotations

import pytest

from corrections_support import ARTICLES, store_article
from nlp.index.corrections import Corrections


@pytest.fixture
def library(index):
    """The three hand-written articles of corrections_support, stored; the index."""
    for title, markup in ARTICLES:
        store_article(index, markup, title)
    return index


def names_in(index, article_id: int) -> dict[str, tuple[int, str, str]]:
    """{mention text: (entity id, the article's name for it, its type in the article)} of one article."""
    article = index.article(article_id)
    return {article.text[m.start:m.end]: (m.entity_id, article.entities[m.entity_id].name,
                                          article.entities[m.entity_id].label) for m in article.mentions}


def test_a_retyped_entity_attracts_later_mentions_of_its_name_which_take_its_type(library):
    alliance = Corrections(library).resolve_entity("Northern Alliance")
    Corrections(library).retype_entity("Northern Alliance", "NORP")
    later = [store_article(library, f"The [Northern Alliance|ORG] held its line, day {n}.") for n in range(3)]
    for article_id in later:
        assert names_in(library, article_id)["Northern Alliance"] == (alliance.id, "Northern Alliance", "NORP")
    entity = library.entity(alliance.id)
    assert (entity.label, entity.article_count) == ("NORP", 5)  # three later articles called it ORG: still NORP


def test_a_retyped_place_still_attracts_a_name_the_model_calls_a_place(library):
    panjshir = Corrections(library).resolve_entity("Panjshir")
    Corrections(library).retype_entity("Panjshir", "PERSON")
    article_id = store_article(library, "Snow closed [Panjshir|GPE] and [Herat|GPE].")
    assert names_in(library, article_id)["Panjshir"] == (panjshir.id, "Panjshir", "PERSON")


def test_a_merged_alias_links_to_the_merged_entity_under_its_name(library):
    target = Corrections(library).resolve_entity("Badakhshan")
    Corrections(library).merge_entities(["Faizabad"], "Badakhshan")
    article_id = store_article(library, "Roads to [Faizabad|GPE] reopened.")
    assert names_in(library, article_id)["Faizabad"] == (target.id, "Badakhshan", "LOC")
    assert "Faizabad" in library.article(article_id).entities[target.id].aliases


def test_a_split_alias_stays_split_beside_the_full_name(library):
    father = Corrections(library).resolve_entity("Ahmad Shah Massoud")
    split = Corrections(library).split_entity("Ahmad Shah Massoud", alias="Massoud", new_name="Ahmad Massoud")
    son = split.arguments["new_id"]
    beside = store_article(library, "[Ahmad Shah Massoud|PERSON] died in 2001. [Massoud|PERSON] leads now.")
    alone = store_article(library, "[Massoud|PERSON] met envoys.")
    assert names_in(library, beside)["Ahmad Shah Massoud"][0] == father.id
    assert names_in(library, beside)["Massoud"] == (son, "Ahmad Massoud", "PERSON")
    assert names_in(library, alone)["Massoud"][0] == son
    assert "Massoud" not in library.article(beside).entities[father.id].aliases


def test_a_renamed_entity_keeps_its_old_name_as_an_alias_for_later_articles(library):
    kabul = Corrections(library).resolve_entity("Kabul")
    Corrections(library).rename_entity("Kabul", "Kabul City")
    article_id = store_article(library, "Flights to [Kabul|GPE] resumed.")
    assert names_in(library, article_id)["Kabul"] == (kabul.id, "Kabul City", "GPE")
    assert "Kabul" in library.article(article_id).entities[kabul.id].aliases
    assert "Kabul" in library.entity(kabul.id).aliases


def test_a_split_records_the_new_entitys_id(library):
    split = Corrections(library).split_entity("Ahmad Shah Massoud", alias="Massoud")
    [listed] = library.corrections()
    assert split.arguments["new_id"] == listed.arguments["new_id"] == Corrections(library).resolve_entity("Massoud").id


@pytest.mark.parametrize("correct", [
    lambda c: c.rename_entity("Northern Alliance", "United Front"),
    lambda c: c.retype_entity("Northern Alliance", "NORP"),
], ids=["rename", "retype"])
def test_a_rename_or_retype_writes_no_article_row_yet_every_article_shows_it(library, correct):
    rows = "SELECT * FROM article_entities ORDER BY article_id, entity_id"
    before = library.conn.execute(rows).fetchall()
    alliance = Corrections(library).resolve_entity("Northern Alliance")
    correct(Corrections(library))
    assert library.conn.execute(rows).fetchall() == before  # one row changes, whatever the articles
    entity = library.entity(alliance.id)
    for article_id in (1, 2):
        shown = library.article(article_id).entities[alliance.id]
        assert (shown.name, shown.label) == (entity.name, entity.label)
