"""Command palette: jump to any name of the open article by fuzzy name.

In the reader, Ctrl+P offers the article's names and nothing else ("Jump to a person: Ahmad
Massoud"); Textual's system commands (theme, keys, screenshot, quit) are offered by Ctrl+P on
the other screens, never mixed with the names (``MarginApp.action_command_palette``).
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from typing import NamedTuple

from textual import on
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.widgets import Input, OptionList

from tui.labels import label_short

PLACEHOLDER = "Jump to a name in this article…"


class _Target(NamedTuple):
    name: str
    entity_id: int
    label: str
    mentions: int


def jump_prefix(label: str) -> str:
    """``"Jump to a person: "``: the words before a name, with a readable type."""
    kind = label_short(label).lower()
    return f"Jump to {'an' if kind[:1] in 'aeiou' else 'a'} {kind}: "


class MarginCommandPalette(CommandPalette):
    """Textual's command palette, safe from keys that arrive while it opens or closes."""

    @on(Input.Changed)
    @on(Input.Submitted)
    @on(OptionList.OptionSelected)
    def _typed_while_closing(self, event: Input.Changed | Input.Submitted | OptionList.OptionSelected) -> None:
        # Keys typed quickly reach the palette's input before an earlier one closed the palette.
        # Textual's palette would then dismiss itself twice (the second pops the screen under it,
        # or fails with ScreenStackError when that is the last one), or start a search that fills
        # a list already removed (NoMatches). Handlers of a subclass run first; this one ends them.
        if not self.is_active:
            event.prevent_default()
            event.stop()

    def on_screen_suspend(self) -> None:
        """Stop a search still running when the palette closes (Textual's palette leaves it running)."""
        self.workers.cancel_node(self)

    def _action_command_list(self, action: str) -> None:
        # Textual 8's OptionList._move_page reads the list's line cache, which stays empty until the
        # list has a size: PageUp/PageDown right after the palette opens or fills raised KeyError.
        # First/last do the same job then. (Overrides the palette's private action, the only hook.)
        if action in ("page_up", "page_down") and not self.query_one(CommandList).scrollable_content_region:
            action = "first" if action == "page_up" else "last"
        super()._action_command_list(action)


class EntityCommands(Provider):
    """Offers each entity of the article on screen."""

    async def startup(self) -> None:
        from tui.reader_screen import ReaderScreen

        screen = self.screen
        self.targets: list[_Target] = []
        if isinstance(screen, ReaderScreen) and screen.article is not None:
            article = screen.article
            counts = Counter(m.entity_id for m in article.mentions)
            self.targets = sorted((_Target(e.name, e.entity_id, e.label, counts[e.entity_id])
                                   for e in article.entities.values()), key=lambda t: t.name.casefold())

    async def discover(self) -> Hits:
        for target in self.targets:
            yield DiscoveryHit(self._prompt(target), partial(self._jump, target.entity_id), text=target.name,
                               help=_mentions(target))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for target in self.targets:
            score, offsets = matcher.fuzzy_search.match(query, target.name)
            if score > 0:
                yield Hit(score, self._prompt(target, offsets), partial(self._jump, target.entity_id),
                          text=target.name, help=_mentions(target))

    @staticmethod
    def _prompt(target: _Target, offsets: tuple[int, ...] = ()) -> Content:
        """The entry as shown: the type dimmed, then the name (letters matching the query reversed)."""
        name = Content(target.name)
        for offset in offsets:
            name = name.stylize("reverse", offset, offset + 1)
        return Content.assemble((jump_prefix(target.label), "dim"), name)

    def _jump(self, entity_id: int) -> None:
        self.screen.jump_to_entity(entity_id)


def _mentions(target: _Target) -> str:
    return f"{target.mentions} mention{'s' * (target.mentions != 1)} in this article"
