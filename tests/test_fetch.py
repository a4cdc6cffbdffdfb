"""Fetching pages by URL, against a server on 127.0.0.1 only."""

from __future__ import annotations

import json
import socket
import time

import httpx
import pytest

from nlp.reading import ReadError
from nlp.reading import read_url
from nlp.web import MAX_REDIRECTS, _http_reason
from sources_support import NEWS_PAGE, NO_ARTICLE_PAGE, article_count, margin, one_line_error, send, serve, slow

LIMIT = 64 * 1024


def redirect(target: str):
    return lambda handler: send(handler, 302, headers={"Location": target})


def body(data: bytes, content_type: str = "text/html; charset=utf-8", length: bool = True):
    def route(handler):
        if length:
            send(handler, 200, data, content_type)
            return
        handler.send_response(200)  # no Content-Length: the size is found while reading
        handler.send_header("Content-Type", content_type)
        handler.end_headers()
        for start in range(0, len(data), 8192):
            handler.wfile.write(data[start:start + 8192])

    return route


ROUTES = {
    "/article": body(NEWS_PAGE.read_bytes()),
    "/login": body(NO_ARTICLE_PAGE.read_bytes()),
    "/moved": redirect("/article"),
    "/loop": redirect("/loop"),
    "/slow": slow(3),
    "/big": body(b"<html><body>" + b"<p>word word word</p>" * 10000 + b"</body></html>"),
    "/big-unannounced": body(b"<html><body>" + b"<p>word word word</p>" * 10000 + b"</body></html>", length=False),
    "/pdf": body(b"%PDF-1.4 not really", "application/pdf"),
    "/plain": body("Kabul notes\n\nThe road to Panjshir reopened on Sunday after the snow.\n".encode(),
                   "text/plain; charset=utf-8"),
    "/latin": body(NEWS_PAGE.read_text(encoding="utf-8").replace("Abdul Rahim", "Abdul Rahîm").encode("cp1252"),
                   "text/html; charset=windows-1252"),
    "/error": lambda handler: send(handler, 500, b"oops"),
}


@pytest.fixture(scope="module")
def site():
    with serve(ROUTES) as base:
        yield base


def test_page_is_fetched_and_extracted(site):
    source = read_url(f"{site}/article", LIMIT)
    assert source.title == "Salang Tunnel reopens after avalanche"
    assert source.url == f"{site}/article"
    assert source.site == "The Valley Herald" and source.published == "2024-02-11"
    assert "NAV-LINK-TEXT" not in source.text and "Kabul" in source.text


def test_redirect_is_followed_and_the_original_url_kept(site):
    source = read_url(f"{site}/moved", LIMIT)
    assert source.url == f"{site}/moved"
    assert source.title == "Salang Tunnel reopens after avalanche"


def test_plain_text_page(site):
    source = read_url(f"{site}/plain", LIMIT)
    assert (source.kind, source.title, source.url, source.site) == ("text", "Kabul notes", f"{site}/plain", "127.0.0.1")


def test_declared_charset_is_used(site):
    source = read_url(f"{site}/latin", LIMIT)
    assert "Abdul Rahîm" in source.text and source.encoding == "windows-1252"


@pytest.mark.parametrize(("path", "reason"), [
    ("/missing", "the server answered 404 Not Found"),
    ("/error", "the server answered 500 Internal Server Error"),
    ("/loop", f"more than {MAX_REDIRECTS} redirects"),
    ("/big", "over the 0 MB limit"),
    ("/big-unannounced", "over the 0 MB limit"),
    ("/pdf", "the page is application/pdf, not HTML or text"),
    ("/login", "no article found in the page"),
])
def test_failures_name_the_url_and_the_reason(site, path, reason):
    with pytest.raises(ReadError) as caught:
        read_url(f"{site}{path}", 100 * 1024)
    assert str(caught.value).startswith(f"{site}{path}: ")
    assert reason in str(caught.value)


def test_slow_server_times_out(site):
    started = time.monotonic()
    with pytest.raises(ReadError, match="timed out after 0.5 s waiting for the server"):
        read_url(f"{site}/slow", LIMIT, timeout=0.5)
    assert time.monotonic() - started < 2


def test_refused_connection():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ReadError, match="the connection was refused"):
        read_url(f"http://127.0.0.1:{port}/", LIMIT)


def test_unknown_host_reason():
    error = httpx.ConnectError("[Errno -2] Name or service not known")
    assert _http_reason(error, 15) == "the host name was not found (DNS)"


@pytest.mark.parametrize("url", ["http://", "http://[::1", "http://exa mple.com/"])
def test_malformed_addresses(url):
    with pytest.raises(ReadError, match="^http"):
        read_url(url, LIMIT)


# --- through the command line

def test_cli_timeout_is_one_line(site, data_dir):
    started = time.monotonic()
    result = margin("entities", f"{site}/slow", MARGIN_FETCH_TIMEOUT="1")
    assert one_line_error(result) == f"margin: {site}/slow: timed out after 1 s waiting for the server"
    assert time.monotonic() - started < 10
    assert article_count(data_dir) is None


@pytest.mark.parametrize("command", ["read", "entities", "add"])
def test_cli_404_is_one_line_and_leaves_the_library_alone(site, data_dir, command):
    result = margin(command, f"{site}/missing")
    assert one_line_error(result) == f"margin: {site}/missing: the server answered 404 Not Found"
    assert article_count(data_dir) in (None, 0)


@pytest.mark.model
def test_cli_add_stores_the_url(site, data_dir):
    result = margin("add", f"{site}/moved")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Added 1, skipped 0 already in the library, failed 0.")
    [article] = json.loads(margin("list", "--json").stdout)
    assert (article["url"], article["source"], article["path"]) == (f"{site}/moved", "The Valley Herald", None)
    again = margin("add", f"{site}/article")
    assert again.stdout.startswith("Added 0, skipped 1 already in the library, failed 0.")
