"""The surface rules' quick paths agree with the plain scans they stand for."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hypothesis import example, given, settings
from hypothesis import strategies as st

from transreview.checks import CheckContext
from transreview.checks import text as rules
from transreview.model import Document, Finding
from transreview.segment.codes import char_codes, wide_offsets

WORDS = ["the", "The", "THE", "a", "A", "no", "tock", "é", "Éa", "éa", "\u212a", "k", "K",
         "\u0130", "i", "I", "ſ", "s", "x1", "_a", "a_", "2", "上海", "中", "“a”", "‘b’", "it’s",
         "(", ")", "[", "]", "{", "}", '"', "”", "“", "（", "）", "《", "》", "’", "‘", ".", ",",
         "?", "!", ";", ":", "...", ". .", "—", "\U00020001", "\uff08", "🙂", "\x00", "，",
         "。", "２０", "％"]
SEPARATORS = [" ", "  ", "\t", " \t ", "\n", "\r\n", "\r", "\n\n", "", "\u2028", "\x0c", " \n "]


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Words and pair characters with every kind of space and line break between them."""
    parts = draw(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)),
                          max_size=30))
    return "".join(word + separator for word, separator in parts)


@settings(max_examples=300, deadline=None)
@given(st.text())
@example("a\ud800\udc00\U0001f642\ud800")
@example("\uffff\x00é")
def test_char_codes_are_the_code_points(text: str) -> None:
    wide = [at for at, char in enumerate(text) if not char.isascii()]
    assert wide_offsets(text).tolist() == wide
    assert char_codes(text).tolist() == list(map(ord, text))
    assert wide_offsets(text).tolist() == wide
    assert char_codes(text).tolist() == list(map(ord, text))


def context(text: str) -> CheckContext:
    return CheckContext(en=Document(path="t.txt", text=text), en_segments=())


@settings(max_examples=400, deadline=None)
@given(texts())
@example("kk \u212a\u212a. éthe éthe. The the tock tock tock")
@example("\u0130x ix and x\u0130 xi")
def test_repeats_are_the_matches_of_the_whole_text_scan(text: str) -> None:
    assert [m.span() for m in rules._repeats(text)] == [
        m.span() for m in rules._REPEATED.finditer(text)]


_PARAGRAPH = re.compile(r"\S(?:[^\r\n]*\S)?")


def every_paragraph(text: str) -> Iterator[Finding]:
    """The pair machine run over every paragraph, as the rule would without its quick test."""
    rule = rules.UnbalancedPair()
    spans = [match.span() for match in _PARAGRAPH.finditer(text)]
    for number, (start, end) in enumerate(spans):
        following = spans[number + 1][0] if number + 1 < len(spans) else -1
        continued = following >= 0 and text[following] in '"“'
        positions = [match.start() for match in rules._PAIR_CHARS.finditer(text, start, end)]
        for at, message, suggestion in rules._line(text, start, end, continued, positions):
            yield rule.finding(context(text), at, at + 1, message, suggestion=suggestion)


@settings(max_examples=400, deadline=None)
@given(texts())
@example('“a\n\n“b”\n')
@example(')("')
@example('"(")"')
@example("it’s the members’ (hall‘) ’")
@example("it’s (x’y) and a’b’c “don’t”\n‘1’2’ _’_ ‘it’s’")
def test_unbalanced_pair_reports_what_the_machine_reports_everywhere(text: str) -> None:
    assert list(rules.UnbalancedPair().run(context(text))) == list(every_paragraph(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["(", ")", "[", "]", '"', "“", "”", "《", "》"]), max_size=10))
def test_balanced_pairs_leave_the_machine_silent(pairs: list[str]) -> None:
    text = "x".join(pairs)
    if rules._balanced("".join(pairs)):
        assert list(every_paragraph(text)) == []


@settings(max_examples=300, deadline=None)
@given(texts())
@example("a  b , c .\n. . .")
@example("a\t\tb\t, \U0001f642  c")
def test_whitespace_patterns_without_tabs_match_the_general_ones(text: str) -> None:
    for tabbed in (True, False):
        if not tabbed:
            text = text.replace("\t", " ")
        doubled, marked = rules._spacing(text, tabbed)
        doubles = [m.span() for m in rules._DOUBLE_SPACE.finditer(text)]
        befores = [m.span() for m in rules._SPACE_BEFORE.finditer(text)]
        if not tabbed:
            assert [m.span() for m in rules._DOUBLE_SPACE_NO_TAB.finditer(text)] == doubles
            assert [m.span() for m in rules._SPACE_BEFORE_NO_TAB.finditer(text)] == befores
        assert doubled == bool(doubles)
        if not marked:
            assert befores == []


@settings(max_examples=300, deadline=None)
@given(texts())
@example("a\uff08b\u3000c上")
@example("，a。（上）２０b％")
def test_untranslated_finds_every_chinese_run(text: str) -> None:
    """Each run of Chinese text, and each run of full-width forms or Chinese marks that touches
    no Chinese character."""
    found = [(f.start, f.end) for f in rules.Untranslated().run(context(text))]

    def chinese(at: int) -> bool:
        return 0 <= at < len(text) and bool(re.match(f"[{rules._HAN}]", text[at]))

    wide = [m.span() for m in re.finditer("[。、\uff01-\uff5e]+", text)
            if not chinese(m.start() - 1) and not chinese(m.end())]
    assert found == sorted([m.span() for m in rules._CJK_RUN.finditer(text)] + wide)
