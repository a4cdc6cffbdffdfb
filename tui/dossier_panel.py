"""The dossier panel: an entity's cross-references, each one a keyboard-selectable row."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from nlp.dossier import Context, Dossier
from tui.labels import label_name
from tui.safe import one_line

STRIP_WIDTH = 20
"""Cells of the strip that shows where in the article the mentions fall."""
PAGE = 30
"""Other articles loaded at a time."""


class DossierPanel(Vertical):
    """Shows a :class:`nlp.dossier.Dossier`; posts a message when a row is chosen."""

    SCOPED_CSS = False  # the rules name the reader screen's states
    DEFAULT_CSS = """
    #dossier {
        display: none;
        dock: right;
        width: 46;
        height: 1fr;
        border-left: vkey $foreground 20%;
        padding: 0 1;
    }
    ReaderScreen.-dossier-open #dossier {
        display: block;
    }
    ReaderScreen.-narrow #dossier {
        dock: bottom;
        width: 1fr;
        height: 55%;
        border-left: none;
        border-top: hkey $foreground 20%;
    }
    #dossier-header {
        height: auto;
        margin-bottom: 1;
    }
    ReaderScreen.-narrow #dossier-header {
        margin-bottom: 0;
    }
    #dossier-rows {
        height: 1fr;
        border: none;
        padding: 0;
    }
    #entity-dossier {
        padding: 0 2;
    }
    """

    BINDINGS = [
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
    ]

    @dataclass
    class MentionChosen(Message):
        """Jump the article to the mention at *start*."""

        start: int

    @dataclass
    class ArticleChosen(Message):
        """Open another article at the mention at *start*."""

        article_id: int
        start: int

    @dataclass
    class EntityChosen(Message):
        """Show the dossier of another library entity."""

        entity_id: int

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.dossier: Dossier | None = None
        self._pending: tuple[Dossier | None, str] | None = None
        self._ready = False  # set in on_mount: ``is_mounted`` is only true once on_mount has returned

    def compose(self) -> ComposeResult:
        yield Static(id="dossier-header", markup=False)
        yield OptionList(id="dossier-rows", markup=False)

    def on_mount(self) -> None:
        self._ready = True
        if self._pending is not None:
            self.show(*self._pending)

    def show(self, dossier: Dossier | None, message: str = "") -> None:
        """Fill the panel with *dossier* (or just *message* when there is none)."""
        self.dossier = dossier
        if not self._ready:
            self._pending = (dossier, message)
            return
        self._pending = None
        header = self.query_one("#dossier-header", Static)
        rows = self.query_one("#dossier-rows", OptionList)
        rows.clear_options()
        if dossier is None:
            header.update(Content(message))
            return
        header.update(dossier_header(dossier))  # names come from cleaned article text
        rows.add_options(dossier_rows(dossier, self.context_width()))
        rows.highlighted = next((i for i, option in enumerate(rows.options) if not option.disabled), None)

    def context_width(self) -> int:
        """Cells a one-line context may take in the panel as laid out now."""
        width = self.content_region.width
        return max(20, width - 3) if width else CONTEXT_WIDTH

    def on_resize(self) -> None:
        if self.dossier is not None and self.dossier.name:
            rows = self.query_one("#dossier-rows", OptionList)
            highlighted = rows.highlighted
            rows.clear_options()
            rows.add_options(dossier_rows(self.dossier, self.context_width()))
            rows.highlighted = highlighted

    def show_more(self) -> None:
        """Load the next page of other articles, keeping the cursor where the new ones start."""
        from nlp.dossier import other_articles_page

        dossier = self.dossier
        if dossier is None:
            return
        rows = self.query_one("#dossier-rows", OptionList)
        first_new = rows.highlighted
        dossier.other_articles += other_articles_page(self.app.index, dossier.entity.id, dossier.article_id,
                                                      offset=len(dossier.other_articles), limit=PAGE)
        rows.clear_options()
        rows.add_options(dossier_rows(dossier, self.context_width()))
        rows.highlighted = first_new

    def focus_rows(self) -> None:
        """Give the keyboard to the list of rows (once they are mounted)."""
        rows = self.query("#dossier-rows")
        if rows:
            rows.first().focus()
        else:
            self.call_after_refresh(self.focus_rows)

    def action_cursor_down(self) -> None:
        self.query_one("#dossier-rows", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#dossier-rows", OptionList).action_cursor_up()

    @on(OptionList.OptionSelected, "#dossier-rows")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        kind, *values = (event.option.id or "").split(":")
        numbers = [int(v) for v in values]
        if kind == "more":
            self.show_more()
        elif kind == "m":
            self.post_message(self.MentionChosen(numbers[0]))
        elif kind == "a":
            self.post_message(self.ArticleChosen(numbers[0], numbers[1]))
        elif kind in ("v", "c"):
            self.post_message(self.EntityChosen(numbers[0]))


def dossier_header(dossier: Dossier) -> Content:
    """Name and type; counts and the mention strip; aliases; ambiguities."""
    entity = dossier.entity
    parts: list = [(one_line(dossier.name), "bold"), ("  " + label_name(dossier.label), "italic dim")]
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
    return Content.assemble(*parts)


def mention_strip(dossier: Dossier, width: int = STRIP_WIDTH) -> str:
    """A bar marking where in the article the mentions fall: ``──┃───┃┃──``."""
    cells = ["─"] * width
    length = max(1, dossier.article_length)
    for context in dossier.in_article:
        cells[min(width - 1, context.start * width // length)] = "┃"
    return "".join(cells)


def dossier_rows(dossier: Dossier, width: int = 42) -> list[Option]:
    """The selectable rows, under disabled section headings; contexts fit in *width* cells.

    Each row's id names its section and what it points at (``m:start``, ``a:article:start``,
    ``more``, ``v:entity`` for a variant, ``c:entity`` for a companion), so an entity that is
    both a possible variant and a companion has two distinct ids.
    """
    rows: list[Option] = []
    if dossier.in_article:
        rows.append(_heading("In this article"))
        rows += [Option(context_content(c, width), id=f"m:{c.start}") for c in dossier.in_article]
    total = max(dossier.other_article_count, len(dossier.other_articles))
    rows.append(_heading(f"In other articles ({total:,})"))
    if not dossier.other_articles:
        rows.append(Option(Content.styled("  not mentioned elsewhere in the library", "dim"), disabled=True))
    for other in dossier.other_articles:
        prompt = Content.assemble((one_line(other.title), "bold"), (f"  ×{other.count}", "dim"), "\n",
                                  context_content(other.context, width))
        rows.append(Option(prompt, id=f"a:{other.article_id}:{other.context.start}"))
    if total > len(dossier.other_articles):
        more = total - len(dossier.other_articles)
        rows.append(Option(Content.styled(f"… {more:,} more: Enter shows the next {min(more, PAGE)}", "italic"),
                           id="more"))
    if dossier.variants:
        rows.append(_heading("Possible variants (similar spelling, unconfirmed)"))
        rows += [Option(Content.assemble(one_line(v.name), (f"  {label_name(v.label)} · {v.score:.0f}%", "dim")),
                        id=f"v:{v.entity_id}") for v in dossier.variants]
    if dossier.companions:
        sampled = dossier.companions_among < dossier.entity.article_count
        rows.append(_heading(f"Appears with (in its {dossier.companions_among:,} newest articles)" if sampled
                             else "Appears with"))
        rows += [Option(Content.assemble(one_line(c.name), (f"  {c.shared_articles} article{'s' * (c.shared_articles != 1)}", "dim")),
                        id=f"c:{c.entity_id}") for c in dossier.companions]
    return rows


CONTEXT_WIDTH = 42
"""Cells a context line may take, so each mention fits on one line of the panel."""


def context_content(context: Context, width: int = CONTEXT_WIDTH) -> Content:
    """A mention in a one-line context, the name emphasised."""
    room = max(0, width - len(context.name))
    before_room = min(len(context.before), room // 3)
    before = context.before[len(context.before) - before_room:] if before_room else ""
    if before_room < len(context.before) and before:
        before = "…" + before[1:]
    after = context.after[:room - len(before)]
    if len(after) < len(context.after) and after:
        after = after[:-1] + "…"
    return Content.assemble((one_line(before), "dim"), (one_line(context.name), "bold underline"),
                            (one_line(after), "dim"))


def _heading(text: str) -> Option:
    return Option(Content.styled(text, "bold reverse"), disabled=True)
