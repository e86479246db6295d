"""Bounded fuzzing of the text stages: coverage-guided (atheris) against random bytes, same run.

Each input is decoded by ``transreview.ingest`` (a refusal is an expected outcome), then
segmented as English and as Chinese, scanned for numbers and glossary terms and aligned against
itself; the invariants of the property tests are checked on every input. Anything else that
raises is a crash. Both runs get the same time budget; the script prints executions, executions
per second and crashes for each, and the ratio. Needs ``pip install atheris`` for the guided run.

    python benchmarks/fuzz_atheris.py              # 60 s each
    python benchmarks/fuzz_atheris.py --quick      # 10 s each
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import multiprocessing
import random
import sys
import time
from collections.abc import Callable
from multiprocessing.sharedctypes import Synchronized

GLOSSARY_ROWS = (("浦东新区", "Pudong New Area", "Pudong new district"),
                 ("上海", "Shanghai", ""), ("世博会", "Expo", "World Fair"))


def _stages() -> Callable[[bytes], None]:
    """The function that runs every stage on one input and checks the invariants."""
    from transreview.align import align
    from transreview.errors import InputError
    from transreview.glossary import Glossary
    from transreview.ingest import decode
    from transreview.model import Term
    from transreview.numbers import numbers_en, numbers_zh
    from transreview.segment import segment_document

    glossary = Glossary.from_terms([
        Term(zh, (en,), (bad,) if bad else ()) for zh, en, bad in GLOSSARY_ROWS
    ])

    def one(data: bytes) -> None:
        try:
            document = decode("fuzz.txt", data[:4096])
        except InputError:
            return
        text = document.text
        for lang in ("en", "zh"):
            segments = segment_document(document, lang)
            cursor = 0
            for segment in segments:
                assert cursor <= segment.start < segment.end <= len(text)
                assert segment.text == text[segment.start : segment.end]
                cursor = segment.end
        english = segment_document(document, "en")[:60]
        chinese = segment_document(document, "zh")[:60]
        alignment = align(chinese, english, term_pairs=glossary.term_pairs())
        assert [i for bead in alignment.beads for i in bead.zh] == list(range(len(chinese)))
        assert [i for bead in alignment.beads for i in bead.en] == list(range(len(english)))
        for mention in [*numbers_en(text), *numbers_zh(text)]:
            assert mention.text == text[mention.start : mention.end]
            assert mention.value == mention.value
        for match in glossary.find_en(text):
            assert 0 <= match.start < match.end <= len(text)

    return one


def _guided(seconds: int, count: Synchronized[int], began: Synchronized[float]) -> None:
    """Run atheris (libFuzzer) for ``seconds``, counting executions in ``count``.

    Inputs up to 200 bytes from the start, like the random baseline. libFuzzer ends the process
    itself (exit 0 at the time limit, non-zero on a crash); ``began`` excludes start-up time.
    """
    atheris = importlib.import_module("atheris")
    with atheris.instrument_imports():
        one = _stages()

    def target(data: bytes) -> None:
        count.value += 1
        one(data)

    atheris.Setup([sys.argv[0], f"-max_total_time={seconds}", "-rss_limit_mb=2048",
                   "-max_len=200", "-len_control=0", "-print_final_stats=0"], target)
    began.value = time.monotonic()
    atheris.Fuzz()


def _random(seconds: int) -> tuple[int, int]:
    """Random inputs up to 200 bytes (half UTF-8 text from a mixed alphabet) for ``seconds``."""
    one = _stages()
    rng = random.Random(6)
    alphabet = "Aa .,;:!?\n\r\t\"'()%0123456789上海。，！？“”《》万亿年\u200b\u00a0\u3000Ｓ５．"
    runs = crashes = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        size = rng.randrange(200)
        if runs % 2:
            data = bytes(rng.randrange(256) for _ in range(size))
        else:
            data = "".join(rng.choice(alphabet) for _ in range(size)).encode()
        runs += 1
        try:
            one(data)
        except Exception as error:
            crashes += 1
            print(f"random input crashed: {data!r}: {error!r}")
    return runs, crashes


def main() -> None:
    """Both runs, then the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 s per run instead of 60")
    seconds = 10 if parser.parse_args().quick else 60
    if importlib.util.find_spec("atheris") is None:
        sys.exit("atheris is not installed: pip install atheris")
    count: Synchronized[int] = multiprocessing.Value("q", 0)
    began: Synchronized[float] = multiprocessing.Value("d", 0.0)
    guided = multiprocessing.Process(target=_guided, args=(seconds, count, began))
    guided.start()
    guided.join()
    guided_time = time.monotonic() - began.value
    guided_runs = count.value
    guided_crashes = 0 if guided.exitcode == 0 else 1
    started = time.monotonic()
    random_runs, random_crashes = _random(seconds)
    random_time = time.monotonic() - started
    print(f"atheris (coverage-guided): {guided_runs} inputs in {guided_time:.1f} s "
          f"({guided_runs / guided_time:.0f}/s), crashes: {guided_crashes} "
          f"(exit code {guided.exitcode})")
    print(f"random bytes (baseline):   {random_runs} inputs in {random_time:.1f} s "
          f"({random_runs / random_time:.0f}/s), crashes: {random_crashes}")
    if random_runs:
        print(f"ratio of inputs tried, guided / random: {guided_runs / random_runs:.2f}")


if __name__ == "__main__":
    main()
