"""The key bar: the keys that work on the screen now, in one line at the bottom."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from textual import events
from textual.content import Content
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

KEY_STYLE = "bold $footer-key-foreground on $footer-key-background"
DESCRIPTION_STYLE = "$footer-description-foreground on $footer-description-background"
PALETTE_RULE_STYLE = "$foreground 20%"


class _Key(NamedTuple):
    """One key as drawn: the cells it takes and the key to press when it is clicked."""

    start: int
    end: int
    key: str
    enabled: bool


class KeyBar(Widget, can_focus=False):
    """The shown bindings of the focused widget and its screen, with the command palette key on the right.

    It looks like Textual's ``Footer`` but is one widget drawing one line of text: ``Footer``
    mounts a widget per key and mounts them all again on every focus change, which costs the
    reader about 80 ms of styling and layout right after its first frame, just when the model
    starts loading in another thread. Keys that do not fit are left out whole, from the right,
    but the app's own keys (Quit, Keys) stay while they fit at all: they are the way out and the
    way to every other key. A disabled key is dimmed; clicking a key presses it.
    """

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._keys: list[_Key] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def entries(self) -> tuple[list[tuple[str, str, str, bool]], tuple[str, str, str, bool] | None]:
        """(key, shown key, description, enabled) of each shown binding, one per action, in order;
        then the command palette's, if it has a key here."""
        entries, palette = self._entries()
        return [entry for entry, _ in entries], palette

    def _entries(self) -> tuple[list[tuple[tuple[str, str, str, bool], bool]], tuple[str, str, str, bool] | None]:
        """:meth:`entries`, each with whether it is one of the app's own keys."""
        app = self.app
        active = self.screen.active_bindings
        palette_key = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        seen: set[str] = set()
        entries = []
        for key, (node, binding, enabled, _tooltip) in active.items():
            if not binding.show or binding.action in seen or key == palette_key:
                continue
            seen.add(binding.action)
            entries.append(((binding.key, app.get_key_display(binding), binding.description, enabled), node is app))
        palette = None
        if palette_key in active:
            _node, binding, enabled, _tooltip = active[palette_key]
            palette = (binding.key, app.get_key_display(binding), binding.description, enabled)
        return entries, palette

    def render(self) -> Content:
        entries, palette = self._entries()
        width = self.size.width
        right = Content("")
        if palette is not None:
            _, shown, description, enabled = palette
            right = Content.assemble(("▏", PALETTE_RULE_STYLE), self._entry(shown, description, enabled, pad=False))
        if right.cell_length >= width:  # no room for the palette key: only what fits from the left
            right, palette = Content(""), None
        room = width - right.cell_length
        drawn = [(entry, self._entry(*entry[1:]), own) for entry, own in entries]
        kept_for_app = sum(piece.cell_length for _, piece, own in drawn if own)
        if kept_for_app > room:
            kept_for_app = 0  # not even the app's keys fit: only what fits from the left
        pieces: list[Content | str] = []
        keys: list[_Key] = []
        x, local_full = 0, False
        for (key, _shown, _description, enabled), piece, own in drawn:
            if not own and (local_full or x + piece.cell_length > room - kept_for_app):
                local_full = True  # this key and the screen's keys after it are left out
                continue
            if own and x + piece.cell_length > room:
                break
            keys.append(_Key(x, x + piece.cell_length, key, enabled))
            pieces.append(piece)
            x += piece.cell_length
            if own:
                kept_for_app -= piece.cell_length
        if palette is not None:
            keys.append(_Key(room + 1, width, palette[0], palette[3]))
            pieces += [" " * (room - x), right]
        self._keys = keys
        return Content.assemble(*pieces)

    @staticmethod
    def _entry(shown: str, description: str, enabled: bool, pad: bool = True) -> Content:
        """`` key description `` as drawn: the key bold, the description plain, both dimmed if disabled."""
        dim = "" if enabled else " dim"
        key = f" {shown} " if pad else f"{shown} "
        if not description:
            return Content.assemble((key, KEY_STYLE + dim))
        return Content.assemble((key, KEY_STYLE + dim), (f"{description} ", DESCRIPTION_STYLE + dim))

    def key_at(self, x: int) -> _Key | None:
        """The key drawn at column *x*, if any."""
        return next((key for key in self._keys if key.start <= x < key.end), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
