"""Search in the article ignores case and accents and keeps exact offsets."""

from __future__ import annotations

import random

import pytest

from tui.text_search import find_matches, fold_text


@pytest.mark.parametrize("text, query, found", [
    ("Pedro Sánchez met SANCHEZ and sanchez.", "sanchez", ["Sánchez", "SANCHEZ", "sanchez"]),
    ("Pedro Sánchez met Sanchez.", "Sánchez", ["Sánchez", "Sanchez"]),
    ("Pedro Sa\u0301nchez (decomposed).", "sanchez", ["Sa\u0301nchez"]),
    ("Die Straße, die STRASSE.", "strasse", ["Straße", "STRASSE"]),
    ("\ufb01ne words, then São Paulo and sao paulo.", "são paulo", ["São Paulo", "sao paulo"]),
    ("Al-Qāʿida and al-Qaida.", "qaida", ["Qāʿida", "Qaida"]),
    ("İstanbul, then Zürich and ZURICH.", "zurich", ["Zürich", "ZURICH"]),
    ("Nothing here.", "sanchez", []),
    ("Anything.", "   ", []),
])
def test_matches_ignore_case_and_accents_at_exact_offsets(text, query, found):
    assert [text[start:end] for start, end in find_matches(text, query)] == found


def test_offsets_stay_exact_after_characters_that_fold_longer_or_shorter():
    rng = random.Random(11)
    odd = ["ß", "\ufb01", "e\u0301", "ʿ", "İ", "é", "“", "—", "x"]
    text = "".join(rng.choice(odd) + " " for _ in range(300)) + "José Núñez"
    [(start, end)] = find_matches(text, "jose nunez")
    assert text[start:end] == "José Núñez"


def test_folding_plain_ascii_keeps_offsets_one_to_one():
    folded = fold_text("Kabul and KANDAHAR")
    assert folded.folded == "kabul and kandahar" and folded.to_original(10) == 10
