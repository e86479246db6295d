"""``inconsistent-term`` judged in chunks as in the whole document.

A file is checked in chunks, and the spellings of one compound may sit in different ones. Each
part hands the decider, with its rows, a summary of its compounds (sketches of its long words and
of its neighbouring words joined, its hyphenated words and keys), and a part may be given the
keys of the parts judged before it, to find their closed-up spellings itself; the decider asks
whether the whole document might find a spelling in a part that the part did not, and if so
judges the parts again with what the whole holds. Whatever the chunk size and the hints, the
findings must be those of the whole document; the sketches, their distinct sets and the question
asked must be what plain forms give.
"""

from __future__ import annotations

import pickle
import tempfile
from collections import deque
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from transreview.checks import REGISTRY, CheckContext
from transreview.checks.base import DocumentRule, LineIndex
from transreview.checks.batch import Chunk, FileChecker, Options, chunks
from transreview.checks.names import (
    _ascii,
    _closed_spans,
    _distinct,
    _letters,
    _Segments,
    _spaced_crossing,
    _spellings,
    _Words,
)
from transreview.glossary import Glossary
from transreview.model import Document, Finding, Term
from transreview.segment import segment_document

SHANGHAI = Path(__file__).resolve().parent.parent / "corpora" / "shanghai" / "en.txt"
"""A real text with ``grass-roots``/``grassroots``, ``mega city``/``megacity``/``megacities``
and ``High level``/``high-level`` spread over its lines."""

COMPOUNDS = ["grass-roots", "grassroots", "grass roots", "Grass-roots", "mega city", "megacity",
             "megacities", "mega cities", "mega-city", "high-level", "high level", "highlevel",
             "high level reform", "non-stop", "non stop", "nonstop", "water front", "waterfront",
             "water-fronts", "every day", "everyday", "self-confidence", "self confidence",
             "internationalization", "integration direction", "Shanghai Pilot Free Trade Zone",
             "Shanghai Free Trade Pilot Zone", "work", "the", "of", "units", "3grassroots",
             "grass_roots", "Pu Dong", "Pudong", "pu dong", "PU DONG", "Wu Han", "Wuhan", "Wu-han",
             "wuhan", "Is Land", "Island", "He Fei", "Hefei", "Jing'an", "Jingan", "Jing An",
             "Yan’an", "Yanan", "They're", "Theyre"]
"""Compounds in their spellings (with a particle, plurals, an attributive use), two neighbours
whose joined sketch is a long word's but not the word, names, and romanised names written in
syllables of two letters (apart or joined by an apostrophe), closed up in five or six ("Wuhan",
"Pudong", "Jingan"); a contraction."""

SEPARATORS = [" ", ". ", ".\n", "\n", "\n\n", ", "]

GLOSSARY = Glossary.from_terms([Term(zh="", en=("mega city",)),
                                Term(zh="", en=("Shanghai Pilot Free Trade Zone",))])

RULE = REGISTRY["inconsistent-term"]
assert isinstance(RULE, DocumentRule)


@st.composite
def texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.tuples(st.sampled_from(COMPOUNDS), st.sampled_from(SEPARATORS)),
                           min_size=1, max_size=60))
    return "".join(word + separator for word, separator in pieces)


def context_of(text: str) -> CheckContext:
    document = Document(path="t.txt", text=text)
    return CheckContext(en=document, en_segments=segment_document(document, "en"))


def whole(text: str, glossary: Glossary | None) -> list[Finding]:
    """The findings of the rule over the whole text (``DocumentRule.run``)."""
    document = Document(path="t.txt", text=text)
    assert isinstance(RULE, DocumentRule)
    return list(RULE.run(CheckContext(en=document, en_segments=segment_document(document, "en"),
                                      glossary=glossary)))


def chunked(text: str, size: int, glossary: Glossary | None, lag: int | None = None
            ) -> list[Finding]:
    """The findings through the batch runner's path: each chunk's ``gathered`` sent through
    pickle, then judged in order; with a ``lag``, each chunk is given the decider's hint as it
    is when ``lag`` chunks before it are still to be judged (chunks in flight)."""
    assert isinstance(RULE, DocumentRule)
    decider = RULE.decider(glossary, LineIndex(text), digests=False)
    found: list[Finding] = []
    pending: deque[tuple[Chunk, Any, Any, int]] = deque()

    def judge_first() -> None:
        chunk, gathered, hint, segments_before = pending.popleft()
        found.extend(finding for finding, _ in decider.take(gathered, chunk.offset,
                                                            segments_before, hint))

    segments_before = 0
    for chunk in chunks("t.txt", text, size):
        document = Document(path="t.txt", text=chunk.text)
        segments = segment_document(document, "en")
        context = CheckContext(en=document, en_segments=segments, glossary=glossary)
        hint = None if lag is None else pickle.loads(pickle.dumps(decider.hint()))
        gathered = pickle.loads(pickle.dumps(RULE.gathered(context, hint)))
        pending.append((chunk, gathered, hint, segments_before))
        while len(pending) > (lag or 0):
            judge_first()
        segments_before += len(segments)
    while pending:
        judge_first()
    found.extend(finding for finding, _ in decider.finish())
    return found


@settings(max_examples=300, deadline=None)
@given(texts(), st.integers(min_value=1, max_value=400), st.booleans(),
       st.none() | st.integers(min_value=0, max_value=3))
@example("grass-roots units.\ngrassroots work.\ngrassroots work.\n", 5, False, None)
@example("the mega city.\nthe megacity.\nthe megacities.\n", 5, False, None)
@example("non-stop.\nnon stop.\nnonstop.\nnonstop.\n", 5, False, None)
@example("high-level.\nhigh-level.\nhigh level reform.\nhighlevel.\n", 5, False, None)
@example("integration direction.\ninternationalization.\n", 5, False, None)
@example("grass-roots units.\ngrassroots work.\ngrass roots.\ngrassroots.\n", 5, False, 0)
@example("Wu-han.\nWuhan wuhan ", 1, False, None)  # five letters closed up: capitalised only
def test_compounds_checked_in_chunks_give_the_findings_of_the_whole(
        text: str, size: int, with_glossary: bool, lag: int | None) -> None:
    glossary = GLOSSARY if with_glossary else None
    assert chunked(text, size, glossary, lag) == whole(text, glossary)


def test_a_hinted_part_finds_the_closed_up_spellings_of_the_keys_before_it() -> None:
    """A part given the keys of the parts before finds their closed-up spellings itself, so the
    decider searches it for none of them at the end."""
    assert isinstance(RULE, DocumentRule)
    first, second = "A mega-city grew.\n", "The megacity grew.\n"
    decider = RULE.decider(None, LineIndex(first + second), digests=False)
    list(decider.take(RULE.gathered(context_of(first)), 0, 0))
    hint = decider.hint()
    assert hint == frozenset({"megacity"})
    rows, summary = RULE.gathered(context_of(second), hint)
    assert [row[2] for row in rows] == ["megacity"]
    assert summary.closed == "megacity"
    rows, summary = RULE.gathered(context_of(second))
    assert rows == [] and summary.closed == ""


def records(path: Path, size: int) -> list[tuple[int, int, str, bytes]]:
    with FileChecker(Options(rules=("inconsistent-term",), fmt="json",
                             chunk_chars=size)) as checker:
        return [(r.start, r.end, r.digest, r.piece)
                for _, batch in checker.batches([str(path)]) for r in batch]


def test_a_real_file_gives_the_same_records_whatever_the_chunk_size() -> None:
    text = SHANGHAI.read_text(encoding="utf-8")
    expected = records(SHANGHAI, 1 << 20)
    assert len(expected) >= 5
    assert [finding.start for finding in whole(text, None)] == [start for start, *_ in expected]
    for size in (300, 2_000, 9_000):
        assert records(SHANGHAI, size) == expected


def test_spellings_in_different_chunks_are_linked_and_counted_over_all() -> None:
    text = ("The megacity grew.\n" * 3 + "A mega city grew.\n" + "The grassroots met.\n"
            + "The grass-roots met.\n")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "en.txt"
        path.write_text(text, encoding="utf-8")
        for size in (1, 20, 40):
            assert [finding.message for finding in chunked(text, size, None)] == [
                "'mega city' is written 'megacity' elsewhere in this document (3 times)",
                "'grass-roots' is written 'grassroots' elsewhere in this document (once)"]
            assert records(path, size) == records(path, 1 << 20)


@settings(max_examples=300, deadline=None)
@given(texts() | st.text(alphabet="abcdefghij -"))
@example("ab abc abcd abcde abcdef abcdefg abcdefgh abcdefghi abc abcde a abcdefghij abc")
@example("abcde ab abc abc ab abcde")
def test_sketches_are_equal_for_equal_words_and_joined_neighbours(text: str) -> None:
    words = _Words(_letters(text, _ascii(text)))
    long = np.flatnonzero(words.lengths >= 5)
    by_word: dict[bytes, int] = {}
    for word, sketch in zip(words.texts(long), words.sketches(long).tolist(), strict=True):
        assert by_word.setdefault(word, sketch) == sketch
    alone = _Words(b" ".join(words.texts(long)))
    assert words.sketches(long).tolist() == alone.sketches().tolist()
    pairs = np.flatnonzero((words.lengths[:-1] >= 2) & (words.lengths[1:] >= 2)
                           & (words.lengths[:-1] + words.lengths[1:] >= 5)
                           & (words.starts[1:] == words.ends[:-1] + 1))
    alone = _Words(b" ".join(first + second for first, second in zip(
        words.texts(pairs), words.texts(pairs + 1), strict=True)))
    assert words.joined(pairs).tolist() == alone.sketches().tolist()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=(1 << 64) - 1), max_size=3000)
       | st.lists(st.integers(min_value=0, max_value=40), max_size=3000))
def test_distinct_sketches_are_numpys_unique(numbers: list[int]) -> None:
    sketches = np.array(numbers, np.uint64)
    assert _distinct(sketches).tolist() == np.unique(sketches).tolist()


@settings(max_examples=300, deadline=None)
@given(texts(), st.integers(min_value=1, max_value=400))
@example("integration direction.\ninternationalization.\n", 5)
@example("the mega city.\nthe megacity.\n", 5)
def test_parts_said_to_miss_no_two_word_spelling_miss_none(text: str, size: int) -> None:
    """When ``_spaced_crossing`` says no part misses a two-word spelling, the parts' two-word
    spellings are the whole's."""
    pieces = list(chunks("t", text, size))
    parts = [_spellings(chunk.text, _ascii(chunk.text)) for chunk in pieces]
    segments = _Segments(())
    if _spaced_crossing([part.summarised(segments) for part in parts]):
        return
    every = _spellings(text, _ascii(text))
    assert sorted((start + chunk.offset, end + chunk.offset, key)
                  for part, chunk in zip(parts, pieces, strict=True)
                  for start, end, key in part.spans if " " in chunk.text[start:end]) == sorted(
        span for span in every.spans if " " in text[span[0]:span[1]])


CLOSED_PIECES = ["megacity", "Megacities", "MEGACITY", "mega\u212aity", "megacity's", "x",
                 "grassroots", "GrassRoots", "grassroot", "megacityx", "\u0130", "\u017f", "3",
                 "_", "-", "\u212a", "sunkkkk", "sun\u212akkk", "\u00e9", "上海"]
"""Forms in several cases, with a Kelvin sign, inside longer words, next to characters whose
lower case is longer (``İ``) or folds to an ASCII letter only when case is ignored (``ſ``)."""


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CLOSED_PIECES), st.sampled_from(["", " ", ". ", "\n"])),
                max_size=40))
@example([("mega\u212aity", " "), ("megacity", "-"), ("megacities", "")])
def test_closed_spans_are_the_lowered_words_that_are_a_form(
        pieces: list[tuple[str, str]]) -> None:
    text = "".join(piece + separator for piece, separator in pieces)
    forms = {b"megacity": "megacity", b"megacities": "megacity", b"grassroots": "grassroot",
             b"sunkkkk": "sunkkkk"}

    def letter(place: int) -> bool:
        return 0 <= place < len(text) and ((text[place].isascii() and text[place].isalpha())
                                           or text[place] == "\u212a")

    expected = [(start, start + len(form), key) for start in range(len(text))
                for form, key in forms.items()
                if text[start:start + len(form)].lower() == form.decode()
                and not letter(start - 1) and not letter(start + len(form))]
    spans, keys = _closed_spans(text, forms)
    assert keys == {key for _, _, key in expected}
    bounded = [span for span in expected
               if not (span[0] and (text[span[0] - 1].isalnum() or text[span[0] - 1] in "_-"))
               and not (span[1] < len(text)
                        and (text[span[1]].isalnum() or text[span[1]] in "_-"))]
    assert spans == bounded
