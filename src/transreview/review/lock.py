"""One writer per session file: an ``fcntl.flock`` on a side file ``<session>.lock``.

The kernel drops the lock when its holder exits, however it exits, so a lock left by a killed
process never blocks the next opener; the file's content (pid and host) only names the holder.
"""

from __future__ import annotations

import fcntl
import os
import socket
from pathlib import Path

from transreview.errors import InputError, UsageError


class SessionLockedError(UsageError):
    """The session is already open for writing in another process (or another session object)."""


class SessionLock:
    """An exclusive, non-blocking lock on one session file, held until ``release``."""

    def __init__(self, session_path: Path) -> None:
        self.path = session_path.with_name(session_path.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise ``SessionLockedError`` naming who holds it (``InputError``
        when the lock file cannot be created: a missing or read-only folder)."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            session = str(self.path.with_suffix(""))
            raise InputError(session, f"cannot open the review session for writing: "
                             f"{error.strerror or error} ({self.path})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise SessionLockedError(
                f"the review session {self.path.with_suffix('')} is already open ({holder}); "
                "close it there first, or open it with --read-only"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        """Drop the lock (idempotent)."""
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
