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
from collections.abc import Callable, Iterable, Sequence

from transreview.align.features import ZH_STOP

MIN_PAIR = 2
"""A pair must share at least this many beads."""
MIN_DICE = 0.4
"""Dice coefficient a pair needs: 2 x shared beads / (beads with the unit + beads with the word)."""
PER_UNIT = 3
"""At most this many English lemmas are kept per Chinese unit."""
SAMPLE = 2000
"""Sentences (beads) at most that train the units (count the pairs): bounds time and memory."""

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

Span = tuple[int, int, str]
"""A unit of a sentence: start and end offsets, and its text."""


class Pieces:
    """A SentencePiece unigram model of the Chinese side, trained in memory on a sample of it."""

    def __init__(self, model: bytes) -> None:
        import sentencepiece

        self._processor = sentencepiece.SentencePieceProcessor(model_proto=model)
        self._units: dict[str, tuple[str, bool]] = {}

    def spans(self, sentences: Sequence[str]) -> list[list[Span]]:
        """Per sentence, its units that contain a Han character, with their offsets."""
        out: list[list[Span]] = []
        units = self._units
        for sentence, pieces in zip(
            sentences, self._processor.encode(list(sentences), out_type=str, num_threads=1),
            strict=True,
        ):
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
                if kept:
                    spans.append((found, position, text))
            out.append(spans)
        return out


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
    pair_count: Counter[tuple[str, str]] = Counter()
    for units, words in sample:
        frequent_units = [u for u in units if unit_count[u] >= MIN_PAIR]
        frequent_words = [w for w in words if word_count[w] >= MIN_PAIR]
        pair_count.update(itertools.product(frequent_units, frequent_words))
    scored: dict[str, list[tuple[float, str]]] = {}
    for (unit, word), shared in pair_count.items():
        if shared < MIN_PAIR:
            continue
        dice = 2.0 * shared / (unit_count[unit] + word_count[word])
        if dice >= MIN_DICE:
            scored.setdefault(unit, []).append((dice, word))
    return {
        unit: frozenset(word for _, word in sorted(options, reverse=True)[:PER_UNIT])
        for unit, options in scored.items()
    }
