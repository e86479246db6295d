"""Streamed reading of large files (``read_blocks``): the same text, the same errors, in blocks."""

from __future__ import annotations

import gc
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.errors import InputError
from transreview.ingest import (
    _ANCHOR_CHARS,
    TextBlocks,
    _anchors,
    fallback_encoding,
    read_blocks,
    read_document,
)
from transreview.model import Document

LINES = ["The Pudong New Area opened in 1990.", "上海自由贸易试验区 (Shanghai FTZ) — “quoted”.",
         "Ünïcödé café, naïve résumé.", "Emoji 🙂 and CJK 𠀀 astral.", "", "A plain line."]


def mixed_text(lines: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    endings = ["\n", "\r\n", "\n"]
    return "".join(rng.choice(LINES) * rng.randint(1, 4) + rng.choice(endings)
                   for _ in range(lines))


@pytest.mark.parametrize("block_bytes", [256, 1 << 15])
@pytest.mark.parametrize(("encoding", "bom"),
                         [("utf-8", False), ("utf-8", True), ("gb18030", False)])
def test_blocks_and_slices_are_the_whole_text(tmp_path: Path, encoding: str, bom: bool,
                                              block_bytes: int) -> None:
    """Small blocks, and blocks of many ``_ANCHOR_CHARS`` from whose anchors slices read."""
    text = mixed_text(400 if block_bytes < 4096 else 3000)
    path = tmp_path / "big.txt"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    given = None if encoding == "utf-8" else encoding
    blocks = read_blocks(str(path), given, block_bytes=block_bytes)
    assert isinstance(blocks, TextBlocks)
    whole = read_document(str(path), given).text
    parts = list(blocks.texts())
    assert len(blocks.spans) > (20 if block_bytes < 4096 else 5)
    assert block_bytes < 4096 or all(len(anchors) > 4 for anchors in blocks.anchors)
    assert "".join(parts) == whole
    assert list(blocks.texts()) == parts
    assert all(part.endswith("\n") for part in parts[:-1])
    rng = random.Random(3)
    for _ in range(300):
        start = rng.randrange(len(whole))
        end = min(len(whole), start + rng.choice([0, 1, 5, 40, 300, 5000]))
        assert blocks.slice(start, end) == whole[start:end]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n’“é—中😀\u07ff\u0800"), min_size=1,
               max_size=3 * _ANCHOR_CHARS))
def test_anchors_are_the_byte_offsets_of_every_anchor_character(text: str) -> None:
    for codec in ("utf-8", "gb18030"):
        assert _anchors(text, codec) == tuple(
            len(text[:at].encode(codec)) for at in range(0, len(text), _ANCHOR_CHARS))


def test_small_files_and_stdin_are_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "small.txt"
    path.write_text("One line.\n", encoding="utf-8")
    assert isinstance(read_blocks(str(path), block_bytes=1 << 20), Document)


@pytest.mark.parametrize("damage", [b"\xff\xfe broken", b"nul \x00 byte"])
def test_a_bad_later_block_gives_the_whole_file_error_when_reached(tmp_path: Path,
                                                                   damage: bytes) -> None:
    text = mixed_text(300).encode("utf-8")
    path = tmp_path / "bad.txt"
    path.write_bytes(text + damage + b"\n" + text)
    with pytest.raises(InputError) as whole:
        read_document(str(path))
    blocks = read_blocks(str(path), block_bytes=256)
    assert isinstance(blocks, TextBlocks)
    read = []
    with pytest.raises(InputError) as streamed:
        for block in blocks.texts():
            read.append(block)
    assert str(streamed.value) == str(whole.value)
    assert whole.value.line is not None and whole.value.line > 300
    assert read and text.decode("utf-8").startswith("".join(read))


def test_a_nul_in_a_gb18030_file_gives_the_whole_file_error(tmp_path: Path) -> None:
    """The blocks are checked for a NUL in their bytes, as they are in these codecs."""
    path = tmp_path / "gb.txt"
    path.write_bytes(("上海市人民政府 Shanghai.\n" * 300 + "空\x00字\n").encode("gb18030"))
    with pytest.raises(InputError) as whole:
        read_document(str(path), "gb18030")
    with pytest.raises(InputError) as streamed:
        read_blocks(str(path), "gb18030", block_bytes=256)
    assert str(streamed.value) == str(whole.value) and whole.value.line == 301


def test_a_bad_later_block_under_a_given_encoding_is_read_whole(tmp_path: Path) -> None:
    """With an encoding to fall back on, every block is checked first: a block that is not
    UTF-8 means the whole file is read with the fallback."""
    text = "The Pudong New Area opened in 1990.\n" * 300
    path = tmp_path / "late.txt"
    path.write_bytes(text.encode("ascii") + "上海 Shanghai.\n".encode("gb18030"))
    with fallback_encoding("gb18030"):
        document = read_blocks(str(path), block_bytes=256)
        assert isinstance(document, Document)
        assert document == read_document(str(path))


def test_a_gb18030_file_under_the_encoding_fallback_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "gb.txt"
    text = "上海市人民政府 Shanghai.\n" * 400
    path.write_bytes(text.encode("gb18030"))
    with fallback_encoding("gb18030"):
        document = read_blocks(str(path), block_bytes=256)
    assert isinstance(document, Document) and document.text == text


def test_utf16_files_are_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(b"\xff\xfe" + mixed_text(200).encode("utf-16-le"))
    document = read_blocks(str(path), block_bytes=256)
    assert isinstance(document, Document) and document.encoding == "utf-16-le"


def test_script_mismatch_is_refused_as_when_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "zh.txt"
    path.write_text("上海市人民政府发布了新的规划。\n" * 400, encoding="utf-8")
    with pytest.raises(InputError) as whole:
        read_document(str(path), lang="en")
    with pytest.raises(InputError) as streamed:
        source = read_blocks(str(path), lang="en", block_bytes=256)
        assert isinstance(source, TextBlocks)
        list(source.texts())
    assert str(streamed.value) == str(whole.value)


def test_slices_share_one_open_file_closed_with_the_blocks(tmp_path: Path) -> None:
    text = mixed_text(400)
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    blocks = read_blocks(str(path), block_bytes=256)
    assert isinstance(blocks, TextBlocks) and not blocks.opened
    assert "".join(blocks.texts()) == text
    assert [blocks.slice(at, at + 30) for at in (0, 900, 40)] == [
        text[at : at + 30] for at in (0, 900, 40)]
    assert len(blocks.opened) == 1
    handle = blocks.opened[0]
    assert not handle.closed
    del blocks
    gc.collect()
    assert handle.closed


def test_a_utf8_mark_wins_over_a_given_encoding_as_when_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"\xef\xbb\xbf" + mixed_text(400).encode("utf-8"))
    blocks = read_blocks(str(path), "cp1252", block_bytes=256)
    assert isinstance(blocks, TextBlocks)
    assert "".join(blocks.texts()) == read_document(str(path), "cp1252").text
