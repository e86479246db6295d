"""Large values handed between the processes of one run through a file the receiver maps.

A process pool moves a task's arguments and result as a pickle through a pipe, a pipe's buffer
at a time, and the thread that reads it competes for the GIL with the receiving process's work:
on a two-core machine 21 MB of score arrays took 0.08–0.21 s that way, and 0.02–0.03 s written
to a file that the receiver maps. So ``handed`` writes a value's pickle (protocol 5, numpy arrays as
out-of-band buffers) to a file in the run's folder and only the file's name travels; the
receiver's arrays are read-only views of the mapping, never copied. Without a folder (a run
without workers, a plain executor) the value travels as itself.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle
import tempfile
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")

_FOLDER: list[str] = []
"""The run's folder for handed values (empty: values travel as themselves)."""


def use_folder(folder: str) -> None:
    """Hand values through files in ``folder`` from now on ("": as themselves). Set before a
    pool's workers start, so that forked workers hand their results the same way."""
    _FOLDER[:] = [folder] if folder else []


@dataclass(frozen=True, slots=True)
class Handoff(Generic[T]):
    """A value handed to another process: a file's name, or the value itself."""

    path: str = ""
    """The file holding the pickle and then its buffers ("": the value is ``inline``)."""
    sizes: tuple[int, ...] = ()
    """The size of the pickle, then of each buffer."""
    inline: Any = None
    """The value, when it travels as itself."""

    def value(self, keep: bool = False) -> T:
        """The value; its file is removed unless ``keep`` (a value that several tasks read,
        which the sender removes once they are done: ``discard``)."""
        if not self.path:
            return cast(T, self.inline)
        with open(self.path, "rb") as file:
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        if not keep:
            _remove(self.path)
        view = memoryview(mapped)
        parts, start = [], 0
        for size in self.sizes:
            parts.append(view[start : start + size])
            start += size
        return cast(T, pickle.loads(parts[0], buffers=parts[1:]))

    def discard(self) -> None:
        """Remove the file of a value read with ``keep``."""
        if self.path:
            _remove(self.path)


def _remove(path: str) -> None:
    """Remove a handed file; where a mapped file cannot be removed (Windows), it stays until
    the run's folder is removed."""
    with contextlib.suppress(PermissionError):
        os.unlink(path)


def handed(value: T) -> Handoff[T]:
    """``value`` ready to hand to another process of this run (see the module's docstring)."""
    if not _FOLDER:
        return Handoff(inline=value)
    buffers: list[pickle.PickleBuffer] = []
    head = pickle.dumps(value, protocol=5, buffer_callback=buffers.append)
    descriptor, path = tempfile.mkstemp(suffix=".handoff", dir=_FOLDER[0])
    sizes = [len(head)]
    with os.fdopen(descriptor, "wb") as file:
        file.write(head)
        for buffer in buffers:
            raw = buffer.raw()
            file.write(raw)
            sizes.append(raw.nbytes)
    return Handoff(path, tuple(sizes))
