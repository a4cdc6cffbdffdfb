"""Fuzzy matching of entity names with rapidfuzz.

Names are compared by their keys (:func:`nlp.names.name_key`) with ``fuzz.ratio``: on
pre-normalised names it is many times faster than ``WRatio`` and does not reward a short
name for being contained in a long one ("Massoud" in "Ahmad Shah Massoud").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from rapidfuzz import fuzz, process

MIN_KEY_LENGTH = 5
"""Shorter names are never matched fuzzily: one letter off in "Iran" is "Iraq"."""


class Match(NamedTuple):
    """A library entity whose name is similar to the one looked up."""

    entity_id: int
    score: float
    """rapidfuzz ratio, 0-100."""
    family: str
    key: str


class NameMatcher:
    """Entity keys grouped by label family, searchable by similarity."""

    def __init__(self, entries: Iterable[tuple[int, str, str]] = ()) -> None:
        self._ids: dict[str, list[int]] = {}
        self._keys: dict[str, list[str]] = {}
        self._discarded: set[int] = set()
        for entity_id, key, family in entries:
            self.add(entity_id, key, family)

    def add(self, entity_id: int, key: str, family: str) -> None:
        """Make *key* (of entity *entity_id*, label family *family*) searchable."""
        self._ids.setdefault(family, []).append(entity_id)
        self._keys.setdefault(family, []).append(key)

    def discard(self, entity_id: int) -> None:
        """Stop matching *entity_id* (it no longer exists)."""
        self._discarded.add(entity_id)

    def similar(self, key: str, family: str | None, cutoff: float, limit: int = 10) -> list[Match]:
        """Entities whose keys score at least *cutoff* against *key*, best first.

        *family* None searches every family. The entity whose key equals *key* is included.
        """
        if len(key) < MIN_KEY_LENGTH:
            return []
        families = [family] if family is not None else list(self._keys)
        found: list[Match] = []
        for fam in families:
            keys = self._keys.get(fam, [])
            for _, score, index in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff,
                                                   limit=limit, processor=None):
                if len(keys[index]) >= MIN_KEY_LENGTH and self._ids[fam][index] not in self._discarded:
                    found.append(Match(self._ids[fam][index], score, fam, keys[index]))
        return sorted(found, key=lambda m: -m.score)[:limit]

    def best(self, key: str, family: str, cutoff: float) -> Match | None:
        """The entity most similar to *key* (but not equal to it) scoring at least *cutoff*.

        Any label family may match, since the model often labels one name differently in
        two articles; on equal scores *family* wins. An entity with exactly this key is of
        another family (the caller links same-family exact matches first), so it is a
        different thing with the same name and is skipped.
        """
        matches = [m for m in self.similar(key, None, cutoff, limit=8) if m.key != key]
        matches.sort(key=lambda m: (-m.score, m.family != family))
        return matches[0] if matches else None
