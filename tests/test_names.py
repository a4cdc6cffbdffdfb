"""Name keys, acronyms and initials: the comparisons clustering and linking rely on."""

import pytest

from nlp.names import (LEGAL_FORMS, acronym_of, core_tokens, fold, initials, is_derived_word, legal_form_variants,
                       name_key, slug)


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


@pytest.mark.parametrize(("name", "expected"), [
    ("Volkswagen AG", ["volkswagen"]),
    ("Salomon Brothers Inc.", ["salomon brothers"]),
    ("Bank of Co", []),
    ("Volkswagen", [f"volkswagen {form}" for form in LEGAL_FORMS]),
])
def test_legal_form_variants(name, expected):
    assert legal_form_variants(name_key(name)) == expected


@pytest.mark.parametrize(("key", "other", "expected"), [
    ("israel", "israeli", True), ("georgians", "georgia", True), ("bosnia", "bosnian", True),
    ("iraqi", "iraqis", False), ("badakhshan", "badakshan", False), ("iran", "iraq", False),
])
def test_is_derived_word(key, other, expected):
    assert is_derived_word(key, other) is expected
