"""The edits of an earlier version of the English that could not be re-applied to this one."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from transreview.review import UnappliedEdit
from transreview.review.diff import word_diff


def describe(items: tuple[UnappliedEdit, ...]) -> Text:
    """Each edit as its segment number, reason and word diff (what the reviewer had done)."""
    if not items:
        return Text("Every earlier edit applied to the current file.", style="dim")
    out = Text()
    for item in items:
        out.append(f"earlier segment {item.segment + 1}", style="bold")
        out.append(f" · {item.reason}\n", style="dim")
        for op, chunk in word_diff(item.before, item.after):
            out.append(chunk, style={-1: "red strike", 1: "green", 0: ""}[op])
        out.append("\n\n")
    return out


class UnappliedScreen(ModalScreen[None]):
    """Closed by escape or q."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", "Close")]

    def __init__(self, items: tuple[UnappliedEdit, ...]) -> None:
        super().__init__()
        self.items = items

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="unapplied-dialog"):
            yield Static(describe(self.items))

    def on_mount(self) -> None:
        """Title the dialog."""
        self.query_one("#unapplied-dialog").border_title = (
            f"{len(self.items)} earlier edit(s) that no longer apply · escape closes"
        )

    def action_close(self) -> None:
        """Back to the review."""
        self.dismiss(None)
