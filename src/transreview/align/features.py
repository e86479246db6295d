"""What the scorer knows about each sentence: dictionary words, lemmas, name keys, numbers.

Chinese sentences are cut into dictionary words by greedy longest matching (no external word
segmenter); each content word carries the English lemmas it may translate to. English sentences
become content lemmas, with the capitalised words also keyed for pinyin name matching. Pinyin keys
live in their own table, apart from English words, so 慢 "man" never matches the word "man".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any, cast

from transreview.align.english import STOP_WORDS, WORD, lemma
from transreview.align.lexicon import widths_by_pair
from transreview.numbers import numbers_en, numbers_zh

ZH_STOP = frozenset(
    (
        "的", "了", "着", "过", "地", "得", "是", "在", "和", "与", "及", "并", "也", "都", "就",
        "才", "把", "被", "让", "给", "对", "从", "向", "于", "以", "为", "吗", "呢", "吧", "啊",
        "呀", "嘛", "哦", "之", "而", "其", "这", "那", "此", "个", "些", "么", "我", "你", "他",
        "她", "它", "们", "咱", "您", "不", "没", "有", "又", "还", "再", "很", "太", "更", "最",
        "一", "这个", "那个", "这样", "那样", "什么", "怎么", "自己", "就是", "但", "但是", "可",
        "可是", "却", "所以", "因为", "如果", "虽然", "已经", "将", "会", "能", "要", "我们",
        "你们", "他们", "她们", "它们", "这些", "那些", "这里", "那里", "这么", "那么", "一个",
        "还是", "或", "或者", "而且", "并且", "只", "只是", "便",
    )
)
"""Chinese function words: left out of coverage, like English stop words."""

_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
"""Han characters: a run is cut into dictionary words (which may reach past its end)."""
_LATIN_RUN = re.compile(r"[A-Za-z]+")
MAX_NAME_CHARS = 4
"""Longest run of Han characters tried as a romanised name."""
_ZH_MARKS = {
    "？": "?", "?": "?", "！": "!", "!": "!", "“": '"', "”": '"', "「": '"', "」": '"', "『": '"',
    "』": '"',
}
_EN_MARKS = {"?": "?", "!": "!", '"': '"', "“": '"', "”": '"'}
"""Question and exclamation marks: translators keep them, and dialogue is full of them."""
_EN_QUOTE = re.compile(
    r"['‘’](?:(?<=^['‘])(?=\w)|(?<=[\s(—–-]['‘])(?=\w)"
    r"|(?<=\w['’])(?=\s|$)|(?<=\w[.,!?—–-]['’])(?=\s|$))"
)
"""A single quote opening a word or closing one (not an apostrophe inside a word). The match
starts at the quote, its context checked around it, so the scan skips to quote characters."""
SINGLE = "1:"
"""Prefix of one-syllable name keys: matched only by capitalised words inside a sentence."""
_NAME = re.compile(r"[A-Z][a-z]+(?:[-'’][a-z]+)*")
_NAME_NOISE = re.compile(r"[-'’]")
_WEAK_NUMBERS = frozenset((0.0, 1.0))
"""Values too common in both languages (一 in 一个, "a") to say anything about alignment."""


@dataclass(frozen=True, slots=True)
class ZhSentence:
    """A Chinese sentence as evidence."""

    length: int
    """Content characters (for the length model)."""
    translations: tuple[frozenset[str], ...]
    """Per content word: the English lemmas it may translate to (empty when unknown)."""
    names: Mapping[str, int]
    """Pinyin key of a run of characters -> bit mask of the content words it touches."""
    numbers: Mapping[float, int]
    """Number value -> bit mask of the content words it touches (numbers count as words)."""
    owner: tuple[int, ...] = ()
    """Per character, the index of the content word it belongs to (-1 for none)."""


@dataclass(frozen=True, slots=True)
class EnSentence:
    """An English sentence as evidence."""

    length: int
    """Content characters (for the length model)."""
    size: int
    """Number of content tokens."""
    lemmas: Mapping[str, int]
    """Lemma -> bit mask of the token positions that have it."""
    names: Mapping[str, int]
    """Lower-cased capitalised word (hyphens dropped) -> bit mask of its positions."""
    numbers: Mapping[float, int]
    """Number value -> bit mask of its positions."""


def content_length(text: str) -> int:
    """Characters that carry content: everything except whitespace."""
    return len("".join(text.split()))


class ChineseWords:
    """Dictionary words for Chinese text: the longest match at a position, with its lemmas.

    ``lemmas`` and ``names``: the lemmas and name keys of the translation (``EnSentence``).

    A word's lemmas include those of the dictionary words inside it (留下来: 留, 下来), because
    translators often render the parts. Lookups are memoised for the document being aligned.
    """

    def __init__(
        self, glosses: Mapping[str, str], pinyin: Mapping[str, str],
        widths: Mapping[str, tuple[int, ...]],
        extra: Mapping[str, frozenset[str]], lemmas: Iterable[str] = (),
        names: Iterable[str] = (),
    ) -> None:
        self.glosses = glosses
        self.pinyin = pinyin
        self.vocabulary = {key: key for key in lemmas}
        """English lemmas of the translation (each its own canonical string): a Chinese word
        keeps only those, as shared strings, to save memory."""
        self.names = frozenset(names)
        """Name keys of the translation: the only romanisations worth keeping."""
        self.widths = widths_by_pair(extra, widths) if extra else widths
        """First two characters -> the lengths of the dictionary words and terms starting with
        them, longest first (none: the first character is a word on its own)."""
        syllables = frozenset(pinyin.values())
        growth: dict[str, set[str]] = {}
        for name in self.names:
            if not name.startswith(SINGLE):
                for cut in range(1, len(name)):
                    growth.setdefault(name[:cut], set()).update(
                        name[cut:end] for end in range(cut + 1, len(name) + 1)
                        if name[cut:end] in syllables
                    )
        self.name_growth = {stem: frozenset(more) for stem, more in growth.items() if more}
        """Proper prefix of a multi-syllable name key -> the syllables that extend it into a
        longer prefix or a whole key: a romanisation grows into a name only through them."""
        self.single_names = frozenset(
            name.removeprefix(SINGLE) for name in self.names if name.startswith(SINGLE)
        )
        """The one-syllable name keys, without their prefix."""
        self.name_starts = self.single_names | self.name_growth.keys()
        """Syllables a name can start with (a run starting elsewhere finds no name)."""
        self.extra = extra
        self.memo: dict[str, frozenset[str]] = {}
        """Lemmas of the pieces looked up so far (``lemmas``)."""
        self._unions: dict[tuple[frozenset[str], frozenset[str]], frozenset[str]] = {}

    def merge(self, base: frozenset[str], learnt: frozenset[str]) -> frozenset[str]:
        """``base | learnt``, shared between the sentences that need the same union."""
        key = (base, learnt)
        found = self._unions.get(key)
        if found is None:
            found = self._unions[key] = base | learnt
        return found

    def lemmas(self, piece: str) -> frozenset[str]:
        """The English lemmas of ``piece`` and of the dictionary words inside it."""
        found = self.memo.get(piece)
        if found is not None:
            return found
        parts = set(self.extra.get(piece, ()))
        for left in range(len(piece)):
            for right in range(left + 1, len(piece) + 1):
                inner = piece[left:right]
                gloss = self.glosses.get(inner)
                if gloss and (inner == piece or inner not in ZH_STOP):
                    parts.update(gloss.split())
        vocabulary = self.vocabulary
        found = frozenset(vocabulary[part] for part in parts if part in vocabulary)
        self.memo[piece] = found
        return found


_NONE: Mapping[Any, int] = MappingProxyType({})
"""The empty table of every length-only sentence (read-only, so one serves all)."""


def lengths_only(
    zh_lengths: Iterable[int], en_lengths: Iterable[int],
) -> tuple[list[ZhSentence], list[EnSentence]]:
    """The features of the length-only mode for sentences of these content lengths: no words
    (either language)."""
    return (
        [ZhSentence(length, (), _NONE, _NONE) for length in zh_lengths],
        [EnSentence(length, 0, _NONE, _NONE, _NONE) for length in en_lengths],
    )


def with_overlay(
    sentence: ZhSentence, spans: Sequence[tuple[int, int, str]],
    learnt: Mapping[str, frozenset[str]], words: ChineseWords,
) -> ZhSentence:
    """``sentence`` with the lemmas ``learnt`` for the units of its ``spans`` (start, end, unit)
    added to the words those spans touch."""
    translations = list(sentence.translations)
    owner, merge = sentence.owner, words.merge
    for start, end, unit in spans:
        lemmas = learnt[unit]
        if end - start == 1:
            word = owner[start]
            if word >= 0:
                translations[word] = merge(translations[word], lemmas)
            continue
        for word in set(owner[start:end]):
            if word >= 0:
                translations[word] = merge(translations[word], lemmas)
    return ZhSentence(
        sentence.length, tuple(translations), sentence.names, sentence.numbers, sentence.owner
    )


@dataclass(frozen=True, slots=True)
class ZhCut:
    """A Chinese sentence cut into content words: what ``zh_sentence`` finds that needs nothing
    of the translation (another process can cut sentences while this one waits for it)."""

    length: int
    """Content characters (for the length model)."""
    units: tuple[str | frozenset[str], ...]
    """Per content word: the dictionary word (its lemmas are looked up once the translation is
    known), or the lemmas of a Latin word, a mark or a number."""
    numbers: Mapping[float, int]
    """Number value -> bit mask of the content words it touches."""
    owner: tuple[int, ...]
    """Per character, the index of the content word it belongs to (-1 for none)."""
    numerals: tuple[int, ...]
    """Positions that only a number's own word owns (names do not count them)."""


def zh_cut(text: str, words: ChineseWords) -> ZhCut:
    """Cut one Chinese sentence into the dictionary words of ``words`` (whose lemmas and names
    of the translation are not read)."""
    units: list[str | frozenset[str]] = []
    owner: list[int] = [-1] * len(text)
    mark_unit: dict[str, int] = {}
    extra, glosses, widths = words.extra, words.glosses, words.widths
    length = len(text)
    position = 0
    while position < length:
        run = _HAN_RUN.match(text, position)
        if run:
            end = run.end()
            while position < end:
                pair = text[position : position + 2]
                sizes = widths.get(pair)
                if sizes is None:
                    piece = text[position]
                else:
                    # a listed width of 2 is the pair itself, a word without a lookup; a width
                    # past the end slices a shorter piece, a word only if its own width is
                    # listed too: the longest match that fits all the same
                    for width in sizes:
                        if width == 2:
                            piece = pair
                            break
                        piece = text[position : position + width]
                        if piece in glosses or piece in extra:
                            break
                    else:
                        piece = text[position]
                if piece not in ZH_STOP:
                    if len(piece) == 1:
                        owner[position] = len(units)
                    else:
                        owner[position : position + len(piece)] = [len(units)] * len(piece)
                    units.append(piece)
                position += len(piece)
            continue
        latin = _LATIN_RUN.match(text, position)
        if latin:
            word = latin.group()
            if word.lower() not in STOP_WORDS:
                key = lemma(word)
                owner[position : latin.end()] = [len(units)] * len(word)
                units.append(frozenset((key,)))
            position = latin.end()
            continue
        mark = _ZH_MARKS.get(text[position])
        if mark is not None:
            if mark not in mark_unit:
                mark_unit[mark] = len(units)
                units.append(frozenset((mark,)))
            owner[position] = mark_unit[mark]
        position += 1
    numbers: dict[float, int] = {}
    numerals: list[int] = []
    for mention in numbers_zh(text):
        if mention.value in _WEAK_NUMBERS:
            continue
        mask = 0
        for offset in range(mention.start, mention.end):
            if owner[offset] < 0:
                owner[offset] = len(units)
                numerals.append(offset)
                units.append(frozenset())
            mask |= 1 << owner[offset]
        numbers[mention.value] = numbers.get(mention.value, 0) | mask
    return ZhCut(content_length(text), tuple(units), numbers, tuple(owner), tuple(numerals))


def zh_sentence_of(cut: ZhCut, text: str, words: ChineseWords) -> ZhSentence:
    """The sentence ``text``, cut as ``cut``, with the lemmas and names of the translation that
    ``words`` knows."""
    memo, lemmas = words.memo, words.lemmas
    translations = tuple([
        unit if not isinstance(unit, str)
        else found if (found := memo.get(unit)) is not None else lemmas(unit)
        for unit in cut.units
    ])
    names: dict[str, int] = {}
    if words.names:
        owner: Sequence[int] = cut.owner
        if cut.numerals:
            unnumbered = list(owner)
            for offset in cut.numerals:
                unnumbered[offset] = -1
            owner = unnumbered
        names = _zh_names(text, owner, words)
    return ZhSentence(
        length=cut.length, translations=translations, names=names, numbers=cut.numbers,
        owner=cut.owner,
    )


def zh_sentence(text: str, words: ChineseWords) -> ZhSentence:
    """Analyse one Chinese sentence with the dictionary ``words``."""
    return zh_sentence_of(zh_cut(text, words), text, words)


def _zh_names(text: str, owner: Sequence[int], words: ChineseWords) -> dict[str, int]:
    """Pinyin key of a run of up to ``MAX_NAME_CHARS`` characters that is a name key of the
    translation -> bit mask of the words the run touches."""
    names: dict[str, int] = {}
    wanted, growth, singles = words.names, words.name_growth, words.single_names
    syllables = list(map(words.pinyin.get, text))
    starts = itertools.compress(itertools.count(), map(words.name_starts.__contains__, syllables))
    syllables.append(None)  # after the last character: extends no name
    nothing: frozenset[str] = frozenset()
    for start in starts:
        first = cast(str, syllables[start])  # name_starts holds only syllables
        mask = 1 << owner[start] if owner[start] >= 0 else 0
        if mask and first in singles:
            names[SINGLE + first] = names.get(SINGLE + first, 0) | mask
        if syllables[start + 1] not in growth.get(first, nothing):
            continue  # most runs: the loop below would stop at its first step
        key = first
        for end in range(start + 1, min(start + MAX_NAME_CHARS, len(text))):
            syllable = syllables[end]
            if syllable not in growth.get(key, nothing):
                break
            key += syllable
            if owner[end] >= 0:
                mask |= 1 << owner[end]
            if mask and key in wanted:
                names[key] = names.get(key, 0) | mask
    return names


@lru_cache(maxsize=1 << 15)
def _content_key(word: str) -> str | None:
    """The lemma of an English content word; None for a stop word or a single letter."""
    key = lemma(word)
    if word.lower() in STOP_WORDS or len(word) < 2 or key in STOP_WORDS:
        return None
    return key


@lru_cache(maxsize=1 << 15)
def _name_key(name: str) -> str:
    """A capitalised word as a name key: hyphens and apostrophes dropped, lower case."""
    return _NAME_NOISE.sub("", name).lower()


def en_sentence(text: str) -> EnSentence:
    """Analyse one English sentence."""
    lemmas: dict[str, int] = {}
    names: dict[str, int] = {}
    numbers: dict[float, int] = {}
    size = 0
    for position, match in enumerate(WORD.finditer(text)):
        word = match[0]
        key = _content_key(word)
        if key is None:
            continue
        bit = 1 << size
        size += 1
        lemmas[key] = lemmas.get(key, 0) | bit
        # the name a scan of the whole text finds at the word: a name starts at a capital, and
        # one that starts before the word runs on (past a hyphen) into lower case only
        found = _NAME.match(text, match.start()) if word[0].isupper() else None
        if found is not None:
            name = _name_key(found[0])
            names[name] = names.get(name, 0) | bit
            if position > 0:
                names[SINGLE + name] = names.get(SINGLE + name, 0) | bit
    marks = {_EN_MARKS[char] for char in set(text) & _EN_MARKS.keys()}
    if _EN_QUOTE.search(text):
        marks.add('"')
    for mark in marks:
        lemmas[mark] = 1 << size
        size += 1
    for mention in numbers_en(text):
        if mention.value in _WEAK_NUMBERS:
            continue
        bit = 1 << size
        size += 1
        numbers[mention.value] = numbers.get(mention.value, 0) | bit
    return EnSentence(
        length=content_length(text), size=size, lemmas=lemmas, names=names, numbers=numbers,
    )
