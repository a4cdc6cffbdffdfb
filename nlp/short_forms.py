"""The library's full names by the short forms that stand for them when written alone.

A person's surname stands for the person ("Clinton" for "Bill Clinton"); initials stand for an
organisation or a place ("UN" for "United Nations", "US" for "United States"). The index keeps
one :class:`ShortForms` per index file beside its fuzzy matcher (:mod:`nlp.index.names`), filled
from the same (entity id, key, family) rows, so linking a short name never scans the library.

Everything works on name keys (:func:`nlp.names.name_key`): lower case, no dots.
"""

from __future__ import annotations

from collections.abc import Iterable

from nlp.names import GENERATIONAL_SUFFIXES, NAME_PARTICLES

PERSON_FAMILY = "PERSON"
MIN_INITIALS, MAX_INITIALS = 2, 6
"""Initials shorter or longer than these are not taken for an acronym."""
MIN_WORD = 3
"""Words of a name that may be initialled must have this many letters: "us steel" has no initials,
since its "us" is itself an acronym."""


def surname_of(key: str, family: str) -> str | None:
    """The surname a person's full name is written as alone ("bill clinton" -> "clinton"), or None."""
    tokens = [t for t in key.split() if t not in GENERATIONAL_SUFFIXES]
    if family != PERSON_FAMILY or len(tokens) < 2 or len(tokens[-1]) < 2 or not tokens[-1].isalpha():
        return None
    return tokens[-1]


def initialled(key: str) -> tuple[str, str] | None:
    """(initial, surname) of a person written with an initial ("d gough" for "D. Gough"), or None."""
    tokens = key.split()
    if len(tokens) == 2 and len(tokens[0]) == 1 and tokens[0].isalpha() and len(tokens[1]) >= 2:
        return tokens[0], tokens[1]
    return None


def initialled_form(key: str) -> str | None:
    """The key of a two-word full name written with its initial ("darren gough" -> "d gough"), or None."""
    tokens = key.split()
    if len(tokens) == 2 and len(tokens[0]) > 1 and tokens[0].isalpha() and len(tokens[1]) >= 2:
        return f"{tokens[0][0]} {tokens[1]}"
    return None


def initials_of(key: str, family: str) -> set[str]:
    """The acronyms a multi-word name other than a person's is written as ("united nations" -> {"un"}).

    With and without its function words: "bank of england" gives {"boe", "be"}.
    """
    tokens = key.split()
    words = [t for t in tokens if t not in NAME_PARTICLES]
    if family == PERSON_FAMILY or not MIN_INITIALS <= len(words) <= MAX_INITIALS:
        return set()
    for word in words:
        if len(word) < MIN_WORD or not word.isalpha():
            return set()
    forms = {"".join([t[0] for t in tokens]), "".join([w[0] for w in words])}
    return {f for f in forms if len(f) <= MAX_INITIALS}


DEMONYM_ENDINGS = ("ians", "ian", "ans", "an", "ns", "n", "is", "i", "ese", "ish")
"""Endings that make a people or a language of a place's name ("Canad-ian", "Iraq-i", "Japan-ese")."""
PLACE_ENDINGS = ("", "a", "e", "y", "ia")
"""What the place's name may end with instead ("Canad-a", "Ital-y", "Europ-e")."""
IRREGULAR_DEMONYMS = {
    "french": "france", "dutch": "netherlands", "swiss": "switzerland", "danish": "denmark", "welsh": "wales",
    "greek": "greece", "british": "britain", "briton": "britain", "spanish": "spain", "spaniard": "spain",
    "swedish": "sweden", "swede": "sweden", "finnish": "finland", "turkish": "turkey", "polish": "poland",
    "english": "england", "irish": "ireland", "scottish": "scotland", "norwegian": "norway", "thai": "thailand",
    "philippine": "philippines", "filipino": "philippines", "argentine": "argentina", "portuguese": "portugal",
    "german": "germany", "icelandic": "iceland", "czech": "czech republic", "slovak": "slovakia",
}
"""People and language words not formed from the place's name by :data:`DEMONYM_ENDINGS`."""


def place_keys(demonym: str) -> list[str]:
    """Keys of the places a one-word people or language name may come from ("iraqis" -> "iraq" ...).

    Guesses: the caller keeps those that name a place in the library.
    """
    if " " in demonym:
        return []
    keys = [IRREGULAR_DEMONYMS[w] for w in (demonym, demonym.removesuffix("s")) if w in IRREGULAR_DEMONYMS]
    for ending in DEMONYM_ENDINGS:
        stem = demonym.removesuffix(ending)
        if stem != demonym and len(stem) >= 3:
            keys += [stem + place_ending for place_ending in PLACE_ENDINGS]
    return [k for k in dict.fromkeys(keys) if k != demonym]


def demonym_keys(place: str) -> list[str]:
    """Keys of the people or language words a place's name may give ("canada" -> "canadian" ...)."""
    keys = [word for word, named in IRREGULAR_DEMONYMS.items() if named == place]
    if " " not in place:
        for place_ending in PLACE_ENDINGS:
            stem = place.removesuffix(place_ending) if place_ending else place
            if stem != place or not place_ending:
                keys += [stem + ending for ending in DEMONYM_ENDINGS if len(stem) >= 3]
    return [k for k in dict.fromkeys(keys) if k != place and place in place_keys(k)]


class ShortForms:
    """Entity ids of the library's full names, by surname and by initials."""

    def __init__(self) -> None:
        self._by_surname: dict[str, list[int]] = {}
        self._by_initials: dict[str, list[int]] = {}

    def extend(self, entries: Iterable[tuple[int, str, str]]) -> None:
        """Add each (entity id, key, family) of *entries*."""
        by_surname, by_initials = self._by_surname, self._by_initials
        for entity_id, key, family in entries:
            if " " not in key:  # one word: no surname apart from a first name, no initials
                continue
            if family == PERSON_FAMILY:
                surname = surname_of(key, family)
                if surname is not None:
                    by_surname.setdefault(surname, []).append(entity_id)
            else:
                for form in initials_of(key, family):
                    by_initials.setdefault(form, []).append(entity_id)

    def people_named(self, surname: str) -> list[int]:
        """Entities of people whose full name ends with the key *surname*."""
        return list(self._by_surname.get(surname, ()))

    def spelled_out(self, acronym: str) -> list[int]:
        """Entities whose multi-word names have the initials *acronym* (a key: "un")."""
        return list(self._by_initials.get(acronym, ()))
