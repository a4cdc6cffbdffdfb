"""Hostile text: escape sequences, control characters and markup never reach the terminal."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.analysis import analyse
from nlp.raw import RawDoc
from nlp.raw import RawSpan
from nlp.text import normalise_text
from nlp.text import printable

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
ATTACKS = (
    "\x1b]0;PWNED-TITLE\x07"          # set the window title
    "\x1b[2J\x1b[H"                   # clear the screen, cursor home
    "\x1b]52;c;cHduZWQ=\x07"          # write the clipboard (OSC 52)
    "\x1b[8mconcealed\x1b[0m"         # hide text
    "\x1bP+q544e\x1b\\"               # DCS request
    "\x9b31m"                         # C1 CSI
    "\u202eevil\u202c"                # bidi override
    "\x07\x08"                        # bell, backspace
)

any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)


@given(any_text)
def test_normalised_text_has_no_control_characters(raw):
    text = normalise_text(raw)
    assert not CONTROL.search(text.replace("\n", "").replace("\t", ""))
    assert normalise_text(text) == text


@given(any_text)
def test_printable_keeps_length_and_removes_controls(raw):
    shown = printable(raw)
    assert len(shown) == len(raw)
    assert not CONTROL.search(shown.replace("\n", ""))


@given(any_text, st.lists(st.tuples(st.integers(0, 300), st.integers(0, 40),
                                    st.sampled_from(["PERSON", "ORG", "GPE", "DATE", "NORP"])), max_size=12))
def test_analysis_of_arbitrary_text_keeps_offsets_valid(raw, spans):
    text = normalise_text(raw)
    raw_spans = [RawSpan(min(s, len(text)), min(s + n, len(text)), label) for s, n, label in spans]
    analysis = analyse("T", text, RawDoc([s for s in raw_spans if s.end > s.start]))
    for entity in analysis.entities:
        for mention in entity.mentions:
            assert 0 <= mention.start < mention.end <= len(text)
            assert text[mention.start:mention.end] == mention.text
            assert "\n\n" not in mention.text


def test_attacks_are_removed_at_import():
    text = normalise_text(f"Title {ATTACKS}\n\nBody")
    assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text
    assert "concealed" in text and "Body" in text


@pytest.mark.anyio
@settings(max_examples=15, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=200))
async def test_article_view_renders_arbitrary_text_without_controls(raw):
    from textual.app import App

    from tui.article_view import ArticleView, Highlight

    text = raw + ATTACKS + "[bold]not markup[/]"
    highlights = [Highlight(0, min(3, len(text)), 1, "PERSON")]

    class One(App):
        def compose(self):
            yield ArticleView(text, highlights)

    app = One()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        view = app.query_one(ArticleView)
        for y in range(view.size.height):
            for segment in view.render_line(y):
                assert not CONTROL.search(segment.text), repr(segment.text)
        shown = "".join(seg.text for y in range(view.size.height) for seg in view.render_line(y))
        assert "[bold]" in shown or len(text) > 300
