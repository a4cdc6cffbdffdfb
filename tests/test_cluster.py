"""Clustering one article's mentions into entities with canonical names, aliases and one label."""

import pytest

from nlp.cluster import Ambiguity, cluster_mentions, vote_label
from nlp.raw import RawSpan


def clusters_of(marked, source):
    text, spans = marked(source)
    return text, cluster_mentions(text, spans)


def summary(marked, source):
    """(name, label, aliases, mention count) of each entity, in order of first mention."""
    _, clusters = clusters_of(marked, source)
    return [(c.name, c.label, c.aliases, len(c.mentions)) for c in clusters]


@pytest.mark.parametrize(("source", "expected"), [
    ("[Al Qaeda|ORG] grew. Later [al-Qaeda|ORG] and [Al-Qaeda|ORG] struck. [Al Qaeda|ORG] again.",
     [("Al Qaeda", "ORG", ["al-Qaeda", "Al-Qaeda"], 4)]),
    ("[al-Qaeda|ORG] grew. [Al Qaeda|ORG] and [Al Qaeda|ORG] struck.",
     [("Al Qaeda", "ORG", ["al-Qaeda"], 3)]),
    ("[Osama bin Laden|PERSON] hid. Later [bin Laden|PERSON] fled.",
     [("Osama bin Laden", "PERSON", ["bin Laden"], 2)]),
    ("The [United States|GPE] left. The [US|GPE] and [U.S.|GPE] troops, the [US|GPE] said.",
     [("United States", "GPE", ["US", "U.S."], 4)]),
    ("[US|GPE] aid first; the [United States|GPE] later.",
     [("United States", "GPE", ["US"], 2)]),
    ("The [National Resistance Front|ORG] formed. The [NRF|ORG] held.",
     [("National Resistance Front", "ORG", ["NRF"], 2)]),
    ("[Amrullah Saleh|PERSON] spoke. [Saleh|PERSON] left.",
     [("Amrullah Saleh", "PERSON", ["Saleh"], 2)]),
    ("[Ahmad Massoud|PERSON] spoke. [Massoud Jr.|PERSON] left.",
     [("Ahmad Massoud", "PERSON", ["Massoud Jr."], 2)]),
    ("[Ahmad Shah Massoud|PERSON] led. [Shah|PERSON] won.",
     [("Ahmad Shah Massoud", "PERSON", ["Shah"], 2)]),
    ("[Badakhshan|GPE] roads. [Badakshan|GPE] stones. [Badakhshan|GPE] again.",
     [("Badakhshan", "GPE", ["Badakshan"], 3)]),
    ("The [Panjshir|GPE] valley. [Panjshir|GPE] province. [Panjshir|GPE] river.",
     [("Panjshir", "GPE", [], 3)]),
    ("[Gerald R. Ford|PERSON] died. [Ford|PERSON] was 93. [Gerald Ford|PERSON] served.",
     [("Gerald R. Ford", "PERSON", ["Ford", "Gerald Ford"], 3)]),
    ("[George H.W. Bush|PERSON] spoke. [George Bush|PERSON] left.",
     [("George H.W. Bush", "PERSON", ["George Bush"], 2)]),
    ("The [New York Times|ORG] said. The [Times|ORG] added.",
     [("New York Times", "ORG", ["Times"], 2)]),
    ("[Swat|GPE] was calm. The [Swat Valley|ORG] road and the [Swat Valley|ORG] hotels reopened.",
     [("Swat Valley", "LOC", ["Swat"], 3)]),
    ("[Swat|GPE] was calm. [Swat Valley|LOC] and [Swat|GPE] district.", [("Swat Valley", "GPE", ["Swat"], 3)]),
    ("[Manchester City|ORG] won. [City|ORG] fans cheered.", [("Manchester City", "ORG", ["City"], 2)]),
    ("The [Federal Reserve|ORG] met. The [Fed|ORG] held rates.", [("Federal Reserve", "ORG", ["Fed"], 2)]),
    ("Gains\n\n[FRESNO|GPE], [Calif.|GPE] - Rain hit [California|GPE].",
     [("FRESNO", "GPE", [], 1), ("California", "GPE", ["Calif."], 2)]),
    ("A [Serb|NORP] leader. [Serbs|NORP] and [Serbs|NORP] voted.", [("Serbs", "NORP", ["Serb"], 3)]),
    ("The [All Blacks|ORG] won; an [All Black|NORP] scored.", [("All Blacks", "ORG", ["All Black"], 2)]),
], ids=["al-qaeda", "canonical-most-frequent", "bin-laden", "us", "acronym-first", "nrf", "surname",
        "junior", "middle-name", "badakhshan", "repeated", "without-middle-initial", "without-middle-initials",
        "last-word-of-a-longer-organisation",
        "landform-is-a-place", "place-variants-one-label", "last-word-of-a-city-club", "clipped-first-word", "dateline-abbreviation",
        "plural", "plural-other-label"])
def test_mentions_that_merge(marked, source, expected):
    assert summary(marked, source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("[New York|GPE] police read the [New York Times|ORG].",
     [("New York", "GPE", [], 1), ("New York Times", "ORG", [], 1)]),
    ("[Iran|GPE] and [Iraq|GPE].", [("Iran", "GPE", [], 1), ("Iraq", "GPE", [], 1)]),
    ("[Austria|GPE] and [Australia|GPE].", [("Austria", "GPE", [], 1), ("Australia", "GPE", [], 1)]),
    ("[Kabul|GPE] and [Kabul University|ORG].", [("Kabul", "GPE", [], 1), ("Kabul University", "ORG", [], 1)]),
    ("The [National Resistance Front|ORG] and the [Resistance|ORG].",
     [("National Resistance Front", "ORG", [], 1), ("Resistance", "ORG", [], 1)]),
    ("The [United States|GPE] and the [UK|GPE].", [("United States", "GPE", [], 1), ("UK", "GPE", [], 1)]),
    ("[Badakhshan|GPE] and [Badakshan|ORG].", [("Badakhshan", "GPE", [], 1), ("Badakshan", "ORG", [], 1)]),
    ("[Amrullah Saleh|PERSON] met [Saleh Road|FAC].",
     [("Amrullah Saleh", "PERSON", [], 1), ("Saleh Road", "FAC", [], 1)]),
    ("The [Lion of Panjshir|ORG] came home to [Panjshir|ORG].",
     [("Lion of Panjshir", "ORG", [], 1), ("Panjshir", "ORG", [], 1)]),
    ("[Swiss|NORP] voters and [Swiss German|NORP] speakers.",
     [("Swiss", "NORP", [], 1), ("Swiss German", "NORP", [], 1)]),
    ("[Bosnian Serb|NORP] leaders and a [Serb|NORP] and a [Bosnian|NORP].",
     [("Bosnian Serb", "NORP", [], 1), ("Serb", "NORP", [], 1), ("Bosnian", "NORP", [], 1)]),
    ("[West Texas|GPE] oil and [Texas|GPE] law.", [("West Texas", "GPE", [], 1), ("Texas", "GPE", [], 1)]),
    ("A [North Las Vegas|GPE] jail, then [Las Vegas|GPE].",
     [("North Las Vegas", "GPE", [], 1), ("Las Vegas", "GPE", [], 1)]),
    ("[Gerald Ford|PERSON] met [Gerald R. Smith|PERSON].",
     [("Gerald Ford", "PERSON", [], 1), ("Gerald R. Smith", "PERSON", [], 1)]),
    ("The [New Party|ORG] and the [Party|ORG].", [("New Party", "ORG", [], 1), ("Party", "ORG", [], 1)]),
    ("The [Fed|ORG] said the [Federal Reserve|ORG] would act.",
     [("Fed", "ORG", [], 1), ("Federal Reserve", "ORG", [], 1)]),
    ("[Federal Express|ORG] and [Fedora|ORG].", [("Federal Express", "ORG", [], 1), ("Fedora", "ORG", [], 1)]),
    ("[Ahmad Shah Massoud|PERSON] led. His son [Ahmad Massoud|PERSON] spoke.",
     [("Ahmad Shah Massoud", "PERSON", [], 1), ("Ahmad Massoud", "PERSON", [], 1)]),
    ("[Munich Re|PERSON] to split stock\n\n[MUNICH|GPE] 2024-03-01\n[Munich Re|PERSON] said so.",
     [("Munich Re", "PERSON", [], 2), ("MUNICH", "GPE", [], 1)]),
    ("Cup draw\n\n[BUCHAREST|GPE] 2024-03-01\n[Steaua Bucharest|GPE] drew.",
     [("BUCHAREST", "GPE", [], 1), ("Steaua Bucharest", "GPE", [], 1)]),
    ("[William|PERSON] met [Williams|PERSON].", [("William", "PERSON", [], 1), ("Williams", "PERSON", [], 1)]),
    ("[Mexico City|GPE] is the capital of [Mexico|GPE].", [("Mexico City", "GPE", [], 1), ("Mexico", "GPE", [], 1)]),
    ("[AUSTRIA|GPE] WIN\n[Austria Vienna|PERSON] won the cup.",
     [("AUSTRIA", "GPE", [], 1), ("Austria Vienna", "PERSON", [], 1)]),
], ids=["new-york-times", "iran-iraq", "austria-australia", "label-differs", "middle-run-non-person",
        "other-acronym", "variant-needs-same-label", "person-name-in-place", "name-joined-by-of",
        "nationality-not-a-language", "nationality-not-a-longer-group", "west-texas", "north-las-vegas",
        "other-surname", "compass-word-of-a-two-word-organisation", "clipping-before-the-name", "not-a-clipping", "middle-name-is-another-person",
        "dateline-place-not-a-person", "dateline-place-not-a-longer-place", "plural-of-a-name", "city-is-another-place",
        "headline-first-word-not-a-person"])
def test_mentions_that_stay_apart(marked, source, expected):
    assert summary(marked, source) == expected


@pytest.mark.parametrize(("source", "label"), [
    ("[Panjshir|PERSON] fell. [Panjshir|GPE] is a province. [Panjshir|GPE] again.", "GPE"),
    ("[Panjshir|GPE] fell. [Panjshir|PERSON] and [Panjshir|PERSON].", "PERSON"),
    ("[Kabul|ORG] then [Kabul|GPE].", "ORG"),
    ("[Ahmad Shah Massoud|PERSON] and [Massoud|ORG] and [Massoud|PERSON].", "PERSON"),
], ids=["majority", "majority-later", "tie-goes-to-first", "whole-entity"])
def test_one_label_per_entity_by_vote(marked, source, label):
    _, clusters = clusters_of(marked, source)
    assert [c.label for c in clusters] == [label]


@pytest.mark.parametrize(("source", "expected"), [
    ("[Olaf Scholz|PERSON] spoke. [Scholz|GPE] left. [Olaf|NORP] smiled. [Scholz|GPE] went.",
     [("Olaf Scholz", "PERSON", ["Scholz", "Olaf"], 4)]),
    ("[Gerald Ford|PERSON] died. [Ford|ORG] was 93. [Ford|ORG] served in [Congress|ORG].",
     [("Gerald Ford", "PERSON", ["Ford"], 3), ("Congress", "ORG", [], 1)]),
    ("[Jordan|GPE] hosted the talks. Later [Michael Jordan|PERSON] played.",
     [("Jordan", "GPE", [], 1), ("Michael Jordan", "PERSON", [], 1)]),
    ("[Timberlake|ORG], Diaz split\n[Justin Timberlake|PERSON] and Cameron Diaz parted. [Timberlake|ORG] said.",
     [("Justin Timberlake", "PERSON", ["Timberlake"], 3)]),
    ("Talks end\nIn [Jordan|GPE], [Michael Jordan|PERSON] played.",
     [("Jordan", "GPE", [], 1), ("Michael Jordan", "PERSON", [], 1)]),
    ("[Chelsea|ORG] graduates\n[Chelsea Clinton|PERSON] left Stanford.",
     [("Chelsea Clinton", "PERSON", ["Chelsea"], 2)]),
    ("[Olaf Scholz|ORG] spoke. [Scholz|PERSON] left. [Olaf|NORP] smiled. [Scholz|GPE] went.",
     [("Olaf Scholz", "PERSON", ["Scholz", "Olaf"], 4)]),
    ("[Alistair Brown|ORG] hit 50. [Brown|PERSON] was out.", [("Alistair Brown", "PERSON", ["Brown"], 2)]),
    ("[Magdalena Maleeva|LOC] won. [Maleeva|GPE] said so.", [("Magdalena Maleeva", "LOC", ["Maleeva"], 2)]),
    # a team named by its last word, and a name called by only one of its words, keep their labels
    ("The [Seattle Mariners|ORG] won. The [Mariners|ORG] lead.", [("Seattle Mariners", "ORG", ["Mariners"], 2)]),
    ("[Goldman Sachs|ORG] rose. [Goldman|ORG] said.", [("Goldman Sachs", "ORG", ["Goldman"], 2)]),
    ("The [Italian Cup|EVENT] final. The [Cup|EVENT] went to [Italian|NORP] hands.",
     [("Italian Cup", "EVENT", ["Cup"], 2), ("Italian", "NORP", [], 1)]),
], ids=["any-label-after-full-name", "person-label-kept", "place-before-the-person-stays-apart",
        "surname-in-the-headline", "before-the-person-below-the-headline", "first-name-in-the-headline",
        "other-labels-after-a-relabelled-full-name", "full-name-not-a-person-surname-a-person",
        "place-family", "team", "organisation-by-first-word", "first-and-last-word-alone"])
def test_short_form_of_a_person_whatever_its_label(marked, source, expected):
    assert summary(marked, source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("[Calif.|GPE] rains. [California|GPE] dries.", [("California", "GPE", ["Calif."], 2)]),
    ("[W. Va.|GPE] mines. [West Virginia|GPE] coal.", [("West Virginia", "GPE", ["W. Va."], 2)]),
    ("[Ala.|GPE] fans. The [Alabama|LOC] state.", [("Alabama", "GPE", ["Ala."], 2)]),
    ("[Md.|GPE] and [Maryland|GPE].", [("Maryland", "GPE", ["Md."], 2)]),
    # not without the dot, not a person's initial, not when a word is not a prefix
    ("[Cal|GPE] rains. [California|GPE] dries.", [("Cal", "GPE", [], 1), ("California", "GPE", [], 1)]),
    ("[Mt.|GPE] and [Maryland|GPE].", [("Mt.", "GPE", [], 1), ("Maryland", "GPE", [], 1)]),
    ("[Gen.|ORG] and [General Motors|ORG].", [("Gen.", "ORG", [], 1), ("General Motors", "ORG", [], 1)]),
], ids=["state", "two-words", "place-labels", "contraction", "no-dot", "letters-not-in-the-name",
        "word-count"])
def test_dotted_abbreviation_joins_its_full_name(marked, source, expected):
    assert summary(marked, source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("The [Crimson Tide|ORG] won. The [Tide|PRODUCT] fans cheered.", [("Crimson Tide", "ORG", ["Tide"], 2)]),
    # a product named before the company, or a company's name inside a product's, stays apart
    ("[Tide|PRODUCT] soap sold out. The [Crimson Tide|ORG] won.",
     [("Tide", "PRODUCT", [], 1), ("Crimson Tide", "ORG", [], 1)]),
    ("The [Apple Watch|PRODUCT] sold. [Apple|ORG] said.",
     [("Apple Watch", "PRODUCT", [], 1), ("Apple", "ORG", [], 1)]),
], ids=["product-after-organisation", "product-first", "organisation-inside-product"])
def test_short_name_of_an_organisation_tagged_as_product(marked, source, expected):
    assert summary(marked, source) == expected


@pytest.mark.parametrize(("source", "name"), [
    ("[TOLEDO|GPE] 2024. Rain in [Toledo|GPE].", "Toledo"),
    ("[TOLEDO|GPE] 2024. [TOLEDO|GPE] again. Rain in [Toledo|GPE].", "Toledo"),
    ("[NATO|ORG] met. [NATO|ORG] again. [Nato|ORG] once.", "NATO"),
    ("[BOSTON|ORG] 63 64", "BOSTON"),
], ids=["tie", "outnumbered", "acronym", "only-caps"])
def test_canonical_name_is_not_shouted(marked, source, name):
    _, clusters = clusters_of(marked, source)
    assert [c.name for c in clusters] == [name]


def test_vote_label_orders_by_offset_not_by_list_order():
    spans = [RawSpan(10, 15, "GPE"), RawSpan(0, 5, "ORG")]
    assert vote_label(spans) == "ORG"


AMBIGUOUS = (
    "[Massoud|PERSON] is a famous name. [Ahmad Massoud|PERSON] is the son of [Ahmad Shah Massoud|PERSON]. "
    "[Massoud|PERSON] senior died in 2001. [Ahmad Massoud|PERSON] studied in London. [Massoud|PERSON] returned. "
    "[Ahmad Shah Massoud|PERSON] is buried at Bazarak, and [Massoud|PERSON] is mourned."
)


def test_ambiguous_short_form_goes_by_cue_sentence_and_salience(marked):
    text, spans = marked(AMBIGUOUS)
    first, after_both, after_son, last = [s.start for s in spans if text[s.start:s.end] == "Massoud"]
    short_forms = {c.name: [m.start for m in c.mentions if m.end - m.start == len("Massoud")]
                   for c in cluster_mentions(text, spans)}
    assert short_forms == {"Ahmad Massoud": [first, after_son], "Ahmad Shah Massoud": [after_both, last]}


@pytest.mark.parametrize(("source", "owners"), [
    # the subject, named first and most, keeps the bare surname after a parent named in passing
    ("[Nick Saban|PERSON] won. [Saban|PERSON] smiled. [Nick Saban|PERSON] left. His wife [Terry Saban|PERSON] "
     "said so.\nThe well-travelled [Saban|PERSON] agreed.", ["Nick Saban", "Nick Saban"]),
    # named earlier in the same sentence: that one
    ("[Nick Saban|PERSON] won. [Nick Saban|PERSON] left. [Terry Saban|PERSON] said [Saban|PERSON] was tired.",
     ["Terry Saban"]),
    # generation cues: parent words go to the less salient candidate, child words to the more salient
    ("[Ahmad Massoud|PERSON] spoke. [Ahmad Massoud|PERSON] left. [Ahmad Shah Massoud|PERSON] died. "
     "Later the late [Massoud|PERSON] was mourned. [Massoud|PERSON] Sr. was a hero. "
     "[Massoud|PERSON] Jr. spoke again.", ["Ahmad Shah Massoud", "Ahmad Shah Massoud", "Ahmad Massoud"]),
    # none named before: the most salient
    ("[Saban|PERSON] arrived. [Terry Saban|PERSON] and [Nick Saban|PERSON] and [Nick Saban|PERSON].",
     ["Nick Saban"]),
    # the suffix inside the name itself
    ("[Ahmad Massoud|PERSON] spoke. [Ahmad Massoud|PERSON] left. [Ahmad Shah Massoud|PERSON] is mourned "
     "while [Massoud Jr.|PERSON] leads.", ["Ahmad Massoud"]),
    # a parent named in passing, even twice, is not the subject
    ("[Ahmad Massoud|PERSON], the son of [Ahmad Shah Massoud|PERSON], spoke. [Ahmad Shah Massoud|PERSON] "
     "died in 2001. The younger man studied abroad. [Massoud|PERSON], for his part, spoke.", ["Ahmad Massoud"]),
], ids=["salience-over-recency", "same-sentence", "generation-cues", "before-any", "suffix-in-the-name",
        "parent-named-in-passing"])
def test_ambiguous_short_form_owner(marked, source, owners):
    text, spans = marked(source)
    clusters = cluster_mentions(text, spans)
    owner_of = {m.start: c.name for c in clusters for m in c.mentions}
    short = [s.start for s in spans if text[s.start:s.end] in ("Saban", "Massoud", "Massoud Jr.")]
    assert [owner_of[start] for start in short] == owners
    assert all(c.ambiguities for c in clusters if c.name != "Saban")


def test_ambiguity_is_recorded_on_every_candidate(marked):
    _, clusters = clusters_of(marked, AMBIGUOUS)
    expected = [Ambiguity("Massoud", ("Ahmad Massoud", "Ahmad Shah Massoud"))]
    assert {c.name: c.ambiguities for c in clusters} == {"Ahmad Massoud": expected, "Ahmad Shah Massoud": expected}
    assert {c.name: c.aliases for c in clusters} == {"Ahmad Massoud": ["Massoud"], "Ahmad Shah Massoud": ["Massoud"]}


def test_unambiguous_entities_record_no_ambiguity(marked):
    _, clusters = clusters_of(marked, "[Amrullah Saleh|PERSON] and [Saleh|PERSON] met [Ahmad Massoud|PERSON].")
    assert [c.ambiguities for c in clusters] == [[], []]


def test_clusters_are_ordered_by_first_mention_and_mentions_sorted(marked):
    text, clusters = clusters_of(marked, "[Kabul|GPE], [Herat|GPE], [Kabul|GPE] and [Saleh|PERSON].")
    assert [c.name for c in clusters] == ["Kabul", "Herat", "Saleh"]
    for cluster in clusters:
        assert cluster.mentions == sorted(cluster.mentions, key=lambda s: s.start)


def test_every_mention_belongs_to_exactly_one_entity(marked):
    text, spans = marked(AMBIGUOUS)
    clusters = cluster_mentions(text, spans)
    by_offset = lambda s: (s.start, s.end)  # noqa: E731
    assert sorted((s for c in clusters for s in c.mentions), key=by_offset) == sorted(spans, key=by_offset)


def test_no_spans_no_entities():
    assert cluster_mentions("Nothing to see.", []) == []
