"""The learnt lexicon against a plain reference that counts every (unit, word) pair in Python."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.align.bootstrap import (
    DENSE,
    MIN_DICE,
    MIN_PAIR,
    PER_UNIT,
    Span,
    counted,
    learn,
    train_pieces,
)


def reference_learn(
    beads: list[tuple[list[int], list[int]]], units: list[list[Span]], lemmas: list[list[str]],
) -> dict[str, frozenset[str]]:
    sample = [
        ({span[2] for k in zh for span in units[k]}, {w for k in en for w in lemmas[k]})
        for zh, en in beads if zh and en
    ]
    unit_count = Counter(u for found, _ in sample for u in found)
    word_count = Counter(w for _, found in sample for w in found)
    pairs = Counter(pair for found, words in sample for pair in itertools.product(found, words))
    scored: dict[str, list[tuple[float, str]]] = {}
    for (unit, word), shared in pairs.items():
        dice = 2.0 * shared / (unit_count[unit] + word_count[word])
        if shared >= MIN_PAIR and dice >= MIN_DICE:
            scored.setdefault(unit, []).append((dice, word))
    return {unit: frozenset(w for _, w in sorted(found, reverse=True)[:PER_UNIT])
            for unit, found in scored.items()}


UNITS = ["上海", "外滩", "浦东", "河", "山", "韦小宝", "城市"]
WORDS = ["shanghai", "bund", "pudong", "river", "mountain", "trinket", "city", "the"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(UNITS), max_size=5),
                          st.lists(st.sampled_from(WORDS), max_size=6)), max_size=40),
       st.lists(st.sampled_from([(1, 1), (1, 2), (2, 1), (1, 0), (0, 1)]), max_size=30))
def test_learn_matches_the_plain_count(
    sentences: list[tuple[list[str], list[str]]], shapes: list[tuple[int, int]],
) -> None:
    units = [[(k, k + len(u), u) for k, u in enumerate(found)] for found, _ in sentences]
    lemmas = [words for _, words in sentences]
    beads: list[tuple[list[int], list[int]]] = []
    i = j = 0
    for a, b in shapes:
        if i + a > len(sentences) or j + b > len(sentences):
            break
        beads.append((list(range(i, i + a)), list(range(j, j + b))))
        i, j = i + a, j + b
    found = learn(beads, units.__getitem__, lemmas.__getitem__)
    assert found == reference_learn(beads, units, lemmas)


def test_wanted_spans_are_the_spans_filtered() -> None:
    """The tiled path (offsets from piece lengths) agrees with finding each piece in turn."""
    folder = Path(__file__).resolve().parents[2] / "shared" / "data" / "mac-dev" / "zh"
    if not folder.is_dir():
        pytest.skip("MAC-Dev not found")
    lines = [line for path in sorted(folder.iterdir())
             for line in path.read_text(encoding="utf-8").splitlines()]
    pieces = train_pieces(lines)
    assert pieces is not None
    tricky = [" 上海 浦东", "上海\u2581浦东", "上海\u3000浦东。", "OK上海2023年", ""]
    texts = lines + tricky
    everything = pieces.spans(texts)
    wanted = {span[2] for spans in everything for span in spans[::2]}
    assert wanted
    assert pieces.spans(texts, wanted) == [
        [span for span in spans if span[2] in wanted] for spans in everything
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 12), max_size=60), st.integers(0, 3 * DENSE))
def test_counted_is_unique_with_counts(codes: list[int], spare: int) -> None:
    """Either way of counting (a table of the space or a sort) is ``np.unique``'s."""
    array = np.array(codes, dtype=np.int64)
    space = (max(codes) + 1 if codes else 0) + spare * max(1, len(codes))
    distinct, counts = counted(array, space)
    expected = np.unique(array, return_counts=True)
    assert distinct.dtype == np.int64
    assert distinct.tolist() == expected[0].tolist()
    assert counts.tolist() == expected[1].tolist()
