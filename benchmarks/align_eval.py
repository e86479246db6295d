"""Alignment accuracy: strict and lax precision / recall / F1 on MAC-Dev and the demo corpus.

Runs the project's aligner and, in the same run, its length-only (Gale–Church) mode as the
baseline. The metric is the one of ``../shared/data/mac-dev/README.md`` (as in the vecalign and
bertalign papers): precision over predicted beads including null beads, recall over gold beads
with null beads left out on both sides, counts summed over documents; a lax match shares at least
one (zh, en) link, and a null bead only matches strictly. Prints wall time and peak memory too.

    python benchmarks/align_eval.py [--quick] [--docs 001,002]
"""

from __future__ import annotations

import argparse
import resource
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from transreview.align import Weights, align
from transreview.model import Document, Segment
from transreview.segment import segment_document, segment_presegmented

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MAC_DEV = SHARED / "data" / "mac-dev"
SHANGHAI = ROOT / "corpora" / "shanghai"

BeadPair = tuple[tuple[int, ...], tuple[int, ...]]


def read_beads(text: str) -> list[BeadPair]:
    """Beads from the ``[0,1]:[2]`` format, one per line."""
    beads: list[BeadPair] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        left, right = line.strip().split(":")
        zh = tuple(int(x) for x in left.strip("[]").split(",") if x.strip())
        en = tuple(int(x) for x in right.strip("[]").split(",") if x.strip())
        beads.append((zh, en))
    return beads


def presegmented(text: str, name: str) -> tuple[Segment, ...]:
    """Presegmented text: line k is sentence k (as in MAC-Dev)."""
    return segment_presegmented(Document(path=name, text=text))


def _precision_counts(gold: Sequence[BeadPair], test: Sequence[BeadPair]) -> list[int]:
    """[strict tp, strict fp, lax tp, lax fp] of ``test`` against ``gold`` (vecalign's score)."""
    gold_set = {bead for bead in gold if bead[0] or bead[1]}
    links: dict[int, set[int]] = defaultdict(set)
    for zh, en in gold_set:
        for s in zh:
            links[s].update(en)
    counts = [0, 0, 0, 0]
    for zh, en in {bead for bead in test if bead[0] or bead[1]}:
        if (zh, en) in gold_set:
            counts[0] += 1
            counts[2] += 1
            continue
        counts[1] += 1
        targets = set().union(*(links[s] for s in zh)) if zh else set()
        if targets.intersection(en):
            counts[2] += 1
        else:
            counts[3] += 1
    return counts


@dataclass
class Score:
    """Summed counts over documents."""

    precision: list[int]
    recall: list[int]

    def add(self, gold: Sequence[BeadPair], test: Sequence[BeadPair]) -> None:
        """Count one document."""
        for k, v in enumerate(_precision_counts(gold, test)):
            self.precision[k] += v
        gold_pairs = [bead for bead in gold if bead[0] and bead[1]]
        test_pairs = [bead for bead in test if bead[0] and bead[1]]
        for k, v in enumerate(_precision_counts(test_pairs, gold_pairs)):
            self.recall[k] += v

    def f1(self) -> tuple[float, float, float, float, float, float]:
        """strict P, R, F1 and lax P, R, F1."""
        out: list[float] = []
        for tp, fp in ((0, 1), (2, 3)):
            p = self.precision[tp] / max(1, self.precision[tp] + self.precision[fp])
            r = self.recall[tp] / max(1, self.recall[tp] + self.recall[fp])
            out += [p, r, 2 * p * r / (p + r) if p + r else 0.0]
        return out[0], out[1], out[2], out[3], out[4], out[5]


def evaluate(
    pairs: Sequence[tuple[str, str, str, str]], weights: Weights, *, paragraphs: bool = False,
    term_pairs: Sequence[tuple[str, str]] = (),
) -> tuple[Score, float]:
    """Align every (name, zh, en, gold) document; the summed score and the seconds taken.

    ``paragraphs``: the texts have one paragraph per line and go through the segmenter;
    otherwise they are presegmented (line k is sentence k).
    """
    score = Score([0, 0, 0, 0], [0, 0, 0, 0])
    began = time.perf_counter()
    for name, zh, en, gold in pairs:
        if paragraphs:
            zh_segments = segment_document(Document(path=name, text=zh), "zh")
            en_segments = segment_document(Document(path=name, text=en), "en")
        else:
            zh_segments, en_segments = presegmented(zh, name), presegmented(en, name)
        alignment = align(zh_segments, en_segments, term_pairs=term_pairs, weights=weights)
        score.add(read_beads(gold), [(b.zh, b.en) for b in alignment.beads])
    return score, time.perf_counter() - began


def shanghai_document() -> list[tuple[str, str, str, str]]:
    """The demo corpus as one (name, zh, en, gold) document."""
    return [
        (
            "shanghai",
            (SHANGHAI / "zh.txt").read_text(encoding="utf-8"),
            (SHANGHAI / "en.txt").read_text(encoding="utf-8"),
            (SHANGHAI / "gold.align").read_text(encoding="utf-8"),
        )
    ]


def glossary_pairs() -> tuple[tuple[str, str], ...]:
    """The project glossary's term pairs (none when the glossary module or file is missing)."""
    try:
        from transreview.glossary import load_glossary
    except ImportError:
        return ()
    path = ROOT / "glossary.tsv"
    return load_glossary(str(path)).term_pairs() if path.is_file() else ()


def mac_documents(only: Sequence[str]) -> list[tuple[str, str, str, str]]:
    """MAC-Dev documents (all, or those named in ``only``)."""
    names = sorted(p.name for p in (MAC_DEV / "zh").iterdir())
    return [
        (
            name,
            (MAC_DEV / "zh" / name).read_text(encoding="utf-8"),
            (MAC_DEV / "en" / name).read_text(encoding="utf-8"),
            (MAC_DEV / "gold" / f"{name}.align").read_text(encoding="utf-8"),
        )
        for name in names
        if not only or name in only
    ]


def _row(label: str, score: Score, seconds: float) -> str:
    sp, sr, sf, lp, lr, lf = score.f1()
    return (
        f"{label:<22} strict P {sp:.3f} R {sr:.3f} F1 {sf:.3f} | "
        f"lax P {lp:.3f} R {lr:.3f} F1 {lf:.3f} | {seconds:6.2f} s"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Print the accuracy table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", default="", help="comma-separated MAC-Dev ids (default: all)")
    parser.add_argument("--quick", action="store_true", help="two MAC-Dev documents only")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    only = [d for d in args.docs.split(",") if d] or (["001", "006"] if args.quick else [])
    modes = (("project", Weights()), ("length-only baseline", Weights(lexical=False)))
    if MAC_DEV.is_dir():
        documents = mac_documents(only)
        print(f"MAC-Dev ({len(documents)} documents, presegmented)")
        for label, weights in modes:
            print(_row(label, *evaluate(documents, weights)))
    else:
        print(f"MAC-Dev not found at {MAC_DEV}: skipped")
    if (SHANGHAI / "gold.align").is_file() and (SHANGHAI / "zh.txt").is_file():
        print("corpora/shanghai (segmented by transreview.segment)")
        pairs = glossary_pairs()
        for label, weights in modes:
            print(_row(label, *evaluate(shanghai_document(), weights, paragraphs=True)))
        if pairs:
            row = evaluate(shanghai_document(), Weights(), paragraphs=True, term_pairs=pairs)
            print(_row("project + glossary", *row))
    else:
        print("corpora/shanghai has no zh.txt/gold.align yet: skipped")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"total wall time {time.perf_counter() - began:.2f} s, peak RSS {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
