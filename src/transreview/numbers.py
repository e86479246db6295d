"""Numbers in Chinese and English text, normalised to comparable values.

In: any string. Out: ``NumberMention`` records with character offsets into that string and a value
that is the same in both languages: 2500万 == 25 million == 25,000,000; 4.32万亿 == 4.32 trillion;
百分之三十 == 30% == thirty per cent (value 30, kind ``percent``); 两成 == 20%; 第19届 == 19th ==
nineteenth (kind ``ordinal``); 5次 == five times (value 5); 三分之一 == one third (kind
``fraction``); dates as the digits of the parts present, year month day -> yyyymmdd, year month ->
yyyymm, month day -> mmdd, month alone -> mm (kind ``date``). Rough quantities (50多万, 上万,
hundreds of, in his eighties) carry the round value and ``approximate``; ``same_quantity`` compares
two mentions with that leeway and ``has_counterpart`` one against the other side. Never raises.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = [
    "NumberMention", "has_counterpart", "keep_numbers_en", "keep_numbers_zh", "numbers_en",
    "numbers_zh", "same_quantity",
]


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One number found in a text."""

    start: int
    """Character offset of the first character of the mention."""
    end: int
    """One past the last character."""
    text: str
    """``text[start:end]``."""
    value: float
    """The normalised value (see the module docstring)."""
    kind: str
    """``number``, ``percent``, ``ordinal``, ``fraction``, ``date`` or ``year`` (a year alone)."""
    approximate: bool = False
    """A rough quantity or one end of a range: 50多万, 十七八岁, tens of thousands, the 1980s."""


_LIMIT = 1e300
_FULLWIDTH_CHARS = "０１２３４５６７８９．，％"
_FULLWIDTH = tuple(zip(_FULLWIDTH_CHARS, "0123456789.,%", strict=True))
"""Full-width character -> its ASCII form."""
_FULLWIDTH_ANY = re.compile(f"[{_FULLWIDTH_CHARS}]")
"""Whether ``_halfwidth`` changes a text (most English texts need no copy)."""


def _halfwidth(text: str) -> str:
    """``text`` with full-width digits and number punctuation made ASCII (``_FULLWIDTH``).

    Replacing the characters present, one by one, is several times faster than ``translate``
    on Chinese text, whose every character ``translate`` looks up (most hold only a comma)."""
    if text.isascii() or _FULLWIDTH_ANY.search(text) is None:
        return text
    for wide, narrow in _FULLWIDTH:
        if wide in text:
            text = text.replace(wide, narrow)
    return text

# ---------------------------------------------------------------- Chinese

_ZH_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
    "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7,
    "捌": 8, "玖": 9,
}
_ZH_TENS = {"廿": 20, "卅": 30}
_ZH_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_ZH_BIG = {"万": 10_000, "亿": 100_000_000}
_ZH_NUMERAL_CHARS = "".join([*_ZH_DIGITS, *_ZH_TENS, *_ZH_SMALL, *_ZH_BIG])
_ZH_DIGIT_CHARS = "".join(_ZH_DIGITS)
_FINANCIAL = frozenset("壹贰叁肆伍陆柒捌玖拾佰仟")
_CN = f"[{_ZH_NUMERAL_CHARS}]"
_CN_START = f"[{_ZH_DIGIT_CHARS}{''.join(_ZH_TENS)}十拾]"
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ZH_NUM = (
    rf"(?<![A-Za-z\d])(?:{_ARABIC})[万亿千百]*|{_CN_START}{_CN}*(?:点[{_ZH_DIGIT_CHARS}]+[万亿]*)?"
)
"""A number: Arabic digits (not glued to Latin letters, as in G60 or C919) or Chinese numerals."""
_MEASURE = "个岁年天名人家位次项件元米吨户所座种条辆台只头倍周斤里公平亩层栋幢届期批架艘股"
"""Measure words and units that follow a count (一来 "firstly" is not 一 followed by one)."""
_BARE = (
    rf"(?<=每)[十百千万][万亿]*|百(?=周?岁|周年|强|年)|千(?=年)|百[万亿]+|千亿|万亿"
    rf"|千万(?=[{_MEASURE}美])|[百千万](?=[余多][{_MEASURE}]|余)"
    rf"|(?<=[近逾约破过超])[百千万亿](?=[万亿{_MEASURE}])"
)
"""百, 千 and 万 without a digit before them where they still count: 每万人, 百岁, 百年, 百万,
千余, 近千家."""
_HOLIDAYS = {"五一": 501, "七一": 701, "八一": 801, "五四": 504}
"""Days named by their date (七一勋章, the July 1 Medal), as month-day dates."""
_CHENG_NOT = "为立功果本员长就熟绩交型效品都年人千百群家事败材形真全份分语新"

_ZH_START = f"(?=[\\d{_ZH_NUMERAL_CHARS}第半过双俩仨成数几上])"
"""What every alternative of ``_ZH_PATTERN`` starts with: a digit, a numeral, or the first
character of 第, 过半, 成百上千, 数十 and the like. Testing that first spares the regex engine
trying each alternative at every other position."""
_ZH_PATTERN = re.compile(
    rf"{_ZH_START}(?:"
    rf"(?P<date>(?:(?P<y>\d{{2,4}}|[{_ZH_DIGIT_CHARS}]{{2,4}})年)?"
    rf"(?:(?P<m>\d{{1,2}}|十[一二]?|[一二三四五六七八九])月)"
    rf"(?:(?P<d>\d{{1,2}}|[二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九]?|卅一?"
    rf"|[一二三四五六七八九])[日号])?)"
    rf"|(?P<plan>[一二]?十[一二三四五六七八九])(?P<plan_five>五)(?=[”\"』」]|规划|计划|时期|期间)"
    rf"|(?P<decade>(?P<century>\d{{2}}|[一二]?十[一二三四五六七八九]?)世纪"
    rf"(?P<decade_num>\d0|[一二三四五六七八九]十)年代)"
    rf"|(?P<year>(?:\d{{4}}|[{_ZH_DIGIT_CHARS}]{{4}})(?=年))"
    rf"|百分之(?P<pct_cn>{_ZH_NUM}|百)"
    rf"|(?P<frac>(?P<frac_den>{_ZH_NUM}|[百千万]+)分之(?P<frac_num>{_ZH_NUM}))"
    rf"|(?P<ord>第)(?P<ord_num>{_ZH_NUM})"
    rf"|(?P<slash>(?<![\d.])(?P<slash_top>\d{{1,3}})/(?P<slash_over>\d{{1,3}})(?![\d/]))"
    rf"|(?P<half>一半|半数|过半|半个多?世纪)"
    rf"|(?P<pair>[双俩仨])"
    rf"|(?P<holiday>五一|七一|八一|五四)(?=[节讲勋前”\"期]|建军|青年|劳动|国际|运动|精神)"
    rf"|成(?P<crowd>[百千])上[千万]"
    rf"|(?:[数几]|上(?=[百千万亿])|数以(?=[十百千万亿]+计))(?P<few>[十百千万亿])(?P<few_mult>[万亿]*)"
    rf"(?![{_ZH_NUMERAL_CHARS}\d])"
    rf"|(?<![{_ZH_NUMERAL_CHARS}\d])(?P<cheng>[一二两三四五六七八九])成(?![{_CHENG_NOT}])"
    rf"|(?P<num>{_ZH_NUM}|{_BARE})"
    rf"(?:(?P<approx>[多余几]|来(?=[万亿千百{_MEASURE}]))(?P<amult>[万亿]*))?(?P<pct>\s*[%％])?"
    rf")"
)

_ZH_ANY = re.compile(rf"\d|{_CN}|[半双俩仨]")
"""Any digit or numeral character: text without one has no number (a fast first test)."""

_ZH_IDIOMS = re.compile(
    "|".join(
        (
            "一样", "一起", "一直", "一些", "一切", "一般", "一定", "一向", "一旦", "一再", "一度",
            "一致", "一边", "一面", "一时", "一阵", "一同", "一齐", "一律", "一概", "统一", "唯一",
            "万一", "一一", "十分(?!钟)", "万分", "千万", "万万", "一下", "一点", "一会", "一番",
            "一生", "一成不变", "七零八落", "十万八千里", "乱七八糟", "三三两两", "千千万万",
            "五湖四海", "四面八方", "三五成群", "十之八九", "八九不离十", "七上八下", "横七竖八",
            "七嘴八舌", "五花八门", "一五一十", "九牛一毛", "千方百计", "千变万化", "千辛万苦",
            "千差万别", "万无一失", "千真万确", "百年大计", "一举两得", "三言两语", "接二连三",
            "三番五次", "数一数二", "独一无二", "一清二楚", "一干二净", "千言万语", "千军万马",
            "千丝万缕", "万众一心", "九死一生", "千载难逢", "万紫千红", "千山万水", "万水千山",
        )
    )
)
"""Words made of numeral characters that are not numbers ("likewise", "together", "very"): a
number starting inside one is skipped."""

_ZH_RANGE = re.compile(
    rf"(?P<pre>(?:[{_ZH_DIGIT_CHARS}]?十)?)(?P<a>[一二两三四五六七八九])(?P<b>[一二两三四五六七八九])"
    rf"(?P<unit>[十百千万亿]*)"
)
"""Two neighbouring digits are a range: 五六岁 (5 or 6), 十七八 (17 or 18), 三四十 (30 or 40)."""


def _zh_integer(run: str) -> int | None:
    """The value of a run of Chinese numeral characters (``一千二百``, ``二〇一七``, ``廿五``)."""
    if len(run) > 1 and all(ch in _ZH_DIGITS for ch in run):
        return int("".join(str(_ZH_DIGITS[ch]) for ch in run))
    total = section = current = digit = 0
    for ch in run:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        elif ch in _ZH_TENS:
            current += _ZH_TENS[ch]
            digit = 0
        elif ch in _ZH_SMALL:
            current += (digit or 1) * _ZH_SMALL[ch]
            digit = 0
        elif ch == "万":
            head = section + current + digit or (0 if total else 1)
            section = head * 10_000
            current = digit = 0
        elif ch == "亿":
            total += (section + current + digit or (0 if total else 1)) * 100_000_000
            section = current = digit = 0
        else:
            return None
    return total + section + current + digit


def _multiplier(suffix: str) -> float:
    factor = 1.0
    for ch in suffix:
        factor *= {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}.get(ch, 1.0)
    return factor


def _zh_value(token: str) -> float | None:
    """The value of one Chinese-number token: Arabic, Chinese numerals, or both (4.32万亿)."""
    token = token.strip()
    arabic = re.match(r"[\d,.]+", token)
    if arabic:
        digits = arabic.group().replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            return None
        return value * _multiplier(token[arabic.end() :])
    if "点" in token:
        whole, _, rest = token.partition("点")
        fraction = rest.rstrip("万亿")
        integer = _zh_integer(whole)
        if integer is None or not fraction:
            return None
        decimals = "".join(str(_ZH_DIGITS.get(ch, 0)) for ch in fraction)
        return float(f"{integer}.{decimals}") * _multiplier(rest[len(fraction) :])
    integer = _zh_integer(token)
    return None if integer is None else float(integer)


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value) and abs(value) < _LIMIT


def _mention(
    text: str, start: int, end: int, value: float, kind: str, approximate: bool = False
) -> NumberMention:
    """A mention whose value is rounded to 15 significant digits (so 4.32 x 1e12 is exact)."""
    return NumberMention(start, end, text[start:end], float(f"{value:.15g}"), kind, approximate)


def _zh_date_part(token: str | None) -> int | None:
    if not token:
        return None
    value = _zh_value(token)
    return int(value) if _finite(value) and value is not None else None


CACHED_TEXTS = 1 << 15
"""Texts whose mentions each language keeps: the aligner and ``number-mismatch`` read the same
sentences, so a document's second reading is a lookup."""


_KEPT_ZH: dict[str, tuple[NumberMention, ...]] = {}
"""Mentions of Chinese texts found elsewhere (``keep_numbers_zh``)."""


def _keep(
    kept: dict[str, tuple[NumberMention, ...]],
    found: Iterable[tuple[str, tuple[NumberMention, ...]]],
) -> None:
    kept.clear()
    kept.update(itertools.islice(found, CACHED_TEXTS))


def keep_numbers_zh(found: Iterable[tuple[str, tuple[NumberMention, ...]]]) -> None:
    """Have ``numbers_zh`` return these (text, mentions) without reading the texts again, as
    ``keep_numbers_en`` does for English."""
    _keep(_KEPT_ZH, found)


def numbers_zh(text: str) -> tuple[NumberMention, ...]:
    """Every number in a Chinese text, in order."""
    kept = _KEPT_ZH.get(text)
    return kept if kept is not None else _read_numbers_zh(text)


@lru_cache(maxsize=CACHED_TEXTS)
def _read_numbers_zh(text: str) -> tuple[NumberMention, ...]:
    try:
        return tuple(_numbers_zh(text))
    except (ValueError, OverflowError, ArithmeticError):
        return ()


def _zh_range(token: str) -> tuple[float, float] | None:
    """The two ends of a range written with neighbouring digits (十七八 -> 17, 18), or None."""
    match = _ZH_RANGE.fullmatch(token)
    if not match:
        return None
    low, high = _ZH_DIGITS[match["a"]], _ZH_DIGITS[match["b"]]
    if not (0 < high - low <= 2 or (low, high) == (3, 2)):
        return None
    base = _zh_integer(match["pre"]) or 0
    factor = float(_zh_integer(match["unit"]) or 1)
    return (base + low) * factor, (base + high) * factor


def _zh_count(text: str, match: re.Match[str]) -> list[NumberMention]:
    """The mention(s) of a plain count: 2500万, 50多万, 八十多岁, 每万人, 十七八 (two ends)."""
    start, end = match.span()
    token = match["num"]
    approx = match["approx"]
    kind = "percent" if match["pct"] else "number"
    if not approx:
        ends = _zh_range(token)
        if ends is None and len(token) > 1 and token[-1] == "两" and token[-2] in _ZH_NUMERAL_CHARS:
            token, end = token[:-1], match.start("num") + len(token) - 1
            ends = _zh_range(token)
        if ends is not None:
            return [_mention(text, start, end, value, kind, True) for value in ends]
        if len(token) == 1 and token in _FINANCIAL:
            return []
    value = _zh_value(token)
    if value is None:
        return []
    value *= _multiplier(match["amult"] or "")
    return [_mention(text, start, end, value, kind, bool(approx))] if _finite(value) else []


def _numbers_zh(text: str) -> list[NumberMention]:
    normal = _halfwidth(text)
    if not _ZH_ANY.search(normal):
        return []
    idioms = [found.span() for found in _ZH_IDIOMS.finditer(normal)]
    mentions: list[NumberMention] = []
    for match in _ZH_PATTERN.finditer(normal):
        start, end = match.span()
        value: float | None
        approximate = False
        if (match["num"] or match["cheng"] or match["half"]) and any(
            left <= start < right for left, right in idioms
        ):
            continue
        if match["num"]:
            mentions.extend(_zh_count(text, match))
            continue
        if match["plan"]:
            plan = _zh_value(match["plan"])
            if plan is not None:
                mentions.append(_mention(text, start, match.end("plan"), plan, "ordinal"))
            mentions.append(_mention(text, match.start("plan_five"), end, 5.0, "number"))
            continue
        if match["date"]:
            year = _zh_date_part(match["y"])
            month = _zh_date_part(match["m"])
            day = _zh_date_part(match["d"])
            if month is None or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                continue
            value = float(month if day is None else month * 100 + day)
            if year is not None:
                value = year * (100.0 if day is None else 10_000.0) + value
            kind = "date"
        elif match["decade"]:
            century, decade = _zh_value(match["century"]), _zh_value(match["decade_num"])
            if century is None or decade is None:
                continue
            value, kind, approximate = (century - 1) * 100 + decade, "year", True
        elif match["year"]:
            value, kind = _zh_value(match["year"]), "year"
        elif match["pct_cn"]:
            value, kind = _zh_value(match["pct_cn"]), "percent"
        elif match["frac"]:
            value, kind = _zh_fraction(match["frac_den"], match["frac_num"])
        elif match["ord"]:
            value, kind = _zh_value(match["ord_num"]), "ordinal"
        elif match["holiday"]:
            value, kind = float(_HOLIDAYS[match["holiday"]]), "date"
        elif match["pair"]:
            value, kind = (3.0 if match["pair"] == "仨" else 2.0), "number"
        elif match["slash"]:
            mentions.extend(_slash(text, match, "slash_top", "slash_over"))
            continue
        elif match["half"] and match["half"].endswith("世纪"):
            value, kind, approximate = 50.0, "number", "多" in match["half"]
        elif match["half"]:
            value, kind, approximate = 0.5, "fraction", match["half"] == "过半"
        elif match["crowd"]:
            value, kind, approximate = _zh_value(match["crowd"]), "number", True
        elif match["few"]:
            value, kind, approximate = _zh_value(match["few"]), "number", True
            if value is not None:
                value *= _multiplier(match["few_mult"])
        else:
            value, kind = 10.0 * _ZH_DIGITS[match["cheng"]], "percent"
        if value is not None and _finite(value):
            mentions.append(_mention(text, start, end, value, kind, approximate))
    return mentions


def _slash(text: str, match: re.Match[str], top: str, over: str) -> list[NumberMention]:
    """1/3 as one fraction; 24/7 or 9/11, which are no fractions, as two numbers."""
    numerator, denominator = int(match[top]), int(match[over])
    if 0 < numerator < denominator:
        return [_mention(text, *match.span(), numerator / denominator, "fraction")]
    return [_mention(text, *match.span(part), float(match[part]), "number") for part in (top, over)]


def _zh_fraction(denominator: str, numerator: str) -> tuple[float | None, str]:
    """三分之一 -> 1/3 (``fraction``); 千分之五 -> 0.5 (``percent``, as 0.5% is written)."""
    over, top = _zh_value(denominator), _zh_value(numerator)
    if not over or top is None:
        return None, "fraction"
    if over == 1000:
        return top / 10, "percent"
    return top / over, "fraction"


# ---------------------------------------------------------------- English

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    "thousandth": 1000, "millionth": 1_000_000, "billionth": 1_000_000_000,
}
_DENOMINATORS = {
    "half": 2, "halves": 2, "thirds": 3, "quarter": 4, "quarters": 4, "fourths": 4, "fifths": 5,
    "sixths": 6, "sevenths": 7, "eighths": 8, "ninths": 9, "tenths": 10,
}
_SCALES = {
    "hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
_GROUPS = {"dozen": 12, "decade": 10, "decades": 10}
_LONE = frozenset([*_SCALES, "dozen", *_DENOMINATORS])
"""Words that are no number on their own, without ``a`` or a number before them."""
_TIMES = {"once": 1, "twice": 2, "thrice": 3}
_FOLD = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "hundred": 100, "thousand": 1000,
}
"""Multipliers written ``threefold`` (增长3倍)."""
_HALF_CUES = ("by", "than", "nearly", "almost", "about", "around", "roughly", "over", "under",
              "just", "exactly", "some", "fully")
"""Words after which ``half`` is the fraction (nearly half) rather than a part (the first half)."""
_HALF_AFTER_CUE = "|".join(rf"half\b(?<=\b{cue}\shalf)" for cue in _HALF_CUES)
_ABBREVIATED = {"mn": 1e6, "bn": 1e9, "tn": 1e12}
_ROUGH = {
    "tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000,
    "millions": 1e6, "billions": 1e9, "trillions": 1e12, "decades": 10, "teens": 10,
    "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
    "eighties": 80, "nineties": 90, "sexagenarian": 60, "septuagenarian": 70,
    "octogenarian": 80, "nonagenarian": 90, "century": 100,
}
"""Words that give an order of magnitude or an age bracket (approximate values)."""
_CENTURY = ("centenarian", "centenarians", "centenary", "centennial", "millennium", "millennia")
"""Words for a hundred or a thousand years (centenary, 百年; millennium, 千年)."""
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
_ROMAN = {"I": 1, "V": 5, "X": 10}

_WORD_NUMBER = "|".join(
    sorted(
        [*_UNITS, *_TENS, *_ORDINAL_WORDS, *_SCALES, *_GROUPS, *_DENOMINATORS],
        key=len, reverse=True,
    )
)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_FULL_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_PERCENT = r"\s*(?:%|％|\s(?:per\s?cent|percent)\b)"
_ODD = r"(?:-odd\b|\s+odd\b|-plus\b|\s+or\s+so\b)"
_SECTIONS = (
    "Phase", "Part", "Chapter", "Article", "Section", "Volume", "Grade", "Class", "Level", "Stage",
    "Category", "War", "Book", "Title", "Annex", "Type",
)
"""Words a Roman numeral follows (Phase II)."""


START_LETTERS = 5
"""Letters of each word that ``_starts`` tests: three let "for", "party" or "central" through
(as forty, Part and century), and a failed attempt of the whole pattern costs microseconds."""


def _starts(words: Iterable[str], sections: Iterable[str], counted: Iterable[str]) -> str:
    """A pattern for the first ``START_LETTERS`` letters of ``words``, a section word before a
    Roman numeral, or an article before one of the ``counted`` words, as a tree of alternatives
    (the regex engine tries alternatives one by one: a tree fails after the first letter that no
    word has there), after a class of the first letters: at most positions, the ends of words
    among them, that one test fails at once."""
    tree = _tree(words)
    for word in sections:
        node = tree
        for letter in word.lower():
            node = node.setdefault(letter, {})
        node.setdefault("", set()).add(r"\s+[ivx]")
    article = rf"an?\s+{_branches(_tree(counted))}"
    return f"(?=[\\d{''.join(sorted({*tree, 'a'}))}])(?=\\d|{article}|" + "|".join(
        first + _branches(child) for first, child in sorted(tree.items())
    ) + ")"


def _tree(words: Iterable[str]) -> dict[str, Any]:
    """The first ``START_LETTERS`` letters of ``words``, lower-cased, as nested letter -> node
    tables; a node's "" holds what may follow a word ending there ("": anything)."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for letter in word.lower()[:START_LETTERS]:
            node = node.setdefault(letter, {})
        node.setdefault("", set()).add("")
    return tree


def _branches(node: dict[str, Any]) -> str:
    """The pattern of a node of ``_tree``."""
    ends = node.get("", set())
    if "" in ends:
        return ""
    branches = [letter + _branches(child) for letter, child in sorted(node.items()) if letter]
    branches += sorted(ends)
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


_COUNTED = ("hundred", "thousand", "million", "billion", "trillion", "dozen", "decade")
"""Words an article counts (a hundred, a dozen)."""
_PARTS = ("third", "quarter", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
"""Parts an article counts before ``of`` (a third of)."""
_EN_START = _starts(
    [*_MONTHS, *_TIMES, "several", *_ROUGH, *_CENTURY, "century", *_FOLD, "half", *_UNITS,
     *_TENS, *_ORDINAL_WORDS, *_SCALES, *_GROUPS, *_DENOMINATORS],
    _SECTIONS, [*_COUNTED, *_PARTS, "few"],
)
"""What every alternative of ``_EN_PATTERN`` starts with: a digit, an article before a number
word (or ``few``: a few hundred), or the first letters of a month, number word or other cue."""
_EN_PATTERN = re.compile(
    # Every alternative starts at the start of a word with one of a few prefixes: testing that
    # first spares the regex engine trying each alternative at every other position.
    rf"\b{_EN_START}(?:"
    rf"(?P<mdy>\b(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>\d{{4}})\b)?)"
    rf"|(?P<dmy>\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})(?:,?\s+(?P<y2>\d{{4}})\b)?)"
    rf"|(?P<my>\b(?P<m3>{_MONTH})\s+(?:of\s+)?(?P<y3>\d{{4}})\b)"
    rf"|(?P<mayday>\bMay\s+(?:Day|Fourth)\b)"
    rf"|(?P<month>\b{_FULL_MONTH}\b)"
    rf"|(?P<ordd>\b\d+(?:st|nd|rd|th)\b)"
    rf"|(?P<eslash>(?<![\w.,/])(?P<es_top>\d{{1,3}})/(?P<es_over>\d{{1,3}})(?![\d/]))"
    rf"|(?P<digits>(?<![\w.,])(?:{_ARABIC})(?![\d]))"
    rf"(?P<dscale>(?:[\s-]+(?:hundred|thousand|million|billion|trillion)\b|\s?(?:bn|mn|tn)\b)*)"
    rf"(?P<dodd>'?s\b|{_ODD})?(?P<dpct>{_PERCENT})?"
    rf"|(?P<times>\b(?:once|twice|thrice)\b)"
    rf"|\b(?:{'|'.join(_SECTIONS)})\s+(?P<roman>[IVX]+)\b"
    rf"|(?P<rough>\b(?:(?:several|a\s+few)\s+(?:hundred|thousand|million|billion|dozen)"
    rf"|(?:tens(?=\s+of\b)|dozens|scores(?=\s+of\b)|hundreds|thousands|millions|billions"
    rf"|trillions|decades)(?:\s+of\s+(?:thousands|millions|billions))?"
    rf"|teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties"
    rf"|(?:sexa|septua|octo|nona)genarians?)\b)"
    rf"|(?P<century>\b(?:centenarians?|centenary|centennial|century-old|millenni(?:um|a)"
    rf"|century(?<=\ba[\s-]century)|century(?<=\bone\scentury)|century(?<=\bpast\scentury))\b)"
    rf"|(?P<fold>\b(?:{'|'.join(_FOLD)})-?fold\b)"
    rf"|(?P<half>\bhalf\s+an?\s+(?P<half_scale>million|billion|trillion|dozen|decade|century)\b"
    rf"|{_HALF_AFTER_CUE}"
    rf"|\bhalf(?=\s+of\b)(?<!first\shalf)(?<!second\shalf)(?<!latter\shalf)(?<!other\shalf)"
    rf"(?<!the\shalf))"
    rf"|(?P<words>\b(?:an?\s+(?=(?:{'|'.join(_COUNTED)})\b"
    rf"|(?:{'|'.join(_PARTS)})\s+of\b))?"
    rf"(?:{_WORD_NUMBER})(?:(?:\s+and\s+|[\s-]+)(?:{_WORD_NUMBER}))*\b)"
    rf"(?P<wodd>{_ODD})?(?P<wpct>{_PERCENT})?"
    rf")",
    re.IGNORECASE,
)
_MONTH_CUE = re.compile(
    r"(?:\b(?:in|of|by|since|until|till|from|to|through|during|early|late|mid|end|before"
    r"|after|between|last|next|this|each|every|and|or|on)\s+|\bmid-)$",
    re.IGNORECASE,
)
"""What comes before ``May`` or ``March`` when it names the month (by the end of May)."""

_TIME_SECOND = re.compile(r"\b(?:a|one|split|per|every)[\s-]$", re.IGNORECASE)
"""What comes before ``second`` when it is the unit of time (a second, split-second)."""
_OR_TWO = re.compile(r"\ban?\s+[a-z]+\s+or\s$", re.IGNORECASE)
"""What comes before ``two`` in "a day or two", "a word or two": a few, not two."""
_QUARTERS = re.compile(r"\bquarters$", re.IGNORECASE)
_PERIODS_BEFORE = re.compile(r"\b(?:first|last|past|next|previous|final|latter|recent)\s+$",
                             re.IGNORECASE)
_YEAR_AFTER = re.compile(r"\s+of\s+(?:(?:this|last|next|the)\s+(?:fiscal\s+)?year|\d{4})\b",
                         re.IGNORECASE)
"""What makes ``three quarters`` a count of a year's quarters ("the first three quarters",
"three quarters of 2022") rather than a fraction ("three quarters of the firms")."""
_EN_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")
_EN_NUMBER_WORDS = frozenset(
    [*_UNITS, *_TENS, *_ORDINAL_WORDS, *_SCALES, *_GROUPS, *_TIMES, *_CENTURY, *_ROUGH,
     *_DENOMINATORS, "sexagenarians", "septuagenarians", "octogenarians", "nonagenarians",
     *(month for month in _MONTHS if month not in ("may", "mar")),
     *(f"{word}fold" for word in _FOLD)]
)
"""Words without which (and without digits) an English text has no number (but see _EN_HINT)."""
_EN_HINT = re.compile(r"[MIVX](?:(?<=M)ay|(?<!\w[IVX])(?<=[IVX])[IVX]*\b(?<!\bI))")
"""The month May, which the lower-cased words cannot tell from the verb, or a Roman numeral:
``May|\b[IVX]+\b(?<!\bI)``, written to start with a class of characters, which the regex
engine finds much faster than it tries a pattern at every position."""


def _en_month(token: str) -> int | None:
    return _MONTHS.get(token.lower().rstrip("."))


def _word_class(word: str) -> tuple[str, float]:
    """The grammatical class of a number word and its value."""
    for table, name in (
        (_UNITS, "unit"), (_TENS, "tens"), (_SCALES, "scale"), (_GROUPS, "group"),
        (_DENOMINATORS, "denominator"),
    ):
        if word in table:
            if name == "scale" and word == "hundred":
                return "hundred", 100.0
            return name, float(table[word])
    value = float(_ORDINAL_WORDS.get(word, 0))
    if value >= 100:
        return "ordinal-scale", value
    return ("ordinal-unit" if value < 20 else "ordinal-tens"), value


_FOLLOWS = {
    "unit": {"hundred", "scale", "group", "ordinal-scale"},
    "tens": {"unit", "ordinal-unit", "scale", "hundred", "ordinal-scale"},
    "hundred": {"unit", "tens", "ordinal-unit", "ordinal-tens", "scale", "ordinal-scale"},
    "scale": {"unit", "tens", "hundred", "ordinal-unit", "ordinal-tens", "ordinal-scale"},
}
"""Which word class may continue a number after which (twenty-five, two hundred and five)."""


class _WordNumber:
    """One number being read from a run of number words."""

    __slots__ = (
        "article", "current", "end", "first", "fraction", "last", "ordinal", "start", "total",
    )

    def __init__(self, start: int, article: bool = False) -> None:
        self.start = self.end = start
        self.total = self.current = 0.0
        self.last = self.first = ""
        self.ordinal = self.fraction = False
        self.article = article

    def accepts(self, cls: str, value: float, joined_by_and: bool) -> bool:
        """Whether a word of class ``cls`` continues this number."""
        if not self.last:
            return True
        if joined_by_and:
            return self.last in ("hundred", "scale") and cls in ("unit", "tens", "ordinal-unit")
        if cls == "unit" and self.last == "tens":
            return value < 10
        if cls in ("ordinal-unit", "denominator") and self.last == "unit" and self.total == 0:
            return (value >= 3 or cls == "denominator") and self.current < 20
        if cls == "ordinal-unit" and self.last == "tens":
            return value < 10
        return cls in _FOLLOWS.get(self.last, set())

    def add(self, word: str, cls: str, value: float, end: int) -> None:
        """Read one more word."""
        self.first = self.first or word
        if self.last == "unit" and cls in ("ordinal-unit", "denominator"):
            self.current, self.fraction = self.current / value, True
        elif cls in ("unit", "tens", "ordinal-unit", "ordinal-tens"):
            self.current += value
        elif cls == "denominator":
            self.current, self.fraction = (self.current or 1.0) / value, True
        elif cls in ("hundred", "group", "ordinal-scale"):
            self.current = (self.current or 1.0) * value
        else:
            self.total += (self.current or 1.0) * value
            self.current = 0.0
        self.ordinal = cls.startswith("ordinal") and not self.fraction
        self.last, self.end = cls, end

    @property
    def value(self) -> float:
        """The number read so far."""
        return self.total + self.current

    @property
    def lone(self) -> bool:
        """A bare ``million``, ``dozen`` or ``quarter``: a word of the kind, not a number."""
        return not self.article and self.last == self.first_class and self.first in _LONE

    @property
    def first_class(self) -> str:
        return _word_class(self.first)[0] if self.first else ""


def _en_word_numbers(phrase: str) -> list[_WordNumber]:
    """The numbers in a run of number words: ``first four`` is 1 then 4, ``one third`` is 1/3."""
    numbers: list[_WordNumber] = []
    number: _WordNumber | None = None
    joined_by_and = False
    for found in _EN_WORD.finditer(phrase.lower()):
        word = found.group()
        if word in ("a", "an"):
            number = _WordNumber(found.start(), article=True)
            numbers.append(number)
            number.last = "article"
            continue
        if word == "and":
            joined_by_and = True
            continue
        cls, value = _word_class(word)
        if number is not None and number.last == "article":
            number.last = ""
            if cls == "ordinal-unit":
                cls = "denominator"
        if number is None or not number.accepts(cls, value, joined_by_and):
            number = _WordNumber(found.start())
            numbers.append(number)
        number.add(word, cls, value, found.end())
        joined_by_and = False
    return [n for n in numbers if n.first and not n.lone]


def _scale(words: str) -> float:
    factor = 1.0
    for word in _EN_WORD.findall(words.lower()):
        factor *= _SCALES.get(word) or _ABBREVIATED.get(word, 1)
    return factor


def _rough(phrase: str) -> float:
    """The order of magnitude of ``hundreds of thousands``, ``several million``, ``eighties``."""
    value = 1.0
    for word in _EN_WORD.findall(phrase.lower()):
        value *= float(_ROUGH.get(word.rstrip("s") if word.endswith("ians") else word, 0)
                       or _SCALES.get(word.rstrip("s"), 0) or _GROUPS.get(word, 0) or 1)
    return value


def _roman(token: str) -> float | None:
    """The value of an upper-case Roman numeral made of I, V and X (IV -> 4), or None."""
    if not token.isupper() or len(token) > 8:
        return None
    values = [_ROMAN[ch] for ch in token]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v
                for i, v in enumerate(values))
    return float(total) if total > 0 else None


_KEPT_EN: dict[str, tuple[NumberMention, ...]] = {}
"""Mentions of English texts found elsewhere (``keep_numbers_en``)."""


def keep_numbers_en(found: Iterable[tuple[str, tuple[NumberMention, ...]]]) -> None:
    """Have ``numbers_en`` return these (text, mentions) without reading the texts again: they
    were found by ``numbers_en`` in another process, say. The first ``CACHED_TEXTS`` are kept,
    in place of those kept before."""
    _keep(_KEPT_EN, found)


def numbers_en(text: str) -> tuple[NumberMention, ...]:
    """Every number in an English text, in order."""
    kept = _KEPT_EN.get(text)
    return kept if kept is not None else _read_numbers_en(text)


@lru_cache(maxsize=CACHED_TEXTS)
def _read_numbers_en(text: str) -> tuple[NumberMention, ...]:
    try:
        return tuple(_numbers_en(text))
    except (ValueError, OverflowError, ArithmeticError):
        return ()


def _en_words(text: str, match: re.Match[str]) -> list[NumberMention]:
    """The mentions in a run of number words; a percent sign or ``-odd`` goes with the last."""
    numbers = _en_word_numbers(match["words"])
    offset = match.start("words")
    mentions = []
    for number in numbers:
        start, end = offset + number.start, offset + number.end
        if number.first == "second" and _TIME_SECOND.search(text, max(0, start - 7), start):
            continue
        if number.first == "two" and _OR_TWO.search(text, max(0, start - 24), start):
            continue
        kind = "fraction" if number.fraction else "ordinal" if number.ordinal else "number"
        value = number.value
        if number.fraction and _QUARTERS.search(match["words"], 0, number.end) and (
                _PERIODS_BEFORE.search(text, max(0, start - 12), start)
                or _YEAR_AFTER.match(text, end)):
            kind, value = "number", value * 4
        approximate = False
        if number.end == len(match["words"]):
            end = match.end()
            kind = "percent" if match["wpct"] else kind
            approximate = bool(match["wodd"])
        if _finite(value):
            mentions.append(_mention(text, start, end, value, kind, approximate))
    return mentions


def _en_date(match: re.Match[str]) -> float | None:
    """The comparable value of a date: yyyymmdd, yyyymm, mmdd or mm for the parts present."""
    month = _en_month(match["m1"] or match["m2"] or match["m3"] or "")
    day_text = match["d1"] or match["d2"]
    year_text = match["y1"] or match["y2"] or match["y3"]
    day = int(day_text) if day_text else None
    if month is None or (day is not None and not 1 <= day <= 31):
        return None
    value = float(month if day is None else month * 100 + day)
    if year_text:
        value = int(year_text) * (100.0 if day is None else 10_000.0) + value
    return value


def _numbers_en(text: str) -> list[NumberMention]:
    normal = _halfwidth(text)
    if (
        not _DIGIT.search(normal)
        and _EN_NUMBER_WORDS.isdisjoint(_EN_WORD.findall(normal.lower()))
        and not _EN_HINT.search(normal)
    ):
        return []
    mentions: list[NumberMention] = []
    for match in _EN_PATTERN.finditer(normal):
        start, end = match.span()
        value: float | None = None
        kind, approximate = "number", False
        if match["mdy"] or match["dmy"] or match["my"]:
            value, kind = _en_date(match), "date"
        elif match["mayday"]:
            value, kind = (501.0 if match["mayday"].lower().endswith("day") else 504.0), "date"
        elif match["month"]:
            name = match["month"]
            cue = _MONTH_CUE.search(normal, max(0, start - 12), start)
            if name[0].isupper() and (name not in ("May", "March") or cue):
                value, kind = float(_MONTHS[name.lower()]), "date"
        elif match["ordd"]:
            value, kind = float(re.sub(r"\D", "", match["ordd"])), "ordinal"
        elif match["eslash"]:
            mentions.extend(_slash(text, match, "es_top", "es_over"))
        elif match["digits"]:
            value = float(match["digits"].replace(",", "")) * _scale(match["dscale"] or "")
            kind = "percent" if match["dpct"] else "number"
            approximate = bool(match["dodd"])
        elif match["times"]:
            value = float(_TIMES[match["times"].lower()])
        elif match["roman"]:
            value, kind = _roman(match["roman"]), "ordinal"
            start = match.start("roman")
        elif match["rough"]:
            value, approximate = _rough(match["rough"]), True
        elif match["century"]:
            value = 1000.0 if match["century"].lower().startswith("millenni") else 100.0
        elif match["fold"]:
            value = float(_FOLD[match["fold"].lower().removesuffix("fold").rstrip("-")])
        elif match["half"]:
            value, kind = 0.5, "fraction"
            if match["half_scale"]:
                value, kind = 0.5 * _rough(match["half_scale"]), "number"
        elif match["words"]:
            mentions.extend(_en_words(text, match))
        if value is not None and _finite(value):
            mentions.append(_mention(text, start, end, value, kind, approximate))
    return mentions


_VAGUE = re.compile(
    r"(?:tens|dozens|scores|hundreds|thousands|millions|billions|trillions|decades|several"
    r"|a\s+few)\b|[数几上成]",
    re.IGNORECASE,
)


def has_counterpart(mention: NumberMention, others: Iterable[NumberMention]) -> bool:
    """Whether ``mention`` needs no equal beyond ``others``: one of them is the same quantity
    (``same_quantity``), or it is only a vague multitude (hundreds of, 上万) that so often renders
    an idiom's 百 or 千 (百舸争流, hundreds of barges) that it is no evidence of a wrong number."""
    if mention.approximate and _VAGUE.match(mention.text):
        return True
    return any(same_quantity(mention, other) for other in others)


def same_quantity(a: NumberMention, b: NumberMention) -> bool:
    """Equal values; overlapping spans when either is approximate (50多万 is 500,000 up to
    600,000, so it meets "more than 500,000"); a fraction and its rounded percentage (一半, 50%);
    or two dates agreeing on the parts both give."""
    if a.value == b.value:
        return True
    if a.approximate or b.approximate:
        a_low, a_high = _bounds(a)
        b_low, b_high = _bounds(b)
        return a_low <= b_high and b_low <= a_high
    if {a.kind, b.kind} == {"fraction", "percent"}:
        share, percent = (a.value, b.value) if a.kind == "fraction" else (b.value, a.value)
        return abs(share * 100 - percent) < 0.5
    if a.kind == b.kind == "date":
        return all(x is None or y is None or x == y for x, y in zip(_date_parts(a.value),
                                                                     _date_parts(b.value),
                                                                     strict=True))
    return False


def _bounds(mention: NumberMention) -> tuple[float, float]:
    """The span a mention stands for: its value when exact; up to the next step of its last
    digit when approximate (八十多 -> 80 to 90); up to ten times when a vague multitude (数百)."""
    value = mention.value
    if not mention.approximate or value <= 0:
        return value, value
    if _VAGUE.match(mention.text):
        return value, value * 9.999
    step = 10.0 ** math.floor(math.log10(value))
    while step > 1e-6 and not math.isclose(value / step, round(value / step)):
        step /= 10
    return value, value + step * 0.999


def _date_parts(value: float) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of a date value, None for a part it does not give."""
    whole = int(value)
    if whole <= 12:
        return None, whole, None
    if whole <= 1231:
        return None, whole // 100, whole % 100
    if whole < 1_000_000:
        return whole // 100, whole % 100, None
    return whole // 10_000, whole // 100 % 100, whole % 100
