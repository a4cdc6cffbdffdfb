"""How many corrections (issue 14: merge, split, rename, retype, not-a-name) a reader would need to
turn Margin's library into the gold grouping of a dev set: fewer is better.

Counted over the documents pooled, as a library is, on the gold mentions Margin found with the
exact span (a missed name cannot be corrected; a name found with another span is spurious):

- **merge**: for each gold entity, the Margin entities holding its mentions, minus one
  (``margin merge`` of each extra entity into one of them);
- **split**: for each Margin entity, the gold entities among its mentions, minus one (a split
  takes one part away; a lower bound when a part's mentions share no alias and no article);
- **retype**: where the gold is typed, each Margin entity (once split into its gold entities)
  whose type, as a CoNLL type, is not the type most of its gold mentions carry;
- **rename**: each gold entity none of whose Margin entities is named by its title (Wikipedia's,
  without underscores or parenthesis) and none of whose mentions a split takes away (a split
  names what it takes); counted only where the gold writes that title as a mention of it
  ("German" linked to "Germany" needs no rename);
- **not a name**: where the gold marks every name (not the partial sets), the texts Margin
  marks that are never a gold mention's text (one correction unmarks a text everywhere);
  texts that are elsewhere a real name cannot be unmarked this way and are not counted.

Gold mentions without an entity (NIL) take part only in "not a name" (they are names).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from eval_score import Dataset

KINDS = ("merge", "split", "rename", "retype", "not-a-name")


def corrections_needed(dataset: Dataset) -> dict[str, int | None]:
    """{kind: corrections needed} for *dataset*, None where the gold cannot tell (see the module)."""
    parts = _parts(dataset)
    counts: dict[str, int | None] = {
        "merge": sum(len(clusters) - 1 for clusters in _group(parts, by=1).values()),
        "split": sum(len(entities) - 1 for entities in _group(parts, by=0).values()),
        "rename": _renames(dataset, parts),
        "retype": _retypes(dataset, parts) if dataset.typed else None,
        "not-a-name": None if dataset.partial else _not_names(dataset),
    }
    return counts


def _parts(dataset: Dataset) -> dict[tuple[int, str], list]:
    """{(Margin entity, gold entity): the gold mentions found that both hold}."""
    parts: dict[tuple[int, str], list] = defaultdict(list)
    for key, gold in dataset.gold.items():
        predicted = dataset.predicted.get(key)
        if gold.entity is not None and predicted is not None:
            parts[(predicted.entity, gold.entity)].append(key)
    return parts


def _group(parts: dict, by: int) -> dict[object, set]:
    groups: dict[object, set] = defaultdict(set)
    for pair in parts:
        groups[pair[by]].add(pair[1 - by])
    return groups


def _retypes(dataset: Dataset, parts: dict) -> int:
    count = 0
    for (entity, _), mentions in parts.items():
        gold_type = Counter(dataset.gold[m].type for m in mentions).most_common(1)[0][0]
        predicted = dataset.predicted[mentions[0]].type
        count += predicted != gold_type
    return count


def _renames(dataset: Dataset, parts: dict) -> int:
    written = defaultdict(set)
    for gold in dataset.gold.values():
        if gold.entity is not None:
            written[gold.entity].add(_key(gold.text))
    largest = {}
    for (entity, gold_entity), mentions in parts.items():
        if len(mentions) > len(parts.get((entity, largest.get(entity)), ())):
            largest[entity] = gold_entity
    count = 0
    for gold_entity, entities in _group(parts, by=1).items():
        title = _key(title_name(gold_entity))
        if title not in written[gold_entity]:
            continue
        named = any(_key(dataset.entity_names.get(entity, "")) == title for entity in entities)
        split_off = any(largest[entity] != gold_entity for entity in entities)
        count += not named and not split_off
    return count


def _not_names(dataset: Dataset) -> int:
    names = {_key(g.text) for g in dataset.gold.values()}
    return len({_key(p.text) for k, p in dataset.predicted.items() if k not in dataset.gold} - names)


def title_name(title: str) -> str:
    """A Wikipedia title as a name: "Bill_Clinton" → "Bill Clinton", "Georgia_(country)" → "Georgia"."""
    name = title.split(":", 1)[1] if title.startswith("de:") else title
    name = name.replace("_", " ")
    return name.split(" (", 1)[0].strip()


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def corrections_line(counts: dict[str, int | None]) -> str:
    """One line of the per-dataset table: each kind's count ("—" where the gold cannot tell) and the total."""
    cells = [f"{kind} {'—' if counts[kind] is None else f'{counts[kind]:,}'}" for kind in KINDS]
    total = sum(v for v in counts.values() if v is not None)
    return f"    {' · '.join(cells)} · total {total:,}"


def corrections_table(results: dict) -> str:
    """Every dev set's counts as one Markdown table (for the README)."""
    lines = ["| dev set | " + " | ".join(KINDS) + " | total | per 100 gold mentions |",
             "|---|" + "---:|" * (len(KINDS) + 2)]
    for name, figures in sorted(results["datasets"].items(), key=lambda item: (item[1]["partial"], item[0])):
        counts = figures["corrections"]
        total = sum(v for v in counts.values() if v is not None)
        cells = ["—" if counts[kind] is None else f"{counts[kind]:,}" for kind in KINDS]
        per_100 = 100 * total / figures["gold_mentions"] if figures["gold_mentions"] else 0
        label = f"{name} (partial)" if figures["partial"] else name
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {total:,} | {per_100:.1f} |")
    return "\n".join(lines)
