"""Cleaning model spans: paragraph splits, trimming, credits and bylines, labels, overlaps."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.raw import RawSpan
from nlp.spans import NUMERIC_LABELS, clean_spans, is_credit_line, remove_overlaps


def cleaned(marked, source, excluded=NUMERIC_LABELS):
    """(surface, label) of each span left after cleaning the *source* markup."""
    text, spans = marked(source)
    return [(text[s.start:s.end], s.label) for s in clean_spans(text, spans, excluded)]


@pytest.mark.parametrize(("source", "expected"), [
    ("Photo: Nasir Rahimi/AFP via [Getty Images\n\nPanjshir|ORG] became a province.", [("Panjshir", "ORG")]),
    ("They fled [Kabul\n\nPanjshir|GPE] was quiet.", [("Kabul", "GPE"), ("Panjshir", "GPE")]),
    ("Left [Herat\n  \nBamiyan|GPE] behind.", [("Herat", "GPE"), ("Bamiyan", "GPE")]),
    ("# [The Last Holdout in the Panjshir\n\n|WORK_OF_ART]Body.", [("Last Holdout in the Panjshir", "WORK_OF_ART")]),
    ("[\n\nKabul|GPE] fell.", [("Kabul", "GPE")]),
    ("The [Lion of Panjshir: How|ORG] One Commander", [("Lion of Panjshir", "ORG")]),
    ("[Kabul – Herat|GPE] road", [("Kabul", "GPE"), ("Herat", "GPE")]),
    ("[\u4f1a\u8bae\u7ed3\u675f\u4e86\u3002Tokyo Electric|ORG] said.", [("Tokyo Electric", "ORG")]),
    ("[\u4f1a\u8bae\u7ed3\u675f\u4e86 Tokyo Electric|ORG] said.", [("Tokyo Electric", "ORG")]),
    ("[Sony\u5728\u4e1c\u4eac|ORG] said.", [("Sony", "ORG")]),
], ids=["credit-then-name", "two-names", "blank-line-with-spaces", "trailing-break", "leading-break",
        "headline-colon-and-function-word", "dash-separator", "cjk-full-stop", "cjk-then-latin", "latin-then-cjk"])
def test_spans_split_at_paragraph_breaks(marked, source, expected):
    assert cleaned(marked, source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("[SOCCER - Japan|ORG] win", [("SOCCER", "ORG"), ("Japan", "ORG")]),
    ("Route [Dampier / Kaohsiung|GPE] open", [("Dampier", "GPE"), ("Kaohsiung", "GPE")]),
    ("[Ann Lee (Kenya|PERSON]) won", [("Ann Lee", "PERSON"), ("Kenya", "PERSON")]),
    ("Final: [Nicol v Eyles|PERSON].", [("Nicol", "PERSON"), ("Eyles", "PERSON")]),
    ("[Spain vs. Italy|GPE] ends", [("Spain", "GPE"), ("Italy", "GPE")]),
    ("[Facebook, Instagram|ORG] and more", [("Facebook", "ORG"), ("Instagram", "ORG")]),
    ("[Apple, Inc.|ORG] said", [("Apple, Inc.", "ORG")]),
    ("[Lyon 2 Nancy 0\nMetz|ORG] 1", [("Lyon", "ORG"), ("Nancy", "ORG"), ("Metz", "ORG")]),
    ("[Sparta Rotterdam 19|ORG] 6 3", [("Sparta Rotterdam", "ORG")]),
    ("[McLaren 1:54.754|ORG]", [("McLaren", "ORG")]),
    ("He ran [Windows 95|PRODUCT] at [Terminal 4|FAC]", [("Windows 95", "PRODUCT"), ("Terminal 4", "FAC")]),
    ("[Jean-Luc Picard|PERSON] and [Saint-Denis|GPE]", [("Jean-Luc Picard", "PERSON"), ("Saint-Denis", "GPE")]),
], ids=["spaced-hyphen", "slash", "parenthesis", "versus", "versus-dot", "comma", "comma-company-suffix",
        "short-line-end-and-scores", "trailing-figure", "trailing-time", "numbers-in-product-names",
    "hyphen-inside-a-name"])
def test_spans_split_where_two_names_are_joined(marked, source, expected):
    assert cleaned(marked, source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("The [Interfax news agency|ORG] said", [("Interfax", "ORG")]),
    ("in [Swat district|GPE]", [("Swat", "GPE")]),
    ("[Marcelo Rios of|PERSON] Chile", [("Marcelo Rios", "PERSON")]),
    ("[Tottenham Hotspur and|ORG] Leeds", [("Tottenham Hotspur", "ORG")]),
    ("[Ursula von der Leyen|PERSON] spoke", [("Ursula von der Leyen", "PERSON")]),
    ("[al-Qaeda|ORG] struck", [("al-Qaeda", "ORG")]),
], ids=["common-noun", "district", "of", "and", "particles-inside-kept", "lower-case-start-kept"])
def test_trailing_lower_case_words_are_trimmed(marked, source, expected):
    assert cleaned(marked, source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("Durham 326 ([D.|ORG] Cox 95 not out)", [("D. Cox", "PERSON")]),
    ("([D.|PERSON] [Cox|PERSON] 95)", [("D. Cox", "PERSON")]),
    ("bowled by J. [Crawley|PERSON] for 10", [("J. Crawley", "PERSON")]),
    # only a single initial standing alone; other labels and acronyms are left as they are
    ("the U.S. [Clinton|PERSON] era", [("Clinton", "PERSON")]),
    ("Plan B. [Kabul|GPE] fell", [("Kabul", "GPE")]),
    ("[D.|ORG] 95 not out", [("D.", "ORG")]),
], ids=["initial-alone", "initial-then-surname-span", "initial-before-surname", "acronym-before",
        "not-a-person", "no-word-after"])
def test_initials_join_the_surname(marked, source, expected):
    assert cleaned(marked, source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("[FRESNO, Calif.|GPE] - A man", [("FRESNO", "GPE"), ("Calif.", "GPE")]),
    ("at home in [Calif.|GPE] He was 93.", [("Calif.", "GPE")]),
    ("he lives in [Calif.|GPE]\nNext", [("Calif", "GPE")]),
    ("Then came [the Taliban.|ORG] Later", [("Taliban", "ORG")]),
], ids=["dateline", "mid-line", "line-end", "sentence-dot"])
def test_a_place_abbreviation_keeps_its_dot(marked, source, expected):
    assert cleaned(marked, source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("Troops left [Sierra|GPE] [Leone|PERSON] today.", [("Sierra Leone", "GPE")]),
    ("[Ursula von der|PERSON] [Leyen|PERSON] spoke.", [("Ursula von der Leyen", "PERSON")]),
    ("He drove a [Toyota|ORG] [Celica|PRODUCT] home.", [("Toyota Celica", "ORG")]),
    ("The [FC|ORG] [Tirol Innsbruck|PERSON] side.", [("FC Tirol Innsbruck", "PERSON")]),
    # a nationality before or after a name, or more than a space between, keeps them apart
    ("The [German|NORP] [Tommy Haas|PERSON] won.", [("German", "NORP"), ("Tommy Haas", "PERSON")]),
    ("The [House|ORG] [Democrats|NORP] voted.", [("House", "ORG"), ("Democrats", "NORP")]),
    ("[Kabul|GPE], [Herat|GPE] and [Bamiyan|GPE].", [("Kabul", "GPE"), ("Herat", "GPE"), ("Bamiyan", "GPE")]),
    ("[Kabul|GPE]  [Herat|GPE]", [("Kabul", "GPE"), ("Herat", "GPE")]),
    ("[India|GPE] [RBI|ORG] said.", [("India", "GPE"), ("RBI", "ORG")]),
], ids=["split-country", "split-particles", "make-and-model", "longer-half-labels", "nationality-first",
        "nationality-after", "comma", "two-spaces", "acronym-after"])
def test_a_name_split_at_a_space_is_joined(marked, source, expected):
    assert cleaned(marked, source) == expected


def test_wrapped_prose_line_does_not_cut_a_name(marked):
    line = "The long line of wrapped prose goes on and on until it names the [Bank of\nEngland|ORG]"
    assert cleaned(marked, line) == [("Bank of\nEngland", "ORG")]


@pytest.mark.parametrize(("source", "expected"), [
    ("When [the Taliban|ORG] came.", [("Taliban", "ORG")]),
    ("[The National Resistance Front|ORG] said.", [("National Resistance Front", "ORG")]),
    ("It was [an Afghan|NORP] idea.", [("Afghan", "NORP")]),
    ("[THE Taliban|ORG] said.", [("Taliban", "ORG")]),
    ("[“Taliban”|ORG] said.", [("Taliban", "ORG")]),
    ("The [Theodore|PERSON] case.", [("Theodore", "PERSON")]),
], ids=["the", "The", "an", "upper-case", "curly-quotes", "the-inside-a-word"])
def test_leading_determiners_and_quotes_are_trimmed(marked, source, expected):
    assert cleaned(marked, source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("[Massoud's|PERSON] men.", [("Massoud", "PERSON")]),
    ("[Massoud’s|PERSON] men.", [("Massoud", "PERSON")]),
    ("[the Taliban’s|ORG] advance.", [("Taliban", "ORG")]),
    ("[bin Laden's|PERSON] network.", [("bin Laden", "PERSON")]),
    ("[George W. Bush's|PERSON] administration.", [("George W. Bush", "PERSON")]),
    ("The [Reuters'|ORG] desk.", [("Reuters", "ORG")]),
    ("The [Reuters’|ORG] desk.", [("Reuters", "ORG")]),
    ("He met [Massoud Jr.|PERSON] there.", [("Massoud Jr.", "PERSON")]),
    ("Aid from the [U.S.|GPE] arrived.", [("U.S.", "GPE")]),
    ("Then came [the Taliban.|ORG]", [("Taliban", "ORG")]),
], ids=["straight", "curly", "the-and-curly", "lower-case-start", "middle-initial", "plural-straight",
        "plural-curly", "keeps-jr", "keeps-acronym-dot", "sentence-dot"])
def test_possessives_and_stray_punctuation_are_trimmed(marked, source, expected):
    assert cleaned(marked, source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("[Mr. Saleh|PERSON] spoke.", [("Saleh", "PERSON")]),
    ("[Mr Saleh|PERSON] spoke.", [("Saleh", "PERSON")]),
    ("[President Joe Biden's|PERSON] deadline.", [("Joe Biden", "PERSON")]),
    ("[Dr. Gen. Dostum|PERSON] arrived.", [("Dostum", "PERSON")]),
    ("[Prime Minister Karzai|PERSON] said.", [("Karzai", "PERSON")]),
    ("[General Motors|ORG] said.", [("General Motors", "ORG")]),
    ("[President|PERSON] said.", [("President", "PERSON")]),
], ids=["mr-dot", "mr", "president-possessive", "stacked", "two-words", "not-for-orgs", "title-alone-kept"])
def test_honorifics_are_trimmed_from_people_only(marked, source, expected):
    assert cleaned(marked, source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("Intro.\n\nPhoto: [Nasir Rahimi|PERSON]/[AFP|ORG] via [Getty Images|ORG]\n\nBody.", []),
    ("Intro.\n\nCredit: [Getty Images|ORG]\n\nBody.", []),
    ("Intro.\n\n[Wakil Kohsar|PERSON]/AFP via Getty Images\n\nBody.", []),
    ("# Title\n\nBy [Selim Arvandi|PERSON]\n\nBody.", []),
    ("Reporting by [Jane Doe|PERSON] and [John Roe|PERSON]\n\nBody.", []),
    ("© [Reuters|ORG]\n\nBody.", []),
    ("By 2001, [the Taliban|ORG] held most of [Afghanistan|GPE].",
     [("Taliban", "ORG"), ("Afghanistan", "GPE")]),
    ("By [Massoud|PERSON]'s side stood his men.", [("Massoud", "PERSON")]),
    ("Photos of [Massoud|PERSON] still hang in [Kabul|GPE].", [("Massoud", "PERSON"), ("Kabul", "GPE")]),
    ("Photographs of [Massoud Jr.|PERSON] were set beside portraits of his father in every shop "
     "window along the main road through the valley that summer.", [("Massoud Jr.", "PERSON")]),
], ids=["photo-credit", "credit", "agency-credit", "byline", "reporting-by", "copyright",
        "prose-starting-by", "by-ending-in-prose", "prose-starting-photos", "long-photo-sentence"])
def test_credit_and_byline_lines_are_dropped_but_prose_is_not(marked, source, expected):
    assert cleaned(marked, source) == expected


@pytest.mark.parametrize(("line", "is_credit"), [
    ("Photo: Nasir Rahimi/AFP via Getty Images", True),
    ("Credit: Getty Images", True),
    ("By Selim Arvandi", True),
    ("By 2001, the coalition held little more than a corner of the north-east.", False),
    ("By then the valley was surrounded.", False),
    ("Photo credit: Jane Doe", True),
    ("Photograph by Jane Doe", True),
    ("Image source, Getty Images", True),
    ("Video showed Taliban fighters entering Kabul.", False),
    ("Photos of Massoud still hang in Kabul.", False),
    ("Sources close to Saleh denied it.", False),
    ("", False),
])
def test_is_credit_line(line, is_credit):
    assert is_credit_line(line) is is_credit


NUMERIC_TEXT = "On [9 September 2001|DATE], [two|CARDINAL] men met [Massoud|PERSON] for [an hour|TIME] in [Takhar|GPE]."


@pytest.mark.parametrize(("excluded", "expected"), [
    (NUMERIC_LABELS, [("Massoud", "PERSON"), ("Takhar", "GPE")]),
    (frozenset(), [("9 September 2001", "DATE"), ("two", "CARDINAL"), ("Massoud", "PERSON"),
                   ("hour", "TIME"), ("Takhar", "GPE")]),
    (frozenset({"GPE", "CARDINAL"}), [("9 September 2001", "DATE"), ("Massoud", "PERSON"), ("hour", "TIME")]),
], ids=["default", "none-excluded", "configured"])
def test_excluded_labels(marked, excluded, expected):
    assert cleaned(marked, NUMERIC_TEXT, excluded) == expected


def test_numeric_labels_are_excluded_by_default():
    assert NUMERIC_LABELS == {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}


@pytest.mark.parametrize(("source", "expected"), [
    ("the [nation|GPE] mourned", []),
    ("in [1996|ORG] it fell", []),
    ("a [--|PERSON] b", []),
    ("the [anti-Taliban|ORG] coalition", [("Taliban", "ORG")]),
    ("the [pro-Kremlin|NORP] press", [("Kremlin", "NORP")]),
    ("[Anti-Slavery International|ORG] said", [("Anti-Slavery International", "ORG")]),
    ("[Anti-Kremlin|NORP] protests grew.", [("Kremlin", "NORP")]),
    ("[Pro-Russian|NORP] rebels fought.", [("Russian", "NORP")]),
], ids=["no-capital", "no-letters", "punctuation", "anti-prefix", "pro-prefix", "capitalised-prefix-kept",
        "capitalised-prefix-of-one-word", "capitalised-pro"])
def test_noise_and_prefixes(marked, source, expected):
    assert cleaned(marked, source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("[[New York|GPE] Times|ORG] said.", [("New York Times", "ORG")]),
    ("[New York Times|ORG] and [New York|GPE].", [("New York Times", "ORG"), ("New York", "GPE")]),
    ("[the [Taliban|ORG]|ORG] came.", [("Taliban", "ORG")]),
], ids=["nested-keeps-longer", "apart-both-kept", "same-after-trim"])
def test_overlapping_spans(marked, source, expected):
    assert cleaned(marked, source) == expected


def test_partial_overlap_keeps_the_longer_earlier_span():
    spans = [RawSpan(0, 9, "GPE"), RawSpan(6, 20, "ORG"), RawSpan(20, 25, "GPE"), RawSpan(0, 4, "GPE")]
    assert remove_overlaps(spans) == [RawSpan(0, 9, "GPE"), RawSpan(20, 25, "GPE")]


def test_input_order_does_not_matter(marked):
    text, spans = marked("[Kabul|GPE] and [Herat|GPE] and [the Taliban|ORG].")
    assert clean_spans(text, list(reversed(spans))) == clean_spans(text, spans)


PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
LABELS = ["PERSON", "ORG", "GPE", "DATE", "NORP"]


@st.composite
def text_and_spans(draw):
    text = draw(st.text(alphabet="ab AB\n\t.'’-:”“Mr", max_size=60))
    bounds = st.integers(min_value=0, max_value=len(text))
    pairs = draw(st.lists(st.tuples(bounds, bounds, st.sampled_from(LABELS)), max_size=8))
    return text, [RawSpan(min(a, b), max(a, b), label) for a, b, label in pairs if a != b]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_and_spans())
def test_clean_spans_properties(case):
    text, spans = case
    result = clean_spans(text, spans)
    assert all(0 <= s.start < s.end <= len(text) for s in result)
    assert result == sorted(result, key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in zip(result, result[1:]))
    for span in result:
        surface = text[span.start:span.end]
        assert not PARAGRAPH_BREAK.search(surface)
        assert surface == surface.strip()
        assert span.label not in NUMERIC_LABELS
