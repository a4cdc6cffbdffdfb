"""Scores for ``make eval``: span precision/recall/F1 and the coreference metrics MUC, B-cubed,
CEAF-e and CoNLL F1, as ../shared/eval/README.md ("How to score") defines them.

A clustering is a mapping from a mention (any hashable, here ``(doc_id, start, end)``) to its
cluster id. Key and response may hold different mentions: a mention missing from one side
shares nothing with any cluster of that side, as in the CoNLL-2012 scorer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from typing import NamedTuple

Clustering = Mapping[Hashable, Hashable]


class PRF(NamedTuple):
    """Precision, recall and F1 (each 0..1)."""

    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, float]:
        """The three figures, rounded to four places, for ``eval-results.json``."""
        return {"p": round(self.precision, 4), "r": round(self.recall, 4), "f1": round(self.f1, 4)}


def prf(precision_num: float, precision_den: float, recall_num: float, recall_den: float) -> PRF:
    """P, R and their harmonic mean from two fractions; an empty denominator gives 0."""
    precision = precision_num / precision_den if precision_den else 0.0
    recall = recall_num / recall_den if recall_den else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1)


def span_scores(gold: Iterable[Hashable], predicted: Iterable[Hashable]) -> PRF:
    """Exact-match P/R/F1 of two sets of spans (micro-averaged over whatever they hold)."""
    gold, predicted = set(gold), set(predicted)
    correct = len(gold & predicted)
    return prf(correct, len(predicted), correct, len(gold))


def clusters_of(clustering: Clustering) -> list[frozenset]:
    """The clusters of a mention → cluster-id mapping, as sets of mentions."""
    groups: dict[Hashable, set] = defaultdict(set)
    for mention, cluster in clustering.items():
        groups[cluster].add(mention)
    return [frozenset(group) for group in groups.values()]


def _muc_side(key: Clustering, response: Clustering) -> tuple[int, int]:
    """MUC recall numerator and denominator of *key* against *response*."""
    numerator = denominator = 0
    for cluster in clusters_of(key):
        parts = {response.get(m, ("unaligned", m)) for m in cluster}
        numerator += len(cluster) - len(parts)
        denominator += len(cluster) - 1
    return numerator, denominator


def muc(key: Clustering, response: Clustering) -> PRF:
    """MUC (Vilain et al. 1995): links kept, over links in key (recall) and response (precision)."""
    recall_num, recall_den = _muc_side(key, response)
    precision_num, precision_den = _muc_side(response, key)
    return prf(precision_num, precision_den, recall_num, recall_den)


def _b_cubed_side(key: Clustering, response: Clustering) -> tuple[float, int]:
    """B-cubed recall numerator (Σ over key mentions of |K∩R|/|K|) and the key mention count."""
    numerator = 0.0
    for cluster in clusters_of(key):
        overlaps: dict[Hashable, int] = defaultdict(int)
        for mention in cluster:
            if mention in response:
                overlaps[response[mention]] += 1
        numerator += sum(count * count for count in overlaps.values()) / len(cluster)
    return numerator, len(key)


def b_cubed(key: Clustering, response: Clustering) -> PRF:
    """B-cubed (Bagga & Baldwin 1998), averaged over mentions."""
    recall_num, recall_den = _b_cubed_side(key, response)
    precision_num, precision_den = _b_cubed_side(response, key)
    return prf(precision_num, precision_den, recall_num, recall_den)


def ceaf_e(key: Clustering, response: Clustering) -> PRF:
    """CEAF-e (Luo 2005): the best one-to-one alignment of clusters under φ4 = 2|K∩R| / (|K|+|R|).

    Only clusters that share a mention can gain from being aligned, so the alignment is solved
    separately on each connected group of overlapping clusters (the optimum is the same).
    """
    key_clusters, response_clusters = clusters_of(key), clusters_of(response)
    total = 0.0
    for key_group, response_group in _overlap_groups(key_clusters, response_clusters, response):
        matrix = [[_phi4(k, r) for r in response_group] for k in key_group]
        total += best_assignment_total(matrix)
    return prf(total, len(response_clusters), total, len(key_clusters))


def _phi4(key_cluster: frozenset, response_cluster: frozenset) -> float:
    return 2 * len(key_cluster & response_cluster) / (len(key_cluster) + len(response_cluster))


def _overlap_groups(key_clusters: list[frozenset], response_clusters: list[frozenset],
                    response: Clustering) -> list[tuple[list[frozenset], list[frozenset]]]:
    """Key and response clusters split into connected groups of clusters that share mentions."""
    response_index = {id(c): i for i, c in enumerate(response_clusters)}
    cluster_of_mention = {m: i for i, c in enumerate(response_clusters) for m in c}
    parent = list(range(len(key_clusters) + len(response_clusters)))

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for k, cluster in enumerate(key_clusters):
        for mention in cluster:
            if mention in response:
                r = len(key_clusters) + cluster_of_mention[mention]
                parent[find(k)] = find(r)
    groups: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    for k, cluster in enumerate(key_clusters):
        groups[find(k)][0].append(cluster)
    for cluster in response_clusters:
        root = find(len(key_clusters) + response_index[id(cluster)])
        groups[root][1].append(cluster)
    return [(ks, rs) for ks, rs in groups.values() if ks and rs]


def best_assignment_total(matrix: list[list[float]]) -> float:
    """The largest sum of a one-to-one choice of cells of *matrix* (rows × columns, any shape).

    The Hungarian method with potentials (shortest augmenting paths, O(n²m)), on costs
    ``-value``; scipy is not one of Margin's dependencies and the groups are small.
    """
    if not matrix or not matrix[0]:
        return 0.0
    transposed = len(matrix) > len(matrix[0])
    cost = [list(col) for col in zip(*matrix)] if transposed else matrix
    rows, cols = len(cost), len(cost[0])
    if rows == 1:
        return max(cost[0])
    inf = float("inf")
    u, v = [0.0] * (rows + 1), [0.0] * (cols + 1)
    match_of_col, way = [0] * (cols + 1), [0] * (cols + 1)
    for row in range(1, rows + 1):
        match_of_col[0], col0 = row, 0
        min_to, used = [inf] * (cols + 1), [False] * (cols + 1)
        while match_of_col[col0]:
            used[col0] = True
            row0, delta, col1 = match_of_col[col0], inf, 0
            for col in range(1, cols + 1):
                if not used[col]:
                    current = -cost[row0 - 1][col - 1] - u[row0] - v[col]
                    if current < min_to[col]:
                        min_to[col], way[col] = current, col0
                    if min_to[col] < delta:
                        delta, col1 = min_to[col], col
            for col in range(cols + 1):
                if used[col]:
                    u[match_of_col[col]] += delta
                    v[col] -= delta
                else:
                    min_to[col] -= delta
            col0 = col1
        while col0:
            col1 = way[col0]
            match_of_col[col0] = match_of_col[col1]
            col0 = col1
    return sum(cost[match_of_col[col] - 1][col - 1] for col in range(1, cols + 1) if match_of_col[col])


def coref_scores(key: Clustering, response: Clustering) -> dict[str, PRF]:
    """MUC, B-cubed, CEAF-e and CoNLL F1 (the mean of the three F1; its P and R are means too)."""
    scores = {"muc": muc(key, response), "b3": b_cubed(key, response), "ceafe": ceaf_e(key, response)}
    parts = list(scores.values())
    scores["conll"] = PRF(*(sum(s[i] for s in parts) / 3 for i in range(3)))
    return scores


def restrict_response(key: Clustering, response: Clustering) -> dict:
    """The response on the key's mentions: predicted mentions whose span is not a key mention
    are dropped, and every key mention the response missed becomes a singleton of its own."""
    return {m: response[m] if m in response else ("missed", m) for m in key}
