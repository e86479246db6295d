"""Numbers in Chinese and English text, normalised to comparable values.

In: any string. Out: ``NumberMention`` records with character offsets into that string and a value
that is the same in both languages: 2500万 == 25 million == 25,000,000; 4.32万亿 == 4.32 trillion;
百分之三十 == 30% == thirty per cent (value 30, kind ``percent``); 第19届 == 19th == nineteenth
(kind ``ordinal``); 5次 == five times (value 5); dates as the digits of the parts present, year
month day -> yyyymmdd, year month -> yyyymm, month day -> mmdd (kind ``date``). Never raises.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = ["NumberMention", "numbers_en", "numbers_zh"]


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
    """``number``, ``percent``, ``ordinal``, ``date`` or ``year`` (a year alone, Chinese 年)."""


_LIMIT = 1e300
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")

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
_CN = f"[{_ZH_NUMERAL_CHARS}]"
_CN_START = f"[{''.join(_ZH_DIGITS)}{''.join(_ZH_TENS)}十拾]"
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ZH_NUM = (
    rf"(?:{_ARABIC})(?:[多余]?[万亿千百]+)?"
    rf"|{_CN_START}{_CN}*(?:[多余][万亿]+|点[{''.join(_ZH_DIGITS)}]+[万亿]*)?"
)
_FINANCIAL = frozenset("壹贰叁肆伍陆柒捌玖拾佰仟")
"""Numerals of cheques and contracts; alone they are ordinary characters (陆家嘴, 伍 a surname)."""

_ZH_PATTERN = re.compile(
    rf"(?P<date>(?:(?P<y>\d{{2,4}}|[{''.join(_ZH_DIGITS)}]{{2,4}})年)?"
    rf"(?:(?P<m>\d{{1,2}}|[{_ZH_NUMERAL_CHARS}]{{1,3}})月)"
    rf"(?:(?P<d>\d{{1,2}}|[{_ZH_NUMERAL_CHARS}]{{1,3}})[日号])?)"
    rf"|(?P<year>(?:\d{{4}}|[{''.join(_ZH_DIGITS)}]{{4}})(?=年))"
    rf"|百分之(?P<pct_cn>{_ZH_NUM})"
    rf"|(?P<ord>第)(?P<ord_num>{_ZH_NUM})"
    rf"|(?P<num>{_ZH_NUM})(?P<pct>\s*[%％])?"
)

_ZH_ANY = re.compile(rf"\d|{_CN}")
"""Any digit or numeral character: text without one has no number (a fast first test)."""

_ZH_IDIOMS = (
    "一样", "一起", "一直", "一些", "一切", "一般", "一定", "一向", "一旦", "一再", "一度",
    "一致", "一边", "一面", "一时", "一阵", "一同", "一齐", "一律", "一概", "统一", "唯一", "万一",
    "一一", "十分", "万分", "千万", "万万", "一下", "一点", "一会", "一番", "一生",
)
"""Words made of numeral characters that are not numbers ("likewise", "together", "very")."""


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
            section = (section + current + digit) * 10_000 if (current or digit or section) else 0
            current = digit = 0
        elif ch == "亿":
            total += (section + current + digit) * 100_000_000
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
    """The value of one Chinese-number token: Arabic, Chinese numerals, or both (4.32万亿).

    An approximation (50多万, 73.4万余) counts as its round part.
    """
    token = token.strip().replace("多", "").replace("余", "")
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


def _mention(text: str, start: int, end: int, value: float, kind: str) -> NumberMention:
    """A mention whose value is rounded to 15 significant digits (so 4.32 x 1e12 is exact)."""
    return NumberMention(start, end, text[start:end], float(f"{value:.15g}"), kind)


def _idiom_at(text: str, start: int, end: int) -> bool:
    """Whether the numeral run at ``start:end`` is part of a non-numeric word such as 一起."""
    for idiom in _ZH_IDIOMS:
        for offset in range(len(idiom)):
            left = start - offset
            if left >= 0 and text.startswith(idiom, left) and left < end:
                if idiom == "十分" and text.startswith("钟", left + 2):
                    continue
                return True
    return False


def _zh_date_part(token: str | None) -> int | None:
    if not token:
        return None
    value = _zh_value(token)
    return int(value) if _finite(value) and value is not None else None


def numbers_zh(text: str) -> list[NumberMention]:
    """Every number in a Chinese text, in order."""
    try:
        return _numbers_zh(text)
    except (ValueError, OverflowError, ArithmeticError):
        return []


def _numbers_zh(text: str) -> list[NumberMention]:
    normal = text.translate(_FULLWIDTH)
    if not _ZH_ANY.search(normal):
        return []
    mentions: list[NumberMention] = []
    for match in _ZH_PATTERN.finditer(normal):
        start, end = match.span()
        value: float | None
        if match.group("date"):
            year = _zh_date_part(match.group("y"))
            month = _zh_date_part(match.group("m"))
            day = _zh_date_part(match.group("d"))
            if month is None or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                continue
            value = float(month if day is None else month * 100 + day)
            if year is not None:
                value = year * (100.0 if day is None else 10_000.0) + value
            kind = "date"
        elif match.group("year"):
            value, kind = _zh_value(match.group("year")), "year"
        elif match.group("pct_cn"):
            value, kind = _zh_value(match.group("pct_cn")), "percent"
        elif match.group("ord"):
            value, kind = _zh_value(match.group("ord_num")), "ordinal"
        else:
            if _idiom_at(normal, start, end) or (end - start == 1 and normal[start] in _FINANCIAL):
                continue
            value = _zh_value(match.group("num"))
            kind = "percent" if match.group("pct") else "number"
        if value is not None and _finite(value):
            mentions.append(_mention(text, start, end, value, kind))
    return mentions


# ---------------------------------------------------------------- English

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    "thousandth": 1000,
}
_SCALES = {
    "hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
_TIMES = {"once": 1, "twice": 2, "thrice": 3}
_DECADES = {
    "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
    "eighties": 80, "nineties": 90,
}
"""Decades of life ("in his eighties" = 八十多岁), counted as their round number."""
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}

_WORD_NUMBER = "|".join(
    sorted([*_UNITS, *_ORDINAL_WORDS, *_SCALES, *_DECADES], key=len, reverse=True)
)
_MONTH_ONLY = (
    r"(?-i:January|February|March|April|June|July|August|September|October|November|December)"
    r"|" + "|".join(rf"(?<=\b{cue} )(?-i:May)" for cue in ("in", "of", "by", "to", "since",
                                                           "until", "early", "late", "mid"))
)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_PERCENT = r"\s*(?:%|％|\s(?:per\s?cent|percent)\b)"
_EN_PATTERN = re.compile(
    rf"(?P<mdy>\b(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>\d{{4}})\b)?)"
    rf"|(?P<dmy>\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})(?:,?\s+(?P<y2>\d{{4}})\b)?)"
    rf"|(?P<my>\b(?P<m3>{_MONTH})\s+(?:of\s+)?(?P<y3>\d{{4}})\b)"
    rf"|(?P<mo>\b(?:{_MONTH_ONLY})\b)"
    rf"|(?P<ordd>\b\d+(?:st|nd|rd|th)\b)"
    rf"|(?P<digits>(?<![\w.,])(?:{_ARABIC})(?![\d]))"
    rf"(?P<dscale>(?:[\s-]+(?:hundred|thousand|million|billion|trillion)\b)*)(?P<dpct>{_PERCENT})?"
    rf"|(?P<times>\b(?:once|twice|thrice)\b)"
    rf"|(?P<words>\b(?:an?\s+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b))?"
    rf"(?:{_WORD_NUMBER})(?:(?:\s+and\s+|[\s-]+)(?:{_WORD_NUMBER}))*\b)(?P<wpct>{_PERCENT})?",
    re.IGNORECASE,
)


_EN_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")
_EN_NUMBER_WORDS = frozenset(
    [*_UNITS, *_ORDINAL_WORDS, *_SCALES, *_TIMES, *_DECADES, *_MONTHS]
)
"""Words without which (and without digits) an English text has no number."""


def _en_month(token: str) -> int | None:
    return _MONTHS.get(token.lower().rstrip("."))


def _en_words(phrase: str) -> tuple[float, bool] | None:
    """The value of a phrase of number words, and whether it ends with an ordinal word."""
    words = re.findall(r"[a-z]+", phrase.lower())
    total = current = 0.0
    seen = ordinal = False
    for word in words:
        if word in ("a", "an", "and"):
            if word != "and":
                current = max(current, 1.0)
            continue
        ordinal = False
        if word in _DECADES:
            current += _DECADES[word]
        elif word in _UNITS:
            if word == "dozen":
                current = (current or 1.0) * 12
            else:
                current += _UNITS[word]
        elif word in _ORDINAL_WORDS:
            current += _ORDINAL_WORDS[word]
            ordinal = True
        elif word == "hundred":
            current = (current or 1.0) * 100
        elif word in _SCALES:
            total += (current or 1.0) * _SCALES[word]
            current = 0.0
        else:
            return None
        seen = True
    if not seen:
        return None
    return total + current, ordinal


def _scale(words: str) -> float:
    factor = 1.0
    for word in re.findall(r"[a-z]+", words.lower()):
        factor *= _SCALES.get(word, 1)
    return factor


def numbers_en(text: str) -> list[NumberMention]:
    """Every number in an English text, in order."""
    try:
        return _numbers_en(text)
    except (ValueError, OverflowError, ArithmeticError):
        return []


def _numbers_en(text: str) -> list[NumberMention]:
    normal = text.translate(_FULLWIDTH)
    if not _DIGIT.search(normal) and _EN_NUMBER_WORDS.isdisjoint(
        _EN_WORD.findall(normal.lower())
    ):
        return []
    mentions: list[NumberMention] = []
    for match in _EN_PATTERN.finditer(normal):
        start, end = match.span()
        value: float | None = None
        kind = "number"
        if match.group("mdy") or match.group("dmy") or match.group("my"):
            month = _en_month(match.group("m1") or match.group("m2") or match.group("m3") or "")
            day_text = match.group("d1") or match.group("d2")
            year_text = match.group("y1") or match.group("y2") or match.group("y3")
            day = int(day_text) if day_text else None
            if month is None or (day is not None and not 1 <= day <= 31):
                continue
            value = float(month if day is None else month * 100 + day)
            if year_text:
                value = int(year_text) * (100.0 if day is None else 10_000.0) + value
            kind = "date"
        elif match.group("mo"):
            value, kind = float(_MONTHS[match.group("mo").lower()]), "date"
        elif match.group("ordd"):
            value, kind = float(re.sub(r"\D", "", match.group("ordd"))), "ordinal"
        elif match.group("digits"):
            value = float(match.group("digits").replace(",", "")) * _scale(
                match.group("dscale") or ""
            )
            kind = "percent" if match.group("dpct") else "number"
        elif match.group("times"):
            value = float(_TIMES[match.group("times").lower()])
        elif match.group("words"):
            mentions.extend(_word_mentions(text, match))
            continue
        if value is not None and _finite(value):
            mentions.append(_mention(text, start, end, value, kind))
    return mentions


def _word_mentions(text: str, match: re.Match[str]) -> list[NumberMention]:
    """The numbers of a run of number words; an ordinal ends one ("first four": 1st, then 4)."""
    out: list[NumberMention] = []
    start = match.start("words")
    pieces = list(re.finditer(r"[A-Za-z]+", match.group("words")))
    head = 0
    for k, piece in enumerate(pieces):
        last = k == len(pieces) - 1
        if not last and piece.group().lower() not in _ORDINAL_WORDS:
            continue
        first = pieces[head].start()
        end = match.end() if last and match.group("wpct") else start + piece.end()
        parsed = _en_words(match.group("words")[first : piece.end()])
        head = k + 1
        if parsed is None or not _finite(parsed[0]):
            continue
        value, is_ordinal = parsed
        kind = "percent" if last and match.group("wpct") else "ordinal" if is_ordinal else "number"
        out.append(_mention(text, start + first, end, value, kind))
    return out
