"""The dossier of an entity: everything the reader's side panel shows, built from the index.

Headless (no Textual), so it is tested and benchmarked on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nlp.index import COMPANION_SAMPLE, Index, IndexEntity, StoredArticle
from nlp.labels import label_family
from nlp.names import acronym_of, name_key
from nlp.short_forms import demonym_keys, initials_of, place_keys, surname_of

POSSIBLE_VARIANT_CUTOFF = 80.0
"""rapidfuzz ratio from which a differently spelled index entity is shown as a possible variant."""


@dataclass(frozen=True)
class Context:
    """A mention in a one-line context: ``before + name + after``."""

    article_id: int
    start: int
    """Offset of the mention in its article."""
    before: str
    name: str
    after: str


@dataclass(frozen=True)
class OtherArticle:
    """Another article of the library that mentions the entity."""

    article_id: int
    title: str
    count: int
    context: Context


@dataclass(frozen=True)
class Variant:
    """Another index entity whose name is spelled much like this one's: possibly the same."""

    entity_id: int
    name: str
    label: str
    score: float
    """rapidfuzz ratio of the two names' keys, 0-100."""


@dataclass(frozen=True)
class Related:
    """Another index entity whose name is formed from this one's: never merged, shown beside it."""

    entity_id: int
    name: str
    label: str
    relation: str
    """What the other entity is to this one: "place" (of a people or language: "French" ->
    France), "people" (the reverse), "full name?" (of a surname or initials, unconfirmed) or
    "short form?" (the reverse)."""


@dataclass(frozen=True)
class Companion:
    """Another index entity found in the same articles."""

    entity_id: int
    name: str
    label: str
    shared_articles: int
    """How many of the entity's articles (among those counted) also mention this one."""


@dataclass
class Dossier:
    """Cross-references of one entity, as seen from one article (or from the library)."""

    entity: IndexEntity
    name: str
    """The name to show: the article's canonical form, or the library's."""
    label: str
    aliases: list[str]
    """Spellings in this article first, then others seen in the library."""
    article_id: int | None
    article_length: int = 0
    in_article: list[Context] = field(default_factory=list)
    other_articles: list[OtherArticle] = field(default_factory=list)
    """The first page of them, most mentions first (:func:`other_articles_page` gives the next)."""
    other_article_count: int = 0
    """How many other articles mention the entity."""
    variants: list[Variant] = field(default_factory=list)
    """Possible, not certain: similar names of other index entities, with rapidfuzz scores."""
    related: list[Related] = field(default_factory=list)
    """Entities named from this one's name: its place, its people, full names or short forms."""
    companions: list[Companion] = field(default_factory=list)
    """Entities appearing in the same articles, with the number of shared articles."""
    companions_among: int = 0
    """How many of the entity's newest articles the companions were counted in (all of them
    unless it has more than :data:`nlp.index.COMPANION_SAMPLE`)."""
    ambiguities: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    link: str = "new"
    """How this article's name was linked to the index entity."""
    followed: bool = False
    """Whether the reader follows the entity (the dossier's ``f``)."""


def build_dossier(index: Index, entity_id: int, article: StoredArticle | None = None,
                  other_limit: int = 30) -> Dossier | None:
    """The dossier of index entity *entity_id*, seen from *article* if given."""
    entity = index.entity(entity_id)
    if entity is None:
        return None
    local = article.entities.get(entity_id) if article else None
    name = local.name if local else entity.name
    aliases = list(dict.fromkeys([*(local.aliases if local else []), *entity.aliases, entity.name]))
    dossier = Dossier(entity, name, local.label if local else entity.label, [a for a in aliases if a != name],
                      article.id if article else None, len(article.text) if article else 0)
    if article and local:
        dossier.ambiguities = local.ambiguities
        dossier.link = local.link
        dossier.in_article = [
            context_line(article.id, article.text, start, end, sent_start, sent_end)
            for start, end, sent_start, sent_end in index.article_mentions_of(article.id, entity_id)
        ]
    dossier.other_articles = other_articles_page(index, entity_id, dossier.article_id, limit=other_limit)
    dossier.other_article_count = entity.article_count - (1 if local else 0)
    dossier.variants = possible_variants(index, entity)
    dossier.related = related_entities(index, entity)
    dossier.companions = [Companion(*row) for row in index.companions(entity_id)]
    dossier.companions_among = min(entity.article_count, COMPANION_SAMPLE)
    dossier.followed = index.is_followed(entity_id)
    return dossier


def other_articles_page(index: Index, entity_id: int, exclude_article: int | None, offset: int = 0,
                        limit: int = 30) -> list[OtherArticle]:
    """Articles other than *exclude_article* mentioning the entity, most mentions first, from *offset*."""
    return _other_articles(index.articles_mentioning(entity_id, exclude_article, limit=limit, offset=offset))


def _other_articles(hits: list) -> list[OtherArticle]:
    page = []
    for hit in hits:
        context = context_line(hit.article_id, hit.context, hit.context_offset,
                               hit.context_offset + hit.end - hit.start, 0, len(hit.context))
        page.append(OtherArticle(hit.article_id, hit.title, hit.count,
                                 Context(hit.article_id, hit.start, context.before, context.name, context.after)))
    return page


def period_articles(index: Index, entity_id: int, first_day: str, last_day: str,
                    limit: int = 50) -> list[OtherArticle]:
    """Articles mentioning the entity dated from *first_day* to *last_day* (the timeline's
    period), newest first, each with its first mention in context."""
    return _other_articles(index.articles_mentioning_between(entity_id, first_day, last_day, limit))


def possible_variants(index: Index, entity: IndexEntity, limit: int = 8) -> list[Variant]:
    """Other index entities whose names are similar enough to be the same, best first."""
    matches = index.similar_names(name_key(entity.name), POSSIBLE_VARIANT_CUTOFF, limit=limit + 1)
    others = [(m.entity_id, m.score) for m in matches if m.entity_id != entity.id]
    rows = index.entities_by_id([entity_id for entity_id, _ in others])
    family = label_family(entity.label)
    variants = [Variant(entity_id, rows[entity_id][0], rows[entity_id][1], round(score, 1))
                for entity_id, score in others if entity_id in rows]
    return sorted(variants, key=lambda v: (label_family(v.label) != family, -v.score))[:limit]


RELATED_LIMIT = 6
"""Related entities shown at most."""
PEOPLE_LABELS = frozenset({"NORP", "LANGUAGE"})


def related_entities(index: Index, entity: IndexEntity) -> list[Related]:
    """Entities whose names are formed from *entity*'s, each with its relation (see :class:`Related`)."""
    key, family = name_key(entity.name), label_family(entity.label)
    related: dict[int, Related] = {}
    for relation, keys, fits in _related_forms(key, family, entity.name):
        for entity_id, name, label in index.entities_with_keys(keys):
            if entity_id != entity.id and fits(label):
                related.setdefault(entity_id, Related(entity_id, name, label, relation))
    for relation, ids in _full_names(index, key, family, entity.name):
        rows = index.entities_by_id([i for i in ids if i != entity.id and i not in related][:4 * RELATED_LIMIT])
        for entity_id, (name, label, _) in rows.items():
            if label_family(label) == family:
                related[entity_id] = Related(entity_id, name, label, relation)
    return list(related.values())[:RELATED_LIMIT]


def _related_forms(key: str, family: str, name: str):
    """(relation, candidate keys, label test) of the entities named from this name, found by key."""
    if family in PEOPLE_LABELS:
        yield "place", place_keys(key), lambda label: label_family(label) == "PLACE"
    if family == "PLACE":
        yield "people", demonym_keys(key), lambda label: label in PEOPLE_LABELS
    same = lambda label: label_family(label) == family  # noqa: E731
    if family == "PERSON" and surname_of(key, family):
        yield "short form?", [surname_of(key, family)], same
    initials = sorted(initials_of(key, family))
    if initials:
        yield "short form?", initials, same


def _full_names(index: Index, key: str, family: str, name: str):
    """(relation, entity ids) of the full names this name may be a short form of."""
    acronym = acronym_of(name)
    if acronym is not None:
        yield "full name?", index.full_names_of(acronym, surname=False)
    elif family == "PERSON" and " " not in key:
        yield "full name?", index.full_names_of(key, surname=True)


def context_line(article_id: int, text: str, start: int, end: int, sent_start: int, sent_end: int) -> Context:
    """The mention at [start, end) with the rest of its sentence (``text[sent_start:sent_end]``)
    on each side, each part on one line. :func:`nlp.text.shorten` fits it to a width."""
    return Context(article_id, start, _one_line(text[sent_start:start]), _one_line(text[start:end]),
                   _one_line(text[end:sent_end]))


def _one_line(text: str) -> str:
    return " ".join(text.split()) if "\n" in text or "  " in text else text
