"""The keys, as in DESIGN."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, str], ...] = (
    ("j / k, ↓ / ↑", "move to the next / previous segment"),
    ("n / N", "next / previous segment with an open finding"),
    ("tab", "select the segment's next open finding (▶)"),
    ("a", "accept the suggestion of the selected finding (▶)"),
    ("A", "accept the same suggestion everywhere (asks first)"),
    ("r", "reject (dismiss) the selected finding"),
    ("e", "edit the English sentence (ctrl+s keeps, escape cancels)"),
    ("u", "undo the last change"),
    ("space", "mark the segment reviewed (again: unmark) and move on"),
    ("/", "search the English and the Chinese"),
    ("f", "cycle the filter: all, open findings, unreviewed, edited"),
    ("x", "export the corrected text"),
    ("ctrl+p", "command palette: every action by name"),
    ("?", "this help"),
    ("q", "quit (every change is already saved)"),
)


class HelpScreen(ModalScreen[None]):
    """Closed by escape, q or ?."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, what in KEYS:
            table.add_row(key, what)
        with Vertical(id="help-dialog"):
            yield Static(table)

    def on_mount(self) -> None:
        """Title the dialog."""
        self.query_one("#help-dialog").border_title = "keys · escape closes"

    def action_close(self) -> None:
        """Back to the review."""
        self.dismiss(None)
