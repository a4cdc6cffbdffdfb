"""Fuzzy matching of entity names with rapidfuzz.

Names are compared by their keys (:func:`nlp.names.name_key`) with ``fuzz.ratio``: on
pre-normalised names it is many times faster than ``WRatio`` and does not reward a short
name for being contained in a long one ("Massoud" in "Ahmad Shah Massoud").
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

MIN_KEY_LENGTH = 5
"""Shorter names are never matched fuzzily: one letter off in "Iran" is "Iraq"."""


class NameMatcher:
    """Entity keys grouped by label family, searchable by similarity."""

    def __init__(self, entries: Iterable[tuple[int, str, str]] = ()) -> None:
        self._ids: dict[str, list[int]] = {}
        self._keys: dict[str, list[str]] = {}
        for entity_id, key, family in entries:
            self.add(entity_id, key, family)

    def add(self, entity_id: int, key: str, family: str) -> None:
        """Make *key* (of entity *entity_id*, label family *family*) searchable."""
        self._ids.setdefault(family, []).append(entity_id)
        self._keys.setdefault(family, []).append(key)

    def similar(self, key: str, family: str | None, cutoff: float, limit: int = 10) -> list[tuple[int, float]]:
        """Entities whose keys score at least *cutoff* against *key*, best first.

        *family* None searches every family. The entity whose key equals *key* is included.
        """
        if len(key) < MIN_KEY_LENGTH:
            return []
        families = [family] if family is not None else list(self._keys)
        found: list[tuple[int, float]] = []
        for fam in families:
            keys = self._keys.get(fam, [])
            for _, score, index in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff,
                                                   limit=limit, processor=None):
                if len(keys[index]) >= MIN_KEY_LENGTH:
                    found.append((self._ids[fam][index], score))
        return sorted(found, key=lambda pair: -pair[1])[:limit]

    def best(self, key: str, family: str, cutoff: float) -> tuple[int, float] | None:
        """The most similar entity of *family* scoring at least *cutoff*, if any."""
        matches = self.similar(key, family, cutoff, limit=1)
        return matches[0] if matches else None
