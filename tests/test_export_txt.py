"""txt export: byte-identical to the input without edits; with edits only edited spans change."""

from __future__ import annotations

import codecs
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.errors import InputError
from transreview.export import render
from transreview.ingest import decode, read_document
from transreview.model import Document, ReviewSnapshot, Segment, SegmentState, Signature
from transreview.resources import bundled_corpus

_LINE = re.compile(r"[^\r\n]+")


def line_segments(document: Document) -> tuple[Segment, ...]:
    """One segment per non-blank line, surrounding spaces excluded."""
    segments: list[Segment] = []
    for match in _LINE.finditer(document.text):
        stripped = match.group().strip()
        if not stripped:
            continue
        start = match.start() + match.group().index(stripped)
        segments.append(Segment(len(segments), start, start + len(stripped), stripped,
                                len(segments)))
    return tuple(segments)


def snapshot_of(document: Document, edits: dict[int, str] | None = None) -> ReviewSnapshot:
    """A snapshot of ``document`` segmented by line, with ``edits`` (segment -> new text)."""
    segments = line_segments(document)
    edits = edits or {}
    states = tuple(SegmentState(s.index, s.text, edits.get(s.index, s.text)) for s in segments)
    return ReviewSnapshot(document, None, segments, (), (), states, (), (), Signature("test"))


def export_file(path: Path, edits: dict[int, str] | None = None) -> bytes:
    """txt export of the file at ``path`` with ``edits``."""
    return render(snapshot_of(read_document(str(path)), edits), "txt")


def test_bundled_corpus_is_byte_identical() -> None:
    """The bundled English text comes back byte for byte."""
    path = bundled_corpus() / "en.txt"
    assert export_file(path) == path.read_bytes()


VARIANTS = {
    "lf": b"First line.\n\nSecond line.\n",
    "crlf": b"First line.\r\n\r\nSecond line.\r\n",
    "cr": b"First line.\r\rSecond line.\r",
    "mixed": b"First line.\r\nSecond line.\nThird.\rFourth.",
    "no-final-newline": b"First line.\n\nSecond line.",
    "bom-crlf": codecs.BOM_UTF8 + "Caf\u00e9 “quoted”.\r\n\r\n\r\nSecond.\r\n".encode(),
    "blank-lines-and-spaces": b"\n\n  Indented line.  \n\t\nLast.\n\n\n",
    "utf16-bom": codecs.BOM_UTF16_LE + "Line one.\r\nLine two.\r\n".encode("utf-16-le"),
    "empty": b"",
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variants_are_byte_identical(tmp_path: Path, name: str) -> None:
    """BOMs, CRLF/LF/CR endings, blank lines and a missing final newline all survive."""
    path = tmp_path / f"{name}.txt"
    path.write_bytes(VARIANTS[name])
    assert export_file(path) == VARIANTS[name]


def test_gb18030_input_is_written_back_in_gb18030(tmp_path: Path) -> None:
    """A file read with an explicit encoding is written in that encoding."""
    data = "上海。\r\nShanghai.\r\n".encode("gb18030")
    document = decode("gb.txt", data, "gb18030")
    assert render(snapshot_of(document), "txt") == data
    edited = render(snapshot_of(document, {1: "Shanghai City."}), "txt")
    assert edited == "上海。\r\nShanghai City.\r\n".encode("gb18030")


def test_edit_changes_only_its_span(tmp_path: Path) -> None:
    """An edit of one line replaces exactly that span; BOM, endings and other lines stay."""
    original = VARIANTS["bom-crlf"]
    path = tmp_path / "bom.txt"
    path.write_bytes(original)
    out = export_file(path, {1: "Second, corrected."})
    assert out == original.replace(b"Second.", b"Second, corrected.")


def test_unencodable_edit_is_an_input_error() -> None:
    """An edit a legacy encoding cannot hold is refused with a message naming the file."""
    document = decode("latin.txt", "Caf\u00e9.\n".encode("latin-1"), "latin-1")
    with pytest.raises(InputError, match=r"latin\.txt: .*cannot encode"):
        render(snapshot_of(document, {0: "咖啡."}), "txt")


_ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])
_WORDS = st.text(alphabet="abc XYZ.,“”上海é", min_size=0, max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(st.tuples(_WORDS, _ENDINGS), min_size=1, max_size=8),
    last_newline=st.booleans(),
    bom=st.booleans(),
    new_text=st.text(alphabet="xyz 上.", min_size=0, max_size=10),
    which=st.integers(min_value=0, max_value=20),
)
def test_edit_property(lines: list[tuple[str, str]], last_newline: bool, bom: bool,
                       new_text: str, which: int) -> None:
    """For any layout, txt = original bytes with only the chosen segment's span replaced."""
    text = "".join(body + ending for body, ending in lines)
    if not last_newline:
        text = text[: -len(lines[-1][1])]
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode()
    document = decode("p.txt", data)
    assert render(snapshot_of(document), "txt") == data
    segments = line_segments(document)
    if not segments:
        return
    target = segments[which % len(segments)]
    out = render(snapshot_of(document, {target.index: new_text}), "txt")
    expected = text[: target.start] + new_text + text[target.end :]
    assert out == (codecs.BOM_UTF8 if bom else b"") + expected.encode()


def test_snapshot_corrected_text_is_what_txt_writes() -> None:
    """txt writes ``corrected_text`` and nothing else (no normalisation of any kind)."""
    document = Document("x.txt", "A.\r\n\r\nB.  \n", bom=True)
    snapshot = snapshot_of(document, {0: "A!"})
    assert render(snapshot, "txt") == codecs.BOM_UTF8 + b"A!\r\n\r\nB.  \n"
    both = replace(snapshot, segments=(*snapshot.segments[:1], SegmentState(1, "B.", "B?")))
    assert render(both, "txt") == codecs.BOM_UTF8 + b"A!\r\n\r\nB?  \n"
