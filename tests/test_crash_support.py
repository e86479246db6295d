"""Documents and helpers shared by the crash and concurrency tests (no tests of its own)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

SENTENCES = 40


def session_child(reviewer: str, argument: str, loop: str) -> str:
    """A ``python -c`` script that opens the session named on its command line (English,
    Chinese, glossary, session path, then ``argument``), prints ``ready`` and the segment count,
    and runs ``loop`` with ``session``, ``count`` and ``step`` (from 0) defined."""
    return (
        "import sys\n"
        "from transreview.review import ReviewSession\n\n"
        f"en, zh, glossary, session_path, {argument} = sys.argv[1:6]\n"
        "session = ReviewSession.open(en, zh, glossary, session_path, "
        f"reviewer={reviewer!r})\n"
        "count = len(session)\n"
        'print("ready", count, flush=True)\n'
        "step = 0\n" + loop
    )


def write_documents(folder: Path) -> tuple[Path, Path, Path]:
    """An English text, its Chinese source and a glossary whose forbidden variant the English
    uses in every fourth sentence, so the checks find fixes to accept."""
    en_lines, zh_lines = [], []
    for number in range(SENTENCES):
        year = 1990 + number
        if number % 4 == 0:
            en_lines.append(f"In {year}, Pudong new district opened project number {number}.")
            zh_lines.append(f"{year}年，浦东新区启动了第{number}号项目。")
        else:
            en_lines.append(f"In {year}, Shanghai built {number + 2} new bridges over the river.")
            zh_lines.append(f"{year}年，上海在江上新建了{number + 2}座桥。")
    en, zh, glossary = folder / "en.txt", folder / "zh.txt", folder / "glossary.tsv"
    en.write_text("\n".join(en_lines) + "\n", encoding="utf-8")
    zh.write_text("\n".join(zh_lines) + "\n", encoding="utf-8")
    glossary.write_text(
        "zh\ten\tforbidden\n浦东新区\tPudong New Area\tPudong new district\n上海\tShanghai\t\n",
        encoding="utf-8",
    )
    return en, zh, glossary


def integrity(session: Path) -> str:
    """SQLite's ``PRAGMA integrity_check`` verdict on the session file (``ok`` when intact)."""
    connection = sqlite3.connect(session)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


def accepted_fixes(session: Path) -> dict[int, tuple[int, str, str | None]]:
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


class Terminal:
    """``transreview review`` running in a pseudo-terminal, driven by key presses."""

    def __init__(self, en: Path, zh: Path, glossary: Path, session: Path) -> None:
        self.session = session
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.child = subprocess.Popen(
            [sys.executable, "-m", "transreview", "review", str(en), "--zh", str(zh),
             "--glossary", str(glossary), "--session", str(session)],
            stdin=slave, stdout=slave, stderr=slave, start_new_session=True, close_fds=True,
            preexec_fn=_take_terminal,
            env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"},
        )
        os.close(slave)
        self.screen: list[bytes] = []

    def pump(self, seconds: float) -> None:
        """Read the terminal's output for ``seconds``, so the TUI never blocks on a full pty."""
        deadline = time.monotonic() + seconds
        while self.master >= 0 and (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    self.screen.append(os.read(self.master, 65536))
                except OSError:
                    return

    def accept_fixes(self, count: int) -> dict[int, tuple[int, str, str | None]]:
        """Press ``n`` (next finding) and ``a`` (accept) until ``count`` fixes are committed."""
        deadline = time.monotonic() + 60
        accepted: dict[int, tuple[int, str, str | None]] = {}
        while len(accepted) < count and time.monotonic() < deadline and self.alive:
            os.write(self.master, b"n")
            self.pump(0.15)
            os.write(self.master, b"a")
            self.pump(0.25)
            accepted = accepted_fixes(self.session)
        assert len(accepted) >= count, b"".join(self.screen)[-2000:].decode("utf-8", "replace")
        return accepted

    @property
    def alive(self) -> bool:
        """Whether the TUI process is still running."""
        return self.child.poll() is None

    def kill(self) -> None:
        """SIGKILL the TUI's whole process group and reap it."""
        if self.alive:
            os.killpg(self.child.pid, signal.SIGKILL)
        self.child.wait(timeout=30)

    def hang_up(self) -> None:
        """Close the terminal (the kernel sends SIGHUP) and wait for the TUI to end."""
        os.close(self.master)
        self.master = -1
        self.child.wait(timeout=30)

    def close(self) -> None:
        """Make sure nothing is left running or open."""
        if self.alive:
            self.kill()
        if self.master >= 0:
            os.close(self.master)
            self.master = -1
