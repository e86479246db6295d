"""Source-side rules on the bundled corpus: the real defects and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from transreview.glossary import load_glossary
from transreview.ingest import read_document
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
