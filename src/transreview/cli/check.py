"""`transreview check`: run the QA checks; a batch gate for CI."""

from __future__ import annotations

import argparse
import gc
import io
import os
import queue
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from transreview.errors import InputError, UsageError

if TYPE_CHECKING:
    from transreview.checks.batch import Records

NAME = "check"
_PARALLEL_BYTES = 4_000_000
"""Inputs larger than this are checked by all CPUs by default (smaller ones are done before a
pool of workers would start)."""
_PARALLEL_PAIR_BYTES = 100_000
"""A document pair (``--zh``) larger than this, both files together, is checked with workers
by default: its alignment is worth sharing out from a few hundred sentences on, and the pair
is judged by its own size, not by ``_PARALLEL_BYTES`` of English-only checks."""
_PAIR_WORKERS = 3
"""The most workers a document pair's check has work for at once (the English evidence, the
Chinese cuts and a share of the rules, at its start), and so the most it starts by default."""
HELP = "run the QA checks on English files (and their Chinese source); batch mode for CI"


def _rule_table() -> str:
    from transreview.checks import REGISTRY

    rows = []
    for rule in REGISTRY.values():
        needs = "(needs --zh) " if rule.needs_source else ""
        rows.append(f"  {rule.id:<18} {rule.severity.value:<8} {needs}{rule.description}")
    return "\n".join(rows)


def description() -> str:
    """The help text, with the rule list read from the registry."""
    return f"""\
Run the QA checks on one or more English files; with no EN and no [tool.transreview]
configuration, check the bundled demo corpus against its Chinese source and glossary.

rules (id, default severity, what it finds):
{_rule_table()}

exit status: 0 no finding at or above --fail-on; 1 such findings; 2 usage error or bad input.
The report goes to stdout; progress and the summary line go to stderr.
Settings may come from [tool.transreview] in the nearest pyproject.toml (glossary, select,
ignore, severity, fail-on, baseline); options given here win.
"""


DESCRIPTION = description()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """EN..., --zh, --glossary, --format, --fail-on, --select, --ignore, --jobs, baselines."""
    from transreview.checks.baseline import DEFAULT_BASELINE
    from transreview.report import FORMATS

    parser.add_argument("en", nargs="*", metavar="EN", help="English files (one paragraph a line)")
    parser.add_argument("--zh", metavar="ZH", help="the Chinese source of the (single) EN file")
    parser.add_argument("--glossary", metavar="G", help="glossary.tsv")
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format")
    parser.add_argument("--fail-on", choices=("error", "warning", "info"),
                        help="lowest severity that makes the exit status 1 (default: error)")
    parser.add_argument("--select", action="append", metavar="RULES",
                        help="only these rule ids (comma-separated; repeatable)")
    parser.add_argument("--ignore", action="append", metavar="RULES",
                        help="skip these rule ids (comma-separated; repeatable)")
    parser.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                        help="worker processes (files or chunks of a large file; with --zh, "
                             "the English-only rules beside the alignment; 0: all CPUs; "
                             "default: all CPUs when the files total over 4 MB, else 1; "
                             "with --zh, up to 3 when the pair totals over 100 KB)")
    parser.add_argument("--write-baseline", nargs="?", const=DEFAULT_BASELINE, metavar="FILE",
                        help=f"record the current findings as known (default {DEFAULT_BASELINE})"
                             " and exit 0")
    parser.add_argument("--baseline", metavar="FILE",
                        help=f"suppress the findings recorded in FILE (default: "
                             f"{DEFAULT_BASELINE} when it exists)")
    parser.add_argument("--no-baseline", action="store_true", help="use no baseline file")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="no progress and no summary line on stderr")
    parser.add_argument("--chunk-size", type=int, default=None, help=argparse.SUPPRESS)


def _writable_baseline(path: str) -> None:
    """A ``UsageError`` when ``--write-baseline`` would overwrite a file that is not a baseline:
    ``check --write-baseline doc.txt`` takes doc.txt for the baseline's name, and the text
    would be lost."""
    from transreview.checks.baseline import Baseline

    if not Path(path).exists():
        return
    try:
        Baseline.load(path)
    except InputError:
        raise UsageError(
            f"--write-baseline: {path} exists and is not a transreview baseline, so it is not "
            f"overwritten (to check it and write the default baseline, end the options with "
            f"--: --write-baseline -- {path})") from None


def _ids(values: list[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


class _Progress:
    """A progress bar on stderr when it is a terminal and the run is long."""

    def __init__(self, total: int, enabled: bool) -> None:
        self._total = max(total, 1)
        self._done = 0
        self._enabled = enabled and sys.stderr.isatty() and total > 4_000_000
        self._last = 0.0

    def __call__(self, characters: int) -> None:
        self._done += characters
        now = time.monotonic()
        if not self._enabled or now - self._last < 0.2:
            return
        self._last = now
        fraction = min(self._done / self._total, 1.0)
        bar = "#" * int(fraction * 30)
        sys.stderr.write(f"\rchecking [{bar:<30}] {fraction:4.0%}")
        sys.stderr.flush()

    def close(self) -> None:
        """Clear the bar (once)."""
        if self._enabled:
            sys.stderr.write("\r" + " " * 50 + "\r")
            sys.stderr.flush()
            self._enabled = False


def default_jobs(cpus: int, english_bytes: int, source_bytes: int | None) -> int:
    """Worker processes for a run not given ``--jobs``: English files alone use every CPU above
    ``_PARALLEL_BYTES``; a document pair (``source_bytes``, the Chinese side's size) uses up to
    ``_PAIR_WORKERS`` above ``_PARALLEL_PAIR_BYTES``. Measured on two CPUs: 19,000 pairs of
    literary text with 2.2 MB of English took 3.6 s in one process and 2.9 s with workers;
    500 pairs (200 KB), 0.375 s and 0.364 s; the 119-pair demo (50 KB), the same either way;
    five sentences, 0.24 s and 0.26 s."""
    if source_bytes is None:
        return cpus if english_bytes > _PARALLEL_BYTES else 1
    return min(cpus, _PAIR_WORKERS) if english_bytes + source_bytes > _PARALLEL_PAIR_BYTES else 1


def run(args: argparse.Namespace) -> int:
    """Check the files; write the report; return 0, 1 (findings) or 2 (raised as errors)."""
    from transreview import __version__
    from transreview.checks import REGISTRY, enabled_rules
    from transreview.checks.baseline import DEFAULT_BASELINE, Baseline, write_baseline
    from transreview.checks.batch import CHUNK_CHARS, FileChecker, Options, file_sizes
    from transreview.config import load_config
    from transreview.glossary import load_glossary
    from transreview.model import Severity, Signature
    from transreview.report import RuleInfo, Summary, renderer, write_held
    from transreview.resources import bundled_corpus, bundled_glossary
    from transreview.segment import SEGMENTER_NAME

    config = load_config()
    paths: list[str] = list(args.en)
    source = args.zh
    glossary_path = args.glossary or config.glossary
    if not paths:
        if config.path is not None:
            raise UsageError(f"no EN file given (configuration in {config.path})")
        corpus = bundled_corpus()
        paths = [str(corpus / "en.txt")]
        source = source or str(corpus / "zh.txt")
        glossary_path = glossary_path or str(bundled_glossary())
    if source is not None and len(paths) != 1:
        raise UsageError("--zh needs exactly one EN file")
    if args.jobs is not None and args.jobs < 0:
        raise UsageError("--jobs must be 0 (all CPUs) or more")
    if args.chunk_size is not None and args.chunk_size < 1:
        raise UsageError("--chunk-size must be 1 or more (characters)")
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    total = file_sizes(paths)
    if args.jobs is None:
        jobs = default_jobs(cpus or 1, total, None if source is None else file_sizes([source]))
    else:
        jobs = args.jobs or cpus or 1
    select = _ids(args.select) if args.select is not None else config.select
    ignore = (_ids(args.ignore) or ()) + config.ignore
    rules = enabled_rules(select=select, ignore=ignore, with_source=source is not None)
    unknown = sorted(set(config.severity) - set(REGISTRY))
    if unknown:
        raise UsageError(f"{config.path}: severity for unknown rule(s) {', '.join(unknown)}")
    glossary = load_glossary(glossary_path) if glossary_path else None
    if args.write_baseline is not None:
        _writable_baseline(args.write_baseline)
    _tune_collector()
    if jobs > 1:
        _tune_allocator()
    baseline = None
    if args.write_baseline is None and not args.no_baseline:
        baseline_path = args.baseline or config.baseline
        if baseline_path is None and Path(DEFAULT_BASELINE).is_file():
            baseline_path = DEFAULT_BASELINE
        baseline = Baseline.load(baseline_path) if baseline_path else None
    out = sys.stdout
    if out.errors == "strict" and isinstance(out, io.TextIOWrapper):
        # a report is never lost to a character stdout cannot encode: it is escaped
        out.reconfigure(errors="backslashreplace")
    options = Options(
        rules=tuple(rules), fmt=args.format, glossary=glossary,
        severity={rule: Severity(level) for rule, level in config.severity.items()},
        chunk_chars=CHUNK_CHARS if args.chunk_size is None else args.chunk_size,
        digests=(args.format == "sarif" or baseline is not None
                 or args.write_baseline is not None),
        keyed=baseline is not None or args.write_baseline is not None,
        encoding=out.encoding or "utf-8", errors=out.errors or "strict",
    )

    summary = Summary(files=paths, fail_on=args.fail_on or config.fail_on or "error")
    signature = Signature(
        version=__version__, segmenter=SEGMENTER_NAME,
        aligner=_aligner_name() if source is not None else "",
        glossary=glossary.digest if glossary is not None else "none", checks=tuple(rules),
    )
    progress = _Progress(total, enabled=not args.quiet)
    with FileChecker(options, jobs=jobs, progress=progress) as checker:

        def stream() -> Iterator[tuple[str, Records]]:
            for path, batch in checker.batches(paths, source):
                yield path, baseline.keep(batch) if baseline is not None else batch

        if args.write_baseline is not None:
            count = write_baseline(args.write_baseline, (
                key for _, batch in stream() for key in batch.baseline_keys()))
            progress.close()
            if not args.quiet:
                print(f"transreview: recorded {count} finding(s) in {args.write_baseline}",
                      file=sys.stderr)
            return 0
        infos = [RuleInfo(rule, options.severity.get(rule, REGISTRY[rule].severity).value,
                          REGISTRY[rule].description) for rule in rules]
        render = renderer(args.format, rules)

        # The report waits on disk until every input is read and judged: an unreadable file
        # stops the run with nothing but the error written. Then what is held goes out, and the
        # rest straight after it (unless the header holds the counts, which come last). The
        # records come rendered and encoded as stdout encodes, each finding after the format's
        # separator, so they are copied through as they are, but for the first separator.
        skip = len(render.separator.encode(options.encoding, options.errors))
        with tempfile.TemporaryFile() as held:
            target: BinaryIO | _Writer = held
            try:
                for path, batch in stream():
                    if not batch:
                        continue
                    for (rule, severity), count in batch.counts().items():
                        summary.add(path, rule, severity, count)
                    if target is held and checker.inputs_done and not render.summary_first:
                        progress.close()
                        write_held(out, render, held, signature, summary, infos)
                        target = _Writer(out.buffer)
                    target.write(memoryview(batch.blob)[skip:])
                    skip = 0
            finally:
                if isinstance(target, _Writer):
                    target.close()
            progress.close()
            summary.suppressed = baseline.suppressed if baseline is not None else 0
            if target is held:
                write_held(out, render, held, signature, summary, infos)
            out.write(render.footer(signature, summary, infos))
    sys.stdout.flush()
    if not args.quiet:
        print(f"transreview: {summary.line()}", file=sys.stderr)
    return 1 if summary.failed else 0


class _Writer:
    """Writes buffers to a stream from a thread of its own, so that the next batch is made
    while one is written (the write of a large report to a file on disk is a third of a run's
    serial end); after an error nothing more is written, and the error is raised here, once,
    at the next write or at ``close``."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._pending: queue.Queue[memoryview | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._raised = False
        self._thread = threading.Thread(target=self._run, name="report-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (data := self._pending.get()) is not None:
            if self._error is None:
                try:
                    self._stream.write(data)
                except BaseException as error:  # raised again in the caller
                    self._error = error

    def write(self, data: memoryview) -> None:
        """Queue ``data`` (it must not change until written)."""
        self._raise()
        self._pending.put(data)

    def close(self) -> None:
        """Wait until everything queued is written."""
        self._pending.put(None)
        self._thread.join()
        self._raise()

    def _raise(self) -> None:
        if self._error is not None and not self._raised:
            self._raised = True
            raise self._error


def _tune_collector() -> None:
    """Let the cyclic garbage collector run rarely over a check's many short-lived objects
    (findings, observations, segments, none of which form cycles), and never again over what
    is loaded already (the glossary and its matcher). A chunk holds tens of thousands of
    findings at once, so a young generation smaller than a million objects is scanned again and
    again while they live: that cost about a sixth of a large check's time."""
    gc.freeze()
    gc.set_threshold(1_000_000, 50, 100)


_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
"""``mallopt``'s parameter numbers (glibc's ``malloc.h``)."""


def on_glibc() -> bool:
    """Whether this interpreter runs on glibc (whose ``malloc`` ``_tune_allocator`` tunes)."""
    try:
        return (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")
    except (AttributeError, ValueError, OSError):
        return False


def _tune_allocator() -> None:
    """Have glibc's allocator keep the memory a run with workers frees, for the next block.

    By default a freed block of a megabyte or so goes straight back to the system (unmapped,
    or trimmed off the top of the heap), and the next one has its pages faulted in afresh:
    the chunks, results and reports that a check with two workers streams through its
    processes made 451,000 page faults on a 114 MB corpus. Blocks under 32 MB now come from the
    heap, which keeps up to 128 MB free at its top: 172,000 faults, a third of a second less
    system time, while the peak memory hardly moves. Workers forked later inherit the settings.
    A check in one process, measured alike, gained nothing. Anywhere but glibc this does
    nothing."""
    if not on_glibc():
        return
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (ImportError, OSError, AttributeError):  # a Python built without ctypes, say
        return
    mallopt(_M_MMAP_THRESHOLD, 32 << 20)
    mallopt(_M_TRIM_THRESHOLD, 128 << 20)


def _aligner_name() -> str:
    from transreview.align import ALIGNER_NAME

    return ALIGNER_NAME
