"""Web pages read as articles: the story without menus, sidebars, scripts, ads or banners."""

from __future__ import annotations

import json

import pytest

from nlp.reading import ReadError, find_article_files, read_article_file
from nlp.text import paragraphs
from nlp.text import looks_like_html
from sources_support import NEWS_PAGE, NO_ARTICLE_PAGE, article_count, margin, one_line_error

BOILERPLATE = ["NAV-LINK-TEXT", "SIDEBAR-TEXT", "ADVERT-TEXT", "COOKIE-BANNER-TEXT", "TRACKING-SCRIPT-TEXT",
               "INLINE-SCRIPT-TEXT", "FOOTER-TEXT", "window.dataLayer", "font-family", "Accept all cookies"]


@pytest.fixture(scope="module")
def news():
    return read_article_file(NEWS_PAGE)


def test_news_page_metadata(news):
    assert news.kind == "html"
    assert news.title == "Salang Tunnel reopens after avalanche"
    assert news.author == "Farida Noori"
    assert news.site == "The Valley Herald"
    assert news.published == "2024-02-11"
    assert news.url == "https://valleyherald.example/news/salang-tunnel-reopens"
    assert news.path == str(NEWS_PAGE.resolve())


@pytest.mark.parametrize("marker", BOILERPLATE)
def test_news_page_drops_boilerplate(news, marker):
    assert marker not in news.text


def test_news_page_keeps_paragraphs(news):
    blocks = [news.text[start:end] for start, end in paragraphs(news.text)]
    assert blocks[0] == news.title
    assert "A lifeline for the north" in blocks
    assert blocks[1].startswith("The Salang Tunnel, the main road link between Kabul")
    assert blocks[-1].endswith("ask the World Bank for help with new snow galleries.")
    assert len(blocks) == 7
    assert all("\n" not in block for block in blocks)


def test_page_without_an_article_is_refused():
    with pytest.raises(ReadError, match=r"no-article\.html: no article found in the page"):
        read_article_file(NO_ARTICLE_PAGE)


def test_meta_charset_is_followed(tmp_path):
    page = NEWS_PAGE.read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="windows-1252"')
    page = page.replace("Abdul Rahim", "Abdul Rahîm").replace("<p>More than", "<p>Café owners said “more than")
    path = tmp_path / "latin.htm"
    path.write_bytes(page.encode("cp1252"))
    source = read_article_file(path)
    assert "Abdul Rahîm" in source.text and "Café owners said “more than" in source.text
    assert source.encoding == "windows-1252"


@pytest.mark.parametrize("declared", ["utf-16", "UTF-16LE", "utf-16be"])
def test_meta_charset_utf16_is_read_as_utf8(tmp_path, declared):
    # The HTML standard: a <meta> found by scanning bytes as ASCII cannot mean UTF-16.
    page = NEWS_PAGE.read_text(encoding="utf-8").replace('charset="utf-8"', f'charset="{declared}"')
    page = page.replace("Abdul Rahim", "Abdul Rahîm")
    path = tmp_path / "declared-utf16.html"
    path.write_bytes(page.encode("utf-8"))
    source = read_article_file(path)
    assert "Abdul Rahîm" in source.text
    assert source.encoding == "utf-8"


def test_folders_pick_up_html(tmp_path):
    for name in ("a.html", "b.htm", "c.md", "d.txt", "e.pdf", "f.css"):
        (tmp_path / name).write_text("x")
    files, _ = find_article_files([tmp_path])
    assert [p.name for p in files] == ["a.html", "b.htm", "c.md", "d.txt"]


@pytest.mark.parametrize(("text", "expected"), [
    ("<!DOCTYPE html>\n<html><body><p>Hi</p></body></html>", True),
    ("  <html lang='en'>", True),
    ("<article>\n<p>One</p>", True),
    ("Notes\n\n<p>A paragraph tag in a text file</p>", True),
    ("Plain text about x < y and y > z.", False),
    ("# Heading\n\nSome *Markdown*.", False),
    ("Use the <br> tag carefully", False),
])
def test_looks_like_html(text, expected):
    assert looks_like_html(text) is expected


def test_cli_names_a_page_without_an_article(data_dir):
    result = margin("entities", NO_ARTICLE_PAGE)
    assert one_line_error(result) == f"margin: {NO_ARTICLE_PAGE}: no article found in the page"
    assert article_count(data_dir) is None


@pytest.mark.model
def test_add_and_list_show_the_page_metadata(tmp_path, data_dir):
    added = margin("add", NEWS_PAGE)
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("Added 1, skipped 0 already in the library, failed 0.")
    [article] = json.loads(margin("list", "--json").stdout)
    assert (article["title"], article["source"], article["author"], article["published"], article["url"]) == (
        "Salang Tunnel reopens after avalanche", "The Valley Herald", "Farida Noori", "2024-02-11",
        "https://valleyherald.example/news/salang-tunnel-reopens")
    listing = margin("list").stdout
    assert listing.rstrip().endswith("Salang Tunnel reopens after avalanche  — The Valley Herald, published 2024-02-11")
    exported = json.loads(margin("export", "--json").stdout)["articles"][0]
    names = {m["text"] for m in exported["mentions"]}
    assert {"Kabul", "World Bank"} <= names
    for mention in exported["mentions"]:
        assert exported["text"][mention["start"]:mention["end"]] == mention["text"]


CONTROL_REFERENCES = ["&#27;", "&#x1b;[2J", "&#11;", "&#0;", "&#x9B;", "&#xD800;", "&#x202E;", "&#1114112;"]


def test_character_references_to_control_characters_are_cleaned_like_raw_controls(tmp_path):
    # One page holding them all: trafilatura drops paragraphs it has seen in earlier pages.
    page = NEWS_PAGE.read_text(encoding="utf-8").replace("<p>More than", f"<p>More{''.join(CONTROL_REFERENCES)} than")
    path = tmp_path / "controls.html"
    path.write_text(page, encoding="utf-8")
    source = read_article_file(path)
    assert "More than ten thousand vehicles" in source.text
    assert not any(c in source.text for c in "\x1b\x0b\x00\x9b\u202e\ud800")
