"""The dynamic programme: the best monotone sequence of beads inside a band around a guide path.

In: the two sentence counts, a scorer for a band of cells, and the allowed bead shapes. Out: the
beads of the best path, as (zh start, zh count, en start, en count). The band keeps time and memory
linear in the document length; when the best path runs along the band's edge, the band is
re-centred on that path (and widened from the second time) and the search repeated, so long
omissions or insertions are still followed. Rows are scored in chunks, with numpy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

BandScorer = Callable[[np.ndarray, int, int, int], np.ndarray]
"""``band(lo, width, start, stop)``: per shape (a, b), the score of the bead ending at Chinese
``i`` (``start <= i < stop``) and English ``lo[i] + k`` (``k < width``), i.e. Chinese ``i-a:i``
and English ``j-b:j``; an array (shapes, rows, width) holding ``NEG`` where the shape cannot fit."""

BEADS: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 4), (2, 3), (3, 2),
    (1, 5), (2, 4),
)
"""Bead shapes (Chinese count, English count): literary translation needs the wide ones."""

NEG = -1e18
"""The score of an unreachable cell (finite, so sums and differences stay numbers)."""
CHUNK = 1024
EXACT_CELLS = 40_000
"""Below this many cells the band covers the whole table: the search is exact."""
"""Rows scored at a time: bounds the memory of the score arrays."""


def diagonal(n_zh: int, n_en: int) -> list[int]:
    """The straight path from (0, 0) to (n_zh, n_en)."""
    if n_zh == 0:
        return [n_en]
    return [round(i * n_en / n_zh) for i in range(n_zh + 1)]


def band(centre: Sequence[int], width: int, n_en: int) -> tuple[np.ndarray, int]:
    """Per Chinese position the first English position searched, and the band's width.

    The rows are monotone and overlap, and the first and last rows reach (0, 0) and the end.
    """
    if len(centre) == 1:
        return np.zeros(1, dtype=np.int64), n_en + 1
    middle = np.maximum.accumulate(np.clip(np.asarray(centre, dtype=np.int64), 0, n_en))
    middle[0], middle[-1] = 0, n_en
    jump = int(np.diff(middle).max()) if len(middle) > 1 else 0
    size = min(max(2 * width + 1, jump + 3), n_en + 1)
    return np.clip(middle - width, 0, n_en + 1 - size), size


def _sources(
    rows: np.ndarray, lo: np.ndarray, size: int, forward: Sequence[tuple[int, int]],
) -> np.ndarray:
    """For each row, shape and column: the flat index of the cell a bead of that shape starts
    from (the last index, an unreachable cell, where it would start outside the band)."""
    sentinel = len(lo) * size
    columns = np.arange(size)[None, None, :]
    a = np.array([shape[0] for shape in forward], dtype=np.int64)[None, :, None]
    b = np.array([shape[1] for shape in forward], dtype=np.int64)[None, :, None]
    start = rows[:, None, None] - a
    safe = np.maximum(start, 0)
    column = columns + lo[rows][:, None, None] - b - lo[safe]
    inside = (start >= 0) & (column >= 0) & (column < size)
    return np.where(inside, safe * size + column, sentinel)


def _run(
    n_zh: int, n_en: int, lo: np.ndarray, size: int, score: BandScorer,
    shapes: Sequence[tuple[int, int]],
) -> list[tuple[int, int, int, int]]:
    table = np.full((n_zh + 1) * size + 1, NEG)
    back = np.zeros((n_zh + 1, size), dtype=np.int8)
    columns = np.arange(size)
    forward_ids = [k for k, (a, _) in enumerate(shapes) if a > 0]
    forward = np.array(forward_ids, dtype=np.int8)
    across = shapes.index((0, 1)) if (0, 1) in shapes else -1
    for start in range(0, n_zh + 1, CHUNK):
        stop = min(n_zh + 1, start + CHUNK)
        scores = score(lo, size, start, stop)
        sources = _sources(
            np.arange(start, stop), lo, size, [shapes[k] for k in forward_ids]
        )
        for i in range(start, stop):
            cell = scores[:, i - start, :]
            candidates = table[sources[i - start]] + cell[forward_ids]
            pick = candidates.argmax(axis=0)
            best = candidates[pick, columns]
            came = forward[pick]
            if i == 0:
                best[0] = 0.0
            if across >= 0:
                gain = cell[across].copy()
                gain[0] = 0.0
                running = np.cumsum(gain)
                reach = running + np.maximum.accumulate(best - running)
                moved = reach > best + 1e-9
                best = np.where(moved, reach, best)
                came = np.where(moved, across, came)
            best[int(lo[i]) + columns > n_en] = NEG
            table[i * size : (i + 1) * size] = best
            back[i] = came
    path: list[tuple[int, int, int, int]] = []
    i, j = n_zh, n_en
    if table[i * size + j - int(lo[i])] <= NEG / 2:
        raise RuntimeError("the band holds no path")
    while i > 0 or j > 0:
        a, b = shapes[int(back[i, j - int(lo[i])])]
        i, j = i - a, j - b
        path.append((i, a, j, b))
    path.reverse()
    return path


def search(
    n_zh: int, n_en: int, score: BandScorer, *, width: int = 12,
    shapes: Sequence[tuple[int, int]] = BEADS, guide: Sequence[int] | None = None,
    retries: int = 3,
) -> list[tuple[int, int, int, int]]:
    """The best path of beads from (0, 0) to (n_zh, n_en) within ``width`` of the guide path.

    Without ``guide`` the band follows the diagonal. Up to ``retries`` times, a path that runs
    along the band's edge is searched again in a band centred on it (widened from the second time).
    """
    centre = list(guide) if guide is not None else diagonal(n_zh, n_en)
    if (n_zh + 1) * (n_en + 1) <= EXACT_CELLS:
        width = n_en + 1
    path: list[tuple[int, int, int, int]] = []
    for attempt in range(retries + 1):
        lo, size = band(centre, width, n_en)
        path = _run(n_zh, n_en, lo, size, score, shapes)
        margin = max(2, width // 4)
        touches = any(
            (j - lo[i] < margin and lo[i] > 0) or (lo[i] + size - 1 - j < margin
                                                   and lo[i] + size - 1 < n_en)
            for i, _, j, _ in path
        )
        if not touches or size > n_en:
            break
        centre = path_centre(path, n_zh)
        if attempt:
            width *= 2
    return path


def path_centre(path: Sequence[tuple[int, int, int, int]], n_zh: int) -> list[int]:
    """The English position at which the path enters each Chinese position."""
    centre = [-1] * (n_zh + 1)
    for i, a, j, b in path:
        for step in range(a + 1):
            if centre[i + step] < 0:
                centre[i + step] = j + (b * step) // max(a, 1)
    return centre
