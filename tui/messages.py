"""Messages posted by the reader's workers (past tense: they report what happened).

Plain classes rather than dataclasses: this module is imported on the way to the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from nlp.dossier import Dossier


class EntitiesFound(Message):
    """Extraction finished and the article was stored in the index."""

    def __init__(self, article_id: int) -> None:
        super().__init__()
        self.article_id = article_id


class ExtractionFailed(Message):
    """Extraction could not run; *reason* says why, for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class DossierLoaded(Message):
    """The dossier of the selected entity was built."""

    def __init__(self, dossier: Dossier | None, entity_id: int) -> None:
        super().__init__()
        self.dossier = dossier
        self.entity_id = entity_id
