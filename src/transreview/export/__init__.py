"""Export a review snapshot: the corrected text, bilingual files, diffs, data and a report.

In: a ``ReviewSnapshot`` (from a review session, or from an analysis with no edits) and a format
name from ``FORMATS``. Out: the file's bytes; writing them (atomically) is the caller's job.
Formats that hold the Chinese source refuse a snapshot without one with a ``UsageError``.
"""

from __future__ import annotations

from transreview.errors import UsageError
from transreview.export import dmp, jsondoc, patch, report, tmx, txt, xliff
from transreview.export.base import Exporter
from transreview.model import ReviewSnapshot

FORMATS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (txt.EXPORTER, tmx.EXPORTER, xliff.EXPORTER, patch.EXPORTER, dmp.EXPORTER,
                     jsondoc.EXPORTER, report.EXPORTER)
}

__all__ = ["FORMATS", "Exporter", "render"]


def render(snapshot: ReviewSnapshot, fmt: str) -> bytes:
    """The snapshot in format ``fmt`` as bytes."""
    exporter = FORMATS.get(fmt)
    if exporter is None:
        raise UsageError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    if exporter.needs_source and snapshot.zh is None:
        raise UsageError(f"the {fmt} format pairs the English with its Chinese source: "
                         "pass --zh ZH (or a review session that has it)")
    return exporter.render(snapshot)
