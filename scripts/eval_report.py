"""What ``make eval`` shows: one table per dataset, ``eval-results.json``, and the error report
``eval-errors.md`` (most frequent missed and spurious names, wrong merges and wrong splits)."""

from __future__ import annotations

import time
from collections import Counter, defaultdict

from eval_metrics import PRF
from eval_score import GOLD_TYPES, Dataset, Mention

CLUSTER_METRICS = (("muc", "MUC"), ("b3", "B³"), ("ceafe", "CEAF-e"), ("conll", "CoNLL F1"))
TOP = 15
"""Entries per list of the error report."""
CONTEXT = 45
"""Characters of context either side of a name in the error report."""


def _cell(score: PRF | None, partial: bool = False) -> str:
    if score is None:
        return ""
    precision = "    —" if partial else f"{score.precision:.3f}"
    f1 = "    —" if partial else f"{score.f1:.3f}"
    return f"{precision}  {score.recall:.3f}  {f1}"


def format_table(dataset: Dataset, scores: dict) -> str:
    """The dataset's figures as a plain-text table (P / R / F1 per row)."""
    kind = ("partial gold: mention recall and linking only, no precision" if dataset.partial
            else "typed gold" if dataset.typed else "untyped gold")
    lines = [f"\n{dataset.name}: {len(dataset.texts)} documents, {len(dataset.gold):,} gold mentions ({kind})",
             f"  {'':34} {'Margin P / R / F1':<21}   {'exact-name P / R / F1':<21}"]
    lines.append("  mention detection, exact span (the baseline uses Margin's spans)")
    detection = scores["detection"]
    for name in ("all", "typed", *GOLD_TYPES):
        if name in detection:
            label = {"all": "all names", "typed": "span and type"}.get(name, f"  {name}")
            lines.append(f"    {label:<32} {_cell(detection[name], dataset.partial)}")
    for scope, title in (("within", "within-article grouping, all gold mentions (missed ones as singletons)"),
                         ("within_found", "within-article grouping, gold mentions found (issue 13's figure)"),
                         ("across", "cross-article linking, documents pooled, all gold mentions"),
                         ("across_found", "cross-article linking, documents pooled, gold mentions found")):
        lines.append(f"  {title}: {scores['links'][scope]:,} gold links")
        margin, baseline = scores[scope]["margin"], scores[scope]["baseline"]
        rows = [*CLUSTER_METRICS] + ([("b3_per_org", "B³ on PER and ORG only")] if "b3_per_org" in margin else [])
        for key, label in rows:
            lines.append(f"    {label:<32} {_cell(margin[key])}   {_cell(baseline[key])}")
        if not scores["links"][scope]:
            lines.append("    (the gold has no links here: MUC is 0 by definition, and so pulls CoNLL F1 down)")
    if "corrections" in scores:
        from eval_corrections import corrections_line

        lines.append("  corrections a reader would need to reach the gold grouping (fewer is better)")
        lines.append(corrections_line(scores["corrections"]))
    return "\n".join(lines)


def results_json(scored: list[tuple[Dataset, dict]], limit: int | None) -> dict:
    """Every figure as JSON-ready data, per dataset."""
    def convert(value):
        if isinstance(value, PRF):
            return value.as_dict()
        return {k: convert(v) for k, v in value.items()} if isinstance(value, dict) else value

    datasets = {}
    for dataset, scores in scored:
        figures = convert(scores)
        if dataset.partial:
            for detection in figures["detection"].values():
                detection["p"] = detection["f1"] = None
        datasets[dataset.name] = {"documents": len(dataset.texts), "gold_mentions": len(dataset.gold),
                                  "predicted_mentions": len(dataset.predicted), "partial": dataset.partial,
                                  **figures}
    return {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "limit": limit, "datasets": datasets}


def summary_table(results: dict) -> str:
    """The headline figures of :func:`results_json` as one Markdown table (for the README)."""
    def f1(figures: dict, scope: str, metric: str) -> str:
        return f"{figures[scope]['margin'][metric]['f1']:.3f} ({figures[scope]['baseline'][metric]['f1']:.3f})"

    def b3(figures: dict, system: str) -> str:
        score = figures["across_found"][system]["b3"]
        return f"{score['f1']:.3f} ({score['p']:.3f} / {score['r']:.3f})"

    lines = ["| dev set | mentions P / R / F1 | within-article CoNLL F1: found · all (baseline) "
             "| cross-article B³ F1 (P / R), found | baseline | cross-article CoNLL F1: found · all (baseline) |",
             "|---|---|---|---|---|---|"]
    for name, figures in sorted(results["datasets"].items(), key=lambda item: (item[1]["partial"], item[0])):
        detection = figures["detection"]["all"]
        if figures["partial"]:
            spans, name = f"— / {detection['r']:.3f} / —", f"{name} (partial)"
        else:
            spans = f"{detection['p']:.3f} / {detection['r']:.3f} / {detection['f1']:.3f}"
        lines.append(f"| {name} | {spans} | {f1(figures, 'within_found', 'conll')} · {f1(figures, 'within', 'conll')} "
                     f"| {b3(figures, 'margin')} | {b3(figures, 'baseline')} "
                     f"| {f1(figures, 'across_found', 'conll')} · {f1(figures, 'across', 'conll')} |")
    return "\n".join(lines)


def context(dataset: Dataset, mention: Mention) -> str:
    """The mention in its line of text, marked ``[[...]]``, cut to :data:`CONTEXT` either side."""
    doc_id, start, end = mention
    text = dataset.texts[doc_id]
    before = text[max(0, start - CONTEXT):start].split("\n")[-1]
    after = text[end:end + CONTEXT].split("\n")[0]
    return f"…{before}[[{text[start:end]}]]{after}…".replace("|", "\\|").replace("`", "'")


def error_report(datasets: list[Dataset]) -> str:
    """``eval-errors.md``: per dataset, the most frequent errors with an example of each."""
    out = ["# Margin entity errors on the gold dev sets", "",
           "Written by `make eval` (scripts/eval.py). Counts are mentions; each row shows one example.", ""]
    for dataset in datasets:
        out += [f"## {dataset.name}", ""]
        out += _name_table("Missed names (gold span not found exactly)", dataset, missed(dataset))
        if not dataset.partial:
            out += _name_table("Spurious names (found, not a gold span)", dataset, spurious(dataset))
        out += _group_table("Wrong merges within an article (one Margin group, several gold entities)",
                            dataset, wrong_merges(dataset, within=True))
        out += _group_table("Wrong splits within an article (one gold entity, several Margin groups)",
                            dataset, wrong_splits(dataset, within=True))
        out += _group_table("Wrong merges across articles (one library entity, several gold entities)",
                            dataset, wrong_merges(dataset, within=False))
        out += _group_table("Wrong splits across articles (one gold entity, several library entities)",
                            dataset, wrong_splits(dataset, within=False))
    return "\n".join(out) + "\n"


def missed(dataset: Dataset) -> dict[str, list[Mention]]:
    """Gold mentions Margin did not find with the exact span, by name."""
    return _unmatched(dataset.gold, dataset.predicted)


def spurious(dataset: Dataset) -> dict[str, list[Mention]]:
    """Margin's mentions whose span is not a gold mention, by name."""
    return _unmatched(dataset.predicted, dataset.gold)


def _unmatched(mentions: dict, others: dict) -> dict[str, list[Mention]]:
    """The keys of *mentions* that are not in *others*, by the mention's text."""
    names = defaultdict(list)
    for key, mention in mentions.items():
        if key not in others:
            names[mention.text].append(key)
    return names


def _name_table(title: str, dataset: Dataset, names: dict[str, list[Mention]]) -> list[str]:
    total = sum(map(len, names.values()))
    lines = [f"### {title}: {total:,}", "", "| count | name | example article | context |", "|---:|---|---|---|"]
    for name, mentions in sorted(names.items(), key=lambda item: (-len(item[1]), item[0]))[:TOP]:
        example = mentions[0]
        lines.append(f"| {len(mentions)} | {_md(name)} | {example[0]} | {context(dataset, example)} |")
    return lines + [""]


def _linked(dataset: Dataset, within: bool) -> list[tuple[Mention, object, object]]:
    """(mention, gold cluster, Margin cluster) for every non-NIL gold mention Margin found."""
    rows = []
    for key, gold in dataset.gold.items():
        predicted = dataset.predicted.get(key)
        if gold.entity is not None and predicted is not None:
            scope = (key[0],) if within else ()
            rows.append((key, (*scope, gold.entity), (*scope, predicted.entity)))
    return rows


def wrong_merges(dataset: Dataset, within: bool) -> list[tuple[int, str, Mention]]:
    """Margin clusters holding mentions of several gold entities: (mentions outside the largest
    gold entity, description, example mention), largest first."""
    return _mixed(_linked(dataset, within), dataset, by=2, of=1, verb="joins")


def wrong_splits(dataset: Dataset, within: bool) -> list[tuple[int, str, Mention]]:
    """Gold entities whose mentions Margin put in several clusters, as :func:`wrong_merges`."""
    return _mixed(_linked(dataset, within), dataset, by=1, of=2, verb="is split into")


def _mixed(rows: list, dataset: Dataset, by: int, of: int, verb: str) -> list[tuple[int, str, Mention]]:
    """Groups rows by column *by*; a group whose rows fall in several values of column *of* is
    an error, weighed by the mentions outside its largest part."""
    groups: dict[object, list] = defaultdict(list)
    for row in rows:
        groups[row[by]].append(row)
    errors = []
    for cluster, members in groups.items():
        parts: dict[object, list[Mention]] = defaultdict(list)
        for row in members:
            parts[row[of]].append(row[0])
        if len(parts) < 2:
            continue
        sizes = sorted((len(m) for m in parts.values()), reverse=True)
        described = "; ".join(_describe(dataset, part, mentions, of) for part, mentions in
                              sorted(parts.items(), key=lambda item: -len(item[1]))[:4])
        owner = _describe(dataset, cluster, [r[0] for r in members], by)
        example = min((mentions for mentions in parts.values()), key=len)[0]
        errors.append((sum(sizes[1:]), f"{owner} {verb} {described}", example))
    return sorted(errors, key=lambda e: (-e[0], e[1]))


def _describe(dataset: Dataset, cluster: tuple, mentions: list[Mention], column: int) -> str:
    """A cluster as its most common name, its id, its mention and article counts."""
    name = Counter(dataset.gold[m].text for m in mentions).most_common(1)[0][0]
    ident = cluster[-1]
    label = f"gold {ident}" if column == 1 else f"Margin #{ident} {dataset.entity_names.get(ident, '')!r}"
    articles = len({m[0] for m in mentions})
    return f"\"{name}\" ({label}, {_count(len(mentions), 'mention')} in {_count(articles, 'article')})"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _group_table(title: str, dataset: Dataset, errors: list[tuple[int, str, Mention]]) -> list[str]:
    total = sum(e[0] for e in errors)
    lines = [f"### {title}: {len(errors):,} ({total:,} mentions outside the largest part)", "",
             "| mentions | what | example article | context |", "|---:|---|---|---|"]
    for weight, described, example in errors[:TOP]:
        lines.append(f"| {weight} | {_md(described)} | {example[0]} | {context(dataset, example)} |")
    return lines + [""]


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
