"""Fuzzy matching of entity names with rapidfuzz.

Names are compared by their keys (:func:`nlp.names.name_key`) with ``fuzz.ratio``: on
pre-normalised names it is many times faster than ``WRatio`` and does not reward a short
name for being contained in a long one ("Massoud" in "Ahmad Shah Massoud").

A library holds hundreds of thousands of names, too many to score one by one on each lookup
(over 100 ms for 500,000). So past :data:`PENDING_LIMIT` names the matcher keeps, beside the
keys, a count of each key's characters (folded into 32 classes, one byte per class and key,
column per class). ``ratio`` is ``200 * LCS / (len(a) + len(b))`` and the longest common
subsequence cannot hold more of a class than both keys have, so the counts give an upper bound
of every key's score in a few vectorised passes; only keys whose bound reaches the cutoff are
scored. The bound never excludes a key that would score, so results are those of scoring all.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter
from typing import NamedTuple

from nlp.names import is_derived_word

MIN_KEY_LENGTH = 5
"""Shorter names are never matched fuzzily: one letter off in "Iran" is "Iraq"."""
PENDING_LIMIT = 2048
"""Keys scored one by one (the newest ones, and all of a small library) before being counted."""
CLASSES = 32
"""Character classes of the counts: a code point's class is its lowest five bits."""
_COUNT_CHUNK = 65536
"""Keys counted at once (the count uses CLASSES int64s per key while it runs)."""


class Match(NamedTuple):
    """An index entity whose name is similar to the one looked up."""

    entity_id: int
    score: float
    """rapidfuzz ratio, 0-100."""
    family: str
    key: str


class NameMatcher:
    """Entity keys with their label families, searchable by similarity.

    Results are ordered by score, then family (in the order families were first added), then
    the order the keys were added in.
    """

    def __init__(self, entries: Iterable[tuple[int, str, str]] = (), pending_limit: int = PENDING_LIMIT) -> None:
        self._ids: list[int] = []
        self._keys: list[str] = []
        self._families: list[int] = []
        """Rank of each key's family in :attr:`_family_ranks`."""
        self._family_ranks: dict[str, int] = {}
        self._discarded: set[int] = set()
        self._counts = _CharacterCounts()
        self._pending_limit = pending_limit
        self.extend(entries)

    def __len__(self) -> int:
        """How many keys can be matched."""
        return len(self._keys)

    def add(self, entity_id: int, key: str, family: str) -> None:
        """Make *key* (of entity *entity_id*, label family *family*) searchable."""
        self.extend([(entity_id, key, family)])

    def extend(self, entries: Iterable[tuple[int, str, str]]) -> None:
        """Make each (entity id, key, family) of *entries* searchable.

        Written for the library's half a million names: the columns are split and the
        families ranked by C-level builtins (``map``, ``itemgetter``, ``dict.fromkeys``),
        not one Python step per name.
        """
        entries = list(entries)
        ranks = self._family_ranks
        for family in dict.fromkeys(map(itemgetter(2), entries)):  # ranked in the order first seen
            ranks.setdefault(family, len(ranks))
        rows = [row for row in entries if len(row[1]) >= MIN_KEY_LENGTH]  # shorter keys are never matched
        if not rows:
            return
        self._ids.extend(map(itemgetter(0), rows))
        self._keys.extend(map(itemgetter(1), rows))
        self._families.extend(map(ranks.__getitem__, map(itemgetter(2), rows)))
        keys, families, counted = self._keys, self._families, len(self._counts)
        if len(keys) - counted >= self._pending_limit:
            self._counts.extend(keys[counted:], families[counted:])

    def discard(self, entity_id: int) -> None:
        """Stop matching *entity_id* (it no longer exists)."""
        self._discarded.add(entity_id)

    def similar(self, key: str, family: str | None, cutoff: float, limit: int = 10) -> list[Match]:
        """Entities whose keys score at least *cutoff* against *key*, best first.

        *family* None searches every family. The entity whose key equals *key* is included.
        """
        if len(key) < MIN_KEY_LENGTH or (family is not None and family not in self._family_ranks):
            return []
        from rapidfuzz import fuzz, process  # on first search: opening an article needs no matching

        rank = None if family is None else self._family_ranks[family]
        counted = len(self._counts)
        positions = self._counts.candidates(key, cutoff, rank)
        # The keys not counted yet are all scored, as one slice: no Python step per key.
        choices = [self._keys[p] for p in positions] + self._keys[counted:]
        hits = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None, processor=None)
        at = [positions[i] if i < len(positions) else counted + i - len(positions) for _, _, i in hits]
        found = sorted((-score, self._families[p], p) for (_, score, _), p in zip(hits, at)
                       if (rank is None or self._families[p] == rank) and self._ids[p] not in self._discarded)
        names = list(self._family_ranks)
        return [Match(self._ids[p], -score, names[self._families[p]], self._keys[p]) for score, _, p in found[:limit]]

    def best(self, key: str, family: str, cutoff: float) -> Match | None:
        """The entity of *family* most similar to *key*, scoring at least *cutoff*, if any.

        Only the same family: a similar name of another kind is another thing ("Carlton" is
        not "Charlton"); and none when a name of another family is more similar, since the
        model may have mislabelled this one ("Badakshan" as an organisation is the place
        "Badakhshan", not the group "Badakhshani"); on equal scores *family* wins. The entity with exactly this key is
        skipped (the caller links exact names first), and so is a word formed from the other
        by a suffix (:func:`nlp.names.is_derived_word`: "Israeli" and "Israel").
        """
        matches = [m for m in self.similar(key, None, cutoff, limit=8)
                   if m.key != key and not is_derived_word(key, m.key)]
        matches.sort(key=lambda m: (-m.score, m.family != family))
        return matches[0] if matches and matches[0].family == family else None


class _CharacterCounts:
    """Per-key counts of character classes, one row per class, grown by doubling (numpy)."""

    def __init__(self) -> None:
        self._size = 0
        self._counts = None
        """uint8 array (CLASSES, capacity): how many characters of each class each key has."""
        self._lengths = None
        self._families = None

    def __len__(self) -> int:
        return self._size

    def extend(self, keys: list[str], families: list[int]) -> None:
        """Count *keys* (of family ranks *families*) after those already counted."""
        import numpy as np

        self._reserve(self._size + len(keys))
        for at in range(0, len(keys), _COUNT_CHUNK):
            chunk = keys[at:at + _COUNT_CHUNK]
            end = self._size + len(chunk)
            self._counts[:, self._size:end] = class_counts(chunk)
            self._lengths[self._size:end] = np.fromiter(map(len, chunk), np.int32, len(chunk))
            self._families[self._size:end] = families[at:at + _COUNT_CHUNK]
            self._size = end

    def _reserve(self, size: int) -> None:
        import numpy as np

        capacity = 0 if self._counts is None else self._counts.shape[1]
        if size <= capacity:
            return
        capacity = max(size, 2 * capacity, 4096)
        counts, lengths, families = (np.zeros((CLASSES, capacity), np.uint8), np.zeros(capacity, np.int32),
                                     np.zeros(capacity, np.int16))
        if self._size:
            counts[:, :self._size] = self._counts[:, :self._size]
            lengths[:self._size] = self._lengths[:self._size]
            families[:self._size] = self._families[:self._size]
        self._counts, self._lengths, self._families = counts, lengths, families

    def candidates(self, key: str, cutoff: float, rank: int | None) -> list[int]:
        """Positions of the counted keys whose score against *key* may reach *cutoff*."""
        if not self._size:
            return []
        import numpy as np

        size = self._size
        if len(key) > 255:  # its counts would be clipped: score every key
            chosen = np.arange(size)
        else:
            query = class_counts([key])[:, 0]
            shared = np.zeros(size, np.int32)
            for cls in np.flatnonzero(query):
                shared += np.minimum(self._counts[cls, :size], query[cls])
            bound = 200.0 * shared / (self._lengths[:size] + len(key))
            chosen = np.flatnonzero(bound >= cutoff - 1e-6)
        if rank is not None:
            chosen = chosen[self._families[chosen] == rank]
        return chosen.tolist()


def class_counts(keys: list[str]):
    """uint8 array (CLASSES, len(keys)): characters of each class in each key.

    A key longer than 255 characters gets 255 in every class, so its bound never excludes it.
    """
    import numpy as np

    lengths = np.fromiter(map(len, keys), np.int64, len(keys))
    classes = np.frombuffer("".join(keys).encode("utf-32-le"), np.uint32) & (CLASSES - 1)
    rows = np.repeat(np.arange(len(keys)), lengths)
    counts = np.bincount(rows * CLASSES + classes, minlength=len(keys) * CLASSES).reshape(len(keys), CLASSES)
    counts[lengths > 255] = 255  # no other count exceeds its key's length, so uint8 holds it
    return counts.astype(np.uint8).T
