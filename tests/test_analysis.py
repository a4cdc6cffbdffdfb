"""From raw model output to an article's entities, with no model: RawDoc built by hand."""

import re

import pytest

from nlp.analysis import Mention, analyse
from nlp.cluster import Ambiguity
from nlp.raw import RawDoc

ARTICLE = (
    "# The Lion\n\nBy [Selim Arvandi|PERSON]\n\n"
    "[Ahmad Shah Massoud|PERSON] was born in [1953|DATE] in [Bazarak|GPE]. "
    "[Massoud's|PERSON] men held [the Panjshir Valley|LOC].\n\n"
    "Photo: [Nasir Rahimi|PERSON]/AFP via [Getty Images\n\nPanjshir|ORG] became a province in [2004|DATE]. "
    "[Al Qaeda|ORG] and [al-Qaeda|ORG] are one. The [United States|GPE] and the [U.S.|GPE] are one."
)


def sentences_of(text):
    """Sentence bounds: runs of text ending in a full stop or a paragraph break."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^.\s][^.\n]*(?:\.|$)", text, re.MULTILINE)]


@pytest.fixture
def article(marked):
    text, spans = marked(ARTICLE)
    return analyse("The Lion", text, RawDoc(spans, sentences_of(text)))


def test_entities_names_labels_aliases(article):
    assert [(e.id, e.name, e.label, e.aliases) for e in article.entities] == [
        ("ahmad-shah-massoud", "Ahmad Shah Massoud", "PERSON", ["Massoud"]),
        ("bazarak", "Bazarak", "GPE", []),
        ("panjshir-valley", "Panjshir Valley", "LOC", []),
        ("panjshir", "Panjshir", "ORG", []),
        ("al-qaeda", "Al Qaeda", "ORG", ["al-Qaeda"]),
        ("united-states", "United States", "GPE", ["U.S."]),
    ]


def test_mentions_index_the_text(article):
    for entity in article.entities:
        for mention in entity.mentions:
            assert article.text[mention.start:mention.end] == mention.text
    massoud = article.entities[0]
    assert [m.text for m in massoud.mentions] == ["Ahmad Shah Massoud", "Massoud"]


def test_mention_sentence_is_the_sentence_holding_it(article):
    massoud = article.entities[0].mentions[1]
    start, end = massoud.sentence
    assert article.text[start:end] == "Massoud's men held the Panjshir Valley."


def test_without_sentences_context_stays_inside_the_paragraph(marked):
    text, spans = marked("First paragraph about [Kabul|GPE].\n\nSecond one about [Herat|GPE] only.")
    analysis = analyse("T", text, RawDoc(spans))
    for entity in analysis.entities:
        mention = entity.mentions[0]
        start, end = mention.sentence
        assert start <= mention.start < mention.end <= end
        assert "\n\n" not in text[start:end]


def test_numeric_labels_are_excluded_unless_configured(marked):
    text, spans = marked("In [2001|DATE], [two|CARDINAL] men met [Massoud|PERSON].")
    default = analyse("T", text, RawDoc(spans))
    everything = analyse("T", text, RawDoc(spans), excluded_labels=frozenset())
    assert [e.label for e in default.entities] == ["PERSON"]
    assert [e.label for e in everything.entities] == ["DATE", "CARDINAL", "PERSON"]


def test_ambiguities_carry_through(marked):
    text, spans = marked("[Ahmad Massoud|PERSON], son of [Ahmad Shah Massoud|PERSON]. [Massoud|PERSON] spoke.")
    analysis = analyse("T", text, RawDoc(spans))
    note = Ambiguity("Massoud", ("Ahmad Massoud", "Ahmad Shah Massoud"))
    assert [e.ambiguities for e in analysis.entities] == [[note], [note]]
    assert analysis.entities[0].to_json()["ambiguous"] == [
        {"form": "Massoud", "candidates": ["Ahmad Massoud", "Ahmad Shah Massoud"]}]


def test_to_json_shape(marked):
    text, spans = marked("[Kabul|GPE] fell.")
    analysis = analyse("Kabul", text, RawDoc(spans, [(0, 11)]))
    assert analysis.to_json() == {
        "title": "Kabul",
        "text": "Kabul fell.",
        "entities": [{"id": "kabul", "name": "Kabul", "label": "GPE", "aliases": [],
                      "mentions": [{"start": 0, "end": 5, "text": "Kabul"}], "ambiguous": []}],
    }


def test_no_spans_gives_no_entities():
    analysis = analyse("Empty", "Nothing here.", RawDoc([]))
    assert (analysis.title, analysis.text, analysis.entities) == ("Empty", "Nothing here.", [])


def test_mention_is_a_value():
    assert Mention(0, 5, "Kabul") == Mention(0, 5, "Kabul", (0, 0))
