"""``inconsistent-term``'s fast paths pinned to the plain forms they stand for.

The rule notes each written form once per part of the document (packed positions, digests left
to the decider), reads the text as ASCII bytes made with numpy, finds runs of capitalised words
with a possessive bytes pattern over them with every capital an ``A``, and looks for compounds and
hyphenated words among the words of the text's ASCII letters (two-word spellings picked by sketch,
without a word list): a text checked whole and checked in small chunks must give the same findings
and digests, every occurrence must read as its observation, and the ASCII bytes, the pattern, the
hyphenated words and the compound search must be what their plain forms give.
"""

from __future__ import annotations

import pickle
import re
from array import array
from pathlib import Path

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from transreview.checks import REGISTRY, CheckContext
from transreview.checks.base import DocumentRule, LineIndex, Observation, text_digest
from transreview.checks.batch import chunks
from transreview.checks.names import (
    _PARTICLES,
    _ascii,
    _ascii_words,
    _compounds,
    _Found,
    _hyphenated,
    _letters,
    _marks,
    _runs,
    _Segments,
    _word_spans,
    _Words,
    singular,
)
from transreview.glossary import Glossary, same_length_lower
from transreview.ingest import TextBlocks, read_blocks
from transreview.model import Document, Finding, Term
from transreview.segment import segment_document

PLAIN_RUN = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*(?:[ \t]+(?:(?:of|for|and|on|the)[ \t]+)*"
                       r"[A-Z][\w'’-]*)+")
"""Runs of capitalised words, as the pattern reads most plainly."""

HALF = r"([A-Za-z]{2,}|[B-HJ-Zb-hj-z])"
"""A half of a hyphenated word: two letters or more, or one letter that is no word (not a, I)."""
HYPHENATED = re.compile(rf"(?<![\w-]){HALF}-{HALF}(?![\w-])")
"""Hyphenated words, as the rule means them."""

NAME_WORDS = ["Shanghai Pilot Free Trade Zone", "Shanghai Free Trade Pilot Zone",
              "China Shanghai Pilot Free Trade Zone", "Shanghai Pilot Free Trade Zones",
              "Center of Urban Operation", "Center for Urban Operation", "Urban Operation Center",
              "People's Congress", "People’s Congress", "Congress of the People", "Pudong",
              "Shanghai", "Zone", "The", "On", "November", "Being", "Reporting", "of", "for",
              "and", "on", "the", "a", "in", "is", "at", "café", "Émile", "İstanbul", "São", "Zoë",
              "上海", "\u212aelvin", "K\u212a", "x_y", "3D", "—", "’", "'s", "(", ")", ",", ";",
              ":", "?", "!"]
"""Names and their variants, connectors, sentence starters, non-ASCII letters (one whose lower
case is ASCII, one whose lower case is longer, letters within and after capitalised words, Chinese
characters) and punctuation."""

WORDS = [*NAME_WORDS, "work", "units", "grass-roots", "grassroots", "grass roots", "Grass-roots",
         "mega city", "megacity", "megacities", "mega cities", "high-level", "high level",
         "highlevel", "reform", "water front", "waterfront", "naïve", "-"]
"""With compounds in their three spellings (found within a chunk, so not in a text checked in
chunks)."""

SEPARATORS = [" ", " ", " ", "  ", "\t", ". ", ".\n", "\n\n", "\n"]


@st.composite
def texts(draw: st.DrawFn, words: list[str] = WORDS) -> str:
    pieces = draw(st.lists(st.tuples(st.sampled_from(words), st.sampled_from(SEPARATORS)),
                           min_size=1, max_size=80))
    return "".join(word + separator for word, separator in pieces)


GLOSSARY = Glossary.from_terms([
    Term(zh="", en=("Shanghai Pilot Free Trade Zone",)),
    Term(zh="", en=("Center for Urban Operation", "Center of Urban Operation")),
])



def document_rule(rule_id: str) -> DocumentRule:
    rule = REGISTRY[rule_id]
    assert isinstance(rule, DocumentRule)
    return rule


RULE = document_rule("inconsistent-term")


def whole(text: str, glossary: Glossary | None) -> list[tuple[Finding, str]]:
    """Findings and digests of the rule over the whole text, through ``run``'s path."""
    document = Document(path="t.txt", text=text)
    segments = segment_document(document, "en")
    context = CheckContext(en=document, en_segments=segments, glossary=glossary)
    decider = RULE.decider(glossary, LineIndex(text))
    found = [*decider.feed(RULE.observe(context)), *decider.finish()]
    for finding, observation in found:
        assert finding.segment is not None
        assert observation.digest == text_digest(segments[finding.segment].text)
    return [(finding, observation.digest) for finding, observation in found]


def chunked(text: str, size: int, glossary: Glossary | None) -> list[tuple[Finding, str]]:
    """The same through the batch runner's path: chunks observed apart, their gathered
    observations sent through pickle, then judged in order."""
    decider = RULE.decider(glossary, LineIndex(text))
    found: list[tuple[Finding, Observation]] = []
    segments_before = 0
    for chunk in chunks("t.txt", text, size):
        document = Document(path="t.txt", text=chunk.text)
        segments = segment_document(document, "en")
        context = CheckContext(en=document, en_segments=segments, glossary=glossary)
        gathered = pickle.loads(pickle.dumps(RULE.gather(list(RULE.observe(context)))))
        found.extend(decider.take(gathered, chunk.offset, segments_before))
        segments_before += len(segments)
    found.extend(decider.finish())
    return [(finding, observation.digest) for finding, observation in found]


@settings(max_examples=300, deadline=None)
@given(texts(NAME_WORDS), st.integers(min_value=1, max_value=300), st.booleans())
def test_names_checked_in_chunks_give_the_findings_of_the_whole(
        text: str, size: int, with_glossary: bool) -> None:
    glossary = GLOSSARY if with_glossary else None
    assert chunked(text, size, glossary) == whole(text, glossary)


def one_by_one(observations: list[Observation]) -> list[Observation]:
    """Grouped observations taken apart: one observation per occurrence, in document order (the
    summary last)."""
    *grouped, summary = observations
    single: list[Observation] = []
    for observation in grouped:
        numbers = array("i", observation.extra[4].encode("latin-1"))
        count = len(numbers) // 4
        for place in range(count):
            start = numbers[place]
            single.append(observation._replace(
                start=start, end=start + len(observation.text), segment=numbers[count + place],
                extra=(*observation.extra[:4],
                       array("i", numbers[place::count]).tobytes().decode("latin-1"))))
    single.sort(key=lambda o: (o.start, o.end, o.extra[0] != "name"))
    return [*single, summary]


@settings(max_examples=300, deadline=None)
@given(texts(), st.booleans())
@example("The Shanghai Pilot Free Trade Zone grew. The Shanghai Pilot Free Trade Zone won. "
         "The SHANGHAI PILOT FREE TRADE ZONE met. The SHANGHAI PILOT FREE TRADE ZONE met. The "
         "SHANGHAI PILOT FREE TRADE ZONE met. The Shanghai Free Trade Pilot Zone agreed.", False)
def test_occurrences_observed_together_are_judged_as_one_by_one(
        text: str, with_glossary: bool) -> None:
    glossary = GLOSSARY if with_glossary else None
    document = Document(path="t.txt", text=text)
    context = CheckContext(en=document, en_segments=segment_document(document, "en"),
                           glossary=glossary)
    observations = list(RULE.observe(context))
    decider = RULE.decider(glossary, LineIndex(text))
    apart = [*decider.feed(one_by_one(observations)), *decider.finish()]
    assert [(finding, observation.digest) for finding, observation in apart] == whole(text,
                                                                                      glossary)


@settings(max_examples=300, deadline=None)
@given(texts())
@example("São Paulo met Sèo Paulo and Sao Paulo. Café Society; Cafe Society and Café Society.")
def test_every_occurrence_reads_as_its_observation(text: str) -> None:
    document = Document(path="t.txt", text=text)
    context = CheckContext(en=document, en_segments=segment_document(document, "en"))
    *grouped, summary = RULE.observe(context)
    assert summary.extra[0] == "part"
    for observation in grouped:
        numbers = array("i", observation.extra[4].encode("latin-1"))
        for start in numbers[:len(numbers) // 4]:
            assert text[start:start + len(observation.text)] == observation.text


def test_the_generated_texts_do_have_variants() -> None:
    text = ("The Shanghai Pilot Free Trade Zone grew.\nThe Zone Pilot Free Trade Shanghai "
            "agreed.\nThe Shanghai Pilot Free Trade Zone won.\n\ngrass-roots work and grassroots "
            "units.\nGrassroots work.\n")
    found = whole(text, None)
    assert [finding.term for finding, _ in found] == ["Zone Pilot Free Trade Shanghai",
                                                      "grass-roots"]
    assert chunked(text, 50, None)[:1] == found[:1]


def test_a_streamed_document_gets_the_digests_of_the_whole(tmp_path: Path) -> None:
    text = "".join(f"Line {n}: the Shanghai Pilot Free Trade Zone grew, said the Center of Urban "
                   f"Operation.\nToday the Zone Pilot Free Trade Shanghai and the Center for Urban "
                   f"Operation met ({n}).\n" for n in range(40))
    path = tmp_path / "en.txt"
    path.write_text(text, encoding="utf-8")
    source = read_blocks(str(path), lang="en", block_bytes=500)
    assert isinstance(source, TextBlocks)
    index = LineIndex(blocks=source)
    decider = RULE.decider(None, index)
    found: list[tuple[Finding, Observation]] = []
    offset = segments_before = 0
    for block in source.texts():
        index.extend(block)
        document = Document(path="en.txt", text=block)
        segments = segment_document(document, "en")
        context = CheckContext(en=document, en_segments=segments)
        found.extend(decider.take(RULE.gather(list(RULE.observe(context))), offset,
                                  segments_before))
        offset += len(block)
        segments_before += len(segments)
    found.extend(decider.finish())
    expected = whole(text, None)
    assert len(expected) == 80
    assert [(finding, observation.digest) for finding, observation in found] == expected


def test_the_first_occurrence_in_the_document_wins_a_tie_across_chunks() -> None:
    text = ("Today the Shanghai Pilot Free Trade Zone grew.\n"
            "Zone Pilot Free Trade Shanghai agreed.\n")
    found = whole(text, None)
    assert [(finding.term, finding.segment) for finding, _ in found] == [
        ("Zone Pilot Free Trade Shanghai", 1)]
    assert chunked(text, 10, None) == found


@settings(max_examples=500, deadline=None)
@given(texts() | st.text())
@example("")
@example("Free  Trade \t Zone of  the\tPilot of, Zone on\xa0Pudong New-Area x Theory on")
@example("the Of Zone and on Pudong’s New_Area é Zone 3D 上海 Area and\u212aelvin Zone Kelvin")
@example("Zone often Pilot Free thee Area Zone fo Area o Zone onto Trade Zone on")
@example("Zone_1_2_3_4_5_6_7_8_9 Area Pilot’s’a’b’c’d’e’f’g’h Zone Free-é-Trade of the Area")
@example("X of-the Zone of’ Area Of Zone on2 Area the\u212a Zone A B\u212a C")
def test_the_runs_are_the_plain_patterns(text: str) -> None:
    ascii_text = _ascii(text)
    words = _ascii_words(text, ascii_text, _Words(_letters(text, ascii_text)))
    starts, ends = _runs(text, ascii_text, _marks(text), words)
    assert (list(zip(starts.tolist(), ends.tolist(), strict=True))
            == [m.span() for m in PLAIN_RUN.finditer(text)])


@settings(max_examples=500, deadline=None)
@given(st.text() | texts())
@example("plain ASCII ?")
@example("?é?\ud800??x\U0001f600?")
def test_the_marks_are_the_question_marks_of_the_ascii_bytes(text: str) -> None:
    marks = _marks(text)
    codes = np.frombuffer(text.encode("ascii", "replace"), np.uint8)
    assert (None if text.isascii() else np.flatnonzero(codes == ord("?")).tolist()) == (
        None if marks is None else marks.tolist())


@settings(max_examples=500, deadline=None)
@given(st.text() | texts())
@example("")
@example("plain ASCII ?")
@example("é\ud800x\U0001f600y—")
def test_the_ascii_bytes_are_the_codecs(text: str) -> None:
    assert _ascii(text) == text.encode("ascii", "replace")


@settings(max_examples=500, deadline=None)
@given(texts())
def test_the_letter_bytes_have_the_words_of_the_lowered_text(text: str) -> None:
    letters = _letters(text, text.encode("ascii", "replace"))
    assert len(letters) == len(text)
    words = letters.split()
    assert [word.decode() for word in words] == re.findall("[a-z]+", same_length_lower(text))
    starts, ends = _word_spans(letters)
    assert [letters[start:end] for start, end in zip(starts, ends, strict=True)] == words


def plain_compound_spans(text: str) -> set[tuple[int, int, str]]:
    """The compound spellings as the rule was first written: a search of the lowered text for
    each two-word and closed-up candidate."""
    lowered = same_length_lower(text)
    words = set(re.findall("[a-z]+", lowered))
    long_words = {word for word in words if len(word) >= 6}
    hyphens = [(m.start(), m.end(), singular(m.group(1).lower() + m.group(2).lower()),
                m.group(1).lower(), m.group(2).lower()) for m in HYPHENATED.finditer(text)]
    spaced: dict[str, str] = {}
    for word in long_words:
        for cut in range(3, len(word) - 2):
            first, second = word[:cut], word[cut:]
            if (first in words and second in words and first.encode() not in _PARTICLES
                    and second.encode() not in _PARTICLES):
                spaced[f"{first} {second}"] = singular(word)
    for *_, key, first, second in hyphens:
        if len(first) >= 3 and len(second) >= 3:
            spaced.setdefault(f"{first} {second}", key)

    def spans(phrase: str) -> list[tuple[int, int]]:
        whole_words = re.compile(rf"(?=(?<![\w-])({re.escape(phrase)})(?![\w-]))")
        return [m.span(1) for m in whole_words.finditer(lowered)]

    found = {(start, end, key) for phrase, key in spaced.items() for start, end in spans(phrase)}
    paired = ({key for _, _, key, *_ in hyphens} & {singular(word) for word in long_words}
              | {key for *_, key in found})
    found |= {(start, end, key) for start, end, key, *_ in hyphens}
    found |= {(start, end, singular(word)) for word in long_words for start, end in spans(word)}
    return {(start, end, key) for start, end, key in found if key in paired}


@settings(max_examples=500, deadline=None)
@given(texts())
@example("grass-roots work. Grassroots work; the grass roots, the grass  roots and grass-rooted "
         "grass_roots 3grassroots grass roots- \u212aelvin k-elvin")
@example("a all-round all round allround. Non-stop non stop nonstop; mega-cities, megacity and "
         "mega city; city-states citystate, water front watxxfront wat xxfront waterfronts x")
def test_compounds_are_found_where_the_plain_search_finds_them(text: str) -> None:
    segments = _Segments(segment_document(Document(path="t.txt", text=text), "en"))
    compounds = _Found()
    _compounds(text, text.encode("ascii", "replace"), segments, compounds)
    found = set()
    if compounds.groups:
        groups, numbers = compounds.numbered()
        found = {(start, start + len(groups[group][1]), groups[group][0])
                 for group, start in zip(numbers.tolist(),
                                         np.concatenate(compounds.starts).tolist(), strict=True)}
    plain = plain_compound_spans(text)
    inside = segments.at(np.array([start for start, _, _ in plain], np.intp)).tolist()
    assert found == {span for span, position in zip(plain, inside, strict=True) if position >= 0}


HYPHEN_WORDS = [*WORDS, "ab-cd-ef", "3ab-cd", "ab-cd3", "ab-cdé", "éab-cd", "ab-cd_", "-ab-cd",
                "ab-cd-", "Ab-CD", "\u212aab-cd", "ab-\u212a", "ab-c", "a-bc", "?ab-cd?", "ab--cd",
                "上海-ab", "ab-上海", "ab—cd", "ab’-cd", "²ab-cd", "ab-cd²"]
"""With hyphens next to digits (ASCII or not), underscores, hyphens, non-ASCII letters and
punctuation."""


@settings(max_examples=500, deadline=None)
@given(texts(HYPHEN_WORDS))
@example("ab-cd-ef 3ab-cd ab-cd3 ab-cdé éab-cd ab-cd_ -ab-cd ab-cd- Ab-CD \u212aab-cd ?ab-cd? x-y")
def test_hyphenated_words_are_the_plain_patterns_matches(text: str) -> None:
    ascii_text = text.encode("ascii", "replace")
    hyphens = _hyphenated(text, ascii_text, _Words(_letters(text, ascii_text)))
    found = [(start, end, *hyphens.pairs[kind]) for start, end, kind in zip(
        hyphens.starts.tolist(), hyphens.ends.tolist(), hyphens.kinds.tolist(), strict=True)]
    assert sorted(set(hyphens.pairs)) == sorted(hyphens.pairs)
    assert found == [(m.start(), m.end(), m.group(1).lower().encode(), m.group(2).lower().encode())
                     for m in HYPHENATED.finditer(text)]
