"""Source-side rules on the bundled corpus: the real defects and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from transreview.glossary import load_glossary
from transreview.ingest import read_document
from transreview.model import Document
from transreview.pipeline import Analysis, analyze
from transreview.resources import bundled_corpus, bundled_glossary


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    corpus = bundled_corpus()
    return analyze(
        read_document(str(corpus / "en.txt")), read_document(str(corpus / "zh.txt")),
        load_glossary(str(bundled_glossary())),
        select=["missing-term", "number-mismatch"],
    )


def line_of(analysis: Analysis, offset: int) -> int:
    return analysis.en.text.count("\n", 0, offset) + 1


def test_missing_terms_are_the_real_ones(analysis: Analysis) -> None:
    found = sorted(
        (line_of(analysis, f.start), f.term) for f in analysis.findings if f.rule == "missing-term"
    )
    # "primary party building", "the new area of the Shanghai Free Trade Pilot Zone" and
    # "reconstruction of old areas" render these terms loosely; "Pudong" inside
    # "Pudong New Area" is not missing although the longer glossary match hides it.
    assert found == [(85, "临港新片区"), (105, "基层党建"), (135, "旧区改造")]


def test_each_finding_lies_inside_its_segment(analysis: Analysis) -> None:
    segments = analysis.en_segments
    for finding in analysis.findings:
        assert finding.segment is not None
        segment = segments[finding.segment]
        assert segment.start <= finding.start <= finding.end <= segment.end


def test_no_number_mismatch_on_the_faithful_pair(analysis: Analysis) -> None:
    assert [f for f in analysis.findings if f.rule == "number-mismatch"] == []


def test_missing_term_of_a_one_to_two_bead_lies_in_one_sentence(tmp_path: Path) -> None:
    folder = tmp_path
    (folder / "g.tsv").write_text("zh\ten\n浦东新区\tPudong New Area\n", encoding="utf-8")
    (folder / "zh.txt").write_text("浦东新区发展很快，成绩很大。\n", encoding="utf-8")
    (folder / "en.txt").write_text("The new district grew fast. Its results are big.\n",
                                   encoding="utf-8")
    result = analyze(
        read_document(str(folder / "en.txt")), read_document(str(folder / "zh.txt")),
        load_glossary(str(folder / "g.tsv")), select=["missing-term"],
    )
    assert result.alignment is not None
    assert [len(b.en) for b in result.alignment.beads] == [2]
    (finding,) = result.findings
    first = result.en_segments[0]
    assert (finding.segment, finding.start, finding.end) == (0, first.start, first.end)


ADDED = [
    ("Shanghai has long led China in opening up.",
     "My grandmother often told stories about the old village well and the willow trees "
     "beside it."),
    ('and "fast parking to help smooth".',
     "She opened the window, listened to the rain for a while, and then went back to her "
     "novel."),
    ("The adjustment was suggested by the citizens.",
     "My grandmother often told stories about the old village well and the willow trees "
     "beside it."),
]
"""Sentences a translation adds inside a paragraph, after the sentence that ends with the first
text: the search keeps each in a bead beside that sentence, which translates the source."""


@pytest.mark.parametrize(("after", "added"), ADDED)
def test_a_sentence_added_beside_a_translation_is_an_addition(after: str, added: str) -> None:
    corpus = bundled_corpus()
    text = (corpus / "en.txt").read_text(encoding="utf-8")
    at = text.index(after) + len(after)
    en = Document(path="en.txt", text=f"{text[:at]} {added}{text[at:]}")
    result = analyze(en, read_document(str(corpus / "zh.txt")), select=["addition"])
    assert result.alignment is not None
    found = [f for f in result.findings if f.term == added]
    assert [f.message.split(":")[0] for f in found] == [
        "this sentence has no counterpart in the source"]
    assert found[0].start == at + 1 and found[0].end == at + 1 + len(added)
    (index,) = result.alignment.unsupported
    assert result.en_segments[index].text == added
    bead = next(bead for bead in result.alignment.beads if index in bead.en)
    assert len(bead.en) > 1 and found[0].zh_segment == bead.zh[0]


def test_the_faithful_pair_has_no_unsupported_sentence(analysis: Analysis) -> None:
    assert analysis.alignment is not None
    assert analysis.alignment.unsupported == ()


def test_a_source_sentence_translated_in_two_is_no_addition() -> None:
    zh = Document(path="zh.txt", text="浦东新区成立于1990年，如今已成为重要的金融中心。"
                                      "上海的人口超过两千万。\n")
    en = Document(path="en.txt", text="The Pudong New Area was founded in 1990. Today it has "
                                      "become an important financial center. Shanghai has a "
                                      "population of more than 20 million.\n")
    result = analyze(en, zh, select=["addition"])
    assert result.alignment is not None
    assert [bead.to_text() for bead in result.alignment.beads] == ["[0]:[0,1]", "[1]:[2]"]
    assert result.alignment.unsupported == () and result.findings == ()
