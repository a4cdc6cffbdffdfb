"""Messages posted by the reader's workers (past tense: they report what happened)."""

from __future__ import annotations

from dataclasses import dataclass

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from nlp.index import Correction


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


@dataclass
class CorrectionMade(Message):
    """A correction (or an undo) was stored in the index."""

    correction: Correction
    """Its record (``undone_at`` set for an undo)."""
    show: int | None
    """The entity whose dossier to show now (None: the one under the article's cursor)."""


@dataclass
class CorrectionFailed(Message):
    """A correction was refused, or could not be made; nothing was changed."""

    reason: str
    """Why, on one line, for the user."""
