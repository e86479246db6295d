"""The review screen: segment table, detail panel, status line; the one place that changes the
session (widgets and dialogs only post messages or return answers here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer

from transreview.errors import InputError
from transreview.model import FindingState
from transreview.review import FILTERS, Filter, ReviewError, ReviewSession
from transreview.tui.screens.confirm import ConfirmScreen
from transreview.tui.screens.edit import EditScreen
from transreview.tui.screens.help import HelpScreen
from transreview.tui.screens.search import SearchScreen
from transreview.tui.screens.unapplied import UnappliedScreen
from transreview.tui.widgets.detail_panel import DetailPanel
from transreview.tui.widgets.segment_table import SegmentTable
from transreview.tui.widgets.status_bar import StatusBar

ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("next_finding", "Next finding", "Jump to the next segment with an open finding"),
    ("previous_finding", "Previous finding", "Jump to the previous segment with an open finding"),
    ("next_in_segment", "Select next finding", "Select the segment's next open finding"),
    ("accept", "Accept", "Accept the suggestion of the selected finding"),
    ("accept_all", "Accept everywhere", "Accept the same suggestion for the term everywhere"),
    ("reject", "Reject", "Reject (dismiss) the selected finding"),
    ("edit", "Edit", "Edit the English sentence"),
    ("undo", "Undo", "Undo the last change"),
    ("toggle_reviewed", "Mark reviewed", "Mark the segment reviewed (or unmark it)"),
    ("search", "Search", "Search the English and the Chinese"),
    ("cycle_filter", "Filter", "Cycle the filter: all, open findings, unreviewed, edited"),
    ("export", "Export", "Write the corrected English text"),
    ("unapplied", "Unapplied edits", "Earlier edits that no longer apply to the changed file"),
    ("help", "Help", "Show the keys"),
)
"""(action, title, description) of every command, for the command palette."""


class MainScreen(Screen[None]):
    """Shows one session and applies the reviewer's actions to it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_finding", "next"),
        Binding("N", "previous_finding", "prev", show=False),
        Binding("a", "accept", "accept"),
        Binding("tab", "next_in_segment", "next in segment", show=False),
        Binding("A", "accept_all", "accept all", show=False),
        Binding("r", "reject", "reject"),
        Binding("e", "edit", "edit"),
        Binding("u", "undo", "undo"),
        Binding("space", "toggle_reviewed", "mark"),
        Binding("slash", "search", "search"),
        Binding("f", "cycle_filter", "filter"),
        Binding("x", "export", "export"),
        Binding("question_mark", "help", "help"),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield SegmentTable(self.session, id="segments")
        yield DetailPanel(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        """Restore the reviewer's view."""
        view = self.session.view
        table = self.query_one(SegmentTable)
        table.show(self._rows(view.filter), view.cursor)
        table.focus()
        if self.session.unapplied:
            self.notify(f"The English file changed: {len(self.session.unapplied)} earlier "
                        "edit(s) no longer apply (ctrl+p, 'Unapplied edits' lists them)",
                        severity="warning", timeout=15)
        self._refresh_view()
        self.set_interval(2.0, self.session.save_view)

    # -- the view ----------------------------------------------------------------------------

    @property
    def table(self) -> SegmentTable:
        """The segment table."""
        return self.query_one(SegmentTable)

    @property
    def selected(self) -> FindingState | None:
        """The finding that a, A and r act on: the one chosen with tab if it is still open,
        else the segment's first open finding with a suggestion, else its first open one."""
        segment = self.table.segment
        if segment is None:
            return None
        found = [s for s in self.session.findings_in(segment) if s.status == "open"]
        chosen = self.session.view.finding
        return (
            next((s for s in found if s.id == chosen), None)
            or next((s for s in found if s.finding.suggestion is not None), None)
            or (found[0] if found else None)
        )

    def action_next_in_segment(self) -> None:
        """Select the segment's next open finding (wrapping round)."""
        segment = self.table.segment
        selected = self.selected
        if segment is None or selected is None:
            return
        found = [s.id for s in self.session.findings_in(segment) if s.status == "open"]
        following = found[(found.index(selected.id) + 1) % len(found)]
        self.session.set_view(replace(self.session.view, finding=following))
        self._refresh_view()

    def _rows(self, name: Filter) -> list[int]:
        if name == "all":
            return list(range(len(self.session)))
        matches = self.session.matches
        return [i for i in range(len(self.session)) if matches(i, name)]

    def _refresh_view(self) -> None:
        """Record the view in the session and redraw the detail and status line."""
        segment = self.table.segment
        view = self.session.view
        if segment is not None and segment != view.cursor:
            self.session.set_view(replace(view, cursor=segment, finding=""))
        selected = self.selected
        self.query_one(DetailPanel).show(self.session, segment, selected.id if selected else None)
        self.query_one(StatusBar).show(self.session)

    def _changed(self, segments: tuple[int, ...]) -> None:
        for segment in segments:
            self.table.refresh_segment(segment)
        self._refresh_view()

    def on_segment_table_cursor_moved(self, message: SegmentTable.CursorMoved) -> None:
        """The table moved: show the new segment."""
        self._refresh_view()

    def _go(self, segment: int) -> None:
        """Put the cursor on ``segment``, showing every segment if the filter hides it."""
        if not self.table.select(segment):
            view = self.session.view
            self.session.set_view(replace(view, cursor=segment, filter="all", finding=""))
            self.table.show(self._rows("all"), segment)
        self._refresh_view()

    # -- actions -----------------------------------------------------------------------------

    def _apply(self, segment: int, change: Callable[[], object]) -> bool:
        """Run one session change and redraw ``segment``; a refusal becomes a notification."""
        try:
            change()
        except ReviewError as error:
            self.notify(str(error), severity="warning")
            return False
        self._changed((segment,))
        return True

    def action_next_finding(self, step: int = 1) -> None:
        """Move to the next (or, with -1, previous) segment with an open finding."""
        current = self.table.segment
        start = current if current is not None else (-1 if step > 0 else len(self.session))
        target = self.session.next_open(start, step)
        if target is None:
            self.notify("No further open finding" if step > 0 else "No earlier open finding")
            return
        self._go(target)

    def action_previous_finding(self) -> None:
        """Move to the previous segment with an open finding."""
        self.action_next_finding(-1)

    def action_accept(self) -> None:
        """Accept the selected finding's suggestion."""
        selected = self.selected
        if selected is None:
            self.notify("No open finding in this segment", severity="warning")
            return
        segment = self.table.segment
        assert segment is not None
        self._apply(segment, lambda: self.session.accept(selected.id))

    def action_accept_all(self) -> None:
        """Ask, then accept the same suggestion for the same term everywhere."""
        selected = self.selected
        if selected is None or selected.finding.suggestion is None:
            self.notify("No open finding with a suggestion in this segment", severity="warning")
            return
        places = len(self.session.similar(selected.id))
        finding = selected.finding
        question = (f"Replace {finding.term!r} with {finding.suggestion!r} ({finding.rule}) in "
                    f"{places} place{'s' if places != 1 else ''}?")

        def answer(yes: bool | None) -> None:
            if yes:
                try:
                    changed = self.session.accept_all(selected.id)
                except ReviewError as error:
                    self.notify(str(error), severity="warning")
                    return
                self.notify(f"Accepted in {changed} place{'s' if changed != 1 else ''}")
                self.table.refresh()
                self._refresh_view()

        self.app.push_screen(ConfirmScreen(question), answer)

    def action_reject(self) -> None:
        """Reject the selected finding."""
        selected = self.selected
        segment = self.table.segment
        if selected is None or segment is None:
            self.notify("No open finding in this segment", severity="warning")
            return
        self._apply(segment, lambda: self.session.reject(selected.id))

    def action_edit(self) -> None:
        """Edit the English of the current segment in a dialog."""
        segment = self.table.segment
        if segment is None:
            return

        def done(text: str | None) -> None:
            if text is not None:
                self._apply(segment, lambda: self.session.edit(segment, text))

        screen = EditScreen(segment + 1, self.session.zh_text(segment),
                            self.session.current(segment))
        self.app.push_screen(screen, done)

    def action_undo(self) -> None:
        """Undo the last change and show where it was."""
        try:
            touched = self.session.undo()
        except ReviewError as error:
            self.notify(str(error), severity="warning")
            return
        if touched is None:
            self.notify("Nothing to undo")
            return
        for segment in touched:
            self.table.refresh_segment(segment)
        if touched:
            self._go(touched[0])
        self._refresh_view()

    def action_toggle_reviewed(self) -> None:
        """Mark the segment reviewed (or take the mark back) and move to the next row."""
        segment = self.table.segment
        if segment is None:
            return
        marked = self.session.is_marked(segment)
        if self._apply(segment, lambda: self.session.mark_reviewed(segment, not marked)) and (
            not marked
        ):
            self.table.action_move(1)

    def action_search(self) -> None:
        """Ask for a text and jump to the next segment containing it."""

        def find(query: str | None) -> None:
            if not query:
                return
            view = self.session.view
            self.session.set_view(replace(view, search=query))
            target = self._find(query, self.table.segment or 0)
            if target is None:
                self.notify(f"{query!r} not found", severity="warning")
            else:
                self._go(target)

        self.app.push_screen(SearchScreen(self.session.view.search), find)

    def _find(self, query: str, start: int) -> int | None:
        needle = query.casefold()
        total = len(self.session)
        for step in range(1, total + 1):
            index = (start + step) % total
            if (needle in self.session.current(index).casefold()
                    or needle in self.session.zh_text(index).casefold()):
                return index
        return None

    def action_cycle_filter(self) -> None:
        """Show the next filter's rows."""
        view = self.session.view
        name = FILTERS[(FILTERS.index(view.filter) + 1) % len(FILTERS)]
        segment = self.table.segment if self.table.segment is not None else view.cursor
        self.session.set_view(replace(view, cursor=segment, filter=name))
        self.table.show(self._rows(name), segment)
        self._refresh_view()

    def action_export(self) -> None:
        """Write the corrected text as ``<en stem>.corrected<suffix>`` beside the English file
        (beside the session file when that folder is not writable) and say where."""
        from transreview.export import render
        from transreview.output import write_atomic

        english = Path(self.session.en.path)
        name = f"{english.stem}.corrected{english.suffix}"
        data = render(self.session.snapshot(), "txt")
        error: InputError | None = None
        for folder in (english.parent, self.session.path.parent):
            try:
                write_atomic(str(folder / name), data)
            except InputError as refused:
                error = refused
                continue
            self.notify(f"Corrected text written to {folder / name}")
            return
        self.notify(str(error), severity="error")

    def action_unapplied(self) -> None:
        """List the earlier edits that could not be re-applied."""
        self.app.push_screen(UnappliedScreen(self.session.unapplied))

    def action_help(self) -> None:
        """Show the keys."""
        self.app.push_screen(HelpScreen())
