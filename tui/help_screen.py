"""The key reference (?)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = (
    ("Reading", (
        ("j  k  ↓  ↑", "scroll a line"),
        ("space  b  PgDn  PgUp", "scroll a page"),
        ("g  G  Home  End", "top / bottom"),
        ("/   n  N", "search the text; next / previous match"),
        ("Tab  Shift+Tab  ]  [", "next / previous name"),
        ("Enter  (or click)", "open the dossier of the name"),
        ("1 … 6", "hide / show a type of name"),
        ("Ctrl+P", "jump to any name of the article"),
    )),
    ("Dossier", (
        ("Enter again  or  d", "move into the dossier's list"),
        ("j  k  ↓  ↑   Enter", "choose a mention, article or name"),
        ("Esc", "back to the article; again to close the dossier"),
        ("Backspace", "back to the previous article"),
    )),
    ("Everywhere", (
        ("l", "library"),
        ("e", "names in the library"),
        ("?", "this help"),
        ("q", "quit"),
    )),
    ("Library", (
        ("/", "filter the list"),
        ("Enter", "open the article"),
        ("o", "open a file or web address"),
        ("x  Delete", "delete the article (asks first)"),
    )),
)


class HelpScreen(ModalScreen):
    """Every key of the reader."""

    SCOPED_CSS = False
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    #help {
        width: 72;
        max-height: 90%;
        height: auto;
        border: round $accent;
        padding: 1 2;
        background: $surface;
    }
    """

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        parts: list = []
        for section, keys in KEYS:
            parts += [(section, "bold underline"), "\n"]
            for key, what in keys:
                parts += [(f"  {key:<24}", "bold"), what, "\n"]
            parts.append("\n")
        parts.append(("Esc or ? closes this help", "dim"))
        with VerticalScroll(id="help"):
            yield Static(Content.assemble(*parts))
