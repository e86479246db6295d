"""Errors that reach the user as a one-line message and exit status 2, never a traceback."""

from __future__ import annotations

_CONTROL = {code: f"\\x{code:02x}" for code in (*range(32), 127)}
"""Control characters in a message are shown escaped, so it stays one line on a terminal."""


class InputError(Exception):
    """Unreadable or invalid input: names the file, the line where known, and what is wrong."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}".translate(_CONTROL)


class UsageError(Exception):
    """A command line that cannot be carried out as given (exit 2)."""
