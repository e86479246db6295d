"""Edit one English sentence in a text area: ctrl+s keeps the edit, escape cancels."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea


class EditScreen(ModalScreen[str | None]):
    """Dismissed with the new text (line breaks become spaces) or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "keep", "Keep", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, number: int, chinese: str, text: str) -> None:
        super().__init__()
        self.number = number
        self.chinese = chinese
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-dialog"):
            yield Static(Text(self.chinese or "(no aligned Chinese)"), id="edit-source")
            yield TextArea(self.text, id="edit-area", soft_wrap=True)
            yield Static(Text("ctrl+s keep · escape cancel", style="dim"), id="edit-hint")

    def on_mount(self) -> None:
        """Focus the text with the cursor at its end."""
        self.query_one("#edit-dialog").border_title = f"edit segment {self.number}"
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_keep(self) -> None:
        """Close with the edited text."""
        self.dismiss(" ".join(self.query_one(TextArea).text.splitlines()))

    def action_cancel(self) -> None:
        """Close without a change."""
        self.dismiss(None)
