"""The English evidence of a whole document as the rows ``EnglishLinks`` holds, found with numpy.

In: the English sentences. Out: per sentence its rows (evidence key, 64-bit folded mask) in the
order ``EnglishLinks`` gives them when built from ``en_sentence`` of each sentence (the lemmas
in order of first use, the marks, the names, each word's name before its one-syllable key, the
numbers), and the key ids in order of first use. The same rows, not a second reading: the
words, their keys, names, marks and numbers come from ``en_sentence``'s own helpers; only the
bookkeeping (which uses share a key, their bits, the first uses) is done for all sentences at
once (the words of ``BLOCK`` sentences at a time), where ``en_sentence`` built each sentence's
dictionaries and the links then walked them again. On the 21,440 sentences of the check
benchmark's translation that took 0.52-0.55 s, the rows take 0.37-0.42 s; on MAC-Dev's repeated
literary text, 0.30-0.34 s against 0.23-0.26 s; the memory is that of before. Sentences whose
masks pass 64 bits are also kept whole, from ``en_sentence``, up to ``WHOLE_MAX`` positions.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import chain, compress

import numpy as np

from transreview.align.english import WORD
from transreview.align.features import (
    CONTENT_KEYS,
    MARK_ORDER,
    SINGLE,
    WORD_NAMES,
    EnSentence,
    content_length,
    en_sentence,
    mark_uses,
    names_run_on,
    number_values,
    run_on_names,
)
from transreview.numbers import NumberMention, numbers_en

_LEMMAS, _MARKS, _NAMES, _NUMBERS = range(4)
"""The sections of a sentence's rows, in order."""


@dataclass(frozen=True, slots=True)
class EnglishRows:
    """The rows of every English sentence, in sentence order (what ``EnglishLinks`` holds)."""

    keys: list[Hashable]
    """The evidence keys in id order: lemmas and marks, ("name", key), ("number", value)."""
    start: np.ndarray
    """Index of each sentence's first row (and the number of rows, last)."""
    key: np.ndarray
    """Per row, its key id (int32)."""
    mask: np.ndarray
    """Per row, its positions' bits folded into 64 (uint64)."""
    lengths: np.ndarray
    """Per sentence, ``EnSentence.length``."""
    sizes: np.ndarray
    """Per sentence, ``EnSentence.size``."""
    whole: dict[int, EnSentence]
    """The sentences of more than 64 positions (and at most ``WHOLE_MAX``), whole."""
    mentions: tuple[tuple[NumberMention, ...], ...]
    """Per sentence, ``numbers_en`` of it (read once, for its numbers' rows)."""


class _Rows:
    """Rows gathered section by section: per row its sentence, section, order within the
    section, provisional key id and mask; the keys' objects by provisional id."""

    def __init__(self) -> None:
        self.objects: list[Hashable] = []
        self.parts: list[tuple[np.ndarray, ...]] = []
        self._known: dict[str, dict[Hashable, int]] = {}
        """Per tag, the provisional id of each key given one."""
        self._singles: dict[int, int] = {}
        """Provisional id of a name -> that of its one-syllable key."""

    def ids(self, keys: Sequence[Hashable], tag: str = "") -> np.ndarray:
        """Provisional ids of ``keys`` (tagged as ``(tag, key)`` objects when ``tag``), the new
        ones after those given before."""
        known = self._known.setdefault(tag, {})
        new = [key for key in dict.fromkeys(keys) if key not in known]
        known.update(zip(new, range(len(self.objects), len(self.objects) + len(new)), strict=True))
        self.objects += [(tag, key) for key in new] if tag else new
        return np.fromiter(map(known.__getitem__, keys), dtype=np.int64, count=len(keys))

    def singles(self, names: Sequence[str], ids: np.ndarray) -> np.ndarray:
        """The provisional ids of the one-syllable keys of ``names`` (whose ids are ``ids``)."""
        for name, number in zip(names, ids.tolist(), strict=True):
            if number not in self._singles:
                self._singles[number] = len(self.objects)
                self.objects.append(("name", SINGLE + name))
        return np.fromiter(map(self._singles.__getitem__, ids.tolist()), dtype=np.int64,
                           count=len(ids))

    def add(self, section: int, sentence: np.ndarray, ids: np.ndarray, order: np.ndarray,
            position: np.ndarray) -> None:
        """One row per (sentence, id) of these uses (each at bit ``position``, in ascending
        ``order`` within a sentence and id): the OR of its bits, at its first use's order."""
        if not len(ids):
            return
        by = np.lexsort((ids, sentence))  # stable: a group's uses stay in their order
        sentence, ids = sentence[by], ids[by]
        head = np.ones(len(ids), dtype=bool)
        head[1:] = (sentence[1:] != sentence[:-1]) | (ids[1:] != ids[:-1])
        heads = np.flatnonzero(head)
        # bit p % 64: the links fold a mask's 64-bit chunks into one by OR
        bits = np.left_shift(np.uint64(1), (position[by] % 64).astype(np.uint64))
        self.parts.append((sentence[heads], np.full(len(heads), section), order[by][heads],
                           ids[heads], np.bitwise_or.reduceat(bits, heads)))

    def assembled(self, count: int) -> tuple[list[Hashable], np.ndarray, np.ndarray, np.ndarray]:
        """(keys in id order, each sentence's first row, key ids, masks) of all rows, in
        sentence order and each sentence's in section and use order."""
        start = np.zeros(count + 1, dtype=np.int64)
        if not self.parts:
            return [], start, np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.uint64)
        sentence, section, order, ids, mask = map(np.concatenate, zip(*self.parts, strict=True))
        # one key per row (sentence, section, order: unique), well inside 63 bits for any
        # document that fits in memory
        place = (sentence * 4 + section) * (int(order.max(initial=0)) + 1) + order
        by = np.argsort(place)
        ids, mask = ids[by], mask[by]
        np.cumsum(np.bincount(sentence, minlength=count), out=start[1:])
        first = np.full(len(self.objects), len(ids), dtype=np.int64)
        np.minimum.at(first, ids, np.arange(len(ids)))
        ranked = np.argsort(first)[: np.count_nonzero(first < len(ids))]
        final = np.zeros(len(self.objects), dtype=np.int32)
        final[ranked] = np.arange(len(ranked), dtype=np.int32)
        return [self.objects[k] for k in ranked.tolist()], start, final[ids], mask


WHOLE_MAX = 4096
"""The most positions of a sentence kept whole (``EnglishLinks.whole``): a longer one (a text
with no sentence breaks) keeps only its rows' folded masks, since its whole masks take memory
that grows with the square of its length (one line of 200,000 words took 2.7 GB)."""


def kept_whole(size: int) -> bool:
    """Whether a sentence of ``size`` positions is kept whole (``EnglishLinks.whole``): its rows
    fold its masks (more than 64 positions), and it is at most ``WHOLE_MAX``."""
    return 64 < size <= WHOLE_MAX


BLOCK = 4096
"""Sentences whose words are read at a time: a long document's words all at once took twice
the memory of its evidence."""


def english_rows(texts: Sequence[str], lengths: Sequence[int] | None = None) -> EnglishRows:
    """The rows of the English sentences ``texts`` (see the module's docstring); ``lengths``,
    their ``content_length`` when the caller has measured them (the aligner's guide does)."""
    count = len(texts)
    rows = _Rows()
    content_counts = np.zeros(count, dtype=np.int64)
    for first in range(0, count, BLOCK):
        block = texts[first : first + BLOCK]
        content_counts[first : first + len(block)] = _word_rows(rows, block, first)
    mentions = tuple(map(numbers_en, texts))
    extra = _marks_and_numbers(rows, texts, mentions, content_counts)
    keys_in_order, start, key, mask = rows.assembled(count)
    sizes = content_counts + extra
    measured = np.fromiter(map(content_length, texts) if lengths is None else lengths,
                           dtype=np.int64, count=count)
    whole = {j: en_sentence(texts[j]) for j, size in enumerate(sizes.tolist())
             if kept_whole(size)}
    return EnglishRows(keys_in_order, start, key, mask, measured, sizes, whole, mentions)


def _word_rows(rows: _Rows, texts: Sequence[str], first: int) -> np.ndarray:
    """The lemma and name rows of ``texts``, sentences ``first`` on; per text, its content
    words."""
    count = len(texts)
    found = list(map(WORD.findall, texts))
    words = list(chain.from_iterable(found))
    word_counts = np.fromiter(map(len, found), dtype=np.int64, count=count)
    keys = list(map(CONTENT_KEYS.__getitem__, words))
    content = np.fromiter(map(bool, keys), dtype=bool, count=len(keys))
    owner = np.repeat(np.arange(count), word_counts)
    first_word = np.cumsum(word_counts) - word_counts
    before = np.concatenate(([0], np.cumsum(content)))  # content words before each word
    position = (before[:-1] - before[first_word][owner])[content]
    sentence = owner[content]
    content_keys = list(filter(None, keys))
    rows.add(_LEMMAS, sentence + first, rows.ids(content_keys), position, position)
    content_counts = np.bincount(sentence, minlength=count)
    _names(rows, texts, keys, words, content, sentence, position, content_counts, first_word,
           first)
    return content_counts


def _names(rows: _Rows, texts: Sequence[str], keys: list[str], words: list[str],
           content: np.ndarray, sentence: np.ndarray, position: np.ndarray,
           content_counts: np.ndarray, first_word: np.ndarray, first: int) -> None:
    """The name rows: per content word with a name, the name, and its one-syllable key unless
    the word begins its sentence (``en_sentence``'s names)."""
    content_words = list(compress(words, content.tolist()))
    names = list(map(WORD_NAMES.__getitem__, content_words))
    content_starts = np.concatenate(([0], np.cumsum(content_counts)))
    word_starts = np.append(first_word, len(words))
    for j in names_run_on(texts):
        begin, end = int(word_starts[j]), int(word_starts[j + 1])
        low, high = int(content_starts[j]), int(content_starts[j + 1])
        names[low:high] = run_on_names(texts[j], keys[begin:end], content_words[low:high])
    named = np.fromiter(map(bool, names), dtype=bool, count=len(names))
    first_is_content = np.zeros(len(texts), dtype=bool)
    has_words = word_starts[1:] > word_starts[:-1]
    first_is_content[has_words] = content[first_word[has_words]]
    inside = (position > 0) | ~first_is_content[sentence]
    named_keys = list(compress(names, named.tolist()))
    inside_named = inside[named]
    name_ids = rows.ids(named_keys, "name")
    ids = np.concatenate((name_ids, rows.singles(named_keys, name_ids)[inside_named]))
    at = np.flatnonzero(named)
    where = np.concatenate((at, at[inside_named]))
    order = 2 * position[where]
    order[len(named_keys):] += 1
    rows.add(_NAMES, sentence[where] + first, ids, order, position[where])


def _marks_and_numbers(rows: _Rows, texts: Sequence[str],
                       mentions: Sequence[tuple[NumberMention, ...]], content_counts: np.ndarray
                       ) -> np.ndarray:
    """The mark and number rows (their bits follow the words'); per sentence, how many
    positions they take."""
    sentence, mark = mark_uses(texts)
    mark_counts = np.bincount(sentence, minlength=len(texts))
    order = np.arange(len(mark)) - (np.cumsum(mark_counts) - mark_counts)[sentence]
    rows.add(_MARKS, sentence, rows.ids([MARK_ORDER[k] for k in mark.tolist()]), order,
             content_counts[sentence] + order)
    values = list(map(number_values, mentions))
    value_counts = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    sentence = np.repeat(np.arange(len(texts)), value_counts)
    order = np.arange(len(sentence)) - (np.cumsum(value_counts) - value_counts)[sentence]
    rows.add(_NUMBERS, sentence, rows.ids(list(chain.from_iterable(values)), "number"), order,
             content_counts[sentence] + mark_counts[sentence] + order)
    return mark_counts + value_counts
