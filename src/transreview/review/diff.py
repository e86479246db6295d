"""Word-level diff of two versions of a sentence, for showing a reviewer what changed.

Words, runs of whitespace and single punctuation marks are the units: each distinct unit is
mapped to one private character so that diff-match-patch diffs units, not letters; its semantic
cleanup then merges small equalities into readable chunks. Out: (op, text) pairs with op -1
(deleted), 0 (kept) or 1 (inserted), whose texts concatenate to ``before`` (ops 0 and -1) and
``after`` (ops 0 and 1).
"""

from __future__ import annotations

import re

from diff_match_patch import diff_match_patch

_UNITS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
_BASE = 0xF0000
"""Plane 15 private use: never in the units themselves, so the mapping cannot collide."""


def word_diff(before: str, after: str) -> list[tuple[int, str]]:
    """The word-level edit script from ``before`` to ``after``."""
    if before == after:
        return [(0, before)] if before else []
    table: dict[str, str] = {}
    units: list[str] = []

    def encode(text: str) -> str:
        out = []
        for unit in _UNITS.findall(text):
            code = table.get(unit)
            if code is None:
                code = chr(_BASE + len(units))
                table[unit] = code
                units.append(unit)
            out.append(code)
        return "".join(out)

    engine = diff_match_patch()
    engine.Diff_Timeout = 0.2
    diffs = engine.diff_main(encode(before), encode(after), False)
    engine.diff_cleanupSemantic(diffs)
    return [(int(op), "".join(units[ord(c) - _BASE] for c in data)) for op, data in diffs if data]
