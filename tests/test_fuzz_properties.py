"""Hypothesis properties across the stages: segmenting, aligning, numbers, glossary, export."""

from __future__ import annotations

import math
import os
import re
import tempfile
from pathlib import Path

from alignment_invariants import assert_alignment_invariants
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transreview.glossary import Glossary
from transreview.model import Document, Segment, Term

EXAMPLES = int(os.environ.get("TRANSREVIEW_FUZZ_EXAMPLES", "150"))
"""Examples per property (raise it for a longer hunt: ``TRANSREVIEW_FUZZ_EXAMPLES=5000``)."""
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LINE_BREAK = re.compile("\r\n|\r|\n")

# --- segmenters ---------------------------------------------------------------------------

TEXTY = st.lists(
    st.one_of(
        st.sampled_from(list("Aa. ,!?;:\"'()\n\r\t。！？；，、“”《》上海市1.5%\u200b\u00a0\u3000")),
        st.sampled_from(["Mr.", "U.S.", "e.g.", "...", "……", "Ｓｈａｎｇｈａｉ", "５．５％"]),
        st.characters(),
    ),
    max_size=120,
).map("".join)


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, line endings excluded."""
    spans, start = [], 0
    for match in LINE_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _check_segments(text: str, segments: tuple[Segment, ...]) -> None:
    """Segments are in order, disjoint, sliced from ``text``, and cover all of its content."""
    cursor = 0
    for number, segment in enumerate(segments):
        assert segment.index == number
        assert cursor <= segment.start < segment.end <= len(text)
        assert segment.text == text[segment.start : segment.end]
        assert LINE_BREAK.search(segment.text) is None
        assert not segment.text[0].isspace() and not segment.text[-1].isspace()
        assert text[cursor : segment.start].isspace() or cursor == segment.start
        cursor = segment.end
    assert text[cursor:].isspace() or cursor == len(text)


@FAST
@given(text=TEXTY, lang=st.sampled_from(["en", "zh"]))
def test_segment_document_spans_rebuild_the_input(text: str, lang: str) -> None:
    from transreview.segment import segment_document

    segments = segment_document(Document("fuzz.txt", text), "en" if lang == "en" else "zh")
    _check_segments(text, segments)
    lines = [(s, e) for s, e in _lines(text) if not text[s:e].isspace() and s < e]
    for segment in segments:
        line = next(n for n, (s, e) in enumerate(lines) if s <= segment.start < e)
        assert segment.paragraph == line


@FAST
@given(text=TEXTY, lang=st.sampled_from(["en", "zh"]))
def test_split_sentences_spans_are_ordered_and_inside(text: str, lang: str) -> None:
    from transreview.segment import split_sentences

    line = LINE_BREAK.sub(" ", text)
    cursor = 0
    for start, end in split_sentences(line, "en" if lang == "en" else "zh"):
        assert cursor <= start < end <= len(line)
        cursor = end


@FAST
@given(text=TEXTY)
def test_segment_presegmented_line_k_is_sentence_k(text: str) -> None:
    from transreview.segment import segment_presegmented

    segments = segment_presegmented(Document("fuzz.txt", text))
    for segment in segments:
        assert segment.text == text[segment.start : segment.end]
        assert LINE_BREAK.search(segment.text) is None
    contents = [text[s:e] for s, e in _lines(text)]
    assert [s.text.strip() for s in segments] == [
        c.strip() for c in contents if c.strip()
    ] or [s.text for s in segments] == contents


# --- aligner -------------------------------------------------------------------------------

ZH_SENTENCES = st.lists(
    st.text(alphabet="上海是中国最大的城市浦东新区成立于年月日一二三四五六七八九十百千万亿0123456789%，",
             min_size=1, max_size=40),
    max_size=25,
)
EN_SENTENCES = st.lists(
    st.text(alphabet="abcdefghij klmnopqrstuvwxyz ABCDEFG 0123456789,%", min_size=1, max_size=80)
    .map(lambda s: s.strip() or "x"),
    max_size=25,
)


def _segments(sentences: list[str]) -> tuple[Segment, ...]:
    out, cursor = [], 0
    for number, sentence in enumerate(sentences):
        out.append(Segment(number, cursor, cursor + len(sentence), sentence, number))
        cursor += len(sentence) + 1
    return tuple(out)


@FAST
@given(zh=ZH_SENTENCES, en=EN_SENTENCES, pairs=st.booleans())
def test_align_covers_every_sentence_once_monotone_no_nan(
    zh: list[str], en: list[str], pairs: bool
) -> None:
    from transreview.align import align

    term_pairs = (("浦东新区", "Pudong New Area"), ("上海", "Shanghai")) if pairs else ()
    alignment = align(_segments(zh), _segments(en), term_pairs=term_pairs)
    assert_alignment_invariants(alignment, len(zh), len(en))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(few=st.integers(1, 3), many=st.integers(60, 150), english_longer=st.booleans())
def test_align_wildly_different_lengths(few: int, many: int, english_longer: bool) -> None:
    from transreview.align import align

    zh = [f"上海第{n}句话。" for n in range(few if english_longer else many)]
    en = [f"Sentence {n} is short." for n in range(many if english_longer else few)]
    alignment = align(_segments(zh), _segments(en))
    assert [i for bead in alignment.beads for i in bead.zh] == list(range(len(zh)))
    assert [i for bead in alignment.beads for i in bead.en] == list(range(len(en)))


# --- numbers -------------------------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def _section(value: int) -> str:
    """Chinese numerals for 0 < value < 10000, with 零 for inner gaps."""
    out: list[str] = []
    gap = False
    for power, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // power % 10
        if digit == 0:
            gap = bool(out)
            continue
        if gap:
            out.append("零")
            gap = False
        out.append(_DIGITS[digit] + unit)
    return "".join(out)


def _below_yi(value: int) -> str:
    """Chinese numerals for 0 < value < 10**8."""
    high, low = divmod(value, 10**4)
    text = _section(high) + "万" if high else ""
    if low:
        text += ("零" if high and low < 1000 else "") + _section(low)
    return text


def chinese_numerals(value: int) -> str:
    """Standard Chinese numerals for 0 <= value < 10**16 (十五 rather than 一十五 at the front)."""
    if value == 0:
        return "零"
    high, low = divmod(value, 10**8)
    text = _below_yi(high) + "亿" if high else ""
    if low:
        text += ("零" if high and low < 10**7 else "") + _below_yi(low)
    return text[1:] if text.startswith("一十") else text


def test_chinese_numerals_helper() -> None:
    assert chinese_numerals(15) == "十五"
    assert chinese_numerals(105) == "一百零五"
    assert chinese_numerals(25_000_000) == "二千五百万"
    assert chinese_numerals(100_010_000) == "一亿零一万"
    assert chinese_numerals(4_320_000_000_000) == "四万三千二百亿"


@FAST
@given(text=st.text(max_size=120))
def test_number_normalisers_never_raise(text: str) -> None:
    from transreview.numbers import numbers_en, numbers_zh

    for mention in [*numbers_en(text), *numbers_zh(text)]:
        assert 0 <= mention.start < mention.end <= len(text)
        assert mention.text == text[mention.start : mention.end]
        assert not math.isnan(mention.value)


@FAST
@given(value=st.integers(min_value=0, max_value=10**13))
def test_digits_and_chinese_numerals_normalise_equal(value: int) -> None:
    from transreview.numbers import numbers_en, numbers_zh

    values = set()
    for text in (f"共有{chinese_numerals(value)}人。", f"共有{value}人。", f"共有{value:,}人。"):
        found = [m for m in numbers_zh(text) if m.kind == "number"]
        assert len(found) == 1, (text, found)
        values.add(found[0].value)
    english = [m for m in numbers_en(f"There are {value:,} people.") if m.kind == "number"]
    assert len(english) == 1
    values.add(english[0].value)
    assert len(values) == 1, values
    assert math.isclose(values.pop(), value, rel_tol=1e-9)


@FAST
@given(value=st.integers(min_value=1, max_value=99_999))
def test_wan_and_yi_multipliers(value: int) -> None:
    from transreview.numbers import numbers_en, numbers_zh

    for zh, expected in ((f"{value}万", value * 10**4), (f"{value}亿", value * 10**8)):
        found = numbers_zh(f"达到{zh}元")
        assert [m.value for m in found if m.kind == "number"] == [float(expected)], zh
    english = numbers_en(f"It reached {value * 10:,} thousand yuan.")
    assert [m.value for m in english if m.kind == "number"] == [float(value * 10**4)]
# --- glossary matcher ------------------------------------------------------------------------

FILLER = ["the", "in", "of", "and", "was", "new", "large", "people", "built", "year", "many",
          "river", "a", "to", "it", "is", "on", "with"]
TERM_WORDS = ["pudong", "delta", "zone", "expo", "city", "harbour", "bund", "metro", "bridge",
              "lujiazui"]


def plural(word: str) -> str:
    """The regular English plural."""
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


@st.composite
def inserted_term(draw: st.DrawFn) -> tuple[str, str, int, int]:
    """(term, text, start, end): the term, in random case, spacing and number, inside filler."""
    words = draw(st.lists(st.sampled_from(TERM_WORDS), min_size=1, max_size=3, unique=True))
    term = " ".join(words)
    shown = list(words)
    ending = draw(st.sampled_from(["", "plural", "'s", "s'"]))
    if ending == "plural":
        shown[-1] = plural(shown[-1])
    elif ending == "s'":
        shown[-1] = plural(shown[-1]) + "'"
    elif ending:
        shown[-1] += ending
    seps = [draw(st.sampled_from([" ", "\n", "\r\n", "  ", " \n "])) for _ in shown[1:]]
    written = shown[0] + "".join(sep + word for sep, word in zip(seps, shown[1:], strict=True))
    cases = draw(st.lists(st.booleans(), min_size=len(written), max_size=len(written)))
    written = "".join(c.upper() if up else c for c, up in zip(written, cases, strict=True))
    before = " ".join(draw(st.lists(st.sampled_from(FILLER), max_size=8)))
    after = " ".join(draw(st.lists(st.sampled_from(FILLER), max_size=8)))
    left = before + draw(st.sampled_from([" ", "\n", " (", " \""])) if before else ""
    right = draw(st.sampled_from([" ", ".", ",", "\n", ") "])) + after if after else ""
    text = left + written + right
    return term, text, len(left), len(left) + len(written)


@FAST
@given(case=inserted_term())
def test_glossary_finds_an_inserted_term_at_its_position(case: tuple[str, str, int, int]) -> None:
    term, text, start, end = case
    glossary = Glossary.from_terms([Term(zh="术语", en=(term,))])
    matches = [(m.start, m.end) for m in glossary.find_en(text)]
    assert matches == [(start, end)], (text, term)


# --- checks --------------------------------------------------------------------------------

EN_WORDS = st.sampled_from([
    "Shanghai", "Pudong", "new", "district", "Pudong new district", "Pudong New Area", "the",
    "the", "city", "cities", "grew", "by", "5.5%", "4.72", "trillion", "yuan", "in", "2023",
    "1990", "Mr.", "said", ",", ".", ".", "!", "?", "\n", "\r\n", "\n\n", "(", ")", "\"",
    "上海", "浦东新区", "Ｓｈａｎｇｈａｉ", "５．５％", "\u200b", "\u00a0", "twice", "third",
])
ZH_WORDS = st.sampled_from([
    "上海", "浦东新区", "成立于", "1990年", "２０２３年", "GDP", "增长", "5.5%", "４．７２",
    "万亿元", "两次", "第三", "。", "，", "！", "“", "”", "\n", "\r\n", "《上海》", "……",
])
CHECK_GLOSSARY = Glossary.from_terms([
    Term(zh="浦东新区", en=("Pudong New Area",), forbidden=("Pudong new district",)),
    Term(zh="上海", en=("Shanghai",)),
])


@FAST
@given(
    english=st.lists(EN_WORDS, max_size=60).map(" ".join),
    chinese=st.one_of(st.none(), st.lists(ZH_WORDS, max_size=60).map("".join)),
)
def test_checks_never_raise_and_point_into_the_text(english: str, chinese: str | None) -> None:
    """A fix the reviewer can accept replaces text inside its own segment."""
    from transreview.pipeline import analyze

    en = Document("en.txt", english)
    zh = Document("zh.txt", chinese) if chinese is not None else None
    analysis = analyze(en, zh, CHECK_GLOSSARY)
    for finding in analysis.findings:
        assert 0 <= finding.start <= finding.end <= len(english), finding
        if finding.segment is not None:
            segment = analysis.en_segments[finding.segment]
            assert segment.start <= finding.start <= segment.end, finding
            if finding.suggestion is not None:
                assert finding.end <= segment.end, finding


# --- export ----------------------------------------------------------------------------------

EDIT_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("edit"), st.integers(0, 11), EDIT_TEXT),
        st.tuples(st.just("accept"), st.integers(0, 20), st.just("")),
        st.tuples(st.just("undo"), st.just(0), st.just("")),
    ),
    max_size=12,
)


@settings(max_examples=EXAMPLES // 6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=OPERATIONS, newline=st.sampled_from(["\n", "\r\n", "\r"]), bom=st.booleans())
def test_export_txt_is_the_text_with_the_edits_applied(
    operations: list[tuple[str, int, str]], newline: str, bom: bool
) -> None:
    """Random edits, accepted fixes and undos: ``txt`` is the original with the log applied."""
    from transreview.export import render
    from transreview.ingest import encode
    from transreview.model import Edit
    from transreview.review import ReviewError, ReviewSession

    lines = [f"Line {n} says Pudong new district grew in {1990 + n}. It grew grew again."
             for n in range(6)]
    text = newline.join(lines) + newline
    with tempfile.TemporaryDirectory() as folder:
        en, glossary = Path(folder) / "en.txt", Path(folder) / "glossary.tsv"
        en.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
        glossary.write_text("zh\ten\tforbidden\n浦东新区\tPudong New Area\tPudong new district\n",
                            encoding="utf-8")
        session = ReviewSession.open(str(en), glossary_path=str(glossary),
                                     session_path=str(Path(folder) / "s.sqlite"))
        try:
            segments = session.snapshot().en_segments
            current = [segment.text for segment in segments]
            undo: list[tuple[int, str]] = []
            for kind, number, new in operations:
                edit: Edit | None = None
                if kind == "undo":
                    if session.undo() is not None:
                        index, before = undo.pop()
                        current[index] = before
                    continue
                if kind == "edit":
                    edit = session.edit(number % len(segments), new)
                else:
                    fixes = [state.id for state in session.snapshot().findings
                             if state.status == "open" and state.finding.suggestion is not None]
                    if fixes:
                        try:
                            edit = session.accept(fixes[number % len(fixes)])
                        except ReviewError:
                            edit = None
                if edit is not None:
                    assert edit.before == current[edit.segment]
                    undo.append((edit.segment, edit.before))
                    current[edit.segment] = edit.after
            pieces, cursor = [], 0
            for segment, now in zip(segments, current, strict=True):
                pieces += [text[cursor : segment.start], now]
                cursor = segment.end
            pieces.append(text[cursor:])
            exported = render(session.snapshot(), "txt")
            assert exported == encode(session.snapshot().en, "".join(pieces))
            assert exported.startswith(b"\xef\xbb\xbf") == bom
        finally:
            session.close()
