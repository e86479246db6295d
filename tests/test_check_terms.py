"""missing-term reads each Chinese sentence's glossary terms from one search of all of them."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from transreview.checks.terms import _terms_by_sentence
from transreview.glossary import Glossary
from transreview.model import Segment, Term

TERMS = ["浦东", "浦东新区", "新区", "上海", "上海市", "ＡＩ", "ai", "自由贸易", "贸易试验区"]
PIECES = ["浦东", "新区", "上海", "市", "自由", "贸易", "试验区", "ＡＩ", "Ai", "，", "。", "的"]


@settings(max_examples=200, deadline=None)
@given(terms=st.lists(st.sampled_from(TERMS), min_size=1, max_size=6, unique=True),
       sentences=st.lists(st.lists(st.sampled_from(PIECES), max_size=8), max_size=8))
@example(terms=["浦东新区", "新区"], sentences=[["浦东"], ["新区"]])
def test_one_search_finds_what_a_search_per_sentence_finds(
        terms: list[str], sentences: list[list[str]]) -> None:
    glossary = Glossary.from_terms([Term(zh=zh, en=(f"term {n}",)) for n, zh in enumerate(terms)])
    texts = ["".join(pieces) for pieces in sentences]
    segments = [Segment(n, 0, len(text), text, n) for n, text in enumerate(texts)]
    assert _terms_by_sentence(glossary, segments) == [
        [term for _, _, term in glossary.find_zh(text)] for text in texts]
