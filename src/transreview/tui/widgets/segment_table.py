"""The segment table: a Line API widget that draws only the visible rows of a plain list.

A ``DataTable`` builds every row up front (seconds for 100,000 segments); this widget keeps the
list of segment indices the filter shows and asks the session for the few rows on screen.
Chinese characters take two cells: every cell is cut and padded by cell width, not characters.
"""

from __future__ import annotations

import bisect
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from transreview.review import ReviewSession

STATUS_GLYPHS = {"unreviewed": "·", "reviewed": "✓", "edited": "✎"}


def fit(text: str, width: int) -> str:
    """``text`` on one line, exactly ``width`` cells wide, cut with an ellipsis when too long."""
    if width <= 0:
        return ""
    flat = " ".join(text.split())
    if cell_len(flat) > width:
        return set_cell_size(flat, width - 1) + "…"
    return set_cell_size(flat, width)


class SegmentTable(ScrollView, can_focus=True):
    """Rows of (status, number, Chinese, English, open findings) for the segments shown."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "segment-table--header",
        "segment-table--cursor",
        "segment-table--edited",
        "segment-table--reviewed",
        "segment-table--findings",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "move(1)", "Down", show=False),
        Binding("k,up", "move(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "move(-1_000_000_000)", "First", show=False),
        Binding("end", "move(1_000_000_000)", "Last", show=False),
    ]

    class CursorMoved(Message):
        """The reviewer moved to another segment."""

        def __init__(self, segment: int) -> None:
            super().__init__()
            self.segment = segment

    def __init__(self, session: ReviewSession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.rows: list[int] = []
        self.cursor = 0

    # -- what is shown -----------------------------------------------------------------------

    @property
    def segment(self) -> int | None:
        """The segment under the cursor (None when the filter shows nothing)."""
        return self.rows[self.cursor] if self.rows else None

    def show(self, rows: list[int], segment: int) -> None:
        """Show ``rows`` (ascending segment indices) with the cursor on or near ``segment``."""
        self.rows = rows
        self.cursor = min(bisect.bisect_left(rows, segment), max(len(rows) - 1, 0))
        self.virtual_size = Size(0, len(rows) + 1)
        self._keep_cursor_visible()
        self.refresh()

    def select(self, segment: int) -> bool:
        """Put the cursor on ``segment`` if it is shown; say whether it is."""
        row = bisect.bisect_left(self.rows, segment)
        if row >= len(self.rows) or self.rows[row] != segment:
            return False
        self._set_cursor(row)
        return True

    def refresh_segment(self, segment: int) -> None:
        """Redraw the row of ``segment`` (after the session changed it)."""
        row = bisect.bisect_left(self.rows, segment)
        self._refresh_row(row)

    # -- keys and mouse ----------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        """Move the cursor by ``step`` rows."""
        if self.rows:
            self._set_cursor(min(max(self.cursor + step, 0), len(self.rows) - 1))

    def action_page(self, direction: int) -> None:
        """Move the cursor by one screenful."""
        self.action_move(direction * max(self.size.height - 2, 1))

    def on_click(self, event: Click) -> None:
        """Select the clicked row."""
        row = int(self.scroll_offset.y) + event.y - 1
        if event.y >= 1 and 0 <= row < len(self.rows):
            self._set_cursor(row)

    def _set_cursor(self, row: int) -> None:
        if row == self.cursor:
            return
        old = self.cursor
        self.cursor = row
        if not self._keep_cursor_visible():
            self._refresh_row(old)
            self._refresh_row(row)
        self.post_message(self.CursorMoved(self.rows[row]))

    def _keep_cursor_visible(self) -> bool:
        """Scroll so the cursor row is on screen; True when that scrolled."""
        top = int(self.scroll_offset.y)
        visible = max(self.size.height - 1, 1)
        if self.cursor < top:
            target = self.cursor
        elif self.cursor >= top + visible:
            target = self.cursor - visible + 1
        else:
            return False
        self.scroll_to(y=target, animate=False, immediate=True)
        self.refresh()
        return True

    def _refresh_row(self, row: int) -> None:
        line = row - int(self.scroll_offset.y) + 1
        if 1 <= line < self.size.height:
            self.refresh(Region(0, line, self.size.width, 1))

    # -- drawing -----------------------------------------------------------------------------

    def _widths(self, width: int) -> tuple[int, int, int, int]:
        """Cells of the number, Chinese (none without a source), English and open-findings
        columns; the status takes 2."""
        number = len(str(len(self.session)))
        if self.session.zh is None:
            return number, 0, max(width - 2 - (number + 1) - 5, 2), 4
        rest = max(width - 2 - (number + 1) - 1 - 5, 2)
        chinese = rest * 2 // 5
        return number, chinese, rest - chinese, 4

    def _cells(self, status: str, number: str, chinese: str, english: str, count: str,
               width: int) -> list[str]:
        number_w, zh_w, en_w, open_w = self._widths(width)
        return [fit(status, 2), number.rjust(number_w) + " ",
                fit(chinese, zh_w) + " " if zh_w else "", fit(english, en_w),
                count.rjust(open_w) + " "]

    def render_line(self, y: int) -> Strip:
        """Line 0 is the header; line y shows row ``scroll_y + y - 1``."""
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = self.get_component_rich_style("segment-table--header")
            text = "".join(self._cells("", "#", "Chinese", "English", "open", width))
            return Strip([Segment(set_cell_size(text, width), style)], width)
        row = int(self.scroll_offset.y) + y - 1
        if row >= len(self.rows):
            return Strip.blank(width, base)
        index = self.rows[row]
        session = self.session
        status = session.status(index)
        count = session.open_count(index)
        style = base
        if status != "unreviewed":
            style = base + self.get_component_rich_style(f"segment-table--{status}")
        findings_style = style + self.get_component_rich_style("segment-table--findings")
        if row == self.cursor:
            cursor = self.get_component_rich_style("segment-table--cursor")
            style, findings_style = style + cursor, findings_style + cursor
        cells = self._cells(STATUS_GLYPHS[status], str(index + 1), session.zh_text(index),
                            session.current(index), str(count) if count else "", width)
        segments = [Segment(cell, style) for cell in cells[:4]]
        segments.append(Segment(cells[4], findings_style if count else style))
        return Strip(segments).adjust_cell_length(width, style if row == self.cursor else base)

    def on_resize(self) -> None:
        """Keep the cursor on screen when the table changes size."""
        self._keep_cursor_visible()

