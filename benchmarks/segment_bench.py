"""Sentence segmentation speed and accuracy: transreview's rules against pysbd, same run.

Generates a large English text (and a Chinese one) from varied template sentences whose true
boundaries are known, then measures sentences per second for ``segment_document`` and for pysbd
(on a sample of the same paragraphs when the full text would take too long), boundary accuracy on
the generated text, and accuracy on the 48 English golden rules (tests/test_segment_golden.py).

    python benchmarks/segment_bench.py            # ~4 MB of English, ~1 MB of Chinese
    python benchmarks/segment_bench.py --quick    # a tenth of that
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

import pysbd

from transreview.model import Document, Lang
from transreview.segment import segment_document, split_sentences

NAMES = ["Mr. Smith", "Dr. Li Wei", "Prof. Zhang", "J. K. Rowling", "Ms. Chen", "Gen. Wang",
         "Sen. Brown", "Xi Jinping", "Huang Baomei", "St. John"]
FIRMS = ["Guohua Life Insurance Co., Ltd.", "Acme Corp.", "Shanghai Tower Co. Ltd.",
         "Apple Inc.", "Pitt, Briggs & Co."]
PLACES = ["the U.S.", "Shanghai", "Pudong", "the E.U.", "Mt. Fuji", "Lujiazui",
          "No. 1 Middle School"]
ENGLISH = [
    "{name} visited {place} on October {day}, {year}.",
    "GDP reached {num}.{dec} trillion yuan, up {dec}.{dig} percent year on year.",
    "The population grew to {num}.{dec} million, i.e. about {big},000 more than in {year}.",
    '"We have every reason to be confident," said {name}.',
    "{name} said: \"The work has just begun.\"",
    "At {day} a.m. {name} arrived at {place}.",
    "{firm} opened a branch in {place} (its {dig}th in Asia).",
    "Exports, e.g. chips and cars, rose by {dig}.{dec}% in {year}.",
    "Is this the right way?",
    "What a remarkable change!",
    "The plan covers transport, housing, schools, etc.",
    "The answer was simple...|Build more.",
    "He paused . . . and then went on.",
    "See Fig. {dig} on p. {num} for details.",
    "{name} works for {firm} in {place}.",
    "The new zone covers {num}.{dec} sq. km and hosts {big},{dec}0 firms.",
    "They met {name} at {dig} p.m. and left at {day} p.m.",
    "Why not?!|It worked.",
    "The U.S. Government sent a delegation.",
    "The report (published in {year}) lists {num} projects.",
]
CHINESE = [
    "{year}年10月{day}日，总书记来到上海考察。",
    "上海GDP达到{num}.{dec}万亿元，同比增长{dig}.{dec}%。",
    "常住人口约{big}万人，其中外籍人士{num}万。",
    "他说：“我们要走在前列。”",
    "代表们说：“这是一份沉甸甸的嘱托！”",
    "中国（上海）自由贸易试验区挂牌{dig}年来，累计新设企业{big}家。",
    "陆家嘴、外滩、北外滩……一座座地标拔地而起。",
    "这里是中共一大会址；那里是《共产党宣言》展示馆。",
    "为什么上海能做到？",
    "“一网通办”接入事项{big}项，U.S.企业也纷纷点赞！",
    "《你好！上海》是一部纪录片，播放量超过{num}万次。",
    "黄宝妹说：“我们赶上了好时代。”|她笑了。",
]
FIELDS: dict[str, Sequence[str]] = {
    "name": NAMES, "firm": FIRMS, "place": PLACES,
    "day": [str(d) for d in range(1, 29)], "year": [str(y) for y in range(1990, 2023)],
    "num": [str(n) for n in range(2, 999, 7)], "dec": [str(n) for n in range(10, 99, 3)],
    "dig": [str(n) for n in range(2, 10)], "big": [str(n) for n in range(100, 999, 13)],
}


def generate(templates: Sequence[str], target_chars: int, seed: int,
             joiner: str) -> tuple[str, list[list[str]]]:
    """A text of about ``target_chars`` characters, one paragraph per line, and its sentences.

    A ``|`` in a template marks a sentence boundary inside it; an abbreviation at the end of a
    sentence gives one period, not two ("the U.S.").
    """
    rng = random.Random(seed)
    paragraphs: list[list[str]] = []
    size = 0
    while size < target_chars:
        sentences = []
        for _ in range(rng.randint(2, 8)):
            template = rng.choice(templates)
            values = {key: rng.choice(options) for key, options in FIELDS.items()}
            for sentence in template.format(**values).split("|"):
                if sentence.endswith("..") and not sentence.endswith("..."):
                    sentence = sentence[:-1]
                sentences.append(sentence)
        paragraphs.append(sentences)
        size += sum(map(len, sentences)) + len(sentences)
    text = "\n".join(joiner.join(sentences) for sentences in paragraphs) + "\n"
    return text, paragraphs


def timed(function: Callable[[], object], repeat: int) -> float:
    """The best wall time of ``repeat`` calls."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def accuracy(found: Sequence[Sequence[str]], truth: Sequence[Sequence[str]]) -> float:
    """Share of paragraphs whose sentences are exactly the true ones."""
    return sum(list(a) == list(b) for a, b in zip(found, truth, strict=True)) / len(truth)


def ours_by_paragraph(text: str, lang: Lang) -> list[list[str]]:
    """Our sentences grouped by paragraph."""
    grouped: dict[int, list[str]] = {}
    for segment in segment_document(Document("bench", text), lang):
        grouped.setdefault(segment.paragraph, []).append(segment.text)
    return [grouped[index] for index in range(len(grouped))]


def pysbd_by_paragraph(segmenter: pysbd.Segmenter, paragraphs: Sequence[str]) -> list[list[str]]:
    """pysbd's sentences of each paragraph (stripped, empty pieces dropped)."""
    return [[s.strip() for s in segmenter.segment(p) if s.strip()] for p in paragraphs]


def load_golden() -> ModuleType:
    """tests/test_segment_golden.py, for its GOLDEN_EN table."""
    path = Path(__file__).resolve().parents[1] / "tests" / "test_segment_golden.py"
    spec = importlib.util.spec_from_file_location("segment_golden", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(lang: Lang, templates: Sequence[str], chars: int, sample_paragraphs: int,
            joiner: str) -> None:
    """Generate, time both segmenters, print throughput, ratio and accuracy."""
    text, truth = generate(templates, chars, seed=7 if lang == "en" else 11, joiner=joiner)
    lines = text.splitlines()
    total = sum(map(len, truth))
    ours_time = timed(lambda: segment_document(Document("bench", text), lang), repeat=3)
    spans_time = timed(lambda: split_sentences(text, lang), repeat=3)
    sample = lines[:sample_paragraphs]
    sample_total = sum(map(len, truth[:sample_paragraphs]))
    segmenter = pysbd.Segmenter(language=lang, clean=False)
    baseline_time = timed(lambda: pysbd_by_paragraph(segmenter, sample), repeat=1)
    ours_rate = total / ours_time
    baseline_rate = sample_total / baseline_time
    print(f"[{lang}] generated {len(text) / 1e6:.2f} M characters, {len(lines)} paragraphs, "
          f"{total} sentences")
    print(f"  transreview segment_document : {ours_rate:12,.0f} sentences/s "
          f"({ours_time:.3f} s for all {total})")
    print(f"  transreview split_sentences  : {total / spans_time:12,.0f} sentences/s (spans only)")
    print(f"  pysbd 0.3.4                  : {baseline_rate:12,.0f} sentences/s "
          f"({baseline_time:.3f} s for a sample of {sample_total})")
    print(f"  speed ratio                  : {ours_rate / baseline_rate:12.1f} x")
    ours_accuracy = accuracy(ours_by_paragraph(text, lang)[:sample_paragraphs],
                             truth[:sample_paragraphs])
    baseline_accuracy = accuracy(pysbd_by_paragraph(segmenter, sample), truth[:sample_paragraphs])
    print(f"  paragraphs segmented exactly (sample of {len(sample)}): "
          f"transreview {ours_accuracy:.1%}, pysbd {baseline_accuracy:.1%}")


def golden() -> None:
    """Accuracy of both on the English golden rules."""
    cases = load_golden().GOLDEN_EN
    segmenter = pysbd.Segmenter(language="en", clean=False)
    ours = sum(
        tuple(text[s:e] for s, e in split_sentences(text, "en")) == tuple(expected)
        for text, expected in cases
    )
    theirs = sum(
        tuple(s.strip() for s in segmenter.segment(text)) == tuple(expected)
        for text, expected in cases
    )
    print(f"[en] golden rules: transreview {ours}/{len(cases)}, pysbd {theirs}/{len(cases)}")


def main() -> None:
    """Parse --quick and run the three measurements."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a tenth of the data")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    golden()
    measure("en", ENGLISH, 4_000_000 // scale, 2_000 // scale, joiner=" ")
    measure("zh", CHINESE, 1_000_000 // scale, 2_000 // scale, joiner="")


if __name__ == "__main__":
    main()
