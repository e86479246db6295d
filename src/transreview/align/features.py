"""What the scorer knows about each sentence: dictionary words, lemmas, name keys, numbers.

Chinese sentences are cut into dictionary words by greedy longest matching (no external word
segmenter); each content word carries the English lemmas it may translate to. English sentences
become content lemmas, with the capitalised words also keyed for pinyin name matching. Pinyin keys
live in their own table, apart from English words, so 慢 "man" never matches the word "man".
"""

from __future__ import annotations

import operator
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import compress, count
from types import MappingProxyType
from typing import Any, TypeVar

import numpy as np

from transreview.align.english import STOP_WORDS, WORD, lemma
from transreview.align.lexicon import joined_widths, widths_by_pair
from transreview.model import Segment
from transreview.numbers import NumberMention, numbers_en, numbers_zh
from transreview.segment.codes import code_points

K = TypeVar("K")
V = TypeVar("V")

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

_HAN = "\u3400-\u9fff\uf900-\ufaff"
"""Han characters: a run is cut into dictionary words (which may reach past its end)."""
MAX_NAME_CHARS = 4
"""Longest run of Han characters tried as a romanised name."""
_ZH_MARKS = {
    "？": "?", "?": "?", "！": "!", "!": "!", "“": '"', "”": '"', "「": '"', "」": '"', "『": '"',
    "』": '"',
}
_ZH_TOKEN = re.compile(f"([{_HAN}]+)|([A-Za-z]+)|([{re.escape(''.join(_ZH_MARKS))}])")
"""What ``zh_cut`` reads: a run of Han characters, a run of Latin letters, or a mark."""
_EN_MARKS = {"?": "?", "!": "!", '"': '"', "“": '"', "”": '"'}
"""Question and exclamation marks: translators keep them, and dialogue is full of them."""
MARK_ORDER = tuple(dict.fromkeys(_EN_MARKS.values()))
"""The keys of the marks, in the order their bits are given."""
_MARK_INDEX = {char: MARK_ORDER.index(mark) for char, mark in _EN_MARKS.items()}
_QUOTE_INDEX = MARK_ORDER.index('"')
"""A single quote that opens or closes a word (``_EN_QUOTE``) counts as a double one."""
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
_NAME_ON = re.compile(r"[A-Z][a-z]+(?:['’][a-z]+)*-[a-z]")
"""A name that may run past the end of its word (``WORD`` stops at a hyphen, ``_NAME`` not)."""
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
    """Characters that carry content: everything except whitespace.

    In a printable text the only whitespace is the ASCII space (every other whitespace
    character is a separator or a control character), so counting spaces suffices there."""
    if text.isprintable():
        return len(text) - text.count(" ")
    return len("".join(text.split()))


_LENGTHS_KEPT: list[tuple[tuple[Segment, ...], list[int]]] = []
"""The last two segment tuples measured by ``content_lengths``, with their lengths."""


def content_lengths(segments: Sequence[Segment]) -> list[int]:
    """``content_length`` of each segment's text. The lengths of the last two tuples are kept, by
    identity: the aligner measures both sides, and the length-ratio rule then measures them again
    at the end of a run, when no other work is left to run beside it."""
    for kept, lengths in _LENGTHS_KEPT:
        if kept is segments:
            return lengths
    lengths = [content_length(segment.text) for segment in segments]
    if isinstance(segments, tuple):
        _LENGTHS_KEPT[:] = [*_LENGTHS_KEPT[-1:], (segments, lengths)]
    return lengths


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
        self.starts = _FirstUse(partial(_start_widths, widths, widths_by_pair(extra)))
        """First two characters -> the lengths of the dictionary words and terms starting with
        them, longest first (None: the first character is a word on its own). This table and
        ``known`` are filled on first use: a text reads the same few thousand pairs and pieces
        again and again, and small tables of them stay in the processor's cache."""
        self.known: _FirstUse[str, bool] = _FirstUse(
            lambda piece: piece in glosses or piece in extra)
        """Piece of text -> whether it is a dictionary word or a term."""
        self.pieces: dict[str, str] = {}
        """Word cut from the text -> the one string of it that all its cuts hold (``zh_cut``):
        a document's cuts share their strings, which a worker's cuts then pickle once each."""
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
        self.name_heads = _name_heads(pinyin, self.name_growth)
        """Finds the characters that may start a name of two syllables or more (a superset:
        the syllable after is checked again)."""
        self.name_pairs = _FirstUse(partial(_name_pair, pinyin, self.name_growth))
        """Two characters -> their key when a name grows through it, else ""."""
        self.single_keys = _FirstUse(partial(_single_keys, pinyin, self.single_names))
        """Content word -> the one-syllable name keys of its characters."""
        self.extra = extra
        self.memo: dict[str, frozenset[str]] = {}
        """Lemmas of the pieces looked up so far (``lemmas``)."""
        self.glossed = _FirstUse(self._glossed)
        """Piece of text -> ``_glossed`` of it: the parts of a piece (its characters above all)
        are parts of many others, so each one's gloss is read once."""
        self.translations: _FirstUse[str | frozenset[str], frozenset[str]] = _FirstUse(
            lambda unit: self.lemmas(unit) if isinstance(unit, str) else unit)
        """Unit of a ``ZhCut`` -> its lemmas: ``lemmas`` of a dictionary word, the unit itself
        otherwise (a Latin word, a mark or a number, already lemmas)."""
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
        found = self._kept(self.extra[piece]) if piece in self.extra else _NO_LEMMAS
        for inner in _inner(piece):
            if inner == piece or inner not in ZH_STOP:
                found |= self.glossed[inner]
        self.memo[piece] = found
        return found

    def _kept(self, lemmas: Iterable[str]) -> frozenset[str]:
        """The ``lemmas`` that the translation has (as its own strings)."""
        vocabulary = self.vocabulary
        return frozenset(map(vocabulary.__getitem__, vocabulary.keys() & lemmas))

    def _glossed(self, head: str) -> frozenset[str]:
        """``_kept`` of the lemmas of the dictionary word ``head`` (none for other text)."""
        gloss = self.glosses.get(head)
        return self._kept(gloss.split()) if gloss else _NO_LEMMAS

    def entries(
        self, pieces: Iterable[str], texts: Iterable[str],
    ) -> tuple[dict[str, str], dict[str, str]]:
        """The glosses ``lemmas`` reads for the ``pieces`` (the dictionary words of the
        ``texts``) and the pinyin the names of the ``texts`` read: ``ChineseWords`` of these
        alone find the same lemmas and names there, without loading the whole dictionary."""
        glosses = self.glosses
        found = {inner: glosses[inner] for piece in pieces for inner in _inner(piece)
                 if inner in glosses}
        pinyin = self.pinyin
        return found, {char: pinyin[char] for char in characters(texts) if char in pinyin}

    def name_starts(self, texts: Sequence[str]) -> list[list[int]]:
        """Per text of ``texts``, the positions where two characters start a name that grows
        through them (``name_pairs``), found for all texts at once.

        The characters' syllables are numbered and looked up with numpy in a table of code
        points, and each pair of syllables in a table of the pairs a name grows through: most
        characters that ``name_heads`` finds start no name, and a match object and a lookup of
        each costs more than these tables."""
        syllables = {syllable: number for number, syllable in
                     enumerate(dict.fromkeys(self.pinyin.values()))}
        none = len(syllables)  # the number of a character without a syllable
        grows = np.zeros((none + 1, none + 1), dtype=np.bool_)
        for stem, more in self.name_growth.items():
            if stem in syllables:
                grows[syllables[stem], [syllables[s] for s in more if s in syllables]] = True
        table = np.full(sys.maxunicode + 1, none, dtype=np.int32)
        table[list(map(ord, self.pinyin))] = list(map(syllables.__getitem__, self.pinyin.values()))
        syllable = table[code_points("".join(texts))]
        found = np.flatnonzero(grows.reshape(-1)[syllable[:-1] * (none + 1) + syllable[1:]])
        offsets = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum([len(text) for text in texts], out=offsets[1:])
        after = np.searchsorted(offsets, found, "right")  # where each start's text ends
        inside = found + 1 != offsets[after]
        found, after = found[inside], after[inside]
        bounds = np.searchsorted(found, offsets).tolist()
        local = (found - offsets[after - 1]).tolist()
        return [local[bounds[k] : bounds[k + 1]] for k in range(len(texts))]


def characters(texts: Iterable[str]) -> list[str]:
    """The distinct characters of ``texts``, in code point order.

    Marked in a table of every code point by numpy: a set of a document's characters costs a
    string object for each of its million characters."""
    seen = np.zeros(sys.maxunicode + 1, dtype=np.bool_)
    seen[code_points("".join(texts))] = True
    return list(map(chr, np.flatnonzero(seen).tolist()))


def _inner(piece: str) -> Iterator[str]:
    """Every substring of ``piece``."""
    for left in range(len(piece)):
        for right in range(left + 1, len(piece) + 1):
            yield piece[left:right]


_NO_LEMMAS: frozenset[str] = frozenset()
_NONE: Mapping[Any, int] = MappingProxyType({})
"""The empty table of every length-only sentence (read-only, so one serves all)."""


def lengths_only(
    zh_lengths: Iterable[int], en_lengths: Iterable[int],
) -> tuple[list[ZhSentence], list[EnSentence]]:
    """The features of the length-only mode for sentences of these content lengths: no words
    (either language). Sentences of one length share one (frozen) object: a long document has a
    few hundred lengths, and an object per sentence took 30 ms of the 0.3 s guide search of
    20,000 pairs (3 ms shared)."""
    zh_lengths, en_lengths = list(zh_lengths), list(en_lengths)
    zh_made = {length: ZhSentence(length, (), _NONE, _NONE) for length in set(zh_lengths)}
    en_made = {length: EnSentence(length, 0, _NONE, _NONE, _NONE) for length in set(en_lengths)}
    return list(map(zh_made.__getitem__, zh_lengths)), list(map(en_made.__getitem__, en_lengths))


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
    return ZhCut(*cut_fields(text, words))


CutFields = tuple[int, tuple[str | frozenset[str], ...], dict[float, int], tuple[int, ...],
                  tuple[int, ...]]
"""The fields of a ``ZhCut``, in order (what a worker sends: plain tuples pickle faster)."""


def cut_fields(text: str, words: ChineseWords) -> CutFields:
    """The fields of ``zh_cut`` of ``text``, each word the one string of it in ``words.pieces``.

    One search finds each run of Han characters or Latin letters and each mark, skipping the
    rest; the common pieces (a character starting no word, a word of two characters starting
    no longer one) are taken before the general longest match."""
    units: list[str | frozenset[str]] = []
    add = units.append
    share = words.pieces.setdefault
    owner: list[int] = [-1] * len(text)
    mark_unit: dict[str, int] = {}
    known, starts, search = words.known, words.starts, _ZH_TOKEN.search
    unit = 0  # len(units)
    position = 0
    while (token := search(text, position)) is not None:
        position, end = token.span()
        if token.lastindex == 1:  # a run of Han characters
            while position < end:
                pair = text[position : position + 2]
                sizes = starts[pair]
                if sizes is None:
                    piece = text[position]
                    if piece not in ZH_STOP:
                        owner[position] = unit
                        add(share(piece, piece))
                        unit += 1
                    position += 1
                    continue
                if sizes[0] == 2:
                    if pair not in ZH_STOP:
                        owner[position] = owner[position + 1] = unit
                        add(share(pair, pair))
                        unit += 1
                    position += 2
                    continue
                # a listed width of 2 is the pair itself, a word without a lookup; a width
                # past the end slices a shorter piece, a word only if its own width is
                # listed too: the longest match that fits all the same
                for width in sizes:
                    if width == 2:
                        piece = pair
                        break
                    piece = text[position : position + width]
                    if known[piece]:
                        break
                else:
                    piece = text[position]
                size = len(piece)
                if piece not in ZH_STOP:
                    owner[position : position + size] = [unit] * size
                    add(share(piece, piece))
                    unit += 1
                position += size
        elif token.lastindex == 2:  # Latin letters
            word = token[0]
            if word.lower() not in STOP_WORDS:
                owner[position:end] = [unit] * len(word)
                add(frozenset((lemma(word),)))
                unit += 1
            position = end
        else:
            mark = _ZH_MARKS[token[0]]
            if mark not in mark_unit:
                mark_unit[mark] = unit
                add(frozenset((mark,)))
                unit += 1
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
    return content_length(text), tuple(units), numbers, tuple(owner), tuple(numerals)


def zh_sentence_of(cut: ZhCut, text: str, words: ChineseWords) -> ZhSentence:
    """The sentence ``text``, cut as ``cut``, with the lemmas and names of the translation that
    ``words`` knows."""
    starts = _name_heads_of(text, words) if words.names else iter(())
    return _zh_sentence(
        words, text, starts, cut.length, cut.units, cut.numbers, cut.owner, cut.numerals
    )


def zh_sentences_of(
    rows: Iterable[tuple[Any, ...]], texts: Iterable[str], words: ChineseWords,
) -> list[ZhSentence]:
    """``zh_sentence_of`` of each sentence of ``texts``, its ``ZhCut`` given as the tuple of the
    cut's fields (as a worker sends it): no ``ZhCut`` is made, and the names' starts are found
    for all sentences at once (``ChineseWords.name_starts``)."""
    texts = list(texts)
    starts = words.name_starts(texts) if words.names else [[]] * len(texts)
    return [
        _zh_sentence(words, text, heads, *row)
        for row, text, heads in zip(rows, texts, starts, strict=True)
    ]


def _zh_sentence(
    words: ChineseWords, text: str, starts: Iterable[int], length: int,
    units: tuple[str | frozenset[str], ...], numbers: Mapping[float, int],
    owner: tuple[int, ...], numerals: tuple[int, ...],
) -> ZhSentence:
    """``zh_sentence_of`` of the fields of a ``ZhCut``, with positions of ``text`` where its
    names may start (``_zh_names``)."""
    translations = tuple(map(words.translations.__getitem__, units))
    names = _zh_names(text, starts, units, owner, numerals, words) if words.names else {}
    return ZhSentence(length, translations, names, numbers, owner)


def zh_sentence(text: str, words: ChineseWords) -> ZhSentence:
    """Analyse one Chinese sentence with the dictionary ``words``."""
    return zh_sentence_of(zh_cut(text, words), text, words)


class _FirstUse(dict[K, V]):
    """Key -> ``find(key)``, found on first use (a plain lookup, which ``map`` makes in one
    call); with ``limit``, all are forgotten at once when that many are kept."""

    def __init__(self, find: Callable[[K], V], limit: int | None = None) -> None:
        super().__init__()
        self.find, self.limit = find, limit

    def __missing__(self, key: K) -> V:
        if self.limit is not None and len(self) >= self.limit:
            self.clear()
        found = self[key] = self.find(key)
        return found


def _start_widths(
    widths: Mapping[str, tuple[int, ...]], terms: Mapping[str, tuple[int, ...]], pair: str,
) -> tuple[int, ...] | None:
    """The widths of ``pair`` in the dictionary's ``widths`` joined with those of the ``terms``
    (None: in neither)."""
    more = terms.get(pair)
    found = widths.get(pair)
    return joined_widths(more, found or ()) if more is not None else found


def _name_pair(pinyin: Mapping[str, str], growth: Mapping[str, frozenset[str]], pair: str) -> str:
    """The key (both syllables) of two characters when the second syllable grows a name from
    the first, else ""."""
    first, second = map(pinyin.get, pair)
    grows = first is not None and second in growth.get(first, ())
    return f"{first}{second}" if grows else ""


def _single_keys(
    pinyin: Mapping[str, str], singles: frozenset[str], unit: str | frozenset[str],
) -> tuple[str, ...]:
    """The one-syllable name keys of the characters of a content word (none for a unit that is
    not a dictionary word: a Latin word, a mark or a number)."""
    if not isinstance(unit, str) or not singles:
        return ()
    return tuple(dict.fromkeys(SINGLE + s for s in map(pinyin.get, unit) if s in singles))


def _name_heads(
    pinyin: Mapping[str, str], growth: Mapping[str, frozenset[str]],
) -> re.Pattern[str] | None:
    """A pattern for a character whose syllable a name grows from, followed by one whose
    syllable may grow some name (None: no name grows): most characters start no longer name,
    and the regex engine skips them faster than a test of each one's syllable."""
    heads = sorted(char for char, syllable in pinyin.items() if syllable in growth)
    after = frozenset().union(*(growth[pinyin[char]] for char in heads))
    follows = sorted(char for char, syllable in pinyin.items() if syllable in after)
    if not follows:
        return None
    return re.compile(f"[{re.escape(''.join(heads))}](?=[{re.escape(''.join(follows))}])")


def _name_heads_of(text: str, words: ChineseWords) -> Iterator[int]:
    """The positions in ``text`` that ``name_heads`` finds: where a name may start (a superset
    of those of ``name_starts``)."""
    if words.name_heads is None:
        return iter(())
    return map(_start, words.name_heads.finditer(text))


_start = operator.methodcaller("start")


def _zh_names(
    text: str, starts: Iterable[int], units: Sequence[str | frozenset[str]],
    owner: Sequence[int], numerals: Sequence[int], words: ChineseWords,
) -> dict[str, int]:
    """Pinyin key of a run of up to ``MAX_NAME_CHARS`` characters that is a name key of the
    translation -> bit mask of the words the run touches (characters that only a number's own
    word owns touch none); ``starts``: positions where a name may start, among them all those
    of ``ChineseWords.name_starts``; ``units``, ``owner`` and ``numerals``: those of its
    ``ZhCut``.

    A one-syllable key comes from the characters of a dictionary word, so it is found per
    word; a longer one is followed character by character from the pair of characters that
    starts it."""
    names: dict[str, int] = {}
    found = list(map(words.single_keys.__getitem__, units))
    for k in compress(count(), found):
        bit = 1 << k
        for key in found[k]:
            names[key] = names.get(key, 0) | bit
    pairs, wanted, growth, pinyin = words.name_pairs, words.names, words.name_growth, words.pinyin
    unnumbered = not numerals
    for start in starts:
        key = pairs[text[start : start + 2]]
        if not key:
            continue  # no name grows through the next character
        if not unnumbered:
            owner = list(owner)
            for offset in numerals:
                owner[offset] = -1
            unnumbered = True
        first, second = owner[start], owner[start + 1]
        mask = (1 << first if first >= 0 else 0) | (1 << second if second >= 0 else 0)
        end = start + 1
        while True:
            if mask and key in wanted:
                names[key] = names.get(key, 0) | mask
            end += 1
            if end == start + MAX_NAME_CHARS or end == len(text):
                break
            syllable = pinyin.get(text[end])
            if syllable is None or syllable not in growth.get(key, ()):
                break
            key += syllable
            if owner[end] >= 0:
                mask |= 1 << owner[end]
    return names


def _content_key(word: str) -> str | None:
    """The lemma of an English content word; None for a stop word or a single letter."""
    key = lemma(word)
    if word.lower() in STOP_WORDS or len(word) < 2 or key in STOP_WORDS:
        return None
    return key


MEMO_WORDS = 1 << 16
"""Distinct English words whose keys are kept."""
CONTENT_KEYS: _FirstUse[str, str] = _FirstUse(lambda word: _content_key(word) or "", MEMO_WORDS)
"""Word -> ``_content_key`` of it, "" for none."""
_BITS = tuple(1 << position for position in range(256))
"""The bit of each token position, for sentences of up to 256 tokens."""


@lru_cache(maxsize=1 << 15)
def _name_key(name: str) -> str:
    """A capitalised word as a name key: hyphens and apostrophes dropped, lower case."""
    return _NAME_NOISE.sub("", name).lower()


def _found_name(found: re.Match[str] | None) -> str | None:
    """The name key of a match of ``_NAME`` (None: no match)."""
    return None if found is None else _name_key(found[0])


WORD_NAMES: _FirstUse[str, str] = _FirstUse(
    lambda word: _found_name(_NAME.match(word)) or "", MEMO_WORDS)
"""Word -> the name key of the name ``_NAME`` finds at its start, "" for none."""


def en_sentence(text: str) -> EnSentence:
    """Analyse one English sentence.

    Its words are read with ``findall`` and keyed with ``map``, one call each; only the
    capitalised words are visited one by one, for their names."""
    words = WORD.findall(text)
    keys = list(map(CONTENT_KEYS.__getitem__, words))
    content = list(filter(None, keys))
    size = len(content)
    bits = _BITS if size <= len(_BITS) else [1 << position for position in range(size)]
    lemmas = dict(zip(content, bits, strict=False))
    if len(lemmas) < size:  # a lemma more than once: the bits of all its words
        lemmas = dict.fromkeys(lemmas, 0)
        for key, bit in zip(content, bits, strict=False):
            lemmas[key] |= bit
    content_words = list(compress(words, keys))
    if names_run_on([text]):
        found = run_on_names(text, keys, content_words)
    else:  # no name runs past the end of its word
        found = list(map(WORD_NAMES.__getitem__, content_words))
    names: dict[str, int] = {}
    for index in compress(count(), found):
        name, bit = found[index], bits[index]
        names[name] = names.get(name, 0) | bit
        if index or not keys[0]:  # not the first word of the sentence
            names[SINGLE + name] = names.get(SINGLE + name, 0) | bit
    for mark in mark_uses([text])[1].tolist():
        lemmas[MARK_ORDER[mark]] = 1 << size
        size += 1
    numbers: dict[float, int] = {}
    for value in number_values(numbers_en(text)):
        bit = 1 << size
        size += 1
        numbers[value] = numbers.get(value, 0) | bit
    return EnSentence(
        length=content_length(text), size=size, lemmas=lemmas, names=names, numbers=numbers,
    )


def names_run_on(texts: Sequence[str]) -> list[int]:
    """Which of ``texts`` have a name that may run past the end of its word (``run_on_names``),
    by index."""
    return [j for j, text in enumerate(texts) if "-" in text and _NAME_ON.search(text)]


def run_on_names(text: str, keys: Sequence[str], content_words: Sequence[str]) -> list[str]:
    """Per content word of ``text`` (``keys``: of all its words, "" for those left out), the
    name key that a scan of the whole text finds at the word, "" for none: a name starts at a
    capital, and one that starts before the word runs on (past a hyphen) into lower case
    only."""
    starts = compress([match.start() for match in WORD.finditer(text)], keys)
    return [
        _found_name(_NAME.match(text, start)) or "" if word < "a" else ""
        for word, start in zip(content_words, starts, strict=True)
    ]


def mark_uses(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(text, mark) of each mark the ``texts`` use, as indices into them and ``MARK_ORDER``,
    by text and mark. Each mark character is looked for in every text by ``in`` (a scan in C
    several times faster than a pattern's), the quote pattern only in the texts with quotes."""
    found = [(j, mark) for char, mark in _MARK_INDEX.items()
             for j, text in enumerate(texts) if char in text]
    quoted = {j for char in "'’‘" for j, text in enumerate(texts) if char in text}
    found += [(j, _QUOTE_INDEX) for j in quoted if _EN_QUOTE.search(texts[j])]
    code = np.array([j * len(MARK_ORDER) + mark for j, mark in found], dtype=np.int64)
    code.sort()
    used = code[np.append(True, code[1:] != code[:-1])] if len(code) else code
    return used // len(MARK_ORDER), used % len(MARK_ORDER)


def number_values(mentions: Iterable[NumberMention]) -> list[float]:
    """The values of the numbers ``mentions`` of an English text that count as evidence, in
    order (one bit each, after the marks')."""
    return [mention.value for mention in mentions if mention.value not in _WEAK_NUMBERS]
