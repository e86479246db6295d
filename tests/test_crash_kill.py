"""SIGKILL at a random moment loses no committed change: through the API and through the TUI.

A child process changes a review session in a loop and prints each change once the session
call has returned (that is, once it is committed); the test kills it with SIGKILL, reopens the
session and checks that every printed change is there and that SQLite finds the file intact.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_crash_support import Terminal, integrity, session_child, write_documents

from transreview.review import ReviewSession

KILL_RUNS = 50

CHILD = session_child("crash-test", "run", """
while True:
    segment = (step * 7) % count
    text = f"run {run} step {step}: " + session.current(segment)[-40:]
    edit = session.edit(segment, text)
    print("edit", edit.id, segment, text.encode("unicode_escape").decode("ascii"), flush=True)
    if step % 5 == 4:
        session.mark_reviewed(segment, step % 10 == 4)
        print("mark", segment, step % 10 == 4, flush=True)
    step += 1
""")


@pytest.fixture()
def documents(tmp_path: Path) -> tuple[Path, Path, Path]:
    """English, Chinese and glossary files in a fresh folder."""
    return write_documents(tmp_path)


def _read_until_killed(child: subprocess.Popen[str], delay: float) -> list[str]:
    """The child's stdout lines: wait for ``ready``, let it run ``delay`` s, SIGKILL, drain."""
    assert child.stdout is not None
    first = child.stdout.readline()
    assert first.startswith("ready"), first + (child.stderr.read() if child.stderr else "")
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    rest = child.stdout.read()
    child.wait()
    return [line for line in rest.split("\n")[:-1]]


def test_sigkill_loses_no_committed_change(
    documents: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    en, zh, glossary = documents
    session_path = tmp_path / "en.review.sqlite"
    ReviewSession.open(str(en), str(zh), str(glossary), str(session_path)).close()
    rng = random.Random(20260127)
    reported = 0
    texts: dict[int, str] = {}
    marks: dict[int, bool] = {}
    for run in range(KILL_RUNS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(en), str(zh), str(glossary), str(session_path),
             str(run)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        edits: dict[int, tuple[int, str]] = {}
        for line in _read_until_killed(child, rng.uniform(0.0, 0.25)):
            kind, *fields = line.split(" ", 3)
            if kind == "edit":
                segment, text = int(fields[1]), fields[2].encode().decode("unicode_escape")
                edits[int(fields[0])] = (segment, text)
                texts[segment] = text
            else:
                marks[int(fields[0])] = fields[1] == "True"
        assert child.returncode == -signal.SIGKILL
        reported += len(edits)
        assert integrity(session_path) == "ok"
        session = ReviewSession.open(str(en), session_path=str(session_path))
        try:
            logged = {edit.id: (edit.segment, edit.after) for edit in session.edits}
            lost = {i: change for i, change in edits.items() if logged.get(i) != change}
            assert not lost, f"run {run}: reported edits missing after SIGKILL: {lost}"
            # At most the one action between its commit and its report may be new.
            differ = {s for s, text in texts.items() if session.current(s) != text}
            differ |= {s for s, mark in marks.items() if session.is_marked(s) != mark}
            assert len(differ) <= 1, f"run {run}: segments {differ} differ from the reports"
            texts = {s: session.current(s) for s in texts}
            marks = {s: session.is_marked(s) for s in marks}
        finally:
            session.close()
    assert reported > KILL_RUNS, "the children committed too few edits to test anything"
    assert marks, "no mark was reported"


@pytest.mark.parametrize("how", ["sigkill", "hangup"])
def test_tui_in_a_terminal_keeps_accepted_fixes_when_killed(
    documents: tuple[Path, Path, Path], tmp_path: Path, how: str
) -> None:
    """Accept fixes, kill the TUI (or close its terminal), reopen it, accept more, kill again."""
    en, zh, glossary = documents
    session_path = tmp_path / "tui.review.sqlite"
    accepted: dict[int, tuple[int, str, str | None]] = {}
    for wanted in (2, 4):
        terminal = Terminal(en, zh, glossary, session_path)
        try:
            accepted = terminal.accept_fixes(wanted)
            if how == "sigkill":
                terminal.kill()
            else:
                terminal.hang_up()
        finally:
            terminal.close()
        assert integrity(session_path) == "ok"
    session = ReviewSession.open(str(en), session_path=str(session_path))
    try:
        logged = {edit.id: (edit.segment, edit.after, edit.finding) for edit in session.edits}
        for edit_id, change in accepted.items():
            assert logged.get(edit_id) == change, f"accepted fix {edit_id} lost"
            _, after, finding = change
            assert finding is not None and session.finding(finding).status == "accepted"
            assert "Pudong New Area" in after
    finally:
        session.close()
