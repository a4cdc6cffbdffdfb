"""ALL-CAPS lines are re-cased for the model, offsets kept (nlp.casing)."""

import pytest

from nlp.casing import recase_caps_lines, recase_line
from nlp.extract import SpacyExtractor


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("FLOODS HIT VALENCIA AS RIVER RISES", "Floods Hit Valencia as River Rises"),
        ("MADRID 2024-10-30", "Madrid 2024-10-30"),
        # acronyms: no vowel, two letters, or dotted
        ("NFL FINES PCT LEADER", "NFL Fines PCT Leader"),
        ("EU AND U.S. AGREE", "EU and U.S. Agree"),
        # the first word keeps its capital even when it is a small word
        ("THE HAGUE TALKS", "The Hague Talks"),
        # possessive s and Irish names
        ("O'BRIEN'S WIN", "O'Brien's Win"),
        # a one-word topic slug before " - " is read in lower case, not as a name
        ("TENNIS - SMITH WINS IN ROME", "tennis - Smith Wins in Rome"),
        ("RUGBY UNION - ITALY WIN", "Rugby Union - Italy Win"),
        ("SMITH - THE INTERVIEW", "smith - The Interview"),
        ("TENNIS -", "Tennis -"),
        # mixed-case lines are left alone
        ("Talks in PARIS", "Talks in PARIS"),
        ("2024-10-30", "2024-10-30"),
    ],
)
def test_recase_line(line, expected):
    assert recase_line(line) == expected


@pytest.mark.parametrize(
    "text",
    [
        "FLOODS HIT VALENCIA\n\nVALENCIA, Spain - Rain fell.\nMADRID 12 4 .750",
        "Nothing in capitals here.",
        "STRASSE İSTANBUL ǅ",  # letters whose case mapping changes length are kept as they are
    ],
)
def test_recased_text_keeps_every_offset(text):
    recased = recase_caps_lines(text)
    assert len(recased) == len(text)
    assert [i for i, ch in enumerate(text) if ch == "\n"] == [i for i, ch in enumerate(recased) if ch == "\n"]


def test_recase_only_caps_lines():
    text = "FLOODS HIT VALENCIA\nRain fell on Valencia.\nMADRID 12 4 .750"
    assert recase_caps_lines(text) == "Floods Hit Valencia\nRain fell on Valencia.\nMadrid 12 4 .750"


class _RecordingPipeline:
    """Stands in for a spaCy pipeline: records the texts it is given, finds nothing."""

    def __init__(self):
        self.seen = []

    def pipe(self, texts, batch_size):
        for text in texts:
            self.seen.append(text)
            yield _EmptyDoc()


class _EmptyDoc:
    ents = ()

    def has_annotation(self, name):
        return False


class _OneEntityPipeline(_RecordingPipeline):
    """Finds "Oslo" at the start of each text, as a model would."""

    def pipe(self, texts, batch_size):
        for text in texts:
            self.seen.append(text)
            yield _Doc([_Ent(0, 4, "GPE")])


class _Ent:
    def __init__(self, start, end, label):
        self.start_char, self.end_char, self.label_ = start, end, label


class _Doc(_EmptyDoc):
    def __init__(self, ents):
        self.ents = ents


def test_extractor_adds_the_repeats_the_model_missed():
    extractor = SpacyExtractor.__new__(SpacyExtractor)
    extractor._nlp = _OneEntityPipeline()
    text = "Oslo voted. Rain in Oslo."
    [raw] = extractor.extract([text])
    assert sorted((text[s.start:s.end], s.label) for s in raw.spans) == [("Oslo", "GPE"), ("Oslo", "GPE")]
    assert raw.spans[0].start == 20


def test_extractor_reads_caps_lines_recased():
    extractor = SpacyExtractor.__new__(SpacyExtractor)
    extractor._nlp = _RecordingPipeline()
    list(extractor.extract(["BERLIN 2024-01-02\nMerkel spoke."]))
    assert extractor._nlp.seen == ["Berlin 2024-01-02\nMerkel spoke."]
