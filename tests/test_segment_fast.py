"""The whole-text segmentation against its per-paragraph reference.

``split_paragraphs`` scans a whole text at once and decides the common English candidate on a
fast path; ``split`` scans one paragraph and decides every candidate the general way. They must
give the same sentences, and the quick paragraph finder the same paragraphs as the regex.
"""

from __future__ import annotations

import re
from dataclasses import astuple
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.model import Document, Lang, Segment
from transreview.segment import _paragraphs, en, segment_document, zh
from transreview.segment.candidates import candidates

_PIECES = [
    # English words, abbreviations, labels, initials and attributions
    "The", "He", "It", "Smith", "plan", "ok", "said", "Wang said", "Mr", "mr", "Dr", "St", "U.S",
    "e.g", "etc", "a.m", "p.m", "No", "no", "Fig", "p", "J", "K", "Co", "Inc", "approx", "5",
    "12", "3.5", "1.", "2.", "3)", "a.", "b.", "a)", "b)", "•", "- ", "x" * 70, "é", "É", "ß",
    # terminators, closers, openers and dashes
    ".", ". ", "!", "?", "…", "?!", "!.", ".?", "…!", ".”", "”", "’", "'", '"', "“", "‘", "(", ")",
    "[", "]", "{", "«", "»", "—", "–", '—"', " . . . ", ". . . .", "...", "[...]",
    # Chinese
    "。", "！", "？", "｡", "……", "⋯", "．", "——", "」", "』", "）", "〕", "】", "「", "《", "》",
    "、", "，", "；", "：", "中", "国", "上海", "6. ", "３．２",
    # spaces and line ends, including unprintable spaces that are not line ends
    " ", " ", "  ", "\t", "\xa0", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u3000", "\n",
    "\r\n", "\r", "\n\n",
]
_WORDS = st.sampled_from([piece for piece in _PIECES if piece.strip() and piece[-1].isalnum()])
_GAPS = st.sampled_from([". ", ".  ", ". \"", ". (", ". “", ". \"é", ". «ß", ".\t", ". \u2028",
                         "\t", "\x85", " ", " ", " ", "! ", "? ", ".\n", ".\r\n", ".” ", ". . . "])
_SENTENCES = st.lists(st.tuples(_WORDS, _GAPS), max_size=30).map(
    lambda pairs: "".join(word + gap for word, gap in pairs))
"""Text dense in 'word. Word' (the English fast path) with the spaces and openers it must mind."""
_TEXTS = st.one_of(st.lists(st.sampled_from(_PIECES), max_size=80).map("".join), _SENTENCES)
_LINE = re.compile(r"[^\r\n]+")
_MODULES: dict[str, ModuleType] = {"en": en, "zh": zh}
_CORPORA = Path(__file__).resolve().parents[1] / "corpora"
_MAC_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "mac-dev"


def _reference_paragraphs(text: str) -> list[tuple[int, int]]:
    """Each line stripped of its surrounding whitespace, blank ones dropped."""
    bounds = []
    for line in _LINE.finditer(text):
        stripped = line.group().strip()
        if stripped:
            lo = line.start() + line.group().index(stripped)
            bounds.append((lo, lo + len(stripped)))
    return bounds


def _columns(bounds: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    return [lo for lo, _ in bounds], [hi for _, hi in bounds]


def _assert_agree(text: str, lang: str) -> None:
    module = _MODULES[lang]
    bounds = _reference_paragraphs(text)
    starts, ends, paragraphs = module.split_paragraphs(text, *_columns(bounds))
    expected = [(start, end, paragraph) for paragraph, (lo, hi) in enumerate(bounds)
                for start, end in module.split(text, lo, hi)]
    assert list(zip(starts, ends, paragraphs, strict=True)) == expected


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
def test_paragraphs_are_the_stripped_lines(text: str) -> None:
    assert _paragraphs(text) == _columns(_reference_paragraphs(text))


@settings(max_examples=1500, deadline=None)
@given(_TEXTS, st.sampled_from(["en", "zh"]))
def test_whole_text_split_agrees_with_paragraph_split(text: str, lang: str) -> None:
    _assert_agree(text, lang)


@settings(max_examples=600, deadline=None)
@given(_TEXTS, st.sampled_from(["en", "zh"]))
def test_scan_finds_the_combined_matches(text: str, lang: str) -> None:
    found = _MODULES[lang]._CANDIDATES.scan(text)
    expected = list(_MODULES[lang]._CANDIDATES.combined.finditer(text))
    assert [(m.span(), m.groupdict()) for m in found] == [
        (m.span(), m.groupdict()) for m in expected]


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
def test_periods_left_to_numpy_are_what_the_regex_makes_of_them(text: str) -> None:
    plain, others = en._periods(text)
    matches = {match.start(): match for match in en._CANDIDATES.combined.finditer(text)}
    for at in plain.tolist():
        match = matches[at]
        assert (match.span(), match["run"], match.start("next")) == ((at, at + 1), ".", at + 2)
    idle = {at for at, char in enumerate(text) if char == "."} - set(plain.tolist()) - set(others)
    for at in idle:
        assert at not in matches or (matches[at].end() == at + 1 and text[at + 1] in "\r\n")


@pytest.mark.parametrize("runs", [{"a": "ab", "b": "bb?"}, {"b": "bb?", "a": "ab"}])
def test_scan_falls_back_when_runs_overlap_otherwise(runs: dict[str, str]) -> None:
    # The b-scan's "bb" starts inside "ab" and ends after it: the combined scan, going on from
    # the end of "ab", finds the "b" that the b-scan skipped. Either scan may be the main one.
    scanned = candidates(runs, "")
    assert [m.span() for m in scanned.scan("abb")] == [(0, 2), (2, 3)]
    assert [m.span() for m in scanned.scan("ab b")] == [(0, 2), (3, 4)]


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.sampled_from(["en", "zh"]))
def test_segments_made_a_field_at_a_time_are_the_constructor_s(text: str, lang: Lang) -> None:
    segments = segment_document(Document("s.txt", text), lang)
    starts, ends, paragraphs = _MODULES[lang].split_paragraphs(text, *_paragraphs(text))
    expected = tuple(Segment(index, start, end, text[start:end], paragraph) for index, (
        start, end, paragraph) in enumerate(zip(starts, ends, paragraphs, strict=True)))
    assert segments == expected
    assert [astuple(segment) for segment in segments] == [astuple(e) for e in expected]


def test_segments_are_those_the_constructor_builds() -> None:
    text = "One. Two!\n\n  Three? Four.  \r\nFive"
    segments = segment_document(Document("s.txt", text), "en")
    assert [astuple(segment) for segment in segments] == [
        (0, 0, 4, "One.", 0), (1, 5, 9, "Two!", 0), (2, 13, 19, "Three?", 1),
        (3, 20, 25, "Four.", 1), (4, 29, 33, "Five", 2)]
    assert segments == tuple(Segment(*astuple(segment)) for segment in segments)
    assert {hash(segment) for segment in segments} == {
        hash(Segment(*astuple(segment))) for segment in segments}


@pytest.mark.parametrize("text", [
    'He left. "élan" went on. (ß) too.',
    "We met foo\tMr. Smith. Then foo\u2028Dr. Li. And foo\x85St. Paul.",
    "He saw 9 a.m. Wang said. It was U.S. policy.\r\nNo. 5 is here.",
    "1. One. 2. Two.\na) First. b) Second.",
    "Why?! Yes.. No. . . . Then… “Go.” He went. [...] Done.",
])
def test_tricky_english_agrees(text: str) -> None:
    _assert_agree(text, "en")


@pytest.mark.parametrize("text", [
    "第一。第二。\n《你好！上海》是一部纪录片。好的。",
    "他说：“我…… 我不知道。”\r\n上海、北京……都来了。6. 片厂。U.S.企业！？好。",
    '他说"好。"她笑了。……他们又谈了一会儿。',
    '他说"好"。"走吧。"她笑了。！？好。',
])
def test_tricky_chinese_agrees(text: str) -> None:
    _assert_agree(text, "zh")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_real_text_agrees(lang: str) -> None:
    paths = [_CORPORA / "shanghai" / f"{lang}.txt"]
    if (_MAC_DEV / lang).is_dir():
        paths += sorted((_MAC_DEV / lang).iterdir())
    for path in paths:
        text = path.read_text(encoding="utf-8")
        _assert_agree(text, lang)
        _assert_agree(text, "zh" if lang == "en" else "en")
