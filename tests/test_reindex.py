"""Re-indexing (nlp.reindex): names extracted and grouped again, every correction kept, on
hand-written articles and a hand-written "model" (tests/reindex_support.py)."""

from __future__ import annotations

import pytest

from conftest import parse_marked
from corrections_support import ARTICLES
from nlp.config import Settings
from nlp.importer import import_files
from nlp.index.corrections import Corrections
from nlp.reading import ArticleInput
from nlp.reindex import count_to_reindex, reindex_library
from reindex_support import MarkupExtractor

STATE = {
    "entities": "SELECT id, name, label, key, mention_count, article_count FROM entities ORDER BY id",
    "aliases": "SELECT entity_id, alias FROM aliases ORDER BY entity_id, alias",
    "article_entities": "SELECT article_id, entity_id, name, label, aliases, ambiguities, mention_count, link, score"
                        " FROM article_entities ORDER BY article_id, entity_id",
    "mentions": "SELECT article_id, start, end, entity_id, sent_start, sent_end FROM mentions ORDER BY article_id, start",
    "corrections": "SELECT id, kind, arguments, summary, entity_ids, undo, created_at, undone_at FROM corrections",
}
EXTRA = "[Ahmad Shah Massoud|PERSON] and [Massoud|PERSON] flew to [Kabul|GPE] over [Faizabad|GPE] with [Northern Alliance|ORG] envoys. [Will|PERSON] they?"
"""A fourth article, naming what every correction is about."""
MARKUPS = [markup for _, markup in ARTICLES] + [EXTRA]


def state(index) -> dict[str, list]:
    return {table: index.conn.execute(query).fetchall() for table, query in STATE.items()}


def import_marked(index, extractor, settings, markups=MARKUPS):
    """Import the articles written as span markup, through the import pipeline."""
    articles = [ArticleInput(f"Article {n}", parse_marked(m)[0]) for n, m in enumerate(markups, 1)]
    return import_files(index, [], extractor, settings, articles=articles)


def correct_once_of_each_kind(index) -> None:
    corrections = Corrections(index)
    corrections.rename_entity("Kabul", "Kabul City")
    corrections.retype_entity("Northern Alliance", "NORP")
    corrections.merge_entities(["Faizabad"], "Badakhshan")
    corrections.split_entity("Ahmad Shah Massoud", alias="Massoud", new_name="Ahmad Massoud")
    corrections.not_a_name("Will")


@pytest.fixture
def settings(tmp_path):
    return Settings(data_dir=tmp_path / "library")


@pytest.fixture
def corrected(index, settings):
    """The four articles, imported with the hand-written model, and one correction of each kind; the index."""
    import_marked(index, MarkupExtractor(MARKUPS), settings)
    correct_once_of_each_kind(index)
    return index


def names(index, article_id: int) -> dict[str, tuple[str, str]]:
    """{mention text: (library name, library type)} of one article."""
    article = index.article(article_id)
    entities = {e.id: e for e in index.find_entities()}
    return {article.text[m.start:m.end]: (entities[m.entity_id].name, entities[m.entity_id].label)
            for m in article.mentions}


def test_every_article_records_what_indexed_it(index, settings):
    import_marked(index, MarkupExtractor(MARKUPS), settings)
    assert count_to_reindex(index, MarkupExtractor(MARKUPS)) == 0
    assert count_to_reindex(index, MarkupExtractor(MARKUPS, model_name="other")) == 4
    assert count_to_reindex(index, MarkupExtractor(MARKUPS), everything=True) == 4


def test_a_reindex_keeps_every_correction_and_changes_nothing_else(corrected, settings):
    before = state(corrected)
    report = reindex_library(corrected, MarkupExtractor(MARKUPS), settings, everything=True)
    assert (report.to_do, report.done, report.interrupted, report.not_holding) == (4, 4, False, [])
    assert (report.changes.entities_new, report.changes.entities_gone, report.changes.mentions,
            report.changes.links) == (0, 0, 0, 0)
    assert state(corrected) == before
    assert names(corrected, 4) == {"Ahmad Shah Massoud": ("Ahmad Shah Massoud", "PERSON"),
                                   "Massoud": ("Ahmad Massoud", "PERSON"), "Kabul": ("Kabul City", "GPE"),
                                   "Faizabad": ("Badakhshan", "LOC"), "Northern Alliance": ("Northern Alliance", "NORP")}


def test_a_reindex_with_another_model_keeps_every_correction(corrected, settings):
    other = MarkupExtractor([m.replace("Emeralds", "[Emeralds|PRODUCT]") for m in MARKUPS], model_name="other")
    report = reindex_library(corrected, other, settings)
    assert (report.done, report.changes.entities_new, report.changes.mentions, report.changes.links) == (4, 1, 1, 1)
    assert names(corrected, 3)["Emeralds"] == ("Emeralds", "PRODUCT")
    assert names(corrected, 4) == {"Ahmad Shah Massoud": ("Ahmad Shah Massoud", "PERSON"),
                                   "Massoud": ("Ahmad Massoud", "PERSON"), "Kabul": ("Kabul City", "GPE"),
                                   "Faizabad": ("Badakhshan", "LOC"), "Northern Alliance": ("Northern Alliance", "NORP")}
    assert reindex_library(corrected, other, settings).to_do == 0  # done: a second run has nothing to redo


def test_a_correction_whose_name_is_gone_is_reported(corrected, settings):
    blind = MarkupExtractor(MARKUPS, model_name="blind", skip={"Kabul"})
    report = reindex_library(corrected, blind, settings)
    [(correction_id, summary, why)] = report.not_holding
    assert correction_id == 1 and summary.startswith("Renamed") and why == "no entity is named “Kabul” any more"
    assert report.changes.entities_gone == 1 and report.changes.mentions == 3 and report.changes.links == 3


def test_a_not_a_name_whose_text_is_gone_is_reported(index, settings):
    import_marked(index, MarkupExtractor(MARKUPS[:2]), settings, MARKUPS[:2])
    Corrections(index).not_a_name("Zalmay")
    [(_, _, why)] = reindex_library(index, MarkupExtractor(MARKUPS[:2]), settings, everything=True).not_holding
    assert why == "no article has the text “Zalmay” any more"


def test_a_split_of_one_article_is_made_again_in_that_article(index, settings):
    import_marked(index, MarkupExtractor(MARKUPS), settings)
    split = Corrections(index).split_entity("Panjshir", article=3, into="Badakhshan")
    before = state(index)
    reindex_library(index, MarkupExtractor(MARKUPS, model_name="again"), settings)
    assert names(index, 3)["Panjshir"] == ("Badakhshan", "LOC") and names(index, 1)["Panjshir"] == ("Panjshir", "GPE")
    assert state(index)["mentions"] == before["mentions"] and split.arguments["into"]["name"] == "Badakhshan"


def test_a_split_whose_new_entity_is_gone_makes_it_again_and_records_its_id(corrected, settings):
    son = Corrections(corrected).resolve_entity("Ahmad Massoud")
    blind = MarkupExtractor(MARKUPS, model_name="blind", skip={"Massoud"})
    reindex_library(corrected, blind, settings)
    assert corrected.entity(son.id) is None
    reindex_library(corrected, MarkupExtractor(MARKUPS, model_name="sees"), settings)
    again = Corrections(corrected).resolve_entity("Ahmad Massoud")
    split = next(c for c in corrected.corrections() if c.kind == "split")
    assert split.arguments["new_id"] == again.id and names(corrected, 4)["Massoud"] == ("Ahmad Massoud", "PERSON")
