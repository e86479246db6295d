"""The corrected English as a text file, in the input's encoding, BOM and line endings.

With no edit the bytes equal the input file's; with edits only the edited spans differ, because
the text is the original with each segment's current text spliced in at its span. An edit the
file's encoding cannot hold is an ``InputError``.
"""

from __future__ import annotations

from transreview.export.base import Exporter
from transreview.ingest import encode
from transreview.model import ReviewSnapshot


def render(snapshot: ReviewSnapshot) -> bytes:
    """The corrected English, encoded like the original file."""
    return encode(snapshot.en, snapshot.corrected_text())


EXPORTER = Exporter("txt", "the corrected English text, byte-identical outside edits", ".txt",
                    False, render)
