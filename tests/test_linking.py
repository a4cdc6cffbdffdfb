"""The cross-article link policy (nlp.linking), as tables of hand-written candidates."""

from __future__ import annotations

import pytest

from nlp.linking import (NEW, Candidate, Link, ShortFormCandidate, choose_link, is_another_place, keeps_apart,
                         links_only_by_key, qualified_place_name)

C = Candidate
S = ShortFormCandidate


def no_fuzzy(family: str):
    return None


def fuzzy_finds(entity_id: int, score: float, family: str = "PERSON"):
    """A fuzzy lookup that finds *entity_id* only when asked for *family*."""
    return lambda asked: (entity_id, score) if asked == family else None


@pytest.mark.parametrize(("label", "same_key", "same_alias", "fuzzy", "expected"), [
    # exact: the same key wins over everything, the same family preferred, else the index's first
    ("PERSON", [C(1, "PERSON")], [C(2, "PERSON")], fuzzy_finds(3, 95), Link(1, "exact", 100.0)),
    ("GPE", [C(1, "ORG"), C(2, "LOC")], [], no_fuzzy, Link(2, "exact", 100.0)),
    ("GPE", [C(1, "ORG"), C(2, "PERSON")], [], no_fuzzy, Link(1, "exact", 100.0)),
    ("LOC", [C(5, "GPE"), C(6, "GPE")], [], no_fuzzy, Link(5, "exact", 100.0)),
    # alias: exactly one entity of the same family has the name as an alias
    ("PERSON", [], [C(4, "PERSON")], fuzzy_finds(3, 95), Link(4, "alias", 100.0)),
    ("GPE", [], [C(4, "LOC"), C(4, "LOC")], no_fuzzy, Link(4, "alias", 100.0)),
    # the same name under another label is the same entity ("Reuters" ORG, then PERSON) ...
    ("PERSON", [], [C(4, "ORG")], no_fuzzy, Link(4, "alias", 100.0)),
    ("PERSON", [], [C(4, "ORG"), C(4, "ORG")], no_fuzzy, Link(4, "alias", 100.0)),
    # ... unless two entities of other families have it, or two of the name's own family do
    ("PERSON", [], [C(4, "ORG"), C(5, "GPE")], no_fuzzy, NEW),
    ("PERSON", [], [C(4, "ORG"), C(5, "PERSON"), C(6, "PERSON")], no_fuzzy, NEW),
    # the very name under another label comes before an alias ("Hong Kong" ORG, not "Hong Kong Open")
    ("GPE", [C(1, "ORG")], [C(2, "GPE")], no_fuzzy, Link(1, "exact", 100.0)),
    # two entities of the family share the alias: ambiguous, so fuzzy decides
    ("PERSON", [], [C(4, "PERSON"), C(7, "PERSON")], fuzzy_finds(3, 92.5), Link(3, "fuzzy", 92.5)),
    # fuzzy: asked for the name's family (GPE and LOC are one family, "PLACE")
    ("PERSON", [], [], fuzzy_finds(3, 91), Link(3, "fuzzy", 91)),
    ("LOC", [], [], fuzzy_finds(8, 90, family="PLACE"), Link(8, "fuzzy", 90)),
    ("ORG", [], [], fuzzy_finds(3, 99), NEW),
    # new: nothing found
    ("PERSON", [], [], no_fuzzy, NEW),
])
def test_link_policy(label, same_key, same_alias, fuzzy, expected):
    assert choose_link(label, same_key, same_alias, fuzzy) == expected


def test_fuzzy_is_not_asked_when_the_key_or_an_alias_decides():
    asked: list[str] = []

    def fuzzy(family: str):
        asked.append(family)
        return None

    choose_link("PERSON", [C(1, "PERSON")], [], fuzzy)
    choose_link("PERSON", [], [C(2, "PERSON")], fuzzy)
    assert asked == []
    choose_link("GPE", [], [], fuzzy)
    assert asked == ["PLACE"]


def short_forms(*candidates: ShortFormCandidate):
    return lambda: candidates


SHORT = "short"


@pytest.mark.parametrize(("label", "same_key", "same_alias", "candidates", "expected"), [
    # a surname alone: the one full name sharing names with the article, before the bare name's entity
    ("PERSON", [C(1, "PERSON")], [], [S(5, "PERSON", 2)], Link(5, SHORT, 100.0)),
    ("PERSON", [], [C(2, "PERSON"), C(3, "PERSON")], [S(2, "PERSON", 1), S(3, "PERSON", 4)], Link(3, SHORT, 100.0)),
    # no shared name, or not clearly more with one of two people: not linked to any full name
    ("PERSON", [C(1, "PERSON")], [], [S(5, "PERSON", 0)], Link(1, "exact", 100.0)),
    ("PERSON", [], [], [S(5, "PERSON", 0)], NEW),
    ("PERSON", [], [], [S(5, "PERSON", 2), S(6, "PERSON", 2)], NEW),
    ("PERSON", [], [], [S(5, "PERSON", 4), S(6, "PERSON", 2)], NEW),
    ("PERSON", [], [], [S(5, "PERSON", 5), S(6, "PERSON", 2)], Link(5, SHORT, 100.0)),
    # a surname several people have, undecided: the bare surname's entity, else new, never an alias
    ("PERSON", [], [C(5, "PERSON")], [S(5, "PERSON", 0), S(6, "PERSON", 0)], NEW),
    ("PERSON", [C(1, "PERSON")], [], [S(5, "PERSON", 0), S(6, "PERSON", 0)], Link(1, "exact", 100.0)),
    ("PERSON", [], [C(5, "PERSON")], [S(5, "PERSON", 0)], Link(5, "alias", 100.0)),
    # a full name of another family is not a short form's ("Hamilton" the team, "Hamilton" the pitcher)
    ("ORG", [], [], [S(5, "PERSON", 3)], NEW),
    # initials: the same name first ("U.S." is "US"), then the full name ("United Nations")
    ("GPE", [C(1, "GPE")], [], [S(5, "GPE", 3)], Link(1, "exact", 100.0)),
    ("ORG", [], [], [S(7, "ORG", 1)], Link(7, SHORT, 100.0)),
    ("GPE", [], [], [S(7, "LOC", 1), S(7, "LOC", 1)], Link(7, SHORT, 100.0)),
    # a full name's short form in the library ("D. Gough" for "Darren Gough"): after the very name
    ("PERSON", [C(1, "PERSON")], [], [S(5, "PERSON", 3, full_name=False)], Link(1, "exact", 100.0)),
    ("PERSON", [], [], [S(5, "PERSON", 3, full_name=False)], Link(5, SHORT, 100.0)),
])
def test_short_form_policy(label, same_key, same_alias, candidates, expected):
    assert choose_link(label, same_key, same_alias, no_fuzzy, short_forms(*candidates)) == expected


@pytest.mark.parametrize(("key", "expected"), [
    ("valley", True), ("party", True), ("river", True),
    ("swat valley", False), ("clinton", False), ("reuters", False),
])
def test_a_generic_word_alone_links_only_by_its_key(key, expected):
    assert links_only_by_key(key) is expected


@pytest.mark.parametrize(("link", "label", "first_label", "expected"), [
    # the library's very name, in one family: a headline and a body grouped apart ("HONG KONG", "Hong Kong")
    (Link(1, "exact", 100.0), "GPE", "GPE", False),
    (Link(1, "exact", 100.0), "LOC", "GPE", False),
    # anything else the analysis kept apart stays apart
    (Link(1, "exact", 100.0), "PERSON", "GPE", True),
    (Link(1, "alias", 100.0), "GPE", "GPE", True),
    (Link(1, "fuzzy", 92.0), "NORP", "NORP", True),
    (Link(1, "short", 100.0), "PERSON", "PERSON", True),
])
def test_names_the_analysis_kept_apart(link, label, first_label, expected):
    assert keeps_apart(link, label, first_label) is expected


def qualified(markup: str, name: str, label: str = "GPE") -> str | None:
    """qualified_place_name of the bracketed *name* in *markup*, the other brackets being places."""
    text, spans = "", []
    for n, part in enumerate(markup.split("[")):
        if n:
            inside, rest = part.split("]", 1)
            spans.append((len(text), len(text) + len(inside)))
            text += inside + rest
        else:
            text += part
    mentions = [(a, b) for a, b in spans if text[a:b] == name]
    places = {a: text[a:b] for a, b in spans if text[a:b] != name}
    return qualified_place_name(name, label, text, mentions, places)


@pytest.mark.parametrize(("markup", "name", "label", "expected"), [
    ("Floods in [Paris], [Texas], closed roads.", "Paris", "GPE", "Paris, Texas"),
    ("[FRESNO], [Calif.] - A fire.", "FRESNO", "GPE", "FRESNO, Calif."),
    ("Rain in [Washington] state and in [Oregon].", "Washington", "GPE", "Washington State"),
    ("Rain in [Washington] statehouse.", "Washington", "GPE", None),
    ("[Paris] and [Texas].", "Paris", "GPE", None),
    # a list of places does not qualify its items
    ("Talks with [Britain], [France] and [Italy].", "Britain", "GPE", None),
    ("Talks with [Britain], [France], [Italy].", "France", "GPE", None),
    ("Talks with [Britain], [France].", "France", "GPE", None),
    # only places are qualified
    ("[Paris], [Texas] said.", "Paris", "PERSON", None),
])
def test_a_place_qualified_by_another(markup, name, label, expected):
    assert qualified(markup, name, label) == expected


@pytest.mark.parametrize(("qualified_otherwise", "seen_with_qualifier", "expected"), [
    (True, False, True),  # "Paris, France" before, never with Texas: "Paris, Texas" is another Paris
    (True, True, False),
    (False, False, False),  # "Washington, D.C." is the Washington of the news
    (False, True, False),
])
def test_another_place_of_the_same_name(qualified_otherwise, seen_with_qualifier, expected):
    assert is_another_place(qualified_otherwise, seen_with_qualifier) is expected
