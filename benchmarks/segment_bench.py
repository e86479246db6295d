"""Sentence segmentation speed and accuracy: transreview's rules against pysbd, same run.

Generates a large English text (and a Chinese one) from varied template sentences whose true
boundaries are known, then measures sentences per second for ``segment_document`` and for pysbd
(on a sample of the same paragraphs when the full text would take too long), boundary accuracy on
the generated text, accuracy on the 48 English golden rules (tests/test_segment_golden.py) and
sentence-boundary precision/recall on the human segmentation of MAC-Dev (../shared, if present).

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
    "{name} visited {place} on October {day}, {year}{more}.",
    "GDP reached {num}.{dec} trillion yuan, up {dec}.{dig} percent year on year{more}.",
    "The population grew to {num}.{dec} million, i.e. about {big},000 more than in {year}{more}.",
    '"We have every reason to be confident that the city will keep growing," said {name}.',
    "{name} said: \"The work has just begun, and the road ahead is long.\"",
    "At {day} a.m. {name} arrived at {place} to inspect the new service centre{more}.",
    "{firm} opened a branch in {place} (its {dig}th in Asia){more}.",
    "Exports, e.g. chips and cars, rose by {dig}.{dec}% in {year}{more}.",
    "Is this the right way to govern a city of {num} million people?",
    "What a remarkable change for the old neighbourhoods of {place}!",
    "The plan covers transport, housing, schools, hospitals, parks, etc.",
    "The answer was simple...|Build more homes and open more services to residents{more}.",
    "He paused . . . and then went on to describe the reform of the old districts{more}.",
    "See Fig. {dig} on p. {num} for the details of the {year} survey{more}.",
    "{name} works for {firm} in {place}{more}.",
    "The new zone covers {num}.{dec} sq. km and hosts {big},{dec}0 firms{more}.",
    "They met {name} at {dig} p.m. and left at {day} p.m. on the same day{more}.",
    "Why not?!|It worked, and the residents of {place} were the first to benefit{more}.",
    "The U.S. Government sent a delegation to study the programme{more}.",
    "The report (published in {year}) lists {num} projects across the city{more}.",
]
CLAUSES_EN = [
    ", according to a report released by {firm} on March {day}",
    ", which is {dig}.{dec} percent higher than in {year}",
    ", as {name} told reporters in {place}",
    ", and the figure is expected to reach {big},{dec}0 by {year}",
    ", while exports to the U.S. and the E.U. grew by {dig}.{dec}%",
    " under the guidance of the municipal government",
]
CHINESE = [
    "{year}年10月{day}日，总书记来到上海考察{more}。",
    "上海GDP达到{num}.{dec}万亿元，同比增长{dig}.{dec}%{more}。",
    "常住人口约{big}万人，其中外籍人士{num}万{more}。",
    "他说：“我们要走在前列，为全国改革开放探索新路。”",
    "代表们说：“这是一份沉甸甸的嘱托！”",
    "中国（上海）自由贸易试验区挂牌{dig}年来，累计新设企业{big}家{more}。",
    "陆家嘴、外滩、北外滩……一座座地标拔地而起{more}。",
    "这里是中共一大会址；那里是《共产党宣言》展示馆{more}。",
    "为什么上海能在短短{dig}年里做到这一点？",
    "“一网通办”接入事项{big}项，U.S.企业也纷纷点赞！",
    "《你好！上海》是一部纪录片，播放量超过{num}万次{more}。",
    "黄宝妹说：“我们赶上了好时代。”|她笑了。",
]
CLAUSES_ZH = [
    "，比{year}年增长{dig}.{dec}%",
    "，其中浦东新区贡献了{num}.{dec}%",
    "，这一数字预计到{year}年将达到{big}万",
    "，为全国超大城市治理提供了上海经验",
]
FIELDS: dict[str, Sequence[str]] = {
    "name": NAMES, "firm": FIRMS, "place": PLACES,
    "day": [str(d) for d in range(1, 29)], "year": [str(y) for y in range(1990, 2023)],
    "num": [str(n) for n in range(2, 999, 7)], "dec": [str(n) for n in range(10, 99, 3)],
    "dig": [str(n) for n in range(2, 10)], "big": [str(n) for n in range(100, 999, 13)],
}


def generate(templates: Sequence[str], clauses: Sequence[str], target_chars: int, seed: int,
             joiner: str) -> tuple[str, list[list[str]]]:
    """A text of about ``target_chars`` characters, one paragraph per line, and its sentences.

    ``{more}`` in a template takes up to two ``clauses``, so sentences have news-like lengths. A
    ``|`` marks a sentence boundary inside a template; an abbreviation at the end of a sentence
    gives one period, not two ("the U.S.").
    """
    rng = random.Random(seed)
    paragraphs: list[list[str]] = []
    size = 0
    while size < target_chars:
        sentences = []
        for _ in range(rng.randint(2, 8)):
            more = "".join(rng.choice(clauses) for _ in range(rng.randint(0, 2)))
            template = rng.choice(templates).replace("{more}", more)
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
    """The best CPU time of ``repeat`` calls.

    CPU time of this single-threaded process, not wall time: on a shared machine other work
    would otherwise inflate whichever measurement it happened to overlap.
    """
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        function()
        best = min(best, time.process_time() - started)
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


def report(label: str, lang: Lang, text: str, sentences: int, paragraphs: Sequence[str],
           sample_sentences: int) -> None:
    """Time both segmenters (ours on ``text``, pysbd on ``paragraphs``) and print the figures.

    The runs are interleaved and the best of each kept, so that other work on the machine slows
    both alike rather than whichever happened to run at a busy moment.
    """
    segmenter = pysbd.Segmenter(language=lang, clean=False)
    document = Document("bench", text)
    ours_time = spans_time = baseline_time = float("inf")
    for _ in range(3):
        ours_time = min(ours_time, timed(lambda: segment_document(document, lang), repeat=2))
        spans_time = min(spans_time, timed(lambda: split_sentences(text, lang), repeat=2))
        baseline_time = min(baseline_time,
                            timed(lambda: pysbd_by_paragraph(segmenter, paragraphs), repeat=1))
    ours_rate = sentences / ours_time
    baseline_rate = sample_sentences / baseline_time
    print(f"[{lang}] {label}: {len(text) / 1e6:.2f} M characters, {sentences} sentences "
          f"(mean {len(text) / sentences:.0f} characters)")
    print(f"  transreview segment_document : {ours_rate:12,.0f} sentences/s "
          f"({ours_time:.3f} CPU s for all {sentences})")
    print(f"  transreview split_sentences  : {sentences / spans_time:12,.0f} sentences/s "
          "(spans only)")
    print(f"  pysbd 0.3.4                  : {baseline_rate:12,.0f} sentences/s "
          f"({baseline_time:.3f} CPU s for {sample_sentences} of them)")
    print(f"  speed ratio (segment_document / pysbd): {ours_rate / baseline_rate:.1f} x")


def measure(lang: Lang, templates: Sequence[str], clauses: Sequence[str], chars: int,
            sample_paragraphs: int, joiner: str) -> None:
    """Generate a text, time both segmenters, print throughput, ratio and accuracy."""
    text, truth = generate(templates, clauses, chars, seed=7 if lang == "en" else 11,
                           joiner=joiner)
    sample = text.splitlines()[:sample_paragraphs]
    truth_sample = truth[:sample_paragraphs]
    report("generated text", lang, text, sum(map(len, truth)), sample,
           sum(map(len, truth_sample)))
    segmenter = pysbd.Segmenter(language=lang, clean=False)
    ours_accuracy = accuracy(ours_by_paragraph(text, lang)[:sample_paragraphs], truth_sample)
    baseline_accuracy = accuracy(pysbd_by_paragraph(segmenter, sample), truth_sample)
    print(f"  paragraphs segmented exactly as generated (first {len(sample)}): "
          f"transreview {ours_accuracy:.1%}, pysbd {baseline_accuracy:.1%}")


def measure_real(lang: Lang, repeat: int) -> None:
    """The bundled article (corpora/shanghai), when present: ``repeat`` copies for our timing,
    a tenth as many for pysbd's."""
    path = Path(__file__).resolve().parents[1] / "corpora" / "shanghai" / f"{lang}.txt"
    if not path.exists():
        print(f"[{lang}] {path} not found: real-text row skipped")
        return
    article = path.read_text(encoding="utf-8-sig")
    copies = max(1, repeat // 10)
    paragraphs = [line for line in article.splitlines() if line.strip()] * copies
    count = len(segment_document(Document(str(path), article), lang))
    report(f"corpora/shanghai/{lang}.txt x{repeat}", lang, article * repeat, count * repeat,
           paragraphs, count * copies)


def boundary_scores(found: set[int], gold: set[int]) -> tuple[float, float, float]:
    """Precision, recall and F1 of predicted sentence-end offsets."""
    hits = len(found & gold)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(gold) if gold else 0.0
    total = precision + recall
    return precision, recall, (2 * precision * recall / total if total else 0.0)


def pysbd_ends(segmenter: pysbd.Segmenter, text: str) -> set[int]:
    """Sentence-end offsets of pysbd's output, located in ``text``."""
    ends: list[int] = []
    cursor = 0
    for piece in segmenter.segment(text):
        sentence = piece.strip()
        if sentence:
            cursor = text.index(sentence, cursor) + len(sentence)
            ends.append(cursor)
    return set(ends[:-1])


def measure_mac() -> None:
    """Boundary precision/recall/F1 on MAC-Dev: each chapter's gold sentences (one per line, a
    human segmentation) joined into one paragraph, then split again by each segmenter."""
    root = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "mac-dev"
    if not root.is_dir():
        print(f"MAC-Dev not found at {root}: boundary accuracy on real text skipped")
        return
    languages: tuple[tuple[Lang, str], ...] = (("en", " "), ("zh", ""))
    for lang, joiner in languages:
        segmenter = pysbd.Segmenter(language=lang, clean=False)
        ours: list[set[int]] = []
        theirs: list[set[int]] = []
        golds: list[set[int]] = []
        offset = 0
        for path in sorted((root / lang).iterdir()):
            lines = path.read_text(encoding="utf-8").splitlines()
            sentences = [line.strip() for line in lines if line.strip()]
            text = joiner.join(sentences)
            gold: set[int] = set()
            cursor = 0
            for sentence in sentences[:-1]:
                cursor += len(sentence)
                gold.add(offset + cursor)
                cursor += len(joiner)
            golds.append(gold)
            ours.append({offset + end for _, end in split_sentences(text, lang)[:-1]})
            theirs.append({offset + end for end in pysbd_ends(segmenter, text)})
            offset += len(text) + 1
        gold_all = set().union(*golds)
        for name, found in (("transreview", set().union(*ours)), ("pysbd", set().union(*theirs))):
            precision, recall, f1 = boundary_scores(found, gold_all)
            print(f"[{lang}] MAC-Dev sentence boundaries ({len(gold_all)} gold), {name:11}: "
                  f"P {precision:.3f} R {recall:.3f} F1 {f1:.3f}")


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
    measure("en", ENGLISH, CLAUSES_EN, 4_000_000 // scale, 1_000 // scale, joiner=" ")
    measure_real("en", 200 // scale)
    measure("zh", CHINESE, CLAUSES_ZH, 1_000_000 // scale, 1_000 // scale, joiner="")
    measure_real("zh", 200 // scale)
    measure_mac()


if __name__ == "__main__":
    main()
