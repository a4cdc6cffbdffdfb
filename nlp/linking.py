"""The cross-article link policy: which index entity a new article's name is, or that it is new.

Pure functions over the candidates the index supplies (:mod:`nlp.index.writes` looks them up),
so the rules change here without touching SQL. In order:

1. **exact**: an entity with the same name key, one of the name's label family first: the
   small model often calls one place GPE here and ORG there, and the same name with another
   label must not make a second entity;
2. **alias**: else the one entity of the same family that has the name as an alias (two or
   more are ambiguous: none is chosen);
3. **alias** of any family: else the one entity of any family with that alias ("Reuters"
   an organisation in one article, a person in the next);
4. **short**: else a short form and its full name, of the same family: a surname alone and the
   person of that surname ("Clinton", "Bill Clinton"), an initial and a surname and the
   person of that first name and surname ("D. Gough", "Darren Gough"), initials and the name they spell out
   ("U.N.", "United Nations"), either written first. The candidate whose articles share
   the article's other names most is linked, if they share some and more than twice as much
   as any other candidate's; else none, since a bare surname or two letters are weak
   evidence alone.
   A person's short name ("Clinton", "D. Gough") is tried for a full name first of all,
   before rules 1 to 3: a library entity named by the surname alone holds the bare mentions
   of any number of people. A surname that several library people have, and that the
   context does not decide, links to the bare surname's entity only, never by an alias to
   the one person once called by it ("Hughes" is not every Hughes);
5. **fuzzy**: else the most similar name of the same family, scoring at least the cutoff,
   and not a word derived from the name ("Israeli" is not "Israel": see
   :meth:`nlp.fuzzy.NameMatcher.best`);
6. **new**: else a new entity.

A generic word alone ("Valley") is linked by rule 1 only (:func:`links_only_by_key`). A place
the article qualifies ("Paris, Texas", "Washington state", :func:`qualified_place_name`) is
linked by its qualified name first, else to the place of its plain name unless that place was
qualified otherwise and its articles do not mention this qualifier (:func:`is_another_place`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nlp.labels import label_family
from nlp.names import GENERIC_WORDS


@dataclass(frozen=True)
class Candidate:
    """An index entity found for a name: by the same key, or by the name among its aliases."""

    entity_id: int
    label: str
    """The entity's label in the index (the one most of its mentions carry)."""


@dataclass(frozen=True)
class ShortFormCandidate:
    """An index entity that a short name may stand for (or, for a full name, its short form)."""

    entity_id: int
    label: str
    shared: int = 0
    """How often the article's other names appear in the entity's newest articles (once per
    article and name): the more, the likelier the article speaks of this entity."""
    full_name: bool = True
    """The entity is a full name the article's short name stands for; False: the entity is a
    short form of the article's full name ("D. Gough" in the library, "Darren Gough" here)."""


@dataclass(frozen=True)
class Link:
    """The decision for one name."""

    entity_id: int | None
    """The index entity the name is; None for a new one."""
    how: str
    """"exact", "alias", "short", "fuzzy" or "new"."""
    score: float | None = None
    """100 for exact, alias and short-form links, the fuzzy score, or None for a new entity."""


NEW = Link(None, "new")

FuzzyLookup = Callable[[str], "tuple[int, float] | None"]
"""Given a label family, the best (entity id, score) at or above the cutoff, or None."""

ShortFormLookup = Callable[[], "Sequence[ShortFormCandidate]"]
"""The entities the name is a short form or the full name of (none for other names)."""


def _no_short_forms() -> Sequence[ShortFormCandidate]:
    return ()


def keeps_apart(link: Link, label: str, first_label: str) -> bool:
    """Whether a name linked to an entity that another name of the same article (labelled
    *first_label*) was linked to first becomes a new entity instead.

    The analysis kept the two apart, so they are kept apart, unless both are the library's
    very name in one family: "HONG KONG" and "Hong Kong" grouped apart in a headline and a
    body are one place, while "Badakhshani", similar to "Badakhshan", is another entity.
    """
    return link.how != "exact" or label_family(label) != label_family(first_label)


PLACE_QUALIFIER_WORDS = ("state",)
"""Lower-case words that, right after a place's name, say which place of that name it is
("Washington state")."""


def qualified_place_name(name: str, label: str, text: str, mentions: Sequence[tuple[int, int]],
                         places: dict[int, str]) -> str | None:
    """The name of a place as the article qualifies it, for the library: "Paris, Texas" for a
    "Paris" written once as "Paris, Texas", "Washington State" for "Washington state"; None
    when the article never qualifies it.

    *mentions* are the place's (start, end) offsets in *text*; *places* maps the start of every
    other place's mention in the article to its text. Two places in a list ("Britain, France
    and Italy") do not qualify each other.
    """
    if label_family(label) != "PLACE":
        return None
    for start, end in mentions:
        qualifier = places.get(end + 2) if text.startswith(", ", end) else None
        if qualifier and not _in_a_list(text, start, end + 2 + len(qualifier), places):
            return f"{name}, {qualifier}"
        for word in PLACE_QUALIFIER_WORDS:
            after = end + 1 + len(word)
            if text.startswith(" " + word, end) and not text[after:after + 1].isalpha():
                return f"{name} {word.title()}"
    return None


def is_another_place(qualified_otherwise: bool, seen_with_qualifier: bool) -> bool:
    """Whether a qualified place ("Paris, Texas") is another place than the library's place of
    its plain name ("Paris"): when that place was qualified otherwise before ("Paris, France")
    and its articles do not mention this qualifier. Without that evidence they are one place,
    as "Washington, D.C." is the "Washington" of most news."""
    return qualified_otherwise and not seen_with_qualifier


def _in_a_list(text: str, start: int, end: int, places: dict[int, str]) -> bool:
    """Whether the two places written at text[start:end] ("Britain, France") are part of a list:
    after a comma, or before another place ("Britain, France and Italy")."""
    if text[max(0, start - 2):start] == ", ":
        return True
    return any(text.startswith(joint, end) and end + len(joint) in places for joint in (", ", " and ", " or "))


def links_only_by_key(key: str) -> bool:
    """Whether a name with this key links only to the same name (rule 1): a generic
    word alone ("Valley", "Party") is too little to say which valley or party it is."""
    return key in GENERIC_WORDS


def link_by_key(family: str | None, same_key: Sequence[Candidate]) -> Link | None:
    """Rule 1: the first entity with the same key (in the index's order) of *family*, or of
    any family when *family* is None."""
    found = [c.entity_id for c in same_key if family is None or label_family(c.label) == family]
    return Link(found[0], "exact", 100.0) if found else None


def link_by_alias(family: str | None, same_alias: Sequence[Candidate]) -> Link | None:
    """Rules 2 and 3: the one entity known by the name as an alias, of *family* (None: any).

    Two or more are ambiguous; then none is chosen, and no other family is tried.
    """
    found = {c.entity_id for c in same_alias if family is None or label_family(c.label) == family}
    return Link(found.pop(), "alias", 100.0) if len(found) == 1 else None


def link_by_name(label: str, same_key: Sequence[Candidate], same_alias: Sequence[Candidate]) -> Link | None:
    """Rules 1 to 3: the entity known by this very name (its key, or an alias), if there is one.

    An alias of the name's own family shared by two entities is ambiguous: no other family is tried.
    """
    family = label_family(label)
    found = link_by_key(family, same_key) or link_by_key(None, same_key)
    if found is not None or any(label_family(c.label) == family for c in same_alias):
        return found or link_by_alias(family, same_alias)
    return link_by_alias(None, same_alias)


def link_by_short_form(label: str, candidates: Sequence[ShortFormCandidate]) -> Link | None:
    """Rule 4: the candidate of *label*'s family sharing the most names with the article, when it
    shares some and more than twice as much as any other."""
    family = label_family(label)
    fitting = list({c.entity_id: c for c in candidates if label_family(c.label) == family}.values())
    ranked = sorted(fitting, key=lambda c: -c.shared) + [ShortFormCandidate(0, "", 0)]
    if len(ranked) > 1 and ranked[0].shared > max(0, 2 * ranked[1].shared):
        return Link(ranked[0].entity_id, "short", 100.0)
    return None


def choose_link(label: str, same_key: Sequence[Candidate], same_alias: Sequence[Candidate],
                fuzzy: FuzzyLookup, short_forms: ShortFormLookup = _no_short_forms) -> Link:
    """The link of a name labelled *label*: the first rule that applies (see the module).

    *short_forms* and *fuzzy* are asked only when the rules before them did not decide, since
    they cost queries.
    """
    if label_family(label) == "PERSON":
        candidates = short_forms()
        full_names = [c for c in candidates if c.full_name and label_family(c.label) == "PERSON"]
        if len({c.entity_id for c in full_names}) > 1:  # a surname several people share: not by an alias
            return link_by_short_form(label, full_names) or link_by_name(label, same_key, []) or NEW
        found = (link_by_short_form(label, full_names)
                 or link_by_name(label, same_key, same_alias)
                 or link_by_short_form(label, [c for c in candidates if not c.full_name]))
    else:
        found = link_by_name(label, same_key, same_alias) or link_by_short_form(label, short_forms())
    if found is not None:
        return found
    match = fuzzy(label_family(label))
    return Link(match[0], "fuzzy", match[1]) if match is not None else NEW
