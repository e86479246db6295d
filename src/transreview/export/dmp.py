"""diff-match-patch patch text from the original English to the corrected English.

Applied with ``diff_match_patch.patch_fromText`` and ``patch_apply`` on the original decoded text;
characters are percent-encoded by diff-match-patch, so the file is plain ASCII. Patches are made
per window of text around the edits (``WINDOW`` characters either side, overlapping windows
merged) and shifted to their place in the whole text: diff-match-patch's ``patch_make`` rescans
the whole text for every patch, which takes tens of seconds on a book-length document. Context is
thus made unique within its window, not the whole text; a text shorter than a window gives
exactly ``patch_make``'s output. The diff has no time limit, so the output does not depend on how
busy the machine is.
"""

from __future__ import annotations

from collections.abc import Iterator

from transreview.export.base import Exporter
from transreview.model import ReviewSnapshot

WINDOW = 1000
"""Characters of unchanged text kept on each side of an edited segment."""


def windows(snapshot: ReviewSnapshot) -> Iterator[tuple[int, int, str]]:
    """(start, end, corrected text) of each window of the original text that holds edits."""
    text = snapshot.en.text
    spans: list[tuple[int, int, list[int]]] = []
    for segment, state in zip(snapshot.en_segments, snapshot.segments, strict=True):
        if state.current == state.original:
            continue
        start, end = max(0, segment.start - WINDOW), min(len(text), segment.end + WINDOW)
        if spans and start <= spans[-1][1]:
            first, _, indices = spans[-1]
            spans[-1] = (first, end, [*indices, segment.index])
        else:
            spans.append((start, end, [segment.index]))
    for start, end, indices in spans:
        pieces, cursor = [], start
        for index in indices:
            segment = snapshot.en_segments[index]
            pieces += [text[cursor : segment.start], snapshot.segments[index].current]
            cursor = segment.end
        pieces.append(text[cursor:end])
        yield start, end, "".join(pieces)


def render(snapshot: ReviewSnapshot) -> bytes:
    """The patch text (empty when nothing changed)."""
    from diff_match_patch import diff_match_patch

    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    patches = []
    shift = 0
    for start, end, after in windows(snapshot):
        before = snapshot.en.text[start:end]
        for patch in engine.patch_make(before, after):
            patch.start1 += start + shift
            patch.start2 += start + shift
            patches.append(patch)
        shift += len(after) - len(before)
    return str(engine.patch_toText(patches)).encode("ascii")


EXPORTER = Exporter("dmp", "diff-match-patch patch text of the edits", ".dmp", False, render)
