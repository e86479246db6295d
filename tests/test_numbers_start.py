"""The number patterns' start tests (``_EN_START``, ``_ZH_START``) against the same patterns
without them, and ``_halfwidth`` against ``translate``."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.numbers import (
    _EN_HINT,
    _EN_PATTERN,
    _EN_START,
    _FULLWIDTH,
    _ZH_PATTERN,
    _ZH_START,
    _halfwidth,
)

ROOT = Path(__file__).resolve().parents[1]
MAC_DEV = ROOT.parent / "shared" / "data" / "mac-dev" / "en"
MAC_DEV_ZH = MAC_DEV.parent / "zh"
GENERAL = re.compile(_EN_PATTERN.pattern.replace(_EN_START, r"(?=\w)", 1), re.IGNORECASE)
"""Every alternative tried at every word start."""
GENERAL_ZH = re.compile(_ZH_PATTERN.pattern.replace(_ZH_START, "", 1))
"""Every alternative tried at every position."""


def matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


def test_start_test_is_in_the_pattern() -> None:
    assert GENERAL.pattern != _EN_PATTERN.pattern
    assert GENERAL_ZH.pattern != _ZH_PATTERN.pattern


def test_corpus_lines_match_alike() -> None:
    paths = [ROOT / "corpora" / "shanghai" / "en.txt"]
    if MAC_DEV.is_dir():
        paths += sorted(MAC_DEV.iterdir())
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            assert matches(_EN_PATTERN, line) == matches(GENERAL, line), line


PIECES = ["one", "Twenty", "a", "an", "A few", "hundred", "thousands of", "1,200", "3.5", "%",
          "per cent", "May", "may", "March", "Sept.", "12th", "1/2", "twice", "Phase", "II",
          "half", "of", "the", "first", "threefold", "century-old", "in his", "eighties", "and",
          "-", " ", ", ", "ſeven", "\u212aB", "ǅ", "İ", "٣", "Article", "X", "octogenarians",
          "mn", "bn", "-odd", "or so", "2024", "5th", "dozen", "quarter", "of", "Annex",
          "several", "party", "Part", "for", "forty", "central", "centenary", "Section",
          "secretary", "Sept", "decide", "Grand", "Grade", "novel", "two-fold", "sexagenarian"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map(" ".join) | st.text(max_size=60))
def test_generated_text_matches_alike(text: str) -> None:
    assert matches(_EN_PATTERN, text) == matches(GENERAL, text)


def test_chinese_corpus_lines_match_alike() -> None:
    paths = [ROOT / "corpora" / "shanghai" / "zh.txt"]
    if MAC_DEV_ZH.is_dir():
        paths += sorted(MAC_DEV_ZH.iterdir())
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            assert matches(_ZH_PATTERN, line) == matches(GENERAL_ZH, line), line


PIECES_ZH = ["一", "二", "两", "十", "百", "千", "万", "亿", "零", "〇", "廿", "卅", "拾", "壹",
             "3", "25", "2,500", "4.32", "１２", "٣", "点", "年", "月", "日", "号", "第", "届",
             "分之", "百分之", "半", "一半", "过半", "半个多世纪", "双", "俩", "仨", "五一", "节",
             "成", "上", "数", "几", "数以", "计", "多", "余", "来", "岁", "人", "%", "％", " ",
             "/", "五", "规划", "世纪", "年代", "每", "近", "一样", "十分", "千万", "G", "的",
             "，", "成百上千", "数十", "数以万计", "几百", "上万", "第三", "两成"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES_ZH), max_size=14).map("".join) | st.text(max_size=60))
def test_generated_chinese_text_matches_alike(text: str) -> None:
    assert matches(_ZH_PATTERN, text) == matches(GENERAL_ZH, text)


PHRASES = [
    "several hundred", "several million people", "Part II", "a party of forty", "Phase III",
    "forty-two", "the central committee", "a centenary", "Section X", "in Sept. 2020",
    "twofold", "two-fold", "a few thousand", "secretary", "sexagenarians", "septuagenarian",
    "a decade", "decided", "hundreds of", "the 1990s", "half of them", "quarter", "Grade V",
    "Grand", "seventy-seven", "seventeenth", "for fourteen days", "novel", "Nov. 5",
    "a few hundred", "A FEW thousand", "a\tthird of", "an  eighth of", "a party", "a hundred",
    "an April day", "Part\tIV", "Part  II", "Level of", "World War II", "Chapter xi",
    "sections", "a Section X",
]
"""Words whose first letters a number word shares, numbers they start, and articles and section
words before them or not."""


def test_phrases_match_alike() -> None:
    for phrase in PHRASES:
        for text in (phrase, f"In {phrase}.", phrase.upper()):
            assert matches(_EN_PATTERN, text) == matches(GENERAL, text), text


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="０１２３４５６７８９．，％0,.%一a 中", max_size=16) | st.text(max_size=16))
def test_halfwidth_is_translate(text: str) -> None:
    wide, narrow = ("".join(chars) for chars in zip(*_FULLWIDTH, strict=True))
    assert _halfwidth(text) == text.translate(str.maketrans(wide, narrow))


PLAIN_HINT = re.compile(r"May|\b[IVX]+\b(?<!\bI)")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="MayIVXi _.é1-", max_size=12) | st.text(max_size=12))
def test_hint_is_found_where_the_plain_pattern_finds_one(text: str) -> None:
    assert bool(_EN_HINT.search(text)) == bool(PLAIN_HINT.search(text))
