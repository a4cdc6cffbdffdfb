"""Scoring one gold file against what Margin's library says about the same articles
(``margin export --json``), beside the exact-name baseline. See ../shared/eval/README.md.

Mentions are ``(doc_id, start, end)`` with offsets into the gold text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from eval_metrics import PRF, b_cubed, coref_scores, restrict_response, span_scores

PARTIAL_SETS = frozenset({"ace2004", "aquaint", "rss500"})
"""Gold that marks only some names per article: recall and linking only, never precision."""
GOLD_TYPES = ("PER", "ORG", "LOC", "MISC")
SPACY_TO_GOLD = {
    "PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "EVENT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC", "PRODUCT": "MISC",
}
"""spaCy's OntoNotes labels as the CoNLL-2003 types; labels not here (DATE, CARDINAL...) are dropped."""

Mention = tuple[str, int, int]


@dataclass
class GoldMention:
    """One gold mention."""

    text: str
    entity: str | None
    type: str | None


@dataclass
class PredictedMention:
    """One mention in Margin's library, on gold offsets."""

    text: str
    entity: int
    """Margin's library-wide entity id."""
    type: str
    """The entity's label, mapped to PER/ORG/LOC/MISC."""


@dataclass
class Dataset:
    """A gold file and Margin's answer on its articles."""

    name: str
    texts: dict[str, str]
    """Document id → gold text."""
    gold: dict[Mention, GoldMention]
    predicted: dict[Mention, PredictedMention] = field(default_factory=dict)
    entity_names: dict[int, str] = field(default_factory=dict)
    """Margin's canonical name of each entity id."""

    @property
    def partial(self) -> bool:
        """Whether the gold marks only some names (no precision for detection)."""
        return self.name in PARTIAL_SETS

    @property
    def typed(self) -> bool:
        """Whether the gold gives every mention a type."""
        return bool(self.gold) and all(m.type for m in self.gold.values())


def gold_dataset(name: str, documents: list[dict]) -> Dataset:
    """A :class:`Dataset` from the parsed lines of a gold file."""
    texts, gold = {}, {}
    for doc in documents:
        texts[doc["id"]] = doc["text"]
        for m in doc["mentions"]:
            gold[(doc["id"], m["start"], m["end"])] = GoldMention(m["text"], m["entity"], m.get("type"))
    return Dataset(name, texts, gold)


def add_predictions(dataset: Dataset, doc_id: str, article: dict, labels: dict[int, str],
                    to_gold: Callable[[int], int | None]) -> None:
    """Record the mentions of an exported *article* (``margin export --json``) for *doc_id*.

    *labels* gives each entity id's label; *to_gold* maps an offset of the stored text to the
    gold text (None where the gold text has no such place). Numeric labels are dropped.
    """
    text = dataset.texts[doc_id]
    for m in article["mentions"]:
        gold_type = SPACY_TO_GOLD.get(labels.get(m["entity"], ""))
        start, end = to_gold(m["start"]), to_gold(m["end"])
        if gold_type is None or start is None or end is None or start >= end:
            continue
        dataset.predicted[(doc_id, start, end)] = PredictedMention(text[start:end], m["entity"], gold_type)


def detection_scores(dataset: Dataset) -> dict[str, PRF]:
    """Exact-span P/R/F1 over all mentions, and per gold type where the gold is typed."""
    scores = {"all": span_scores(dataset.gold, dataset.predicted)}
    if dataset.typed:
        scores["typed"] = span_scores(((k, g.type) for k, g in dataset.gold.items()),
                                      ((k, p.type) for k, p in dataset.predicted.items()))
        for gold_type in GOLD_TYPES:
            scores[gold_type] = span_scores((k for k, g in dataset.gold.items() if g.type == gold_type),
                                            (k for k, p in dataset.predicted.items() if p.type == gold_type))
    return scores


def key_within(dataset: Dataset) -> dict[Mention, tuple]:
    """Gold non-NIL mentions clustered by entity inside each document."""
    return {k: (k[0], g.entity) for k, g in dataset.gold.items() if g.entity is not None}


def key_across(dataset: Dataset, types: frozenset[str] | None = None) -> dict[Mention, str]:
    """Gold non-NIL mentions clustered by entity over all documents (of *types* only, if given)."""
    return {k: g.entity for k, g in dataset.gold.items()
            if g.entity is not None and (types is None or g.type in types)}


def margin_response(dataset: Dataset, within: bool) -> dict[Mention, object]:
    """Margin's clusters: its entity ids, split per document when *within*."""
    return {k: (k[0], p.entity) if within else p.entity for k, p in dataset.predicted.items()}


def baseline_response(dataset: Dataset, within: bool) -> dict[Mention, object]:
    """The exact-name baseline on Margin's spans: identical text is one cluster (per document
    when *within*, everywhere otherwise)."""
    return {k: (k[0], p.text) if within else p.text for k, p in dataset.predicted.items()}


def clustering_scores(dataset: Dataset) -> dict[str, dict[str, dict[str, PRF]]]:
    """Within- and cross-article MUC, B-cubed, CEAF-e and CoNLL F1 for Margin and the baseline.

    Two views of the same grouping: on every gold mention ("within", "across": the response is
    restricted to the gold mentions and each one Margin missed is a singleton, as the gold
    README says) and on the gold mentions Margin found ("within_found", "across_found": the
    figures issue 13 states its targets in), which keeps missed names out of the grouping score.
    """
    found = set(dataset.predicted)
    results: dict[str, dict[str, dict[str, PRF]]] = {}
    for scope, key in (("within", key_within(dataset)), ("across", key_across(dataset))):
        for suffix, scoped_key in (("", key), ("_found", {k: v for k, v in key.items() if k in found})):
            results[scope + suffix] = {
                system: coref_scores(scoped_key, restrict_response(scoped_key, response(dataset, scope == "within")))
                for system, response in (("margin", margin_response), ("baseline", baseline_response))
            }
            if dataset.typed and scope == "across":
                per_org = {k: v for k, v in key_across(dataset, frozenset({"PER", "ORG"})).items()
                           if k in scoped_key}
                for system, response in (("margin", margin_response), ("baseline", baseline_response)):
                    results[scope + suffix][system]["b3_per_org"] = b_cubed(
                        per_org, restrict_response(per_org, response(dataset, False)))
    return results


def key_links(dataset: Dataset) -> dict[str, int]:
    """Per clustering scope, the gold's links (Σ |cluster| − 1): without any, MUC has nothing to count."""
    found = set(dataset.predicted)
    links = {}
    for scope, key in (("within", key_within(dataset)), ("across", key_across(dataset))):
        for suffix, keep in (("", lambda k: True), ("_found", found.__contains__)):
            sizes = Counter(cluster for k, cluster in key.items() if keep(k))
            links[scope + suffix] = sum(size - 1 for size in sizes.values())
    return links


def score(dataset: Dataset) -> dict:
    """Every figure for *dataset*, as :class:`PRF` values, and the gold's link counts."""
    return {"detection": detection_scores(dataset), **clustering_scores(dataset), "links": key_links(dataset)}
