"""The selected segment in full: Chinese source, English with finding spans, findings, diff."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from transreview.model import FindingState
from transreview.review import ReviewSession
from transreview.review.diff import word_diff

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
STATUS_MARKS = {"open": "○", "accepted": "✓", "rejected": "✗"}


def render_detail(session: ReviewSession, index: int, selected: str | None) -> Text:
    """The detail of segment ``index`` as one ``Text`` (never markup: translations have [...])."""
    original = session.en_segments[index].text
    current = session.current(index)
    findings = session.findings_in(index)
    out = Text()
    if session.zh is not None:
        out.append("zh    ", style="dim")
        out.append(session.zh_text(index) or "(no aligned Chinese)")
        out.append("\n")
    out.append("en    ", style="dim")
    out.append_text(_highlighted(session, current, findings, selected))
    if current != original:
        out.append("\ndiff  ", style="dim")
        for op, chunk in word_diff(original, current):
            style = {-1: "red strike", 1: "green", 0: ""}[op]
            out.append(chunk, style=style)
    for state in findings:
        finding = state.finding
        marker = "▶ " if state.id == selected else "  "
        out.append(f"\n{marker}{STATUS_MARKS[state.status]} ", style="bold" if marker else "")
        out.append(finding.rule, style=SEVERITY_STYLES.get(finding.severity.value, ""))
        out.append(f"  {finding.message}", style="dim" if state.status != "open" else "")
        if finding.suggestion is not None:
            out.append("  → ", style="dim")
            out.append(finding.suggestion or "(delete)", style="green")
    if not findings:
        out.append("\n  no findings", style="dim")
    return out


def _highlighted(
    session: ReviewSession, current: str, findings: list[FindingState], selected: str | None
) -> Text:
    text = Text(current)
    for state in findings:
        if state.status != "open":
            continue
        span = session.span_in_current(state.id)
        if span is not None and span[0] < span[1]:
            style = "reverse yellow" if state.id == selected else "underline yellow"
            text.stylize(style, *span)
    return text


class DetailPanel(Static):
    """A fixed-height panel redrawn without a layout pass on every move."""

    def show(self, session: ReviewSession, index: int | None, selected: str | None) -> None:
        """Show segment ``index`` (None: nothing is selected)."""
        if index is None:
            self.border_title = "no segment"
            self.update(Text("The filter shows no segment: press f to change it.", style="dim"),
                        layout=False)
            return
        self.border_title = f"segment {index + 1} · {session.status(index)}"
        self.update(render_detail(session, index, selected), layout=False)
