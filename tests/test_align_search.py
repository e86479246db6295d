"""The search's array forms against plain per-cell references: the source cells of each bead
(``_starts``), the best path (``_run``, against a dynamic programme over a dict) and its ties
(``_run``, against the same recurrence one cell at a time)."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from transreview.align.search import BEADS, CLASSIC_BEADS, NEG, _pad, _run, _starts, band


def plain_sources(
    rows: np.ndarray, lo: np.ndarray, size: int, forward: list[tuple[int, int]],
) -> np.ndarray:
    """Per row, shape and column: (Chinese, column) of the cell a bead starts from, or (-1, -1)
    where it would start outside the band."""
    out = np.full((len(rows), len(forward), size, 2), -1, dtype=np.int64)
    for x, i in enumerate(rows.tolist()):
        for k, (a, b) in enumerate(forward):
            for column in range(size):
                i0, j0 = i - a, int(lo[i]) + column - b
                if i0 >= 0 and 0 <= j0 - lo[i0] < size:
                    out[x, k, column] = (i0, j0 - lo[i0])
    return out


centres = st.integers(1, 14).flatmap(
    lambda n_zh: st.tuples(
        st.just(n_zh), st.integers(1, 18),
        st.lists(st.integers(0, 18), min_size=n_zh + 1, max_size=n_zh + 1), st.integers(0, 5),
    )
)


@settings(max_examples=200, deadline=None)
@given(centres)
@example((7, 40, [0, 6, 12, 18, 24, 30, 36, 40], 0))  # sources shifted past a row and its padding
def test_sources_are_the_cells_beads_start_from(case: tuple[int, int, list[int], int]) -> None:
    n_zh, n_en, centre, width = case
    lo, size = band(centre, width, n_en)
    forward = [shape for shape in BEADS if shape[0] > 0]
    rows = np.arange(0, n_zh + 1)
    # the padded table of _run, each cell holding its (Chinese, column), the padding (-1, -1)
    stride = size + _pad(size, forward)
    table = np.full((n_zh + 2, stride, 2), -1, dtype=np.int64)
    table[1:, :size, 0] = rows[:, None]
    table[1:, :size, 1] = np.arange(size)
    cells = _starts(rows, lo, size, forward)[:, :, None] + np.arange(size)
    assert cells.min() >= 0 and cells.max() < (n_zh + 2) * stride
    assert np.array_equal(table.reshape(-1, 2)[cells], plain_sources(rows, lo, size, forward))


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


def plain_path(
    n_zh: int, n_en: int, lo: np.ndarray, size: int, cells: np.ndarray,
    shapes: tuple[tuple[int, int], ...] = BEADS,
) -> list[tuple[int, int, int, int]]:
    """``_run``'s recurrence one cell at a time, with the same sums in the same order: the first
    forward shape of the best sum wins, the across move only when better by more than 1e-9."""
    forward = [(k, shape) for k, shape in enumerate(shapes) if shape[0] > 0]
    across = shapes.index((0, 1))
    best: dict[tuple[int, int], float] = {}
    move: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n_zh + 1):
        row: list[float] = []
        picks: list[tuple[int, int]] = []
        for c in range(size):
            value, pick = NEG, forward[0][1]
            for n, (k, (a, b)) in enumerate(forward):
                i0, c0 = i - a, int(lo[i]) + c - b - int(lo[max(i - a, 0)])
                before = best.get((i0, c0), NEG) if i0 >= 0 and 0 <= c0 < size else NEG
                candidate = before + float(cells[k, i, c])
                if n == 0 or candidate > value:
                    value, pick = candidate, (a, b)
            row.append(value)
            picks.append(pick)
        if i == 0:
            row[0] = 0.0
        line, reach = 0.0, NEG
        for c in range(size):
            line = line + float(cells[across, i, c]) if c else 0.0
            reach = max(reach, row[c] - line) if c else row[c] - line
            if reach + line > row[c] + 1e-9:
                row[c], picks[c] = reach + line, (0, 1)
            best[(i, c)] = NEG if int(lo[i]) + c > n_en else row[c]
            move[(i, c)] = picks[c]
    path = []
    i, j = n_zh, n_en
    while i > 0 or j > 0:
        a, b = move[(i, j - int(lo[i]))]
        i, j = i - a, j - b
        path.append((i, a, j, b))
    return path[::-1]


@settings(max_examples=150, deadline=None)
@given(
    centres, st.integers(0, 2**32 - 1), st.sampled_from([0.5, 1.0, 1e-9]),
    st.sampled_from([BEADS, CLASSIC_BEADS]),
)
def test_run_breaks_ties_as_the_plain_recurrence(
    case: tuple[int, int, list[int], int], seed: int, step: float,
    shapes: tuple[tuple[int, int], ...],
) -> None:
    """Scores on a coarse grid make many sums equal (and with ``step`` 1e-9, many across moves
    better by about the margin): the picks must be those of the plain recurrence, whatever the
    number of shapes (``_run`` lays a row's candidates out by shape)."""
    n_zh, n_en, centre, width = case
    lo, size = band(centre, width, n_en)
    rng = np.random.default_rng(seed)
    cells = rng.integers(-3, 2, size=(len(shapes), n_zh + 1, size)) * step
    cells[shapes.index((0, 1))] = rng.integers(-2, 1, size=(n_zh + 1, size)) * step
    for k, (a, b) in enumerate(shapes):
        for i in range(n_zh + 1):
            for c in range(size):
                if i < a or int(lo[i]) + c < b or int(lo[i]) + c > n_en:
                    cells[k, i, c] = NEG

    def score(at: np.ndarray, wide: int, start: int, stop: int) -> np.ndarray:
        return cells[:, start:stop].copy()

    assert _run(n_zh, n_en, lo, size, score, shapes) == plain_path(
        n_zh, n_en, lo, size, cells, shapes
    )
