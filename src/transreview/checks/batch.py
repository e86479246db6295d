"""Batch checking for the CLI: many files, large files in chunks, optionally in parallel.

In: paths, the rule ids, the glossary and options. Out: located findings per file, in document
order, streamed so memory stays bounded whatever the corpus size. A file is cut into chunks of
whole lines; each chunk is segmented and checked on its own (in a worker process with ``jobs``
> 1), and the document rules judge the observations of all chunks in order, so the result does
not depend on ``jobs``. With a Chinese source the pair is checked whole, through
``pipeline.analyze``.
"""

from __future__ import annotations

import heapq
import os
import pickle
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from typing import IO

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
from transreview.ingest import read_document
from transreview.model import Document, Finding, Segment, Severity
from transreview.report import Located

CHUNK_CHARS = 1 << 20
"""Target chunk size in characters; chunks end at a line end (a fixed size, so that the result
is the same whatever the number of jobs)."""

_LINE_END = re.compile(r"\r\n|\r(?!\n)|\n")


@dataclass(frozen=True, slots=True)
class Options:
    """What to check and how findings are adjusted."""

    rules: tuple[str, ...]
    """Rule ids to run."""
    glossary: Glossary | None = None
    """The glossary, if any."""
    severity: dict[str, Severity] = field(default_factory=dict)
    """Severity overrides by rule id."""
    encoding: str | None = None
    """Encoding of the input files (None: UTF-8 / BOM)."""
    chunk_chars: int = CHUNK_CHARS
    """Target chunk size in characters."""


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """What a worker returns for one chunk; offsets relative to the chunk."""

    findings: list[tuple[Finding, str]]
    """Findings of the chunk-local rules with their segment digests, sorted by position."""
    observations: dict[str, list[Observation]]
    """Observations of each document rule."""
    segments: int
    """How many segments the chunk has."""


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` of ``text`` cut after a line end near every ``size`` characters."""
    start = 0
    while start < len(text):
        target = start + size
        if target >= len(text):
            yield start, text[start:]
            return
        end_match = _LINE_END.search(text, target)
        end = end_match.end() if end_match else len(text)
        yield start, text[start:end]
        start = end


def check_chunk(piece: str, path: str, options: Options) -> ChunkResult:
    """Segment one chunk and run the rules on it (document rules only observe)."""
    from transreview.segment import segment_document

    document = Document(path=path, text=piece)
    segments = segment_document(document, "en")
    context = CheckContext(en=document, en_segments=segments, glossary=options.glossary)
    findings: list[Finding] = []
    observations: dict[str, list[Observation]] = {}
    for rule_id in options.rules:
        rule = REGISTRY[rule_id]
        if isinstance(rule, DocumentRule):
            observations[rule_id] = list(rule.observe(context))
        elif not rule.needs_source:
            findings.extend(rule.run(context))
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return ChunkResult([(f, _digest(segments, f)) for f in findings], observations, len(segments))


def _digest(segments: Sequence[Segment], finding: Finding) -> str:
    return "" if finding.segment is None else text_digest(segments[finding.segment].text)


_WORKER_OPTIONS: list[Options] = []


def _init_worker(options: Options) -> None:
    _WORKER_OPTIONS[:] = [options]


def _worker(job: tuple[str, str]) -> ChunkResult:
    piece, path = job
    return check_chunk(piece, path, _WORKER_OPTIONS[0])


class Spool:
    """Located findings kept on disk in batches until they are written, so that memory stays
    bounded however many there are."""

    def __init__(self, batch_size: int = 20_000) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._batches = 0
        self._pending: list[Located] = []
        self._batch_size = batch_size

    def add(self, batch: list[Located]) -> None:
        """Append findings (in order)."""
        self._pending.extend(batch)
        if len(self._pending) >= self._batch_size:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            pickle.dump(self._pending, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._batches += 1
            self._pending = []

    def __iter__(self) -> Iterator[Located]:
        self._flush()
        self._file.seek(0)
        for _ in range(self._batches):
            yield from pickle.load(self._file)

    def close(self) -> None:
        """Drop the temporary file."""
        self._file.close()


def _order(item: Located) -> tuple[int, int, str]:
    return (item.finding.start, item.finding.end, item.finding.rule)


class FileChecker:
    """Checks English files one after another, sharing a pool of workers."""

    def __init__(self, options: Options, jobs: int = 1,
                 progress: Callable[[int], None] | None = None) -> None:
        self.options = options
        self._jobs = max(1, jobs)
        self._executor: Executor | None = None
        self._progress = progress or (lambda _: None)

    def __enter__(self) -> FileChecker:
        if self._jobs > 1:
            method = "fork" if "fork" in _start_methods() else "spawn"
            self._executor = ProcessPoolExecutor(
                max_workers=self._jobs, mp_context=get_context(method),
                initializer=_init_worker, initargs=(self.options,),
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)

    def check_english(self, document: Document) -> Iterator[Located]:
        """Located findings of one English document, in document order."""
        text = document.text
        index = LineIndex(text)
        deciders: dict[str, Decider] = {
            rule_id: rule.decider(self.options.glossary, index.line)
            for rule_id, rule in REGISTRY.items()
            if rule_id in self.options.rules and isinstance(rule, DocumentRule)
        }
        spool = Spool()
        try:
            segments = 0
            for offset, piece, result in self._results(document):
                batch = [self._locate(document.path, index, _shift(f, offset, segments), digest)
                         for f, digest in result.findings]
                decided: list[Located] = []
                for rule_id, decider in deciders.items():
                    shifted = (o.shifted(offset, segments) for o in result.observations[rule_id])
                    decided.extend(self._locate(document.path, index, f, o.digest)
                                   for f, o in decider.feed(shifted))
                if decided:
                    batch = list(heapq.merge(batch, sorted(decided, key=_order), key=_order))
                spool.add(batch)
                segments += result.segments
                self._progress(len(piece))
            final = sorted(
                (self._locate(document.path, index, f, o.digest)
                 for decider in deciders.values() for f, o in decider.finish()),
                key=_order,
            )
            yield from heapq.merge(spool, final, key=_order)
        finally:
            spool.close()

    def _results(self, document: Document) -> Iterator[tuple[int, str, ChunkResult]]:
        pieces = list(chunks(document.text, self.options.chunk_chars))
        if self._executor is None or len(pieces) == 1:
            for offset, piece in pieces:
                yield offset, piece, check_chunk(piece, document.path, self.options)
            return
        jobs = ((piece, document.path) for _, piece in pieces)
        results = self._executor.map(_worker, jobs, chunksize=1)
        for (offset, piece), result in zip(pieces, results, strict=True):
            yield offset, piece, result

    def _locate(self, path: str, index: LineIndex, finding: Finding, digest: str) -> Located:
        override = self.options.severity.get(finding.rule)
        if override is not None and override != finding.severity:
            finding = replace(finding, severity=override)
        line, column = index.position(finding.start)
        end_line, end_column = index.position(finding.end)
        return Located(path, line, column, end_line, end_column, finding, digest)

    def check_pair(self, document: Document, source: Document) -> Iterator[Located]:
        """Located findings of an English document checked against its Chinese source."""
        from transreview.pipeline import analyze

        analysis = analyze(document, source, self.options.glossary, select=self.options.rules)
        index = LineIndex(document.text)
        for finding in analysis.findings:
            digest = ("" if finding.segment is None
                      else text_digest(analysis.en_segments[finding.segment].text))
            yield self._locate(document.path, index, finding, digest)

    def check_path(self, path: str, source: str | None = None) -> Iterator[Located]:
        """Read ``path`` (and the source ``source``) and check it."""
        document = read_document(path, self.options.encoding)
        if source is None:
            yield from self.check_english(document)
        else:
            yield from self.check_pair(document, read_document(source, self.options.encoding))


def _shift(finding: Finding, offset: int, segments: int) -> Finding:
    if not offset and not segments:
        return finding
    segment = None if finding.segment is None else finding.segment + segments
    return replace(finding, start=finding.start + offset, end=finding.end + offset,
                   segment=segment)


def _start_methods() -> list[str]:
    from multiprocessing import get_all_start_methods

    return get_all_start_methods()


def file_sizes(paths: Iterable[str]) -> int:
    """Total size in bytes of the files that exist (for a progress bar)."""
    total = 0
    for path in paths:
        try:
            total += os.path.getsize(path)
        except OSError:
            continue
    return total
