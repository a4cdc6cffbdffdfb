"""Making untrusted text safe and regular before it is analysed, stored or shown."""

from __future__ import annotations

import codecs
import re

# The patterns of this module are kept as strings and compiled on first use (``re`` caches
# them): the reader imports this module on the way to its first frame, which needs few of them.
_CONTROL = (
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 (but tab and newline), DEL, C1
    "\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\ufeff\ufff9-\ufffb]"  # BOM / zero-width no-break space, interlinear annotations
)
_ANSI = r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[@-Z\\-_])"


def normalise_text(raw: str) -> str:
    """Fold line endings to LF and remove terminal escapes and control characters.

    For UTF-8 text without control characters only CRLF (and lone CR) change, so offsets
    into the result index the original file too.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text:  # most articles have no escape: no pattern to compile or run
        text = re.sub(_ANSI, "", text)
    return re.sub(_CONTROL, "", text)


REPLACEMENT = "\ufffd"
_UNSAFE = (
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


def printable(text: str) -> str:
    """*text* with tabs as spaces and every other control or bidi-override character as U+FFFD.

    The one cleaning for everything shown that came from outside (titles, paths, URLs, names,
    messages), in the reader as on the command line: text is shown, never obeyed. Keeps
    newlines, and keeps the length, so offsets into *text* index the result.
    """
    if "\t" in text:
        text = text.replace("\t", " ")
    if not re.search(_UNSAFE, text):
        return text
    return re.sub(_UNSAFE, REPLACEMENT, text)


def one_line(text: str) -> str:
    """:func:`printable`, with newlines as spaces, for titles, table cells and one-line messages."""
    return printable(str(text)).replace("\n", " ")


def names_phrase(count: int) -> str:
    """How many names an article has, as every view says it ("1 name", "30 names").

    The count is that of the article's entities: those its analysis found
    (``len(Analysis.entities)``), which the library stores one for one (``article_entities``).
    """
    return f"{count} name{'s' * (count != 1)}"


def guess_title(text: str, fallback: str) -> str:
    """The article's title: its first line when that is short and not a sentence, else *fallback*."""
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if not line:
            continue
        if len(line) <= 150 and not line.endswith((".", ",", ";", ":")):
            return line
        break
    return fallback


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Offsets of the paragraphs of *text* (runs of lines between blank lines)."""
    bounds, start = [], 0
    for match in re.finditer(r"\n[ \t]*\n", text):
        if text[start:match.start()].strip():
            bounds.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        bounds.append((start, len(text.rstrip())))
    return bounds


# --- decoding bytes -----------------------------------------------------------------------

class ReadError(Exception):
    """An article that cannot be read (a file, a page, standard input); the message says which and why.

    The message is shown cleaned of control characters (it names files and addresses).
    """

    def __str__(self) -> str:
        return one_line(super().__str__())


class UndecodableText(ValueError):
    """Bytes that are not text in any encoding Margin recognises; the message says why."""


_BOMS = (  # UTF-32 first: its little-endian BOM begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_CONTROLS = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
"""Control bytes binary files are full of (not tab, LF, VT, FF, CR or ESC); counted with
``bytes.translate``, which needs no pattern compiled."""
_PREFERRED_LEGACY = ("cp1252", "cp1251")
"""Among equally likely legacy encodings, the ones news in English (and Russian) most often uses."""


def is_guessed_encoding(encoding: str) -> bool:
    """Whether *encoding* was guessed (worth telling the user) rather than certain (UTF-8, a BOM)."""
    return encoding not in ("utf-8", "utf-8-sig", "utf-16", "utf-32")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode *data* and name the encoding used, or raise :class:`UndecodableText`.

    In order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without one, recognised by
    its zero bytes; UTF-8; a legacy single- or multi-byte encoding guessed by
    charset-normalizer, Windows-1252 preferred when the guess is a Latin one. Bytes that are
    mostly UTF-8 but hold invalid sequences are refused rather than turned into mojibake.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):  # the codec drops the BOM
            return _strict(data, encoding), encoding
    utf16 = _bomless_utf16(data)
    if utf16:
        return _strict(data, utf16), utf16
    if _looks_binary(data):
        raise UndecodableText("looks like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        if _meant_as_utf8(data):
            raise UndecodableText(f"not valid UTF-8 (bad byte at offset {err.start})") from None
    return _decode_legacy(data)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise UndecodableText(f"not valid {encoding.upper()} text (bad byte at offset {err.start})") from None


def _bomless_utf16(data: bytes) -> str | None:
    """The UTF-16 codec (LE or BE) when every other byte of *data* is mostly zero, else None."""
    sample = data[:4096]
    sample = sample[:len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    pairs = len(sample) // 2
    even_zeros, odd_zeros = sample[0::2].count(0) / pairs, sample[1::2].count(0) / pairs
    if odd_zeros > 0.3 and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros > 0.3 and odd_zeros < 0.05:
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, or control characters making up a tenth of the start (escape sequences and
    the odd BEL in hostile text stay text: :func:`normalise_text` removes them)."""
    sample = data[:8192]
    controls = len(sample) - len(sample.translate(None, _BINARY_CONTROLS))
    return b"\x00" in sample or controls > max(8, len(sample) // 10)


def _meant_as_utf8(data: bytes) -> bool:
    """Whether *data* holds more valid multi-byte UTF-8 characters than invalid bytes.

    Such a file is UTF-8 with damage, and decoding it another way would turn every valid
    character into mojibake.
    """
    decoded = data.decode("utf-8", errors="replace")
    invalid = decoded.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for char in decoded if "\x7f" < char != "\ufffd")
    return valid > 0 and valid >= invalid


def _decode_legacy(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(data) if not m.encoding.startswith(("utf_16", "utf_32"))]
    if matches:
        best = matches[0]
        close = {e for m in matches if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.05
                 for e in m.could_be_from_charset}
        if best.coherence == 0:  # too little text to tell: the most common legacy encoding, if it fits
            close = {e for m in matches for e in m.could_be_from_charset}
        encoding = next((e for e in _PREFERRED_LEGACY if e in close), best.encoding)
        return data.decode(encoding), encoding.replace("_", "-")
    raise UndecodableText("not valid UTF-8, and no other text encoding fits")


# --- HTML sniffing: here rather than in nlp.web, so that reading a text file never imports the web code

_META_CHARSET = rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
_HTML_MARKERS = r"<(?:!doctype\s+html|html|head|body|article|main|p|div)[\s>/]"


_CHAR_REFERENCE = r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?"


def decode_control_references(html: str) -> str:
    """*html* with character references to control, bidi-override, surrogate or out-of-range
    code points (``&#27;``, ``&#x202E;``) turned into those characters, or dropped when there
    is no such character, so that :func:`normalise_text` cleans them as it cleans raw control
    bytes (the HTML parser would otherwise give up on the page). Other references are kept."""
    if "&#" not in html:
        return html

    def decode(match: re.Match) -> str:
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or code == 0:
            return ""
        char = chr(code)
        return char if char == "\x1b" or re.fullmatch(_CONTROL, char) else match.group(0)

    return re.sub(_CHAR_REFERENCE, decode, html)


def looks_like_html(text: str) -> bool:
    """Whether *text* reads as markup (an ``<html>``, ``<body>``, ``<p>``, ``<article>``… tag near the top)."""
    return re.search(_HTML_MARKERS, text[:4096], re.IGNORECASE) is not None


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a page: the charset the server *declared*, else a ``<meta charset>``, else detected.

    Raises :class:`nlp.text.UndecodableText`.
    """
    for candidate in (declared, _meta_charset(data)):
        if candidate:
            try:
                return data.decode(candidate), candidate.lower()
            except (LookupError, UnicodeDecodeError):
                continue
    return decode_bytes(data)


def _meta_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag near the top declares. A page that declares UTF-16 there is
    read as UTF-8, as the HTML standard says: the tag could only be found because the bytes
    are ASCII-compatible, which UTF-16 is not."""
    match = re.search(_META_CHARSET, data[:4096], re.IGNORECASE)
    if not match:
        return None
    charset = match.group(1).decode("ascii")
    return "utf-8" if charset.lower().replace("_", "-").startswith(("utf-16", "utf16")) else charset


def shorten(before: str, name: str, after: str, width: int) -> tuple[str, str, str]:
    """A name in its context (*before* + *name* + *after*) in *width* characters at most, the name
    whole: a third of the room before the name (more if the text after it is short), the rest after
    it, each side cut at a word with "…". The dossier's context lines are shortened here."""
    room = max(0, width - len(name))
    kept_before = _keep_end(before, max(room // 3, room - len(after)))
    return kept_before, name, _keep_start(after, room - len(kept_before))


def _keep_end(text: str, room: int) -> str:
    """The end of *text* in *room* characters, from a word's start, after "…" if cut."""
    if len(text) <= room:
        return text
    if room <= 0:
        return ""
    kept = text[len(text) - room + 1:]
    if kept and not text[len(text) - room].isspace():  # kept starts inside a word: drop that word
        space = kept.find(" ")
        kept = kept[space + 1:] if space >= 0 else ""
    return "…" + kept


def _keep_start(text: str, room: int) -> str:
    """The start of *text* in *room* characters, up to a word's end, before "…" if cut."""
    if len(text) <= room:
        return text
    if room <= 0:
        return ""
    kept = text[:room - 1]
    if kept and not text[room - 1].isspace():  # kept ends inside a word: drop that word
        kept = kept[:kept.rfind(" ") + 1] if " " in kept else ""
    return kept.rstrip() + "…" if kept.strip() else "…"
