"""Whole review flows in the TUI, driven with Pilot on a real session file."""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, ParamSpec

import pytest
from test_review_store import TEXT, line_analyzer
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import LoadingIndicator, Static

from transreview.review import ReviewSession
from transreview.review.session import Progress
from transreview.tui import ReviewApp, make_app
from transreview.tui.screens.confirm import ConfirmScreen
from transreview.tui.screens.edit import EditScreen
from transreview.tui.screens.loading import LoadingScreen
from transreview.tui.screens.main import MainScreen
from transreview.tui.screens.unapplied import UnappliedScreen, describe
from transreview.tui.widgets.segment_table import SegmentTable

SIZE = (110, 32)
P = ParamSpec("P")


def pilot_test(flow: Callable[P, Coroutine[Any, Any, None]]) -> Callable[P, None]:
    """Run an async Pilot flow as a plain test (no async plugin needed)."""

    @functools.wraps(flow)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        asyncio.run(flow(*args, **kwargs))

    return run


async def until(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until ``condition`` holds (workers and the palette answer when they can);
    fail after ten seconds."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def english(tmp_path: Path) -> Path:
    path = tmp_path / "en.txt"
    path.write_text(TEXT + "Brackets [like these] stay stay text, colour and all.\n",
                    encoding="utf-8")
    return path


def open_session(english: Path) -> ReviewSession:
    return ReviewSession.open(str(english), analyzer=line_analyzer, reviewer="tester")


@pytest.fixture
def session(english: Path) -> Iterator[ReviewSession]:
    opened = open_session(english)
    yield opened
    opened.close()


def table(app: ReviewApp) -> SegmentTable:
    return app.screen.query_one(SegmentTable)


@pilot_test
async def test_next_and_accept_change_the_english(session: ReviewSession) -> None:
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, MainScreen)
        assert table(app).segment == 0
        await pilot.press("n", "n")
        assert table(app).segment == 3
        await pilot.press("N")
        assert table(app).segment == 1
        finding = session.findings_in(1)[0]
        await pilot.press("a")
        assert session.current(1) == "Pudong has a new color scheme."
        assert session.finding(finding.id).status == "accepted"
        await pilot.press("u")
        assert session.current(1) == "Pudong has a new colour scheme."
        assert session.finding(finding.id).status == "open"
        await pilot.press("r")
        assert session.finding(finding.id).status == "rejected"


@pilot_test
async def test_tab_selects_the_next_finding_of_the_segment(session: ReviewSession) -> None:
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end")
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.selected is not None
        assert screen.selected.finding.rule == "repeated-word"
        await pilot.press("tab")
        assert screen.selected.finding.rule == "forbidden-term"
        await pilot.press("a")
        assert session.current(4) == "Brackets [like these] stay stay text, color and all."
        assert screen.selected.finding.rule == "repeated-word"
        await pilot.press("tab", "tab", "r")
        assert session.progress().open == 3


@pilot_test
async def test_edit_keeps_with_ctrl_s_and_cancels_with_escape(session: ReviewSession) -> None:
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "e")
        assert isinstance(app.screen, EditScreen)
        await pilot.press("backspace", *" Quite a sight, really.", "ctrl+s")
        assert isinstance(app.screen, MainScreen)
        assert session.current(2) == "Nothing to see here Quite a sight, really."
        await pilot.press("e", "backspace", "escape")
        assert session.current(2) == "Nothing to see here Quite a sight, really."
        await pilot.press("u")
        assert session.current(2) == "Nothing to see here."


@pilot_test
async def test_quit_and_reopen_keeps_every_change_and_the_cursor(english: Path) -> None:
    session = open_session(english)
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "a", "j", "space", "e", *" Edited.", "ctrl+s", "q")
    expected = session.corrected_text()
    session.close()
    again = open_session(english)
    try:
        assert again.corrected_text() == expected
        assert "Pudong has a new color scheme." in expected
        assert again.status(2) == "reviewed"
        assert again.status(3) == "edited"
        reopened = make_app(again)
        async with reopened.run_test(size=SIZE) as pilot:
            assert table(reopened).segment == 3
            await pilot.press("u")
            assert again.current(3) == "The the river flows."
    finally:
        again.close()


@pilot_test
async def test_accept_everywhere_asks_with_the_count(session: ReviewSession) -> None:
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        assert isinstance(app.screen, ConfirmScreen)
        assert "in 3 places" in app.screen.question
        await pilot.press("n")
        assert "colour" in session.corrected_text()
        await pilot.press("A", "y")
        assert "colour" not in session.corrected_text()
        assert session.progress().open == 2


@pilot_test
async def test_clicking_a_row_selects_its_segment(session: ReviewSession) -> None:
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click(SegmentTable, offset=(10, 3))
        assert table(app).segment == 2
        assert session.view.cursor == 2


@pilot_test
async def test_filter_cycles_and_hides_rows(session: ReviewSession) -> None:
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        seen = [(session.view.filter, table(app).rows)]
        for _ in range(4):
            await pilot.press("f")
            seen.append((session.view.filter, table(app).rows))
    assert seen == [
        ("all", [0, 1, 2, 3, 4]),
        ("open", [0, 1, 3, 4]),
        ("unreviewed", [0, 1, 2, 3, 4]),
        ("edited", []),
        ("all", [0, 1, 2, 3, 4]),
    ]


@pilot_test
async def test_search_finds_text_with_brackets(session: ReviewSession) -> None:
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"[like", "enter")
        assert table(app).segment == 4
        assert session.view.search == "[like"
        await pilot.press("slash", *"nowhere-to-be-found", "enter")
        assert table(app).segment == 4


@pilot_test
async def test_export_writes_the_corrected_text(session: ReviewSession, english: Path) -> None:
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "x")
    written = english.with_name("en.corrected.txt").read_text(encoding="utf-8")
    assert written.startswith("The color of the Bund is grey.\n")


@pilot_test
async def test_command_palette_runs_review_actions(session: ReviewSession) -> None:
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"Mark reviewed")
        await until(pilot, lambda: bool(app.screen.query(CommandList).first().option_count),
                    "the palette's hits")
        await pilot.press("enter")
        await until(pilot, lambda: session.status(0) == "reviewed", "the segment marked")


@pilot_test
async def test_opener_runs_in_a_worker_and_errors_are_kept(english: Path) -> None:
    app = make_app(lambda progress: open_session(english))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        assert app.session is not None
    assert app.session is not None
    blocked = make_app(lambda progress: open_session(english))
    async with blocked.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: blocked.failure is not None, "the refusal")
    assert "already open" in str(blocked.failure)
    app.session.close()


@pilot_test
async def test_unapplied_edits_are_listed_after_the_file_changed(english: Path) -> None:
    first = open_session(english)
    first.edit(2, "Nothing at all to see here.")
    first.close()
    english.write_text(english.read_text(encoding="utf-8").replace(
        "Nothing to see here.", "Something else entirely is written here now."),
        encoding="utf-8")
    session = open_session(english)
    app = make_app(session)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+p", *"Unapplied edits")
            await until(pilot, lambda: bool(app.screen.query(CommandList).first().option_count),
                        "the palette's hits")
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, UnappliedScreen), "the dialog")
            assert isinstance(app.screen, UnappliedScreen)
            shown = describe(app.screen.items).plain
            assert "earlier segment 3" in shown and "at all" in shown
    finally:
        session.close()


@pilot_test
async def test_read_only_session_refuses_changes_without_failing(english: Path) -> None:
    writer = open_session(english)
    writer.accept(writer.findings_in(0)[0].id)
    viewer = ReviewSession.open(str(english), read_only=True)
    app = make_app(viewer)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("n", "a", "r", "space", "A", "y", "u", "e", "x", "ctrl+s")
            assert isinstance(app.screen, MainScreen)
            assert "READ-ONLY" in str(app.screen.query_one("#status").render())
        assert [e.kind for e in viewer.edits] == ["accept"]
        assert viewer.progress() == writer.progress()
    finally:
        viewer.close()
        writer.close()


@pilot_test
async def test_opening_shows_progress_while_the_worker_runs(english: Path) -> None:
    release = threading.Event()

    def opener(progress: Progress) -> ReviewSession:
        progress("analysing (segmenting, aligning, checking)")
        release.wait(10)
        return open_session(english)

    app = make_app(opener)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, LoadingScreen)
        assert app.screen.query(LoadingIndicator)
        step = app.screen.query_one("#loading-step", Static)
        await until(pilot, lambda: "analysing" in str(step.render()), "the progress message")
        await pilot.press("j")
        release.set()
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
    assert app.session is not None
    app.session.close()
