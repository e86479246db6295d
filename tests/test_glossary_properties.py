"""Property: the compiled matcher finds exactly what one regular expression per rendering would,
after the same longest-match-wins selection."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from transreview.glossary import (
    _APOSTROPHES,
    _BULK_CHARS,
    _ENDING_STARTS,
    _WHITESPACE,
    Glossary,
    _greedy,
    _is_word,
    _prepare,
    _width_fold,
    normalize_term,
    same_length_lower,
)
from transreview.model import Term
from transreview.segment.codes import code_points

WORDS = ["zone", "Zone", "free", "trade", "pilot", "city", "cities", "expo", "box", "boxes",
         "the", "of", "ozone", "trader", "Pilot", "FREE", "ZONES", "BOXES", "CITIES", "ZONE"]
SEPARATORS = [" ", "  ", "\n", ", ", "-", "'s ", "’s ", "s' ", ". ", "\r\n", "\x0b", "\x0c ",
              "\xa0", "'S ", "S ", "ES "]
PHRASES = ["zone", "free trade", "free trade zone", "pilot free trade zone", "city", "expo",
           "box", "trade zone", "the city", "of the"]


def reference(renderings: list[str], text: str) -> list[tuple[int, int]]:
    """Spans by one regex per rendering, then longest first, leftmost first, no overlaps."""
    spans: set[tuple[int, int]] = set()
    for rendering in renderings:
        words = rendering.split()
        last = words[-1]
        endings = r"(?:es'|es’|'s|’s|s'|s’|es|s)?"
        stems = [re.escape(last) + endings]
        if len(last) > 1 and last.endswith("y") and last[-2] not in "aeiou":
            stems.append(re.escape(last[:-1]) + r"(?:ies'|ies’|ies)")
        body = r"\s+".join(map(re.escape, words[:-1]) if len(words) > 1 else [])
        tail = "(?:" + "|".join(stems) + ")"
        pattern = (r"(?<!\w)" + (body + r"\s+" if body else "") + tail + r"(?!\w)")
        for match in re.finditer(pattern, text, re.IGNORECASE):
            spans.add(match.span())
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(end <= other[0] or other[1] <= start for other in chosen):
            chosen.append((start, end))
    return sorted(chosen)


@settings(max_examples=300, deadline=None)
@given(
    renderings=st.lists(st.sampled_from(PHRASES), min_size=1, max_size=5, unique=True),
    tokens=st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)),
                    max_size=30),
)
@example(renderings=["free trade"], tokens=[("free", "\x0b"), ("trade", "\x0c ")])
def test_matcher_agrees_with_one_regex_per_rendering(renderings: list[str],
                                                     tokens: list[tuple[str, str]]) -> None:
    text = "".join(word + separator for word, separator in tokens)
    glossary = Glossary.from_terms([Term(zh="", en=(r,)) for r in renderings])
    found = glossary.find_en(text)
    assert [(m.start, m.end) for m in found] == reference(renderings, text)
    for match in found:
        assert match.kind == "approved"
        assert text[match.start:match.end].strip() == text[match.start:match.end]


TRAPS = ["zoned", "freedom", "citywide", "theft", "pilots", "Zone's", "of-the", "expos"]
"""Words that hold a rendering without being it, or hold it with an ending."""


def naive_greedy(spans: list[tuple[int, int]]) -> list[int]:
    """Indices kept by longest-match-wins, one candidate at a time (the definition)."""
    kept: list[int] = []
    for index in sorted(range(len(spans)),
                        key=lambda i: (spans[i][0] - spans[i][1], spans[i][0], i)):
        start, end = spans[index]
        if all(end <= spans[k][0] or spans[k][1] <= start for k in kept):
            kept.append(index)
    return sorted(kept)


@settings(max_examples=300, deadline=None)
@given(
    raw=st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=60),
    rounds=st.sampled_from([0, 1, 2, 8]),
)
def test_bulk_choice_is_longest_match_wins(raw: list[tuple[int, int]], rounds: int) -> None:
    """The numpy rounds (and the one-by-one rest after ``rounds``) keep what the definition
    keeps, for candidates in the matcher's order (start, longest first; equal spans, as of two
    renderings, in glossary order)."""
    spans = sorted([(start, start + length) for start, length in raw],
                   key=lambda s: (s[0], -s[1]))
    starts = np.array([s for s, _ in spans], dtype=np.int64)
    ends = np.array([e for _, e in spans], dtype=np.int64)
    assert _greedy(starts, ends, rounds).tolist() == naive_greedy(spans)
    wanted = np.array([start % 3 == 0 for start, _ in spans], dtype=bool)
    some = set(_greedy(starts, ends, rounds, wanted).tolist())
    assert {i for i in naive_greedy(spans) if wanted[i]} <= some <= set(naive_greedy(spans))


@settings(max_examples=200, deadline=None)
@given(
    renderings=st.lists(st.sampled_from(PHRASES), min_size=1, max_size=5, unique=True),
    forbidden=st.lists(st.sampled_from(PHRASES), max_size=3, unique=True),
    tokens=st.lists(st.tuples(st.sampled_from(WORDS + TRAPS), st.sampled_from(SEPARATORS)),
                    min_size=1, max_size=40),
)
def test_long_texts_match_as_short_ones(renderings: list[str], forbidden: list[str],
                                        tokens: list[tuple[str, str]]) -> None:
    """A text long enough for the numpy path finds what the hit-by-hit path finds in its
    pieces, and ``forbidden_only`` keeps exactly the forbidden ones."""
    piece = "".join(word + separator for word, separator in tokens) + ".\n"
    glossary = Glossary.from_terms(
        [Term(zh="", en=(r,)) for r in renderings]
        + [Term(zh="", en=(f"{f} approved",), forbidden=(f,)) for f in forbidden
           if f not in renderings])
    copies = _BULK_CHARS // len(piece) + 1
    found = glossary.find_en(piece * copies)
    one = glossary.find_en(piece)
    assert found == [m._replace(start=m.start + k * len(piece), end=m.end + k * len(piece))
                     for k in range(copies) for m in one]
    assert glossary.find_en(piece * copies, forbidden_only=True) == [
        m for m in found if m.kind == "forbidden"]


PREPARED = ["a", "Z", " ", "  ", "\n", "\r\n", "\t", "\x0b", "\x0c", "\xa0", "\u2028", "\u3000",
            "’", "ʼ", "'", "—", "É", "İ", "Σ", "ß", "ǅ", "x", "s"]
"""Pieces of texts for ``_prepare``: ASCII and other whitespace, caseless and cased non-ASCII
characters (one whose lower form is longer, one whose lower form depends on its neighbours),
apostrophes."""


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(PREPARED), max_size=40), long=st.booleans())
def test_prepared_text_is_the_collapsed_folded_text(pieces: list[str], long: bool) -> None:
    """``_prepare`` (its byte-wise path for caseless text, and the pair test of long texts)
    agrees with mapping whitespace, cutting runs, ``same_length_lower`` and reading
    typographic apostrophes as ``'`` done one by one."""
    text = "".join(pieces)
    if long:
        text = (text + "w ") * (_BULK_CHARS // (len(text) + 2) + 1)
    spaced = text.translate(_WHITESPACE)
    kept = [i for i, char in enumerate(spaced) if not (char == " " and spaced[i - 1 : i] == " ")]
    collapsed = "".join(spaced[i] for i in kept)
    original, folded, offsets = _prepare(text)
    assert folded == same_length_lower(collapsed).translate(_APOSTROPHES)
    assert original.translate(_WHITESPACE) == collapsed
    mapped = list(range(len(collapsed))) if offsets is None else [
        offsets.original(i) for i in range(len(collapsed))]
    assert mapped == kept
    if offsets is not None:
        assert offsets.originals(np.arange(len(collapsed))).tolist() == kept


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(
    "ａＡ１，。（）！浦东 a…㎡ﬁ\u3000\u0301é€½İ\U0001d400\ud800"), max_size=30), bulk=st.booleans())
def test_width_fold_folds_one_character_at_a_time(text: str, bulk: bool) -> None:
    """Each character becomes its NFKC form where that is one character (in a text long enough
    to be folded in bulk, too)."""
    if bulk:
        text *= _BULK_CHARS // max(len(text), 1) + 1
    expected = "".join(folded if len(folded := unicodedata.normalize("NFKC", char)) == 1
                       else char for char in text)
    assert _width_fold(text) == (text if unicodedata.is_normalized("NFKC", text) else expected)


@given(text=st.text(alphabet=st.sampled_from("ab ’—浦\U0001f600\U00020000"), max_size=20))
def test_codes_are_the_code_points(text: str) -> None:
    """From UTF-16 or, with characters past the BMP, UTF-32."""
    assert code_points(text).tolist() == [ord(char) for char in text]


def test_lower_case_keeps_what_the_matcher_reads_of_a_character() -> None:
    """The numpy path reads boundaries in the text as written, the automaton's hits being in
    its lower-case form: that form is a word character exactly where the text is, and begins an
    ending only where the text has one of those or ``S`` or ``E``."""
    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    lowered = same_length_lower(every)
    assert [c for c, low in zip(every, lowered, strict=True) if _is_word(c) != _is_word(low)
            ] == []
    assert sorted({c for c, low in zip(every, lowered, strict=True) if low in "se'’"}) == [
        "'", "E", "S", "e", "s", "’"]


def test_long_text_past_the_bmp_matches_as_short_ones() -> None:
    piece = "\U0001f600 free trade zone’s \U00020000zone, Free Trade.\n"
    glossary = Glossary.from_terms([Term(zh="", en=("free trade zone", "zone"),
                                         forbidden=("free trade",))])
    copies = _BULK_CHARS // len(piece) + 1
    one = glossary.find_en(piece)
    assert [(m.start, m.end, m.kind) for m in one] == [(2, 19, "approved"), (27, 37, "forbidden")]
    assert glossary.find_en(piece * copies) == [
        m._replace(start=m.start + k * len(piece), end=m.end + k * len(piece))
        for k in range(copies) for m in one]


@given(text=st.lists(st.sampled_from([*PREPARED, "ﬁ", "Ａ", "\x1f", "\u2003"]), max_size=20).map(
    "".join) | st.text(max_size=20))
def test_normalized_terms_hold_no_other_whitespace(text: str) -> None:
    """NFKC (skipped for ASCII, which it leaves alone) with whitespace runs collapsed and
    typographic apostrophes read as ``'`` leaves no whitespace character but single spaces, so
    the matcher need not map its keys' whitespace."""
    normalized = normalize_term(text)
    assert normalized == " ".join(unicodedata.normalize("NFKC", text).split()).translate(
        _APOSTROPHES)
    assert normalized.translate(_WHITESPACE) == normalized


def test_ending_table_marks_the_characters_that_begin_an_ending() -> None:
    codes = np.arange(0x10000)
    marked = _ENDING_STARTS[np.minimum(codes, len(_ENDING_STARTS) - 1)]
    assert [chr(c) for c in np.flatnonzero(marked).tolist()] == ["'", "E", "S", "e", "s", "’"]


ZH_TERMS = ["浦东", "浦东新区", "新区", "东新", "上海", "上海市", "海市", "ＡＩ", "ai", "区"]
ZH_PIECES = ["浦东", "新区", "上海", "市", "东", "ＡＩ", "Ai", "，", "。", "的", "区"]


@settings(max_examples=200, deadline=None)
@given(terms=st.lists(st.sampled_from(ZH_TERMS), min_size=1, max_size=7, unique=True),
       pieces=st.lists(st.sampled_from(ZH_PIECES), min_size=1, max_size=12))
def test_long_chinese_texts_match_as_short_ones(terms: list[str], pieces: list[str]) -> None:
    """A Chinese text long enough for the numpy choice finds what the hit-by-hit choice finds
    in its pieces (overlapping terms, width folds)."""
    glossary = Glossary.from_terms([Term(zh=zh, en=(f"term {n}",)) for n, zh in enumerate(terms)])
    piece = "".join(pieces) + "\n"
    copies = _BULK_CHARS // len(piece) + 1
    one = glossary.find_zh(piece)
    assert glossary.find_zh(piece * copies) == [
        (start + k * len(piece), end + k * len(piece), row)
        for k in range(copies) for start, end, row in one]
