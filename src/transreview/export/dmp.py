"""diff-match-patch patch text from the original English to the corrected English.

Applied with ``diff_match_patch.patch_fromText`` and ``patch_apply`` on the original decoded text;
characters are percent-encoded by diff-match-patch, so the file is plain ASCII. The diff has no
time limit, so the output does not depend on how busy the machine is.
"""

from __future__ import annotations

from transreview.export.base import Exporter
from transreview.model import ReviewSnapshot


def render(snapshot: ReviewSnapshot) -> bytes:
    """The patch text (empty when nothing changed)."""
    from diff_match_patch import diff_match_patch

    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    patches = engine.patch_make(snapshot.en.text, snapshot.corrected_text())
    return str(engine.patch_toText(patches)).encode("ascii")


EXPORTER = Exporter("dmp", "diff-match-patch patch text of the edits", ".dmp", False, render)
