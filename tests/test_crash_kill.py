"""SIGKILL at a random moment loses no committed change: through the API and through the TUI.

A child process changes a review session in a loop and prints each change once the session
call has returned (that is, once it is committed); the test kills it with SIGKILL, reopens the
session and checks that every printed change is there and that SQLite finds the file intact.
"""

from __future__ import annotations

import fcntl
import os
import pty
import random
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from test_crash_support import integrity, write_documents

from transreview.review import ReviewSession

KILL_RUNS = 50

CHILD = """
import sys
from transreview.review import ReviewSession

en, zh, glossary, session_path, run = sys.argv[1:6]
session = ReviewSession.open(en, zh, glossary, session_path, reviewer="crash-test")
count = len(session)
print("ready", count, flush=True)
step = 0
while True:
    segment = (step * 7) % count
    text = f"run {run} step {step}: " + session.current(segment)[-40:]
    edit = session.edit(segment, text)
    print("edit", edit.id, segment, text.encode("unicode_escape").decode("ascii"), flush=True)
    if step % 5 == 4:
        session.mark_reviewed(segment, step % 10 == 4)
        print("mark", segment, step % 10 == 4, flush=True)
    step += 1
"""


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


def _accepted(session: Path) -> dict[int, tuple[int, str, str | None]]:
    """The committed accept edits, read by another connection: id -> (segment, after, finding)."""
    try:
        connection = sqlite3.connect(f"{session.as_uri()}?mode=ro", uri=True)
    except sqlite3.OperationalError:
        return {}
    try:
        return {
            row[0]: (row[1], row[2], row[3]) for row in connection.execute(
                "SELECT id, segment, after, finding FROM edits WHERE kind='accept'"
            )
        }
    except sqlite3.OperationalError:
        return {}
    finally:
        connection.close()


def _take_terminal() -> None:
    """Make the pty (stdin) the controlling terminal, so closing it hangs the child up."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _pump(master: int, seconds: float, sink: list[bytes]) -> None:
    """Read the terminal's output for ``seconds`` so the TUI never blocks on a full pty."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([master], [], [], left)
        if ready:
            try:
                sink.append(os.read(master, 65536))
            except OSError:
                return


@pytest.mark.parametrize("how", ["sigkill", "hangup"])
def test_tui_in_a_terminal_keeps_accepted_fixes_when_killed(
    documents: tuple[Path, Path, Path], tmp_path: Path, how: str
) -> None:
    en, zh, glossary = documents
    session_path = tmp_path / "tui.review.sqlite"
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    child = subprocess.Popen(
        [sys.executable, "-m", "transreview", "review", str(en), "--zh", str(zh),
         "--glossary", str(glossary), "--session", str(session_path)],
        stdin=slave, stdout=slave, stderr=slave, start_new_session=True, close_fds=True,
        preexec_fn=_take_terminal,
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"},
    )
    os.close(slave)
    screen: list[bytes] = []
    try:
        deadline = time.monotonic() + 60
        accepted: dict[int, tuple[int, str, str | None]] = {}
        while len(accepted) < 3 and time.monotonic() < deadline and child.poll() is None:
            os.write(master, b"n")
            _pump(master, 0.15, screen)
            os.write(master, b"a")
            _pump(master, 0.25, screen)
            accepted = _accepted(session_path)
        assert len(accepted) >= 3, b"".join(screen)[-2000:].decode("utf-8", "replace")
        if how == "sigkill":
            os.killpg(child.pid, signal.SIGKILL)
        else:
            os.close(master)
            master = -1
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        if master >= 0:
            os.close(master)
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
