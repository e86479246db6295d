"""length-ratio's sums of sentence sizes per bead against plain sums."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.checks.source import _totals


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 1000), min_size=1, max_size=10).flatmap(lambda sizes: st.tuples(
    st.just(sizes), st.lists(st.lists(st.integers(0, len(sizes) - 1), min_size=1, max_size=4),
                             max_size=8))))
def test_totals_are_the_sums_over_each_group(case: tuple[list[int], list[list[int]]]) -> None:
    sizes, groups = case
    assert _totals(sizes, groups) == [sum(sizes[i] for i in group) for group in groups]
