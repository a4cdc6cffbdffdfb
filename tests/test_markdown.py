"""Markdown as a reader of less, w3m or frogmouth expects it: front matter hidden, headings,
code and tables shown as such, footnotes readable, and no names looked for inside code."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index_support import index_at_version
from nlp.analysis import analyse
from nlp.config import Settings
from nlp.importer import import_files
from nlp.index import SCHEMA_VERSION, Index, open_index
from nlp.index.records import TextBlock
from nlp.markdown import markdown_to_prose
from nlp.prepare import analyse_input
from nlp.raw import RawDoc
from nlp.reading import ArticleInput, read_article_file
from nlp.text import normalise_text
from sources_support import FIXTURES, CapitalsExtractor

ARTICLE = FIXTURES / "markdown-article.md"


def ranges(prose, kind: str) -> list[str]:
    """The text of each block of *kind*."""
    return [prose.text[start:end] for k, start, end in prose.blocks if k == kind]


# --- front matter -----------------------------------------------------------------------

def test_yaml_front_matter_is_hidden_and_titles_the_article():
    prose = markdown_to_prose("---\ntitle: \"Salang reopens\"\nauthor: Amrullah Saleh\n---\n\nThe road reopened.\n")
    assert prose.text == "The road reopened.\n"
    assert prose.title == "Salang reopens"


def test_toml_front_matter_is_hidden_and_titles_the_article():
    prose = markdown_to_prose("+++\ntitle = 'Salang reopens'\ndate = 2024-01-01\n+++\nThe road reopened.\n")
    assert (prose.text, prose.title) == ("The road reopened.\n", "Salang reopens")


def test_a_level_one_heading_titles_the_article_before_the_front_matter():
    prose = markdown_to_prose("---\ntitle: From the front matter\n---\n# From the heading\n\nText.\n")
    assert (prose.text, prose.title) == ("From the heading\n\nText.\n", "From the heading")


def test_front_matter_without_a_title_gives_none():
    assert markdown_to_prose("---\nauthor: Saleh\n---\nText.\n") == ("Text.\n", None, ())


def test_a_thematic_break_at_the_top_hides_nothing():
    prose = markdown_to_prose("---\n\nThe road reopened on Sunday.\n\n---\n\nMore.\n")
    assert prose.text == "The road reopened on Sunday.\n\nMore.\n"


def test_front_matter_is_not_searched_for_names(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("---\nauthor: Vladimir Putin\n---\nThe road reopened.\n", encoding="utf-8")
    source = read_article_file(path)
    assert "Putin" not in source.text
    assert analyse_input(source, CapitalsExtractor(), Settings(data_dir=tmp_path)).entities == []


# --- headings, code, footnotes, tables ------------------------------------------------------

def test_headings_have_a_range_per_level():
    prose = markdown_to_prose("# One\n\n## Two\n\n### Three\n\nBody.\n")
    assert prose.text == "One\n\nTwo\n\nThree\n\nBody.\n"
    assert [(k, prose.text[s:e]) for k, s, e in prose.blocks] == [("h1", "One"), ("h2", "Two"), ("h3", "Three")]


def test_code_blocks_are_indented_and_marked_as_code():
    prose = markdown_to_prose("Intro.\n\n```\nfetch(\"Salang\")\n\nx = 1\n```\n\n    indented()\n\nEnd.\n")
    assert prose.text == "Intro.\n\n    fetch(\"Salang\")\n\n    x = 1\n\n    indented()\n\nEnd.\n"
    assert ranges(prose, "code") == ["    fetch(\"Salang\")\n\n    x = 1", "    indented()"]


def test_inline_code_is_marked_where_it_is():
    prose = markdown_to_prose("- run `ask Hamid Karzai` *now*\n")
    assert prose.text == "• run ask Hamid Karzai now\n"
    assert ranges(prose, "code_inline") == ["ask Hamid Karzai"]


def test_footnote_markers_are_numbered_and_the_notes_follow_the_text():
    prose = markdown_to_prose("Saleh spoke[^src] in Bazarak[^2], again[^src].\n\n[^2]: Second.\n\n"
                              "[^src]: First note,\n    on two lines.\n")
    assert prose.text == "Saleh spoke[1] in Bazarak[2], again[1].\n\n[1] First note, on two lines.\n\n[2] Second.\n"
    assert ranges(prose, "footnote_ref") == ["[1]", "[2]", "[1]", "[1]", "[2]"]


def test_a_table_is_laid_out_in_aligned_columns():
    prose = markdown_to_prose("| Road | Province | Open |\n|---|:---:|---:|\n| Salang | Parwan | yes |\n"
                              "| Anjuman | Panjshir | `no` |\n")
    assert prose.text == ("Road    │ Province │ Open\n"
                          "────────┼──────────┼─────\n"
                          "Salang  │  Parwan  │  yes\n"
                          "Anjuman │ Panjshir │   no\n")
    assert ranges(prose, "table_head") == ["Road    │ Province │ Open"]
    assert ranges(prose, "code_inline") == ["no"]


def test_a_wide_table_wraps_its_cells_to_fit():
    long = "a note long enough to need several lines in any reasonable terminal " * 2
    prose = markdown_to_prose(f"| Name | Note |\n|---|---|\n| Saleh | {long.strip()} |\n")
    lines = prose.text.splitlines()
    assert max(map(len, lines)) <= 76
    assert len(lines) > 3
    assert all(line.startswith(("Name ", "─────", "Saleh │", "      │")) for line in lines)
    assert " ".join(line.split("│")[1].strip() for line in lines[2:]) == long.strip()


def test_wide_characters_are_aligned_by_their_cells():
    prose = markdown_to_prose("| 名前 | Role |\n|---|---|\n| Ali | x |\n")
    assert prose.text.splitlines()[2] == "Ali  │ x"


# --- names are never looked for inside code -----------------------------------------------------

def test_no_name_is_found_inside_code(tmp_path):
    source = read_article_file(ARTICLE)
    analysis = analyse_input(source, CapitalsExtractor(), Settings(data_dir=tmp_path))
    code = [(s, e) for k, s, e in source.blocks if k in ("code", "code_inline")]
    mentions = [m for e in analysis.entities for m in e.mentions]
    assert {"Amrullah Saleh", "Saleh", "Traffic"} <= {m.text for m in mentions}
    assert not [m.text for m in mentions for s, e in code if m.start < e and m.end > s]
    assert source.text_for_names.replace(" ", "") != source.text.replace(" ", "")
    assert len(source.text_for_names) == len(source.text)


@pytest.mark.model
def test_the_model_finds_no_name_inside_code(tmp_path, extractor):
    source = read_article_file(ARTICLE)
    analysis = analyse_input(source, extractor, Settings(data_dir=tmp_path))
    code = [(s, e) for k, s, e in source.blocks if k in ("code", "code_inline")]
    mentions = [m for e in analysis.entities for m in e.mentions]
    assert "Amrullah Saleh" in {m.text for m in mentions}  # the footnote marker kept out of the name
    assert not [m.text for m in mentions for s, e in code if m.start < e and m.end > s]
    assert not {"Obama", "Merkel", "Putin", "Karzai"} & {w for m in mentions for w in m.text.split()}


# --- storage -------------------------------------------------------------------------------

def test_blocks_are_stored_with_the_article(tmp_path):
    source = read_article_file(ARTICLE)
    with open_index(tmp_path) as index:
        report = import_files(index, [ARTICLE], CapitalsExtractor(), Settings(data_dir=tmp_path))
        article = index.article(report.added[0][1])
    assert article.blocks == source.blocks
    assert {b.kind for b in article.blocks} == {"h1", "h2", "code", "code_inline", "table_head", "footnote_ref"}


def test_malformed_stored_blocks_are_left_out(tmp_path):
    with open_index(tmp_path) as index:
        article_id = import_files(index, [ARTICLE], CapitalsExtractor(), Settings(data_dir=tmp_path)).added[0][1]
        for stored in ('[["h1", 0, 5], ["code", 3, 99999], ["h2", "a", 4], [1, 2], 7]', "not json"):
            index.conn.execute("UPDATE articles SET blocks = ?", (stored,))
            assert index.article(article_id).blocks == ((TextBlock("h1", 0, 5),) if "h1" in stored else ())


def test_an_index_of_schema_3_is_migrated_and_keeps_its_articles(tmp_path):
    path = tmp_path / "index.sqlite3"
    conn = index_at_version(path, 3)
    text = "Old note\n\nSaleh spoke.\n"
    conn.execute("INSERT INTO articles (content_hash, title, text, added_at) VALUES ('h', 'Old note', ?, 'then')",
                 (text,))
    conn.close()
    with Index(path) as index:
        assert index.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        old = index.article(1)
        assert (old.title, old.text, old.blocks) == ("Old note", text, ())
        source = read_article_file(ARTICLE)
        new_id = index.add_article(source, analyse(source.title, source.text, RawDoc([])))
        assert index.article(new_id).blocks == source.blocks


# --- in the reader -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_the_reader_styles_headings_code_and_table_headers(tmp_path):
    from reader_support import make_app
    from tui.article_view import ArticleView

    source = read_article_file(ARTICLE)
    app = make_app(tmp_path, source=source, extractor=CapitalsExtractor())
    async with app.run_test(size=(80, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        base = view.visual_style.rich_style

        def line_with(phrase: str):
            """The rendered line (the article fits the screen, unscrolled) holding *phrase*."""
            return view.render_line(view.line_of(view.text.index(phrase)))

        def style_of(phrase: str, word: str):
            """The style of the first cell of *word* on the line holding *phrase*."""
            strip, end = line_with(phrase), 0
            target = strip.text.index(word)
            for segment in strip:
                end += len(segment.text)
                if end > target:
                    return segment.style

        assert style_of("The tunnel", "tunnel").bold
        assert style_of("Road    │ Province │ Open", "Province").bold
        code = 'status = fetch("Salang", by="Vladimir Putin")'
        assert line_with(code).text.startswith("    status")
        assert list(line_with(code))[-1].style.bgcolor != base.bgcolor  # shaded to the edge
        assert style_of(code, "status").bgcolor != base.bgcolor
        assert style_of("ask Hamid Karzai", "Karzai").bgcolor != base.bgcolor
        assert style_of("ask Hamid Karzai", "before").bgcolor == base.bgcolor


# --- any input ---------------------------------------------------------------------------------

MARKDOWN_PIECES = ["# ", "## ", "---\n", "+++\n", "title: T\n", "```\n", "    ", "`", "[^1]", "[^1]: ", "| ",
                   " |", "|---|", "\n", "\n\n", "- ", "1. ", "**", "[a](b)", "Saleh ", "名前", "\t", "é"]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=40))
def test_any_markdown_gives_ranges_inside_its_text(pieces):
    prose = markdown_to_prose(normalise_text("".join(pieces)))
    for kind, start, end in prose.blocks:
        assert 0 <= start < end <= len(prose.text), (kind, start, end)
    source = ArticleInput("t", prose.text, blocks=prose.blocks)
    assert len(source.text_for_names) == len(source.text)
    assert source.text_for_names.count("\n") == source.text.count("\n")
