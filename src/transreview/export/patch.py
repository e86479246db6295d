"""A unified diff of the original against the corrected English, for ``patch`` and ``git apply``.

Lines are split at ``\\n`` only, as ``patch`` does, so CRLF lines keep their ``\\r`` and a file
with bare CR line endings is a single line. A last line without a newline gets the
``\\ No newline at end of file`` marker. The paths are ``a/NAME`` and ``b/NAME`` with the English
file's name (apply with ``git apply`` or ``patch -p1`` beside the file). No edit gives an empty
file. The bytes are in the input's encoding, with its BOM on the first line.
"""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher
from pathlib import PurePath

from transreview.errors import UsageError
from transreview.export.base import Exporter
from transreview.ingest import encode
from transreview.model import ReviewSnapshot

_NO_NEWLINE = "\\ No newline at end of file\n"


def lines(text: str) -> list[str]:
    """``text`` split after each ``\\n``, line endings kept (the last piece may lack one)."""
    pieces = text.split("\n")
    out = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        out.append(pieces[-1])
    return out


def _range(start: int, length: int) -> str:
    """A hunk range as unified diff writes it: 1-based, the line before an empty range."""
    first = start + 1 if length else start
    return str(first) if length == 1 else f"{first},{length}"


def _emit(out: list[str], mark: str, line: str) -> None:
    out.append(mark + line)
    if not line.endswith("\n"):
        out.append("\n" + _NO_NEWLINE)


def unified_diff(before: str, after: str, name: str, context: int = 3) -> str:
    """The unified diff turning ``before`` into ``after`` (empty when they are equal)."""
    old, new = lines(before), lines(after)
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    out: list[str] = []
    for group in matcher.get_grouped_opcodes(context):
        if not out:
            out += [f"--- a/{name}\n", f"+++ b/{name}\n"]
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2] - first[1])} "
                   f"+{_range(first[3], last[4] - first[3])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for line in old[i1:i2]:
                    _emit(out, " ", line)
                continue
            for line in old[i1:i2]:
                _emit(out, "-", line)
            for line in new[j1:j2]:
                _emit(out, "+", line)
    return "".join(out)


def render(snapshot: ReviewSnapshot) -> bytes:
    """The unified diff of the snapshot's English file, encoded like the file."""
    document = snapshot.en
    if document.encoding.startswith("utf-16"):
        raise UsageError(f"{document.path}: patch and git apply cannot read {document.encoding}; "
                         "export txt instead")
    bom = "\ufeff" if document.bom else ""
    name = PurePath(document.path).name if document.path != "-" else "stdin.txt"
    diff = unified_diff(bom + document.text, bom + snapshot.corrected_text(), name)
    return encode(replace(document, bom=False), diff)


EXPORTER = Exporter("patch", "unified diff of the original vs the corrected English", ".patch",
                    False, render)
