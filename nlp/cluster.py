"""Grouping one article's mentions into entities, each with a canonical name and aliases.

The rules, in order:

1. **Spelling variants.** Mentions whose names share a key (:func:`nlp.names.name_key`) are one
   group: "Al Qaeda", "al-Qaeda", "Al-Qaeda". Groups of the same label whose keys are near-identical
   (rapidfuzz ratio >= ``SPELLING_VARIANT_CUTOFF``, same number of words, at least 6 letters) join too:
   "Badakshan" / "Badakhshan".
2. **Label by vote.** A group's label is its mentions' most common label; a tie goes to the label
   seen first. The same is done again for each finished entity.
3. **Short forms join full names.** Groups are taken longest first. A group joins an earlier,
   longer one (a *full name*) when it is:
   - an acronym of it: "US" / "U.S." -> "United States", "NRF" -> "National Resistance Front";
   - a contiguous run of its words, generational suffixes aside, with a compatible label:
     "bin Laden" -> "Osama bin Laden", "Saleh" -> "Amrullah Saleh", "Massoud Jr." -> "Ahmad Massoud".
     For people any run counts; for other types only a leading or trailing run of the same label,
     and not of a name joined by a function word ("Panjshir" is not "Lion of Panjshir").
4. **Ambiguous short forms.** When a short form fits two or more full names ("Massoud" after both
   "Ahmad Massoud" and "Ahmad Shah Massoud"), each of its mentions goes to the candidate mentioned
   most recently before it (news style introduces a person in full, then uses the surname), or,
   with none before it, to the first candidate mentioned after it. The ambiguity is recorded on
   every candidate (:attr:`Cluster.ambiguities`), so readers are told rather than misled.
5. **Canonical name.** The most frequent spelling among the longest forms; every other spelling
   in the entity is an alias.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from nlp.names import NAME_PARTICLES, acronym_of, core_tokens, initials, name_key
from nlp.raw import RawSpan

SPELLING_VARIANT_CUTOFF = 90.0
"""Minimum rapidfuzz ratio for two spellings in one article to be taken as one name."""


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

    @property
    def first(self) -> int:
        return self.spans[0].start


def cluster_mentions(text: str, spans: list[RawSpan]) -> list[Cluster]:
    """Cluster the cleaned *spans* of *text* into entities, ordered by first mention."""
    groups = _merge_variants(_group_by_key(text, spans))
    order = sorted(groups, key=lambda g: (-len(g.core), -len(g.key), g.first))
    roots: list[_Group] = []
    members: dict[int, list[_Group]] = {}
    shared: dict[int, list[RawSpan]] = {}
    ambiguities: dict[int, list[Ambiguity]] = {}
    for group in order:
        candidates = [root for root in roots if _is_short_form(group, root)]
        if not candidates:
            roots.append(group)
            members[id(group)] = [group]
            shared[id(group)] = []
        elif len(candidates) == 1:
            members[id(candidates[0])].append(group)
        else:
            _share_out(group, candidates, shared)
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


def _merge_variants(groups: list[_Group]) -> list[_Group]:
    """Join groups whose keys differ by a letter or two ("Badakshan" / "Badakhshan")."""
    merged: list[_Group] = []
    for group in sorted(groups, key=lambda g: -len(g.spans)):
        match = next((m for m in merged if _is_variant(group, m)), None)
        if match is None:
            merged.append(group)
            continue
        match.spans = sorted(match.spans + group.spans, key=lambda s: s.start)
        match.forms.update(group.forms)
    return merged


def _is_variant(a: _Group, b: _Group) -> bool:
    if a.label != b.label or len(a.core) != len(b.core) or min(len(a.key), len(b.key)) < 6:
        return False
    return fuzz.ratio(a.key, b.key) >= SPELLING_VARIANT_CUTOFF


def _is_short_form(short: _Group, full: _Group) -> bool:
    """Whether *short* can stand for *full* (rule 3 of the module docstring)."""
    acronym = next((acronym_of(form) for form in short.forms if acronym_of(form)), None)
    if acronym and len(full.core) > 1 and acronym in set().union(*(initials(f) for f in full.forms)):
        return True
    if len(short.core) >= len(full.core) or short.core[-1] in NAME_PARTICLES:
        return False
    positions = _runs(short.core, full.core)
    if not positions:
        return False
    if full.label == "PERSON":
        return "PERSON" in {s.label for s in short.spans}
    if any(token in NAME_PARTICLES for token in full.core):
        return False
    edges = {0, len(full.core) - len(short.core)}
    return short.label == full.label and any(p in edges for p in positions)


def _runs(needle: list[str], haystack: list[str]) -> list[int]:
    width = len(needle)
    return [i for i in range(len(haystack) - width + 1) if haystack[i:i + width] == needle]


def _share_out(group: _Group, candidates: list[_Group], shared: dict[int, list[RawSpan]]) -> None:
    """Give each mention of an ambiguous short form to the nearest candidate before it."""
    starts = {id(c): [s.start for s in c.spans] for c in candidates}
    for span in group.spans:
        best = max(candidates, key=lambda c: _recency(starts[id(c)], span.start))
        shared[id(best)].append(span)


def _recency(starts: list[int], offset: int) -> tuple[int, int]:
    """Sort key: a candidate mentioned just before *offset* beats one mentioned long before,
    and any mentioned before beats one mentioned only after (earliest after first)."""
    i = bisect.bisect_left(starts, offset)
    if i > 0:
        return (1, starts[i - 1])
    return (0, -starts[0])


def _build(text: str, root: _Group, groups: list[_Group], extra: list[RawSpan], notes: list[Ambiguity]) -> Cluster:
    spans = sorted([s for g in groups for s in g.spans] + extra, key=lambda s: s.start)
    name = _most_common(root.forms)
    forms = Counter(text[s.start:s.end] for s in spans)
    aliases = [form for form, _ in forms.most_common() if form != name]
    return Cluster(name, vote_label(spans), spans, aliases, notes)


def _name_candidates(clusters: list[Cluster], roots: list[_Group]) -> None:
    """Replace the candidate keys recorded in ambiguities by the candidates' canonical names."""
    names = {root.key: _most_common(root.forms) for root in roots}
    for cluster in clusters:
        cluster.ambiguities = [Ambiguity(a.form, tuple(names[k] for k in a.candidates)) for a in cluster.ambiguities]


def vote_label(spans: list[RawSpan]) -> str:
    """The most common label of *spans*; a tie goes to the label seen first."""
    counts = Counter(s.label for s in spans)
    top = max(counts.values())
    return next(s.label for s in sorted(spans, key=lambda s: s.start) if counts[s.label] == top)


def _most_common(forms: Counter[str]) -> str:
    top = max(forms.values())
    return next(form for form, count in forms.items() if count == top)
