"""The model's entity labels, grouped: what is a number, what is a name, which labels are one
kind of place, and which highlight group each belongs to. Display names live in :mod:`tui.labels`."""

from __future__ import annotations

NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
"""Labels kept out of the cross-referenced entities by default (``excluded_labels``)."""

NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
"""Labels of proper names: a span with one of them and no capital letter is not a name."""

PLACE_LABELS = frozenset({"GPE", "LOC"})
"""Labels one place gets from the model in different sentences: they form the "PLACE" family
(also in the index's ``entities.family`` column, :mod:`nlp.index.schema`)."""

HIGHLIGHT_GROUPS = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place", "LOC": "place", "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
}
"""spaCy label -> highlight group; anything else is "other"."""


def label_family(label: str) -> str:
    """Labels that name the same kind of thing link across articles: GPE and LOC are places."""
    return "PLACE" if label in PLACE_LABELS else label


def highlight_group(label: str) -> str:
    """The highlight group of a spaCy label ("person", "org", "place", "group", "event" or "other")."""
    return HIGHLIGHT_GROUPS.get(label, "other")
