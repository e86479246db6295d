"""News-writing number patterns in both languages, their pairing, and the number-mismatch check.

Each table row names one pattern; the pair tables say which Chinese and English renderings must
count as the same quantity (``has_counterpart`` both ways) and which must not.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from transreview.numbers import (
    NumberMention,
    has_counterpart,
    numbers_en,
    numbers_zh,
    same_quantity,
)

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "shanghai"

Row = tuple[str, float, str, bool]


def described(found: Sequence[NumberMention]) -> list[Row]:
    return [(m.text, round(m.value, 9), m.kind, m.approximate) for m in found]


def rounded(rows: list[Row]) -> list[Row]:
    return [(text, round(value, 9), kind, rough) for text, value, kind, rough in rows]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50多万名从业人员", [("50多万", 500_000, "number", True)]),
        ("一百多万人", [("一百多万", 1_000_000, "number", True)]),
        ("二十余年", [("二十余", 20, "number", True)]),
        ("30来岁", [("30来", 30, "number", True)]),
        ("十几万", [("十几万", 100_000, "number", True)]),
        ("20多个省份", [("20多", 20, "number", True)]),
        ("八十多岁入党", [("八十多", 80, "number", True)]),
        ("每万人口", [("万", 10_000, "number", False)]),
        ("每千人", [("千", 1000, "number", False)]),
        ("百岁老战士", [("百", 100, "number", False)]),
        ("建党百周年", [("百", 100, "number", False)]),
        ("百万富翁", [("百万", 1_000_000, "number", False)]),
        ("千余个小时", [("千余", 1000, "number", True)]),
        ("上万人", [("上万", 10_000, "number", True)]),
        ("上百万", [("上百万", 1_000_000, "number", True)]),
        ("几十万", [("几十万", 100_000, "number", True)]),
        ("数百家", [("数百", 100, "number", True)]),
        ("数以万计", [("数以万", 10_000, "number", True)]),
        ("成千上万", [("成千上万", 1000, "number", True)]),
        ("5月底", [("5月", 5, "date", False)]),
        ("前4个月", [("4", 4, "number", False)]),
        ("1.2亿元", [("1.2亿", 120_000_000, "number", False)]),
        ("百分之三点五", [("百分之三点五", 3.5, "percent", False)]),
        ("两成", [("两成", 20, "percent", False)]),
        ("九成以上", [("九成", 90, "percent", False)]),
        ("一半", [("一半", 0.5, "fraction", False)]),
        ("过半", [("过半", 0.5, "fraction", True)]),
        ("三分之一", [("三分之一", 1 / 3, "fraction", False)]),
        ("千分之五", [("千分之五", 0.5, "percent", False)]),
        ("零点五", [("零点五", 0.5, "number", False)]),
        ("第十九次", [("第十九", 19, "ordinal", False)]),
        ("十九大", [("十九", 19, "number", False)]),
        ("2021年", [("2021", 2021, "year", False)]),
        ("3至5年", [("3", 3, "number", False), ("5", 5, "number", False)]),
        ("十七八岁", [("十七八", 17, "number", True), ("十七八", 18, "number", True)]),
        ("三四十人", [("三四十", 30, "number", True), ("三四十", 40, "number", True)]),
        ("五六岁", [("五六", 5, "number", True), ("五六", 6, "number", True)]),
        ("二十两银子", [("二十", 20, "number", False)]),
        ("一万两千", [("一万两千", 12_000, "number", False)]),
        ("20世纪80年代", [("20世纪80年代", 1980, "year", True)]),
        ("去了5次", [("5", 5, "number", False)]),
        ("七零八落", []),
        ("十万八千里", []),
        ("一成不变", []),
        ("建成", []),
        ("百舸争流", []),
        ("老百姓", []),
        ("千万不要", []),
        ("几个人", []),
        ("一来", [("一", 1, "number", False)]),
        ("“十四五”规划", [("十四", 14, "ordinal", False), ("五", 5, "number", False)]),
        ("十四五岁的少年", [("十四五", 14, "number", True), ("十四五", 15, "number", True)]),
        ("一两月", [("一两", 1, "number", True), ("一两", 2, "number", True)]),
        ("七成新", [("七", 7, "number", False)]),
        ("近百名", [("百", 100, "number", False)]),
        ("逾千家", [("千", 1000, "number", False)]),
        ("建党百年", [("百", 100, "number", False)]),
        ("千年大计", [("千", 1000, "number", False)]),
        ("占1/3", [("1/3", 1 / 3, "fraction", False)]),
        ("24/7", [("24", 24, "number", False), ("7", 7, "number", False)]),
        ("半个多世纪", [("半个多世纪", 50, "number", True)]),
        ("十一月三十日", [("十一月三十日", 1130, "date", False)]),
        ("共有十万八千人", [("十万八千", 108_000, "number", False)]),
        ("百分之百", [("百分之百", 100, "percent", False)]),
        ("双方", [("双", 2, "number", False)]),
        ("G60科创走廊和C919大飞机", []),
        ("5G基站", [("5", 5, "number", False)]),
        ("，500多名", [("500多", 500, "number", True)]),
        ("他们俩", [("俩", 2, "number", False)]),
        ("“七一勋章”", [("七一", 701, "date", False)]),
        ("五四青年节", [("五四", 504, "date", False)]),
    ],
)
def test_numbers_zh_news(text: str, expected: list[Row]) -> None:
    assert described(numbers_zh(text)) == rounded(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("by the end of May", [("May", 5, "date", False)]),
        ("in mid-May", [("May", 5, "date", False)]),
        ("May I help?", []),
        ("March on!", []),
        ("in March", [("March", 3, "date", False)]),
        ("in the first four months",
         [("first", 1, "ordinal", False), ("four", 4, "number", False)]),
        ("120 million", [("120 million", 120_000_000, "number", False)]),
        ("3.5%", [("3.5%", 3.5, "percent", False)]),
        ("the 19th National Congress", [("19th", 19, "ordinal", False)]),
        ("the nineteenth", [("nineteenth", 19, "ordinal", False)]),
        ("twenty-first", [("twenty-first", 21, "ordinal", False)]),
        ("tens of thousands", [("tens of thousands", 10_000, "number", True)]),
        ("hundreds of millions", [("hundreds of millions", 100_000_000, "number", True)]),
        ("hundreds of", [("hundreds", 100, "number", True)]),
        ("dozens of", [("dozens", 12, "number", True)]),
        ("several hundred", [("several hundred", 100, "number", True)]),
        ("a few thousand", [("a few thousand", 1000, "number", True)]),
        ("a dozen", [("a dozen", 12, "number", False)]),
        ("two dozen", [("two dozen", 24, "number", False)]),
        ("four decades", [("four decades", 40, "number", False)]),
        ("a decade", [("a decade", 10, "number", False)]),
        ("in his eighties", [("eighties", 80, "number", True)]),
        ("in his 80s", [("80s", 80, "number", True)]),
        ("in her teens", [("teens", 10, "number", True)]),
        ("the 1980s", [("1980s", 1980, "number", True)]),
        ("twenty-odd", [("twenty-odd", 20, "number", True)]),
        ("20-odd", [("20-odd", 20, "number", True)]),
        ("a centenarian", [("centenarian", 100, "number", False)]),
        ("a 100-year-old veteran", [("100", 100, "number", False)]),
        ("one third", [("one third", 1 / 3, "fraction", False)]),
        ("two-thirds", [("two-thirds", 2 / 3, "fraction", False)]),
        ("a quarter of", [("a quarter", 0.25, "fraction", False)]),
        ("half of them", [("half", 0.5, "fraction", False)]),
        ("cut by half", [("half", 0.5, "fraction", False)]),
        ("half a million", [("half a million", 500_000, "number", False)]),
        ("a third term", [("third", 3, "ordinal", False)]),
        ("the first quarter", [("first", 1, "ordinal", False)]),
        # a year's quarters counted, against the fraction
        ("the first three quarters of this year",
         [("first", 1, "ordinal", False), ("three quarters", 3, "number", False)]),
        ("in the past two quarters", [("two quarters", 2, "number", False)]),
        ("three quarters of 2022",
         [("three quarters", 3, "number", False), ("2022", 2022, "number", False)]),
        ("three quarters of the firms", [("three quarters", 0.75, "fraction", False)]),
        ("five times", [("five", 5, "number", False)]),
        ("twice", [("twice", 2, "number", False)]),
        ("3 to 5 years", [("3", 3, "number", False), ("5", 5, "number", False)]),
        ("between ten and twenty", [("ten", 10, "number", False), ("twenty", 20, "number", False)]),
        ("two three-inch feet", [("two", 2, "number", False), ("three", 3, "number", False)]),
        ("one and five percent",
         [("one", 1, "number", False), ("five percent", 5, "percent", False)]),
        ("one hundred and five", [("one hundred and five", 105, "number", False)]),
        ("Phase IV", [("IV", 4, "ordinal", False)]),
        ("World War II", [("II", 2, "ordinal", False)]),
        ("I went", []),
        ("parts per million", []),
        ("the Hundred Flowers", []),
        ("a quarter", []),
        ("a second term", []),
        ("for a day or two", []),
        ("one or two", [("one", 1, "number", False), ("two", 2, "number", False)]),
        ("the second largest", [("second", 2, "ordinal", False)]),
        ("$2bn", [("2bn", 2e9, "number", False)]),
        ("grew threefold", [("threefold", 3, "number", False)]),
        ("half a century", [("half a century", 50, "number", False)]),
        ("a century ago", [("century", 100, "number", False)]),
        ("a century-old shop", [("century-old", 100, "number", False)]),
        ("the new millennium", [("millennium", 1000, "number", False)]),
        ("the first half of 2021",
         [("first", 1, "ordinal", False), ("2021", 2021, "number", False)]),
        ("one-third", [("one-third", 1 / 3, "fraction", False)]),
        ("fell by nearly half", [("half", 0.5, "fraction", False)]),
        ("over the past century", [("century", 100, "number", False)]),
        ("the one millionth car", [("one millionth", 1e6, "ordinal", False)]),
    ],
)
def test_numbers_en_news(text: str, expected: list[Row]) -> None:
    assert described(numbers_en(text)) == rounded(expected)


def covered_both_ways(zh: str, en: str) -> bool:
    """Whether every number of each side has a counterpart on the other (English ``one`` and
    ``first``, which the check takes for articles, aside)."""
    zh_found = numbers_zh(zh)
    en_found = [m for m in numbers_en(en) if m.value != 1]
    return (
        bool(zh_found) and bool(en_found)
        and all(has_counterpart(m, en_found) for m in zh_found)
        and all(has_counterpart(m, zh_found) for m in en_found)
    )


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("50多万名从业人员", "more than 500,000 employees"),
        ("50多万名从业人员", "more than 500000 employees"),
        ("每万人口", "per 10,000 people"),
        ("每万人口", "per ten thousand people"),
        ("百岁老战士", "100 year old soldiers"),
        ("百岁老人", "a centenarian"),
        ("八十多岁入党", "joined the Party in his eighties"),
        ("八十多岁入党", "joined the Party in his 80s"),
        ("到5月底", "by the end of May"),
        ("5月", "in May"),
        ("6月3日", "June 3, 2021"),
        ("今年前4个月", "in the first four months of this year"),
        ("1.2亿元", "120 million yuan"),
        ("百分之三点五", "3.5%"),
        ("两成", "20 percent"),
        ("一半", "half of them"),
        ("第十九次", "the 19th"),
        ("党的十九大", "the 19th National Congress"),
        ("2021年", "in 2021"),
        ("20多个省份", "more than 20 provinces"),
        ("上万人", "tens of thousands of people"),
        ("十多个", "more than a dozen"),
        ("数十家", "dozens of"),
        ("几十万", "hundreds of thousands"),
        ("3至5年", "3 to 5 years"),
        ("三至五年", "three to five years"),
        ("零点五", "0.5"),
        ("三分之一", "one third"),
        ("三分之二", "two-thirds"),
        ("四分之一", "a quarter of"),
        ("四分之三的企业", "three quarters of the firms"),
        ("前三季度", "in the first three quarters of this year"),
        ("十二个", "a dozen"),
        ("数百人", "hundreds of people"),
        ("5次", "five times"),
        ("两次", "twice"),
        ("91岁", "a 91-year-old"),
        ("十七八岁", "seventeen or eighteen"),
        ("20世纪80年代", "the 1980s"),
        ("73.4万余名党员", "More than 734000 Party members"),
        ("2500万", "25 million"),
        ("“十四五”规划", "the 14th Five-Year Plan"),
        ("近百名", "nearly 100"),
        ("建党百年", "the centenary of the Party"),
        ("占1/3", "one-third of"),
        ("增长3倍", "grew threefold"),
        ("20亿美元", "$2bn"),
        ("半个多世纪", "more than half a century"),
        ("二十两银子", "twenty taels of silver"),
        ("翻了十七八个滚", "rolled seventeen or eighteen times"),
        ("减少了近一半", "fell by nearly half"),
        ("一百年来", "over the past century"),
        ("百分之百", "100 percent"),
        ("第100万辆", "the one millionth vehicle"),
        ("十多年来", "for more than a decade"),
        ("二十多年前", "more than two decades ago"),
        ("近四十年", "nearly four decades"),
        ("约占全球的五分之一", "about a fifth of the world's total"),
        ("超过六成", "more than 60 percent"),
        ("十四亿多中国人民", "more than 1.4 billion Chinese people"),
        ("两千五百万", "25 million"),
        ("截至6月底", "as of the end of June"),
        ("2021年6月3日", "on June 3"),
        ("世界500强", "Fortune Global 500"),
        ("百强县", "top 100 counties"),
        ("双方同意", "the two sides agreed"),
        ("一半", "50 percent"),
        ("三分之一", "33%"),
        ("两成", "a fifth of them"),
        ("营收超亿元", "revenue of over 100 million yuan"),
        ("“七一勋章”", "the July 1 Medal"),
        ("五一劳动节", "the May Day holiday"),
        ("五四运动", "the May Fourth Movement"),
    ],
)
def test_same_quantity_in_both_languages(zh: str, en: str) -> None:
    assert covered_both_ways(zh, en), (described(numbers_zh(zh)), described(numbers_en(en)))


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("2500万", "24 million"),
        ("50多万", "more than 5 million"),
        ("八十多岁", "in his sixties"),
        ("百分之三点五", "5.3%"),
        ("两成", "30 percent"),
        ("5月", "in June"),
        ("2021年6月3日", "June 4, 2021"),
        ("2021年6月", "June 2020"),
        ("前4个月", "in the first five months"),
        ("三分之一", "a quarter of"),
        ("三分之一", "30%"),
        ("数百人", "1,000 people"),
        ("八十多岁", "aged 90"),
        ("20多个", "30 provinces"),
        ("第十九次", "the 18th"),
    ],
)
def test_different_quantities_stay_different(zh: str, en: str) -> None:
    assert not covered_both_ways(zh, en)


def test_same_quantity_leeway_is_for_approximations_only() -> None:
    exact = numbers_zh("120人")[0]
    rough = numbers_zh("120多人")[0]
    close = numbers_en("125 people")[0]
    far = numbers_en("130 people")[0]
    assert not same_quantity(exact, close)
    assert same_quantity(rough, close) and same_quantity(close, rough)
    assert not same_quantity(rough, far)


def test_vague_multitudes_need_no_counterpart() -> None:
    hundreds = numbers_en("Hundreds of barges compete")[0]
    assert has_counterpart(hundreds, [])
    shanghai = numbers_zh("上万人")[0]
    assert has_counterpart(shanghai, [])
    eighties = numbers_en("in his eighties")[0]
    assert not has_counterpart(eighties, [])


def number_findings(en: Path, zh: Path) -> list[dict[str, object]]:
    result = subprocess.run(
        [sys.executable, "-m", "transreview", "check", str(en), "--zh", str(zh),
         "--select", "number-mismatch", "--format", "json"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    findings: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return findings


def test_demo_corpus_has_no_number_mismatch() -> None:
    assert number_findings(DEMO / "en.txt", DEMO / "zh.txt") == []


def test_a_changed_number_in_the_demo_is_reported(tmp_path: Path) -> None:
    text = (DEMO / "en.txt").read_text(encoding="utf-8")
    assert "a population of 25 million" in text
    changed = tmp_path / "en.txt"
    changed.write_text(text.replace("a population of 25 million", "a population of 24 million"),
                       encoding="utf-8")
    findings = number_findings(changed, DEMO / "zh.txt")
    terms = sorted(str(f["term"]) for f in findings)
    assert terms == ["24 million", "2500万"], findings


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("上半年", "in the first half of the year"),
        ("百舸争流，一起奋斗", "Hundreds of barges compete"),
        ("七零八落", "scattered"),
        ("陆家嘴", "Lujiazui"),
        ("队伍", "a team"),
        ("一成不变", "unchanged"),
    ],
)
def test_no_number_to_match(zh: str, en: str) -> None:
    zh_found, en_found = numbers_zh(zh), numbers_en(en)
    assert all(has_counterpart(m, en_found) for m in zh_found), described(zh_found)
    assert all(has_counterpart(m, zh_found) for m in en_found if m.value != 1), en_found
