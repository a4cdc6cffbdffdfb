"""Name normalisation shared by clustering, fuzzy matching and the index.

A *key* is the form two spellings of one name have in common: case, accents, hyphens,
apostrophes and dots are folded away, so "Al Qaeda", "al-Qaeda" and "Al-Qaeda" share
the key ``"al qaeda"`` and "U.S." becomes ``"us"``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

GENERATIONAL_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
"""Tokens that qualify a name without naming anyone else ("Massoud Jr.")."""

NAME_PARTICLES = frozenset({"of", "the", "and", "for", "on", "in", "at", "to", "de", "du", "la", "&"})
"""Lower-case words that do not count towards an acronym ("Bank of England" -> "BE")."""

_SPLIT = re.compile(r"[\s\-\u2010-\u2015_/]+")
_DROP = re.compile(r"['\u2018\u2019\u02bc`.,;:!?\"\u201c\u201d()\[\]{}]")
_TRANSLITERATION_MARKS = frozenset("\u02bb\u02bc\u02be\u02bf")
"""Modifier letters for ayn and hamza ("Qāʿida"), folded away like accents."""


def fold(text: str) -> str:
    """Casefold and strip accents: "Qāʿida" -> "qaida"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(
        ch for ch in decomposed if not unicodedata.combining(ch) and ch not in _TRANSLITERATION_MARKS
    )
    return stripped.casefold()


def name_tokens(name: str) -> list[str]:
    """The folded words of a name, split on spaces and hyphens, punctuation removed."""
    return [tok for tok in (_DROP.sub("", part) for part in _SPLIT.split(fold(name))) if tok]


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The comparison key of a name (see the module docstring).

    Cached: storing an article keys each of its names several times (linking, aliases), and an
    import meets the same names in article after article."""
    return " ".join(name_tokens(name))


def core_tokens(name: str) -> list[str]:
    """Name tokens without generational suffixes, used to match short forms to full names."""
    tokens = name_tokens(name)
    core = [tok for tok in tokens if tok not in GENERATIONAL_SUFFIXES]
    return core or tokens


def acronym_of(name: str) -> str | None:
    """The key an acronym written as *name* stands for, or None if it is not one.

    "US", "U.S." and "NRF" are acronyms; "Kabul" and "NATO summit" are not.
    """
    compact = re.sub(r"[.\s]", "", name)
    if not 2 <= len(compact) <= 6 or not compact.isalpha() or not compact.isupper():
        return None
    return compact.casefold()


def initials(name: str) -> set[str]:
    """The acronyms a multi-word name can be shortened to.

    Both with and without function words: "Bank of England" gives {"be", "boe"}.
    """
    words = [w for w in _SPLIT.split(name) if w]
    if len(words) < 2:
        return set()
    all_words = [fold(w)[:1] for w in words if w[0].isalpha()]
    content = [fold(w)[:1] for w in words if w[0].isalpha() and fold(w) not in NAME_PARTICLES]
    return {"".join(all_words), "".join(content)} - {""}


GENERIC_WORDS = frozenset({
    "valley", "river", "lake", "sea", "bay", "gulf", "island", "islands", "mountain", "mountains", "hills", "desert",
    "coast", "strait", "canal", "province", "district", "county", "state", "region", "city", "town", "village",
    "street", "road", "square", "bridge", "airport", "station", "port", "park", "party", "court", "council",
    "parliament", "assembly", "senate", "congress", "government", "ministry", "department", "agency", "committee",
    "commission", "university", "college", "school", "hospital", "church", "mosque", "temple", "army", "navy",
    "police", "bank", "company", "corporation", "group", "club", "team", "league", "cup", "union", "federation",
    "association", "institute", "foundation", "museum", "center", "centre", "house", "palace", "tower", "front",
    "movement", "alliance", "brigade", "forces", "war", "treaty", "accord", "summit", "games", "open", "championship",
})
"""Words that name a kind of thing, and a particular one only with other words ("Swat Valley",
"Labour Party"): alone, they are the name of nothing in particular."""

DERIVING_SUFFIXES = ("i", "is", "n", "ns", "an", "ans", "ian", "ians", "ese", "ish", "ic", "ics")
"""Endings that make a people, a language or an adjective of a name: "Israel" -> "Israeli",
"Georgia" -> "Georgians", "Bosnia" -> "Bosnian"."""


def is_derived_word(key: str, other: str) -> bool:
    """Whether one of two keys is the other with a :data:`DERIVING_SUFFIXES` ending.

    A plural ("Iraqi", "Iraqis") is the same word; a demonym ("Iraq", "Iraqi") is another.
    """
    short, long = sorted((key, other), key=len)
    return long.startswith(short) and long[len(short):] in DERIVING_SUFFIXES


LEGAL_FORMS = ("inc", "corp", "corporation", "co", "ltd", "plc", "ag", "sa", "nv", "llc", "gmbh", "spa", "bv")
"""Words that end a company's name in one article and are left out in the next ("Volkswagen AG")."""


def legal_form_variants(key: str) -> list[str]:
    """The keys a company's name has with or without its legal form: "volkswagen ag" ->
    ["volkswagen"]; "volkswagen" -> ["volkswagen inc", "volkswagen corp", ...]."""
    head, _, last = key.rpartition(" ")
    if last in LEGAL_FORMS:
        return [head] if head and head.split()[-1] not in NAME_PARTICLES else []
    return [f"{key} {form}" for form in LEGAL_FORMS] if key else []


def slug(name: str) -> str:
    """A short identifier made from a name: "Ahmad Shah Massoud" -> "ahmad-shah-massoud"."""
    return "-".join(name_tokens(name)) or "entity"
