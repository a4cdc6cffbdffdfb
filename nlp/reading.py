"""Reading articles from files, standard input and fetched pages: decoding, size limits,
Markdown, HTML (through :mod:`nlp.web`), titles.

Every failure is a :class:`ReadError` whose message names the file and the reason, so
callers can report it in one line and carry on.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO, NamedTuple

try:  # CPython's own SHA-256 (``_sha2`` from 3.12): ``hashlib`` loads OpenSSL's libcrypto, 3.5 MB
    from _sha256 import sha256  # and about 1% of the reader's start-up, for one short digest
except ImportError:  # pragma: no cover - other Python versions and implementations
    try:
        from _sha2 import sha256
    except ImportError:
        from hashlib import sha256

from nlp.index.records import TextBlock
from nlp.text import (ReadError, UndecodableText, decode_bytes, decode_control_references, decode_html, guess_title,
                      looks_like_html, normalise_text)

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ""}) | MARKDOWN_SUFFIXES | HTML_SUFFIXES
"""File endings that ``margin add`` picks up when it walks a folder."""

STDIN_NAME = "standard input"
"""How messages name an article read from ``-``."""

_MD_STRONG = r"^(?:#{1,6} \S|```|~~~)"  # compiled on first use, like the patterns of nlp.text
_MD_FRONT_MATTER = r"(?:---|\+\+\+)[ \t]*\n[\w.-]+[ \t]*[:=]"
_MD_WEAK = r"\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*|__[^_\n]+__|^\s{0,3}[-*+] \S|^> \S"

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""Largest file read by default (configurable as ``max_file_mb``)."""
MAX_LINE_CHARS = 500_000
"""Longest line accepted: no article paragraph is this long (a 1 MB line is refused clearly)."""
"""Longest line (paragraph) accepted. Span cleaning looks at the whole line around each name,
so its cost grows with line length times names; a longer line is not prose anyway."""


@dataclass(frozen=True)
class ArticleInput:
    """An article as read (from a file, a page or standard input), ready for analysis."""

    title: str
    text: str
    path: str | None = None
    """Where it came from (absolute path), if a file."""
    kind: str = "text"
    """"text", "markdown" or "html"."""
    encoding: str = "utf-8"
    """The text encoding the bytes were decoded with ("utf-8", "cp1252", "utf-16"...)."""
    url: str | None = None
    """The address it was fetched from, or the page's own address for saved HTML, if any."""
    site: str | None = None
    """The publishing site ("BBC News"), if known."""
    author: str | None = None
    published: str | None = None
    """Publication date as ISO 8601, if known."""
    file_hash: str | None = None
    """SHA-256 of the bytes the article was read from (a file's content), if known (:func:`file_hash`)."""
    blocks: tuple[TextBlock, ...] = ()
    """Ranges of the text shown in their own style (Markdown headings, code, table headers)."""
    feed_id: int | None = None
    """The subscribed feed it is an item of, if any (:mod:`nlp.refresh`)."""
    summary_only: bool = False
    """Only the feed's summary of the article was stored, not the article (the reader says so)."""
    content_hash: str = field(init=False, repr=False, compare=False)
    """SHA-256 of the text: the same article imported twice is stored once."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "content_hash", sha256(self.text.encode("utf-8")).hexdigest())

    @property
    def text_for_names(self) -> str:
        """The text the model looks for names in: :attr:`text` with its code and footnote markers
        blanked out (spaces, lines kept), so offsets match and no name is ever found inside code."""
        return blank_code(self.text, self.blocks)


NOT_NAMES = frozenset({"code", "code_inline", "footnote_ref"})
"""Kinds of text block never searched for names: code, and footnote markers (``Saleh[1]`` would
reach the model as one word)."""


def blank_code(text: str, blocks: tuple[TextBlock, ...]) -> str:
    """*text* with the characters of its code ranges and footnote markers, except line breaks,
    turned into spaces."""
    code = [(start, end) for kind, start, end in blocks if kind in NOT_NAMES]
    if not code:
        return text
    chars = list(text)
    for start, end in code:
        chars[start:end] = re.sub(r"[^\n]", " ", text[start:end])
    return "".join(chars)


def read_article_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ArticleInput:
    """Read the article at *path* (text, Markdown or HTML by its ending), or raise :class:`ReadError`."""
    data = _read_bytes(path, max_bytes)
    suffix = path.suffix.lower()
    kind = "html" if suffix in HTML_SUFFIXES else "markdown" if suffix in MARKDOWN_SUFFIXES else "text"
    stem = path_text(Path(path.stem)).replace("-", " ").replace("_", " ").strip()
    article = input_from_bytes(data, path_text(path), kind=kind, path=path_text(path.resolve()),
                               fallback_title=stem or path_text(Path(path.name)))
    return replace(article, file_hash=file_hash(data))


def path_text(path: Path) -> str:
    """A path as text that can be stored and shown: bytes of a file name that are not UTF-8
    (kept by Python as surrogates) become U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def file_hash(data: bytes) -> str:
    """SHA-256 of a file's bytes: finds an indexed article again without parsing the file."""
    return sha256(data).hexdigest()


def read_file_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of the regular file at *path* (at most *max_bytes*), or raise :class:`ReadError`."""
    return _read_bytes(path, max_bytes)


def file_hash_at(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """:func:`file_hash` of the file at *path*, or raise :class:`ReadError`."""
    return file_hash(_read_bytes(path, max_bytes))


def read_argument(argument: str, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None,
                  timeout: float | None = None) -> ArticleInput:
    """The article a command-line argument names: ``-`` (*stdin*), a web address (fetched with
    *timeout*), or a path."""
    if argument == "-":
        import sys

        return read_stream(stdin or sys.stdin.buffer, max_bytes)
    if is_url(argument):
        return read_url(argument, max_bytes, timeout)
    return read_article_file(Path(file_url_path(argument) or argument), max_bytes)


def read_url(url: str, max_bytes: int, timeout: float | None = None) -> ArticleInput:
    """Fetch *url* and read its article (HTML, Markdown or text, by the type the server gave)."""
    from nlp.web import fetch

    page = fetch(url, max_bytes, timeout)
    kind = None
    if page.content_type in ("text/html", "application/xhtml+xml"):
        kind = "html"
    elif page.content_type in ("text/markdown", "text/x-markdown"):
        kind = "markdown"
    elif page.content_type == "text/plain":
        kind = "text"
    return input_from_bytes(page.body, url, kind=kind, url=url, charset=page.charset)


def file_url_path(text: str) -> str | None:
    """The local path a ``file://`` address names (``file:///home/me/a%20b.md``), else None."""
    if not text[:7].lower() == "file://":
        return None
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(text)
    if parts.netloc not in ("", "localhost"):
        return None
    return unquote(parts.path) or None


def is_url(text: str) -> bool:
    """Whether a command-line argument is a web address rather than a path (here, not in
    :mod:`nlp.web`, so that opening a file never imports the web code)."""
    scheme, _, rest = text.partition("://")
    return scheme.lower() in ("http", "https") and rest[:1].strip() != ""  # a character, not a space


def read_stream(stream: BinaryIO, max_bytes: int = DEFAULT_MAX_BYTES, name: str = STDIN_NAME) -> ArticleInput:
    """Read an article (HTML, Markdown or text, detected) from *stream*, such as standard input."""
    try:
        data = stream.read(max_bytes + 1)
    except OSError as err:
        raise ReadError(f"{name}: {err.strerror or err}") from None
    if len(data) > max_bytes:
        raise ReadError(f"{name}: more than the {max_bytes / 2**20:.0f} MB limit")
    return input_from_bytes(data, name, fallback_title="Standard input")


def input_from_bytes(data: bytes, name: str, kind: str | None = None, path: str | None = None,
                      url: str | None = None, charset: str | None = None,
                      fallback_title: str | None = None) -> ArticleInput:
    """Decode and parse an article; *kind* ("html", "markdown", "text") is detected when None.

    *name* (a path, URL or "standard input") heads every error message; *charset* is one a
    server declared.
    """
    if not data.strip():
        raise ReadError(f"{name}: {'the file holds' if path else 'holds'} no text")
    try:
        raw, encoding = decode_html(data, charset) if kind in ("html", None) else decode_bytes(data)
    except UndecodableText as err:
        raise ReadError(f"{name}: {err}") from None
    fallback_title = fallback_title or name
    if kind == "html" or (kind is None and looks_like_html(raw)):
        from nlp.web import extract_article

        page = extract_article(normalise_text(decode_control_references(raw)), name, encoding, url=url)
        _check_lines(page.text, name)
        return ArticleInput(page.title, page.text, path, "html", encoding, url=url or page.url, site=page.site,
                      author=page.author, published=page.published)
    if kind is None:
        kind = "markdown" if looks_like_markdown(raw) else "text"
    article = input_from_text(raw, fallback_title, path=path, markdown=kind == "markdown", encoding=encoding,
                              name=name)
    return replace(article, url=url, site=_host(url)) if url else article


def input_from_text(raw: str, fallback_title: str, path: str | None = None, markdown: bool = False,
                     encoding: str = "utf-8", name: str | None = None) -> ArticleInput:
    """Build a :class:`ArticleInput` from decoded text, or raise :class:`ReadError` if it is empty."""
    text = normalise_text(raw)
    title, blocks = None, ()
    if markdown:
        from nlp.markdown import markdown_to_prose

        text, title, blocks = markdown_to_prose(text)
    if not text.strip():
        raise ReadError(f"{name or path or fallback_title}: {'the file holds' if path else 'holds'} no text")
    _check_lines(text, name or path or fallback_title)
    title = title or guess_title(text, fallback_title)
    return ArticleInput(title, text, path, "markdown" if markdown else "text", encoding, blocks=blocks)


def _check_lines(text: str, name: str) -> None:
    longest = max(map(len, text.split("\n")))
    if longest > MAX_LINE_CHARS:
        raise ReadError(f"{name}: has a line of {longest:,} characters; Margin reads lines of up to "
                          f"{MAX_LINE_CHARS:,} (is it an article?)")


def looks_like_markdown(text: str) -> bool:
    """Whether *text* uses Markdown: front matter, a heading, a fenced block, or two links,
    emphases or list items."""
    sample = text[:20000]
    if re.match(_MD_FRONT_MATTER, sample) or re.search(_MD_STRONG, sample, re.MULTILINE):
        return True
    return len(re.findall(_MD_WEAK, sample, re.MULTILINE)) >= 2


def _host(url: str) -> str | None:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        if path.is_dir():
            raise ReadError(f"{path_text(path)}: is a directory")
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # a named pipe would block, a device never end
            raise ReadError(f"{path_text(path)}: {not_a_file_reason(status.st_mode)}")
        size = status.st_size
        if size > max_bytes:
            raise ReadError(f"{path_text(path)}: the file is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB limit "
                              "(max_file_mb in the config file)")
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
    except FileNotFoundError:
        raise ReadError(f"{path_text(path)}: no such file") from None
    except PermissionError:
        raise ReadError(f"{path_text(path)}: permission denied") from None
    except OSError as err:
        raise ReadError(f"{path_text(path)}: {err.strerror or err}") from None
    if len(data) > max_bytes:  # it grew, or it is a device or pipe that reports no size
        raise ReadError(f"{path_text(path)}: over the {max_bytes / 2**20:.0f} MB limit (max_file_mb in the config file)")
    return data


def not_a_file_reason(mode: int) -> str:
    """Why a path of this ``st_mode`` (not a regular file or folder) is not read."""
    kind = ("a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a special file")
    return f"not a regular file ({kind}); Margin reads files, folders, web addresses and - (standard input)"


class ArticleFiles(NamedTuple):
    """What walking the paths given to ``margin add`` found."""

    files: list[Path]
    """Article files, sorted per folder."""
    failed: list[str]
    """One message per path that could not be looked at or read: missing, unreadable folders,
    named pipes and other special files (never opened)."""
    readmes: list[Path]
    """``README.md`` files found in folders, left out: they describe a folder, not an article."""


def walk_article_files(paths: list[Path]) -> ArticleFiles:
    """Expand *paths* (files and folders, recursively) into article files, sorted per folder.

    Hidden files and folders are skipped inside folders, and so is any ``README.md`` (listed
    in :attr:`ArticleFiles.readmes`); a file named explicitly is always taken.
    """
    found = ArticleFiles([], [], [])
    for path in paths:
        if path.is_dir():
            _walk_folder(path, found)
        elif path.exists() or path.is_symlink():
            found.files.append(path)
        else:
            found.failed.append(f"{path_text(path)}: no such file or directory")
    return found


def find_article_files(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The files :func:`walk_article_files` finds, and its messages for what it could not use."""
    found = walk_article_files(paths)
    return found.files, found.failed


def _walk_folder(root: Path, found: ArticleFiles) -> None:
    import os

    def unreadable(err: OSError) -> None:
        found.failed.append(f"{path_text(Path(err.filename or root))}: folder not read: "
                            f"{(err.strerror or str(err)).lower()}")

    files = []
    for folder, subfolders, names in os.walk(root, onerror=unreadable):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(names):
            path = Path(folder, name)
            if name.startswith(".") or path.suffix.lower() not in TEXT_SUFFIXES:
                continue
            try:
                mode = path.stat().st_mode
            except OSError:
                continue  # a dangling link
            if not stat.S_ISREG(mode):
                found.failed.append(f"{path_text(path)}: skipped: {not_a_file_reason(mode)}")
            elif name.lower() == "readme.md":
                found.readmes.append(path)
            else:
                files.append(path)
    found.files.extend(sorted(files))
