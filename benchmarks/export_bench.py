"""Export speed: each format on a generated review of 100,000 segments vs a naive baseline.

Baselines, measured in the same run on the same snapshot: txt by splicing each edit into the
string one at a time; tmx and xliff built as ``xml.dom.minidom`` trees and pretty-printed; patch
with ``difflib.unified_diff``; dmp with diff-match-patch's ``patch_make`` on the whole text;
json as ``dataclasses.asdict`` of the whole snapshot, html as a ``minidom`` tree of the edited
segments, both with HTER, chrF and BLEU from sacrebleu's ``corpus_score`` over all segments.
Run ``python benchmarks/export_bench.py`` (``--quick``: 10,000 segments).
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import time
from collections.abc import Callable
from dataclasses import asdict
from xml.dom import minidom

from transreview.export import FORMATS, render
from transreview.export.units import bead_units
from transreview.model import (
    Bead,
    Document,
    Finding,
    FindingState,
    FindingStatus,
    ReviewSnapshot,
    Segment,
    SegmentState,
    Severity,
    Signature,
)

WORDS = ("the", "city", "of", "Shanghai", "grew", "by", "4.5%", "in", "2023", "and", "Pudong",
         "New", "Area", "reform", "opening-up", "economic", "centre", "trade", "port", "river")
HANZI = "上海浦东新区改革开放经济中心贸易港口长江城市发展建设国际"


def _document(sentences: list[str], per_paragraph: int, joiner: str) -> tuple[Document,
                                                                             list[Segment]]:
    parts: list[str] = []
    segments: list[Segment] = []
    cursor = 0
    for index, sentence in enumerate(sentences):
        if index and index % per_paragraph == 0:
            parts.append("\n")
            cursor += 1
        elif index:
            parts.append(joiner)
            cursor += len(joiner)
        segments.append(Segment(index, cursor, cursor + len(sentence), sentence,
                                index // per_paragraph))
        parts.append(sentence)
        cursor += len(sentence)
    parts.append("\n")
    return Document("en.txt", "".join(parts)), segments


def generate(count: int, seed: int = 7) -> ReviewSnapshot:
    """A review of ``count`` 1-1 aligned sentences: 1% edited, 5% with findings."""
    rng = random.Random(seed)
    english = [" ".join(rng.choices(WORDS, k=rng.randint(6, 18))).capitalize() + "."
               for _ in range(count)]
    chinese = ["".join(rng.choices(HANZI, k=rng.randint(10, 30))) + "。" for _ in range(count)]
    en, en_segments = _document(english, 5, " ")
    zh_doc, zh_segments = _document(chinese, 5, "")
    zh = Document("zh.txt", zh_doc.text)
    states: list[SegmentState] = []
    findings: list[FindingState] = []
    statuses: tuple[FindingStatus, ...] = ("open", "accepted", "rejected")
    for segment in en_segments:
        current = segment.text
        if rng.random() < 0.01:
            current = current.replace("the", "a", 1).replace("city", "City", 1)
        states.append(SegmentState(segment.index, segment.text, current,
                                   "edited" if current != segment.text else "unreviewed"))
        if rng.random() < 0.05:
            finding = Finding(rng.choice(("forbidden-term", "number-mismatch", "repeated-word")),
                              Severity.WARNING, "A generated finding.", segment.start,
                              segment.start + 3, segment.index, segment.text[:3], "Abc")
            findings.append(FindingState(f"f{len(findings) + 1}", finding, rng.choice(statuses)))
    beads = tuple(Bead((i,), (i,), 0.9) for i in range(count))
    return ReviewSnapshot(en, zh, tuple(en_segments), tuple(zh_segments), beads, tuple(states),
                          tuple(findings), (), Signature("bench", "rules-1", "bench", "none"))


def naive_txt(snapshot: ReviewSnapshot) -> bytes:
    """Splice each edit into the text one at a time, from the end."""
    text = snapshot.en.text
    for segment, state in reversed(list(zip(snapshot.en_segments, snapshot.segments,
                                            strict=True))):
        if state.current != state.original:
            text = text[: segment.start] + state.current + text[segment.end :]
    return text.encode()


def _dom_bilingual(snapshot: ReviewSnapshot, root_name: str, unit: str, part: str) -> bytes:
    document = minidom.getDOMImplementation().createDocument(None, root_name, None)
    body = document.createElement("body")
    root = document.documentElement
    assert root is not None
    root.appendChild(body)
    for bead in bead_units(snapshot):
        element = document.createElement(unit)
        for state in bead.findings:
            note = document.createElement("note")
            note.appendChild(document.createTextNode(state.finding.message))
            element.appendChild(note)
        for lang, text in (("zh-CN", bead.zh), ("en", bead.corrected)):
            holder = document.createElement(part)
            holder.setAttribute("xml:lang", lang)
            holder.appendChild(document.createTextNode(text))
            element.appendChild(holder)
        body.appendChild(element)
    return document.toprettyxml(encoding="utf-8")


def naive_patch(snapshot: ReviewSnapshot) -> bytes:
    """difflib's unified diff of the two texts."""
    before = snapshot.en.text.splitlines(keepends=True)
    after = snapshot.corrected_text().splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, "a/en.txt", "b/en.txt")).encode()


def naive_dmp(snapshot: ReviewSnapshot) -> bytes:
    """diff-match-patch's ``patch_make`` on the whole text."""
    from diff_match_patch import diff_match_patch

    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    patches = engine.patch_make(snapshot.en.text, snapshot.corrected_text())
    return str(engine.patch_toText(patches)).encode()


def naive_metrics(snapshot: ReviewSnapshot) -> dict[str, float]:
    """Case-sensitive TER, chrF and BLEU by sacrebleu's ``corpus_score`` over every segment."""
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER

    original = [state.original for state in snapshot.segments]
    corrected = [[state.current for state in snapshot.segments]]
    return {"hter": TER(case_sensitive=True).corpus_score(original, corrected).score,
            "chrf": CHRF().corpus_score(original, corrected).score,
            "bleu": BLEU().corpus_score(original, corrected).score}


def naive_json(snapshot: ReviewSnapshot) -> bytes:
    """``asdict`` of the whole snapshot and the metrics, dumped with an indent."""
    data = {"snapshot": asdict(snapshot), "metrics": naive_metrics(snapshot)}
    return json.dumps(data, default=str, ensure_ascii=False, indent=1).encode()


def naive_html(snapshot: ReviewSnapshot) -> bytes:
    """The metrics, and a minidom tree with a paragraph per edited segment, pretty-printed."""
    document = minidom.getDOMImplementation().createDocument(None, "html", None)
    body = document.createElement("body")
    body.setAttribute("data-metrics", json.dumps(naive_metrics(snapshot)))
    root = document.documentElement
    assert root is not None
    root.appendChild(body)
    for state in snapshot.segments:
        if state.current != state.original:
            paragraph = document.createElement("p")
            for tag, text in (("del", state.original), ("ins", state.current)):
                element = document.createElement(tag)
                element.appendChild(document.createTextNode(text))
                paragraph.appendChild(element)
            body.appendChild(paragraph)
    return document.toprettyxml(encoding="utf-8")


BASELINES: dict[str, tuple[str, Callable[[ReviewSnapshot], bytes]]] = {
    "txt": ("splice edits one by one", naive_txt),
    "tmx": ("xml.dom.minidom", lambda s: _dom_bilingual(s, "tmx", "tu", "tuv")),
    "xliff": ("xml.dom.minidom", lambda s: _dom_bilingual(s, "xliff", "segment", "target")),
    "patch": ("difflib.unified_diff", naive_patch),
    "dmp": ("patch_make on the whole text", naive_dmp),
    "json": ("asdict + sacrebleu corpus_score", naive_json),
    "html": ("minidom + sacrebleu corpus_score", naive_html),
}


def timed(function: Callable[[], bytes]) -> tuple[float, int]:
    """Seconds taken by one call, and the size of what it returned."""
    start = time.perf_counter()
    size = len(function())
    return time.perf_counter() - start, size


def main() -> None:
    """Generate, time each format and its baseline, print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10,000 segments instead of 100,000")
    count = 10_000 if parser.parse_args().quick else 100_000
    started = time.perf_counter()
    snapshot = generate(count)
    edited = sum(1 for s in snapshot.segments if s.current != s.original)
    print(f"{count:,} segments, {edited:,} edited, {len(snapshot.findings):,} findings "
          f"(generated in {time.perf_counter() - started:.1f} s)")
    print(f"{'format':<7} {'project s':>10} {'MB':>7}   {'baseline':<30} {'baseline s':>10}"
          f" {'ratio':>7}")
    for name in FORMATS:
        ours, size = timed(lambda name=name: render(snapshot, name))  # type: ignore[misc]
        label, baseline = BASELINES[name]
        theirs, _ = timed(lambda baseline=baseline: baseline(snapshot))  # type: ignore[misc]
        print(f"{name:<7} {ours:>10.3f} {size / 1e6:>7.2f}   {label:<30} {theirs:>10.3f}"
              f" {theirs / ours:>6.1f}x")


if __name__ == "__main__":
    main()
