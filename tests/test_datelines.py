"""Dateline places are marked as places (nlp.datelines)."""

import pytest

from nlp.analysis import analyse
from nlp.datelines import dateline_places, with_datelines
from nlp.raw import RawDoc
from nlp.repeats import names_missed


@pytest.mark.parametrize(("text", "places"), [
    ("MADRID 2024-10-30\nRain fell.", ["MADRID"]),
    ("SAN MATEO, Calif. 2024-10-30\nIt rained.", ["SAN MATEO", "Calif."]),
    ("OSLO, Norway (Reuters) - Prices rose.", ["OSLO", "Norway"]),
    ("GREEN BAY, Wis. - The team won.", ["GREEN BAY", "Wis."]),
    ("WHEELING, W. Va. _ A mine closed.", ["WHEELING", "W. Va."]),
    ("LIMA Oct 30 (AFP) - Talks began.", ["LIMA"]),
    # headlines and table rows are not datelines
    ("TENNIS - SMITH WINS IN ROME", []),
    ("BOSTON 63 64 .496 10", []),
    ("In MADRID 2024-10-30 it rained.", []),
], ids=["date", "region", "agency", "dash", "underscore-two-word-region", "month-day", "caps-headline",
        "table-row", "not-at-line-start"])
def test_dateline_places(text, places):
    assert [text[s.start:s.end] for s in dateline_places(text)] == places


def test_dateline_replaces_what_overlaps_it(marked):
    text, spans = marked("[SAN MATEO, Calif|ORG]. - [Acme|ORG] said.")
    assert [(text[s.start:s.end], s.label) for s in with_datelines(text, spans)] == [
        ("SAN MATEO", "GPE"), ("Calif.", "GPE"), ("Acme", "ORG")]


def test_dateline_place_joins_its_later_mentions(marked):
    text, spans = marked("TOLEDO, Ohio - Rain fell on [Toledo|GPE] and [Ohio|GPE].")
    raw = RawDoc(names_missed(text, spans) + spans)
    names = {e.name: len(e.mentions) for e in analyse("T", text, raw).entities}
    assert names == {"Toledo": 2, "Ohio": 2}
