"""length-ratio's sizes against the plain forms: whitespace-free lengths and sums per bead."""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.checks.source import _sizes, _totals
from transreview.model import Segment

CHARACTERS = (" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2003\u2028\u2029\u202f\u3000\u200b"
              "ab上海，。’\U0001f600")
"""Whitespace of every kind, a zero-width space (not whitespace), printable characters."""


def test_the_space_is_the_only_printable_whitespace() -> None:
    assert [code for code in range(sys.maxunicode + 1)
            if chr(code).isspace() and chr(code).isprintable()] == [ord(" ")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(CHARACTERS), max_size=12), max_size=8))
def test_sizes_are_the_lengths_without_whitespace(texts: list[str]) -> None:
    segments = [Segment(n, 0, len(text), text, n) for n, text in enumerate(texts)]
    assert _sizes(segments) == [len("".join(text.split())) for text in texts]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 1000), min_size=1, max_size=10).flatmap(lambda sizes: st.tuples(
    st.just(sizes), st.lists(st.lists(st.integers(0, len(sizes) - 1), min_size=1, max_size=4),
                             max_size=8))))
def test_totals_are_the_sums_over_each_group(case: tuple[list[int], list[list[int]]]) -> None:
    sizes, groups = case
    assert _totals(sizes, groups) == [sum(sizes[i] for i in group) for group in groups]
