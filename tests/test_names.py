"""Name keys, acronyms and initials: the comparisons clustering and linking rely on."""

import pytest

from nlp.names import acronym_of, core_tokens, fold, initials, name_key, slug


@pytest.mark.parametrize(("name", "key"), [
    ("Al Qaeda", "al qaeda"),
    ("al-Qaeda", "al qaeda"),
    ("Al-Qaeda", "al qaeda"),
    ("al‑Qāʿida", "al qaida"),
    ("Al Qaida", "al qaida"),
    ("U.S.", "us"),
    ("US", "us"),
    ("O’Neill", "oneill"),
    ("O'Neill", "oneill"),
    ("Massoud Jr.", "massoud jr"),
    ("  Kabul  ", "kabul"),
    ("Badakhshan", "badakhshan"),
    ("Badakshan", "badakshan"),
    ("…", ""),
])
def test_name_key(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize(("text", "folded"), [
    ("Qāʿida", "qaida"),
    ("Ḥizb", "hizb"),
    ("KÖLN", "koln"),
    ("Straße", "strasse"),
])
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(("name", "acronym"), [
    ("US", "us"),
    ("U.S.", "us"),
    ("NRF", "nrf"),
    ("U. N.", "un"),
    ("NATO", "nato"),
    ("Kabul", None),
    ("NATO summit", None),
    ("A", None),
    ("ABCDEFG", None),
    ("G7", None),
])
def test_acronym_of(name, acronym):
    assert acronym_of(name) == acronym


@pytest.mark.parametrize(("name", "expected"), [
    ("United States", {"us"}),
    ("National Resistance Front", {"nrf"}),
    ("Bank of England", {"boe", "be"}),
    ("Al-Qaeda", {"aq"}),
    ("Al ʿ Qaida", {"aq"}),
    ("Kabul", set()),
])
def test_initials(name, expected):
    assert initials(name) == expected


@pytest.mark.parametrize(("name", "core"), [
    ("Massoud Jr.", ["massoud"]),
    ("Ahmad Shah Massoud", ["ahmad", "shah", "massoud"]),
    ("Jr.", ["jr"]),
    ("Henry VIII", ["henry", "viii"]),
    ("John Smith III", ["john", "smith"]),
])
def test_core_tokens(name, core):
    assert core_tokens(name) == core


@pytest.mark.parametrize(("name", "expected"), [
    ("Ahmad Shah Massoud", "ahmad-shah-massoud"),
    ("Al Qaeda", "al-qaeda"),
    ("U.S.", "us"),
    ("?!", "entity"),
])
def test_slug(name, expected):
    assert slug(name) == expected
