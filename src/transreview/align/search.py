"""The dynamic programme: the best monotone sequence of beads inside a band around a guide path.

In: the two sentence counts, a bead scorer and the allowed bead shapes. Out: the beads of the best
path, as (zh start, zh count, en start, en count). The band keeps time and memory linear in the
document length; when the best path runs along the band's edge, the band is re-centred on that path
and widened, and the search repeated, so long omissions or insertions are still followed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Scorer = Callable[[int, int], list[float]]
"""``scores(i, j)``: per shape (a, b), the score of the bead Chinese ``i-a:i``, English ``j-b:j``
(``-inf`` where the shape does not fit)."""

BEADS: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 4), (2, 3), (3, 2),
    (1, 5), (2, 4),
)
"""Bead shapes (Chinese count, English count): literary translation needs the wide ones."""

_NEG = float("-inf")


def _diagonal(n_zh: int, n_en: int) -> list[int]:
    if n_zh == 0:
        return [0]
    return [round(i * n_en / n_zh) for i in range(n_zh + 1)]


def _band(centre: Sequence[int], width: int, n_en: int) -> tuple[list[int], list[int]]:
    """Per Chinese position, the inclusive range of English positions searched."""
    lo = [max(0, c - width) for c in centre]
    hi = [min(n_en, c + width) for c in centre]
    lo[0], hi[-1] = 0, n_en
    for i in range(1, len(lo)):
        lo[i] = max(lo[i], lo[i - 1])
    for i in range(len(hi) - 2, -1, -1):
        hi[i] = min(hi[i], hi[i + 1])
    for i in range(1, len(lo)):
        lo[i] = min(lo[i], hi[i - 1] + 1, n_en)
        hi[i - 1] = max(hi[i - 1], lo[i] - 1, lo[i - 1])
    return lo, hi


def _run(
    n_zh: int, lo: list[int], hi: list[int], score: Scorer, shapes: Sequence[tuple[int, int]],
) -> list[tuple[int, int, int, int]]:
    table: list[list[float]] = []
    back: list[list[int]] = []
    for i in range(n_zh + 1):
        low, high = lo[i], hi[i]
        row = [_NEG] * (high - low + 1)
        came = [-1] * (high - low + 1)
        for j in range(low, high + 1):
            if i == 0 and j == 0:
                row[0] = 0.0
                continue
            best, arg = _NEG, -1
            scores = score(i, j)
            for k, (a, b) in enumerate(shapes):
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0:
                    continue
                if pi == i:
                    if pj < low:
                        continue
                    prev = row[pj - low]
                else:
                    if pj < lo[pi] or pj > hi[pi]:
                        continue
                    prev = table[pi][pj - lo[pi]]
                if prev == _NEG:
                    continue
                total = prev + scores[k]
                if total > best:
                    best, arg = total, k
            row[j - low] = best
            came[j - low] = arg
        table.append(row)
        back.append(came)
    path: list[tuple[int, int, int, int]] = []
    i, j = n_zh, hi[n_zh]
    while i > 0 or j > 0:
        k = back[i][j - lo[i]]
        if k < 0:
            raise RuntimeError("band without a path")
        a, b = shapes[k]
        i, j = i - a, j - b
        path.append((i, a, j, b))
    path.reverse()
    return path


def search(
    n_zh: int, n_en: int, score: Scorer, *, width: int = 12,
    shapes: Sequence[tuple[int, int]] = BEADS, guide: Sequence[int] | None = None,
) -> list[tuple[int, int, int, int]]:
    """The best path of beads from (0, 0) to (n_zh, n_en) within ``width`` of the guide path."""
    centre = list(guide) if guide is not None else _diagonal(n_zh, n_en)
    path: list[tuple[int, int, int, int]] = []
    for attempt in range(4):
        lo, hi = _band(centre, width, n_en)
        path = _run(n_zh, lo, hi, score, shapes)
        margin = max(2, width // 4)
        touches = any(
            (j - lo[i] < margin and lo[i] > 0) or (hi[i] - j < margin and hi[i] < n_en)
            for i, _, j, _ in path
        )
        if not touches or 2 * width > n_en + n_zh:
            break
        centre = path_centre(path, n_zh)
        if attempt:
            width *= 2
    return path


def path_centre(path: Sequence[tuple[int, int, int, int]], n_zh: int) -> list[int]:
    """The English position the path reaches at each Chinese position."""
    centre = [0] * (n_zh + 1)
    for i, a, j, b in path:
        for step in range(a + 1):
            centre[i + step] = j + (b * step) // max(a, 1)
    return centre
