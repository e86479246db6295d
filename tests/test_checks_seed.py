"""The seed article (corpora/shanghai/en.txt) with and without the project glossary: every real
defect the seed README names is reported, and nothing that is correct is flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from transreview.glossary import load_glossary
from transreview.ingest import read_document
from transreview.pipeline import analyze

ROOT = Path(__file__).resolve().parents[1]
EN = ROOT / "corpora" / "shanghai" / "en.txt"
GLOSSARY = ROOT / "glossary.tsv"

# (line, rule, term) for the English-only rules with the project glossary.
WITH_GLOSSARY = [
    (3, "forbidden-term", "Socialist Modern International Metropolis"),
    (7, "duplicate-segment", "Former Title: Accelerating the Construction of a World Influential "
        "Socialist Modern International Metropolis (Following the Footprint of the General "
        "Secretary, Shanghai Chapter)"),
    (7, "forbidden-term", "Socialist Modern International Metropolis"),
    (9, "duplicate-segment", "Riverside and sea, long wind; Hundreds of barges compete for the "
        "current, and those who strive for speed are the first."),
    (13, "forbidden-term", "mega city"),
    (15, "forbidden-term", "pioneer of reform and opening up"),
    (15, "forbidden-term", "pioneer of innovative development"),
    (15, "forbidden-term", "great spirit of Party building"),
    (15, "forbidden-term", "new development concept"),
    (23, "forbidden-term", "original intention"),
    (25, "forbidden-term", "great spirit of party building"),
    (27, "forbidden-term", "First National Congress of the Communist Party of China Memorial Hall"),
    (29, "forbidden-term", "great spirit of party building"),
    (31, "forbidden-term", "grass-roots party building"),
    (33, "forbidden-term", "Shanghai Center Building"),
    (35, "forbidden-term", "Party Construction Service Center"),
    (37, "forbidden-term", "grass-roots party building"),
    (39, "forbidden-term", "grass-roots party building"),
    (43, "forbidden-term", "grass-roots party building"),
    (55, "forbidden-term", "pacesetter of reform and opening up"),
    (55, "forbidden-term", "pioneer of innovation and development"),
    (59, "forbidden-term", "China Shanghai Pilot Free Trade Zone"),
    (65, "forbidden-term", "four self-confidence"),
    (67, "inconsistent-term", "High level"),
    (71, "forbidden-term", "new area near the port"),
    (77, "forbidden-term", "innovation driven development strategy"),
    (79, "forbidden-term", "doorstep"),
    (79, "forbidden-term", "innovation driven development strategy"),
    (85, "forbidden-term", "scientific and technological innovation center"),
    (85, "forbidden-term", "Shanghai Free Trade Pilot Zone"),
    (85, "forbidden-term", "science and technology innovation board"),
    (89, "forbidden-term", "Comprehensive Management Center of Urban Operation"),
    (101, "forbidden-term", "All in One Network"),
    (101, "forbidden-term", "one network unified management"),
    (107, "unbalanced-pair", "”"),
    (107, "forbidden-term", "Gubei Civic Center"),
    (111, "forbidden-term", "Cities are people's cities, people's cities are people"),
    (113, "forbidden-term", "Cities are people's cities, and people's cities are people's cities"),
    (123, "forbidden-term", "Wukang Building"),
    (127, "forbidden-term", "people centered development philosophy"),
    (131, "forbidden-term", "15 minute community life circle"),
    (131, "forbidden-term", "practical projects"),
    (137, "forbidden-term",
     "Xi Jinping's Thought on Socialism with Chinese Characteristics for a New Era"),
    (137, "forbidden-term", "modern international socialist metropolis"),
]

# (line, rule, term, suggestion) without any glossary.
WITHOUT_GLOSSARY = [
    (7, "duplicate-segment", "Former Title", None),
    (9, "duplicate-segment", "Riverside and sea", None),
    (13, "inconsistent-term", "mega city", "megacity"),
    (27, "inconsistent-term", "First National Congress of the Communist Party of China Memorial "
         "Hall", "Memorial Hall of the First National Congress of the Communist Party of China"),
    (31, "inconsistent-term", "grass-roots", "grassroots"),
    (37, "inconsistent-term", "grass-roots", "grassroots"),
    (39, "inconsistent-term", "grass-roots", "grassroots"),
    (43, "inconsistent-term", "grass-roots", "grassroots"),
    (59, "inconsistent-term", "China Shanghai Pilot Free Trade Zone",
     "Shanghai Pilot Free Trade Zone"),
    (67, "inconsistent-term", "High level", "High-level"),
    (85, "inconsistent-term", "Shanghai Free Trade Pilot Zone", "Shanghai Pilot Free Trade Zone"),
    (89, "inconsistent-term", "Comprehensive Management Center of Urban Operation",
     "Comprehensive Management Center for Urban Operation"),
    (107, "unbalanced-pair", "”", '"'),
]


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not EN.is_file():
        pytest.skip("corpora/shanghai/en.txt is absent")
    return read_document(str(EN)).text


def test_seed_with_the_project_glossary(seed_text: str) -> None:
    document = read_document(str(EN))
    analysis = analyze(document, glossary=load_glossary(str(GLOSSARY)))
    found = [(line_of(seed_text, f.start), f.rule, f.term) for f in analysis.findings]
    assert found == WITH_GLOSSARY


def test_seed_without_a_glossary(seed_text: str) -> None:
    analysis = analyze(read_document(str(EN)))
    found = [(line_of(seed_text, f.start), f.rule, f.term, f.suggestion)
             for f in analysis.findings]
    assert len(found) == len(WITHOUT_GLOSSARY)
    for (line, rule, term, suggestion), expected in zip(found, WITHOUT_GLOSSARY, strict=True):
        assert (line, rule, suggestion) == (expected[0], expected[1], expected[3])
        assert term.startswith(expected[2])


def test_seed_readme_variant_pairs_are_found_without_a_glossary(seed_text: str) -> None:
    """The pairs named in ../shared/seed/README.md."""
    analysis = analyze(read_document(str(EN)), select=["inconsistent-term"])
    pairs = {(f.term, f.suggestion) for f in analysis.findings}
    assert ("China Shanghai Pilot Free Trade Zone", "Shanghai Pilot Free Trade Zone") in pairs
    assert ("Shanghai Free Trade Pilot Zone", "Shanghai Pilot Free Trade Zone") in pairs
    assert ("Comprehensive Management Center of Urban Operation",
            "Comprehensive Management Center for Urban Operation") in pairs
    assert ("grass-roots", "grassroots") in pairs
