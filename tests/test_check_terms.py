"""missing-term reads each Chinese sentence's glossary terms from one search of all of them;
forbidden-term reads its matches as columns and their segments in one search."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import example, given, settings
from hypothesis import strategies as st

from transreview.checks.base import CheckContext
from transreview.checks.terms import ForbiddenTerm, _terms_by_sentence
from transreview.glossary import Glossary, MatchColumns
from transreview.model import Document, Segment, Term

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


@settings(max_examples=200, deadline=None)
@given(starts=st.lists(st.integers(0, 50), unique=True, max_size=8),
       offsets=st.lists(st.integers(0, 60), max_size=20), first=st.integers(0, 3))
def test_segments_at_is_segment_at_of_each_offset(starts: list[int], offsets: list[int],
                                                  first: int) -> None:
    text = "x" * 61
    bounds = [*sorted(starts), len(text)]
    segments = tuple(Segment(first + n, start, end, text[start:end], 0)
                     for n, (start, end) in enumerate(pairwise(bounds)))
    context = CheckContext(en=Document(path="t", text=text), en_segments=segments)
    assert context.segments_at(offsets) == [context.segment_at(o) for o in offsets]


WORDS = ["zone", "Zones", "free", "FREE", "trade", "city’s", "cities", "the", "ozone", "\n", "  "]


@settings(max_examples=100, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), max_size=30), copies=st.sampled_from([1, 200]))
def test_forbidden_columns_are_the_forbidden_matches(words: list[str], copies: int) -> None:
    """The columns forbidden-term reads (short and long texts) hold the forbidden ``find_en``
    matches, and the rule reports each as a finding in its segment."""
    glossary = Glossary.from_terms([
        Term(zh="", en=("free trade zone",), forbidden=("free zone", "trade zone")),
        Term(zh="", en=("city",), forbidden=("the city",), note="n"),
        Term(zh="", en=("Zone",), forbidden=("ozone",), case_sensitive=True)])
    text = " ".join(words * copies)
    forbidden = [m for m in glossary.find_en(text) if m.kind == "forbidden"]
    columns = glossary.find_en_columns(text, forbidden_only=True)
    assert columns == MatchColumns.of(forbidden)
    assert columns.matches() == forbidden
    half = len(text) // 2
    segments = (Segment(0, 0, half, text[:half], 0), Segment(1, half, len(text), text[half:], 0))
    context = CheckContext(en=Document(path="t", text=text), en_segments=segments,
                           glossary=glossary)
    findings = list(ForbiddenTerm().run(context))
    assert [(f.start, f.end, f.term, f.segment) for f in findings] == [
        (m.start, m.end, text[m.start:m.end], context.segment_at(m.start)) for m in forbidden]
