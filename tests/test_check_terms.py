"""missing-term reads each Chinese sentence's glossary terms from one search of all of them;
forbidden-term reads its matches as columns and their segments in one search."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import example, given, settings
from hypothesis import strategies as st

from transreview.checks.base import CheckContext
from transreview.checks.terms import (
    ForbiddenTerm,
    MissingTerm,
    _unwritten,
)
from transreview.glossary import Glossary, MatchColumns, chinese_terms
from transreview.model import Alignment, Bead, Document, Segment, Term

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
    rows, bounds = (column.tolist() for column in chinese_terms(glossary, texts))
    assert [rows[low:high] for low, high in pairwise(bounds)] == [
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


ROWS = [
    Term(zh="自由贸易区", en=("free trade zone",), forbidden=("free zone", "trade zone")),
    Term(zh="浦东新区", en=("Pudong New Area",)),
    Term(zh="浦东", en=("Pudong",)),
    Term(zh="新区", en=("New Area", "new district")),
    Term(zh="城市", en=("city",), forbidden=("the city",)),
    Term(zh="区", en=("Zone",), forbidden=("ozone",), case_sensitive=True),
    Term(zh="一号", en=("No. 1 Mall",), forbidden=("U.S. Navy",)),
    Term(zh="伊", en=("İzmir",)),
    Term(zh="路", en=("ΟΔΟΣ",)),
]
EN_WORDS = ["free", "Free", "trade", "zone", "Zones", "zone’s", "Pudong", "New", "new", "Area",
            "district", "city", "cities", "City's", "the", "The", "ozone", "No.", "1", "Mall",
            "U.S.", "Navy", "İzmir", "IZMIR", "ΟΔΟΣ", "οδος", ".", ",", "’s", "s", "x"]
SPACES = [" ", " ", " ", "\n", "  ", "\t", "\u3000", "\xa0", ""]


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """An English text of glossary words and whitespace of every kind, and spans in text
    order (their ends anywhere, as a bead's are at sentence ends)."""
    words = draw(st.lists(st.tuples(st.sampled_from(EN_WORDS), st.sampled_from(SPACES)),
                          max_size=40))
    text = "".join(word + space for word, space in words)
    text *= draw(st.sampled_from([1, 1, 1, 300]))
    bounds = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    spans = [(low, high) for low, high in zip(bounds[::2], bounds[1::2], strict=False)]
    return text, spans


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["free", "trade", "zone", "x", "Zone", "ß", "ss"]),
                         min_size=1, max_size=3), min_size=1, max_size=3),
       st.lists(st.tuples(st.sampled_from(["free", "trade", "zone", "ZONE", "x", "ß", "SS"]),
                          st.sampled_from(SPACES)), max_size=8))
@example([["free", "trade"]], [("free", "  "), ("trade", "")])
@example([["free", "trade"]], [("free", "\u3000"), ("trade", "")])
def test_unwritten_is_absent_from_the_text_cut(rows: list[list[str]],
                                               words: list[tuple[str, str]]) -> None:
    renderings = [(" ".join(row).casefold(), "zone free") for row in rows]
    spaced = [tuple(rendering for rendering in row if " " in rendering) for row in renderings]
    english = "".join(word + space for word, space in words)
    first_sentence = {row: row * 2 for row in range(len(rows))}
    cut = " ".join(english.casefold().split())
    assert _unwritten(first_sentence, renderings, spaced, english) == [
        (row, index) for row, index in first_sentence.items()
        if not any(rendering in cut for rendering in renderings[row])]


def _missing_plainly(context: CheckContext) -> list[tuple[int, int, str | None, int | None]]:
    """missing-term as its rule says it (at the bead's first English sentence): in each bead,
    each source term (at its first Chinese sentence) none of whose renderings is in the bead's
    English (casefolded, whitespace runs a space) and none of whose glossary matches over the
    whole text starts in the bead."""
    glossary, alignment = context.glossary, context.alignment
    assert glossary is not None and alignment is not None
    matches = glossary.find_en(context.en.text)
    found: list[tuple[int, int, str | None, int | None]] = []
    for bead in alignment.beads:
        if not bead.zh or not bead.en:
            continue
        start, end = alignment.en[bead.en[0]].start, alignment.en[bead.en[-1]].end
        english = " ".join(context.en.text[start:end].casefold().split())
        first: dict[int, int] = {}
        for index in bead.zh:
            for _, _, row in glossary.find_zh(alignment.zh[index].text):
                first.setdefault(row, index)
        for row, index in first.items():
            written = any(" ".join(rendering.casefold().split()) in english
                          for rendering in glossary.terms[row].en)
            matched = any(m.term == row and start <= m.start < end for m in matches)
            if not written and not matched:
                first_english = alignment.en[bead.en[0]]
                found.append((first_english.start, first_english.end, glossary.terms[row].zh,
                              index))
    return found


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["浦东新区", "自由贸易区", "城市", "区", "一号", "上海", "。"]),
                min_size=1, max_size=8),
       documents(), st.lists(st.sampled_from([(1, 1), (1, 2), (2, 1), (1, 0), (0, 1)]),
                             max_size=8))
@example(["城市"], ("the cities", [(0, 10)]), [(1, 1)])
@example(["浦东新区"], ("Pudong\nNew  Area", [(0, 16)]), [(1, 1)])
def test_missing_term_is_its_plain_form(
        zh_words: list[str], document: tuple[str, list[tuple[int, int]]],
        shapes: list[tuple[int, int]]) -> None:
    """The rule's findings are those of its plain form, with its own matches and with the
    matches given by another process (``matches_from``)."""
    text, spans = document
    glossary = Glossary.from_terms(ROWS)
    zh_texts = ["".join(zh_words[k:k + 2]) for k in range(0, len(zh_words), 2)]
    zh = tuple(Segment(n, 0, len(t), t, n) for n, t in enumerate(zh_texts))
    en = tuple(Segment(n, low, high, text[low:high], n) for n, (low, high) in enumerate(spans))
    beads = []
    i = j = 0
    for a, b in shapes:
        if i + a > len(zh) or j + b > len(en):
            break
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b
    alignment = Alignment(zh, en, tuple(beads))
    contexts = [CheckContext(en=Document(path="t", text=text), en_segments=en,
                             zh=Document(path="z", text="\n".join(zh_texts)), zh_segments=zh,
                             alignment=alignment, glossary=glossary, matches_from=given)
                for given in (None, lambda: glossary.find_en_columns(text))]
    for context in contexts:
        assert [(f.start, f.end, f.term, f.zh_segment) for f in MissingTerm().run(context)] == (
            _missing_plainly(context))


def test_forbidden_term_reads_the_forbidden_ones_of_given_matches() -> None:
    """Without a source, forbidden-term finds the same with every match given (as the worker
    that also sends them to missing-term does) as with its own forbidden-only search."""
    glossary = Glossary.from_terms(ROWS)
    text = "The city's free zone, the free trade zone and the City of ozone. Ozone."
    segments = (Segment(0, 0, len(text), text, 0),)
    found = [
        [(f.start, f.end, f.suggestion) for f in ForbiddenTerm().run(CheckContext(
            en=Document(path="t", text=text), en_segments=segments, glossary=glossary,
            matches_from=given))]
        for given in (None, lambda: glossary.find_en_columns(text))]
    assert found[0] == found[1] == [(0, 10, "City's"), (11, 20, "free trade zone"),
                                    (46, 54, "City"), (58, 63, "Zone")]
