"""A name found once in an article is marked at its other occurrences there (nlp.repeats)."""

import pytest

from nlp.analysis import analyse
from nlp.raw import RawDoc
from nlp.repeats import is_repeatable, mark_repeats, names_missed


def surfaces(text, spans):
    return [(text[s.start:s.end], s.label) for s in spans]


@pytest.mark.parametrize(
    ("marked_text", "expected"),
    [
        # a repeat the model missed is marked, with the label it gave the first one
        ("[Nigeria|GPE] won. Later Okafor (Nigeria) ran.", [("Nigeria", "GPE"), ("Nigeria", "GPE")]),
        # whole words only, and the same case
        ("[Rome|GPE] fell. Romelu ran; rome is lower case.", [("Rome", "GPE")]),
        # not inside a longer capitalised name
        ("[Boston|GPE] voted. The Boston Red Sox lost.", [("Boston", "GPE")]),
        ("[Boston|GPE] voted. New Boston is small.", [("Boston", "GPE")]),
        # ALL-CAPS table rows: neighbours that are numbers do not block
        ("[BOSTON|ORG] 63 64 .496\nTORONTO 58 69\nBOSTON 63 64", [("BOSTON", "ORG"), ("BOSTON", "ORG")]),
        # a function word at a sentence start is no name
        ("[The|ORG] end. The start.", [("The", "ORG")]),
        # spans already there are kept as they are
        ("[Kabul|GPE] and [Kabul|LOC].", [("Kabul", "GPE"), ("Kabul", "LOC")]),
        # never on a photo credit line
        ("[Jane Roe|PERSON] spoke.\nPhoto: Jane Roe / Reuters", [("Jane Roe", "PERSON")]),
        # dotted abbreviations keep their dot and do not match inside another one
        ("The [U.S.|GPE] said. U.S. troops left.", [("U.S.", "GPE"), ("U.S.", "GPE")]),
        # the full name replaces the fragments the model found inside a later occurrence of it
        ("[Waqar Younis|PERSON] bowled. Lewis b Waqar [Younis|PERSON] 4",
         [("Waqar Younis", "PERSON"), ("Waqar Younis", "PERSON")]),
        ("The [New York Times|ORG] wrote. The [New York|GPE] Times again.",
         [("New York Times", "ORG"), ("New York Times", "ORG")]),
        # but not a span that reaches outside it
        ("[Hapoel Haifa|ORG] won. [Haifa Port|FAC] lost. Hapoel [Haifa Port|FAC] closed.",
         [("Hapoel Haifa", "ORG"), ("Haifa Port", "FAC"), ("Haifa Port", "FAC")]),
    ],
    ids=["missed-repeat", "whole-word-same-case", "inside-longer-name", "after-a-capitalised-word",
         "caps-table", "function-word", "kept", "credit-line", "dotted", "full-name-over-fragment",
         "full-name-over-other-name", "crossing-span"],
)
def test_mark_repeats(marked, marked_text, expected):
    text, spans = marked(marked_text)
    assert surfaces(text, mark_repeats(text, spans)) == expected


@pytest.mark.parametrize(
    ("surface", "expected"),
    [("Nigeria", True), ("The", False), ("A", False), ("nation", False), ("The Hague", True), ("X", False)],
)
def test_is_repeatable(surface, expected):
    assert is_repeatable(surface) is expected


def test_repeats_join_the_entity(marked):
    text, spans = marked("[Mary Onyali|PERSON] of [Nigeria|GPE] won.\n\n1. Mary Onyali (Nigeria) 11.09")
    analysis = analyse("T", text, RawDoc(names_missed(text, spans) + spans))
    assert [(e.name, len(e.mentions)) for e in analysis.entities] == [("Mary Onyali", 2), ("Nigeria", 2)]


def test_names_missed_are_only_the_new_spans(marked):
    text, spans = marked("OSLO 2024-01-02\n[Kenya's|GPE] team met [Kenya|GPE]. Kenya won.")
    assert surfaces(text, names_missed(text, spans)) == [("OSLO", "GPE"), ("Kenya", "GPE")]


def test_nothing_is_marked_in_text_the_model_did_not_read(marked):
    """Code is blanked out (spaces) in the text the model reads, so no repeat can land there."""
    text, spans = marked("[Salang|GPE] reopened.\n\n    fetch(\"Salang\")\n")
    blanked = text.replace('fetch("Salang")', " " * len('fetch("Salang")'))
    assert surfaces(text, names_missed(blanked, spans)) == []
