"""Atomic output: a file is replaced only by a complete new one, never left half-written."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from transreview.errors import InputError, UsageError


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (best effort: not every platform can open folders)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def refuse_input(path: str, inputs: Iterable[str | None]) -> None:
    """A ``UsageError`` when the output ``path`` is one of the ``inputs`` (the same file, by
    any name): writing there would replace the text being read, and it would be lost."""
    if path in ("-", "") or not os.path.exists(path):
        return
    for given in inputs:
        if given and given != "-" and os.path.exists(given) and os.path.samefile(path, given):
            raise UsageError(f"-o {path}: that is the input {given}; write the output to "
                             "another file")


def write_atomic(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    ``-`` writes to stdout. A symbolic link is followed, so the file it points to is replaced.
    A missing or read-only folder, or a folder given as the file, is an ``InputError`` naming
    the path; the temporary file never outlives a failure or an interruption.
    """
    if path == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    if path == "":
        raise InputError(path, "empty output file name")
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InputError(path, "is a directory; give a file name to write")
    if not folder.is_dir():
        raise InputError(path, f"output folder {str(folder)!r} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except PermissionError:
        raise InputError(path, f"output folder {str(folder)!r} is not writable") from None
    except OSError as error:
        raise InputError(path, f"cannot write: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(path, f"cannot write: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
