"""OPML, the subscription lists feed readers (newsboat, ...) import and export.

Read with the standard library's expat parser, refusing any document type declaration: an
OPML file has no use for one, and refusing it rules out external and expanding entities.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from nlp.text import ReadError, normalise_text


@dataclass(frozen=True)
class Subscription:
    """An outline of an OPML file that names a feed."""

    url: str
    name: str | None


class _Refused(Exception):
    """The document declares a document type or entities."""


def read_opml(data: bytes, name: str) -> list[Subscription]:
    """The feeds of the OPML document *data*, at any depth of outlines, in document order, or a
    :class:`ReadError` naming *name*. Outlines without ``xmlUrl`` (folders) are walked, not listed."""
    import xml.parsers.expat

    found: list[Subscription] = []
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root: list[str] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        if not root:
            root.append(tag)
        if tag == "outline" and attributes.get("xmlUrl", "").strip():
            title = _one_line(attributes.get("title") or attributes.get("text") or "")
            found.append(Subscription(attributes["xmlUrl"].strip(), title or None))

    def refuse(*args) -> None:
        raise _Refused

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except _Refused:
        raise ReadError(f"{name}: declares a document type or entities, which OPML has no use for; not read") from None
    except xml.parsers.expat.ExpatError as err:
        raise ReadError(f"{name}: not well-formed XML ({err})") from None
    if root != ["opml"]:
        raise ReadError(f"{name}: not an OPML file (its root element is {root[0] if root else 'missing'})")
    return found


def write_opml(subscriptions: list[Subscription], title: str = "Margin subscriptions") -> str:
    """An OPML 2.0 document listing *subscriptions*."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<opml version="2.0">',
             f"  <head><title>{escape(title)}</title></head>", "  <body>"]
    for subscription in subscriptions:
        name = _xml_text(subscription.name or subscription.url)
        lines.append(f"    <outline type=\"rss\" text={quoteattr(name)} title={quoteattr(name)}"
                     f" xmlUrl={quoteattr(_xml_text(subscription.url))}/>")
    lines += ["  </body>", "</opml>"]
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(normalise_text(text).split())


def _xml_text(text: str) -> str:
    """*text* without the characters XML 1.0 cannot hold (control characters, and the rest removed as everywhere)."""
    return _one_line(text)
