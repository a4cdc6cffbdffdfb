"""Text encodings: what is decoded how, and what is refused with a clear reason."""

from __future__ import annotations

import codecs
import json
import os

import pytest

from nlp.reading import ReadError, read_article_file
from nlp.text import UndecodableText, decode_bytes, is_guessed_encoding
from sources_support import margin

ENGLISH = "Kabul, Sunday — “The road is open,” said the café owner in Panjshir. Prices fell 5 € today.\n"
FRENCH = "Le café de la gare est fermé. Les élèves sont à l'école où ils étudient le français.\n"
RUSSIAN = "Президент выступил в Москве с обращением к народу и правительству страны.\n"

DECODED = {
    "utf-8": (ENGLISH.encode("utf-8"), ENGLISH, "utf-8"),
    "utf-8 with BOM": (codecs.BOM_UTF8 + ENGLISH.encode("utf-8"), ENGLISH, "utf-8-sig"),
    "utf-16 with BOM": (ENGLISH.encode("utf-16"), ENGLISH, "utf-16"),
    "utf-16-be with BOM": (codecs.BOM_UTF16_BE + ENGLISH.encode("utf-16-be"), ENGLISH, "utf-16"),
    "utf-16-le without BOM": (ENGLISH.encode("utf-16-le"), ENGLISH, "utf-16-le"),
    "utf-16-be without BOM": (ENGLISH.encode("utf-16-be"), ENGLISH, "utf-16-be"),
    "utf-32 with BOM": (ENGLISH.encode("utf-32"), ENGLISH, "utf-32"),
    "windows-1252": (ENGLISH.encode("cp1252"), ENGLISH, "cp1252"),
    "latin-1": (FRENCH.encode("latin-1"), FRENCH, "cp1252"),
    "short latin-1": ("café\n".encode("latin-1"), "café\n", "cp1252"),
    "windows-1251": (RUSSIAN.encode("cp1251"), RUSSIAN, "cp1251"),
}


@pytest.mark.parametrize(("data", "text", "encoding"), DECODED.values(), ids=DECODED.keys())
def test_decoded(data, text, encoding):
    assert decode_bytes(data) == (text, encoding)


REFUSED = {
    "damaged utf-8": ("Café in Zürich – news".encode() + b"\xe2\x82 and more", "not valid UTF-8 (bad byte at offset 25)"),
    "truncated utf-8": ("Kabul – Café".encode()[:-1], "not valid UTF-8"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "looks like a binary file"),
    "controls": (bytes(range(1, 9)) * 40, "looks like a binary file"),
    "random high bytes": (bytes(range(0x80, 0x100)) * 3, "no other text encoding fits"),
    "utf-16 with a lone surrogate": (codecs.BOM_UTF16_LE + b"a\x00\x00\xd8b\x00", "not valid UTF-16"),
}


@pytest.mark.parametrize(("data", "reason"), REFUSED.values(), ids=REFUSED.keys())
def test_refused(data, reason):
    with pytest.raises(UndecodableText, match=reason.replace("(", r"\(").replace(")", r"\)")):
        decode_bytes(data)


def test_random_bytes_never_raise_anything_else():
    for seed in range(50):
        data = os.urandom(64 + seed * 7)
        try:
            text, _ = decode_bytes(data)
        except UndecodableText:
            continue
        assert isinstance(text, str)


def test_only_guessed_encodings_are_worth_a_note():
    assert [e for e in ("utf-8", "utf-8-sig", "utf-16", "utf-32", "utf-16-le", "cp1252") if is_guessed_encoding(e)] \
        == ["utf-16-le", "cp1252"]


def test_files_keep_their_encoding_and_crlf_is_folded(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Kabul report\r\n\r\nThe road is open.\r\n".encode("utf-16-le"))
    source = read_article_file(path)
    assert (source.text, source.title, source.encoding) == ("Kabul report\n\nThe road is open.\n", "Kabul report", "utf-16")


def test_file_errors_name_the_file(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes("Café ".encode() + b"\xc3")
    with pytest.raises(ReadError, match=f"^{path}: not valid UTF-8"):
        read_article_file(path)


@pytest.mark.model
def test_entities_notes_a_guessed_encoding(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes(("Panjshir report\n\n" + ENGLISH).encode("cp1252"))
    result = margin("entities", "--json", path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"margin: note: {path}: not UTF-8; read as cp1252\n"
    analysis = json.loads(result.stdout)
    assert "“The road is open,” said the café owner" in analysis["text"]
