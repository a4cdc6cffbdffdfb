"""The cross-article link policy: which index entity a new article's name is, or that it is new.

Pure functions over the candidates the index supplies (:mod:`nlp.index.writes` looks them up),
so the rules change here without touching SQL. In order:

1. **exact**: an entity with the same name key; one of the same label family is preferred,
   since the small model often calls one place GPE here and ORG there;
2. **alias**: else the one entity of the same family that has the name as an alias (two or
   more are ambiguous: none is chosen);
3. **fuzzy**: else the most similar name of the same family, scoring at least the cutoff;
4. **new**: else a new entity.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nlp.labels import label_family


@dataclass(frozen=True)
class Candidate:
    """An index entity found for a name: by the same key, or by the name among its aliases."""

    entity_id: int
    label: str
    """The entity's label in the index (the one most of its mentions carry)."""


@dataclass(frozen=True)
class Link:
    """The decision for one name."""

    entity_id: int | None
    """The index entity the name is; None for a new one."""
    how: str
    """"exact", "alias", "fuzzy" or "new"."""
    score: float | None = None
    """100 for exact and alias links, the fuzzy score, or None for a new entity."""


NEW = Link(None, "new")

FuzzyLookup = Callable[[str], "tuple[int, float] | None"]
"""Given a label family, the best (entity id, score) at or above the cutoff, or None."""


def link_by_key(label: str, same_key: Sequence[Candidate]) -> Link | None:
    """Rule 1: the entity with the same key, preferring one of *label*'s family (in the index's order)."""
    if not same_key:
        return None
    family = label_family(label)
    same_family = [c.entity_id for c in same_key if label_family(c.label) == family]
    return Link((same_family or [same_key[0].entity_id])[0], "exact", 100.0)


def link_by_alias(label: str, same_alias: Sequence[Candidate]) -> Link | None:
    """Rule 2: the one entity of *label*'s family known by the name as an alias."""
    family = label_family(label)
    same_family = {c.entity_id for c in same_alias if label_family(c.label) == family}
    return Link(same_family.pop(), "alias", 100.0) if len(same_family) == 1 else None


def choose_link(label: str, same_key: Sequence[Candidate], same_alias: Sequence[Candidate],
                fuzzy: FuzzyLookup) -> Link:
    """The link of a name labelled *label*: the first rule that applies (see the module).

    *fuzzy* is asked only when neither the key nor an alias decided, since it is the costly one.
    """
    found = link_by_key(label, same_key) or link_by_alias(label, same_alias)
    if found is not None:
        return found
    match = fuzzy(label_family(label))
    return Link(match[0], "fuzzy", match[1]) if match is not None else NEW
