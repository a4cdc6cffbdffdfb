"""Command palette: jump to any name of the open article by fuzzy name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content


class EntityCommands(Provider):
    """Offers each entity of the article on screen."""

    async def startup(self) -> None:
        from tui.reader_screen import ReaderScreen

        screen = self.screen
        self.targets: list[tuple[str, int, str]] = []
        if isinstance(screen, ReaderScreen) and screen.article is not None:
            self.targets = sorted(((e.name, e.entity_id, e.label) for e in screen.article.entities.values()),
                                  key=lambda t: t[0].casefold())

    async def discover(self) -> Hits:
        for name, entity_id, label in self.targets:
            yield DiscoveryHit(Content(name), partial(self._jump, entity_id), text=name, help=f"Jump to {label}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, entity_id, label in self.targets:
            score, offsets = matcher.fuzzy_search.match(query, name)
            if score > 0:
                prompt = Content(name)
                for offset in offsets:
                    prompt = prompt.stylize("reverse", offset, offset + 1)
                yield Hit(score, prompt, partial(self._jump, entity_id), text=name, help=f"Jump to {label}")

    def _jump(self, entity_id: int) -> None:
        self.screen.jump_to_entity(entity_id)
