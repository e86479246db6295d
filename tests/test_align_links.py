"""The band-wide link join (``LinkIndex``) against the per-pair dictionary intersection."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.align import _term_lexicon, _words, links
from transreview.align.features import (
    EnSentence,
    ZhSentence,
    en_sentence,
    zh_sentence,
)
from transreview.align.length import estimate
from transreview.align.links import EnglishLinks, LinkIndex, fold
from transreview.align.scoring import BeadScorer, Weights, _link
from transreview.align.search import BEADS, band, diagonal
from transreview.model import Document
from transreview.segment import segment_document

ROOT = Path(__file__).resolve().parents[1]


def features(
    zh_texts: Sequence[str], en_texts: Sequence[str],
) -> tuple[list[ZhSentence], list[EnSentence]]:
    english = [en_sentence(text) for text in en_texts]
    links = EnglishLinks.of_sentences(english)
    words = _words(_term_lexicon([("外滩", "the Bund")]), links.lemmas(), links.names())
    return [zh_sentence(text, words) for text in zh_texts], english


def pairwise(zs: ZhSentence, es: EnSentence) -> tuple[int, int]:
    """The links of one pair through a lemma -> word mask table of the Chinese sentence."""
    masks: dict[str, int] = {}
    for unit, found in enumerate(zs.translations):
        for key in found:
            masks[key] = masks.get(key, 0) | 1 << unit
    en_mask = zh_mask = 0
    for key in masks.keys() & es.lemmas.keys():
        en_mask |= es.lemmas[key]
        zh_mask |= masks[key]
    for name in zs.names.keys() & es.names.keys():
        en_mask |= es.names[name]
        zh_mask |= zs.names[name]
    for value in zs.numbers.keys() & es.numbers.keys():
        en_mask |= es.numbers[value]
        zh_mask |= zs.numbers[value]
    return en_mask, zh_mask


def assert_same_links(
    zh: Sequence[ZhSentence], en: Sequence[EnSentence], base: Sequence[int],
    top: Sequence[int],
) -> None:
    """``LinkIndex.table`` equals ``pairwise`` folded, pair by pair, for the rows' ranges, and
    so does ``_link`` (the scorer's exact links) unfolded."""
    base_array, top_array = np.array(base, dtype=np.int64), np.array(top, dtype=np.int64)
    span = int((top_array - base_array).max())
    index = LinkIndex(zh, EnglishLinks.of_sentences(en))
    en_masks, zh_masks = index.table(0, len(zh), base_array, top_array, span)
    for i, sentence in enumerate(zh):
        for q in range(span):
            j = base[i] + q
            expected = (0, 0)
            if max(0, base[i]) <= j < min(len(en), top[i]):
                en_mask, zh_mask = pairwise(sentence, en[j])
                assert _link(sentence, en[j]) == (en_mask, zh_mask)
                expected = (fold(en_mask), fold(zh_mask))
            assert (int(en_masks[i, q]), int(zh_masks[i, q])) == expected, (i, j)


def test_demo_corpus_links_match_the_pairwise_intersection() -> None:
    corpus = ROOT / "corpora" / "shanghai"
    zh_doc = Document("zh.txt", (corpus / "zh.txt").read_text(encoding="utf-8"))
    en_doc = Document("en.txt", (corpus / "en.txt").read_text(encoding="utf-8"))
    zh, en = features(
        [s.text for s in segment_document(zh_doc, "zh")],
        [s.text for s in segment_document(en_doc, "en")],
    )
    base = [round(i * len(en) / len(zh)) - 14 for i in range(len(zh))]
    assert_same_links(zh, en, base, [b + 30 for b in base])


ZH_WORDS = ["上海", "外滩", "黄浦江", "王小明", "2500万", "百分之三十", "第19届", "发展", "的",
            "！",
            "“", "城市", "一", "人民", "建设", "十七八岁", "李"]
EN_WORDS = ["Shanghai", "the", "Bund", "Huangpu", "River", "Wang", "Xiaoming", "25", "million",
            "30%", "19th", "development", "develop", "city", "cities", "people", "build", "!",
            '"', "Li", "one", "seventeen"]
ZH_TEXTS = st.lists(st.lists(st.sampled_from(ZH_WORDS), max_size=90).map("".join),
                    min_size=1, max_size=8)
"""Up to eight Chinese sentences, of up to 90 words (long ones: folded masks)."""
EN_TEXTS = st.lists(st.lists(st.sampled_from(EN_WORDS), max_size=90).map(" ".join),
                    min_size=1, max_size=8)
"""Up to eight English sentences, of up to 90 words."""


@settings(max_examples=60, deadline=None)
@given(
    zh_texts=ZH_TEXTS,
    en_texts=EN_TEXTS,
    shift=st.integers(-4, 4),
    width=st.integers(1, 12),
)
def test_generated_links_match_the_pairwise_intersection(
    zh_texts: list[str], en_texts: list[str], shift: int, width: int,
) -> None:
    """Long sentences (more than 64 words: folded masks), names, numbers, marks, edges."""
    zh, en = features(zh_texts, en_texts)
    base = sorted(shift + i * len(en) // len(zh) - width // 2 for i in range(len(zh)))
    assert_same_links(zh, en, base, [b + width for b in base])


@settings(max_examples=60, deadline=None)
@given(
    zh_texts=ZH_TEXTS,
    en_texts=EN_TEXTS,
    pairs=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=30),
    rows_at_a_time=st.sampled_from([1, 2, 1024]),
)
def test_scattered_pairs_match_the_pairwise_intersection(
    zh_texts: list[str], en_texts: list[str], pairs: list[tuple[int, int]], rows_at_a_time: int,
) -> None:
    """``LinkIndex.pairs``: pairs in any order, repeated, far apart, joined a few rows at a time
    or all at once, each equal to ``pairwise`` folded."""
    zh, en = features(zh_texts, en_texts)
    wanted = [(i % len(zh), j % len(en)) for i, j in pairs]
    index = LinkIndex(zh, EnglishLinks.of_sentences(en))
    kept = links.PAIR_ROWS
    links.PAIR_ROWS = rows_at_a_time
    try:
        en_masks, zh_masks = index.pairs(np.array([i for i, _ in wanted], dtype=np.int64),
                                         np.array([j for _, j in wanted], dtype=np.int64))
    finally:
        links.PAIR_ROWS = kept
    for k, (i, j) in enumerate(wanted):
        en_mask, zh_mask = pairwise(zh[i], en[j])
        assert (int(en_masks[k]), int(zh_masks[k])) == (fold(en_mask), fold(zh_mask)), (i, j)


@settings(max_examples=60, deadline=None)
@given(
    zh_texts=ZH_TEXTS,
    en_texts=EN_TEXTS,
    moves=st.lists(st.sampled_from(BEADS), max_size=24),
    width=st.integers(0, 6),
)
def test_preloaded_links_are_the_pairwise_links(
    zh_texts: list[str], en_texts: list[str], moves: list[tuple[int, int]], width: int,
) -> None:
    """``BeadScorer.preload`` keeps the exact links of the pairs a path's scores read, for the
    sentences of 64 words or fewer (long ones: folded masks, left to ``links``): from the link
    tables of a band scored before (``width`` > 0: a band around the diagonal, which may miss
    pairs of the path) and from a join for the others."""
    zh, en = features(zh_texts, en_texts)
    path, i, j = [], 0, 0
    for a, b in moves:
        if i + a <= len(zh) and j + b <= len(en):
            path.append((i, a, j, b))
            i, j = i + a, j + b
    scorer = BeadScorer(zh, en, estimate([1], [1]), Weights(),
                        english=EnglishLinks.of_sentences(en))
    if width:
        lo, size = band(diagonal(len(zh), len(en)), width, len(en))
        scorer.band(lo, size, 0, len(zh) + 1)
        assert scorer.tables()
    scorer.preload(path)
    read: set[tuple[int, int]] = set()
    for i, a, j, b in path:
        if a and b:
            read |= {(ii, jj) for ii in range(i, i + a) for jj in range(j, j + b)}
        elif a:
            read |= {(i, jj) for jj in range(max(0, j - 1), min(len(en), j + 1))}
        else:
            read |= {(ii, j) for ii in range(max(0, i - 1), min(len(zh), i + 1))}
    short = {(ii, jj) for ii, jj in read
             if len(zh[ii].translations) <= 64 and en[jj].size <= 64}
    assert set(scorer._links) == short
    for (ii, jj), found in scorer._links.items():
        assert found == _link(zh[ii], en[jj])
