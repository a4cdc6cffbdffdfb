"""Reading articles from files: decoding, size limits, Markdown, titles.

Every failure is a :class:`SourceError` whose message names the file and the reason, so
callers can report it in one line and carry on.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from nlp.markdown import markdown_to_prose
from nlp.text import guess_title, normalise_text

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ""}) | MARKDOWN_SUFFIXES
"""File endings that ``margin add`` picks up when it walks a folder."""

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""Largest file read by default (configurable as ``max_file_mb``)."""


class SourceError(Exception):
    """A file that cannot be read as an article; the message says which and why."""


@dataclass(frozen=True)
class Source:
    """An article's text, ready for analysis."""

    title: str
    text: str
    path: str | None = None
    """Where it came from (absolute path), if a file."""
    kind: str = "text"
    """"text" or "markdown"."""
    encoding: str = "utf-8"
    url: str | None = None
    """The address it was fetched from, if any."""
    site: str | None = None
    """The publishing site ("BBC News"), if known."""
    author: str | None = None
    published: str | None = None
    """Publication date as ISO 8601, if known."""

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text: the same article imported twice is stored once."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read the article at *path*, or raise :class:`SourceError`."""
    data = _read_bytes(path, max_bytes)
    raw, encoding = decode(data, path)
    return source_from_text(raw, path.stem.replace("-", " ").replace("_", " ").strip() or path.name,
                            path=str(path.resolve()), markdown=path.suffix.lower() in MARKDOWN_SUFFIXES,
                            encoding=encoding)


def source_from_text(raw: str, fallback_title: str, path: str | None = None, markdown: bool = False,
                     encoding: str = "utf-8") -> Source:
    """Build a :class:`Source` from decoded text, or raise :class:`SourceError` if it is empty."""
    text = normalise_text(raw)
    title = None
    if markdown:
        text, title = markdown_to_prose(text)
    if not text.strip():
        raise SourceError(f"{path or fallback_title}: the file holds no text")
    title = title or guess_title(text, fallback_title)
    return Source(title, text, path, "markdown" if markdown else "text", encoding)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        if path.is_dir():
            raise SourceError(f"{path}: is a directory")
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(f"{path}: the file is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB limit")
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except PermissionError:
        raise SourceError(f"{path}: permission denied") from None
    except OSError as err:
        raise SourceError(f"{path}: {err.strerror or err}") from None


def decode(data: bytes, path: Path | str) -> tuple[str, str]:
    """Decode *data*: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 text."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", path), "utf-16"
    if b"\x00" in data:
        raise SourceError(f"{path}: looks like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = _decode(data, "cp1252", path)
    return text, "cp1252"


def _decode(data: bytes, encoding: str, path: Path | str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise SourceError(f"{path}: not valid {encoding} text (byte {err.start})") from None


def find_article_files(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Expand *paths* (files and folders, recursively) into article files, sorted per folder.

    Returns the files and a message for each path that does not exist. Hidden files and
    folders are skipped inside folders; a file named explicitly is always taken.
    """
    files, missing = [], []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if _is_article_file(p, path)))
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            missing.append(f"{path}: no such file or directory")
    return files, missing


def _is_article_file(path: Path, root: Path) -> bool:
    relative = path.relative_to(root).parts
    if any(part.startswith(".") for part in relative):
        return False
    return path.is_file() and path.suffix.lower() in TEXT_SUFFIXES and path.name.lower() != "readme.md"
