"""How entity types are grouped, named and ordered in the reader (colours live in margin.tcss)."""

from __future__ import annotations

LABEL_CLASSES = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place", "LOC": "place", "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
}
"""spaCy label -> highlight class; anything else is "other"."""

LEGEND = (("person", "People"), ("org", "Organisations"), ("place", "Places"),
          ("group", "Groups"), ("event", "Events"), ("other", "Other"))
"""Highlight classes in legend order, with their names; key N toggles the Nth."""

LABEL_NAMES = {
    "PERSON": "Person", "ORG": "Organisation", "GPE": "Place (country, city, state)", "LOC": "Place",
    "FAC": "Building or facility", "NORP": "Nationality, religious or political group", "EVENT": "Event",
    "PRODUCT": "Product", "WORK_OF_ART": "Work of art", "LAW": "Law", "LANGUAGE": "Language",
}


def label_class(label: str) -> str:
    """The highlight class of a spaCy label."""
    return LABEL_CLASSES.get(label, "other")


def label_name(label: str) -> str:
    """A readable name for a spaCy label."""
    return LABEL_NAMES.get(label, label.replace("_", " ").title())
