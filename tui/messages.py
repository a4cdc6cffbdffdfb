"""Messages posted by the reader's workers (past tense: they report what happened)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class EntitiesFound(Message):
    """Extraction finished and the article was stored in the index."""

    article_id: int
    """The id of the stored article."""


@dataclass
class ExtractionFailed(Message):
    """Extraction could not run."""

    reason: str
    """Why, for the user."""
