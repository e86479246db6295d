"""The search's array forms against plain per-cell references: the source cells of each bead
(``_sources``) and the best path (``_run``, against a dynamic programme over a dict)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.align.search import BEADS, NEG, _run, _sources, band


def plain_sources(
    rows: np.ndarray, lo: np.ndarray, size: int, forward: list[tuple[int, int]],
) -> np.ndarray:
    sentinel = len(lo) * size
    out = np.full((len(rows), len(forward), size), sentinel, dtype=np.int64)
    for x, i in enumerate(rows.tolist()):
        for k, (a, b) in enumerate(forward):
            for column in range(size):
                i0, j0 = i - a, int(lo[i]) + column - b
                if i0 >= 0 and 0 <= j0 - lo[i0] < size:
                    out[x, k, column] = i0 * size + j0 - lo[i0]
    return out


centres = st.integers(1, 14).flatmap(
    lambda n_zh: st.tuples(
        st.just(n_zh), st.integers(1, 18),
        st.lists(st.integers(0, 18), min_size=n_zh + 1, max_size=n_zh + 1), st.integers(0, 5),
    )
)


@settings(max_examples=200, deadline=None)
@given(centres)
def test_sources_are_the_cells_beads_start_from(case: tuple[int, int, list[int], int]) -> None:
    n_zh, n_en, centre, width = case
    lo, size = band(centre, width, n_en)
    forward = [shape for shape in BEADS if shape[0] > 0]
    rows = np.arange(0, n_zh + 1)
    assert np.array_equal(_sources(rows, lo, size, forward), plain_sources(rows, lo, size, forward))


def plain_best(
    n_zh: int, n_en: int, lo: np.ndarray, size: int, scores: dict[tuple[int, int, int], float],
) -> float:
    """The best path's total over the band's cells, one cell at a time."""
    best: dict[tuple[int, int], float] = {(0, 0): 0.0}
    for i in range(n_zh + 1):
        for j in range(int(lo[i]), min(n_en, int(lo[i]) + size - 1) + 1):
            for k, (a, b) in enumerate(BEADS):
                before = best.get((i - a, j - b))
                gain = scores.get((k, i, j), NEG)
                if (
                    before is not None and gain > NEG / 2 and j - b >= lo[i - a]
                    and before + gain > best.get((i, j), NEG)
                ):
                    best[(i, j)] = before + gain
    return best.get((n_zh, n_en), NEG)


@settings(max_examples=100, deadline=None)
@given(centres, st.integers(0, 2**32 - 1))
def test_run_finds_the_best_path_of_the_band(
    case: tuple[int, int, list[int], int], seed: int,
) -> None:
    n_zh, n_en, centre, width = case
    lo, size = band(centre, width, n_en)
    rng = np.random.default_rng(seed)
    cells = rng.normal(size=(len(BEADS), n_zh + 1, size))
    scores = {
        (k, i, int(lo[i]) + c): float(cells[k, i, c])
        for k in range(len(BEADS)) for i in range(n_zh + 1) for c in range(size)
        if int(lo[i]) + c <= n_en
    }

    def score(at: np.ndarray, wide: int, start: int, stop: int) -> np.ndarray:
        out = cells[:, start:stop].copy()
        for k, (a, b) in enumerate(BEADS):
            for i in range(start, stop):
                for c in range(wide):
                    if i < a or int(at[i]) + c < b or int(at[i]) + c > n_en:
                        out[k, i - start, c] = NEG
        return out

    path = _run(n_zh, n_en, lo, size, score, BEADS)
    assert path[0][0] == 0 and path[0][2] == 0
    total = sum(scores[(BEADS.index((a, b)), i + a, j + b)] for i, a, j, b in path)
    assert abs(total - plain_best(n_zh, n_en, lo, size, scores)) < 1e-6
