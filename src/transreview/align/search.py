"""The dynamic programme: the best monotone sequence of beads inside a band around a guide path.

In: the two sentence counts, a scorer for a band of cells, and the allowed bead shapes. Out: the
beads of the best path, as (zh start, zh count, en start, en count). The band keeps time and memory
linear in the document length; where the best path runs along the band's edge, that stretch is
searched again in a band re-centred on the path (and widened from the second time), so long
omissions or insertions are still followed. Rows are scored in chunks, with numpy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

BeadPath = list[tuple[int, int, int, int]]
"""Beads as (zh start, zh count, en start, en count), in order."""
Stretch = tuple[BeadPath, tuple[int, int]]
"""Beads of a path to search again, with the (zh, en) point where the stretch ends."""
BandScorer = Callable[[np.ndarray, int, int, int], np.ndarray]
"""``band(lo, width, start, stop)``: per shape (a, b), the score of the bead ending at Chinese
``i`` (``start <= i < stop``) and English ``lo[i] + k`` (``k < width``), i.e. Chinese ``i-a:i``
and English ``j-b:j``; an array (shapes, rows, width) holding ``NEG`` where the shape cannot fit."""

BEADS: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 4), (2, 3), (3, 2),
    (1, 5), (2, 4),
)
"""Bead shapes (Chinese count, English count): literary translation needs the wide ones."""
CLASSIC_BEADS: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2))
"""Gale and Church's bead shapes: enough for a length-only guide path of a long document."""

NEG = -1e18
"""The score of an unreachable cell (finite, so sums and differences stay numbers)."""
CHUNK = 1024
"""Rows scored at a time: bounds the memory of the score arrays."""
EXACT_CELLS = 40_000
"""Below this many cells the band covers the whole table: the search is exact."""
REACH = 8
"""A stretch searched again reaches this many band widths of beads past its edge-touching beads."""


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


def _starts(
    rows: np.ndarray, lo: np.ndarray, size: int, forward: Sequence[tuple[int, int]],
) -> np.ndarray:
    """For each row and shape, where in ``_run``'s padded table the ``size`` cells a bead of
    that shape starts from begin: past either end of a row, or before the first, lie ``NEG``
    cells of the padding."""
    a = np.array([shape[0] for shape in forward], dtype=np.int64)[None, :]
    b = np.array([shape[1] for shape in forward], dtype=np.int64)[None, :]
    start = rows[:, None] - a
    shift = lo[rows][:, None] - b - lo[np.maximum(start, 0)]
    np.minimum(shift, size, out=shift)
    return np.where(start >= 0, (start + 1) * (size + _pad(size, forward)) + shift, 0)


def _pad(size: int, forward: Sequence[tuple[int, int]]) -> int:
    """``NEG`` cells after each row of ``_run``'s table: a bead's source cells, shifted by at
    least ``-max b`` and (capped) at most ``size``, stay within its row and the paddings."""
    return size + max((b for _, b in forward), default=0)


def _run(
    n_zh: int, n_en: int, lo: np.ndarray, size: int, score: BandScorer,
    shapes: Sequence[tuple[int, int]],
) -> list[tuple[int, int, int, int]]:
    """The best path through the band, row by row: per row one gather of every forward shape's
    source cells, then the across moves as one running maximum. The table's rows are padded
    with ``NEG`` cells (``_pad``) so that each shape's sources are ``size`` consecutive cells.

    A row costs a dozen numpy calls on short arrays, so their overhead is the cost: the
    candidates lie column by column (shapes last), where ``argmax`` is cheap, the row's scores
    are read at its picks, and every call writes into a buffer (``take`` in "clip" mode, which
    writes into it unbuffered; all sources lie inside the table)."""
    forward_ids = [k for k, (a, _) in enumerate(shapes) if a > 0]
    forward = [shapes[k] for k in forward_ids]
    stride = size + _pad(size, forward)
    table = np.full((n_zh + 2) * stride, NEG)  # a row of padding, then row i at (i + 1) * stride
    cells = table.reshape(n_zh + 2, stride)[1:, :size]
    moves = np.empty((n_zh + 1, size), dtype=np.int8)  # a forward shape, or -1: the across move
    columns = np.arange(size)
    across = shapes.index((0, 1)) if (0, 1) in shapes else -1
    candidates = np.empty((size, len(forward)))
    firsts = columns * len(forward)  # where each column's candidates begin, flattened
    chosen = np.empty(size, dtype=np.intp)
    drop, reach, lifted = np.empty(size), np.empty(size), np.empty(size)
    margin = np.full(size, 1e-9)
    for start in range(0, n_zh + 1, CHUNK):
        stop = min(n_zh + 1, start + CHUNK)
        scores = score(lo, size, start, stop)
        starts = _starts(np.arange(start, stop), lo, size, forward)
        sources = starts[:, None, :] + columns[:, None]
        gains = np.empty((stop - start, size, len(forward)))
        for f, k in enumerate(forward_ids):  # a shape at a time: long inner loops
            gains[:, :, f] = scores[k]
        picks = np.empty((stop - start, size), dtype=np.intp)
        moved = np.zeros((stop - start, size), dtype=bool)  # where the across move won
        outside = np.greater(lo[start:stop, None] + columns, n_en)
        spills = set(np.flatnonzero(np.any(outside, axis=1)).tolist())
        running = scores[across].copy() if across >= 0 else np.zeros((stop - start, size))
        running[:, 0] = 0.0
        np.cumsum(running, axis=1, out=running)
        rows = zip(sources, gains, cells[start:stop], picks, moved, running, strict=True)
        for r, (source, gain, best, pick, won, line) in enumerate(rows):
            table.take(source, None, candidates, "clip")
            np.add(candidates, gain, candidates)
            candidates.argmax(1, pick)
            np.add(pick, firsts, chosen)
            candidates.take(chosen, None, best, "clip")  # the row's scores, written in place
            if r + start == 0:
                best[0] = 0.0
            if across >= 0:
                np.subtract(best, line, drop)
                np.maximum.accumulate(drop, 0, None, reach)
                np.add(reach, line, reach)
                np.add(best, margin, lifted)
                np.greater(reach, lifted, won)
                np.putmask(best, won, reach)
            if r in spills:
                best[outside[r]] = NEG
        np.putmask(picks, moved, -1)
        moves[start:stop] = picks
    path: list[tuple[int, int, int, int]] = []
    i, j = n_zh, n_en
    if cells[i, j - int(lo[i])] <= NEG / 2:
        raise RuntimeError("the band holds no path")
    steps = [*forward, (0, 1)]  # the step of each move: -1 is the across move
    first = lo.tolist()
    while i > 0 or j > 0:
        a, b = steps[moves.item(i, j - first[i])]
        i, j = i - a, j - b
        path.append((i, a, j, b))
    path.reverse()
    return path


def _touches(
    path: Sequence[tuple[int, int, int, int]], lo: np.ndarray, size: int, n_en: int, margin: int,
) -> list[int]:
    """Indices of the beads of ``path`` that run within ``margin`` of an inner edge of the band."""
    first = lo.tolist()  # plain ints: a numpy scalar per bead costs more than the test
    return [
        k for k, (i, _, j, _) in enumerate(path)
        if (j - first[i] < margin and first[i] > 0)
        or (first[i] + size - 1 - j < margin and first[i] + size - 1 < n_en)
    ]


def _windows(touching: Sequence[int], reach: int, beads: int) -> list[tuple[int, int]]:
    """Bead ranges reaching ``reach`` beads either side of the touching beads, merged."""
    windows: list[tuple[int, int]] = []
    for k in touching:
        first, last = max(0, k - reach), min(beads, k + reach + 1)
        if windows and first <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], last))
        else:
            windows.append((first, last))
    return windows


Research = Callable[[list[Stretch], int], list[tuple[BeadPath, list[int]]]]
"""``research(stretches, width)``: ``search_stretch`` of each stretch with that band width (in
order), however it is shared out."""


def search_stretch(
    stretch: Stretch, n_zh: int, n_en: int, width: int, score: BandScorer,
    shapes: Sequence[tuple[int, int]],
) -> tuple[BeadPath, list[int]]:
    """The beads of ``stretch`` searched again, in a band of ``width`` around them, between the
    same two end points; and which of the new beads touch that band's edge."""
    beads, (i1, j1) = stretch
    i0, _, j0, _ = beads[0]
    local = [(i - i0, a, j - j0, b) for i, a, j, b in beads]
    lo, size = band(path_centre(local, i1 - i0), width, j1 - j0)
    whole = np.empty(n_zh + 1, dtype=np.int64)
    whole[i0 : i1 + 1] = lo + j0
    whole[:i0], whole[i1 + 1 :] = whole[i0], whole[i1]

    def shifted(_: np.ndarray, size: int, start: int, stop: int) -> np.ndarray:
        return score(whole, size, start + i0, stop + i0)

    found = _run(i1 - i0, j1 - j0, lo, size, shifted, shapes)
    touching = _touches(found, lo, size, j1 - j0, max(2, width // 4))
    return [(i + i0, a, j + j0, b) for i, a, j, b in found], touching


def search(
    n_zh: int, n_en: int, score: BandScorer, *, width: int = 12,
    shapes: Sequence[tuple[int, int]] = BEADS, guide: Sequence[int] | None = None,
    retries: int = 3, local: bool = True, research: Research | None = None,
) -> BeadPath:
    """The best path of beads from (0, 0) to (n_zh, n_en) within ``width`` of the guide path.

    Without ``guide`` the band follows the diagonal. Up to ``retries`` times, the stretches of
    the path that run along the band's edge (with ``local``, and ``REACH`` band widths of the
    path either side; else the whole path) are searched again in a band centred on the path,
    widened from the second time. A guide far off the true path needs the whole path searched.
    ``research`` searches the stretches of a retry (by default here, one after the other:
    they are independent, so workers may share them).
    """
    centre = list(guide) if guide is not None else diagonal(n_zh, n_en)
    if (n_zh + 1) * (n_en + 1) <= EXACT_CELLS:
        width = n_en + 1
    lo, size = band(centre, width, n_en)
    path = _run(n_zh, n_en, lo, size, score, shapes)
    touching = [] if size > n_en else _touches(path, lo, size, n_en, max(2, width // 4))
    for attempt in range(retries):
        if not touching:
            break
        if attempt:
            width *= 2
        spliced: BeadPath = []
        touching_now: list[int] = []
        done = 0
        windows = _windows(touching, REACH * width, len(path)) if local else [(0, len(path))]
        stretches = [
            (path[first:last], (path[last][0], path[last][2]) if last < len(path) else (n_zh, n_en))
            for first, last in windows
        ]
        found = research(stretches, width) if research is not None else [
            search_stretch(stretch, n_zh, n_en, width, score, shapes) for stretch in stretches]
        for (first, last), (beads, touched) in zip(windows, found, strict=True):
            spliced += path[done:first]
            touching_now += [len(spliced) + k for k in touched]
            spliced += beads
            done = last
        path, touching = spliced + path[done:], touching_now
    return path


def path_centre(path: Sequence[tuple[int, int, int, int]], n_zh: int) -> list[int]:
    """The English position at which the path enters each Chinese position."""
    centre = [-1] * (n_zh + 1)
    for i, a, j, b in path:
        for step in range(a + 1):
            if centre[i + step] < 0:
                centre[i + step] = j + (b * step) // max(a, 1)
    return centre
