"""Golden files per export format for a small fixed review of real files in tests/golden/sample.

The snapshot is built by hand (sentences located in the files, a fixed alignment, findings,
and an edit log with accepts, a manual edit and an undo) so the golden files change only when an
exporter does. ``UPDATE_GOLDEN=1 pytest tests/test_export_golden.py`` rewrites them.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from transreview.export import FORMATS, render
from transreview.ingest import read_document
from transreview.model import (
    Bead,
    Document,
    Edit,
    EditKind,
    Finding,
    FindingState,
    FindingStatus,
    ReviewSnapshot,
    Segment,
    SegmentState,
    SegmentStatus,
    Severity,
    Signature,
)

GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLE = GOLDEN / "sample"

EN_SENTENCES = (
    "Shanghai is the largest economic center city of China.",
    "In 2023, Shanghai's GDP reached 4.27 trillion yuan, and R&D spending was 4.4% of it.",
    "Pudong New Area was established in 1990.",
    "It is the frontier of reform & opening up.",
    "In 2010, the “World Expo” <EXPO 2010> was held in shanghai.",
    "(Figures are preliminary.)",
)
ZH_SENTENCES = (
    "上海是中国最大的经济中心城市。",
    "2023年，上海地区生产总值达到4.72万亿元，研发投入占4.4%。",
    "浦东新区成立于1990年，是改革开放的前沿。",
    "2010年，世博会在上海举行。",
)
BEADS = (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.8), Bead((2,), (2, 3), 0.7),
         Bead((3,), (4,), 0.9), Bead((), (5,), 0.1))


def locate(document: Document, sentences: tuple[str, ...]) -> tuple[Segment, ...]:
    """Segments for ``sentences``, found in order in the document; paragraph = non-blank line."""
    segments: list[Segment] = []
    cursor = 0
    for index, sentence in enumerate(sentences):
        start = document.text.index(sentence, cursor)
        cursor = start + len(sentence)
        head = document.text[:start]
        complete = head[: max(head.rfind("\n"), head.rfind("\r")) + 1]
        paragraph = sum(1 for line in complete.splitlines() if line.strip())
        segments.append(Segment(index, start, cursor, sentence, paragraph))
    return tuple(segments)


def finding(en: Document, segment: int, rule: str, term: str, severity: Severity, message: str,
            suggestion: str | None = None, zh_segment: int | None = None) -> Finding:
    """A finding on the first occurrence of ``term`` in ``en``."""
    start = en.text.index(term)
    return Finding(rule, severity, message, start, start + len(term), segment, term, suggestion,
                   zh_segment)


def edit(number: int, segment: int, before: str, after: str, kind: EditKind,
         finding_id: str | None = None, reverts: int | None = None) -> Edit:
    """An edit-log entry with a fixed reviewer and time and its diff-match-patch patch."""
    from diff_match_patch import diff_match_patch

    engine = diff_match_patch()
    patch = engine.patch_toText(engine.patch_make(before, after))
    return Edit(number, segment, before, after, kind, "reviewer@example",
                f"2026-01-02T03:04:0{number}Z", finding_id, patch, reverts)


def build_snapshot(en: Document, zh: Document | None, reviewed: bool = True) -> ReviewSnapshot:
    """The sample review of ``en`` (and ``zh``): accepted, rejected and open findings, edits."""
    en_segments = locate(en, EN_SENTENCES)
    zh_segments = locate(zh, ZH_SENTENCES) if zh is not None else ()
    findings = (
        FindingState("f1", finding(en, 0, "forbidden-term", "economic center city",
                                   Severity.WARNING, "“economic center city” is a forbidden "
                                   "variant of “economic centre”.", "economic centre"), "rejected"),
        FindingState("f2", finding(en, 1, "number-mismatch", "4.27", Severity.ERROR,
                                   "4.27 does not match 4.72 in the source.", "4.72", 1),
                     "accepted"),
        FindingState("f3", finding(en, 3, "length-ratio", "It is the frontier of reform & "
                                   "opening up.", Severity.INFO, "The English is short for its "
                                   "source."), "open"),
        FindingState("f4", finding(en, 4, "missing-term", "shanghai", Severity.ERROR,
                                   "“Shanghai” is capitalised.", "Shanghai"), "accepted"),
    )
    texts = list(EN_SENTENCES)
    log: list[Edit] = []

    def change(segment: int, after: str, kind: EditKind, finding_id: str | None = None,
               reverts: int | None = None) -> None:
        log.append(edit(len(log) + 1, segment, texts[segment], after, kind, finding_id, reverts))
        texts[segment] = after

    change(1, texts[1].replace("4.27", "4.72"), "accept", "f2")
    change(4, texts[4].replace("shanghai", "Shanghai"), "accept", "f4")
    change(2, "Pudong New Area was set up in 1990.", "edit")
    change(2, EN_SENTENCES[2], "undo", reverts=3)
    change(3, "It is at the forefront of reform & opening-up.", "edit")
    statuses: tuple[SegmentStatus, ...] = ("reviewed", "edited", "reviewed", "edited", "edited",
                                           "unreviewed")
    if not reviewed:
        statuses = tuple("unreviewed" for _ in texts)
    states = tuple(
        SegmentState(i, EN_SENTENCES[i], texts[i], statuses[i]) for i in range(len(texts))
    )
    return ReviewSnapshot(
        en=en, zh=zh, en_segments=en_segments, zh_segments=zh_segments,
        beads=BEADS if zh is not None else (), segments=states, findings=findings,
        edits=tuple(log),
        signature=Signature("0.1.0", "rules-1", "test-aligner", "abc123",
                            ("forbidden-term", "length-ratio", "missing-term", "number-mismatch")),
    )


def sample_snapshot() -> ReviewSnapshot:
    """The sample review of tests/golden/sample/en.txt with its Chinese source."""
    return build_snapshot(read_document(str(SAMPLE / "en.txt")),
                          read_document(str(SAMPLE / "zh.txt")))


def unedited(snapshot: ReviewSnapshot) -> ReviewSnapshot:
    """``snapshot`` with every edit taken back and every finding open."""
    status: FindingStatus = "open"
    return replace(
        snapshot,
        segments=tuple(SegmentState(s.index, s.original, s.original) for s in snapshot.segments),
        findings=tuple(replace(f, status=status) for f in snapshot.findings),
        edits=(),
    )


def relative(snapshot: ReviewSnapshot) -> ReviewSnapshot:
    """``snapshot`` with the documents' paths as short names, so goldens do not hold tmp paths."""
    zh = replace(snapshot.zh, path="zh.txt") if snapshot.zh is not None else None
    return replace(snapshot, en=replace(snapshot.en, path="en.txt"), zh=zh)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_format_matches_golden_file(fmt: str) -> None:
    """Each format renders the sample review exactly as its golden file."""
    data = render(relative(sample_snapshot()), fmt)
    golden = GOLDEN / f"sample{FORMATS[fmt].suffix}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(data)
    assert golden.is_file(), f"missing golden file {golden}; run with UPDATE_GOLDEN=1"
    assert data == golden.read_bytes()


def test_registry_describes_every_format() -> None:
    """The registry names each format with a description and a dotted suffix."""
    assert {"txt", "tmx", "xliff", "patch", "dmp", "json", "html"} <= set(FORMATS)
    for name, exporter in FORMATS.items():
        assert exporter.name == name
        assert exporter.description
        assert exporter.suffix.startswith(".")
    assert FORMATS["tmx"].needs_source and FORMATS["xliff"].needs_source
    assert not FORMATS["txt"].needs_source
