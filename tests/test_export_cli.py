"""`transreview export` run as a subprocess: sessions, fresh analyses, stdout, atomic output."""

from __future__ import annotations

import codecs
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from test_export_golden import SAMPLE, build_snapshot
from translate.storage.tmx import tmxfile

from transreview.ingest import read_document
from transreview.model import Alignment, Document, Finding, Segment, Signature
from transreview.resources import bundled_corpus
from transreview.review import ReviewSession, default_session_path


def export(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``transreview export`` with ``args``."""
    return subprocess.run([sys.executable, "-m", "transreview", "export", *args],
                          capture_output=True, check=False, cwd=cwd)


@dataclass(frozen=True, slots=True)
class SampleAnalysis:
    """The hand-made analysis of tests/golden/sample, as a review session stores it."""

    en_segments: tuple[Segment, ...]
    zh_segments: tuple[Segment, ...]
    alignment: Alignment | None
    findings: tuple[Finding, ...]
    signature: Signature


def sample_analyzer(en: Document, zh: Document | None, glossary: str | None) -> SampleAnalysis:
    """The sample's segments, beads and findings for ``en`` and ``zh`` (no pipeline involved)."""
    snapshot = build_snapshot(en, zh)
    alignment = Alignment(snapshot.zh_segments, snapshot.en_segments, snapshot.beads)
    return SampleAnalysis(snapshot.en_segments, snapshot.zh_segments,
                          alignment if zh is not None else None,
                          tuple(state.finding for state in snapshot.findings), snapshot.signature)


@pytest.fixture()
def reviewed(tmp_path: Path) -> Path:
    """A copy of the sample with a session beside it: two accepts, a reject, an edit (which
    resolves the finding on its segment)."""
    for name in ("en.txt", "zh.txt"):
        shutil.copy(SAMPLE / name, tmp_path / name)
    en = str(tmp_path / "en.txt")
    session = ReviewSession.open(en, str(tmp_path / "zh.txt"), reviewer="tester",
                                 analyzer=sample_analyzer)
    try:
        by_rule = {state.finding.rule: state.id for state in session.snapshot().findings}
        session.accept(by_rule["number-mismatch"])
        session.accept(by_rule["missing-term"])
        session.reject(by_rule["forbidden-term"])
        session.edit(3, "It is at the forefront of reform & opening-up.")
    finally:
        session.close()
    assert default_session_path(en).is_file()
    return tmp_path


def test_txt_uses_the_session_beside_the_file(reviewed: Path) -> None:
    """EN with a session: the txt has the accepted and typed edits and nothing else changed."""
    out = reviewed / "out.txt"
    result = export(str(reviewed / "en.txt"), "--format", "txt", "-o", str(out))
    assert result.returncode == 0, result.stderr
    original = (SAMPLE / "en.txt").read_bytes()
    expected = (original.replace(b"4.27", b"4.72").replace(b"in shanghai", b"in Shanghai")
                .replace(b"It is the frontier of reform & opening up.",
                         b"It is at the forefront of reform & opening-up."))
    assert out.read_bytes() == expected


def test_changed_english_is_warned_about(reviewed: Path) -> None:
    """EN changed after the review: the reviewed version is exported, with a warning."""
    en = reviewed / "en.txt"
    en.write_bytes(en.read_bytes() + b"A new line.\n")
    result = export(str(en), "--format", "txt", "-o", "-")
    assert result.returncode == 0, result.stderr
    assert b"changed since the review session" in result.stderr
    assert b"A new line." not in result.stdout and b"4.72 trillion" in result.stdout


def test_json_and_tmx_from_session_path(reviewed: Path) -> None:
    """--session PATH alone exports that session: json has the edits, tmx the corrected pairs."""
    session = str(default_session_path(str(reviewed / "en.txt")))
    result = export("--session", session, "--format", "json", "-o", "-")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [e["reviewer"] for e in data["edits"]] == ["tester"] * 3
    assert {f["rule"]: f["status"] for f in data["findings"]} == {
        "forbidden-term": "rejected", "number-mismatch": "accepted",
        "length-ratio": "accepted", "missing-term": "accepted"}
    assert data["metrics"]["hter"] > 0
    out = reviewed / "pairs.tmx"
    assert export("--session", session, "--format", "tmx", "-o", str(out)).returncode == 0
    store = tmxfile(BytesIO(out.read_bytes()))
    assert len(store.units) == 5
    assert store.units[1].source.startswith("2023年")
    assert "4.72 trillion" in store.units[1].target


def test_session_refuses_zh_and_glossary(reviewed: Path) -> None:
    """--session with --zh: exit 2 and one line saying why."""
    session = str(default_session_path(str(reviewed / "en.txt")))
    result = export("--session", session, "--zh", str(reviewed / "zh.txt"), "--format", "txt",
                    "-o", "-")
    assert result.returncode == 2
    assert b"--session" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_missing_session_is_an_input_error(tmp_path: Path) -> None:
    """A session path that does not exist: exit 2 naming it, no traceback."""
    result = export("--session", str(tmp_path / "nope.sqlite"), "--format", "json", "-o", "-")
    assert result.returncode == 2
    assert b"nope.sqlite" in result.stderr and b"Traceback" not in result.stderr


def test_txt_without_session_is_byte_identical(tmp_path: Path) -> None:
    """No session: a fresh analysis with no edits gives back the input bytes (BOM, CRLF)."""
    data = codecs.BOM_UTF8 + b"Shanghai is big.  It grew.\r\n\r\nPudong is new.\r\n\r\n"
    (tmp_path / "en.txt").write_bytes(data)
    out = tmp_path / "out.txt"
    result = export(str(tmp_path / "en.txt"), "--format", "txt", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == data
    assert not default_session_path(str(tmp_path / "en.txt")).exists()


def test_bundled_corpus_exports(tmp_path: Path) -> None:
    """No EN and no session: the bundled corpus, unchanged, and its TMX pairs with the source."""
    corpus = bundled_corpus()
    if default_session_path(str(corpus / "en.txt")).exists():
        pytest.skip("this checkout has a review session of the bundled corpus")
    out = tmp_path / "out.txt"
    assert export("--format", "txt", "-o", str(out)).returncode == 0
    assert out.read_bytes() == (corpus / "en.txt").read_bytes()
    tmx = tmp_path / "out.tmx"
    result = export("--format", "tmx", "-o", str(tmx))
    assert result.returncode == 0, result.stderr
    store = tmxfile(BytesIO(tmx.read_bytes()))
    zh = read_document(str(corpus / "zh.txt")).text
    assert store.units and all(unit.source in zh for unit in store.units if unit.source)


def test_bilingual_format_without_source_keeps_old_output(tmp_path: Path) -> None:
    """tmx with no Chinese: exit 2 with a hint, and an existing output file is left as it was."""
    (tmp_path / "en.txt").write_bytes(b"Shanghai is big.\n")
    out = tmp_path / "out.tmx"
    out.write_bytes(b"previous")
    result = export(str(tmp_path / "en.txt"), "--format", "tmx", "-o", str(out))
    assert result.returncode == 2
    assert b"--zh" in result.stderr and b"Traceback" not in result.stderr
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en.txt", "out.tmx"]


def test_output_replaced_atomically(tmp_path: Path) -> None:
    """An existing output is replaced by the complete new file; no temporary file remains."""
    (tmp_path / "en.txt").write_bytes(b"Shanghai is big.\n")
    out = tmp_path / "out.json"
    out.write_bytes(b"old")
    assert export(str(tmp_path / "en.txt"), "--format", "json", "-o", str(out)).returncode == 0
    assert json.loads(out.read_bytes())["documents"]["en"]["path"].endswith("en.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en.txt", "out.json"]


def test_unknown_format_is_a_usage_error() -> None:
    """A format not in the registry: argparse refuses it with exit 2."""
    result = export("--format", "docx", "-o", "-")
    assert result.returncode == 2 and b"docx" in result.stderr


def test_session_without_source_refuses_a_late_zh(tmp_path: Path) -> None:
    """EN's session was made without Chinese: --zh cannot pair it, and the message says how."""
    shutil.copy(SAMPLE / "en.txt", tmp_path / "en.txt")
    en = str(tmp_path / "en.txt")
    ReviewSession.open(en, reviewer="tester", analyzer=sample_analyzer).close()
    result = export(en, "--zh", str(SAMPLE / "zh.txt"), "--format", "tmx", "-o", "-")
    assert result.returncode == 2
    assert b"without a Chinese source" in result.stderr and result.stdout == b""
    result = export(en, "--format", "txt", "-o", "-")
    assert result.returncode == 0 and result.stdout == (SAMPLE / "en.txt").read_bytes()


def test_output_never_replaces_an_input(tmp_path: Path) -> None:
    corpus = bundled_corpus()
    en = tmp_path / "en.txt"
    shutil.copyfile(corpus / "en.txt", en)
    before = en.read_bytes()
    for fmt in ("txt", "tmx"):
        done = export(str(en), "--zh", str(corpus / "zh.txt"), "--format", fmt, "-o", str(en))
        assert done.returncode == 2 and done.stdout == b""
        assert b"that is the input" in done.stderr
        assert en.read_bytes() == before
