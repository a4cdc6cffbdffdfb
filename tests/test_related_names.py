"""Names formed from another entity's name, listed in its dossier but never merged into it:
a people and its place, a short form and its full name (nlp.dossier.related_entities)."""

from __future__ import annotations

import pytest

from nlp.analysis import analyse
from nlp.dossier import build_dossier
from nlp.raw import RawDoc
from nlp.reading import ArticleInput
from nlp.short_forms import demonym_keys, place_keys


@pytest.fixture
def library(index, marked):
    """The library after storing each markup as an article; {entity name: id}."""
    def library(*articles: str) -> dict[str, int]:
        for n, markup in enumerate(articles):
            text, spans = marked(markup)
            index.add_article(ArticleInput(f"Article {n}", text), analyse(f"Article {n}", text, RawDoc(spans)))
        return {e["name"]: e["id"] for e in index.export()["entities"]}
    return library


@pytest.mark.parametrize(("articles", "name", "expected"), [
    (["[French|NORP] wine.", "[France|GPE] voted."], "French", [("France", "place")]),
    (["[French|NORP] wine.", "[France|GPE] voted."], "France", [("French", "people")]),
    (["[Iraqis|NORP] fled.", "[Iraq|GPE] voted."], "Iraqis", [("Iraq", "place")]),
    (["[Canadian|NORP] firms.", "[Canada|GPE] voted."], "Canadian", [("Canada", "place")]),
    (["[Georgian|NORP] wine.", "[Georgia|GPE] voted."], "Georgia", [("Georgian", "people")]),
    # a person whose name looks like a place's people is not its people
    (["[Francis|PERSON] spoke.", "[France|GPE] voted."], "France", []),
    (["[Bill Clinton|PERSON] spoke in [Ohio|GPE].", "[Clinton|PERSON] was in [Paris|GPE]."], "Clinton",
     [("Bill Clinton", "full name?")]),
    (["[Bill Clinton|PERSON] spoke in [Ohio|GPE].", "[Clinton|PERSON] was in [Paris|GPE]."], "Bill Clinton",
     [("Clinton", "short form?")]),
    (["The [United Nations|ORG] met.", "The [UN|ORG] said."], "UN", [("United Nations", "full name?")]),
    (["The [United Nations|ORG] met.", "The [UN|ORG] said."], "United Nations", [("UN", "short form?")]),
])
def test_dossier_lists_related_names(library, index, articles, name, expected):
    ids = library(*articles)
    dossier = build_dossier(index, ids[name])
    assert [(r.name, r.relation) for r in dossier.related] == expected
    assert len(ids) == len({*ids.values()})  # related, never merged


@pytest.mark.parametrize(("demonym", "place"), [
    ("israeli", "israel"), ("israelis", "israel"), ("canadian", "canada"), ("italian", "italy"),
    ("japanese", "japan"), ("chinese", "china"), ("french", "france"), ("germans", "germany"),
    ("european", "europe"), ("russian", "russia"),
])
def test_people_words_and_their_places(demonym, place):
    assert place in place_keys(demonym)
    assert demonym.removesuffix("s") in demonym_keys(place) or demonym in demonym_keys(place)
