"""Messages posted by the reader's workers (past tense: they report what happened)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from nlp.dossier import Dossier


@dataclass
class EntitiesFound(Message):
    """Extraction finished and the article was stored in the index."""

    article_id: int


@dataclass
class ExtractionFailed(Message):
    """Extraction could not run; *reason* says why, for the user."""

    reason: str


@dataclass
class DossierLoaded(Message):
    """The dossier of the selected entity was built."""

    dossier: Dossier | None
    entity_id: int
