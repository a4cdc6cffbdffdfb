"""The short forms a full name is written as alone (nlp.short_forms), on hand-written names."""

from __future__ import annotations

import pytest

from nlp.names import name_key
from nlp.short_forms import ShortForms, initialled, initialled_form, initials_of, surname_of


@pytest.mark.parametrize(("name", "family", "expected"), [
    ("Bill Clinton", "PERSON", "clinton"),
    ("Martin Luther King Jr.", "PERSON", "king"),
    ("D. Gough", "PERSON", "gough"),
    ("Massoud Jr.", "PERSON", None),
    ("Clinton", "PERSON", None),
    ("Clinton County", "PLACE", None),
])
def test_surname_of(name, family, expected):
    assert surname_of(name_key(name), family) == expected


@pytest.mark.parametrize(("name", "family", "expected"), [
    ("United Nations", "ORG", {"un"}),
    ("United States", "PLACE", {"us"}),
    ("Bank of England", "ORG", {"boe", "be"}),
    ("North Atlantic Treaty Organisation", "ORG", {"nato"}),
    ("U.S. Steel", "ORG", set()),
    ("Bill Clinton", "PERSON", set()),
    ("Reuters", "ORG", set()),
    ("International Business Machines Corporation of New York City", "ORG", set()),
])
def test_initials_of(name, family, expected):
    assert initials_of(name_key(name), family) == expected


def test_short_forms_find_the_full_names():
    forms = ShortForms()
    forms.extend([(1, "bill clinton", "PERSON"), (2, "hillary clinton", "PERSON"), (3, "united nations", "ORG"),
                  (4, "clinton", "PERSON"), (5, "un", "ORG")])
    assert forms.people_named("clinton") == [1, 2]
    assert forms.spelled_out("un") == [3]
    assert forms.people_named("nations") == forms.spelled_out("bc") == []


@pytest.mark.parametrize(("name", "short", "full"), [
    ("D. Gough", ("d", "gough"), None),
    ("Darren Gough", None, "d gough"),
    ("Gough", None, None),
    ("Ahmad Shah Massoud", None, None),
    ("D. J. Gough", None, None),
])
def test_initial_and_surname(name, short, full):
    assert initialled(name_key(name)) == short
    assert initialled_form(name_key(name)) == full

