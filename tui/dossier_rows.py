"""What the dossier panel shows, as rows: the header, the mentions in this article, the other
articles (all, or one period of the timeline), the variants, the names seen with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets.option_list import Option

from nlp.text import one_line, shorten
from tui.labels import label_name

if TYPE_CHECKING:
    from nlp.dossier import Context, Dossier, OtherArticle
    from nlp.timeline import Period

STRIP_WIDTH = 20
"""Cells of the strip that shows where in the article the mentions fall."""
PAGE = 30
"""Other articles loaded at a time."""


def dossier_header(dossier: Dossier) -> Content:
    """Name and type; counts and the mention strip; aliases; ambiguities."""
    entity = dossier.entity
    parts: list = [(one_line(dossier.name), "bold"), ("  " + label_name(dossier.label), "italic dim")]
    if dossier.followed:
        parts.append(("  ● following", "bold"))
    counts = []
    if dossier.article_id is not None:
        here = len(dossier.in_article)
        counts.append(f"{here} here")
    counts.append(f"{entity.mention_count} in {entity.article_count} article{'s' * (entity.article_count != 1)}")
    parts += ["\n", " · ".join(counts)]
    if dossier.article_id is not None and dossier.in_article:
        parts += ["  ", mention_strip(dossier)]
    if dossier.aliases:
        parts += ["\n", ("Also: ", "dim"), one_line(", ".join(dossier.aliases))]
    for form, candidates in dossier.ambiguities:
        parts += ["\n", ("Ambiguous: ", "bold"), one_line(f"“{form}” could be {' or '.join(candidates)}")]
    if dossier.link == "fuzzy":
        parts += ["\n", ("Linked to the library by a similar spelling", "italic")]
    elif dossier.link == "short":
        parts += ["\n", ("Linked to the library's full name, which this article's names share", "italic")]
    return Content.assemble(*parts)


def mention_strip(dossier: Dossier, width: int = STRIP_WIDTH) -> str:
    """A bar marking where in the article the mentions fall: ``──┃───┃┃──``."""
    cells = ["─"] * width
    length = max(1, dossier.article_length)
    for context in dossier.in_article:
        cells[min(width - 1, context.start * width // length)] = "┃"
    return "".join(cells)


def dossier_rows(dossier: Dossier, width: int = 42,
                 period: tuple[Period, list[OtherArticle]] | None = None) -> list[Option]:
    """The selectable rows, under disabled section headings; contexts fit in *width* cells. With
    a *period* of the timeline, its articles take the place of the other articles.

    Each row's id names its section and what it points at (``m:start``, ``a:article:start``,
    ``more``, ``v:entity`` for a variant, ``r:entity`` for a related name, ``c:entity`` for a
    companion), so an entity that is both a possible variant and a companion has two distinct ids.
    """
    rows: list[Option] = []
    if dossier.in_article:
        rows.append(_heading("In this article"))
        rows += [Option(context_content(c, width), id=f"m:{c.start}") for c in dossier.in_article]
    if period is not None:
        rows += _period_rows(*period, width)
    else:
        rows += _other_article_rows(dossier, width)
    if dossier.variants:
        rows.append(_heading("Possible variants (similar spelling, unconfirmed)"))
        rows += [Option(Content.assemble(one_line(v.name), (f"  {label_name(v.label)} · {v.score:.0f}%", "dim")),
                        id=f"v:{v.entity_id}") for v in dossier.variants]
    if dossier.related:
        rows.append(_heading("Related names (kept apart)"))
        rows += [Option(Content.assemble(one_line(r.name), (f"  {label_name(r.label)} · {r.relation}", "dim")),
                        id=f"r:{r.entity_id}") for r in dossier.related]
    if dossier.companions:
        sampled = dossier.companions_among < dossier.entity.article_count
        rows.append(_heading(f"Appears with (in its {dossier.companions_among:,} newest articles)" if sampled
                             else "Appears with"))
        rows += [Option(Content.assemble(one_line(c.name), (f"  {c.shared_articles} article{'s' * (c.shared_articles != 1)}", "dim")),
                        id=f"c:{c.entity_id}") for c in dossier.companions]
    return rows


def _other_article_rows(dossier: Dossier, width: int) -> list[Option]:
    total = max(dossier.other_article_count, len(dossier.other_articles))
    rows = [_heading(f"In other articles ({total:,})")]
    if not dossier.other_articles:
        rows.append(Option(Content.styled("  not mentioned elsewhere in the library", "dim"), disabled=True))
    rows += [_article_row(other, width) for other in dossier.other_articles]
    if total > len(dossier.other_articles):
        more = total - len(dossier.other_articles)
        rows.append(Option(Content.styled(f"… {more:,} more: Enter shows the next {min(more, PAGE)}", "italic"),
                           id="more"))
    return rows


def _period_rows(period: Period, articles: list[OtherArticle], width: int) -> list[Option]:
    """The articles of a period of the timeline, under a heading naming it."""
    rows = [_heading(f"In {period.label} ({period.articles:,}) · Esc: all")]
    rows += [_article_row(other, width) for other in articles]
    if period.articles > len(articles):
        rows.append(Option(Content.styled(f"  … and {period.articles - len(articles):,} more", "dim"), disabled=True))
    return rows


def _article_row(other: OtherArticle, width: int) -> Option:
    prompt = Content.assemble((one_line(other.title), "bold"), (f"  ×{other.count}", "dim"), "\n",
                              context_content(other.context, width))
    return Option(prompt, id=f"a:{other.article_id}:{other.context.start}")


CONTEXT_WIDTH = 42
"""Cells a context line may take, so each mention fits on one line of the panel."""


def context_content(context: Context, width: int = CONTEXT_WIDTH) -> Content:
    """A mention in a one-line context, the name emphasised."""
    before, name, after = shorten(context.before, context.name, context.after, width)
    return Content.assemble((one_line(before), "dim"), (one_line(name), "bold underline"), (one_line(after), "dim"))


def _heading(text: str) -> Option:
    return Option(Content.styled(text, "bold reverse"), disabled=True)
