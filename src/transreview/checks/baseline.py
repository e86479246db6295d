"""Baselines: known findings recorded once, then suppressed, so a CI gate can start on a legacy
corpus and fail only on new problems.

A finding is keyed by its rule, the hash of its segment's text (whitespace-normalised) and the
text it is about, not by its position: editing other lines does not revive it, editing its own
sentence does. Each recorded key suppresses as many findings as it was recorded for.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from transreview.errors import InputError
from transreview.ingest import read_bytes
from transreview.output import write_atomic

if TYPE_CHECKING:
    from transreview.checks.batch import Records

DEFAULT_BASELINE = ".transreview-baseline.json"
_VERSION = 1

Key = tuple[str, str, str]


def write_baseline(path: str, keys: Iterable[Key]) -> int:
    """Record the findings whose suppression keys (rule, segment digest, term) are ``keys`` to
    ``path`` (atomically); return how many."""
    counts = Counter(keys)
    entries = [
        {"rule": rule, "segment": digest, "term": term, "count": count}
        for (rule, digest, term), count in sorted(counts.items())
    ]
    document = {"version": _VERSION, "tool": "transreview", "suppressions": entries}
    write_atomic(path, (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode())
    return sum(counts.values())


class Baseline:
    """Suppressions read from a baseline file."""

    def __init__(self, counts: Counter[Key] | None = None) -> None:
        self._left: Counter[Key] = counts or Counter()
        self.suppressed = 0
        """How many findings ``filter`` has hidden so far."""

    @classmethod
    def load(cls, path: str) -> Baseline:
        """Read a baseline written by ``write_baseline``; a malformed one is an ``InputError``."""
        try:
            document = json.loads(read_bytes(path).decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise InputError(path, f"not a transreview baseline (invalid JSON: {error})") from None
        entries = document.get("suppressions") if isinstance(document, dict) else None
        if not isinstance(entries, list):
            raise InputError(path, "not a transreview baseline (no 'suppressions' list)")
        counts: Counter[Key] = Counter()
        for number, entry in enumerate(entries, start=1):
            try:
                key = (str(entry["rule"]), str(entry["segment"]), str(entry.get("term", "")))
                counts[key] += int(entry.get("count", 1))
            except (KeyError, TypeError, ValueError, AttributeError):
                raise InputError(path, f"suppression {number} is malformed") from None
        return cls(counts)

    def keep(self, records: Records) -> Records:
        """The records whose finding is not suppressed."""
        keep = []
        for key in records.baseline_keys():
            suppress = self._left[key] > 0
            if suppress:
                self._left[key] -= 1
                self.suppressed += 1
            keep.append(not suppress)
        return records.where(keep)
