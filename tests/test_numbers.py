"""Number extraction and normalisation in Chinese and English (transreview.numbers)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.numbers import (
    NumberMention,
    keep_numbers_en,
    keep_numbers_zh,
    numbers_en,
    numbers_zh,
)


def values(found: Sequence[NumberMention]) -> list[tuple[str, float, str]]:
    return [(m.text, m.value, m.kind) for m in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全市常住人口约2500万人。", [("2500万", 25_000_000, "number")]),
        ("生产总值达4.32万亿元", [("4.32万亿", 4.32e12, "number")]),
        ("投资1.2亿元", [("1.2亿", 1.2e8, "number")]),
        ("共有734,000人", [("734,000", 734_000, "number")]),
        ("一千二百三十四", [("一千二百三十四", 1234, "number")]),
        ("三亿五千万", [("三亿五千万", 350_000_000, "number")]),
        ("一百零五", [("一百零五", 105, "number")]),
        ("两万", [("两万", 20_000, "number")]),
        ("十五", [("十五", 15, "number")]),
        ("廿五", [("廿五", 25, "number")]),
        ("三点五", [("三点五", 3.5, "number")]),
        ("增长百分之三十", [("百分之三十", 30, "percent")]),
        ("增长30%", [("30%", 30, "percent")]),
        ("增长３０％", [("３０％", 30, "percent")]),
        ("第19届", [("第19", 19, "ordinal")]),
        ("第十九届", [("第十九", 19, "ordinal")]),
        ("去了5次", [("5", 5, "number")]),
        ("2017年10月31日", [("2017年10月31日", 20171031, "date")]),
        ("二〇一七年十月三十一日", [("二〇一七年十月三十一日", 20171031, "date")]),
        ("10月31日", [("10月31日", 1031, "date")]),
        ("2017年10月", [("2017年10月", 201710, "date")]),
        ("1921年", [("1921", 1921, "year")]),
        ("我们一起去，十分高兴", []),
        ("十分钟", [("十", 10, "number")]),
        ("50多万名从业人员", [("50多万", 500_000, "number")]),
        ("73.4万余名党员", [("73.4万余", 734_000, "number")]),
        ("三十多万", [("三十多万", 300_000, "number")]),
        ("50多个国家", [("50多", 50, "number")]),
        ("陆家嘴金融城", []),
        ("伍拾元", [("伍拾", 50, "number")]),
        ("", []),
    ],
)
def test_numbers_zh(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert values(numbers_zh(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25 million people", [("25 million", 25_000_000, "number")]),
        ("4.32 trillion yuan", [("4.32 trillion", 4.32e12, "number")]),
        ("25,000,000", [("25,000,000", 25_000_000, "number")]),
        ("15.35 million", [("15.35 million", 15_350_000, "number")]),
        ("a hundred", [("a hundred", 100, "number")]),
        ("twenty-five", [("twenty-five", 25, "number")]),
        ("one hundred and five", [("one hundred and five", 105, "number")]),
        ("five times", [("five", 5, "number")]),
        ("twice", [("twice", 2, "number")]),
        ("two dozen", [("two dozen", 24, "number")]),
        ("30%", [("30%", 30, "percent")]),
        ("30 per cent", [("30 per cent", 30, "percent")]),
        ("thirty percent", [("thirty percent", 30, "percent")]),
        ("the 19th congress", [("19th", 19, "ordinal")]),
        ("the nineteenth congress", [("nineteenth", 19, "ordinal")]),
        ("October 31, 2017", [("October 31, 2017", 20171031, "date")]),
        ("31 October 2017", [("31 October 2017", 20171031, "date")]),
        ("on 31st of October", [("31st of October", 1031, "date")]),
        ("in May 2017", [("May 2017", 201705, "date")]),
        ("You may go.", []),
        ("May I go?", []),
        ("by the end of May", [("May", 5, "date")]),
        ("in March and April", [("March", 3, "date"), ("April", 4, "date")]),
        ("in his eighties", [("eighties", 80, "number")]),
        ("the first four months", [("first", 1, "ordinal"), ("four", 4, "number")]),
        ("", []),
    ],
)
def test_numbers_en(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert values(numbers_en(text)) == expected


def test_offsets_point_into_the_text() -> None:
    text = "About 25 million people, 30 per cent of them young."
    for mention in numbers_en(text):
        assert text[mention.start : mention.end] == mention.text
    zh = "约2500万人，其中百分之三十是年轻人。"
    for mention in numbers_zh(zh):
        assert zh[mention.start : mention.end] == mention.text


def test_the_same_quantity_in_both_languages() -> None:
    pairs = [
        ("2500万", "25 million"), ("2500万", "25,000,000"), ("4.32万亿元", "4.32 trillion"),
        ("百分之三十", "30%"), ("百分之三十", "thirty per cent"), ("第19届", "nineteenth"),
        ("5次", "five times"), ("2017年10月31日", "October 31, 2017"),
        ("2017年10月31日", "31 October 2017"), ("两百", "two hundred"),
    ]
    for zh, en in pairs:
        assert [m.value for m in numbers_zh(zh)] == [m.value for m in numbers_en(en)], (zh, en)


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """``n`` (0 < n < 10**16) written in Chinese numerals, e.g. 10005 -> 一万零五."""
    def below_10000(k: int) -> str:
        out, zero = "", False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = k // unit % 10
            if digit:
                out += ("零" if zero and out else "") + _DIGITS[digit] + name
                zero = False
            else:
                zero = True
        return out

    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out = ""
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group:
            if out and group < 1000 and not out.endswith("零"):
                out += "零"
            out += below_10000(group) + ("", "万", "亿", "万亿")[index]
        elif out and not out.endswith("零"):
            out += "零"
    return out.rstrip("零")


@settings(max_examples=300)
@given(st.integers(min_value=2, max_value=10**15))
def test_digits_and_chinese_numerals_agree(n: int) -> None:
    written = chinese_numeral(n)
    assert [m.value for m in numbers_zh(written)] == [float(n)], written
    assert [m.value for m in numbers_zh(str(n))] == [float(n)]
    assert [m.value for m in numbers_zh(f"{n:,}")] == [float(n)]
    assert [m.value for m in numbers_en(f"{n:,}")] == [float(n)]


@settings(max_examples=300)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    for mention in [*numbers_zh(text), *numbers_en(text)]:
        assert text[mention.start : mention.end] == mention.text
        assert mention.value == mention.value


NUMBER_SOUP = "0123456789,.% 万亿千百十零〇一二两三四五六七八九廿年月日第点之分"


@settings(max_examples=200)
@given(st.text(alphabet=NUMBER_SOUP, max_size=40))
def test_never_raises_on_number_soup(text: str) -> None:
    numbers_zh(text)
    numbers_en(text)


def test_kept_mentions_are_returned_until_replaced() -> None:
    text = "It cost 12 dollars."
    found = numbers_en(text)
    kept = (NumberMention(0, 2, "It", 99.0, "number"),)
    keep_numbers_en([(text, kept)])
    assert numbers_en(text) == kept
    keep_numbers_en([])
    assert numbers_en(text) == found
    source = "花了12元。"
    found = numbers_zh(source)
    keep_numbers_zh([(source, kept)])
    assert numbers_zh(source) == kept
    keep_numbers_zh([])
    assert numbers_zh(source) == found
