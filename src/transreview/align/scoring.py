"""Bead scores: lexical coverage plus the length model, a shape prior and paragraph hints.

The lexical part is a *normalised coverage fraction*: of the content words of both sides of a bead,
the share that a dictionary entry, a glossary pair, a shared number or a pinyin name links to the
other side. Being a fraction, it does not grow with bead size, so the search is not drawn into
merged beads; it is summed over beads, so two good 1-1 beads beat one 2-2 bead. A null bead (an
omission or addition) earns a fixed ``skip`` score, which wins when nothing links the sentence.
"""

from __future__ import annotations

import copy
import itertools
import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from transreview.align.features import EnSentence, ZhSentence
from transreview.align.length import LengthModel
from transreview.align.links import EnglishLinks, LinkIndex
from transreview.align.search import BEADS

SHAPE_PRIOR: dict[tuple[int, int], float] = {
    (1, 1): 0.70, (1, 2): 0.12, (2, 1): 0.05, (1, 3): 0.035, (3, 1): 0.01, (2, 2): 0.02,
    (1, 4): 0.01, (2, 3): 0.008, (3, 2): 0.005, (1, 5): 0.003, (2, 4): 0.003,
    (1, 0): 0.005, (0, 1): 0.005,
}
"""How often each bead shape occurs in news and literary Chinese–English translation."""


@dataclass(frozen=True, slots=True)
class Weights:
    """How the evidence is combined (tuned on MAC-Dev; see benchmarks/align_eval.py)."""

    length: float = 0.25
    """Weight of the length model's log probability."""
    prior: float = 0.036
    """Weight of the bead shape's log prior."""
    skip: float = -0.25
    """Score of a null bead before its prior."""
    neutral: float = 0.2
    """Lexical score of a bead with no content word on either side (punctuation only)."""
    paragraph: float = 0.5
    """Penalty per paragraph boundary a bead crosses (when both sides mark paragraphs)."""
    size: float = 0.4
    """Exponent of a bead's sentence count (halved) that scales its lexical score."""
    orphan: float = 0.5
    """Penalty per weakly linked member of a merged bead (see ``ORPHAN_SHARE``)."""
    lexical: bool = True
    """False gives the length-only (Gale–Church) mode, the baseline."""
    bootstrap: bool = True
    """Learn a lexicon from the first pass's beads and align again with it."""
    guide: int = 40
    """Half-width of the cheap length-only search whose path guides the first lexical pass
    (0: the diagonal guides it)."""
    width: int = 8
    """Half-width of the band of the first lexical pass, around the guide path."""
    refine_width: int = 6
    """Half-width of the band of the second pass, around the first pass's path (a long document's
    first pass covers stretches only: its second pass keeps ``width`` around the guide)."""


class BeadScorer:
    """Scores the candidate beads of one document pair, a band of the search space at a time.

    ``english``: the English link arrays, when another scorer of the same translation built them.
    """

    def __init__(
        self, zh: Sequence[ZhSentence], en: Sequence[EnSentence], model: LengthModel,
        weights: Weights, zh_paragraphs: Sequence[int] | None = None,
        en_paragraphs: Sequence[int] | None = None, shapes: Sequence[tuple[int, int]] = BEADS,
        english: EnglishLinks | None = None,
    ) -> None:
        self.zh = zh
        self.en = en
        self.n_zh, self.n_en = len(zh), len(en)
        self.model = model
        self.weights = weights
        self.shapes = tuple(shapes)
        self._paragraphs = (
            (np.asarray(zh_paragraphs, dtype=np.int64), np.asarray(en_paragraphs, dtype=np.int64))
            if zh_paragraphs is not None and en_paragraphs is not None
            else None
        )
        self._links: dict[tuple[int, int], tuple[int, int]] = {}
        self._tables: list[tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        self._english = english
        self._index: LinkIndex | None = None
        self._zh_length = _prefix([s.length for s in zh])
        lengths, sizes = (
            (english.lengths, english.sizes) if english is not None
            else ([s.length for s in en], [s.size for s in en])
        )
        self._en_length = _prefix(lengths)
        self._zh_size = np.array([len(s.translations) for s in zh] + [0], dtype=np.float64)
        self._en_size = np.append(np.asarray(sizes, dtype=np.float64), 0.0)
        self._zh_words = _prefix([len(s.translations) for s in zh])
        self._en_words = _prefix(sizes)
        self.max_a = max((a for a, _ in self.shapes), default=1)
        self.max_b = max((b for _, b in self.shapes), default=1)

    def window(self, i0: int, i1: int, j0: int, j1: int) -> BeadScorer:
        """A scorer of Chinese ``i0:i1`` with English ``j0:j1`` alone (same model and weights)."""
        zh_paragraphs = en_paragraphs = None
        if self._paragraphs is not None:
            zh_paragraphs = self._paragraphs[0][i0:i1].tolist()
            en_paragraphs = self._paragraphs[1][j0:j1].tolist()
        return BeadScorer(
            self.zh[i0:i1], self.en[j0:j1], self.model, self.weights, zh_paragraphs,
            en_paragraphs, self.shapes,
        )

    def for_band(self) -> BeadScorer:
        """A copy that scores bands only, for another process: its link index built, without
        the sentences' features (arrays alone, cheap to pickle)."""
        banded = copy.copy(self)
        banded._index = self._link_index()
        banded.zh = banded.en = ()
        banded._links = {}
        banded._tables = []
        return banded

    def links(self, i: int, j: int) -> tuple[int, int]:
        """(English token mask, Chinese word mask) of what links Chinese ``i`` and English ``j``."""
        found = self._links.get((i, j))
        if found is None:
            found = self._links[(i, j)] = _link(self.zh[i], self.en[j])
        return found

    def similarity(self, i: int, a: int, j: int, b: int) -> float:
        """Lexical coverage of the bead Chinese ``i:i+a`` x English ``j:j+b``, in [0, 1]."""
        total = int(self._zh_words[i + a] - self._zh_words[i])
        total += int(self._en_words[j + b] - self._en_words[j])
        if total == 0:
            return self.weights.neutral
        covered = 0
        for jj in range(j, j + b):
            mask = 0
            for ii in range(i, i + a):
                mask |= self.links(ii, jj)[0]
            covered += mask.bit_count()
        for ii in range(i, i + a):
            mask = 0
            for jj in range(j, j + b):
                mask |= self.links(ii, jj)[1]
            covered += mask.bit_count()
        return covered / total

    def unsupported(self, path: Sequence[tuple[int, int, int, int]]) -> list[int]:
        """The English sentences of the merged beads of ``path`` that their source does not
        support: of ``STRAY_WORDS`` content words or more, at most ``STRAY_SHARE`` of them linked
        to the bead's Chinese, linking no Chinese word that the other English sentences leave
        unlinked, beside sentences that link ``EXPLAINED_SHARE`` of theirs or more. The others
        translate the source; this one adds to it. The search keeps such a sentence in the bead
        when its few chance links (a common word, a name the document repeats) outweigh a null
        bead's cost; telling it apart afterwards leaves the alignment as tuned (a stricter
        ``orphan`` weight split it off, but cost 5 points of MAC-Dev's strict F1, whose
        literary translations merge loosely linked sentences often)."""
        merged = [(i, a, j, b) for i, a, j, b in path if a and b > 1]
        pairs = [(ii, jj) for i, a, j, b in merged for ii in range(i, i + a)
                 for jj in range(j, j + b) if (ii, jj) not in self._links]
        self._load(np.array([ii for ii, _ in pairs], dtype=np.int64),
                   np.array([jj for _, jj in pairs], dtype=np.int64))
        found: list[int] = []
        for i, a, j, b in merged:
            members: list[tuple[int, float, int, int]] = []
            for jj in range(j, j + b):
                en_mask = zh_mask = 0
                for ii in range(i, i + a):
                    en_link, zh_link = self.links(ii, jj)
                    en_mask |= en_link
                    zh_mask |= zh_link
                members.append((jj, float(self._en_size[jj]), en_mask.bit_count(), zh_mask))
            for jj, size, linked, zh_mask in members:
                if size < STRAY_WORDS or linked > STRAY_SHARE * size:
                    continue
                others = [member for member in members if member[0] != jj]
                others_zh = 0
                for member in others:
                    others_zh |= member[3]
                linked_by_others = sum(member[2] for member in others)
                explained = linked_by_others >= EXPLAINED_SHARE * sum(m[1] for m in others)
                if explained and not zh_mask & ~others_zh:
                    found.append(jj)
        return found

    def preload(self, path: Sequence[tuple[int, int, int, int]]) -> None:
        """Keep the links of every pair ``similarity`` reads to score the beads of ``path`` and
        its null beads' neighbours: from the link tables of the bands scored so far (``tables``),
        and for the pairs none of them holds, from one join of the link index.

        The tables fold masks to 64 bits, so only the pairs of sentences of at most 64 words
        (64 content tokens) are kept (``_load``): their masks are exact; ``links`` finds the
        others.
        """
        rows: list[int] = []
        cols: list[int] = []
        for i, a, j, b in path:
            if a and b:
                for ii in range(i, i + a):
                    rows += [ii] * b
                    cols += range(j, j + b)
            elif a:
                for jj in range(max(0, j - 1), min(self.n_en, j + 1)):
                    rows.append(i)
                    cols.append(jj)
            else:
                for ii in range(max(0, i - 1), min(self.n_zh, i + 1)):
                    rows.append(ii)
                    cols.append(j)
        self._load(np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))

    def _load(self, row: np.ndarray, col: np.ndarray) -> None:
        """Keep the links of the pairs (Chinese ``row``, English ``col``) of sentences of at most
        64 words: from the link tables of the bands scored so far, and for the pairs none of
        them holds, from one join of the link index (``LinkIndex.pairs``; a pair at a time,
        ``links`` costs several times as much)."""
        exact = (self._zh_size[row] <= 64) & (self._en_size[col] <= 64)
        row, col = row[exact], col[exact]
        en_found = np.zeros(len(row), dtype=np.uint64)
        zh_found = np.zeros(len(row), dtype=np.uint64)
        missing = np.ones(len(row), dtype=bool)
        for first, base, top, en_masks, zh_masks in self._tables:
            r = np.clip(row - first, 0, len(base) - 1)
            held = missing & (row >= first) & (row < first + len(base))
            held &= (col >= np.maximum(base[r], 0)) & (col < np.minimum(top[r], self.n_en))
            at = np.flatnonzero(held)
            en_found[at] = en_masks[r[at], col[at] - base[r[at]]]
            zh_found[at] = zh_masks[r[at], col[at] - base[r[at]]]
            missing[at] = False
        at = np.flatnonzero(missing)
        en_found[at], zh_found[at] = self._link_index().pairs(row[at], col[at])
        self._links.update(zip(
            zip(row.tolist(), col.tolist(), strict=True),
            zip(en_found.tolist(), zh_found.tolist(), strict=True),
            strict=True,
        ))

    def tables(self) -> list[tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        """The link tables of the bands this scorer has scored: (first Chinese row, English
        ``base`` and ``top`` per row, English masks, Chinese masks), as ``LinkIndex.table``."""
        return self._tables

    def _link_index(self) -> LinkIndex:
        if self._index is None:
            self._index = LinkIndex(self.zh, self._english or EnglishLinks.of_sentences(self.en))
        return self._index

    def _link_table(
        self, lo: np.ndarray, width: int, first: int, stop: int,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Link masks (folded to 64 bits) of Chinese ``first:stop`` with the English sentences
        the band can pair them with: (English masks, Chinese masks, first English index per row).
        """
        n_zh = self.n_zh
        rows = np.arange(first, stop, dtype=np.int64)
        base = lo[rows] - self.max_b
        top = lo[np.minimum(rows + self.max_a, n_zh)] + width
        span = int((top - base).max()) if len(base) else 1
        en_masks, zh_masks = self._link_index().table(first, stop, base, top, span)
        self._tables.append((first, base, top, en_masks, zh_masks))
        return en_masks, zh_masks, base

    def band(self, lo: np.ndarray, width: int, start: int, stop: int) -> np.ndarray:
        """Scores of every shape's bead ending at Chinese ``i`` (``start <= i < stop``) and English
        ``lo[i] + k`` (``0 <= k < width``): an array (shapes, rows, width), ``NEG`` where none fits.

        Scored ``BLOCK_CELLS`` cells of rows at a time: each cell's score depends on that cell
        alone, and the many passes over arrays of a block stay in the processor's cache.
        """
        out = np.empty((len(self.shapes), stop - start, width))
        blocks = -(-(stop - start) * width // BLOCK_CELLS)
        step = max(1, -(-(stop - start) // max(blocks, 1)))
        for first in range(start, stop, step):
            last = min(stop, first + step)
            self._block(lo, width, first, last, out[:, first - start : last - start])
        return out

    def _block(
        self, lo: np.ndarray, width: int, start: int, stop: int, out: np.ndarray,
    ) -> None:
        """``band`` of rows ``start:stop``, written into ``out``."""
        w = self.weights
        n_zh, n_en = self.n_zh, self.n_en
        rows = np.arange(start, stop, dtype=np.int64)
        cols = lo[start:stop, None] + np.arange(width, dtype=np.int64)[None, :]
        inside = cols <= n_en
        lexical = w.lexical and n_zh > 0 and n_en > 0
        if lexical:
            first = max(0, start - self.max_a)
            en_masks, zh_masks, base = self._link_table(lo, width, first, min(stop, n_zh))
            shared = _Shared(self._gather(rows, cols, first, en_masks, zh_masks, base))
        out.fill(NEG)
        prior = {shape: math.log(p) for shape, p in SHAPE_PRIOR.items()}
        cj = np.minimum(cols, n_en)
        zh_lengths: dict[int, np.ndarray] = {}
        en_lengths: dict[int, np.ndarray] = {}
        en_starts: dict[int, np.ndarray] = {}
        for k, (a, b) in enumerate(self.shapes):
            valid = inside & (rows[:, None] >= a) & (cols >= b)
            if not valid.any():
                continue
            zi = np.maximum(rows - a, 0)
            ej = en_starts.get(b)
            if ej is None:
                ej = en_starts[b] = np.clip(cols - b, 0, n_en)
            logp = prior.get((a, b), -12.0)
            crossings = self._crossings(rows, cols, a, b)
            if w.lexical and (a == 0 or b == 0):
                null = w.skip + w.prior * logp - w.paragraph * crossings
                np.copyto(out[k], null, where=valid)
                continue
            if a not in zh_lengths:
                zh_lengths[a] = (self._zh_length[rows] - self._zh_length[zi])[:, None]
            if b not in en_lengths:
                en_lengths[b] = self._en_length[cj] - self._en_length[ej]
            fit = self.model.log_prob(zh_lengths[a], en_lengths[b])
            if not w.lexical:
                score = fit
                score += logp
                if not isinstance(crossings, float):  # no crossings: x - 0.0 is x
                    score = score - 10.0 * crossings
            else:
                hits, weak = self._coverage(shared, rows, cols, a, b)
                total = (self._zh_words[rows] - self._zh_words[zi])[:, None] + (
                    self._en_words[cj] - self._en_words[ej]
                )
                sim = np.where(total > 0, hits / np.maximum(total, 1), w.neutral)
                score = (
                    sim * ((a + b) / 2.0) ** w.size + w.length * fit + w.prior * logp
                    - w.paragraph * crossings - (w.orphan * weak if a + b > 2 else 0.0)
                )
            np.copyto(out[k], score, where=valid)  # the rest stays NEG

    def _gather(
        self, rows: np.ndarray, cols: np.ndarray, first: int, en_masks: np.ndarray,
        zh_masks: np.ndarray, base: np.ndarray,
    ) -> dict[tuple[int, int], tuple[np.ndarray, np.ndarray]]:
        """Per (a', b') that a bead shape (a >= a', b >= b') reaches: the link masks of Chinese
        ``i - a'`` with English ``j - b'``."""
        out: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
        span = en_masks.shape[1]
        for back_a in range(1, self.max_a + 1):
            zi = rows - back_a
            r = np.clip(zi - first, 0, max(len(base) - 1, 0))
            reach = max((b for a, b in self.shapes if a >= back_a), default=0)
            for back_b in range(1, reach + 1):
                q = cols - back_b - base[r][:, None]
                ok = (zi[:, None] >= 0) & (q >= 0) & (q < span) & (cols - back_b >= 0)
                qc = np.clip(q, 0, span - 1)
                en_part = np.where(ok, en_masks[r[:, None], qc], np.uint64(0))
                zh_part = np.where(ok, zh_masks[r[:, None], qc], np.uint64(0))
                out[(back_a, back_b)] = (en_part, zh_part)
        return out

    def _coverage(
        self, shared: _Shared, rows: np.ndarray, cols: np.ndarray, a: int, b: int,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Covered words of the beads of shape (a, b), and the weakness of their members; the
        shapes of a block share the counts that do not depend on the rest of the bead (``shared``).

        A member of ``ORPHAN_WORDS`` content words or more whose share of linked words is below
        ``ORPHAN_SHARE`` adds up to 1 to the weakness (1 when nothing links): a sign that it
        belongs to a null bead rather than to this merged one. A Chinese member counts only the
        English words it links that no other Chinese member of the bead links: a sentence that
        merely repeats its neighbour's names and terms is the typical dropped sentence.
        """
        gathered = shared.gathered
        hits = np.zeros(cols.shape)
        weak = np.zeros(cols.shape)
        for back_b in range(1, b + 1):
            count, weakness = self._en_member(shared, cols, a, back_b)
            hits += count
            weak += weakness
        for back_a in range(1, a + 1):
            count = self._zh_member(shared, b, back_a)
            hits += count
            if a > 1:
                count = np.minimum(count, _unique(
                    [gathered[(back_a, bb)][0] for bb in range(1, b + 1)],
                    [[gathered[(aa, bb)][0] for bb in range(1, b + 1)]
                     for aa in range(1, a + 1) if aa != back_a],
                ))
            size = self._zh_size[np.maximum(rows - back_a, 0)][:, None]
            weak += _weakness(count, size)
        return hits, weak

    @staticmethod
    def _zh_member(shared: _Shared, b: int, back_a: int) -> np.ndarray:
        """Linked words of Chinese ``i - back_a`` in the beads of ``b`` English sentences (the
        same for every shape of ``b`` English sentences reaching it)."""
        found = shared.chinese.get((b, back_a))
        if found is None:
            union = _union([shared.gathered[(back_a, bb)][1] for bb in range(1, b + 1)])
            found = shared.chinese[(b, back_a)] = np.bitwise_count(union).astype(np.float64)
        return found

    def _en_member(
        self, shared: _Shared, cols: np.ndarray, a: int, back_b: int,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Linked words and weakness of English ``j - back_b`` in the beads of ``a`` Chinese
        sentences (the same for every shape of ``a`` Chinese sentences reaching it)."""
        found = shared.english.get((a, back_b))
        if found is None:
            union = _union([shared.gathered[(aa, back_b)][0] for aa in range(1, a + 1)])
            count = np.bitwise_count(union).astype(np.float64)
            size = self._en_size[np.clip(cols - back_b, 0, self.n_en)]
            found = shared.english[(a, back_b)] = (count, _weakness(count, size))
        return found

    def _crossings(
        self, rows: np.ndarray, cols: np.ndarray, a: int, b: int,
    ) -> np.ndarray | float:
        """Paragraph boundaries inside each bead (0 without paragraph information)."""
        if self._paragraphs is None or (a < 2 and b < 2):
            return 0.0
        zp, ep = self._paragraphs
        count = np.zeros(cols.shape)
        if a > 1:
            last, head = np.clip(rows - 1, 0, len(zp) - 1), np.clip(rows - a, 0, len(zp) - 1)
            count += (zp[last] != zp[head])[:, None]
        if b > 1:
            last, head = np.clip(cols - 1, 0, len(ep) - 1), np.clip(cols - b, 0, len(ep) - 1)
            count += ep[last] != ep[head]
        return count


@dataclass(frozen=True, slots=True)
class _Shared:
    """What the bead shapes scored over one block of a band share (``BeadScorer._coverage``)."""

    gathered: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]]
    """``BeadScorer._gather`` of the block."""
    english: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    """Per (a, b'): linked words and weakness of English ``j - b'`` in beads of ``a`` Chinese
    sentences."""
    chinese: dict[tuple[int, int], np.ndarray] = field(default_factory=dict)
    """Per (b, a'): linked words of Chinese ``i - a'`` in beads of ``b`` English sentences."""


NEG = -1e18
"""The score of an impossible bead: finite, so that sums and differences stay numbers."""
BLOCK_CELLS = 32_768
"""Cells of a band scored at a time (``BeadScorer.band``)."""
ORPHAN_WORDS = 5
"""Content words a sentence needs before weak links make it look out of place in a bead."""
ORPHAN_SHARE = 0.15
"""Share of linked words under which a member of a merged bead counts as weak."""
STRAY_WORDS = 5
"""Content words an English sentence of a merged bead needs to be told unsupported."""
STRAY_SHARE = 0.35
"""Share of linked words at most which such a sentence may be unsupported."""
EXPLAINED_SHARE = 0.7
"""Share of linked words at least which the other English sentences of its bead translate
its source (literary translations often link less, and merge sentences that belong)."""


def _weakness(count: np.ndarray, size: np.ndarray) -> np.ndarray:
    """0 for a well-linked sentence, up to 1 for a long one with no link at all."""
    limit = ORPHAN_SHARE * size
    weak = (size >= ORPHAN_WORDS) & (count < limit)
    return np.where(weak, 1.0 - count / np.maximum(limit, 1e-9), 0.0)


def _union(masks: Sequence[np.ndarray]) -> np.ndarray:
    out = masks[0]
    for mask in masks[1:]:
        out = out | mask
    return out


def _unique(own: Sequence[np.ndarray], others: Sequence[Sequence[np.ndarray]]) -> np.ndarray:
    """Words on the other side that this member links to and no other member of the bead does.

    ``own[k]`` and each ``others[m][k]`` are masks over the same k-th sentence of the other side.
    """
    total = np.zeros(own[0].shape)
    for k, mask in enumerate(own):
        rest = _union([other[k] for other in others])
        total += np.bitwise_count(mask & ~rest)
    return total


def _link(zs: ZhSentence, es: EnSentence) -> tuple[int, int]:
    """(English token mask, Chinese word mask) of what links ``zs`` and ``es``: a lemma, name
    key or number both have."""
    en_mask = zh_mask = 0
    lemmas = es.lemmas
    keys, translations = lemmas.keys(), zs.translations
    apart = map(keys.isdisjoint, translations)
    for unit in itertools.compress(itertools.count(), map(operator.not_, apart)):
        zh_mask |= 1 << unit
        for lemma in keys & translations[unit]:
            en_mask |= lemmas[lemma]
    if es.names and zs.names:
        for name in es.names.keys() & zs.names.keys():
            en_mask |= es.names[name]
            zh_mask |= zs.names[name]
    if es.numbers and zs.numbers:
        for value in es.numbers.keys() & zs.numbers.keys():
            en_mask |= es.numbers[value]
            zh_mask |= zs.numbers[value]
    return en_mask, zh_mask


def _prefix(values: Sequence[int] | np.ndarray) -> np.ndarray:
    out = np.zeros(len(values) + 1, dtype=np.float64)
    np.cumsum(values, out=out[1:])
    return out
