"""metrics: HTER, chrF, BLEU and TER agree with sacrebleu computed directly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sacrebleu.metrics.bleu import BLEU
from sacrebleu.metrics.chrf import CHRF
from sacrebleu.metrics.ter import TER

from transreview.metrics import (
    bleu,
    chrf,
    edit_metrics,
    hter,
    is_chinese,
    score,
    segment_hter,
    ter,
    ter_statistics,
)

ORIGINAL = ["The cat sat on the mat.", "shanghai is big.", "Nothing changes here at all.", ""]
CORRECTED = ["The cat is on the mat.", "Shanghai is big.", "Nothing changes here at all.", ""]


def test_hter_is_case_sensitive_corpus_ter() -> None:
    """HTER equals sacrebleu's case-sensitive TER and counts a re-capitalisation."""
    expected = TER(case_sensitive=True).corpus_score(ORIGINAL, [CORRECTED]).score
    assert hter(ORIGINAL, CORRECTED) == pytest.approx(expected)
    assert segment_hter("shanghai is big.", "Shanghai is big.") > 0
    assert ter(["shanghai is big."], ["Shanghai is big."]) == 0.0
    assert hter([], []) == 0.0
    assert hter(["a b"], ["a b"]) == 0.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text("ab cA.", max_size=12), st.text("ab cA.", max_size=12)),
                min_size=1, max_size=6))
def test_hter_shortcut_matches_sacrebleu(pairs: list[tuple[str, str]]) -> None:
    """Skipping unchanged segments gives exactly sacrebleu's corpus TER."""
    original, corrected = [a for a, _ in pairs], [b for _, b in pairs]
    expected = TER(case_sensitive=True).corpus_score(original, [corrected]).score
    assert hter(original, corrected) == pytest.approx(expected)


_TEXT = st.text("ab cA.,()'-1&;<>", max_size=14)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_TEXT, _TEXT, st.booleans()), min_size=1, max_size=6),
       st.sampled_from([0, 2]))
def test_chrf_and_bleu_shortcuts_match_sacrebleu(pairs: list[tuple[str, str, bool]],
                                                  word_order: int) -> None:
    """Counting unchanged segments directly gives exactly sacrebleu's corpus chrF and BLEU."""
    original = [a for a, _, _ in pairs]
    corrected = [a if keep else b for a, b, keep in pairs]
    if original == corrected:
        return
    assert chrf(original, corrected, word_order) == pytest.approx(
        CHRF(word_order=word_order).corpus_score(original, [corrected]).score)
    assert bleu(original, corrected) == pytest.approx(
        BLEU().corpus_score(original, [corrected]).score)


def test_ter_statistics_sum_to_the_document_hter() -> None:
    """Per-segment (edits, words) summed give the document HTER; unchanged segments no edits."""
    stats = [ter_statistics(a, b) for a, b in zip(ORIGINAL, CORRECTED, strict=True)]
    edits, words = sum(e for e, _ in stats), sum(n for _, n in stats)
    assert 100 * edits / words == pytest.approx(hter(ORIGINAL, CORRECTED))
    assert stats[2] == (0.0, 5.0)
    assert stats[1] == (1.0, 3.0)


def test_chrf_and_bleu_are_sacrebleus() -> None:
    """chrF, chrF++ and BLEU wrap sacrebleu; identical texts score 100."""
    assert chrf(ORIGINAL, CORRECTED) == pytest.approx(
        CHRF().corpus_score(ORIGINAL, [CORRECTED]).score)
    assert chrf(ORIGINAL, CORRECTED, word_order=2) == pytest.approx(
        CHRF(word_order=2).corpus_score(ORIGINAL, [CORRECTED]).score)
    assert bleu(ORIGINAL, CORRECTED) == pytest.approx(
        BLEU().corpus_score(ORIGINAL, [CORRECTED]).score)
    assert chrf(["a"], ["a"]) == bleu(["a"], ["a"]) == 100.0


def test_edit_metrics() -> None:
    """Per-segment HTER, document HTER, and the count of edited segments."""
    metrics = edit_metrics(ORIGINAL, CORRECTED)
    assert metrics.edited == 2
    assert metrics.segment_hter[2:] == (0.0, 0.0)
    assert metrics.segment_hter[0] == pytest.approx(
        TER(case_sensitive=True).sentence_score(ORIGINAL[0], [CORRECTED[0]]).score)
    assert metrics.hter == pytest.approx(hter(ORIGINAL, CORRECTED))


def test_score_uses_zh_tokenizer_for_chinese() -> None:
    """Chinese references get BLEU tokenizer zh and TER's Asian support, in the signatures."""
    hyp, ref = ["猫坐在垫子上。", "今天天气很好。"], ["猫在垫子上。", "今天天气不错。"]
    report = score(hyp, ref)
    assert report.lang == "zh" and "tok:zh" in report.bleu_signature
    assert "asian:yes" in report.ter_signature
    assert report.bleu == pytest.approx(BLEU(tokenize="zh").corpus_score(hyp, [ref]).score)
    assert report.ter == pytest.approx(
        TER(normalized=True, asian_support=True).corpus_score(hyp, [ref]).score)
    assert is_chinese(ref) and not is_chinese(ORIGINAL)


def test_score_english_and_chrf_plus_plus() -> None:
    """English: 13a BLEU, chrF++ with word order 2, lowercased TER; mismatched lengths refused."""
    report = score(ORIGINAL[:3], CORRECTED[:3], chrf_word_order=2)
    assert report.lang == "en" and "tok:13a" in report.bleu_signature
    assert report.chrf_name == "chrF2++" and "nw:2" in report.chrf_signature
    assert report.chrf == pytest.approx(
        CHRF(word_order=2).corpus_score(ORIGINAL[:3], [CORRECTED[:3]]).score)
    with pytest.raises(ValueError, match="lines"):
        score(["a"], ["a", "b"])
