"""json export: the session as data, read back with ``json.loads``."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
from jsonschema import Draft202012Validator, ValidationError
from sacrebleu.metrics.chrf import CHRF
from sacrebleu.metrics.ter import TER
from test_export_golden import build_snapshot, sample_snapshot, unedited

from transreview.export import render


def test_json_holds_the_whole_session() -> None:
    """Segments, beads, findings with status, edits with reviewer and time, signature."""
    snapshot = sample_snapshot()
    data = json.loads(render(snapshot, "json"))
    assert data["version"] == 1
    assert data["signature"]["text"] == snapshot.signature.to_text()
    assert data["documents"]["en"]["path"] == snapshot.en.path
    assert [s["current"] for s in data["segments"]] == [s.current for s in snapshot.segments]
    assert [s["original"] for s in data["segments"]] == [s.original for s in snapshot.segments]
    assert [s["status"] for s in data["segments"]] == [s.status for s in snapshot.segments]
    assert [(b["zh"], b["en"]) for b in data["beads"]] == [
        (list(b.zh), list(b.en)) for b in snapshot.beads]
    assert [s["text"] for s in data["zh_segments"]] == [s.text for s in snapshot.zh_segments]
    assert {f["id"]: f["status"] for f in data["findings"]} == {
        "f1": "rejected", "f2": "accepted", "f3": "open", "f4": "accepted"}
    number = next(f for f in data["findings"] if f["id"] == "f2")
    assert (number["line"], number["column"]) == (1, snapshot.en.text.index("4.27") + 1)
    assert snapshot.en.text[number["start"] : number["end"]] == "4.27"
    assert [(e["kind"], e["reviewer"], e["timestamp"], e["finding"], e["reverts"])
            for e in data["edits"]] == [
        (e.kind, e.reviewer, e.timestamp, e.finding, e.reverts) for e in snapshot.edits]
    assert data["metrics"]["edited_segments"] == 3
    assert data["metrics"]["reviewed_segments"] == 5


def validate(data: object) -> None:
    """Validate ``data`` against the JSON Schema shipped with the json exporter."""
    schema = json.loads((files("transreview.export") / "session.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    Draft202012Validator(schema).validate(data)


def test_json_matches_its_schema() -> None:
    """The sample review, the same without source, and an unedited one all fit the schema."""
    snapshot = sample_snapshot()
    for variant in (snapshot, build_snapshot(snapshot.en, None), unedited(snapshot)):
        validate(json.loads(render(variant, "json")))
    broken = json.loads(render(snapshot, "json"))
    broken["findings"][0]["status"] = "ignored"
    with pytest.raises(ValidationError):
        validate(broken)


def test_json_metrics_are_sacrebleus() -> None:
    """HTER is sacrebleu's case-sensitive corpus TER of original vs corrected; chrF likewise."""
    snapshot = sample_snapshot()
    data = json.loads(render(snapshot, "json"))
    original = [s.original for s in snapshot.segments]
    corrected = [s.current for s in snapshot.segments]
    expected = TER(case_sensitive=True).corpus_score(original, [corrected]).score
    assert abs(data["metrics"]["hter"] - expected) < 1e-9
    assert data["metrics"]["hter"] > 0
    assert abs(data["metrics"]["chrf"] - CHRF().corpus_score(original, [corrected]).score) < 1e-9
    per_segment = [s["hter"] for s in data["segments"]]
    assert per_segment[0] == 0.0
    assert per_segment[4] == TER(case_sensitive=True).sentence_score(original[4],
                                                                      [corrected[4]]).score


def test_json_without_edits_or_source() -> None:
    """No edits: HTER 0, chrF and BLEU 100, every finding open; no source: zh is null."""
    snapshot = unedited(sample_snapshot())
    data = json.loads(render(snapshot, "json"))
    assert data["metrics"]["hter"] == 0.0
    assert data["metrics"]["chrf"] == data["metrics"]["bleu"] == 100.0
    assert data["edits"] == []
    assert {f["status"] for f in data["findings"]} == {"open"}
    bare = json.loads(render(build_snapshot(snapshot.en, None), "json"))
    assert bare["documents"]["zh"] is None
    assert bare["beads"] == [] and bare["zh_segments"] == []
