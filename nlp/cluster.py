"""Grouping one article's mentions into entities, each with a canonical name and aliases.

The rules, in order:

1. **Spelling variants.** Mentions whose names share a key (:func:`nlp.names.name_key`) are one
   group: "Al Qaeda", "al-Qaeda", "Al-Qaeda". Groups of the same label whose keys are near-identical
   (rapidfuzz ratio >= ``SPELLING_VARIANT_CUTOFF``, same number of words, at least 6 letters) join too:
   "Badakshan" / "Badakhshan". A plural in -s is one group with its singular, whatever their
   labels, unless one is a person ("Serb" / "Serbs", "All Black" / "All Blacks"; but "William" is
   not "Williams").
2. **Label by vote.** A group's label is its mentions' most common label; a tie goes to the label
   seen first. The same is done again for each finished entity. A name of two or three words is a
   person, whatever the vote, when the article then calls it by its last word tagged as a person
   ("Alistair Brown" ORG ... "Brown" PERSON). A name ending in a landform word is a place:
   "Swat Valley" (tagged ORG), whose short form "Swat" joins it by rule 3.
3. **Short forms join full names.** Groups are taken longest first. A group joins an earlier,
   longer one (a *full name*) when it is:
   - an acronym of it: "US" / "U.S." -> "United States", "NRF" -> "National Resistance Front";
   - its words cut short and dotted: "Calif." -> "California", "W. Va." -> "West Virginia";
   - for an organisation named before, the start of its first word: "Fed" -> "Federal Reserve";
   - a contiguous run of its words, generational suffixes aside, with a compatible label:
     "bin Laden" -> "Osama bin Laden", "Saleh" -> "Amrullah Saleh", "Massoud Jr." -> "Ahmad Massoud";
     or a person's first and last name without the middle initials: "Gerald Ford" -> "Gerald R. Ford".
     For people any run counts, whatever label the model gave the short form when it comes after
     the full name or in the headline ("Olaf Scholz" ... "Scholz" tagged GPE); the entity stays a
     person. For other
     types only a leading or trailing run of the same label, and not of a name joined by a
     function word ("Panjshir" is not "Lion of Panjshir"); an organisation's short name tagged as
     a product after the full name counts as the same label. A name that is another name after a
     compass word is another place: "Texas" is not "West Texas" (a longer organisation's last word is
     still its short name: "Times" -> "New York Times"), and so is a name before "City": "Mexico" is
     not "Mexico City". A dateline's place ("MUNICH 1996-12-06") is a place named in full, never the
     short form of a longer name ("Munich Re"), and a place's name or a nationality in the headline
     stands for a person named below only as the surname ("AUSTRIA" is not "Austria Vienna"). A nationality is never a short form of
     a longer name: "Swiss" is not "Swiss German", "Serb" not "Bosnian Serb".
4. **Ambiguous short forms.** When a short form fits two or more full names ("Massoud" after both
   "Ahmad Massoud" and "Ahmad Shah Massoud"), each of its mentions goes, in this order, to: the
   parent when a cue says so ("the late", "the elder", "senior", "Sr.": the less salient
   candidate, since a parent is usually named in passing) or the child ("Jr.", "Massoud Jr.",
   "junior", "the younger": the more salient one); a candidate named earlier in the same sentence;
   else the most salient candidate. Salience: not named in full as someone's parent ("the son of
   Ahmad Shah Massoud", "the late ..."), then most mentions by its full name, then first named. Recency alone would send
   every later surname to whoever was named last. The ambiguity is recorded on every candidate
   (:attr:`Cluster.ambiguities`), so readers are told rather than misled. The cues are in
   :mod:`nlp.generations`.
5. **Canonical name.** The most frequent spelling among the longest forms; every other spelling
   in the entity is an alias.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz

from nlp.datelines import dateline_places
from nlp.generations import generation_cue, named_as_parent
from nlp.headlines import headline_end
from nlp.labels import PLACE_LABELS, label_family
from nlp.names import NAME_PARTICLES, acronym_of, core_tokens, initials, name_key
from nlp.raw import RawSpan

SPELLING_VARIANT_CUTOFF = 90.0
"""Minimum rapidfuzz ratio for two spellings in one article to be taken as one name."""

COMPASS_WORDS = frozenset(
    "north south east west northern southern eastern western central upper lower greater new".split()
)
"""A place named by one of these and another place's name is another place: "West Texas" is not
"Texas", "North Las Vegas" not "Las Vegas", "New Mexico" not "Mexico"."""
LANDFORM_WORDS = frozenset(
    "valley river province district region mountains mountain lake island islands bay gulf sea desert "
    "peninsula basin strait coast plateau highlands pass corridor gorge canyon delta".split()
)
"""A name ending in one of these is a place, whatever the model says: "Swat Valley" is no
organisation, and "Swat" is its short form."""
CITY_WORDS = frozenset({"city"})
"""A name followed by one of these is another place (or a club named after it): "Mexico City" is not
"Mexico", "Kansas City" not "Kansas", "Sydney City" not "Sydney"."""
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s|\n")


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """A short form that could stand for more than one entity in the article."""

    form: str
    """The short form as written ("Massoud")."""
    candidates: tuple[str, ...]
    """Canonical names of the entities it could stand for, in order of first mention."""


@dataclass
class Cluster:
    """One entity of one article."""

    name: str
    """Canonical name: the most frequent spelling of the longest form."""
    label: str
    """One label for the whole entity, by vote."""
    mentions: list[RawSpan]
    """Every mention, sorted by offset."""
    aliases: list[str]
    """Other spellings used in the article, most frequent first."""
    ambiguities: list[Ambiguity] = field(default_factory=list)
    """Short forms shared with other entities of the article."""


@dataclass
class _Group:
    key: str
    spans: list[RawSpan]
    forms: Counter[str]
    label: str
    core: list[str]
    dateline: bool = False
    """Whether every mention is the place of a dateline, which names a place in full."""

    @property
    def first(self) -> int:
        return self.spans[0].start

    @cached_property
    def acronym(self) -> str | None:
        """The key of the first form written as an acronym, if any (read after variants merge)."""
        return next((acronym for form in self.forms if (acronym := acronym_of(form))), None)

    @cached_property
    def initials(self) -> set[str]:
        """The acronyms of every form (read after variants merge)."""
        return set().union(*(initials(form) for form in self.forms))


def cluster_mentions(text: str, spans: list[RawSpan]) -> list[Cluster]:
    """Cluster the cleaned *spans* of *text* into entities, ordered by first mention."""
    groups = _merge_variants(_group_by_key(text, spans))
    _mark_datelines(text, groups)
    _find_people(groups)
    _find_landforms(groups)
    headline_stop = headline_end(text)
    order = sorted(groups, key=lambda g: (-len(g.core), -len(g.key), g.first))
    roots: list[_Group] = []
    members: dict[int, list[_Group]] = {}
    shared: dict[int, list[RawSpan]] = {}
    ambiguities: dict[int, list[Ambiguity]] = {}
    for group in order:
        candidates = [root for root in roots if _is_short_form(group, root, headline_stop)]
        if not candidates:
            roots.append(group)
            members[id(group)] = [group]
            shared[id(group)] = []
        elif len(candidates) == 1:
            members[id(candidates[0])].append(group)
        else:
            _share_out(text, group, candidates, shared)
            note = Ambiguity(_most_common(group.forms), tuple(c.key for c in sorted(candidates, key=lambda c: c.first)))
            for candidate in candidates:
                ambiguities.setdefault(id(candidate), []).append(note)
    clusters = [_build(text, root, members[id(root)], shared[id(root)], ambiguities.get(id(root), [])) for root in roots]
    clusters = [c for c in clusters if c.mentions]
    _name_candidates(clusters, roots)
    return sorted(clusters, key=lambda c: c.mentions[0].start)


def _group_by_key(text: str, spans: list[RawSpan]) -> list[_Group]:
    by_key: dict[str, list[RawSpan]] = {}
    for span in spans:
        key = name_key(text[span.start:span.end])
        if key:
            by_key.setdefault(key, []).append(span)
    return [_make_group(text, key, group_spans) for key, group_spans in by_key.items()]


def _make_group(text: str, key: str, spans: list[RawSpan]) -> _Group:
    spans = sorted(spans, key=lambda s: s.start)
    forms = Counter(text[s.start:s.end] for s in spans)
    return _Group(key, spans, forms, vote_label(spans), core_tokens(_most_common(forms)))


def _find_people(groups: list[_Group]) -> None:
    """Label as a person a name of two or three words the model took for something else (but a
    nationality: "Bosnian Serb"), when the article then calls it by its last word tagged as a
    person ("Alistair Brown" ORG ... "Brown" PERSON)."""
    by_word: dict[str, list[_Group]] = {}
    for group in groups:
        if len(group.core) == 1:
            by_word.setdefault(group.core[0], []).append(group)
    for group in groups:
        if group.label in ("PERSON", "NORP") or not 2 <= len(group.core) <= 3 or set(group.core) & NAME_PARTICLES:
            continue
        last = [g for g in by_word.get(group.core[-1], []) if g.first > group.first]
        if any(s.label == "PERSON" for g in last for s in g.spans):
            group.label = "PERSON"


def _find_landforms(groups: list[_Group]) -> None:
    """Label as a place (LOC) every mention of a name of two words or more ending in a landform
    word ("Swat Valley" tagged ORG), so that the entity it heads gets a place's label."""
    for group in groups:
        if len(group.core) >= 2 and group.core[-1] in LANDFORM_WORDS and group.label not in PLACE_LABELS | {"PERSON", "FAC"}:
            group.label = "LOC"
            group.spans = [RawSpan(s.start, s.end, "LOC") for s in group.spans]


def _mark_datelines(text: str, groups: list[_Group]) -> None:
    places = {(p.start, p.end) for p in dateline_places(text)}
    for group in groups:
        group.dateline = bool(places) and all((s.start, s.end) in places for s in group.spans)


def _merge_variants(groups: list[_Group]) -> list[_Group]:
    """Join groups whose keys differ by a letter or two ("Badakshan" / "Badakhshan")."""
    merged: list[_Group] = []
    for group in sorted(groups, key=lambda g: -len(g.spans)):
        match = next((m for m in merged if _is_variant(group, m) or _is_plural(group, m)), None)
        if match is None:
            merged.append(group)
            continue
        match.spans = sorted(match.spans + group.spans, key=lambda s: s.start)
        match.forms.update(group.forms)
    return merged


def _is_variant(a: _Group, b: _Group) -> bool:
    if a.label != b.label or len(a.core) != len(b.core) or min(len(a.key), len(b.key)) < 6:
        return False
    if a.label == "PERSON" and _plural_keys(a.key, b.key):
        return False
    return fuzz.ratio(a.key, b.key) >= SPELLING_VARIANT_CUTOFF


def _is_plural(a: _Group, b: _Group) -> bool:
    """Whether one group's key is the other's plural in -s, neither being a person's name."""
    return "PERSON" not in (a.label, b.label) and _plural_keys(a.key, b.key)


def _plural_keys(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long == short + "s"


def _is_short_form(short: _Group, full: _Group, headline_end: int = 0) -> bool:
    """Whether *short* can stand for *full* (rule 3 of the module docstring)."""
    if short.acronym and len(full.core) > 1 and short.acronym in full.initials:
        return True
    if _is_abbreviation(short, full) or _is_clipping(short, full):
        return True
    if len(short.core) >= len(full.core) or short.core[-1] in NAME_PARTICLES or short.dateline:
        return False
    if short.label == "NORP" and full.label != "PERSON":
        return False
    positions = _runs(short.core, full.core)
    if not positions and not (full.label == "PERSON" and _drops_middle_initials(short.core, full.core)):
        return False
    if full.label == "PERSON":
        surname = bool(positions) and positions[-1] == len(full.core) - len(short.core)
        return ("PERSON" in {s.label for s in short.spans} or short.first > full.first
                or (short.first < headline_end and (surname or short.label not in PLACE_LABELS | {"NORP"})))
    if any(token in NAME_PARTICLES for token in full.core):
        return False
    edges = {0, len(full.core) - len(short.core)}
    if full.core[0] in COMPASS_WORDS and (full.label in PLACE_LABELS or len(full.core) < 3):
        edges.discard(len(full.core) - len(short.core))
    if full.core[-1] in CITY_WORDS:
        edges.discard(0)
    return _same_kind(short, full) and any(p in edges for p in positions)


def _drops_middle_initials(short: list[str], full: list[str]) -> bool:
    """Whether *short* is the person *full* without the middle initials: "Gerald Ford" / "Gerald R. Ford",
    "George Bush" / "George H.W. Bush". A middle name is kept apart: "Ahmad Massoud" is the son of
    "Ahmad Shah Massoud"."""
    middle = full[1:-1]
    return len(short) == 2 and bool(middle) and short == [full[0], full[-1]] and all(len(t) <= 2 for t in middle)


def _same_kind(short: _Group, full: _Group) -> bool:
    """Whether *short* may be *full* by its label: the same label family (GPE and LOC are places), or an organisation's short name
    the model took for a product after the full name ("Crimson Tide" ... "Tide")."""
    if label_family(short.label) == label_family(full.label):
        return True
    return short.label == "PRODUCT" and full.label == "ORG" and short.first > full.first


def _is_abbreviation(short: _Group, full: _Group) -> bool:
    """Whether *short* is *full* with its words cut short and dotted: "Calif." / "California",
    "W. Va." / "West Virginia", "Md." / "Maryland" (a place, or the same label)."""
    if not all(form.endswith(".") for form in short.forms) or len(short.core) != len(full.core):
        return False
    if short.label != full.label and {short.label, full.label} - PLACE_LABELS:
        return False
    pairs = list(zip(short.core, full.core))
    if sum(len(s) for s, _ in pairs) < 2:
        return False
    return all(_abbreviates(s, f) for s, f in pairs) and any(len(s) < len(f) for s, f in pairs)


def _is_clipping(short: _Group, full: _Group) -> bool:
    """Whether *short*, after *full*, is the organisation *full* by the start of its first word:
    "Fed" / "Federal Reserve"."""
    word = short.core[0]
    return (len(short.core) == 1 and len(word) >= 3 and len(full.core) >= 2 and full.label == short.label == "ORG"
            and short.first > full.first and full.core[0].startswith(word) and full.core[0] != word)


def _abbreviates(short: str, word: str) -> bool:
    """Whether *short* is *word* with letters left out, first letter kept: "va" / "virginia"."""
    letters = iter(word[1:])
    return short[:1] == word[:1] and all(ch in letters for ch in short[1:])


def _runs(needle: list[str], haystack: list[str]) -> list[int]:
    width = len(needle)
    return [i for i in range(len(haystack) - width + 1) if haystack[i:i + width] == needle]


def _share_out(text: str, group: _Group, candidates: list[_Group], shared: dict[int, list[RawSpan]]) -> None:
    """Give each mention of an ambiguous short form to one candidate (rule 4 of the module docstring)."""
    by_salience = sorted(candidates, key=lambda c: (named_as_parent(text, c.spans), -len(c.spans), c.first))
    for span in group.spans:
        shared[id(_candidate_for(text, span, by_salience))].append(span)


def _candidate_for(text: str, span: RawSpan, by_salience: list[_Group]) -> _Group:
    """The candidate *span* stands for: a generation cue, else one named earlier in its
    sentence, else the most salient."""
    cue = generation_cue(text, span)
    if cue == "parent":
        return by_salience[-1]
    if cue == "child":
        return by_salience[0]
    earlier = [last for c in by_salience if (last := _last_before(c, span.start))]
    if earlier:
        last = max(earlier, key=lambda s: s.start)
        if not _SENTENCE_END.search(text, last.end, span.start):
            return next(c for c in by_salience if last in c.spans)
    return by_salience[0]


def _last_before(group: _Group, offset: int) -> RawSpan | None:
    i = bisect.bisect_left([s.start for s in group.spans], offset)
    return group.spans[i - 1] if i > 0 else None


def _build(text: str, root: _Group, groups: list[_Group], extra: list[RawSpan], notes: list[Ambiguity]) -> Cluster:
    spans = sorted([s for g in groups for s in g.spans] + extra, key=lambda s: s.start)
    name = canonical_form(root.forms)
    forms = Counter(text[s.start:s.end] for s in spans)
    aliases = [form for form, _ in forms.most_common() if form != name]
    label = root.label if root.label == "PERSON" else vote_label(spans)
    return Cluster(name, label, spans, aliases, notes)


def _name_candidates(clusters: list[Cluster], roots: list[_Group]) -> None:
    """Replace the candidate keys recorded in ambiguities by the candidates' canonical names."""
    names = {root.key: canonical_form(root.forms) for root in roots}
    for cluster in clusters:
        cluster.ambiguities = [Ambiguity(a.form, tuple(names[k] for k in a.candidates)) for a in cluster.ambiguities]


def vote_label(spans: list[RawSpan]) -> str:
    """The most common label of *spans*; a tie goes to the label seen first."""
    counts = Counter(s.label for s in spans)
    top = max(counts.values())
    return next(s.label for s in sorted(spans, key=lambda s: s.start) if counts[s.label] == top)


def canonical_form(forms: Counter[str]) -> str:
    """The spelling that names the entity: the most frequent, but never an ALL-CAPS one (from a
    headline or a dateline) when the article also writes it in mixed case, unless it is short
    enough to be an acronym ("NATO")."""
    mixed = Counter({f: n for f, n in forms.items() if not _shouted(f)})
    return _most_common(mixed or forms)


def _shouted(form: str) -> bool:
    return form.isupper() and sum(ch.isalpha() for ch in form) > 4


def _most_common(forms: Counter[str]) -> str:
    top = max(forms.values())
    return next(form for form, count in forms.items() if count == top)
