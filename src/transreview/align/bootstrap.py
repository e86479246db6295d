"""A lexicon learnt from the document pair itself, after a first alignment pass.

Names, invented terms and a translator's habits (韦小宝 -> "Trinket") are in no dictionary, but
they recur: counting which Chinese units and English lemmas share the beads of the first pass finds
them. The Chinese units come from a small SentencePiece unigram model trained on the Chinese side of
this very input (tens of milliseconds): it finds the recurring character sequences (names, set
phrases) that a general dictionary cannot know, with no word segmenter or pre-trained model.
Measured on MAC-Dev (strict F1): 0.871 without the learnt lexicon, 0.875 with character 1-2-gram
units instead, 0.884 with the SentencePiece units.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from collections.abc import Callable, Container, Iterable, Sequence

import numpy as np

from transreview.align.features import ZH_STOP
from transreview.align.links import expand

MIN_PAIR = 2
"""A pair must share at least this many beads."""
MIN_DICE = 0.4
"""Dice coefficient a pair needs: 2 x shared beads / (beads with the unit + beads with the word)."""
PER_UNIT = 3
"""At most this many English lemmas are kept per Chinese unit."""
SAMPLE = 2000
"""Sentences (beads) at most that train the units (count the pairs): bounds time and memory."""

DENSE = 4
"""``counted`` uses a table of the whole code space when it is at most this many times the
codes."""

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACE = re.compile(r"\s")

Span = tuple[int, int, str]
"""A unit of a sentence: start and end offsets, and its text."""


class Pieces:
    """A SentencePiece unigram model of the Chinese side, trained in memory on a sample of it."""

    def __init__(self, model: bytes) -> None:
        import sentencepiece

        self.model = model
        """The serialised model (what another process builds the same ``Pieces`` from)."""
        self._processor = sentencepiece.SentencePieceProcessor(model_proto=model)
        self._units: dict[str, tuple[str, bool]] = {}

    def spans(
        self, sentences: Sequence[str], wanted: Container[str] | None = None,
    ) -> list[list[Span]]:
        """Per sentence, its units that contain a Han character, with their offsets; with
        ``wanted`` (units as this returns them), only those.

        Where the pieces tile the sentence exactly (no whitespace in it), a unit's offsets are
        the running total of the lengths before it, and only the wanted units are looked at.
        """
        out: list[list[Span]] = []
        for sentence, pieces in zip(
            sentences, self._processor.encode(list(sentences), out_type=str, num_threads=1),
            strict=True,
        ):
            if wanted is not None and _tiles(sentence, pieces):
                ends = itertools.accumulate(map(len, pieces))
                out.append([
                    (end - len(piece), end, piece) for piece, end in itertools.compress(
                        zip(pieces, ends, strict=True), map(wanted.__contains__, pieces))
                ])
                continue
            out.append(self._located(sentence, pieces, wanted))
        return out

    def _located(
        self, sentence: str, pieces: Iterable[str], wanted: Container[str] | None,
    ) -> list[Span]:
        """The units of ``pieces`` found in ``sentence`` in turn (whitespace pieces skipped)."""
        units = self._units
        spans: list[Span] = []
        position = 0
        for piece in pieces:
            found_unit = units.get(piece)
            if found_unit is None:
                text = piece.replace("\u2581", " ")
                found_unit = units[piece] = (
                    text, bool(_HAN.search(text)) and text not in ZH_STOP
                )
            text, kept = found_unit
            found = sentence.find(text, position) if text.strip() else -1
            if found < 0:
                continue
            position = found + len(text)
            if kept and (wanted is None or text in wanted):
                spans.append((found, position, text))
        return spans


def _tiles(sentence: str, pieces: Sequence[str]) -> bool:
    """Whether ``pieces`` are ``sentence`` cut up, each as it is in the text (no whitespace)."""
    return (
        _SPACE.search(sentence) is None and "\u2581" not in sentence
        and "".join(pieces) == sentence
    )


def train_pieces(sentences: Sequence[str]) -> Pieces | None:
    """The unit model of ``sentences`` (None when there is too little Chinese to learn from)."""
    import sentencepiece

    corpus = [s for s in sentences if _HAN.search(s)]
    if len(corpus) < 5:
        return None
    corpus = corpus[:: max(1, len(corpus) // SAMPLE)]
    model = io.BytesIO()
    try:
        sentencepiece.SentencePieceTrainer.train(
            sentence_iterator=iter(corpus), model_writer=model, model_type="unigram",
            vocab_size=max(200, min(8000, sum(map(len, corpus)) // 8)), hard_vocab_limit=False,
            character_coverage=1.0, add_dummy_prefix=False, normalization_rule_name="identity",
            max_sentencepiece_length=6, split_digits=True, num_threads=1, minloglevel=2,
        )
    except RuntimeError:
        return None
    return Pieces(model.getvalue())


def sampled(
    beads: Sequence[tuple[Sequence[int], Sequence[int]]],
) -> list[tuple[Sequence[int], Sequence[int]]]:
    """The pair beads ``learn`` counts: ``SAMPLE`` of them at most, evenly spread."""
    pairs = [(zh, en) for zh, en in beads if zh and en]
    return pairs[:: max(1, len(pairs) // SAMPLE)]


def counted(codes: np.ndarray, space: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(codes, return_counts=True)`` of codes in ``range(space)``: one ``bincount``
    when the space is at most ``DENSE`` times the codes, else a sort of them as 32-bit numbers
    when they fit (a sort costs ``log n`` a code, and half as much on numbers half the size)."""
    if space <= DENSE * len(codes):
        counts = np.bincount(codes, minlength=space)
        distinct = np.flatnonzero(counts)
        return distinct, counts[distinct]
    small = codes.astype(np.int32) if space <= 1 << 31 else codes
    distinct, counts = np.unique(small, return_counts=True)
    return distinct.astype(np.int64), counts


def learn(
    beads: Sequence[tuple[Sequence[int], Sequence[int]]], zh_units: Callable[[int], list[Span]],
    en_lemmas: Callable[[int], Iterable[str]],
) -> dict[str, frozenset[str]]:
    """Chinese unit -> English lemmas that keep company in the ``sampled`` beads."""
    sample = [
        ({span[2] for k in zh for span in zh_units(k)}, {w for k in en for w in en_lemmas(k)})
        for zh, en in sampled(beads)
    ]
    unit_count: Counter[str] = Counter()
    word_count: Counter[str] = Counter()
    for units, words in sample:
        unit_count.update(units)
        word_count.update(words)
    unit_ids = {u: n for n, u in enumerate(u for u, c in unit_count.items() if c >= MIN_PAIR)}
    word_ids = {w: n for n, w in enumerate(w for w, c in word_count.items() if c >= MIN_PAIR)}
    if not unit_ids or not word_ids:
        return {}
    # Every (unit, word) pair of a bead as one code, counted with numpy: a bead's units each
    # pair with the run of its words (as links.py joins), so no pair is made in Python.
    bead_units = [[unit_ids[u] for u in units if u in unit_ids] for units, _ in sample]
    bead_words = [[word_ids[w] for w in words if w in word_ids] for _, words in sample]
    per_bead = np.array([len(words) for words in bead_words], dtype=np.int64)
    word_start = np.cumsum(per_bead) - per_bead
    unit_bead = np.repeat(
        np.arange(len(sample), dtype=np.int64), [len(units) for units in bead_units]
    )
    unit = np.fromiter(itertools.chain.from_iterable(bead_units), dtype=np.int64)
    word = np.fromiter(itertools.chain.from_iterable(bead_words), dtype=np.int64)
    owner, at = expand(word_start[unit_bead], per_bead[unit_bead])
    codes, shared = counted(unit[owner] * len(word_ids) + word[at], len(unit_ids) * len(word_ids))
    pair_unit, pair_word = np.divmod(codes, len(word_ids))
    units_by_id = np.array(list(unit_ids), dtype=object)
    words_by_id = np.array(list(word_ids), dtype=object)
    unit_total = np.array([unit_count[u] for u in unit_ids], dtype=np.int64)[pair_unit]
    word_total = np.array([word_count[w] for w in word_ids], dtype=np.int64)[pair_word]
    dice = 2.0 * shared / (unit_total + word_total)
    kept = (shared >= MIN_PAIR) & (dice >= MIN_DICE)
    scored: dict[str, list[tuple[float, str]]] = {}
    for name, lemma, value in zip(
        units_by_id[pair_unit[kept]], words_by_id[pair_word[kept]], dice[kept].tolist(),
        strict=True,
    ):
        scored.setdefault(name, []).append((value, lemma))
    return {
        unit: frozenset(word for _, word in sorted(options, reverse=True)[:PER_UNIT])
        for unit, options in scored.items()
    }
