"""The compiled dictionary's cache: a read marks the file used, and a new compiled form deletes
only the others no run has read for ``UNUSED_DAYS`` (another installed version keeps its own)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from transreview.align.lexicon import (
    UNUSED_DAYS,
    _forget_unused,
    _pack,
    _pack_widths,
    _read,
    _write,
)


def test_only_long_unread_compiled_forms_are_deleted(tmp_path: Path) -> None:
    old = time.time() - (UNUSED_DAYS + 1) * 86_400
    for name in ("cedict-a.marshal", "cedict-b.marshal", "cedict-new.marshal", "notes.marshal"):
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, (old, old))
    os.utime(tmp_path / "cedict-b.marshal")  # read lately, by another version
    _forget_unused(tmp_path, "cedict-new.marshal")
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "cedict-b.marshal", "cedict-new.marshal", "notes.marshal"]


def test_a_read_marks_the_file_used(tmp_path: Path) -> None:
    payload = ("key", _pack({"上": "up"}), _pack({"上": "shang"}), _pack_widths({"上海": (2,)}))
    assert _write(tmp_path, "cedict-key.marshal", payload)
    path = tmp_path / "cedict-key.marshal"
    old = time.time() - (UNUSED_DAYS + 1) * 86_400
    os.utime(path, (old, old))
    assert _read(path, "other key") is None and path.stat().st_mtime == old
    found = _read(path, "key")
    assert found is not None and found.glosses == {"上": "up"}
    assert path.stat().st_mtime > old
