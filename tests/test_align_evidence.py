"""The English evidence of a whole document, found at once (``english_rows``, which reads the words
a block of sentences at a time), is exactly what ``EnglishLinks`` holds when built from
``en_sentence`` of each sentence: the same key ids in the same order, the same rows and masks,
lengths, sizes and whole sentences, in one block or in blocks of three sentences, on real text
and on generated text full of the cases the rows treat apart (names that run on past a hyphen,
quotes, marks, repeated lemmas and numbers, sentences of more than 64 positions, empty
sentences)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from transreview.align import english_evidence, evidence
from transreview.align.evidence import WHOLE_MAX, EnglishRows, english_rows
from transreview.align.features import MARK_ORDER, en_sentence, mark_uses
from transreview.align.links import EnglishLinks
from transreview.ingest import read_document
from transreview.numbers import numbers_en
from transreview.segment import segment_document

ROOT = Path(__file__).resolve().parents[1]
MAC_DEV = ROOT.parent / "shared" / "data" / "mac-dev"
DEMO = ROOT / "corpora" / "shanghai" / "en.txt"


def _texts(path: Path) -> list[str]:
    return [segment.text for segment in segment_document(read_document(str(path)), "en")]


def _assert_same(texts: list[str]) -> None:
    expected = EnglishLinks.of_sentences([en_sentence(text) for text in texts])
    rows = english_rows(texts)
    for found in (EnglishLinks.of_rows(rows), EnglishLinks.of_rows(_in_blocks(texts, 3))):
        _assert_links(found, expected, texts)
    assert rows.mentions == tuple(numbers_en(text) for text in texts)


def _in_blocks(texts: list[str], size: int) -> EnglishRows:
    """``english_rows`` reading the words of ``size`` sentences at a time."""
    saved = evidence.BLOCK
    evidence.BLOCK = size
    try:
        return english_rows(texts)
    finally:
        evidence.BLOCK = saved


def _assert_links(found: EnglishLinks, expected: EnglishLinks, texts: list[str]) -> None:
    assert list(found.ids.items()) == list(expected.ids.items())
    for name in ("start", "key", "mask", "lengths", "sizes"):
        mine, theirs = getattr(found, name), getattr(expected, name)
        assert mine.dtype == theirs.dtype, name
        assert np.array_equal(mine, theirs), name
    assert found.whole == expected.whole
    assert found.lemmas() == expected.lemmas() and found.names() == expected.names()
    assert [found.sentence(j) for j in range(len(texts))] == [
        expected.sentence(j) for j in range(len(texts))]


def _documents() -> list[Path]:
    """The demo translation, and MAC-Dev's translations when ``../shared`` is there."""
    found = [DEMO]
    if MAC_DEV.is_dir():
        found += sorted((MAC_DEV / "en").iterdir())
    return found


@pytest.mark.parametrize("path", _documents(), ids=lambda path: path.name)
def test_rows_of_real_text_are_those_of_its_sentences(path: Path) -> None:
    _assert_same(_texts(path))


def test_rows_of_the_cases_treated_apart() -> None:
    long = " ".join(f"Committee{k} of Pudong approved {k + 3} projects" for k in range(20))
    _assert_same([
        "",
        "Xi-Jinping met Smith-Jones and the Lee-ann family in Wu-han.",  # names run on
        "'Tis the 'best' year, she said: \"why?\" and ‘Oh’! Dogs' tails and rock'n'roll.",
        "“Growth” of 5 percent, 5 million and 5 billion; one, 1 and 0 count as nothing.",
        "Shanghai Shanghai Shanghai grew, and grew, and grew again?!",
        long,
        "",
        "the of and",
        "?",
    ])


def test_a_sentence_past_whole_max_keeps_only_its_folded_rows() -> None:
    """A sentence of more positions than ``WHOLE_MAX`` (a text with no sentence breaks) is not
    kept whole: it is read back from its rows, whose masks are folded to 64 bits, the same
    whichever way the links are built."""
    huge = " ".join(f"Term{k % 300} grows" for k in range(WHOLE_MAX // 2 + 10))
    texts = ["A short one.", huge, "Another short one."]
    _assert_same(texts)
    rows = english_rows(texts)
    assert rows.sizes[1] > WHOLE_MAX and 1 not in rows.whole
    folded = EnglishLinks.of_rows(rows).sentence(1)
    assert folded.size == rows.sizes[1]
    assert folded.lemmas and all(mask < 1 << 64 for mask in folded.lemmas.values())


_WORDS = st.sampled_from([
    "Shanghai", "shanghai", "Pudong", "New", "Area", "the", "of", "and", "A", "a", "grew",
    "growth", "grows", "Xi-Jinping", "Smith-Jones", "Lee-ann", "well-known", "COVID-19",
    "it's", "Dogs'", "'Tis", "‘quoted’", "“said”", '"why"', "?", "!", "3", "3.5", "2,000",
    "5%", "million", "ten", "first", "one", "1", "0", "2021", "-", "—", "(", ")", ",", ".",
    "上海", "’", "'", "Wuhan", "Wu-han",
])
_SENTENCE = st.lists(_WORDS, max_size=120).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(_SENTENCE, max_size=12))
@example(["' Tis", "x'", "'y"])
def test_rows_of_generated_text_are_those_of_its_sentences(texts: list[str]) -> None:
    _assert_same(texts)


def test_english_evidence_is_built_from_the_rows() -> None:
    texts = _texts(DEMO)
    evidence = english_evidence(segment_document(read_document(str(DEMO)), "en"))
    assert list(evidence.sentences) == [en_sentence(text) for text in texts]
    assert evidence.mentions == tuple(numbers_en(text) for text in texts)


def test_rows_take_the_lengths_the_caller_measured() -> None:
    """The aligner measures the sentences for its guide: the rows take those lengths rather than
    measure again (real lengths are checked against ``en_sentence`` above)."""
    texts = _texts(DEMO)[:5]
    assert english_rows(texts, [7, 0, 3, 9, 1]).lengths.tolist() == [7, 0, 3, 9, 1]


@pytest.mark.parametrize("text, marks", [
    ("No marks here.", []),
    ("Why? Because!", ["?", "!"]),
    ("He said “yes” and \"no\".", ['"']),
    ("She called it 'nonsense' loudly.", ['"']),  # single quotes around a word count
    ("It's Li's bowl.", []),  # apostrophes inside words do not
    ("'Tis true", ['"']),  # a quote opening the text
    ("true, 'tis", ['"']),
    ("He said 'no.'", ['"']),  # a quote closing after a full stop
])
def test_marks_of_a_text(text: str, marks: list[str]) -> None:
    _, found = mark_uses([text])
    assert [MARK_ORDER[mark] for mark in found.tolist()] == marks


def test_marks_of_texts_are_found_text_by_text() -> None:
    """A quote at the end of one text and a word at the start of the next are not a quoted
    word; each text's marks are its own."""
    texts = ["it's", "x'", "y", "", "Why?", "“a”"]
    owners, marks = mark_uses(texts)
    found = [(owner, MARK_ORDER[mark]) for owner, mark in zip(owners.tolist(), marks.tolist(),
                                                              strict=True)]
    expected = [(k, MARK_ORDER[mark]) for k, text in enumerate(texts)
                for mark in mark_uses([text])[1].tolist()]
    assert found == expected == [(1, '"'), (4, "?"), (5, '"')]
