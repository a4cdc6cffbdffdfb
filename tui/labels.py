"""How entity types are named and ordered in the reader (groups in :mod:`nlp.labels`, colours in the article view's DEFAULT_CSS)."""

from __future__ import annotations

from nlp.labels import highlight_group

LEGEND = (("person", "People"), ("org", "Organisations"), ("place", "Places"),
          ("group", "Groups"), ("event", "Events"), ("other", "Other"))
"""Highlight classes in legend order, with their names; key N toggles the Nth."""

LABEL_NAMES = {
    "PERSON": "Person", "ORG": "Organisation", "GPE": "Place (country, city, state)", "LOC": "Place",
    "FAC": "Building or facility", "NORP": "Nationality, religious or political group", "EVENT": "Event",
    "PRODUCT": "Product", "WORK_OF_ART": "Work of art", "LAW": "Law", "LANGUAGE": "Language",
}


SHORT_NAMES = {"person": "Person", "org": "Organisation", "place": "Place", "group": "Group", "event": "Event"}


def label_short(label: str) -> str:
    """A one-word name for a spaCy label, for tables."""
    return SHORT_NAMES.get(highlight_group(label)) or label.replace("_", " ").title()


def label_name(label: str) -> str:
    """A readable name for a spaCy label."""
    return LABEL_NAMES.get(label, label.replace("_", " ").title())
