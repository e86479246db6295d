"""``inconsistent-term``'s final findings as columns pinned to ``finish``.

The batch runner takes the decider's ``finished``: columns made straight from the reported rows'
packed occurrences, with one detail tuple per row. They must be ``finish``'s findings and digests
in ``finish``'s order, whatever the text, the chunks and the glossary, with digests or without.
"""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_names_chunks import texts as compound_texts
from test_names_paths import GLOSSARY, texts

from transreview.checks import REGISTRY, CheckContext
from transreview.checks.base import Decider, DocumentRule, LineIndex
from transreview.checks.batch import chunks
from transreview.checks.names import _nested, _spaced_crossing, _Variants
from transreview.ingest import TextBlocks, read_blocks
from transreview.model import Document, FindingColumns
from transreview.segment import segment_document

RULE = REGISTRY["inconsistent-term"]
assert isinstance(RULE, DocumentRule)


def judged(text: str, size: int, digests: bool, with_glossary: bool) -> Decider:
    """A decider that has taken the text's chunks of ``size``."""
    assert isinstance(RULE, DocumentRule)
    glossary = GLOSSARY if with_glossary else None
    decider = RULE.decider(glossary, LineIndex(text), digests)
    segments_before = 0
    for chunk in chunks("t.txt", text, size):
        document = Document(path="t.txt", text=chunk.text)
        segments = segment_document(document, "en")
        context = CheckContext(en=document, en_segments=segments, glossary=glossary)
        list(decider.take(RULE.gathered(context, decider.hint()), chunk.offset, segments_before,
                          decider.hint()))
        segments_before += len(segments)
    return decider


def assert_finished_is_finish(text: str, size: int, digests: bool, with_glossary: bool
                              ) -> None:
    pairs = list(judged(text, size, digests, with_glossary).finish())
    columns, finished_digests = judged(text, size, digests, with_glossary).finished()
    assert columns == FindingColumns.of(finding for finding, _ in pairs)
    assert finished_digests == [observation.digest for _, observation in pairs]


@settings(max_examples=200, deadline=None)
@given(texts() | compound_texts(), st.integers(min_value=1, max_value=400), st.booleans(),
       st.booleans())
@example("The Shanghai Pilot Free Trade Zone grew. The Shanghai Pilot Free Trade Zone won.\n"
         "The Shanghai Free Trade Pilot Zone agreed. grass-roots units.\ngrassroots work.\n"
         "Grassroots work. The Shanghai Free Trade Pilot Zone met.\n", 60, True, True)
def test_finished_columns_are_the_findings_of_finish(text: str, size: int, digests: bool,
                                                     with_glossary: bool) -> None:
    assert_finished_is_finish(text, size, digests, with_glossary)


def test_finished_shares_one_detail_per_reported_row() -> None:
    text = ("The Shanghai Pilot Free Trade Zone grew. The Shanghai Pilot Free Trade Zone won.\n"
            "The Shanghai Pilot Free Trade Zone met. The Shanghai Free Trade Pilot Zone agreed.\n"
            "The Shanghai Free Trade Pilot Zone met.\n")
    assert_finished_is_finish(text, 1 << 20, True, False)
    columns, _ = judged(text, 1 << 20, False, False).finished()
    assert len(columns) == 2
    assert columns.details[0] is columns.details[1]


COMPOUND_LINES = ["The grassroots units met ({n}).", "A megacity grew; megacities grow ({n}).",
                  "Highlevel talks and high level reform ({n}).", "Work went on ({n}).",
                  "The grass-roots work and the mega-city plan ({n}).",
                  "The São Paulo “Free Trade Zone” met ({n}).", "The handled case ({n})."]
"""Lines whose compounds' spellings first meet far apart (closed up early, hyphenated or as
two words late), and one with characters outside ASCII."""


def streamed_decider(path: Path, text: str) -> tuple[TextBlocks, Decider]:
    """A decider that has taken the streamed blocks of a file without hints (so that the end
    searches every part for the keys found after it)."""
    assert isinstance(RULE, DocumentRule)
    path.write_text(text, encoding="utf-8")
    blocks = read_blocks(str(path), lang="en", block_bytes=400)
    assert isinstance(blocks, TextBlocks)
    index = LineIndex(blocks=blocks)
    decider = RULE.decider(None, index)
    offset = segments_before = 0
    for block in blocks.texts():
        index.extend(block)
        document = Document(path="en.txt", text=block)
        segments = segment_document(document, "en")
        list(decider.take(RULE.gathered(CheckContext(en=document, en_segments=segments)), offset,
                          segments_before))
        offset += len(block)
        segments_before += len(segments)
    return blocks, decider


def test_parts_searched_in_workers_give_the_findings_searched_here(tmp_path: Path) -> None:
    lines = [line.format(n=n) for n in range(10) for line in COMPOUND_LINES[:3]]
    lines += [COMPOUND_LINES[3].format(n=n) for n in range(60)]
    lines += [line.format(n=n) for n in range(40) for line in COMPOUND_LINES[4:]]
    lines.insert(7, "hand led and hand-led ones.")
    text = "\n".join(lines) + "\n"
    blocks, here = streamed_decider(tmp_path / "here.txt", text)
    expected = here.finished()
    assert len(blocks.spans) > 10
    assert isinstance(here, _Variants)
    assert not _spaced_crossing([summary for _, summary, _, _ in here._taken])
    terms = {term for _, term, _ in expected[0].details}
    assert {"grassroots", "megacity", "megacities", "hand led"} <= terms
    method = "fork" if "fork" in get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=2, mp_context=get_context(method)) as executor:
        assert streamed_decider(tmp_path / "there.txt", text)[1].finished(executor) == expected


def test_streamed_blocks_pickle_without_their_open_file(tmp_path: Path) -> None:
    text = "".join(line.format(n=n) + "\n" for n in range(40) for line in COMPOUND_LINES)
    blocks, _ = streamed_decider(tmp_path / "en.txt", text)
    assert blocks.slice(5, 30) == text[5:30]
    assert blocks.opened
    copy = pickle.loads(pickle.dumps(blocks))
    assert not copy.opened
    assert copy.spans == blocks.spans and copy.anchors == blocks.anchors
    assert [copy.slice(start, start + 700) for start in range(0, len(text), 333)] == [
        text[start:start + 700] for start in range(0, len(text), 333)]


@given(st.lists(st.tuples(st.integers(0, 12), st.integers(1, 6)), max_size=12))
def test_nested_spans_are_those_inside_a_longer_one(spans: list[tuple[int, int]]) -> None:
    """A span is dropped as nested exactly when a strictly longer one holds it (spans in order
    of start, then end; equal spans are kept, both)."""
    ordered = sorted((start, start + length) for start, length in spans)
    starts = np.array([start for start, _ in ordered], np.intp)
    ends = np.array([end for _, end in ordered], np.intp)
    assert _nested(starts, ends).tolist() == [
        any(low <= start and end <= high and high - low > end - start for low, high in ordered)
        for start, end in ordered]
