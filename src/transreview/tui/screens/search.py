"""Ask for a search string (English or Chinese)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class SearchScreen(ModalScreen[str | None]):
    """Dismissed with the query on enter, None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, query: str) -> None:
        super().__init__()
        self.initial = query

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog"):
            yield Input(self.initial, placeholder="text in the English or the Chinese",
                        id="search-input")
            yield Static(Text("enter: find next · escape: cancel", style="dim"))

    def on_mount(self) -> None:
        """Title the dialog."""
        self.query_one("#search-dialog").border_title = "search"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Close with the query."""
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Close without searching."""
        self.dismiss(None)
