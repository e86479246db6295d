"""The review session as JSON data: documents, segments, beads, findings, edits, metrics.

Offsets are characters of the original text; ``line``/``column`` are 1-based like ``check``'s
findings. Keys keep a fixed order and each segment, bead, finding and edit is one line, so
exports diff cleanly. ``session.schema.json`` beside this module is the JSON Schema of the output.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from transreview.export.base import Exporter
from transreview.metrics import edit_metrics
from transreview.model import Document, ReviewSnapshot, Segment

FORMAT_VERSION = 1


def _document(document: Document | None) -> dict[str, Any] | None:
    if document is None:
        return None
    return {"path": document.path, "encoding": document.encoding, "bom": document.bom,
            "newline": document.newline, "characters": len(document.text)}


def _segment(segment: Segment) -> dict[str, Any]:
    return {"index": segment.index, "start": segment.start, "end": segment.end,
            "paragraph": segment.paragraph, "text": segment.text}


def session_data(snapshot: ReviewSnapshot) -> dict[str, Any]:
    """The snapshot as plain JSON-ready data."""
    from transreview.checks.base import LineIndex  # numpy and the checks: not at start-up

    original = [state.original for state in snapshot.segments]
    corrected = [state.current for state in snapshot.segments]
    metrics = edit_metrics(original, corrected)
    lines = LineIndex(snapshot.en.text)
    segments = []
    for segment, state, hter in zip(
        snapshot.en_segments, snapshot.segments, metrics.segment_hter, strict=True
    ):
        segments.append({
            "index": segment.index, "start": segment.start, "end": segment.end,
            "paragraph": segment.paragraph, "status": state.status,
            "original": state.original, "current": state.current, "hter": hter,
        })
    findings = []
    for finding_state in snapshot.findings:
        finding = finding_state.finding
        line, column, end_line, end_column = lines.span(finding.start, finding.end)
        findings.append({
            "id": finding_state.id, "status": finding_state.status, "rule": finding.rule,
            "severity": finding.severity.value, "message": finding.message,
            "start": finding.start, "end": finding.end, "line": line, "column": column,
            "end_line": end_line, "end_column": end_column, "segment": finding.segment,
            "zh_segment": finding.zh_segment, "term": finding.term,
            "suggestion": finding.suggestion,
        })
    signature = asdict(snapshot.signature)
    signature["text"] = snapshot.signature.to_text()
    return {
        "version": FORMAT_VERSION,
        "signature": signature,
        "documents": {"en": _document(snapshot.en), "zh": _document(snapshot.zh)},
        "segments": segments,
        "zh_segments": [_segment(segment) for segment in snapshot.zh_segments],
        "beads": [{"zh": list(bead.zh), "en": list(bead.en), "score": bead.score}
                  for bead in snapshot.beads],
        "findings": findings,
        "edits": [asdict(edit) for edit in snapshot.edits],
        "metrics": {
            "hter": metrics.hter, "chrf": metrics.chrf, "bleu": metrics.bleu,
            "segments": len(snapshot.segments), "edited_segments": metrics.edited,
            "reviewed_segments": sum(1 for s in snapshot.segments if s.status != "unreviewed"),
        },
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def render(snapshot: ReviewSnapshot) -> bytes:
    """The snapshot as UTF-8 JSON: a top-level key per line, list items one per line.

    Items are dumped by the C encoder (an ``indent`` would force the slow pure-Python one).
    """
    lines = []
    for key, value in session_data(snapshot).items():
        if isinstance(value, list) and value:
            items = ",\n  ".join(map(_dumps, value))
            lines.append(f"{_dumps(key)}: [\n  {items}\n ]")
        else:
            lines.append(f"{_dumps(key)}: {_dumps(value)}")
    return ("{\n " + ",\n ".join(lines) + "\n}\n").encode("utf-8")


EXPORTER = Exporter("json", "the review session as data (segments, beads, findings, edits, "
                    "metrics)", ".json", False, render)
