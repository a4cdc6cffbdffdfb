"""The key reference (?)."""

from __future__ import annotations

import textwrap

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget

from tui.pager_keys import pager_bindings

KEYS = (
    ("Reading", (
        ("j  k  ↓  ↑", "scroll a line"),
        ("space  b  PgDn  PgUp", "scroll a page"),
        ("g  G  Home  End", "top / bottom"),
        ("/   n  N", "search the text; next / previous match (Esc ends the search)"),
        ("n  p", "next / previous unread article of the library's filter (n: while no search is on)"),
        ("*", "star the article, or take the star away"),
        ("o", "open the article's address in the browser (a feed's summary: the full article)"),
        ("Tab  Shift+Tab  ]  [", "next / previous name"),
        ("Enter  (or click)", "open the dossier of the name"),
        ("1 … 6", "hide / show a type of name"),
        ("Ctrl+P", "jump to any name of the article"),
    )),
    ("Dossier", (
        ("Enter again  or  d", "move into the dossier's list"),
        ("j  k  ↓  ↑   Enter", "choose a mention, article or name"),
        ("f", "follow the name, or stop following it"),
        ("←  →   Enter", "timeline: pick a week or month; Enter lists its articles (Esc: all again)"),
        ("Esc", "back to the article; again to close the dossier"),
        ("Backspace", "back to the previous article"),
    )),
    ("Correcting (dossier open)", (
        ("r", "rename (the old name stays an alias)"),
        ("t", "change the type"),
        ("m", "merge into another name, found as you type"),
        ("s", "split off this mention, or an alias"),
        ("x", "not a name, in every article (asks first)"),
        ("u", "undo the last correction"),
    )),
    ("Everywhere", (
        ("l", "library"),
        ("e", "names in the library"),
        ("?", "this help"),
        ("q", "quit"),
    )),
    ("Library", (
        ("/", "filter the list by words of the title or source, and:"),
        ("  is:unread  is:read", "articles never opened / opened (unread ones are bold)"),
        ("  is:starred", "starred articles (their titles begin with *)"),
        ("  is:followed", "articles naming a followed name"),
        ("  feed:NAME", "articles of a feed (feed:\"two words\")"),
        ("u", "only the unread articles (again: all)"),
        ("*", "star the article, or take the star away"),
        ("Enter", "open the article (where you left it)"),
        ("o", "open a file or web address"),
        ("x  Delete", "delete the article (asks first)"),
    )),
    ("Names (e)", (
        ("Enter", "the dossier of the name (f follows it)"),
        ("●", "a followed name (listed first)"),
        ("c", "the corrections (u undoes one)"),
    )),
)


WIDE = 60
"""From this width of text on, keys and what they do sit side by side; below it, one under the other."""
KEY_COLUMN = 24


class HelpText(Widget):
    """The key table, laid out for the width it gets."""

    DEFAULT_CSS = """
    HelpText {
        height: auto;
    }
    """

    def render(self) -> Content:
        width = self.size.width
        wide = width >= WIDE
        indent = 2 + KEY_COLUMN if wide else 6
        parts: list = []
        for section, keys in KEYS:
            parts += [(section, "bold underline"), "\n"]
            for key, what in keys:
                lines = textwrap.wrap(what, max(10, width - indent))  # continued under its start
                if wide:
                    parts += [(f"  {key:<{KEY_COLUMN}}", "bold"), lines[0], "\n"]
                    lines = lines[1:]
                else:
                    parts += [(f"  {key}", "bold"), "\n"]
                parts += [f"{' ' * indent}{line}\n" for line in lines]
            parts.append("\n")
        parts.append(("Esc or ? closes this help", "dim"))
        return Content.assemble(*parts)


class HelpScreen(ModalScreen):
    """Every key of the reader; it scrolls with the reader's keys and fits a small terminal."""

    SCOPED_CSS = False
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    #help {
        width: 76;
        max-width: 100%;
        max-height: 100%;
        height: auto;
        border: round $accent;
        border-subtitle-color: $text-muted;
        padding: 1 2;
        background: $surface;
    }
    HelpScreen.-small #help {
        padding: 0 1;
    }
    """
    HORIZONTAL_BREAKPOINTS = [(0, "-small"), (60, "-large")]

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close"),
        *pager_bindings("scroll('{}')"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as box:
            box.border_subtitle = "j k space b scroll · Esc closes"
            box.can_focus = False  # the screen's keys scroll it
            yield HelpText()

    def action_scroll(self, move: str) -> None:
        """Scroll the help by a line, a page or to an end (*move*, as in :data:`tui.pager_keys.PAGER_KEYS`)."""
        method = {"page_down": "scroll_page_down", "page_up": "scroll_page_up"}.get(move, move)
        getattr(self.query_one("#help", VerticalScroll), method)(animate=False)
