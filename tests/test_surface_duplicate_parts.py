"""duplicate-segment's decider, fed a document part by part as the batch runner feeds it (key
hashes, a numpy hash table, only the possible repeats judged one by one), finds what a plain
dict of keys finds over the same spans one at a time, whatever the parts."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from transreview.checks import CheckContext
from transreview.checks import duplicate as rule_module
from transreview.checks.base import LineIndex, Observation
from transreview.checks.batch import chunks
from transreview.model import Document
from transreview.segment import segment_document

SENTENCES = [
    "Riverside and sea, long wind; barges compete for the current.",
    "Riverside and sea long wind barges compete for the current!",
    "He said the plan was good for all of us and then he left the room.",
    "We agreed at once, and he said the plan was good for all of us.",
    "Following the Footprint of the General Secretary: a Modern Metropolis",
    "Former Title: a Modern Metropolis, Following the Footprint of the General Secretary",
    "Straße STRASSE café CAFÉ, the 上海 office is open on every day of the week.",
    "Short one.",
    "Following the footprint of the general secretary now.",
    "A modern metropolis of the general secretary here.",
]
COVERED = [SENTENCES[4], f"{SENTENCES[8]} {SENTENCES[9]}", f"{SENTENCES[8]} {SENTENCES[7]}",
           f"{SENTENCES[8]} {SENTENCES[2]}"]
"""A title; two sentences that nearly repeat it, the first of them covered, then said again in a
paragraph, whose repeat follows (in another part when cut at the third line)."""

Found = list[tuple[int, int, str, int | None, str]]


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Lines of one to three sentences picked with repeats, some of them blank."""
    lines = draw(st.lists(st.lists(st.sampled_from(SENTENCES), max_size=3).map(" ".join),
                          min_size=1, max_size=30))
    return "".join(line + "\n" for line in lines)


def parts(text: str, size: int) -> list[tuple[Document, int, int]]:
    """The chunks of ``text`` the batch runner would check at ``size``, each with its offset and
    the index of its first segment."""
    found, first = [], 0
    for chunk in chunks("t.txt", text, size=size):
        document = Document(path="t.txt", text=chunk.text)
        found.append((document, chunk.offset, first))
        first += len(segment_document(document, "en"))
    return found


def context(document: Document) -> CheckContext:
    return CheckContext(en=document, en_segments=segment_document(document, "en"))


def decided(text: str, size: int) -> Found:
    """The decider's findings over the parts of ``text`` cut at ``size``."""
    rule = rule_module.DuplicateSegment()
    decider = rule.decider(None, LineIndex(text))
    return [(f.start, f.end, f.message, f.segment, f.term)
            for document, offset, first in parts(text, size)
            for f, _ in decider.take(rule.gathered(context(document)), offset, first)]


def plain(text: str, size: int) -> Found:
    """Each span of the same parts judged in turn against a dict of keys: a span a repeat covers
    is skipped, a short paragraph is compared with the first one of its near key."""
    rule = rule_module.DuplicateSegment()
    index = LineIndex(text)
    spans: list[Observation] = [
        observation._replace(start=observation.start + offset, end=observation.end + offset,
                             segment=(observation.segment or 0) + first)
        for document, offset, first in parts(text, size)
        for observation in rule.observe(context(document))]
    seen: dict[str, int] = {}
    near: dict[str, tuple[int, frozenset[str]]] = {}
    covered, found = -1, Found()
    for key, start, end, _, segment, _, extra in spans:
        if start < covered:
            continue
        if key in seen:
            how = f"repeats line {index.line(seen[key])}"
        else:
            seen[key] = start
            if len(extra) < 3:
                continue
            words = frozenset(key.split())
            known = near.setdefault(extra[2], (start, words))
            if known[0] == start or len(known[1] & words) / len(known[1] | words) < 0.75:
                continue
            how = f"nearly repeats line {index.line(known[0])}"
        covered = end
        kind = "paragraph" if extra[0] == "p" else "sentence"
        found.append((start, end, f"this {kind} {how}", segment, text[start:end]))
    return found


@settings(max_examples=200, deadline=None)
@given(documents(), st.integers(1, 400))
@example("".join(f"{SENTENCES[0]} {SENTENCES[2]}\n{SENTENCES[2]}\n" for _ in range(3)), 1)
@example(f"{SENTENCES[2]} {SENTENCES[0]}\n{SENTENCES[0]}\n{SENTENCES[2]} {SENTENCES[0]}\n"
         f"{SENTENCES[0]}\n", 60)
@example(f"{SENTENCES[4]}\n{SENTENCES[5]}\n{SENTENCES[4]}\n", 1)
@example("".join(line + "\n" for line in COVERED), sum(len(line) + 1 for line in COVERED[:3]) - 5)
def test_parts_find_what_a_plain_dict_finds(text: str, size: int) -> None:
    found = decided(text, size)
    assert found == plain(text, size)
    assert found == decided(text, 1 << 20)


words = st.text(st.sampled_from("ab c\u00e9\u4e0a\U0001f642\ud800"), max_size=40)


@settings(max_examples=300, deadline=None)
@given(words, st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=12))
@example("a" * 17, [(0, 17), (1, 16), (8, 16), (9, 9)])
def test_key_hashes_are_the_keys_as_numbers_modulo_two_primes(
        text: str, bounds: list[tuple[int, int]]) -> None:
    spans = [(min(lo, hi, len(text)), min(max(lo, hi), len(text))) for lo, hi in bounds]
    los = np.array([lo for lo, _ in spans], np.int64)
    his = np.array([hi for _, hi in spans], np.int64)
    expected = []
    for lo, hi in spans:
        number = int.from_bytes(text[lo:hi].encode("utf-8", "surrogatepass"), "little")
        high, low = rule_module._PRIMES
        expected.append((number % high) << 32 | number % low)
    assert rule_module._key_hashes(text, los, his).tolist() == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, (1 << 64) - 1) | st.integers(0, 40)
                         | st.integers(0, 40).map(lambda value: value << 24), max_size=3000)
                .map(lambda hashes: list(dict.fromkeys(hashes))), max_size=6))
def test_table_keeps_what_a_dict_keeps(batches: list[list[int]]) -> None:
    table, kept, number = rule_module._Table(), dict[int, int](), 0
    for batch in batches:
        hashes = np.array(batch, np.uint64)
        assert table.get(hashes).tolist() == [kept.get(value, -1) for value in batch]
        fresh = [value for value in batch if value not in kept]
        numbers = list(range(number, number + len(fresh)))
        number += len(fresh)
        table.add(np.array(fresh, np.uint64), np.array(numbers, np.int64))
        kept.update(zip(fresh, numbers, strict=True))
        assert table.get(hashes).tolist() == [kept[value] for value in batch]
