"""duplicate-segment's one-pass normal forms, its word spans and its decider agree with the plain
rule: words searched segment by segment, eight min-hash bands per short paragraph."""

from __future__ import annotations

import re
import zlib

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from transreview.checks import CheckContext
from transreview.checks import duplicate as rule_module
from transreview.checks.base import LineIndex, text_digest
from transreview.model import Document, Segment
from transreview.segment import segment_document

WORDS = ["Riverside", "and", "sea", "long", "wind", "barges", "compete", "for", "the", "current",
         "THE", "Straße", "STRASSE", "ẞ", "İstanbul", "\u212a", "k", "café", "CAFÉ", "x1",
         "snake_case", "2020", "上海", "—", "“", "”", "’s", "·", "ﬁne", "Σ", "ς", "\u0301",
         "\u00a0", "\x01", "...", ",", ";", "(", ")"]
SEPARATORS = [" ", " ", " ", ", ", ". ", "! ", "\n", "\n\n", "—", " “", "” "]


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Paragraphs made of a few sentences, some of them repeated."""
    sentences = draw(st.lists(
        st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)),
                 min_size=1, max_size=14).map(lambda parts: "".join(w + s for w, s in parts)),
        min_size=1, max_size=5))
    picks = draw(st.lists(st.integers(0, len(sentences) - 1), max_size=14))
    breaks = draw(st.lists(st.sampled_from([" ", " ", "\n", "\n\n"]), min_size=len(picks),
                           max_size=len(picks)))
    return "".join(sentences[pick].strip() + end for pick, end in zip(picks, breaks, strict=True))


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=8),
       st.lists(st.sampled_from(WORDS + SEPARATORS), max_size=40))
@example(["Straße ẞ İx \u212a", "—", "", "a\ud800b"], [])
@example(["ﬁ café", "CAFÉ—é"], [])
@example(["ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ", "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧ", "ΣΑΣ σας"], ["Straße"])
def test_normal_forms_are_the_words_of_each_segment(pieces: list[str], parts: list[str]) -> None:
    texts = [*pieces, "".join(parts)]
    segments, offset = [], 0
    for index, piece in enumerate(texts):
        segments.append(Segment(index, offset, offset + len(piece), piece, index // 2))
        offset += len(piece) + 1
    text = " ".join(texts)
    assert rule_module._normal_forms(text, tuple(segments)) == [words(t) for t in texts]


ASCII_WORDS = ["Riverside", "and", "SEA", "x1", "snake_case", "2020", "—", "“", "”", "·", "’",
               "\u2061", "\u00a0", "\x00", "\x01", "...", ",", "(", ")", "_"]
"""Words whose non-ASCII characters all fold to blanks (U+2061's low byte is an ``a``)."""


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ASCII_WORDS + WORDS), st.sampled_from(SEPARATORS)),
                max_size=40),
       st.booleans())
@example([("\u2061", " "), ("a", ". "), ("\u2061b", "\n")], True)
@example([("\U0001f642", " "), ("a", ". ")], True)
def test_word_spans_are_the_words_of_each_segment(parts: list[tuple[str, str]],
                                                  blank_only: bool) -> None:
    if blank_only:
        parts = [(word, separator) for word, separator in parts if word in ASCII_WORDS]
    text = "".join(word + separator for word, separator in parts)
    segments = segment_document(Document(path="t.txt", text=text), "en")
    if not segments:
        return
    starts = np.array([segment.start for segment in segments], np.int64)
    ends = np.array([segment.end for segment in segments], np.int64)
    spans = rule_module._word_spans(text, segments, starts, ends)
    normal, lo, hi, counts = spans
    expected = [words(segment.text) for segment in segments]
    assert [normal[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=True)] == expected
    assert counts.tolist() == [len(sentence.split()) for sentence in expected]
    assert " ".join(filter(None, expected)) in normal
    if blank_only:
        assert rule_module._unit_words(text) is not None


Found = list[tuple[int, int, str, int | None, str]]


def plain_findings(text: str) -> Found:
    """The rule as first written: words found per segment, blake2b keys, eight min-hash bands
    for a short paragraph; a heading (one sentence of three words or more, not closed by a
    punctuation mark, not a credit line such as "Editor: Zhang Wei") is a paragraph however
    short."""
    document = Document(path="t.txt", text=text)
    context = CheckContext(en=document, en_segments=segment_document(document, "en"))
    index = LineIndex(text)
    seen: dict[str, int] = {}
    bands: dict[str, tuple[int, frozenset[str]]] = {}
    covered, found = -1, Found()
    observations = []
    for paragraph in context.paragraphs():
        sentences = [words(segment.text).split() for segment in paragraph]
        every = [word for sentence in sentences for word in sentence]
        heading = (len(paragraph) == 1 and len(every) >= 3
                   and text[paragraph[0].end - 1].isalnum()
                   and not re.match(r"(\w+ )?\w+:\s", paragraph[0].text))
        if len(every) >= 8 or heading:
            keys: tuple[str, ...] = ()
            if 6 <= len(every) <= 40:
                hashes = [zlib.crc32(word.encode("utf-8")) for word in set(every)]
                for band in range(8):
                    pair = sorted((h * (2 * band + 3) + band * 0x9E3779B1) % ((1 << 61) - 1)
                                  for h in hashes)[:2]
                    keys += (f"{band}:{pair[0]}:{pair[-1]}",)
            observations.append((" ".join(every), paragraph[0].start, paragraph[-1].end,
                                 paragraph[0], "paragraph", frozenset(every), keys))
        if len(paragraph) > 1:
            observations.extend((" ".join(sentence), segment.start, segment.end, segment,
                                 "sentence", frozenset(), ())
                                for segment, sentence in zip(paragraph, sentences, strict=True)
                                if len(sentence) >= 8)
    for key, start, end, segment, kind, word_set, band_keys in observations:
        if start < covered:
            continue
        message = None
        if key in seen:
            message = f"this {kind} repeats line {index.line(seen[key])}"
        else:
            seen[key] = start
            near = None
            for band_key in band_keys:
                known = bands.get(band_key)
                if known is None:
                    bands[band_key] = (start, word_set)
                elif near is None and len(known[1] & word_set) / len(known[1] | word_set) >= 0.75:
                    near = known[0]
            if near is not None:
                message = f"this {kind} nearly repeats line {index.line(near)}"
        if message is not None:
            covered = end
            found.append((start, end, message, segment.index, text_digest(segment.text)))
    return found


@settings(max_examples=300, deadline=None)
@given(documents())
@example("Riverside and sea, long wind; barges compete for the current.\n\nRiverside and sea, "
         "long wind; barges compete for the current!\n")
@example("Riverside and sea long wind barges compete for the current. ...\n"
         "Riverside and sea long wind barges compete for the current.\n")
@example("Riverside and sea long wind barges compete for the current and\n"
         "the current and Riverside and sea long wind barges compete for\n")
@example("Riverside and sea long wind barges compete. For the current and the first of all.\n"
         "Riverside and sea long wind. Barges compete for the current and the first of all.\n"
         "Intro words here now. Barges compete for the current and the first of all.\n")
def test_findings_are_those_of_the_plain_rule(text: str) -> None:
    rule = rule_module.DuplicateSegment()
    document = Document(path="t.txt", text=text)
    context = CheckContext(en=document, en_segments=segment_document(document, "en"))
    decider = rule.decider(None, LineIndex(text))
    found = [(f.start, f.end, f.message, f.segment, o.digest)
             for f, o in decider.feed(rule.observe(context))]
    assert found == plain_findings(text)
