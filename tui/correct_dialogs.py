"""The small dialogs of the reader's corrections: a name to type, a choice to make, an entity to
find, and whether a text is not a name (of any type, or of one)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from nlp.index import open_index
from nlp.text import one_line
from tui.confirm import ConfirmScreen
from tui.dialog import Dialog
from tui.labels import label_short

if TYPE_CHECKING:
    from nlp.index import Index, IndexEntity, StoredArticle

FINDER_LIMIT = 40
"""Most library names the entity finder lists."""
FINDER_CUTOFF = 70.0
"""Least rapidfuzz ratio for a library name to count as like what is typed."""

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} Input {{ margin: 1 0; }}
{name} OptionList {{ height: auto; max-height: 14; margin: 1 0; }}
"""


def _hint(text: str) -> Static:
    return Static(Content.styled(text, "dim"))


class NameDialog(ModalScreen[str | None]):
    """Asks for a name, prefilled with *value*: Enter gives it, Esc cancels (None)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="NameDialog")
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, question: str, value: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Dialog():
            yield Static(Content(self.question))
            name = Input(self.value, id="name", select_on_focus=False)
            name.cursor_blink = self.app.cursor_blink
            yield name
            yield _hint("Enter  save     Esc  cancel")

    @on(Input.Submitted)
    def _given(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.app.bell()  # an empty name is no name: the dialog stays
            return
        self.dismiss(event.value)


class ChoiceDialog(ModalScreen[str | None]):
    """Asks to choose one of *choices* ((id, text) pairs): Enter chooses, Esc cancels (None)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ChoiceDialog")
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("j", "move('cursor_down')", show=False),
        Binding("k", "move('cursor_up')", show=False),
    ]

    def __init__(self, question: str, choices: list[tuple[str, str]], current: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Dialog():
            yield Static(Content(self.question))
            yield OptionList(*(Option(one_line(text), id=key) for key, text in self.choices), markup=False)
            yield _hint("↑ ↓  choose     Enter  ok     Esc  cancel")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [key for key, _ in self.choices]
        options.highlighted = ids.index(self.current) if self.current in ids else 0
        options.focus()

    def action_move(self, move: str) -> None:
        getattr(self.query_one(OptionList), f"action_{move}")()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


class EntityFinder(ModalScreen[int | None]):
    """Finds a library entity as one types: the names of *article* first (those like what is
    typed), then the library's (most mentioned, or like what is typed); Enter gives the id.

    The library is searched in a worker thread (a fuzzy search of a large library, or the first
    one, which builds the name matcher, takes a moment); only the latest search is shown.
    """

    DEFAULT_CSS = DIALOG_CSS.format(name="EntityFinder")
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("down", "move('cursor_down')", show=False),
        Binding("up", "move('cursor_up')", show=False),
    ]

    @dataclass
    class Found(Message):
        """The library entities like *query* (request number *request*)."""

        request: int
        query: str
        entities: list[IndexEntity]

    def __init__(self, question: str, article: StoredArticle | None, exclude: int) -> None:
        super().__init__()
        self.question = question
        self.article = article
        self.exclude = exclude
        self._requests = 0

    def compose(self) -> ComposeResult:
        with Dialog():
            yield Static(Content(self.question))
            query = Input(id="query", placeholder="Type a name")
            query.cursor_blink = self.app.cursor_blink
            yield query
            yield OptionList(id="found", markup=False)
            yield _hint("↑ ↓  choose     Enter  merge     Esc  cancel")

    def on_mount(self) -> None:
        self._search("")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, query: str) -> None:
        self._requests += 1
        self._look_up(self._requests, query)

    @work(thread=True, exit_on_error=False, group="finder", description="find library names")
    def _look_up(self, request: int, query: str) -> None:
        with open_index(self.app.settings.data_dir) as index:
            entities = library_matches(index, query)
        if request == self._requests:
            self.post_message(self.Found(request, query, entities))

    @on(Found)
    def _show(self, message: Found) -> None:
        if message.request != self._requests:
            return
        here = article_matches(self.article, message.query) if self.article else []
        shown = {self.exclude}
        options = []
        for entity_id, name, label, where in [*here, *((e.id, e.name, e.label, f"{e.mention_count} mentions")
                                                       for e in message.entities)]:
            if entity_id not in shown:
                shown.add(entity_id)
                options.append(Option(Content.assemble(one_line(name), (f"  {label_short(label)} · {where}", "dim")),
                                      id=str(entity_id)))
        found = self.query_one(OptionList)
        found.clear_options()
        found.add_options(options)
        found.highlighted = 0 if options else None

    def action_move(self, move: str) -> None:
        getattr(self.query_one(OptionList), f"action_{move}")()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        found = self.query_one(OptionList)
        if found.highlighted is None:
            self.app.bell()
            return
        self.dismiss(int(found.get_option_at_index(found.highlighted).id))

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id))


def _like(query: str, name: str) -> bool:
    """Whether *name* holds every word of *query* (any case), or is spelt like it."""
    from rapidfuzz import fuzz

    from nlp.names import name_key

    words = query.casefold().split()
    return all(w in name.casefold() for w in words) or fuzz.ratio(name_key(query), name_key(name)) >= FINDER_CUTOFF


def article_matches(article: StoredArticle, query: str) -> list[tuple[int, str, str, str]]:
    """(id, name, label, "in this article") of the article's entities like *query*, most mentioned first."""
    entities = sorted(article.entities.values(), key=lambda e: (-e.mention_count, e.name))
    return [(e.entity_id, e.name, e.label, "in this article") for e in entities
            if not query.strip() or _like(query, e.name) or any(_like(query, a) for a in e.aliases)]


def library_matches(index: Index, query: str, limit: int = FINDER_LIMIT) -> list[IndexEntity]:
    """The library's entities like *query*: holding its words (in a name or an alias), then
    spelt like it; the most mentioned ones when it is empty."""
    from nlp.names import name_key

    if not query.strip():
        return index.top_entities(limit)
    found = {e.id: e for e in index.find_entities(query, limit)}
    for match in index.similar_names(name_key(query), FINDER_CUTOFF, limit):
        entity = None if match.entity_id in found else index.entity(match.entity_id)
        if entity is not None:
            found[entity.id] = entity
    return list(found.values())[:limit]


class NotANameDialog(ConfirmScreen):
    """Asks whether a text is not a name: y of any type ("any"), t only as *label* ("label"),
    n or Esc cancels (False)."""

    DEFAULT_CSS = "NotANameDialog { align: center middle; }"
    BINDINGS = [Binding("t", "only_this_type", "Only this type")]

    def __init__(self, question: str, label: str) -> None:
        super().__init__(question)
        self.label = label

    def compose(self) -> ComposeResult:
        with Dialog(id="dialog"):
            yield Static(Content(self.question))
            yield _hint(f"y  yes, of any type     t  only as {label_short(self.label)} ({self.label})     n  no")

    def action_answer(self, yes: bool) -> None:
        self.dismiss("any" if yes else False)

    def action_only_this_type(self) -> None:
        self.dismiss("label")
