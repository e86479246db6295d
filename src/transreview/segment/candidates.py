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
from dataclasses import dataclass
from operator import gt

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

        A position that no earlier match covers is tried by the scan of its character alike, so
        while the matches of the separate scans do not overlap they are exactly the combined
        scan's; a rare overlap (a run such as ``?!`` found by two scans) falls back to it.
        """
        scans = [pattern for first, pattern in self.by_first.items() if first in text]
        if len(scans) <= 1:
            return [match for pattern in scans for match in pattern.finditer(text)]
        matches = [match for pattern in scans for match in pattern.finditer(text)]
        matches.sort(key=re.Match.start)
        ends = map(re.Match.end, matches)
        if any(map(gt, ends, map(re.Match.start, matches[1:]))):
            return list(self.combined.finditer(text))
        return matches


def candidates(runs: dict[str, str], tail: str) -> Candidates:
    """Compile ``(?P<run>RUN)TAIL`` for each first character and run of ``runs`` (each run must
    begin with its key, as a literal) and for all runs at once."""
    firsts = "".join(re.escape(first) for first in runs)
    combined = re.compile(rf"(?=[{firsts}])(?P<run>{'|'.join(runs.values())}){tail}")
    return Candidates(combined, {first: re.compile(rf"(?P<run>{run}){tail}")
                                 for first, run in runs.items()})
