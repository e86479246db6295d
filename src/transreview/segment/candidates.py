"""Candidate sentence ends found in a whole text at once, as a scan of each line would find them.

A language module describes its candidates as terminator runs keyed by their first character
plus a common tail whose whitespace never crosses a line end (``SPACE``), so a match never
reaches past its line and a scan of the whole text finds what a scan of each line, bounded by
it, finds. ``Candidates.scan`` runs one pattern per first character that occurs in the text:
each begins with that literal character, which the regex engine finds with a fast search, where
a pattern starting with a character class tests every position.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

SPACE = r"[^\S\r\n]"
"""Whitespace other than a line end."""


@dataclass(frozen=True, slots=True)
class Candidates:
    """A candidate pattern, whole (``combined``) and split by the first character of its run."""

    combined: re.Pattern[str]
    """Any run and the tail; a leading lookahead lets a scan skip non-terminators quickly."""
    by_first: dict[str, re.Pattern[str]]
    """For each first character, the runs starting with it and the tail."""

    def scan(self, text: str) -> list[re.Match[str]]:
        """``list(self.combined.finditer(text))``, from the scans of the characters present.

        The first character of ``by_first`` (the commonest) is scanned with ``finditer``, the
        others, rarer, are looked for with ``str.find`` and merged in. A position that no earlier
        match covers is tried by the scan of its character alike, so while the matches of the
        separate scans do not overlap they are exactly the combined scan's; the lines where two
        overlap (a run such as ``?!`` found by two scans) are scanned again whole, as a scan never
        crosses a line end.
        """
        present = [(first, pattern) for first, pattern in self.by_first.items() if first in text]
        if not present:
            return []
        matches = list(present[0][1].finditer(text))
        if len(present) == 1:
            return matches
        others = sorted((match for first, pattern in present[1:]
                         for match in _find(text, first, pattern)), key=re.Match.start)
        starts = list(map(re.Match.start, matches))
        merged: list[re.Match[str]] = []
        lines: set[tuple[int, int]] = set()
        done = end = 0
        for other in others:
            at = other.start()
            index = bisect_left(starts, at, done)
            if at < end or (index and matches[index - 1].end() > at) or (
                index < len(starts) and other.end() > starts[index]
            ):
                lines.add(_line(text, at))
            merged += matches[done:index]
            merged.append(other)
            done, end = index, other.end()
        merged += matches[done:]
        return self._rescan(text, merged, sorted(lines)) if lines else merged

    def _rescan(self, text: str, matches: list[re.Match[str]], lines: list[tuple[int, int]]
                ) -> list[re.Match[str]]:
        """``matches`` with those of each of ``lines`` (sorted bounds) replaced by the combined
        scan of the line."""
        starts = list(map(re.Match.start, matches))
        merged: list[re.Match[str]] = []
        done = 0
        for lo, hi in lines:
            merged += matches[done:bisect_left(starts, lo, done)]
            merged += self.combined.finditer(text, lo, hi)
            done = bisect_left(starts, hi, done)
        return merged + matches[done:]


def _find(text: str, first: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))`` for a ``pattern`` whose matches begin with ``first``:
    matches are tried only where ``str.find`` finds that character."""
    found: list[re.Match[str]] = []
    at = text.find(first)
    while at >= 0:
        match = pattern.match(text, at)
        if match is None:
            at = text.find(first, at + 1)
        else:
            found.append(match)
            at = text.find(first, match.end())
    return found


def _line(text: str, at: int) -> tuple[int, int]:
    """The bounds of the ``\\n``-ended line holding ``at`` (several lines if ``\\r`` ends some:
    a scan never crosses a line end, so any whole lines can be scanned again together)."""
    hi = text.find("\n", at)
    return text.rfind("\n", 0, at) + 1, len(text) if hi < 0 else hi


def candidates(runs: dict[str, str], tail: str) -> Candidates:
    """Compile ``(?P<run>RUN)TAIL`` for each first character and run of ``runs`` (each run must
    begin with its key, as a literal) and for all runs at once."""
    firsts = "".join(re.escape(first) for first in runs)
    combined = re.compile(rf"(?=[{firsts}])(?P<run>{'|'.join(runs.values())}){tail}")
    return Candidates(combined, {first: re.compile(rf"(?P<run>{run}){tail}")
                                 for first, run in runs.items()})
