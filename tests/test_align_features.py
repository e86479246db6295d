"""Chinese sentence features against a plain reference: longest dictionary match at every
position (trying every width) and every run of up to four syllables as a name key."""

from __future__ import annotations

import re
from dataclasses import astuple
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.align import _term_lexicon, _words
from transreview.align.english import STOP_WORDS, WORD, lemma
from transreview.align.features import (
    _EN_MARKS,
    _EN_QUOTE,
    _NAME,
    MARK_ORDER,
    MAX_NAME_CHARS,
    SINGLE,
    ZH_STOP,
    ChineseWords,
    EnSentence,
    _content_key,
    _name_key,
    characters,
    content_length,
    content_lengths,
    en_sentence,
    lengths_only,
    zh_cut,
    zh_sentence,
    zh_sentence_of,
    zh_sentences_of,
)
from transreview.align.lexicon import widths_by_pair
from transreview.align.links import EnglishLinks
from transreview.model import Segment
from transreview.numbers import numbers_en

ROOT = Path(__file__).resolve().parents[1]
LONGEST = 40
"""Longer than any dictionary word or glossary term used here."""


def reference_words(text: str, words: ChineseWords) -> tuple[list[frozenset[str]], list[int]]:
    """(translations, owner) by trying every width at every Han character."""
    translations: list[frozenset[str]] = []
    owner = [-1] * len(text)
    marks: dict[str, int] = {}
    position = 0
    while position < len(text):
        char = text[position]
        if "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff":
            size = next(
                (width for width in range(min(LONGEST, len(text) - position), 1, -1)
                 if text[position : position + width] in words.glosses
                 or text[position : position + width] in words.extra),
                1,
            )
            piece = text[position : position + size]
            if piece not in ZH_STOP:
                for k in range(position, position + size):
                    owner[k] = len(translations)
                translations.append(words.lemmas(piece))
            position += size
            continue
        if char.isascii() and char.isalpha():
            end = position
            while end < len(text) and text[end].isascii() and text[end].isalpha():
                end += 1
            word = text[position:end]
            if word.lower() not in STOP_WORDS:
                for k in range(position, end):
                    owner[k] = len(translations)
                translations.append(frozenset((lemma(word),)))
            position = end
            continue
        mark = {"？": "?", "?": "?", "！": "!", "!": "!", "“": '"', "”": '"', "「": '"', "」": '"',
                "『": '"', "』": '"'}.get(char)
        if mark is not None:
            if mark not in marks:
                marks[mark] = len(translations)
                translations.append(frozenset((mark,)))
            owner[position] = marks[mark]
        position += 1
    return translations, owner


def reference_names(text: str, owner: list[int], words: ChineseWords) -> dict[str, int]:
    names: dict[str, int] = {}
    for start in range(len(text)):
        for end in range(start, min(start + MAX_NAME_CHARS, len(text))):
            run = text[start : end + 1]
            if any(char not in words.pinyin for char in run):
                break
            key = "".join(words.pinyin[char] for char in run)
            mask = 0
            for k in range(start, end + 1):
                if owner[k] >= 0:
                    mask |= 1 << owner[k]
            stored = key if end > start else SINGLE + key
            if mask and stored in words.names:
                names[stored] = names.get(stored, 0) | mask
    return names


def assert_like_reference(text: str, words: ChineseWords) -> None:
    found = zh_sentence(text, words)
    translations, owner = reference_words(text, words)
    assert found.translations[: len(translations)] == tuple(translations), text
    assert all(unit == -1 or fast == unit for fast, unit in zip(found.owner, owner, strict=True))
    assert found.names == reference_names(text, owner, words), text


ENGLISH = [
    "Wang Xiaoming met Li Xian at the Bund in Xi'an.", "Zhang Wei and Chen Qingyang.",
    "Karaoke OK in Shanghai Pudong, Huangpu River, Yangtze River Delta.", "Lu Xun wrote it.",
    "Zhang San and Wang De met Chen Yi, Chenyi and Yisan.",
]
TERMS = [("外滩", "the Bund"), ("上海中心大厦", "Shanghai Tower"), ("卡拉OK", "karaoke")]
PIECES = ["王小明", "李", "西安", "外滩", "上海", "中心", "大厦", "卡拉", "OK", "浦东", "黄浦江",
          "长江三角洲", "鲁迅", "写", "的", "，", "“", "？", "一不做", "二不休", "张伟", "陈清扬",
          "A",
          "1", "中华人民共和国", "国", "张三", "王", "德", "陈", "一", "三", "十"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join))
def test_generated_sentences_match_the_reference(text: str) -> None:
    english = [en_sentence(sentence) for sentence in ENGLISH]
    links = EnglishLinks.of_sentences(english)
    assert_like_reference(text, _words(_term_lexicon(TERMS), links.lemmas(), links.names()))


def test_names_over_stop_words_and_numbers_match_the_reference() -> None:
    """Runs through a stop word (王的德) and a numeral no word owns (一 of 陈一二三)."""
    english = [en_sentence(sentence) for sentence in ENGLISH]
    links = EnglishLinks.of_sentences(english)
    words = _words(_term_lexicon(TERMS), links.lemmas(), links.names())
    for text in ("陈一二三", "陈一三岁", "王的德", "张三王德", "一陈一", "陈", "李西安西安"):
        assert_like_reference(text, words)
    river = EnglishLinks.of_sentences([en_sentence("River")])  # a name no syllable grows into
    for text in ("", "日", "河"):
        assert_like_reference(text, _words({}, river.lemmas(), river.names()))


def test_demo_corpus_matches_the_reference() -> None:
    corpus = ROOT / "corpora" / "shanghai"
    english = [en_sentence(line) for line in
               (corpus / "en.txt").read_text(encoding="utf-8").splitlines()]
    links = EnglishLinks.of_sentences(english)
    words = _words(_term_lexicon(TERMS), links.lemmas(), links.names())
    for line in (corpus / "zh.txt").read_text(encoding="utf-8").splitlines():
        assert_like_reference(line, words)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=20).map("".join), max_size=8))
def test_sentences_of_rows_are_those_of_cuts(texts: list[str]) -> None:
    """``zh_sentences_of`` (a ``ZhCut``'s fields as a tuple, names found for all sentences at
    once) equals ``zh_sentence_of``, the order of the names included (the link index keeps it);
    after the demo corpus, names cut at a sentence's end and empty sentences."""
    english = [en_sentence(sentence) for sentence in ENGLISH]
    links = EnglishLinks.of_sentences(english)
    words = _words(_term_lexicon(TERMS), links.lemmas(), links.names())
    demo = (ROOT / "corpora" / "shanghai" / "zh.txt").read_text(encoding="utf-8").splitlines()
    texts = [*demo, "陈", "清扬", "", "王小", "明", "", "王", "小明王", *texts]
    cuts = [zh_cut(text, words) for text in texts]
    found = zh_sentences_of([astuple(cut) for cut in cuts], texts, words)
    expected = [zh_sentence_of(cut, text, words) for cut, text in zip(cuts, texts, strict=True)]
    assert found == expected
    assert [list(s.names) for s in found] == [list(s.names) for s in expected]


QUOTE = re.compile(r"(?:^|[\s(—–-])['‘]\w|\w[.,!?—–-]?['’](?:\s|$)")
"""A single quote opening or closing a word, written plainly (the match starts before it)."""


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="ab1_é 中\n\t('‘’.,!?—–-\"", max_size=12))
def test_quote_pattern_finds_what_the_plain_pattern_finds(text: str) -> None:
    assert bool(_EN_QUOTE.search(text)) == bool(QUOTE.search(text))


HAN = "上海中心大厦卡拉"
"""Few characters, so that generated words share their first two characters."""


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.text(HAN, min_size=1, max_size=6), st.sampled_from(["sea", "centre"]),
                    max_size=12),
    st.dictionaries(st.text(HAN + "OK 1", min_size=1, max_size=6),
                    st.just(frozenset({"term"})), max_size=6),
    st.text(HAN + "OK 1，", max_size=24),
)
def test_small_dictionaries_cut_like_the_reference(
    glosses: dict[str, str], extra: dict[str, frozenset[str]], text: str,
) -> None:
    words = ChineseWords(glosses, {}, widths_by_pair(glosses), extra, ("sea", "centre", "term"))
    assert_like_reference(text, words)


def reference_lemmas(piece: str, words: ChineseWords) -> frozenset[str]:
    """The lemmas of ``piece``: those of its term and of every dictionary word inside it (a stop
    word only as the whole piece), kept to the translation's."""
    parts = set(words.extra.get(piece, ()))
    for left in range(len(piece)):
        for right in range(left + 1, len(piece) + 1):
            inner = piece[left:right]
            if inner == piece or inner not in ZH_STOP:
                parts.update(words.glosses.get(inner, "").split())
    return frozenset(parts & words.vocabulary.keys())


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.text("上海的了中心", min_size=1, max_size=4),
                    st.lists(st.sampled_from(["sea", "up", "centre", "of", "heart"]), min_size=1,
                             max_size=3).map(" ".join), max_size=12),
    st.dictionaries(st.text("上海的了中心", min_size=1, max_size=4),
                    st.frozensets(st.sampled_from(["term", "sea", "other"])), max_size=4),
    st.lists(st.text("上海的了中心", min_size=1, max_size=5), max_size=12),
)
def test_lemmas_are_those_of_the_words_inside(
    glosses: dict[str, str], extra: dict[str, frozenset[str]], pieces: list[str],
) -> None:
    """Asked in any order and again: each part's kept gloss is read once and shared."""
    words = ChineseWords(glosses, {}, widths_by_pair(glosses), extra, ("sea", "centre", "term"))
    for piece in pieces + pieces[::-1]:
        assert words.lemmas(piece) == reference_lemmas(piece, words), piece


def reference_en_names(text: str) -> dict[str, int]:
    """The name keys of ``en_sentence``, from the names a scan of the whole text finds."""
    scanned = {match.start(): match[0] for match in _NAME.finditer(text)}
    names: dict[str, int] = {}
    size = 0
    for position, word in enumerate(WORD.finditer(text)):
        if _content_key(word[0]) is None:
            continue
        bit = 1 << size
        size += 1
        if word.start() in scanned:
            name = _name_key(scanned[word.start()])
            names[name] = names.get(name, 0) | bit
            if position > 0:
                names[SINGLE + name] = names.get(SINGLE + name, 0) | bit
    return names


NAME_PIECES = ["Jean", "-", "Pierre", "pierre", "O", "'", "’", "Brien", "McDonald", "the", "Li",
               "Xi'an", "d'Artagnan", " ", ". ", "Wang", "xiao", "Ming", "A", "é", "1"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(NAME_PIECES), max_size=12).map("".join)
       | st.text(alphabet="aZbQ-'’ .é1", max_size=16))
def test_english_names_are_those_a_scan_finds(text: str) -> None:
    assert en_sentence(text).names == reference_en_names(text), text


def reference_en_sentence(text: str) -> EnSentence:
    """``en_sentence`` read word by word: each content word's bit, then the marks, then the
    numbers."""
    lemmas: dict[str, int] = {}
    size = 0
    for word in WORD.finditer(text):
        key = _content_key(word[0])
        if key is not None:
            lemmas[key] = lemmas.get(key, 0) | 1 << size
            size += 1
    marks = {_EN_MARKS[char] for char in text if char in _EN_MARKS}
    if QUOTE.search(text):
        marks.add('"')
    for mark in MARK_ORDER:
        if mark in marks:
            lemmas[mark] = 1 << size
            size += 1
    numbers: dict[float, int] = {}
    for mention in numbers_en(text):
        if mention.value not in (0.0, 1.0):
            numbers[mention.value] = numbers.get(mention.value, 0) | 1 << size
            size += 1
    return EnSentence(len("".join(text.split())), size, lemmas, reference_en_names(text), numbers)


EN_PIECES = ["Wang", "-", "fu", "the", "The", "study", "studies", "studied", "?", "!", '"', "“",
             "'", "’", " ", " ", " ", ". ", "Jean", "Pierre", "O'Brien", "Xi'an", "2", "five",
             "May", "1990", "McDonald", "é", "\t", "\u3000", "中", "a", "I", "it's", "Li"]


def assert_like_reference_en(text: str) -> None:
    found, expected = en_sentence(text), reference_en_sentence(text)
    assert found == expected, text
    assert list(found.lemmas) == list(expected.lemmas), text


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(EN_PIECES), max_size=40).map("".join))
def test_english_sentences_match_the_reference(text: str) -> None:
    assert_like_reference_en(text)


def test_long_english_sentences_match_the_reference() -> None:
    """Past 256 content words, and with words repeated."""
    distinct = [chr(97 + k % 26) + chr(97 + k // 26 % 26) + "x" for k in range(300)]
    assert_like_reference_en(" ".join(distinct) + "?")
    assert_like_reference_en(" ".join(distinct + distinct[::7]) + " Wang Li-fu.")
    assert_like_reference_en("Study studies studied Wang wang WANG, Wang-fu Wang.")


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=20) | st.text(alphabet=" \t\n\xa0\u3000\u2028a中\x1f", max_size=20))
def test_content_length_counts_what_split_keeps(text: str) -> None:
    assert content_length(text) == len("".join(text.split()))


def test_content_lengths_are_kept_for_the_last_two_tuples_only() -> None:
    """The aligner and the length-ratio rule measure the same two tuples: the rule reads the
    aligner's lengths; another tuple, a list, or a tuple older than the last two is measured."""
    texts = ["一二 三", "a  b\tc", "", "上海\u3000浦东"]
    first = tuple(Segment(k, 0, len(t), t, 0) for k, t in enumerate(texts))
    second = tuple(Segment(k, 0, len(t), t[::-1] + "x", 0) for k, t in enumerate(texts))
    third = first[:2]
    kept = content_lengths(first)
    assert kept == [content_length(t) for t in texts] == [3, 3, 0, 4]
    assert content_lengths(second) == [content_length(t) + 1 for t in texts]
    assert content_lengths(first) is kept
    assert content_lengths(third) == [3, 3]
    assert content_lengths(second) == [4, 4, 1, 5]
    again = content_lengths(first)
    assert again == kept and again is not kept
    listed = list(first)
    assert content_lengths(listed) is not content_lengths(listed)


def test_length_only_features_carry_their_lengths_and_nothing_else() -> None:
    zh, en = lengths_only([3, 5, 3], (7, 7, 1, 0))
    assert [(s.length, s.translations, dict(s.names), dict(s.numbers)) for s in zh] == [
        (3, (), {}, {}), (5, (), {}, {}), (3, (), {}, {})]
    assert [(s.length, s.size, dict(s.lemmas), dict(s.names), dict(s.numbers))
            for s in en] == [(7, 0, {}, {}, {}), (7, 0, {}, {}, {}), (1, 0, {}, {}, {}),
                             (0, 0, {}, {}, {})]


def test_printable_whitespace_is_the_space_alone() -> None:
    """Why ``content_length`` counts only spaces in a printable text."""
    assert [chr(code) for code in range(0x110000)
            if chr(code).isspace() and chr(code).isprintable()] == [" "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(max_size=12) | st.text(alphabet="a中\ud800\U0001f600\x00\n", max_size=8),
                max_size=6))
def test_characters_are_those_a_set_finds(texts: list[str]) -> None:
    """Astral characters, lone surrogates and NUL included."""
    assert characters(texts) == sorted(set().union(*texts))
