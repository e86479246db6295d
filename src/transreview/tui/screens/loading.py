"""Opening a session (maybe a full analysis) in a worker thread, with a progress indicator."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static
from textual.worker import Worker, WorkerState

from transreview.review import ReviewSession
from transreview.review.session import Progress

Opener = Callable[[Progress], ReviewSession]
"""Opens the session, telling its progress."""


class LoadingScreen(Screen[ReviewSession | BaseException]):
    """Dismissed with the open session, or with the error that stopped it opening."""

    def __init__(self, opener: Opener) -> None:
        super().__init__()
        self.opener = opener

    def compose(self) -> ComposeResult:
        with Vertical(id="loading"):
            yield LoadingIndicator()
            yield Static(Text("opening the review session"), id="loading-step")

    def on_mount(self) -> None:
        """Start the worker."""
        self.run_worker(self._open, thread=True, exit_on_error=False, name="open-session")

    def _open(self) -> ReviewSession:
        step = self.query_one("#loading-step", Static)

        def tell(message: str) -> None:
            if self.app.is_running:
                self.app.call_from_thread(step.update, Text(message))

        return self.opener(tell)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Hand over the session, or the error."""
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, ReviewSession):
            self.dismiss(event.worker.result)
        elif event.state == WorkerState.ERROR and event.worker.error is not None:
            self.dismiss(event.worker.error)
