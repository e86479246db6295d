"""Batch checking for the CLI: many files, large files in chunks, optionally in parallel.

In: paths, the rule ids, the glossary, the report format and options. Out: per file, a stream of
``Records`` (findings already rendered in the report format, with what the summary and the
baseline need, as columns), in document order. A file is cut into chunks of whole lines (a
large one is read a block at a time, ``ingest.read_blocks``, so memory stays bounded); each chunk
is segmented and checked on its own (in a worker process with ``jobs`` > 1), and the document
rules judge the observations of all chunks in order, so the result does not depend on ``jobs``.
With a Chinese source the pair is checked whole, through ``pipeline.analyze`` (the English-only
rules in a worker, when there are workers).
"""

from __future__ import annotations

import marshal
import os
import re
import tempfile
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import compress
from multiprocessing import get_all_start_methods, get_context
from operator import attrgetter
from typing import IO, TYPE_CHECKING, Any, NamedTuple

import numpy as np

from transreview.checks.base import (
    REGISTRY,
    CheckContext,
    Decider,
    DocumentRule,
    LineIndex,
    Observation,
    text_digest,
)
from transreview.glossary import Glossary
from transreview.ingest import TextBlocks, read_blocks, read_document
from transreview.model import Document, Finding, Severity
from transreview.report import Renderer, renderer

if TYPE_CHECKING:
    from transreview.align import English

CHUNK_CHARS = 1 << 20
"""Target chunk size in characters; chunks end at a line end (a fixed size, so that the result
is the same whatever the number of jobs)."""

_LINE_END = re.compile(r"\r\n|\r(?!\n)|\n")


class Record(NamedTuple):
    """One finding as the CLI needs it: position for ordering, rendered text, baseline key."""

    start: int
    """Character offset of the span in the file's text."""
    end: int
    """One past its end."""
    rule: str
    """The rule id."""
    severity: str
    """The (possibly overridden) severity."""
    term: str
    """The text the finding is about (part of the baseline key)."""
    digest: str
    """Hash of the segment's text (part of the baseline key)."""
    piece: str
    """The finding rendered in the report format."""


class Records:
    """Findings of a stretch of a file in document order, as one list per ``Record`` field.

    A report of a large corpus has a million findings. Columns of numbers and strings hold no
    object per finding for the cyclic collector to scan, cross processes and the spool as a few
    lists, and are summed up and written by the CLI with C-level calls; a ``Record`` is made
    only when one is asked for, by iterating.
    """

    __slots__ = ("digests", "ends", "pieces", "rules", "severities", "starts", "terms")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.rules: list[str] = []
        self.severities: list[str] = []
        self.terms: list[str] = []
        self.digests: list[str] = []
        self.pieces: list[str] = []

    def columns(self) -> tuple[list[Any], ...]:
        """The lists, in ``Record``'s field order."""
        return (self.starts, self.ends, self.rules, self.severities, self.terms, self.digests,
                self.pieces)

    def __len__(self) -> int:
        return len(self.starts)

    def __iter__(self) -> Iterator[Record]:
        return map(Record._make, zip(*self.columns(), strict=True))

    @classmethod
    def of_columns(cls, columns: tuple[list[Any], ...]) -> Records:
        """Records holding the lists ``columns`` (as ``columns`` returns them)."""
        records = cls()
        (records.starts, records.ends, records.rules, records.severities, records.terms,
         records.digests, records.pieces) = columns
        return records

    def __reduce__(self) -> tuple[Any, ...]:
        return Records.of_columns, (self.columns(),)

    def extend(self, other: Records) -> None:
        """Append ``other``'s records."""
        for column, values in zip(self.columns(), other.columns(), strict=True):
            column.extend(values)

    def key(self, at: int) -> tuple[int, int, str]:
        """The report order of the record at ``at``: position, then rule."""
        return self.starts[at], self.ends[at], self.rules[at]

    def sorted(self) -> Records:
        """These records in report order (stable)."""
        order = sorted(range(len(self)), key=self.key)
        records = Records()
        for column, values in zip(records.columns(), self.columns(), strict=True):
            column.extend([values[at] for at in order])
        return records

    def where(self, keep: list[bool]) -> Records:
        """The records whose ``keep`` flag is set."""
        records = Records()
        for column, values in zip(records.columns(), self.columns(), strict=True):
            column.extend(compress(values, keep))
        return records

    def merged(self, extra: Records, lo: int = 0, hi: int | None = None) -> Records:
        """These records (in report order) with ``extra[lo:hi]`` (in report order) merged in,
        each after the records of an equal key; the columns are copied in slices between the
        insertion points (``extra`` is the few findings that needed more than one chunk).

        The points are found by position with numpy, and among records that start where an
        inserted one does by bisection on the whole key."""
        hi = len(extra) if hi is None else hi
        if lo >= hi:
            return self
        starts = np.array(self.starts, dtype=np.int64)
        inserted_starts = np.array(extra.starts[lo:hi], dtype=np.int64)
        first = np.searchsorted(starts, inserted_starts, side="left")
        after = np.searchsorted(starts, inserted_starts, side="right")
        places = after.tolist()
        for at in np.flatnonzero(after > first).tolist():
            places[at] = bisect_right(range(len(self)), extra.key(lo + at), int(first[at]),
                                      int(after[at]), key=self.key)
        records = Records()
        for column, values, inserted in zip(records.columns(), self.columns(),
                                            extra.columns(), strict=True):
            at = 0
            for place, value in zip(places, inserted[lo:hi], strict=True):
                column += values[at:place]
                column.append(value)
                at = place
            column += values[at:]
        return records

    def add(self, render: Renderer, options: Options, path: str,
            found: list[tuple[Finding, str]], index: LineIndex, first_line: int = 1,
            offset: int = 0) -> None:
        """Append the findings of ``found`` (each with its segment's digest; at ``offset`` in
        the file, in a text ``index`` whose first line is line ``first_line`` of the file)
        rendered, with their severity overrides."""
        if not found:
            return
        overrides = options.severity
        findings = [finding if (level := overrides.get(finding.rule)) is None
                    or level == finding.severity else replace(finding, severity=level)
                    for finding, _ in found]
        lines, columns, end_lines, end_columns = index.spans(
            [finding.start for finding in findings], [finding.end for finding in findings])
        if first_line != 1:
            lines = [line + first_line - 1 for line in lines]
            end_lines = [line + first_line - 1 for line in end_lines]
        self.pieces += render.items(
            path, zip(lines, columns, end_lines, end_columns, strict=True), findings,
            [digest for _, digest in found])
        self.starts.extend([finding.start + offset for finding in findings])
        self.ends.extend([finding.end + offset for finding in findings])
        self.rules.extend([finding.rule for finding in findings])
        self.severities.extend([finding.severity._value_ for finding in findings])
        self.terms.extend([finding.term for finding in findings])
        self.digests.extend([digest for _, digest in found])


@dataclass(frozen=True, slots=True)
class Options:
    """What to check and how findings are reported."""

    rules: tuple[str, ...]
    """Rule ids to run."""
    fmt: str = "text"
    """Report format (see ``report.FORMATS``)."""
    glossary: Glossary | None = None
    """The glossary, if any."""
    severity: dict[str, Severity] = field(default_factory=dict)
    """Severity overrides by rule id."""
    chunk_chars: int = CHUNK_CHARS
    """Target chunk size in characters."""
    digests: bool = True
    """Whether records carry their segment's digest (only baselines and SARIF read it: hashing
    every segment with a finding is a tenth of a large check's work)."""


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """What a worker returns for one chunk."""

    records: Records
    """Findings of the chunk-local rules, in report order (offsets in the file)."""
    observations: dict[str, Any]
    """What each document rule gathered from its observations (offsets and segments in the
    chunk)."""
    segments: int
    """How many segments the chunk has."""


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of a file made of whole lines."""

    path: str
    text: str
    offset: int
    """Offset of its first character in the file's text."""
    line: int
    """1-based line of its first character."""


def chunks(path: str, text: str, size: int = CHUNK_CHARS) -> Iterator[Chunk]:
    """``text`` cut after a line end near every ``size`` characters."""
    start, line = 0, 1
    while start < len(text):
        target = start + size
        end_match = _LINE_END.search(text, target) if target < len(text) else None
        end = end_match.end() if end_match else len(text)
        piece = text[start:end]
        yield Chunk(path, piece, start, line)
        line += piece.count("\n") + (len(_LINE_END.findall(piece)) - piece.count("\n")
                                     if "\r" in piece else 0)
        start = end


def _no_digest(segment: int) -> str:
    return ""


def _streamed(path: str, source: TextBlocks, index: LineIndex) -> Iterator[Chunk]:
    """The blocks of a streamed file as chunks, each added to the file's line index."""
    offset = 0
    for text in source.texts():
        index.extend(text)
        yield Chunk(path, text, offset, index.line(offset))
        offset += len(text)


def check_chunk(chunk: Chunk, options: Options) -> ChunkResult:
    """Segment one chunk and run the rules on it (document rules only observe)."""
    from transreview.segment import segment_document

    document = Document(path=chunk.path, text=chunk.text)
    segments = segment_document(document, "en")
    context = CheckContext(en=document, en_segments=segments, glossary=options.glossary)
    findings: list[Finding] = []
    observations: dict[str, Any] = {}
    for rule_id in options.rules:
        rule = REGISTRY[rule_id]
        if isinstance(rule, DocumentRule):
            observations[rule_id] = rule.gathered(context)
        elif not rule.needs_source:
            findings.extend(rule.run(context))
    findings.sort(key=attrgetter("start", "end", "rule"))
    index = LineIndex(chunk.text)
    render = renderer(options.fmt, options.rules)
    digest = context.digest if options.digests else _no_digest
    records = Records()
    records.add(render, options, chunk.path, [
        (finding, "" if finding.segment is None else digest(finding.segment))
        for finding in findings], index, chunk.line, chunk.offset)
    return ChunkResult(records, observations, len(segments))


_WORKER_OPTIONS: list[Options] = []


def _init_worker(options: Options) -> None:
    _WORKER_OPTIONS[:] = [options]


def _worker(chunk: Chunk) -> ChunkResult:
    return check_chunk(chunk, _WORKER_OPTIONS[0])


def _english_findings(document: Document, rules: list[str]) -> tuple[Finding, ...]:
    """The findings of the English-only ``rules`` over the whole ``document`` (in a worker)."""
    from transreview.pipeline import analyze

    return analyze(document, None, _WORKER_OPTIONS[0].glossary, select=rules).findings


class Spool:
    """Records kept in memory, and on disk beyond a batch, until they are written.

    A batch goes to disk as its columns through ``marshal``, which writes and reads lists of
    numbers and strings about twice as fast as ``pickle`` (the file lives only for the run, in
    one interpreter, which is all ``marshal`` promises to read back). Each is read back whole
    by its size: ``marshal.load`` from a file reads it an object at a time.
    """

    def __init__(self, batch_size: int = 50_000) -> None:
        self._file: IO[bytes] | None = None
        self._sizes: list[int] = []
        self._pending = Records()
        self._batch_size = batch_size

    def add(self, records: Records) -> None:
        """Append records (in order)."""
        self._pending.extend(records)
        if len(self._pending) >= self._batch_size:
            if self._file is None:
                self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
            self._sizes.append(self._file.write(marshal.dumps(self._pending.columns())))
            self._pending = Records()

    def batches(self) -> Iterator[Records]:
        """The records in order, a batch at a time."""
        if self._file is not None:
            self._file.seek(0)
            for size in self._sizes:
                yield Records.of_columns(marshal.loads(self._file.read(size)))
        if self._pending:
            yield self._pending

    def close(self) -> None:
        """Drop the temporary file."""
        if self._file is not None:
            self._file.close()


@dataclass(slots=True)
class _FileRun:
    """One English file being checked: its line index, judges and spooled records."""

    path: str
    index: LineIndex
    deciders: dict[str, Decider]
    spool: Spool
    segments: int = 0
    """Segments in the chunks absorbed so far."""


class FileChecker:
    """Checks English files with a shared pool of workers: chunks of every file are checked in
    parallel; each file's report comes out whole and in order."""

    def __init__(self, options: Options, jobs: int = 1,
                 progress: Callable[[int], None] | None = None) -> None:
        self.options = options
        self._jobs = max(1, jobs)
        self._executor: Executor | None = None
        self._progress = progress or (lambda _: None)
        self._render = renderer(options.fmt, options.rules)
        self.inputs_done = False
        """Set once every input has been read and judged: the batches still to come need no
        more reading of any input, so nothing but writing can fail from then on."""

    def __enter__(self) -> FileChecker:
        if self._jobs > 1:
            method = "fork" if "fork" in get_all_start_methods() else "spawn"
            self._executor = ProcessPoolExecutor(
                max_workers=self._jobs, mp_context=get_context(method),
                initializer=_init_worker, initargs=(self.options,),
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)

    def batches(self, paths: Iterable[str], source: str | None = None
                ) -> Iterator[tuple[str, Records]]:
        """``(path, records)`` for the findings of the English files, file after file, each in
        document order, a batch at a time (a report of a large corpus has a million findings:
        they move through the run in batches, not one by one); with ``source``, the single
        English file is checked against it."""
        paths = list(paths)
        if source is not None:
            for number, path in enumerate(paths, start=1):
                document = read_document(path, lang="en")
                source_document = read_document(source, lang="zh")
                records = self.check_pair(document, source_document)
                self.inputs_done = number == len(paths)
                yield path, records
            return
        open_runs: list[_FileRun] = []
        finished = 0
        try:
            for run, chunk, last, result in self._results(self._chunks(paths, open_runs)):
                self._absorb(run, chunk, result)
                if last:
                    finished += 1
                    self.inputs_done = finished == len(paths)
                    for batch in self._finish(run):
                        yield run.path, batch
                    run.spool.close()
                    open_runs.remove(run)
        finally:
            for run in open_runs:
                run.spool.close()

    def _chunks(self, paths: Iterable[str], open_runs: list[_FileRun]
                ) -> Iterator[tuple[_FileRun, Chunk, bool]]:
        """Every chunk of every file, with its file's state and whether it is the file's last."""
        for path in paths:
            source = read_blocks(path, lang="en", block_bytes=self.options.chunk_chars)
            if isinstance(source, Document):
                index = LineIndex(source.text)
                pieces = chunks(path, source.text, self.options.chunk_chars)
            else:
                index = LineIndex(blocks=source)
                pieces = _streamed(path, source, index)
            deciders = {
                rule_id: rule.decider(self.options.glossary, index, self.options.digests)
                for rule_id, rule in REGISTRY.items()
                if rule_id in self.options.rules and isinstance(rule, DocumentRule)
            }
            run = _FileRun(path, index, deciders, Spool())
            open_runs.append(run)
            previous = Chunk(path, "", 0, 1)
            for number, chunk in enumerate(pieces):
                if number:
                    yield run, previous, False
                previous = chunk
            yield run, previous, True

    def _results(self, pieces: Iterator[tuple[_FileRun, Chunk, bool]]
                 ) -> Iterator[tuple[_FileRun, Chunk, bool, ChunkResult]]:
        """Chunk results in order; at most two chunks per worker are in flight at a time."""
        executor = self._executor
        if executor is None:
            for run, chunk, last in pieces:
                yield run, chunk, last, check_chunk(chunk, self.options)
            return
        window: deque[tuple[_FileRun, Chunk, bool, Future[ChunkResult]]] = deque()
        for run, chunk, last in pieces:
            window.append((run, chunk, last, executor.submit(_worker, chunk)))
            if len(window) >= 2 * self._jobs:
                done = window.popleft()
                yield done[0], done[1], done[2], done[3].result()
        while window:
            done = window.popleft()
            yield done[0], done[1], done[2], done[3].result()

    def _absorb(self, run: _FileRun, chunk: Chunk, result: ChunkResult) -> None:
        """Feed a chunk's observations to the document rules and spool its records."""
        decided = self._decided(run, (
            found for rule_id, decider in run.deciders.items()
            for found in decider.take(result.observations[rule_id], chunk.offset, run.segments)))
        run.spool.add(result.records.merged(decided))
        run.segments += result.segments
        self._progress(len(chunk.text))

    def _finish(self, run: _FileRun) -> Iterator[Records]:
        """The file's records, merged with the findings that needed the whole document."""
        final = self._decided(run, (
            found for decider in run.deciders.values() for found in decider.finish()))
        taken = 0
        for batch in run.spool.batches():
            upto = bisect_right(range(len(final)), batch.key(len(batch) - 1), taken,
                                key=final.key)
            yield batch.merged(final, taken, upto)
            taken = upto
        if taken < len(final):
            yield Records().merged(final, taken)

    def _decided(self, run: _FileRun, found: Iterable[tuple[Finding, Observation]]) -> Records:
        """Deciders' findings rendered, in report order."""
        records = Records()
        records.add(self._render, self.options, run.path,
                    [(finding, observation.digest) for finding, observation in found], run.index)
        return records.sorted()

    def check_pair(self, document: Document, source: Document) -> Records:
        """Records of an English document checked against its Chinese source.

        With workers, the alignment's English evidence is computed in one of them while this
        process starts on the Chinese side; once it is in, the rules that read only the English
        run in a worker while this process aligns the pair and runs the others: the same
        findings, in the same order (the analysis sorts by position and rule, stably,
        English-only rules first).
        """
        from transreview.pipeline import analyze, english_side

        rules = self.options.rules
        english: list[Future[tuple[Finding, ...]]] = []
        fetched: Callable[[], English] | None = None
        if self._executor is not None:
            executor = self._executor
            evidence = executor.submit(english_side, document)
            sourced = [rule for rule in rules if REGISTRY[rule].needs_source]
            others = [rule for rule in rules if rule not in sourced]

            def fetched() -> English:
                # The English-only rules start once the evidence is in: until then the CPUs go
                # to the evidence and to this process's guide search.
                found = evidence.result()
                english.append(executor.submit(_english_findings, document, others))
                return found

            rules = tuple(sourced)
        analysis = analyze(document, source, self.options.glossary, select=rules,
                           english=fetched)
        if self._executor is not None and not english:
            english.append(self._executor.submit(_english_findings, document, others))
        findings = analysis.findings
        if english:
            findings = tuple(sorted(english[0].result() + findings,
                                    key=attrgetter("start", "end", "rule")))
        index = LineIndex(document.text)
        records = Records()
        records.add(self._render, self.options, document.path, [(finding, (
            "" if finding.segment is None or not self.options.digests
            else text_digest(analysis.en_segments[finding.segment].text)))
            for finding in findings], index)
        return records


def file_sizes(paths: Iterable[str]) -> int:
    """Total size in bytes of the files that exist (for a progress bar)."""
    total = 0
    for path in paths:
        try:
            total += os.path.getsize(path)
        except OSError:
            continue
    return total
