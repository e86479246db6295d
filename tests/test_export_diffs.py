"""patch and dmp exports round-trip: real `patch`, `git apply` and diff-match-patch apply them."""

from __future__ import annotations

import codecs
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from diff_match_patch import diff_match_patch
from hypothesis import given, settings
from hypothesis import strategies as st
from test_export_golden import build_snapshot, sample_snapshot
from test_export_txt import line_segments, snapshot_of

from transreview.errors import UsageError
from transreview.export import render
from transreview.ingest import decode, read_document

LAYOUTS = {
    "lf": b"Alpha one.\nBeta two.\n\nGamma three.\nDelta four.\nEpsilon.\nZeta.\nEta.\nTheta.\n",
    "crlf": b"Alpha one.\r\nBeta two.\r\n\r\nGamma three.\r\nDelta.\r\nE.\r\nZ.\r\nEta.\r\nTh.\r\n",
    "cr": b"Alpha one.\rBeta two.\r\rGamma three.\r",
    "no-final-newline": b"Alpha one.\nBeta two.\n\nGamma three.\nDelta.\nE.\nZ.\nEta.\nTheta.",
    "bom": codecs.BOM_UTF8 + "Alpha “one”.\nBeta two.\nGamma.\n".encode(),
}


def edits_for(name: str) -> dict[int, str]:
    """Edits touching the first line, a middle line and the last line."""
    count = LAYOUTS[name].count(b".")
    return {0: "Alpha ONE, edited.", 1: "Beta 2.", count - 1: "Last, edited."}


def apply_with(tool: list[str], folder: Path, name: str, original: bytes, diff: bytes) -> bytes:
    """Write the original and the diff into ``folder``, run ``tool`` there, return the result."""
    (folder / name).write_bytes(original)
    (folder / "change.patch").write_bytes(diff)
    result = subprocess.run([*tool, "change.patch"], cwd=folder, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return (folder / name).read_bytes()


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("tool", [["patch", "-p1", "--binary", "-i"], ["git", "apply"]])
def test_unified_diff_applies(tmp_path: Path, layout: str, tool: list[str]) -> None:
    """``patch -p1`` and ``git apply`` turn the original file into the txt export."""
    if shutil.which(tool[0]) is None:
        pytest.skip(f"{tool[0]} is not installed")
    path = tmp_path / "en.txt"
    path.write_bytes(LAYOUTS[layout])
    snapshot = snapshot_of(read_document(str(path)), edits_for(layout))
    diff = render(snapshot, "patch")
    assert diff.startswith(b"--- a/en.txt\n+++ b/en.txt\n")
    work = tmp_path / "work"
    work.mkdir()
    if tool[0] == "git":
        subprocess.run(["git", "init", "-q"], cwd=work, check=True)
    assert apply_with(tool, work, "en.txt", LAYOUTS[layout], diff) == render(snapshot, "txt")


def test_unified_diff_of_the_sample_review_applies(tmp_path: Path) -> None:
    """The sample review's diff applies with ``patch`` to give the corrected text."""
    if shutil.which("patch") is None:
        pytest.skip("patch is not installed")
    snapshot = sample_snapshot()
    original = Path(snapshot.en.path).read_bytes()
    out = apply_with(["patch", "-p1", "-i"], tmp_path, "en.txt", original,
                     render(snapshot, "patch"))
    assert out == render(snapshot, "txt")
    assert b"4.72 trillion" in out and b"in Shanghai." in out


def test_no_edit_gives_an_empty_diff() -> None:
    """Nothing changed: the patch and dmp exports are empty."""
    document = decode("x.txt", LAYOUTS["lf"])
    assert render(snapshot_of(document), "patch") == b""
    assert render(snapshot_of(document), "dmp") == b""


def test_utf16_patch_is_refused() -> None:
    """``patch`` cannot read UTF-16, so the patch format says so instead of writing garbage."""
    document = decode("w.txt", codecs.BOM_UTF16_LE + "A.\n".encode("utf-16-le"))
    with pytest.raises(UsageError, match="utf-16"):
        render(snapshot_of(document, {0: "B."}), "patch")


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_dmp_patch_applies(layout: str) -> None:
    """diff-match-patch's own reader applies the dmp export to the original text exactly."""
    document = decode("en.txt", LAYOUTS[layout])
    snapshot = snapshot_of(document, edits_for(layout))
    engine = diff_match_patch()
    patches = engine.patch_fromText(render(snapshot, "dmp").decode("ascii"))
    result, applied = engine.patch_apply(patches, document.text)
    assert all(applied)
    assert result == snapshot.corrected_text()


def test_dmp_patch_of_the_sample_review_applies() -> None:
    """The sample review (non-ASCII text, several edits, an undo) round-trips through dmp."""
    snapshot = sample_snapshot()
    engine = diff_match_patch()
    result, applied = engine.patch_apply(
        engine.patch_fromText(render(snapshot, "dmp").decode("ascii")), snapshot.en.text)
    assert all(applied) and result == snapshot.corrected_text()
    unreviewed = build_snapshot(snapshot.en, None, reviewed=False)
    assert render(unreviewed, "dmp") == render(snapshot, "dmp")


_LINE_TEXT = st.text(alphabet="ab .“é\t", max_size=8)


@settings(max_examples=30, deadline=None)
@given(
    lines=st.lists(st.tuples(_LINE_TEXT, st.sampled_from(["\n", "\r\n", "\r"])), min_size=1,
                   max_size=12),
    final=st.booleans(),
    bom=st.booleans(),
    new_texts=st.lists(st.text(alphabet="xy .", max_size=6), min_size=1, max_size=4),
    picks=st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=4),
)
def test_unified_diff_applies_for_any_layout(lines: list[tuple[str, str]], final: bool,
                                             bom: bool, new_texts: list[str],
                                             picks: list[int]) -> None:
    """For any line layout and edits, ``patch`` turns the original into the txt export."""
    if shutil.which("patch") is None:
        pytest.skip("patch is not installed")
    text = "".join(body + ending for body, ending in lines)
    if not final:
        text = text[: -len(lines[-1][1])]
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode()
    document = decode("en.txt", data)
    segments = line_segments(document)
    if not segments:
        return
    edits = {segments[p % len(segments)].index: t for p, t in zip(picks, new_texts, strict=False)}
    snapshot = snapshot_of(document, edits)
    diff = render(snapshot, "patch")
    if not diff:
        assert render(snapshot, "txt") == data
        return
    with tempfile.TemporaryDirectory() as work:
        out = apply_with(["patch", "-p1", "-i"], Path(work), "en.txt", data, diff)
    assert out == render(snapshot, "txt")


def test_dmp_of_a_short_text_is_patch_makes_own() -> None:
    """A text shorter than a window gives exactly diff-match-patch's whole-text patch."""
    snapshot = sample_snapshot()
    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    whole = engine.patch_toText(engine.patch_make(snapshot.en.text, snapshot.corrected_text()))
    assert render(snapshot, "dmp").decode("ascii") == whole


def test_dmp_of_a_long_repetitive_text_applies() -> None:
    """Edits far apart in a text of repeated lines (context not unique) apply exactly, also
    after an edit that lengthens the text by exactly one line."""
    line = "The river runs to the sea and the sea runs to the river.\n"
    document = decode("long.txt", (line * 400).encode())
    longer = line.strip() + " " + "x" * (len(line) - 1)
    edits = {i: "The river runs to the ocean and the sea runs to the River." for i in (57, 58,
                                                                                      210, 399)}
    edits[0] = longer
    snapshot = snapshot_of(document, edits)
    engine = diff_match_patch()
    patches = engine.patch_fromText(render(snapshot, "dmp").decode("ascii"))
    assert len({p.start1 // 10_000 for p in patches}) > 1
    result, applied = engine.patch_apply(patches, document.text)
    assert all(applied) and result == snapshot.corrected_text()
