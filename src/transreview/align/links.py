"""The links between the sentences of a document pair, found for a whole band at once.

In: the features of both sides. Out: per band of candidate pairs (Chinese ``i``, English ``j``),
the folded link masks the scorer needs. Every piece of evidence (a lemma, a name key, a number)
becomes a row (sentence, key id, 64-bit mask) of an array per side, so linking a band is a join
of the two arrays on the key within the band: ``searchsorted`` and ``repeat`` in numpy rather
than a set intersection per candidate pair, as in ``_link`` of ``scoring``.
Masks fold to 64 bits by OR-ing their 64-bit chunks, which commutes with OR: folding each key's
mask and OR-ing them gives the fold of the pair's mask.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from itertools import chain, repeat
from operator import attrgetter
from typing import overload

import numpy as np

from transreview.align.evidence import EnglishRows, kept_whole
from transreview.align.features import EnSentence, ZhSentence, _FirstUse

_FULL = (1 << 64) - 1
JOIN_ROWS = 64
"""Chinese sentences joined at a time: bounds the memory of the join's arrays."""
PAIR_ROWS = 1024
"""Chinese sentences whose scattered pairs are joined at a time (``LinkIndex.pairs``)."""


def fold(mask: int) -> int:
    """A bit mask folded into 64 bits (words past the 64th share bits: counts stay close)."""
    while mask > _FULL:
        mask = (mask & _FULL) | (mask >> 64)
    return mask


def expand(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ranges ``starts[k]:starts[k] + counts[k]``: each member's range number and index."""
    total = int(counts.sum())
    owner = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    first = np.cumsum(counts) - counts
    index = np.arange(total, dtype=np.int64) - first[owner] + starts[owner]
    return owner, index


class EnglishLinks:
    """The English evidence as arrays, in sentence order: key id and folded mask per row.

    Built once per document and shared by the passes (only the Chinese side changes). It holds
    every sentence's features (``sentence``), so another process needs only these arrays."""

    def __init__(self, keys: list[Hashable], start: np.ndarray, key: np.ndarray,
                 mask: np.ndarray, lengths: np.ndarray, sizes: np.ndarray,
                 whole: dict[int, EnSentence]) -> None:
        self.ids = {key: number for number, key in enumerate(keys)}
        """Evidence key (a lemma, or a tagged name key or number) -> key id."""
        self.size = len(lengths)
        self.start = start
        """Index of each sentence's first row (and the number of rows, last)."""
        self.key = key
        """Per row, its key id (int32)."""
        self.mask = mask
        """Per row, its positions' bits folded into 64 (uint64)."""
        self.lengths = lengths
        """Per sentence, ``EnSentence.length``."""
        self.sizes = sizes
        """Per sentence, ``EnSentence.size``."""
        self.whole = whole
        """The sentences whose masks the rows fold, kept whole (``kept_whole``)."""
        self._keys = keys
        """The keys in id order."""

    @classmethod
    def of_rows(cls, rows: EnglishRows) -> EnglishLinks:
        """The links of ``english_rows`` of the sentences (those of their ``en_sentence``)."""
        return cls(rows.keys, rows.start, rows.key, rows.mask, rows.lengths, rows.sizes,
                   rows.whole)

    @classmethod
    def of_sentences(cls, en: Sequence[EnSentence]) -> EnglishLinks:
        """The links of the sentences' features, one sentence at a time (``of_rows`` gives the
        same from their texts, a block of sentences at a time)."""
        keys: list[Hashable] = []
        masks: list[int] = []
        counts: list[int] = []
        for sentence in en:
            keys += sentence.lemmas
            keys += [("name", key) for key in sentence.names]
            keys += [("number", key) for key in sentence.numbers]
            before = len(masks)
            masks += sentence.lemmas.values()
            masks += sentence.names.values()
            masks += sentence.numbers.values()
            if sentence.size > 64:
                masks[before:] = [fold(mask) for mask in masks[before:]]
            counts.append(len(masks) - before)
        ids = {key: number for number, key in enumerate(dict.fromkeys(keys))}
        start = np.zeros(len(en) + 1, dtype=np.int64)
        np.cumsum(counts, out=start[1:])
        return cls(
            list(ids), start,
            np.fromiter(map(ids.__getitem__, keys), dtype=np.int32, count=len(keys)),
            np.array(masks, dtype=np.uint64),
            np.array([sentence.length for sentence in en], dtype=np.int64),
            np.array([sentence.size for sentence in en], dtype=np.int64),
            {j: sentence for j, sentence in enumerate(en) if kept_whole(sentence.size)},
        )

    def sentence(self, j: int) -> EnSentence:
        """The features of English sentence ``j``, rebuilt from its rows (equal to those the
        links were built from)."""
        whole = self.whole.get(j)
        if whole is not None:
            return whole
        keys = self._keys
        begin, end = int(self.start[j]), int(self.start[j + 1])
        lemmas: dict[str, int] = {}
        names: dict[str, int] = {}
        numbers: dict[float, int] = {}
        for key, mask in zip(map(keys.__getitem__, self.key[begin:end].tolist()),
                             self.mask[begin:end].tolist(), strict=True):
            if isinstance(key, str):
                lemmas[key] = mask
            elif isinstance(key, tuple) and key[0] == "name":
                names[key[1]] = mask
            elif isinstance(key, tuple):
                numbers[key[1]] = mask
        return EnSentence(int(self.lengths[j]), int(self.sizes[j]), lemmas, names, numbers)

    def lemmas(self) -> list[str]:
        """The lemmas of the translation."""
        return [key for key in self.ids if isinstance(key, str)]

    def names(self) -> list[str]:
        """The name keys of the translation."""
        return [key[1] for key in self.ids if isinstance(key, tuple) and key[0] == "name"]


class EnglishSentences(Sequence[EnSentence]):
    """The English sentences' features as ``EnglishLinks`` holds them, rebuilt when read: a
    process that receives the links reads only a few sentences whole (the first pass's
    windows, long sentences' links, the bootstrap's sample), and the arrays pickle several
    times faster than the sentences."""

    def __init__(self, links: EnglishLinks) -> None:
        self.links = links

    def __len__(self) -> int:
        return self.links.size

    @overload
    def __getitem__(self, at: int) -> EnSentence: ...

    @overload
    def __getitem__(self, at: slice) -> list[EnSentence]: ...

    def __getitem__(self, at: int | slice) -> EnSentence | list[EnSentence]:
        if isinstance(at, slice):
            return [self.links.sentence(j) for j in range(*at.indices(self.links.size))]
        if not -self.links.size <= at < self.links.size:
            raise IndexError(at)
        return self.links.sentence(at % self.links.size)


class LinkIndex:
    """The evidence of both sides: the English arrays, and the Chinese words with the id of
    their lemma set, each set's key ids, and the rows of names and numbers. Keys that only one
    side has are left out."""

    def __init__(self, zh: Sequence[ZhSentence], english: EnglishLinks) -> None:
        self.english = english
        self.n_en = english.size
        self._en_start, self._en_key, self._en_mask = english.start, english.key, english.mask
        self._zh = _Chinese(zh, english.ids)

    def table(
        self, first: int, stop: int, base: np.ndarray, top: np.ndarray, span: int,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(English masks, Chinese masks), shape (rows, ``span``), of Chinese ``first:stop`` with
        English ``base[r] + q`` for ``max(0, base[r]) <= base[r] + q < min(n_en, top[r])``.

        ``base`` and ``top`` never decrease (a band), so the rows an English sentence pairs with
        are a range: each English row of the band looks up its key's Chinese rows in that range.
        """
        en_masks = np.zeros((stop - first, span), dtype=np.uint64)
        zh_masks = np.zeros((stop - first, span), dtype=np.uint64)
        for part in range(first, stop, JOIN_ROWS):
            end = min(stop, part + JOIN_ROWS)
            rows = slice(part - first, end - first)
            self._join(part, end, base[rows], top[rows], en_masks[rows], zh_masks[rows])
        return en_masks, zh_masks

    def pairs(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(English masks, Chinese masks) of each pair (Chinese ``rows[k]``, English
        ``cols[k]``): ``table``'s join for pairs scattered over the document (those of a path's
        beads), keyed on the pair rather than on a cell of a band, which would span all the
        rows between them; the pairs of ``PAIR_ROWS`` Chinese sentences at a time."""
        en_masks = np.zeros(len(rows), dtype=np.uint64)
        zh_masks = np.zeros(len(rows), dtype=np.uint64)
        order = np.argsort(rows, kind="stable")
        ordered = rows[order]
        start = 0
        while start < len(order):
            end = int(np.searchsorted(ordered, ordered[start] + PAIR_ROWS))
            picked = order[start:end]
            en_masks[picked], zh_masks[picked] = self._pairs(rows[picked], cols[picked])
            start = end
        return en_masks, zh_masks

    def _pairs(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``pairs`` of pairs within ``PAIR_ROWS`` Chinese sentences of each other: the evidence
        of their Chinese sentences only, and of their English ones."""
        en_masks = np.zeros(len(rows), dtype=np.uint64)
        zh_masks = np.zeros(len(rows), dtype=np.uint64)
        ordered = np.sort(rows)  # their distinct sentences (``np.unique`` imports numpy.ma)
        sentences = ordered[np.flatnonzero(np.diff(ordered, prepend=-1))]
        row, key, zh_bits = self._zh.rows_of(sentences)
        order = np.argsort(row, kind="stable")
        row_start = np.searchsorted(row[order], np.arange(len(sentences) + 1))
        local = np.searchsorted(sentences, rows)
        zh_pair, zh_at = expand(row_start[local], row_start[local + 1] - row_start[local])
        zh_at = order[zh_at]
        en_start = self._en_start[cols]
        en_pair, en_at = expand(en_start, self._en_start[cols + 1] - en_start)
        keys = len(self.english.ids)
        zh_code = zh_pair * keys + key[zh_at]
        by_code = np.argsort(zh_code)
        zh_code = zh_code[by_code]
        en_code = en_pair * keys + self._en_key[en_at]
        low = np.searchsorted(zh_code, en_code, "left")
        high = np.searchsorted(zh_code, en_code, "right")
        owner, found = expand(low, high - low)
        found = by_code[found]
        # OR-ed as int64 (the same bits), as in ``_join``
        signed = np.int64
        np.bitwise_or.at(en_masks.view(signed), en_pair[owner],
                         self._en_mask[en_at[owner]].view(signed))
        np.bitwise_or.at(zh_masks.view(signed), zh_pair[found], zh_bits[zh_at[found]].view(signed))
        return en_masks, zh_masks

    def _join(
        self, first: int, stop: int, base: np.ndarray, top: np.ndarray, en_masks: np.ndarray,
        zh_masks: np.ndarray,
    ) -> None:
        """``table`` for Chinese ``first:stop``, OR-ed into the given rows of the two tables."""
        span = en_masks.shape[1]
        row, key, zh_bits = self._zh.rows(first, stop)
        j0 = min(self.n_en, max(0, int(base.min())))
        j1 = max(j0, min(self.n_en, int(top.max())))
        begin, end = int(self._en_start[j0]), int(self._en_start[j1])
        en_key = self._en_key[begin:end].astype(np.int64)
        en_row = np.repeat(np.arange(j0, j1, dtype=np.int64), np.diff(self._en_start[j0 : j1 + 1]))
        rows = stop - first + 1
        code = key * rows + row
        order = np.argsort(code)
        code = code[order]
        low = np.searchsorted(code, en_key * rows + np.searchsorted(top, en_row, "right"))
        high = np.searchsorted(code, en_key * rows + np.searchsorted(base, en_row, "right"))
        owner, found = expand(low, np.maximum(high - low, 0))
        found = order[found]
        row = row[found]
        cell = row * span + en_row[owner] - base[row]
        # OR-ed as int64 (the same bits): numpy's ``ufunc.at`` runs several times faster on it
        signed = np.int64
        en_bits = self._en_mask[begin:end][owner].view(signed)
        np.bitwise_or.at(en_masks.reshape(-1).view(signed), cell, en_bits)
        np.bitwise_or.at(zh_masks.reshape(-1).view(signed), cell, zh_bits[found].view(signed))


class _Chinese:
    """The Chinese evidence, expanded to (row, key, mask) rows a block of sentences at a time.

    A word's lemmas are a set shared by every word with the same lemmas, so key ids are looked
    up once per distinct set; the rows of a block are spread from the sets with numpy.
    """

    def __init__(self, zh: Sequence[ZhSentence], ids: Mapping[Hashable, int]) -> None:
        sets: _FirstUse[frozenset[str], int] = _FirstUse(lambda _: len(sets))
        per_sentence = [len(s.translations) for s in zh]
        self._word_set = np.fromiter(
            map(sets.__getitem__, chain.from_iterable([s.translations for s in zh])),
            dtype=np.int32, count=sum(per_sentence),
        )
        self._first_word = np.zeros(len(zh) + 1, dtype=np.int64)
        np.cumsum(per_sentence, out=self._first_word[1:])
        members = [[ids[key] for key in found if key in ids] for found in sets]
        self._set_size = np.array([len(m) for m in members], dtype=np.int64)
        self._set_start = np.cumsum(self._set_size) - self._set_size
        self._set_keys = np.array([key for m in members for key in m], dtype=np.int32)
        parts = [_tagged(ids, tag, [table(s) for s in zh]) for tag, table in _OTHER]
        row = np.concatenate([part[0] for part in parts])
        order = np.argsort(row, kind="stable")
        self._other_row = row[order]
        self._other_key = np.concatenate([part[1] for part in parts])[order]
        self._other_mask = np.concatenate([part[2] for part in parts])[order]

    def rows(self, first: int, stop: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row - ``first``, key id, folded mask) of every piece of evidence of ``first:stop``."""
        return self.rows_of(np.arange(first, stop, dtype=np.int64))

    def rows_of(self, sentences: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(place in ``sentences``, key id, folded mask) of every piece of evidence of these
        sentences (in increasing order)."""
        firsts = self._first_word[sentences]
        word_row, words = expand(firsts, self._first_word[sentences + 1] - firsts)
        word_set = self._word_set[words]
        word, at = expand(self._set_start[word_set], self._set_size[word_set])
        number = words - firsts[word_row]
        bits = np.left_shift(np.uint64(1), (number % 64).astype(np.uint64))
        lows = np.searchsorted(self._other_row, sentences)
        other_row, other = expand(lows, np.searchsorted(self._other_row, sentences + 1) - lows)
        return (
            np.concatenate([word_row[word], other_row]),
            np.concatenate([self._set_keys[at], self._other_key[other]]),
            np.concatenate([bits[word], self._other_mask[other]]),
        )


_OTHER: tuple[tuple[str, Callable[[ZhSentence], Mapping[Hashable, int]]], ...] = (
    ("name", attrgetter("names")), ("number", attrgetter("numbers")),
)
"""The tables of a Chinese sentence that become rows of their own, in row order, with the tag
of their keys among the key ids."""


def _tagged(
    ids: Mapping[Hashable, int], tag: str, tables: Sequence[Mapping[Hashable, int]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(sentence, key id, folded mask) of the entries of the sentences' ``tables`` whose key,
    tagged ``tag``, has an id; in sentence order, each sentence's in its table's order.

    The entries of all sentences are read in one pass each (keys, masks), and only a mask past
    64 bits is folded one by one: a document has some hundred thousand of them."""
    tagged = {key[1]: found for key, found in ids.items()
              if isinstance(key, tuple) and key[0] == tag}
    counts = np.fromiter(map(len, tables), dtype=np.int64, count=len(tables))
    key = np.fromiter(
        map(tagged.get, chain.from_iterable(tables), repeat(-1)), dtype=np.int64,
        count=int(counts.sum()),
    )
    masks = list(chain.from_iterable([table.values() for table in tables]))
    if masks and max(masks) > _FULL:
        masks = list(map(fold, masks))
    kept = key >= 0
    row = np.repeat(np.arange(len(tables), dtype=np.int64), counts)
    return row[kept], key[kept], np.array(masks, dtype=np.uint64)[kept]
