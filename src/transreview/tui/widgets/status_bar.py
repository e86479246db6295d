"""One line of progress: segments reviewed, findings open, HTER so far, filter, session file."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from transreview.review import ReviewSession


class StatusBar(Static):
    """Redrawn only when the session or the view changed."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[int, str] | None = None
        self._hter = 0.0

    def show(self, session: ReviewSession) -> None:
        """Show the session's progress and the reviewer's filter."""
        filter_name = session.view.filter
        key = (session.version, filter_name)
        if key == self._shown:
            return
        if self._shown is None or self._shown[0] != session.version:
            self._hter = session.hter()
        self._shown = key
        progress = session.progress()
        text = Text()
        text.append(f" reviewed {progress.reviewed}/{progress.segments}", style="bold")
        text.append(f" · open findings {progress.open}/{progress.findings}")
        text.append(f" · HTER {self._hter:.2f}")
        text.append(f" · filter: {filter_name}")
        if session.read_only:
            text.append(" · READ-ONLY", style="bold red")
        text.append(f" · {session.path}", style="dim")
        self.update(text, layout=False)
