"""The reader's correction keys: what each one asks, and the correction it then asks the index for.

The keys are bindings of the reader screen (``CORRECTION_BINDINGS``), active while the dossier is
open: a correction needs both the dossier's entity and the article's cursor (the mention to split
off, the text that is not a name), and it must work whether the keyboard is in the article or in
the dossier's list. Each asks what it needs in a small dialog (:mod:`tui.correct_dialogs`), then
hands :meth:`tui.reader_screen.ReaderScreen.run_correction` a :class:`CorrectionAsked`: a function of
:class:`nlp.index.corrections.Corrections`, run in a worker thread. The dialogs are imported when a
key is first pressed, not on the way to an article's first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding

from nlp.text import one_line
from tui.labels import LABEL_NAMES, label_name

if TYPE_CHECKING:
    from nlp.index import IndexEntity
    from nlp.index import Correction
    from nlp.index.corrections import Corrections
    from tui.article_view import Highlight
    from tui.reader_screen import ReaderScreen

CORRECTION_KEYS = (
    ("r", "rename", "Rename"),
    ("t", "retype", "Type"),
    ("m", "merge", "Merge"),
    ("s", "split", "Split"),
    ("x", "not_a_name", "Not a name"),
    ("u", "undo", "Undo"),
)
"""(key, correction, description) of each correction key of the reader."""

CORRECTION_BINDINGS = [Binding(key, f"correct('{kind}')", description) for key, kind, description in CORRECTION_KEYS]


@dataclass
class CorrectionAsked:
    """A correction the reader asked for, ready to run in a worker thread."""

    apply: Callable[[Corrections], Correction]
    """Makes the correction (or undoes one) and returns its record."""
    show: int | None
    """The entity whose dossier to show afterwards (None: the one under the article's cursor)."""


def ask_correction(screen: ReaderScreen, kind: str) -> None:
    """Ask what the correction *kind* needs of the dossier's entity, then run it."""
    if kind == "undo":
        screen.run_correction(CorrectionAsked(lambda c: c.undo_correction(), None))
        return
    entity = screen.app.index.entity(screen.dossier_entity) if screen.dossier_entity is not None else None
    if entity is None:
        screen.notify("This name is no longer in the library.", severity="warning", markup=False)
        return
    ASKS[kind](screen, entity)


def _ask_rename(screen: ReaderScreen, entity: IndexEntity) -> None:
    from tui.correct_dialogs import NameDialog

    def renamed(name: str | None) -> None:
        if name is not None:
            screen.run_correction(CorrectionAsked(lambda c: c.rename_entity(entity.id, name), entity.id))

    screen.app.push_screen(NameDialog(f"Rename “{one_line(entity.name)}” (the old name stays an alias):",
                                      one_line(entity.name)), renamed)


def _ask_retype(screen: ReaderScreen, entity: IndexEntity) -> None:
    from tui.correct_dialogs import ChoiceDialog

    def retyped(label: str | None) -> None:
        if label is not None and label != entity.label:
            screen.run_correction(CorrectionAsked(lambda c: c.retype_entity(entity.id, label), entity.id))

    labels = list(LABEL_NAMES) + ([entity.label] if entity.label not in LABEL_NAMES else [])
    choices = [(label, f"{label_name(label)}  ({label})") for label in labels]
    screen.app.push_screen(ChoiceDialog(f"Type of “{one_line(entity.name)}”:", choices, entity.label), retyped)


def _ask_merge(screen: ReaderScreen, entity: IndexEntity) -> None:
    from tui.correct_dialogs import EntityFinder

    def chosen(target: int | None) -> None:
        if target is not None:
            screen.run_correction(CorrectionAsked(lambda c: c.merge_entities([entity.id], target), target))

    question = f"Merge “{one_line(entity.name)}” into:"
    screen.app.push_screen(EntityFinder(question, screen.article, entity.id), chosen)


def _ask_split(screen: ReaderScreen, entity: IndexEntity) -> None:
    from tui.correct_dialogs import ChoiceDialog

    mention = _mention_of(screen, entity)
    scopes = [("mention", f"This mention “{_text_of(screen, mention)}”")] if mention is not None else []
    if entity.aliases:
        scopes += [(f"alias:{alias}", f"Every “{alias}”") for alias in [entity.name, *entity.aliases]]
    if not scopes:
        screen.notify(f"Put the cursor on a mention of “{one_line(entity.name)}” to split it off.",
                      severity="warning", markup=False)
        return
    choices = [(f"{to}|{scope}", f"{text} → {'a new name' if to == 'new' else 'another name…'}")
               for scope, text in scopes for to in ("new", "into")]

    def chosen(choice: str | None) -> None:
        if choice is not None:
            to, scope = choice.split("|", 1)
            _ask_split_target(screen, entity, mention, scope, to)

    screen.app.push_screen(ChoiceDialog(f"Split from “{one_line(entity.name)}”:", choices), chosen)


def _ask_split_target(screen: ReaderScreen, entity: IndexEntity, mention: Highlight | None, scope: str,
                      to: str) -> None:
    """Ask the new name (or find the entity) the mentions of *scope* go to, then split."""
    from tui.correct_dialogs import EntityFinder, NameDialog

    if scope == "mention":
        where = {"article": screen.article_id, "mention": mention.start}
        text = _text_of(screen, mention)
    else:
        where = {"alias": scope.removeprefix("alias:")}
        text = where["alias"]

    def named(name: str | None) -> None:
        if name is not None:
            screen.run_correction(CorrectionAsked(lambda c: c.split_entity(entity.id, **where, new_name=name), None))

    def found(target: int | None) -> None:
        if target is not None:
            screen.run_correction(CorrectionAsked(lambda c: c.split_entity(entity.id, **where, into=target), None))

    if to == "new":
        screen.app.push_screen(NameDialog("Name of the new entity:", text), named)
    else:
        screen.app.push_screen(EntityFinder(f"Split “{text}” into:", screen.article, entity.id), found)


def _ask_not_a_name(screen: ReaderScreen, entity: IndexEntity) -> None:
    from tui.correct_dialogs import NotANameDialog

    mention = _mention_of(screen, entity)
    text = _text_of(screen, mention) if mention is not None else one_line(entity.name)

    def confirmed(answer: str | bool | None) -> None:
        if answer:
            label = entity.label if answer == "label" else None
            screen.run_correction(CorrectionAsked(lambda c: c.not_a_name(text, label=label), entity.id))

    question = f"“{text}” is not a name? It will no longer be marked in any article, nor in those added later."
    screen.app.push_screen(NotANameDialog(question, entity.label), confirmed)


def _mention_of(screen: ReaderScreen, entity: IndexEntity) -> Highlight | None:
    """The mention under the article's cursor, if it is one of *entity*."""
    from tui.article_view import ArticleView

    current = screen.query_one(ArticleView).current
    return current if current is not None and current.entity_id == entity.id else None


def _text_of(screen: ReaderScreen, mention: Highlight) -> str:
    from tui.article_view import ArticleView

    return one_line(screen.query_one(ArticleView).text[mention.start:mention.end])


ASKS: dict[str, Callable[[ReaderScreen, IndexEntity], None]] = {
    "rename": _ask_rename, "retype": _ask_retype, "merge": _ask_merge, "split": _ask_split,
    "not_a_name": _ask_not_a_name,
}
"""What each correction key asks before the correction runs."""
