"""What the library and the name browser share: a top bar, a filter box over a table, the key bar."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.measure import Measurement
from rich.segment import Segment
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from nlp.text import one_line
from tui.key_bar import KeyBar


class ListScreen(Screen):
    """A filterable table of rows; subclasses fill it in :meth:`filter_changed` and say what
    Enter on a row does in :meth:`row_chosen`."""

    CSS_PATH = "list_screen.tcss"
    BINDINGS = [Binding("slash", "filter", "Filter", priority=True)]

    TABLE_ID = "rows"
    """The table's id (a subclass names what its rows are)."""
    PLACEHOLDER = "Filter (/)"
    """What the empty filter box says."""

    def compose(self) -> ComposeResult:
        yield Static(id="topbar", markup=False)
        yield Input(id="filter", placeholder=self.PLACEHOLDER)
        yield DataTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True)
        yield Static(id="empty", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.filter_box.cursor_blink = self.app.cursor_blink
        self.table.focus()

    @property
    def table(self) -> DataTable:
        """The table of rows."""
        return self.query_one(DataTable)

    @property
    def filter_box(self) -> Input:
        """The filter box above the table."""
        return self.query_one("#filter", Input)

    def describe(self, title: str, detail: str, empty: str = "") -> None:
        """Fill the top bar (*title* bold, *detail* dimmed); *empty* shows under an empty table."""
        self.query_one("#topbar", Static).update(Content.assemble((title, "bold"), (f"  {detail}", "dim")))
        message = self.query_one("#empty", Static)
        message.display = bool(empty)
        message.update(empty)

    def filter_changed(self, query: str) -> None:
        """Show the rows matching *query* (the filter box's text)."""

    def row_chosen(self, key: str) -> None:
        """Enter on the row with key *key*."""

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_changed(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.table.focus()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.row_chosen(event.row_key.value)

    def action_filter(self) -> None:
        """``/``: focus the filter box at once, or type "/" in it when it has focus already.

        ``/`` is a priority binding, handled as the key arrives: keys that came in the same read
        (a fast typist, a paste, a slow SSH link) then go to the filter, not to the table's keys.
        """
        box = self.filter_box
        if self.focused is box:
            box.insert_text_at_cursor("/")
        else:
            self.set_focus(box)


class Cell:
    """A table cell of outside text: one line, taken literally (no markup), cut with "…" at the
    column's width.

    The table measures and renders every visible cell again whenever the filter changes its
    rows. A string is parsed for markup and a rich ``Text`` wrapped and justified; this is one
    segment, in half the time.
    """

    __slots__ = ("plain", "_width")

    def __init__(self, text: str) -> None:
        self.plain = one_line(text)
        self._width = cell_len(self.plain)

    def __str__(self) -> str:
        return self.plain

    def __rich_measure__(self, console, options) -> Measurement:
        return Measurement(self._width, self._width)

    def __rich_console__(self, console, options):
        room = options.max_width
        if self._width <= room:
            yield Segment(self.plain)
        elif room > 0:
            yield Segment(set_cell_size(self.plain, room - 1) + "…")


def cell(text: str) -> Cell:
    """A table cell of outside *text*: one line, cut with "…" when too long."""
    return Cell(text)


def selected_key(table: DataTable) -> str | None:
    """The key of the row under the table's cursor, if any."""
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
