"""The records the index returns: plain named tuples, shown without spaCy.

No ``from __future__ import annotations`` here, on purpose: a NamedTuple checks each field's
type when its class is made, and a string annotation costs a ``compile`` per field (about 2M
instructions for these seven, on the way to the reader's first frame).
"""

from typing import NamedTuple


class ArticleSummary(NamedTuple):
    """A line of the library listing."""

    id: int
    title: str
    site: str | None
    """The publishing site ("BBC News"), if known."""
    added_at: str
    entity_count: int
    word_count: int
    path: str | None
    url: str | None
    author: str | None = None
    published: str | None = None
    """Publication date (ISO 8601) when the page said."""
    unread: bool = False
    """Never opened in the reader."""
    starred: bool = False


class SearchHit(NamedTuple):
    """An article matching a full-text query."""

    id: int
    title: str
    snippet: str
    """Matching text with the matched words wrapped in ``[`` and ``]``."""


class StoredMention(NamedTuple):
    """A mention of an index entity at [start, end) of an article's text."""

    start: int
    end: int
    entity_id: int


class ArticleEntity(NamedTuple):
    """An index entity as one article knows it."""

    entity_id: int
    name: str
    """The name this article uses (its canonical form here)."""
    label: str
    aliases: list[str]
    """Other spellings in this article."""
    ambiguities: list[tuple[str, tuple[str, ...]]]
    """(short form, candidate names) for each ambiguous short form."""
    mention_count: int
    link: str
    """How it was linked to the library: "new", "exact", "alias", "fuzzy", or "corrected" (by the
    reader: a merge or a split, :mod:`nlp.index.corrections`)."""
    score: float | None


class TextBlock(NamedTuple):
    """A range of an article's text shown in its own style: a heading ("h1" to "h6"), a code
    block ("code"), inline code ("code_inline") or a table's header row ("table_head")."""

    kind: str
    start: int
    end: int


class StoredArticle(NamedTuple):
    """An article as stored, ready to show without spaCy."""

    id: int
    title: str
    text: str
    path: str | None
    url: str | None
    site: str | None
    author: str | None
    published: str | None
    added_at: str
    mentions: list[StoredMention]
    entities: dict[int, ArticleEntity]
    blocks: tuple[TextBlock, ...] = ()
    """Headings, code and table headers to style (Markdown articles stored from schema 4 on)."""


class IndexEntity(NamedTuple):
    """An entity of the whole index (all articles)."""

    id: int
    name: str
    label: str
    mention_count: int
    article_count: int
    aliases: list[str] = ()  # type: ignore[assignment]


class MentioningArticle(NamedTuple):
    """An article that mentions an entity (not a mention), with its first mention in context."""

    article_id: int
    title: str
    count: int
    start: int
    end: int
    context: str
    """The sentence holding the first mention."""
    context_offset: int
    """Where the mention starts in :attr:`context`."""


class Correction(NamedTuple):
    """A correction the reader made to the index (:mod:`nlp.index.corrections`)."""

    id: int
    kind: str
    """"rename", "retype", "merge", "split" or "not-a-name"."""
    arguments: dict
    """What it was given, entities named by id and name (see each correction)."""
    summary: str
    """What it changed, in one sentence."""
    created_at: str
    undone_at: str | None = None
    """When it was undone; None while it holds."""


class Feed(NamedTuple):
    """A subscribed feed (``margin feed add``) and what its last refresh did."""

    id: int
    url: str
    name: str | None
    """The name the user gave it, else the feed's own title once refreshed."""
    full: bool
    """Fetch every item's full article from its link (``--full``)."""
    etag: str | None
    last_modified: str | None
    added_at: str
    refreshed_at: str | None
    """When it was last refreshed (successfully or not)."""
    last_error: str | None
    """Why the last refresh failed (one line); None when it worked."""
    article_count: int = 0
    """Articles in the library that came from it."""


class FollowedNews(NamedTuple):
    """A followed name and how many of some articles mention it."""

    entity_id: int
    name: str
    article_count: int
