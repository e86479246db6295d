"""Every format on the real pipeline's analysis of the bundled corpus, read back independently."""

from __future__ import annotations

import codecs
import json
import subprocess
from dataclasses import replace
from functools import cache
from io import BytesIO
from pathlib import Path

import pytest
from diff_match_patch import diff_match_patch
from test_export_json import validate
from translate.storage.tmx import tmxfile
from translate.storage.xliff2 import Xliff2File

from transreview.export import FORMATS, render
from transreview.glossary import load_glossary
from transreview.ingest import decode, read_document
from transreview.model import FindingState, ReviewSnapshot, SegmentState
from transreview.pipeline import analyze, snapshot_of
from transreview.resources import bundled_corpus, bundled_glossary


@cache
def corpus_snapshot() -> ReviewSnapshot:
    """The bundled corpus analysed with its source and glossary, no edits."""
    corpus = bundled_corpus()
    analysis = analyze(read_document(str(corpus / "en.txt")),
                       read_document(str(corpus / "zh.txt")),
                       load_glossary(str(bundled_glossary())))
    return snapshot_of(analysis)


def accepted(snapshot: ReviewSnapshot) -> ReviewSnapshot:
    """Every finding with a suggestion accepted (at most one per segment), as a session would."""
    segments = list(snapshot.segments)
    findings = []
    for state in snapshot.findings:
        finding = state.finding
        index = finding.segment
        if finding.suggestion is None or index is None or segments[index].current != \
                segments[index].original:
            findings.append(state)
            continue
        span = snapshot.en_segments[index]
        text = segments[index].current
        start, end = finding.start - span.start, finding.end - span.start
        segments[index] = SegmentState(index, span.text,
                                       text[:start] + finding.suggestion + text[end:], "edited")
        findings.append(FindingState(state.id, finding, "accepted"))
    assert any(s.current != s.original for s in segments)
    return replace(snapshot, segments=tuple(segments), findings=tuple(findings))


def test_txt_of_the_analysed_corpus_is_byte_identical() -> None:
    """The pipeline's segments put back without edits give the file's bytes."""
    snapshot = corpus_snapshot()
    assert render(snapshot, "txt") == (bundled_corpus() / "en.txt").read_bytes()


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\n"])
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("final", [False, True])
def test_txt_of_layout_variants_is_byte_identical(ending: str, bom: bool, final: bool) -> None:
    """The corpus re-laid with CRLF/CR/LF, with or without a BOM and a final newline."""
    lines = (bundled_corpus() / "en.txt").read_text(encoding="utf-8").splitlines()
    text = ending.join(lines) + (ending if final else "")
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode()
    document = decode("en.txt", data)
    snapshot = snapshot_of(analyze(document, glossary=load_glossary(str(bundled_glossary()))))
    assert render(snapshot, "txt") == data
    edited = accepted(snapshot)
    out = render(edited, "txt")
    expected = edited.corrected_text().encode()
    assert out == (codecs.BOM_UTF8 if bom else b"") + expected
    assert out.count(ending.encode()) == data.count(ending.encode())


def test_accepted_suggestions_change_only_their_spans() -> None:
    """With every suggestion accepted, the bytes outside the segments edited are unchanged."""
    snapshot = accepted(corpus_snapshot())
    out = render(snapshot, "txt").decode()
    original = snapshot.en.text
    edited = [s for s, state in zip(snapshot.en_segments, snapshot.segments, strict=True)
              if state.current != state.original]
    assert edited
    cursor_in, cursor_out = 0, 0
    for segment in edited:
        gap = original[cursor_in : segment.start]
        assert out[cursor_out : cursor_out + len(gap)] == gap
        cursor_out += len(gap) + len(snapshot.segments[segment.index].current)
        cursor_in = segment.end
    assert out[cursor_out:] == original[cursor_in:]


def test_tmx_and_xliff_of_the_corpus_read_back() -> None:
    """One unit per bead with the Chinese and the corrected English, in order."""
    snapshot = accepted(corpus_snapshot())
    zh = [" ".join(snapshot.zh_segments[i].text for i in b.zh) for b in snapshot.beads]
    en = [" ".join(snapshot.segments[i].current for i in b.en) for b in snapshot.beads]
    tmx = tmxfile(BytesIO(render(snapshot, "tmx")))
    assert len(tmx.units) == len(snapshot.beads)
    xliff = Xliff2File(BytesIO(render(snapshot, "xliff")))
    assert len(xliff.units) == len(snapshot.beads)
    for tm_unit, xl_unit, source, target in zip(tmx.units, xliff.units, zh, en, strict=True):
        assert tm_unit.source.replace(" ", "") == source.replace(" ", "")
        assert xl_unit.source == tm_unit.source
        assert tm_unit.target == xl_unit.target
        assert " ".join(target.split()) == tm_unit.target


def test_diffs_and_json_of_the_corpus_round_trip(tmp_path: Path) -> None:
    """patch (git apply), dmp and json of the accepted corpus give back the corrected text."""
    snapshot = accepted(corpus_snapshot())
    corrected = render(snapshot, "txt")
    (tmp_path / "en.txt").write_bytes((bundled_corpus() / "en.txt").read_bytes())
    (tmp_path / "change.patch").write_bytes(render(snapshot, "patch"))
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "apply", "change.patch"], cwd=tmp_path, check=True)
    assert (tmp_path / "en.txt").read_bytes() == corrected
    engine = diff_match_patch()
    text, applied = engine.patch_apply(
        engine.patch_fromText(render(snapshot, "dmp").decode()), snapshot.en.text)
    assert all(applied) and text.encode() == corrected
    data = json.loads(render(snapshot, "json"))
    validate(data)
    assert [s["current"] for s in data["segments"]] == [s.current for s in snapshot.segments]
    assert len(data["findings"]) == len(snapshot.findings)


def test_every_format_renders_the_corpus() -> None:
    """No format fails on the real analysis (source-side findings, null beads included)."""
    snapshot = accepted(corpus_snapshot())
    for name in FORMATS:
        assert render(snapshot, name)
