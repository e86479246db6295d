"""Benchmark of `transreview check` (English-only rules) against a bare Aho-Corasick floor.

Generates a corpus of paragraphs built from the seed article's sentences (each sentence with one
word swapped for another seed word, so repeats are rare) and a 10,000-entry glossary (real seed
phrases, some with forbidden variants that occur, and phrases made of seed words), then measures
in one run:
  (a) the floor: one Aho-Corasick pass over the lowercased text, matches kept on word boundaries;
  (b) `transreview check --format json` with every English-only rule, one process and --jobs 2,
      with the peak memory of the largest process;
  a naive one-regex-per-term loop on a 1% sample (extrapolated), and a 1 MB file end to end;
  then `check --zh` on about 19,000 sentence pairs against Translate Toolkit's pofilter: the
  demo corpus repeated, then (from ../shared, when there) MAC-Dev's literary text repeated.
The floor, the check runs and the two sides of the pofilter comparison are repeated in turn
(``--repeat``, default 3) and each is reported by its median, with its fastest run beside it: on
a shared machine one run can be off by a tenth. The project's bytecode is compiled first
(``compiled_project``), as an installed pofilter's is.
Run: python benchmarks/check_bench.py [--quick] [--paragraphs N] [--repeat N]
"""

from __future__ import annotations

import argparse
import compileall
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "shanghai" / "en.txt"
MAC_DEV = ROOT.parent / "shared" / "data" / "mac-dev"
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_BESIDE = Path(sys.executable).parent / "pofilter"
POFILTER = str(_BESIDE) if _BESIDE.exists() else "pofilter"


def compiled_project() -> None:
    """Compile the project's modules to bytecode, as ``pip install`` does for an installed
    package (pofilter's included): an editable checkout run where ``PYTHONDONTWRITEBYTECODE``
    is set would otherwise compile every module again on every run, a tenth of a second of
    start-up that no installed copy pays. A folder it cannot write to only makes a note: the
    runs are then timed with whatever bytecode is there."""
    import transreview

    folder = Path(transreview.__file__).parent
    if not compileall.compile_dir(folder, quiet=2):
        print(f"note: could not compile all of {folder} to bytecode; start-up times may include "
              "compiling it", file=sys.stderr)


def seed_sentences() -> list[str]:
    from transreview.segment import split_sentences

    text = SEED.read_text(encoding="utf-8")
    return [text[s:e] for s, e in split_sentences(text, "en") if len(text[s:e]) > 20]


def generate_corpus(path: Path, paragraphs: int, rng: random.Random) -> int:
    """Write ``paragraphs`` lines of 2-3 perturbed seed sentences; return the size in bytes."""
    sentences = seed_sentences()
    vocabulary = sorted({w for s in sentences for w in _WORD.findall(s)})
    size = 0
    with path.open("w", encoding="utf-8") as out:
        for _ in range(paragraphs):
            chosen = []
            for sentence in rng.sample(sentences, rng.randint(2, 3)):
                words = list(_WORD.finditer(sentence))
                if words:
                    word = rng.choice(words)
                    sentence = (sentence[: word.start()] + rng.choice(vocabulary)
                                + sentence[word.end():])
                chosen.append(sentence)
            line = " ".join(chosen) + "\n"
            size += len(line.encode("utf-8"))
            out.write(line)
    return size


def generate_glossary(path: Path, entries: int, rng: random.Random) -> list[str]:
    """Write a glossary; return every English string in it (approved and forbidden)."""
    sentences = seed_sentences()
    phrases: list[str] = []
    seen: set[str] = set()
    for sentence in sentences:
        words = _WORD.findall(sentence)
        for n in (2, 3, 4):
            for i in range(len(words) - n + 1):
                phrase = " ".join(words[i : i + n])
                if phrase.lower() not in seen and words[i][0].isupper():
                    seen.add(phrase.lower())
                    phrases.append(phrase)
    rng.shuffle(phrases)
    real = phrases[: entries // 10]
    variants = phrases[entries // 10 : entries // 10 + entries // 20]
    vocabulary = sorted({w.lower() for s in sentences for w in _WORD.findall(s) if len(w) > 3})
    rows = ["zh\ten\tforbidden\tnote"]
    strings: list[str] = []
    for number in range(entries):
        if number < len(real):
            en = real[number]
        else:
            en = " ".join(rng.sample(vocabulary, rng.randint(2, 3))) + f" {number}"
        forbidden = variants[number] if number < len(variants) else ""
        if forbidden.lower() == en.lower():
            forbidden = ""
        rows.append(f"术语{number}\t{en}\t{forbidden}\tgenerated")
        strings.extend(s for s in (en, forbidden) if s)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return strings


def floor(text_path: Path, strings: list[str]) -> tuple[float, float, int]:
    """One bare Aho-Corasick pass over the lowercased text, word-boundary matches counted.

    Returns wall seconds, CPU seconds and the number of matches.
    """
    started, cpu = time.perf_counter(), time.process_time()
    automaton: Any = ahocorasick.Automaton()
    for string in strings:
        key = string.lower()
        automaton.add_word(key, len(key))
    automaton.make_automaton()
    text = text_path.read_text(encoding="utf-8").lower()
    count = 0
    size = len(text)
    for end, length in automaton.iter(text):
        start = end + 1 - length
        if start > 0 and text[start - 1].isalnum():
            continue
        if end + 1 < size and text[end + 1].isalnum():
            continue
        count += 1
    return time.perf_counter() - started, time.process_time() - cpu, count


def naive(text_path: Path, strings: list[str], fraction: float, cap: int
          ) -> tuple[float, int, int]:
    """One compiled regular expression per term over a sample of the text (``fraction`` of it,
    at most ``cap`` characters), extrapolated to the whole; also returns the sample size."""
    text = text_path.read_text(encoding="utf-8")
    sample = text[: min(int(len(text) * fraction), cap)]
    fraction = len(sample) / len(text)
    started = time.perf_counter()
    count = 0
    for string in strings:
        pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, string.split())) + r"\b",
                             re.IGNORECASE)
        count += sum(1 for _ in pattern.finditer(sample))
    return (time.perf_counter() - started) / fraction, count, len(sample)


_MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
with open(sys.argv[1], "wb") as out:
    code = subprocess.run(sys.argv[2:], stdout=out).returncode
elapsed = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code)
"""


@dataclass(frozen=True, slots=True)
class Run:
    """One measured CLI run."""

    wall: float
    """Elapsed seconds."""
    cpu: float
    """User + system CPU seconds of all its processes."""
    peak_mb: float
    """Peak resident memory of its largest process, in MB."""
    status: int
    """Exit status."""


def measure(args: list[str], output: Path) -> Run:
    """Wall and CPU time, peak RSS and exit status of one CLI run."""
    return measure_command([sys.executable, "-m", "transreview", *args], output)


def measure_command(command: list[str], output: Path) -> Run:
    """Wall and CPU time, peak RSS and exit status of one command (stdout to ``output``)."""
    command = [sys.executable, "-c", _MEASURE, str(output), *command]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    wall, cpu, peak, code = result.stdout.split()
    return Run(float(wall), float(cpu), int(peak) / 1024, int(code))


def _po_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def bilingual_pair(folder: Path, pairs: int) -> tuple[Path, Path, Path, Path, int, int]:
    """The demo corpus repeated to about ``pairs`` aligned sentence pairs: zh.txt, en.txt, the
    same pairs as a PO file, one copy's pairs as a PO file; with the pair counts of each."""
    from transreview.ingest import read_document
    from transreview.pipeline import analyze

    corpus = ROOT / "corpora" / "shanghai"
    zh_text = (corpus / "zh.txt").read_text(encoding="utf-8")
    en_text = (corpus / "en.txt").read_text(encoding="utf-8")
    analysis = analyze(read_document(str(corpus / "en.txt")),
                       read_document(str(corpus / "zh.txt")), select=[])
    assert analysis.alignment is not None
    alignment = analysis.alignment
    units = [(" ".join(alignment.zh[i].text for i in bead.zh),
              " ".join(alignment.en[i].text for i in bead.en))
             for bead in alignment.beads if bead.zh and bead.en]
    copies = max(1, round(pairs / len(units)))
    zh_path, en_path = folder / "zh.txt", folder / "en.txt"
    zh_path.write_text((zh_text.rstrip("\n") + "\n\n") * copies, encoding="utf-8")
    en_path.write_text((en_text.rstrip("\n") + "\n\n") * copies, encoding="utf-8")
    big, small = folder / "pairs.po", folder / "sample.po"
    _write_po(big, units, copies)
    _write_po(small, units, 1)
    return zh_path, en_path, big, small, copies * len(units), len(units)


def _median_run(runs: list[Run]) -> Run:
    """The run of median wall time (of an odd count; the faster middle one of an even)."""
    return sorted(runs, key=lambda run: run.wall)[(len(runs) - 1) // 2]


def literary_pair(folder: Path, pairs: int) -> tuple[Path, Path, Path, int] | None:
    """MAC-Dev's six literary documents (``../shared``, read there) repeated to about ``pairs``
    Chinese sentences: zh.txt, en.txt (a document to a paragraph of lines) and the pairs of
    their gold beads as a PO file, with its count; None without ``../shared``."""
    if not MAC_DEV.is_dir():
        return None
    documents = sorted(path.name for path in (MAC_DEV / "zh").iterdir())
    texts = {name: ((MAC_DEV / "zh" / name).read_text(encoding="utf-8").splitlines(),
                    (MAC_DEV / "en" / name).read_text(encoding="utf-8").splitlines())
             for name in documents}
    units = []
    for name in documents:
        zh_lines, en_lines = texts[name]
        for line in (MAC_DEV / "gold" / f"{name}.align").read_text().splitlines():
            left, right = (json.loads(side) for side in line.split(":"))
            if left and right:
                units.append((" ".join(zh_lines[k] for k in left),
                              " ".join(en_lines[k] for k in right)))
    copies = max(1, round(pairs / sum(len(zh) for zh, _ in texts.values())))
    zh_path, en_path, po_path = (folder / "literary-zh.txt", folder / "literary-en.txt",
                                 folder / "literary.po")
    for path, side in ((zh_path, 0), (en_path, 1)):
        path.write_text("".join("\n".join(texts[name][side]) + "\n\n" for name in documents)
                        * copies, encoding="utf-8")
    _write_po(po_path, units, copies)
    return zh_path, en_path, po_path, copies * len(units)


def _write_po(path: Path, units: list[tuple[str, str]], copies: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n')
        for copy in range(copies):
            for number, (zh, en) in enumerate(units):
                out.write(f'msgctxt "{copy}-{number}"\nmsgid {_po_string(zh)}\n'
                          f"msgstr {_po_string(en)}\n\n")


def versus_pofilter(folder: Path, zh: Path, en: Path, po: Path, total: int, repeat: int,
                    label: str) -> None:
    """``check --zh`` of ``zh`` and ``en`` against pofilter over the ``total`` pairs of ``po``,
    each run ``repeat`` times in turn (medians reported: one run of either can be off by a
    tenth)."""
    report = folder / "zh-report.json"
    ours_runs, theirs_runs = [], []
    for _ in range(max(1, repeat)):
        ours_runs.append(measure(["check", "--zh", str(zh), "--format", "json", "--quiet",
                                  "--no-baseline", "--glossary", str(ROOT / "glossary.tsv"),
                                  str(en)], report))
        theirs_runs.append(measure_command([POFILTER, "--progress=none", "-i", str(po), "-o",
                                            str(folder / "out.po")], folder / "pofilter.log"))
    ours, theirs = _median_run(ours_runs), _median_run(theirs_runs)
    runs = f"median of {len(ours_runs)}" if len(ours_runs) > 1 else "one run"
    print(f"check --zh on {total:,} sentence pairs{label} (segmenting and aligning included): "
          f"{ours.wall:.2f} s wall ({runs}, fastest {min(r.wall for r in ours_runs):.2f} s), "
          f"{ours.cpu:.2f} s CPU, peak RSS {ours.peak_mb:.0f} MB, "
          f"exit {ours.status} ({total / ours.wall:,.0f} pairs/s)")
    print(f"pofilter (all default tests) on the same pairs as PO: {theirs.wall:.2f} s wall "
          f"({runs}, fastest {min(r.wall for r in theirs_runs):.2f} s), "
          f"{theirs.cpu:.2f} s CPU ({total / theirs.wall:,.0f} pairs/s); transreview is "
          f"{theirs.wall / ours.wall:.2f}x faster by wall time, {theirs.cpu / ours.cpu:.2f}x "
          f"by CPU time")


def compare_pofilter(folder: Path, pairs: int, repeat: int) -> None:
    """``check --zh`` against Translate Toolkit's pofilter over the same pairs: the demo corpus
    repeated (the target), then MAC-Dev's literary text repeated, whose short sentences
    pofilter reads faster and whose alignment costs more (from ``../shared``, when there)."""
    zh, en, big, small, total, sample = bilingual_pair(folder, pairs)
    versus_pofilter(folder, zh, en, big, total, repeat, "")
    numbers = folder / "numbers.po"
    subprocess.run([POFILTER, "--progress=none", "-t", "numbers", "-i", str(small), "-o",
                    str(numbers)], capture_output=True, check=True)
    flagged = numbers.read_text(encoding="utf-8").count("(pofilter) numbers") if (
        numbers.exists()) else 0
    sample_report = folder / "sample.json"
    corpus = ROOT / "corpora" / "shanghai"
    measure(["check", "--zh", str(corpus / "zh.txt"), "--select", "number-mismatch",
             "--format", "json", "--quiet", "--no-baseline", str(corpus / "en.txt")],
            sample_report)
    ours_flagged = sample_report.read_text(encoding="utf-8").count('"rule": ')
    print(f"number checks on the {sample}-pair demo corpus: pofilter flags {flagged} units, "
          f"transreview number-mismatch reports {ours_flagged} findings")
    literary = literary_pair(folder, pairs)
    if literary is None:
        print(f"literary pair: skipped ({MAC_DEV} not found)")
    else:
        versus_pofilter(folder, *literary, repeat, " of MAC-Dev's literary text, repeated")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="20,000 paragraphs (about 10 MB)")
    parser.add_argument("--paragraphs", type=int, help="number of paragraphs (default 200,000)")
    parser.add_argument("--entries", type=int, default=10_000, help="glossary entries")
    parser.add_argument("--memory", action="store_true",
                        help="also check the corpus twice over, to show memory stays bounded")
    parser.add_argument("--pairs", type=int, default=19_000,
                        help="sentence pairs for the pofilter comparison (0: skip it)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of the floor, of each check and of each side of the "
                             "pofilter comparison, in turn (median reported)")
    args = parser.parse_args()
    compiled_project()
    paragraphs = args.paragraphs or (20_000 if args.quick else 200_000)
    rng = random.Random(20260601)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        corpus, glossary = work / "corpus.txt", work / "glossary.tsv"
        started = time.perf_counter()
        size = generate_corpus(corpus, paragraphs, rng)
        strings = generate_glossary(glossary, args.entries, rng)
        print(f"corpus: {paragraphs:,} paragraphs, {size / 1e6:.1f} MB; glossary: "
              f"{args.entries:,} entries, {len(strings):,} strings "
              f"(generated in {time.perf_counter() - started:.1f} s)")

        check = ["check", "--format", "json", "--glossary", str(glossary), "--quiet",
                 "--no-baseline", str(corpus)]
        report = work / "report.json"
        floors: list[tuple[float, float, int]] = []
        repeated: dict[int, list[Run]] = {1: [], 2: []}
        for _ in range(max(1, args.repeat)):
            floors.append(floor(corpus, strings))
            for jobs, measured in repeated.items():
                measured.append(measure([*check, "--jobs", str(jobs)], report))
        floor_time = statistics.median(wall for wall, _, _ in floors)
        floor_cpu = statistics.median(cpu for _, cpu, _ in floors)
        print(f"(a) floor, bare Aho-Corasick + word boundaries: {floor_time:.2f} s wall "
              f"(median of {len(floors)}, fastest {min(wall for wall, _, _ in floors):.2f} s), "
              f"{floor_cpu:.2f} s CPU ({floors[0][2]:,} matches)")
        findings = report.read_text(encoding="utf-8").count('"rule": ')
        runs: dict[int, Run] = {}
        for jobs, measured in repeated.items():
            run = runs[jobs] = Run(statistics.median(r.wall for r in measured),
                                   statistics.median(r.cpu for r in measured),
                                   max(r.peak_mb for r in measured),
                                   max(r.status for r in measured))
            fastest = min(r.wall for r in measured)
            print(f"(b) transreview check --format json --jobs {jobs}: {run.wall:.2f} s wall "
                  f"({run.wall / floor_time:.2f}x the floor; fastest {fastest:.2f} s), "
                  f"{run.cpu:.2f} s CPU ({run.cpu / floor_cpu:.2f}x the floor's), peak RSS "
                  f"{run.peak_mb:.0f} MB, exit {run.status}, {findings:,} findings")
        if args.memory:
            double = work / "double.txt"
            with double.open("wb") as out:
                for _ in range(2):
                    out.write(corpus.read_bytes())
            twice = measure([*check[:-1], str(double), "--jobs", "1"], report)
            print(f"memory: the corpus twice over ({2 * size / 1e6:.0f} MB), --jobs 1: peak RSS "
                  f"{twice.peak_mb:.0f} MB (once: {runs[1].peak_mb:.0f} MB), {twice.wall:.1f} s")
            double.unlink()
        naive_time, naive_matches, sample = naive(corpus, strings, 0.01, 200_000)
        print(f"naive one-regex-per-term loop ({sample:,}-character sample, extrapolated): "
              f"{naive_time:.1f} s ({naive_matches:,} matches in the sample), "
              f"{naive_time / floor_time:.0f}x the floor, "
              f"{naive_time / runs[1].wall:.1f}x transreview --jobs 1")

        small = work / "small.txt"
        with corpus.open(encoding="utf-8") as source, small.open("w", encoding="utf-8") as out:
            written = 0
            for line in source:
                if written >= 1_000_000:
                    break
                out.write(line)
                written += len(line.encode("utf-8"))
        one_mb = measure(["check", "--format", "json", "--glossary", str(glossary), "--quiet",
                          "--no-baseline", str(small)], report)
        print(f"1 MB file end to end (start-up and 10,000-entry glossary included): "
              f"{one_mb.wall:.2f} s wall, {one_mb.cpu:.2f} s CPU, exit {one_mb.status}")
        print(f"targets: --jobs 2 <= 2x floor: {runs[2].wall / floor_time:.2f}x; "
              f"--jobs 1 <= 4x floor: {runs[1].wall / floor_time:.2f}x; "
              f"1 MB < 1 s: {one_mb.wall:.2f} s")
        if args.pairs:
            compare_pofilter(work, args.pairs // 10 if args.quick else args.pairs, args.repeat)


if __name__ == "__main__":
    main()
