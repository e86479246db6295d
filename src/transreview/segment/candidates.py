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
from collections.abc import Iterable
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

    def scan(self, text: str, tried: Iterable[int] | None = None) -> list[re.Match[str]]:
        """``list(self.combined.finditer(text))``, from the scans of the characters present.

        The first character of ``by_first`` (the commonest) is scanned with ``finditer``, the
        others, rarer, are looked for with ``str.find`` and merged in. A position that no earlier
        match covers is tried by the scan of its character alike, so while the matches of the
        separate scans do not overlap they are exactly the combined scan's. A match that starts
        inside another and ends where it ends (the ``!`` of ``?!``) is one the combined scan never
        tries, as it goes on from that end, so it is dropped. With the English and Chinese runs
        that is the only overlap (from any of its terminators a run reaches the same end); any
        other falls back to the combined scan.

        With ``tried``, the first character's runs are looked for only at those of its offsets,
        in order: the caller vouches that each match at another offset covers no other candidate
        and no other match covers it, and makes those matches itself (then they are left out,
        but for the fallback, which returns them too).
        """
        present = [(first, pattern) for first, pattern in self.by_first.items() if first in text]
        if not present:
            return []
        first, pattern = present[0]
        if tried is not None and first == next(iter(self.by_first)):
            matches = _at(text, pattern, tried)
        else:
            matches = list(pattern.finditer(text))
        if len(present) == 1:
            return matches
        others = sorted((match for first, pattern in present[1:]
                         for match in _find(text, first, pattern)), key=re.Match.start)
        starts = list(map(re.Match.start, matches))
        merged: list[re.Match[str]] = []
        done = 0
        for other in others:
            at, end = other.span()
            index = bisect_left(starts, at, done)
            merged += matches[done:index]
            done = index
            if merged and merged[-1].end() > at:
                if merged[-1].end() != end:
                    return list(self.combined.finditer(text))
                continue
            if index < len(starts) and starts[index] < end:
                if matches[index].end() != end:
                    return list(self.combined.finditer(text))
                done += 1
            merged.append(other)
        return merged + matches[done:]


def _at(text: str, pattern: re.Pattern[str], offsets: Iterable[int]) -> list[re.Match[str]]:
    """The matches of ``pattern`` tried at ``offsets`` in order, each from the end of the last
    on, as ``finditer`` tries them."""
    found: list[re.Match[str]] = []
    done = 0
    for at in offsets:
        if at >= done:
            match = pattern.match(text, at)
            if match is not None:
                found.append(match)
                done = match.end()
    return found


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


def candidates(runs: dict[str, str], tail: str) -> Candidates:
    """Compile ``(?P<run>RUN)TAIL`` for each first character and run of ``runs`` (each run must
    begin with its key, as a literal) and for all runs at once."""
    firsts = "".join(re.escape(first) for first in runs)
    combined = re.compile(rf"(?=[{firsts}])(?P<run>{'|'.join(runs.values())}){tail}")
    return Candidates(combined, {first: re.compile(rf"(?P<run>{run}){tail}")
                                 for first, run in runs.items()})
