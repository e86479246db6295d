"""Two processes on one review session: one writer at a time, no stale lock, consistent exports."""

from __future__ import annotations

import hashlib
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_crash_support import Terminal, integrity, session_child, write_documents

from transreview.ingest import encode
from transreview.review import ReviewError, ReviewSession, SessionLockedError

HOLDER = session_child("holder", "mode", """
while mode == "edit":
    session.edit(step % count, f"holder edit {step}.")
    step += 1
sys.stdin.readline()
""")


@pytest.fixture()
def documents(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    """English, Chinese and glossary files, and the path of a session already analysed."""
    en, zh, glossary = write_documents(tmp_path)
    session = tmp_path / "en.review.sqlite"
    ReviewSession.open(str(en), str(zh), str(glossary), str(session)).close()
    return en, zh, glossary, session


def _holder(
    documents: tuple[Path, Path, Path, Path], mode: str
) -> Iterator[subprocess.Popen[str]]:
    en, zh, glossary, session = documents
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(en), str(zh), str(glossary), str(session), mode],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.startswith("ready"), line + (child.stderr.read() if child.stderr else "")
        yield child
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()


@pytest.fixture()
def idle_holder(documents: tuple[Path, Path, Path, Path]) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the session open for writing, doing nothing."""
    yield from _holder(documents, "wait")


@pytest.fixture()
def busy_holder(documents: tuple[Path, Path, Path, Path]) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the session open and editing it as fast as it can."""
    yield from _holder(documents, "edit")


def _actions(session: Path) -> int:
    connection = sqlite3.connect(f"{session.as_uri()}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM actions").fetchone()[0])
    finally:
        connection.close()


def test_second_writer_is_refused_and_reader_cannot_write(
    documents: tuple[Path, Path, Path, Path], idle_holder: subprocess.Popen[str]
) -> None:
    en, _, _, session = documents
    before = _actions(session)
    with pytest.raises(SessionLockedError, match="already open"):
        ReviewSession.open(str(en), session_path=str(session))
    reader = ReviewSession.open(str(en), session_path=str(session), read_only=True)
    try:
        assert reader.read_only
        with pytest.raises(ReviewError):
            reader.edit(0, "A reader's edit.")
        with pytest.raises(ReviewError):
            reader.mark_reviewed(0)
    finally:
        reader.close()
    result = subprocess.run(
        [sys.executable, "-m", "transreview", "review", str(en), "--session", str(session)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False, timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "already open" in result.stderr, result.stderr
    assert _actions(session) == before
    assert idle_holder.poll() is None


def test_lock_of_a_killed_process_does_not_block(
    documents: tuple[Path, Path, Path, Path], idle_holder: subprocess.Popen[str]
) -> None:
    en, _, _, session = documents
    idle_holder.send_signal(signal.SIGKILL)
    idle_holder.wait()
    lock = session.with_name(session.name + ".lock")
    assert lock.exists(), "the test expects the killed holder's lock file to be left behind"
    assert integrity(session) == "ok"
    reopened = ReviewSession.open(str(en), session_path=str(session))
    try:
        assert reopened.edit(0, "After the crash.") is not None
    finally:
        reopened.close()


def test_a_leftover_lock_file_with_garbage_does_not_block(
    documents: tuple[Path, Path, Path, Path],
) -> None:
    en, _, _, session = documents
    session.with_name(session.name + ".lock").write_bytes(b"pid 999999 on elsewhere\n\xff\x00")
    reopened = ReviewSession.open(str(en), session_path=str(session))
    reopened.close()


def _states(session: Path, en: Path) -> set[str]:
    """The hash of the corrected text after every prefix of the session's edit log."""
    reader = ReviewSession.open(str(en), session_path=str(session), read_only=True)
    try:
        snapshot = reader.snapshot()
        original = [state.original for state in snapshot.segments]
        current = list(original)
        text = snapshot.en.text
        segments = snapshot.en_segments

        def corrected() -> str:
            pieces, cursor = [], 0
            for segment, now in zip(segments, current, strict=True):
                pieces += [text[cursor : segment.start], now]
                cursor = segment.end
            pieces.append(text[cursor:])
            return hashlib.sha256(encode(snapshot.en, "".join(pieces))).hexdigest()

        states = {corrected()}
        for edit in snapshot.edits:
            current[edit.segment] = edit.after
            states.add(corrected())
        return states
    finally:
        reader.close()


def test_export_while_another_process_writes_is_a_consistent_snapshot(
    documents: tuple[Path, Path, Path, Path],
    busy_holder: subprocess.Popen[str],
    tmp_path: Path,
) -> None:
    en, _, _, session = documents
    exported: list[str] = []
    for number in range(4):
        out = tmp_path / f"export-{number}.txt"
        result = subprocess.run(
            [sys.executable, "-m", "transreview", "export", "--session", str(session),
             "--format", "txt", "-o", str(out)],
            capture_output=True, text=True, check=False, timeout=120,
        )
        assert result.returncode == 0, result.stderr
        exported.append(hashlib.sha256(out.read_bytes()).hexdigest())
    busy_holder.send_signal(signal.SIGKILL)
    busy_holder.wait()
    states = _states(session, en)
    assert len(states) > 1, "the holder made no edit while the exports ran"
    for number, digest in enumerate(exported):
        assert digest in states, f"export {number} matches no state of the edit log"


def test_export_while_the_tui_has_the_session_open(
    documents: tuple[Path, Path, Path, Path], tmp_path: Path
) -> None:
    en, zh, glossary, session = documents
    terminal = Terminal(en, zh, glossary, session)
    try:
        accepted = terminal.accept_fixes(2)
        out = tmp_path / "during.txt"
        result = subprocess.run(
            [sys.executable, "-m", "transreview", "export", "--session", str(session),
             "--format", "txt", "-o", str(out)],
            capture_output=True, text=True, check=False, timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert terminal.alive
    finally:
        terminal.close()
    exported = out.read_text(encoding="utf-8")
    assert hashlib.sha256(out.read_bytes()).hexdigest() in _states(session, en)
    for _, after, _ in accepted.values():
        assert after in exported
