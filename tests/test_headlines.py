"""Names in a headline in capitals or title case: cut to the words the article's body names."""

import pytest

from nlp.headlines import is_titled, trim_headline_spans
from nlp.spans import clean_spans


def names_after_cleaning(marked, source):
    text, spans = marked(source)
    return [text[s.start:s.end] for s in clean_spans(text, spans)]


@pytest.mark.parametrize(("source", "expected"), [
    # a verb glued to a name, a name on each side of a verb, a noun after a name
    ("[SEATTLE ROUTS ORIOLES|ORG]\nThe [Seattle|GPE] Mariners beat the [Orioles|ORG] at home.",
     ["SEATTLE", "ORIOLES", "Seattle", "Orioles"]),
    ("[Microsoft Faces|ORG] Fine Over Cloud Deal\n[Microsoft|ORG] was fined on Monday.",
     ["Microsoft", "Microsoft"]),
    ("Floods Hit [Valencia|GPE] Again\n[Valencia|GPE] was flooded.", ["Valencia", "Valencia"]),
    ("[Floods Hit Valencia|PERSON] Again\nRain fell on [Valencia|GPE] all week.", ["Valencia", "Valencia"]),
    # a first name the body never gives is cut with the rest
    ("[OLAF SCHOLZ WINS|PERSON] VOTE OF CONFIDENCE\n[Scholz|PERSON] won by twelve votes.", ["SCHOLZ", "Scholz"]),
    ("[PAST INDIANS|ORG] AGAIN\nThe win lifted them past the [Indians|ORG].", ["INDIANS", "Indians"]),
], ids=["verb-between-names", "title-case-verb", "model-right", "name-at-the-end", "only-the-named-part",
        "word-before-the-name"])
def test_headline_span_keeps_the_words_the_body_names(marked, source, expected):
    assert names_after_cleaning(marked, source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    # a sentence-case headline is left to the model
    ("[Olaf Scholz|PERSON] wins a vote of confidence\n[Scholz|PERSON] won by twelve votes.",
     ["Olaf Scholz", "Scholz"]),
    # no word of the span named in the body: no evidence, left alone
    ("[PRESS DIGEST|ORG] - BELGIUM - AUG 22\nThe papers led with [Brussels|GPE] traffic.",
     ["PRESS DIGEST", "Brussels"]),
    # a work's title is title-cased anyway
    ("Review: [The Last Holdout in the Panjshir|WORK_OF_ART]\nThe book follows [Panjshir|GPE] fighters.",
     ["Last Holdout in the Panjshir", "Panjshir"]),
    # a first sentence full of names is no title-case headline
    ("[Angela Merkel|PERSON] visited [Paris|GPE] on Monday.\n[Merkel|PERSON] met [Emmanuel Macron|PERSON].",
     ["Angela Merkel", "Paris", "Merkel", "Emmanuel Macron"]),
    ("[LAST STAND|WORK_OF_ART] REVIEWED\nThe [Last|ORG] crew won.", ["LAST", "Last"]),
    # a body with no names at all
    ("[BANK OF ENGLAND|ORG] HOLDS RATES\nRates were held.", ["BANK OF ENGLAND"]),
    # every word named: kept whole
    ("[BANK OF ENGLAND|ORG] HOLDS RATES\nThe [Bank of England|ORG] held rates.",
     ["BANK OF ENGLAND", "Bank of England"]),
    # none named, and every word written in lower case below: a common noun, dropped
    ("The Road: [Passes|EVENT], Tunnels and the Long Way North\nThe passes close in [November|DATE]; [Kabul|GPE] waits.",
     ["Kabul"]),
    ("The Road: [Passes|EVENT], Tunnels and the Long Way North\nThe pass closes; [Kabul|GPE] waits.", ["Kabul"]),
    ("The Road: [Passes|EVENT], Tunnels and the Long Way North\nThe [Salang|FAC] tunnel.", ["Passes", "Salang"]),
], ids=["sentence-case", "no-word-named", "work-title", "sentence-full-of-names", "work-title-in-capitals", "body-without-names", "whole-name-named",
        "common-noun-dropped", "its-singular-written-lower", "word-not-written-lower"])
def test_headline_span_left_alone_or_dropped(marked, source, expected):
    assert names_after_cleaning(marked, source) == expected


@pytest.mark.parametrize(("line", "names", "titled"), [
    ("JAPAN GET LUCKY WIN , CHINA IN SURPRISE VICTORY", [], True),
    ("Microsoft Faces Fine Over Cloud Deal", [(0, 9)], True),
    ("EU rejects German call to boycott British lamb.", [], False),
    ("Passes, Tunnels and the Road to Kabul", [], True),
    ("Kabul", [], False),
    ("Angela Merkel visited Paris on Monday.", [(0, 13), (22, 27)], False),
    ("Angela Merkel Visits Paris", [(0, 13), (21, 26)], True),
    ("Angela Merkel in Paris", [(0, 13), (17, 22)], False),
], ids=["capitals", "title-case", "sentence-case", "function-words-ignored", "one-word", "names-in-a-sentence",
        "one-word-outside-names", "no-longer-word-outside-names"])
def test_is_titled(line, names, titled):
    assert is_titled(line, names) is titled


def test_spans_below_the_headline_are_untouched(marked):
    text, spans = marked("JAPAN WIN\n[Japan Faces|ORG] trouble, [Japan|GPE] said.")
    assert trim_headline_spans(text, spans) == spans
