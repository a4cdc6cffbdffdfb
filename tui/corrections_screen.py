"""The library's corrections, newest first (from the name browser, ``c``); ``u`` undoes the one
under the cursor."""

from __future__ import annotations

from textual import work
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from nlp.index import Correction, open_index
from tui.list_screen import ListScreen, cell, selected_key
from tui.messages import CorrectionFailed, CorrectionMade


class CorrectionsScreen(ListScreen):
    """Every correction made to the library (the undone ones too), filterable."""

    TABLE_ID = "corrections"
    PLACEHOLDER = "Filter corrections (/)"
    BINDINGS = [
        Binding("escape", "app.back", "Back"),
        Binding("u", "undo", "Undo"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.corrections: list[Correction] = []

    def on_mount(self) -> None:
        super().on_mount()
        summary_width = max(20, self.app.size.width - 6 - 12 - 8 - 8)
        for title, width in (("#", 5), ("Kind", 11), ("Correction", summary_width), ("State", 7)):
            self.table.add_column(title, key=title.lower(), width=width)
        self.reload()

    def reload(self) -> None:
        """Read the corrections again and show those matching the filter."""
        self.corrections = self.app.index.corrections()[::-1]
        self.filter_changed(self.filter_box.value)

    def filter_changed(self, query: str) -> None:
        table = self.table
        cursor = table.cursor_row
        table.clear()
        words = query.casefold().split()
        shown = [c for c in self.corrections if all(w in f"{c.kind} {c.summary}".casefold() for w in words)]
        for correction in shown:
            table.add_row(str(correction.id), correction.kind, cell(correction.summary),
                          "undone" if correction.undone_at else "", key=str(correction.id))
        table.move_cursor(row=min(cursor, max(0, len(shown) - 1)))
        empty = "" if self.corrections else "No corrections yet: r t m s x in an article's dossier make them."
        self.describe("Corrections", f"{len(shown)} of {len(self.corrections)}", empty)

    def action_undo(self) -> None:
        """``u``: undo the correction under the cursor (in a worker thread)."""
        key = selected_key(self.table)
        correction = next((c for c in self.corrections if str(c.id) == key), None)
        if correction is None or correction.undone_at is not None:
            self.app.bell()
            return
        self.undo(correction.id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="correct", description="undo a correction")
    def undo(self, correction_id: int) -> None:
        """Undo correction *correction_id* in its own transaction (worker thread)."""
        from nlp.index.corrections import Corrections

        with open_index(self.app.settings.data_dir) as index:
            undone = Corrections(index).undo_correction(correction_id)
        self.post_message(CorrectionMade(undone, None))

    def on_correction_made(self, message: CorrectionMade) -> None:
        self.app.corrections_made += 1
        self.reload()
        self.notify(f"Undone: {message.correction.summary}", title="Correction", timeout=6, markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "correct" and event.state == WorkerState.ERROR:
            self.post_message(CorrectionFailed(str(event.worker.error) or type(event.worker.error).__name__))

    def on_correction_failed(self, message: CorrectionFailed) -> None:
        self.notify(message.reason.splitlines()[0], title="Not undone", severity="warning", markup=False)
