"""The cross-article link policy: which index entity a new article's name is, or that it is new.

Pure functions over the candidates the index supplies (:mod:`nlp.index.writes` looks them up),
so the rules change here without touching SQL. In order:

1. **exact**: an entity of the same label family with the same name key;
2. **alias**: else the one entity of the same family that has the name as an alias (two or
   more are ambiguous: none is chosen);
3. the same two of any family: the small model often calls one name GPE here and ORG there,
   or "Reuters" an organisation in one article and a person in the next, and the same name
   with another label must not make a second entity;
4. **fuzzy**: else the most similar name of the same family, scoring at least the cutoff;
5. **new**: else a new entity.
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


def link_by_key(family: str | None, same_key: Sequence[Candidate]) -> Link | None:
    """Rules 1 and 3: the first entity with the same key (in the index's order) of *family*,
    or of any family when *family* is None."""
    found = [c.entity_id for c in same_key if family is None or label_family(c.label) == family]
    return Link(found[0], "exact", 100.0) if found else None


def link_by_alias(family: str | None, same_alias: Sequence[Candidate]) -> Link | None:
    """Rules 2 and 3: the one entity known by the name as an alias, of *family* (None: any).

    Two or more are ambiguous; then none is chosen, and no other family is tried.
    """
    found = {c.entity_id for c in same_alias if family is None or label_family(c.label) == family}
    return Link(found.pop(), "alias", 100.0) if len(found) == 1 else None


def link_by_name(label: str, same_key: Sequence[Candidate], same_alias: Sequence[Candidate]) -> Link | None:
    """Rules 1 to 3: the entity known by this very name (its key, or an alias), if there is one."""
    family = label_family(label)
    if any(label_family(c.label) == family for c in same_alias):
        return link_by_key(family, same_key) or link_by_alias(family, same_alias)
    return link_by_key(family, same_key) or link_by_key(None, same_key) or link_by_alias(None, same_alias)


def choose_link(label: str, same_key: Sequence[Candidate], same_alias: Sequence[Candidate],
                fuzzy: FuzzyLookup) -> Link:
    """The link of a name labelled *label*: the first rule that applies (see the module).

    *fuzzy* is asked only when neither the key nor an alias decided, since it is the costly one.
    """
    found = link_by_name(label, same_key, same_alias)
    if found is not None:
        return found
    match = fuzzy(label_family(label))
    return Link(match[0], "fuzzy", match[1]) if match is not None else NEW
