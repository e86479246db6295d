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

import contextlib
import marshal
import os
import shutil
import tempfile
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain, compress, count, pairwise
from multiprocessing import get_all_start_methods, get_context
from operator import not_
from typing import IO, TYPE_CHECKING, Any, NamedTuple

import numpy as np

from transreview.checks.base import (
    REGISTRY,
    CheckContext,
    Decided,
    Decider,
    DocumentRule,
    LineIndex,
    Observation,
    decided_of,
    text_digest,
)
from transreview.glossary import Glossary, MatchColumns
from transreview.handoff import Handoff, handed, use_folder
from transreview.ingest import LINE_END, TextBlocks, count_line_ends, read_blocks, read_document
from transreview.model import Document, Finding, FindingColumns, Segment, Severity
from transreview.report import Renderer, renderer

if TYPE_CHECKING:
    from array import array

    from transreview.align import English
    from transreview.pipeline import ChineseSide

CHUNK_CHARS = 1 << 20
"""Target chunk size in characters; chunks end at a line end (a fixed size, so that the result
is the same whatever the number of jobs)."""


class Record(NamedTuple):
    """One finding as the CLI needs it: position for ordering, rendered bytes, baseline key."""

    start: int
    """Character offset of the span in the file's text."""
    end: int
    """One past its end."""
    rule: str
    """The rule id."""
    severity: str
    """The (possibly overridden) severity."""
    term: str
    """The text the finding is about (part of the baseline key; empty unless keyed)."""
    digest: str
    """Hash of the segment's text (part of the baseline key; empty unless keyed)."""
    piece: bytes
    """The finding rendered in the report format, after the format's separator, encoded."""


_SEVERITIES = tuple(Severity)


def _rule_ids() -> tuple[str, ...]:
    """Rule ids by their code in ``Records.rules``."""
    return tuple(REGISTRY)


@lru_cache(maxsize=1)
def _rule_ranks() -> np.ndarray:
    """By code in ``Records.rules``, the place of the rule's id among the ids in order."""
    ids = _rule_ids()
    ranks = np.empty(len(ids), np.uint8)
    ranks[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
    return ranks


_KEY = np.dtype([("start", np.int64), ("end", np.int64), ("rule", np.uint8)])
"""A record's report order as a numpy record (``Records._keys``)."""


@lru_cache(maxsize=8)
def _ascii_kept(encoding: str) -> bool:
    """Whether ``encoding`` writes each ASCII character as that one byte."""
    try:
        return _ASCII.encode(encoding) == _ASCII.encode("ascii")
    except (LookupError, UnicodeError):
        return False


_ASCII = "".join(map(chr, range(128)))


def _encoded(pieces: list[str], separator: str, encoding: str, errors: str
             ) -> tuple[bytes, np.ndarray]:
    """``pieces``, each after ``separator``, encoded one after the other, and the size of each
    in bytes.

    The text is encoded at once; where the encoding writes ASCII as is, a piece's size is its
    length in characters unless it is one of the few with other characters (``isascii`` of a
    str is a flag), which are encoded again alone."""
    if not pieces:
        return b"", _no_ints()
    joined = separator + separator.join(pieces)
    blob = joined.encode(encoding, errors)
    if _ascii_kept(encoding):
        sizes = np.fromiter(map(len, pieces), np.int64, len(pieces)) + len(separator)
        for at in compress(count(), map(not_, map(str.isascii, pieces))):
            sizes[at] = len((separator + pieces[at]).encode(encoding, errors))
        if int(sizes.sum()) == len(blob):
            return blob, sizes
    encoded = [(separator + piece).encode(encoding, errors) for piece in pieces]
    return b"".join(encoded), np.fromiter(map(len, encoded), np.int64, len(encoded))


def _no_ints() -> np.ndarray:
    return np.empty(0, np.int64)


def _no_codes() -> np.ndarray:
    return np.empty(0, np.uint8)


class Records:
    """Findings of a stretch of a file in document order: positions, rule and severity codes
    and sizes as numpy arrays, the findings rendered and encoded as one run of bytes, and the
    baseline keys (terms and digests) as lists when the run is ``keyed``, else empty.

    A report of a large corpus has a million findings. Held so, they cross processes and the
    spool and go to stdout as a few buffers, with no object per finding: the main process
    (serial, while the workers render) only merges in the few findings that needed the whole
    document, splicing bytes. Each piece carries the format's separator before it, so pieces
    can be written back to back; the report drops the very first one. A ``Record`` is made only
    when one is asked for, by iterating.
    """

    __slots__ = ("blob", "digests", "ends", "rules", "severities", "sizes", "starts", "terms")

    def __init__(self) -> None:
        self.starts = _no_ints()
        self.ends = _no_ints()
        self.rules = _no_codes()
        """Each finding's rule, as its position in ``REGISTRY``."""
        self.severities = _no_codes()
        """Each finding's severity, as its position in ``Severity``."""
        self.sizes = _no_ints()
        """Each piece's size in ``blob``."""
        self.blob = b""
        self.terms: list[str] = []
        self.digests: list[str] = []

    def columns(self) -> tuple[Any, ...]:
        """What the records hold, as bytes and lists of strings (for ``marshal`` and pickle)."""
        return (self.starts.tobytes(), self.ends.tobytes(), self.rules.tobytes(),
                self.severities.tobytes(), self.sizes.tobytes(), self.blob, self.terms,
                self.digests)

    @classmethod
    def of_columns(cls, columns: tuple[Any, ...]) -> Records:
        """Records holding what ``columns`` returned."""
        records = cls()
        starts, ends, rules, severities, sizes, records.blob, records.terms, records.digests = (
            columns)
        records.starts = np.frombuffer(starts, np.int64)
        records.ends = np.frombuffer(ends, np.int64)
        records.rules = np.frombuffer(rules, np.uint8)
        records.severities = np.frombuffer(severities, np.uint8)
        records.sizes = np.frombuffer(sizes, np.int64)
        return records

    def __reduce__(self) -> tuple[Any, ...]:
        return Records.of_columns, (self.columns(),)

    def __len__(self) -> int:
        return len(self.starts)

    def _bounds(self) -> np.ndarray:
        """Where each piece starts in ``blob``, and where the last ends."""
        bounds = np.zeros(len(self.sizes) + 1, np.int64)
        np.cumsum(self.sizes, out=bounds[1:])
        return bounds

    def pieces(self) -> list[bytes]:
        """Each finding's piece."""
        bounds = self._bounds().tolist()
        return [self.blob[lo:hi] for lo, hi in pairwise(bounds)]

    def __iter__(self) -> Iterator[Record]:
        ids = _rule_ids()
        rules = [ids[code] for code in self.rules.tolist()]
        severities = [_SEVERITIES[code]._value_ for code in self.severities.tolist()]
        keyed = bool(self.terms)
        terms = self.terms if keyed else [""] * len(self)
        digests = self.digests if keyed else [""] * len(self)
        return map(Record._make, zip(self.starts.tolist(), self.ends.tolist(), rules,
                                     severities, terms, digests, self.pieces(), strict=True))

    def counts(self) -> Counter[tuple[str, str]]:
        """How many findings each (rule, severity) has."""
        kinds = len(_SEVERITIES)
        found = np.bincount(self.rules.astype(np.int64) * kinds + self.severities)
        ids = _rule_ids()
        return Counter({(ids[code // kinds], _SEVERITIES[code % kinds]._value_): number
                        for code, number in enumerate(found.tolist()) if number})

    def baseline_keys(self) -> Iterator[tuple[str, str, str]]:
        """Each finding's (rule, digest, term) (a keyed run's)."""
        ids = _rule_ids()
        return zip([ids[code] for code in self.rules.tolist()], self.digests, self.terms,
                   strict=True)

    @classmethod
    def concatenated(cls, parts: list[Records]) -> Records:
        """The records of ``parts`` one after the other."""
        if len(parts) == 1:
            return parts[0]
        records = cls()
        records.starts = np.concatenate([part.starts for part in parts])
        records.ends = np.concatenate([part.ends for part in parts])
        records.rules = np.concatenate([part.rules for part in parts])
        records.severities = np.concatenate([part.severities for part in parts])
        records.sizes = np.concatenate([part.sizes for part in parts])
        records.blob = b"".join([part.blob for part in parts])
        records.terms = [term for part in parts for term in part.terms]
        records.digests = [digest for part in parts for digest in part.digests]
        return records

    def _keys(self, lo: int = 0, hi: int | None = None) -> np.ndarray:
        """The report order of each record from ``lo`` to ``hi`` (position, then rule) as a
        numpy record of start, end and the rank of its rule's id among the ids in order (numpy
        compares records field by field, as tuples are)."""
        keys = np.empty(len(self.starts[lo:hi]), _KEY)
        keys["start"], keys["end"] = self.starts[lo:hi], self.ends[lo:hi]
        keys["rule"] = _rule_ranks()[self.rules[lo:hi]]
        return keys

    def take(self, order: np.ndarray) -> Records:
        """The records at the positions ``order``, in that order."""
        records = Records()
        records.starts, records.ends = self.starts[order], self.ends[order]
        records.rules, records.severities = self.rules[order], self.severities[order]
        records.sizes = self.sizes[order]
        bounds = self._bounds()
        view = memoryview(self.blob)
        records.blob = b"".join(map(view.__getitem__, map(
            slice, bounds[order].tolist(), bounds[order + 1].tolist())))
        if self.terms:
            positions = order.tolist()
            records.terms = [self.terms[at] for at in positions]
            records.digests = [self.digests[at] for at in positions]
        return records

    def where(self, keep: list[bool]) -> Records:
        """The records whose ``keep`` flag is set."""
        return self.take(np.flatnonzero(np.array(keep, dtype=np.bool_)))

    def merged(self, extra: Records, lo: int = 0, hi: int | None = None) -> Records:
        """These records (in report order) with ``extra[lo:hi]`` (in report order) merged in,
        each after the records of an equal key (``extra`` is the few findings that needed more
        than one chunk): arrays by ``numpy.insert``, bytes spliced between the insertion points.

        The points are found by position with numpy, and among records that start where an
        inserted one does by the whole key (``_keys``), also with numpy."""
        hi = len(extra) if hi is None else hi
        if lo >= hi:
            return self
        inserted = extra.starts[lo:hi]
        places = np.searchsorted(self.starts, inserted, side="right")
        tied = np.flatnonzero(places > np.searchsorted(self.starts, inserted, side="left"))
        if len(tied):
            places[tied] = np.searchsorted(self._keys(), extra._keys(lo, hi)[tied],
                                           side="right")
        records = Records()
        records.starts = np.insert(self.starts, places, inserted)
        records.ends = np.insert(self.ends, places, extra.ends[lo:hi])
        records.rules = np.insert(self.rules, places, extra.rules[lo:hi])
        records.severities = np.insert(self.severities, places, extra.severities[lo:hi])
        records.sizes = np.insert(self.sizes, places, extra.sizes[lo:hi])
        extra_bounds = extra._bounds()
        records.blob = _spliced(self.blob, self._bounds()[places].tolist(),
                                memoryview(extra.blob)[extra_bounds[lo]:extra_bounds[hi]],
                                (extra_bounds[lo:hi + 1] - extra_bounds[lo]).tolist())
        if self.terms or extra.terms:
            positions = places.tolist()
            records.terms = _spliced_list(self.terms, positions, extra.terms[lo:hi])
            records.digests = _spliced_list(self.digests, positions, extra.digests[lo:hi])
        return records

    def add(self, render: Renderer, options: Options, path: str, found: FindingColumns,
            digests: list[str], index: LineIndex, first_line: int = 1, offset: int = 0
            ) -> None:
        """Append ``found`` (in report order, each with its segment's digest; at ``offset`` in
        the file, in a text ``index`` whose first line is line ``first_line`` of the file)
        rendered, with their severity overrides."""
        if not found:
            return
        overrides = options.severity
        if overrides:
            found = replace(found, severities=[
                overrides.get(rule, severity)
                for rule, severity in zip(found.rules, found.severities, strict=True)])
        lines, columns, end_lines, end_columns = index.spans(found.starts, found.ends,
                                                             first_line)
        pieces = render.found_items(
            path, zip(lines, columns, end_lines, end_columns, strict=True), found, digests)
        blob, sizes = _encoded(pieces, render.separator, options.encoding, options.errors)
        codes = {rule: code for code, rule in enumerate(_rule_ids())}
        levels = {severity: code for code, severity in enumerate(_SEVERITIES)}
        added = Records()
        added.starts = np.array(found.starts, np.int64) + offset
        added.ends = np.array(found.ends, np.int64) + offset
        added.rules = np.fromiter(map(codes.__getitem__, found.rules), np.uint8, len(found))
        added.severities = np.fromiter(map(levels.__getitem__, found.severities), np.uint8,
                                       len(found))
        added.sizes, added.blob = sizes, blob
        if options.keyed:
            added.terms = [term for _, term, _ in found.details]
            added.digests = digests
        self.extend(added)

    def extend(self, other: Records) -> None:
        """Append ``other``'s records."""
        joined = Records.concatenated([self, other]) if len(self) else other
        for name in Records.__slots__:
            setattr(self, name, getattr(joined, name))


def _through(keys: np.ndarray, records: Records) -> int:
    """How many of the records whose ``Records._keys`` are ``keys`` come no later in report
    order than the last of ``records``."""
    return int(np.searchsorted(keys, records._keys(len(records) - 1), side="right")[0])


def _spliced(blob: bytes, cuts: list[int], pieces: memoryview, bounds: list[int]) -> bytes:
    """``blob`` with piece ``k`` of ``pieces`` (between ``bounds[k]`` and ``bounds[k + 1]``)
    put in at byte ``cuts[k]`` (never decreasing), after what was there."""
    view = memoryview(blob)
    parts = [view] * (2 * len(cuts) + 1)
    parts[0::2] = map(view.__getitem__, map(slice, [0, *cuts], [*cuts, len(blob)]))
    parts[1::2] = map(pieces.__getitem__, map(slice, bounds[:-1], bounds[1:]))
    return b"".join(parts)


def _spliced_list(values: list[str], places: list[int], inserted: list[str]) -> list[str]:
    """``values`` with ``inserted[k]`` put in before position ``places[k]`` (never decreasing),
    after what was there."""
    out: list[str] = []
    at = 0
    for place, value in zip(places, inserted, strict=True):
        out += values[at:place]
        out.append(value)
        at = place
    out += values[at:]
    return out


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
    """Whether findings get their segment's digest (only baselines and SARIF read it: hashing
    every segment with a finding is a tenth of a large check's work)."""
    keyed: bool = False
    """Whether records carry their baseline keys (terms and digests), for a baseline."""
    encoding: str = "utf-8"
    """How the report is encoded (as stdout encodes)."""
    errors: str = "strict"
    """The encoding's error handler."""


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
    lines: array[int]
    """Where the chunk's lines start in it (its ``LineIndex``'s): the file's index takes them
    rather than search the chunk for line ends again."""
    stored: tuple[str, int] | None = None
    """Where a worker wrote the records' bytes (file and offset), which then leaves them out:
    the bulk of a report goes to disk once, in parallel, instead of through the pipe to this
    process and to disk again from here."""


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
        end_match = LINE_END.search(text, target) if target < len(text) else None
        end = end_match.end() if end_match else len(text)
        piece = text[start:end]
        yield Chunk(path, piece, start, line)
        line += count_line_ends(piece)
        start = end


def _report_order(found: FindingColumns) -> list[int]:
    """The positions of ``found`` ordered by position, then rule (stably), with numpy's
    ``lexsort``."""
    names = sorted(set(found.rules))
    rank = dict(zip(names, range(len(names)), strict=True))
    order = np.lexsort((np.fromiter(map(rank.__getitem__, found.rules), np.int64, len(found)),
                        np.array(found.ends, np.int64), np.array(found.starts, np.int64)))
    positions: list[int] = order.tolist()
    return positions


def _in_report_order(found: FindingColumns) -> FindingColumns:
    """``found`` ordered by position, then rule (stably)."""
    return found.take(_report_order(found))


def _digests(found: FindingColumns, digest: Callable[[int], str], options: Options
             ) -> list[str]:
    """The digest of each finding's segment (empty without a segment, or when the run needs
    no digests)."""
    if not options.digests:
        return [""] * len(found)
    return ["" if segment is None else digest(segment) for segment in found.segments]


def _streamed(path: str, source: TextBlocks) -> Iterator[Chunk]:
    """The blocks of a streamed file as chunks (added to the file's line index as their results
    come, with the line starts their check found)."""
    offset, line = 0, 1
    for text in source.texts():
        yield Chunk(path, text, offset, line)
        offset += len(text)
        line += count_line_ends(text)


def check_chunk(chunk: Chunk, options: Options, hints: Mapping[str, Any] | None = None
                ) -> ChunkResult:
    """Segment one chunk and run the rules on it (document rules only observe, each with its
    decider's hint in ``hints``)."""
    from transreview.segment import segment_document

    document = Document(path=chunk.path, text=chunk.text)
    segments = segment_document(document, "en")
    context = CheckContext(en=document, en_segments=segments, glossary=options.glossary)
    found_by_rule: list[FindingColumns] = []
    observations: dict[str, Any] = {}
    for rule_id in options.rules:
        rule = REGISTRY[rule_id]
        if isinstance(rule, DocumentRule):
            observations[rule_id] = rule.gathered(context, (hints or {}).get(rule_id))
        elif not rule.needs_source:
            found_by_rule.append(rule.found(context))
    found = _in_report_order(FindingColumns.concatenated(found_by_rule))
    render = renderer(options.fmt, options.rules)
    records = Records()
    index = LineIndex(chunk.text)
    records.add(render, options, chunk.path, found, _digests(found, context.digest, options),
                index, chunk.line, chunk.offset)
    return ChunkResult(records, observations, len(segments), index.line_starts())


_WORKER_OPTIONS: list[Options] = []
_WORKER_SPOOL: list[str] = []
"""The folder a worker writes its records' bytes in, then its file there, opened once."""
_WORKER_FILE: list[IO[bytes]] = []
_WORKER_DOCUMENT: list[tuple[Handoff[Document], Document]] = []
"""The English document this worker was last handed, with its handoff: a worker that made its
evidence and then runs its rules reads it once, and the rules' analysis then finds its segments
kept (``pipeline`` keeps the last document's, by identity)."""


def _init_worker(options: Options, folder: str = "") -> None:
    _WORKER_OPTIONS[:] = [options]
    _WORKER_SPOOL[:] = [folder] if folder else []
    _WORKER_FILE.clear()


def _worker(chunk: Chunk, hints: dict[str, Any]) -> ChunkResult:
    result = check_chunk(chunk, _WORKER_OPTIONS[0], hints)
    if not _WORKER_SPOOL or not result.records:
        return result
    if not _WORKER_FILE:
        path = os.path.join(_WORKER_SPOOL[0], f"{os.getpid()}.records")
        _WORKER_FILE.append(open(path, "ab"))  # noqa: SIM115 - lives as long as the worker
    file = _WORKER_FILE[0]
    offset = file.tell()
    file.write(result.records.blob)
    file.flush()
    result.records.blob = b""
    return replace(result, stored=(file.name, offset))


def _english_records(handoff: Handoff[Document], rules: list[str], with_matches: bool
                     ) -> Handoff[tuple[Records, MatchColumns]]:
    """The findings of the English-only ``rules`` over the whole ``document``, rendered (in a
    worker: the main process merges them with the few the source rules find); ``with_matches``,
    also the glossary's matches over the whole text, which the source rules read (finding the
    forbidden variants among them costs the same search), else no matches."""
    from transreview.pipeline import analyze

    options = _WORKER_OPTIONS[0]
    glossary = options.glossary
    document = _shared_document(handoff)
    if with_matches and glossary is not None:
        matches = glossary.find_en_columns(document.text)
        analysis = analyze(document, None, glossary, select=rules, en_matches=lambda: matches)
    else:
        matches = MatchColumns.of(())
        analysis = analyze(document, None, glossary, select=rules)
    return handed((_document_records(renderer(options.fmt, options.rules), options, document,
                                      analysis.findings, analysis.en_segments), matches))


def _chinese_side(handoff: Handoff[Document], terms: bool) -> ChineseSide:
    """``chinese_side`` of the source document (in a worker, with the run's glossary)."""
    from transreview.pipeline import chinese_side

    return chinese_side(handoff.value(), _WORKER_OPTIONS[0].glossary, terms=terms)


def _english_side(handoff: Handoff[Document]) -> Handoff[English]:
    """``english_side`` of the document (in a worker, which shares ``handoff`` with another)."""
    from transreview.pipeline import english_side

    return handed(english_side(_shared_document(handoff)))


def _shared_document(handoff: Handoff[Document]) -> Document:
    """The English document of ``handoff`` (a file the evidence and the rules' tasks share):
    the one this worker read before, if it was handed by the same handoff."""
    if not (_WORKER_DOCUMENT and _WORKER_DOCUMENT[0][0] == handoff):
        _WORKER_DOCUMENT[:] = [(handoff, handoff.value(keep=True))]
    return _WORKER_DOCUMENT[0][1]


def _document_records(render: Renderer, options: Options, document: Document,
                      findings: tuple[Finding, ...], segments: tuple[Segment, ...]) -> Records:
    """``findings`` over the whole ``document`` (in report order) rendered, with the digests
    of their ``segments``."""
    found = FindingColumns.of(findings)
    records = Records()
    records.add(render, options, document.path, found, _digests(
        found, lambda segment: text_digest(segments[segment].text), options),
        LineIndex(document.text))
    return records


class Spool:
    """Records kept in memory, and on disk beyond a batch, until they are written, each part
    with the findings to merge into it (those that needed more than its chunk).

    A batch goes to disk as its columns (buffers and the keys' strings) through ``marshal``,
    and is read back whole by its size (``marshal.load`` from a file reads an object at a
    time); the file lives only for the run, in one interpreter, which is all ``marshal``
    promises to read back. A part whose bytes a worker wrote (``ChunkResult.stored``) is read
    back from the worker's file.
    """

    def __init__(self, batch_size: int = 50_000) -> None:
        self._file: IO[bytes] | None = None
        self._sizes: list[int] = []
        self._pending: list[tuple[Records, Records, tuple[str, int] | None]] = []
        self._count = 0
        self._batch_size = batch_size
        self._stores: dict[str, IO[bytes]] = {}

    def add(self, records: Records, decided: Records | None = None,
            stored: tuple[str, int] | None = None) -> None:
        """Append records (in order), with ``decided`` to merge into them, their bytes at
        ``stored`` when a worker wrote them."""
        decided = decided or Records()
        if not records and not decided:
            return
        self._pending.append((records, decided, stored))
        self._count += len(records) + len(decided)
        if self._count >= self._batch_size:
            if self._file is None:
                self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
            self._sizes.append(self._file.write(marshal.dumps([
                (records.columns(), decided.columns(), stored)
                for records, decided, stored in self._pending])))
            self._pending, self._count = [], 0

    def parts(self) -> Iterator[tuple[Records, Records]]:
        """The parts in order, each with its decided records (not merged in yet, so that they
        can be merged with others at once)."""
        if self._file is not None:
            self._file.seek(0)
            for size in self._sizes:
                for records, decided, stored in marshal.loads(self._file.read(size)):
                    yield (self._loaded(Records.of_columns(records), stored),
                           Records.of_columns(decided))
        for records, decided, stored in self._pending:
            yield self._loaded(records, stored), decided

    def _loaded(self, records: Records, stored: tuple[str, int] | None) -> Records:
        """``records`` with their bytes, read back from ``stored`` when a worker wrote them."""
        if stored is not None:
            path, offset = stored
            store = self._stores.get(path)
            if store is None:
                store = self._stores[path] = open(path, "rb")  # noqa: SIM115 - see close()
            store.seek(offset)
            records.blob = store.read(int(records.sizes.sum()))
        return records

    def close(self) -> None:
        """Drop the temporary file and the workers' files read."""
        if self._file is not None:
            self._file.close()
        for store in self._stores.values():
            store.close()


@dataclass(slots=True)
class _FileRun:
    """One English file being checked: its line index, judges and spooled records."""

    path: str
    index: LineIndex
    deciders: dict[str, Decider]
    spool: Spool
    segments: int = 0
    """Segments in the chunks absorbed so far."""


def _hints(run: _FileRun) -> dict[str, Any]:
    """The hints of a file's deciders for its next chunk (see ``Decider.hint``)."""
    return {rule_id: hint for rule_id, decider in run.deciders.items()
            if (hint := decider.hint()) is not None}


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
        self._folder = ""
        """Where the workers write their records' bytes (removed at the end)."""
        self.inputs_done = False
        """Set once every input has been read and judged: the batches still to come need no
        more reading of any input, so nothing but writing can fail from then on."""

    def __enter__(self) -> FileChecker:
        if self._jobs > 1:
            method = "fork" if "fork" in get_all_start_methods() else "spawn"
            self._folder = tempfile.mkdtemp(prefix="transreview-")
            use_folder(self._folder)
            self._executor = ProcessPoolExecutor(
                max_workers=self._jobs, mp_context=get_context(method),
                initializer=_init_worker, initargs=(self.options, self._folder),
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)
        use_folder("")
        if self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)

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
            for run, chunk, last, hints, result in self._results(
                    self._chunks(paths, open_runs)):
                self._absorb(run, chunk, hints, result)
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
                pieces = _streamed(path, source)
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
                 ) -> Iterator[tuple[_FileRun, Chunk, bool, dict[str, Any], ChunkResult]]:
        """Chunk results in order, each with the deciders' hints it was checked with (taken
        when it is sent); at most two chunks per worker are in flight at a time."""
        executor = self._executor
        if executor is None:
            for run, chunk, last in pieces:
                hints = _hints(run)
                yield run, chunk, last, hints, check_chunk(chunk, self.options, hints)
            return
        window: deque[tuple[_FileRun, Chunk, bool, dict[str, Any], Future[ChunkResult]]] = (
            deque())
        for run, chunk, last in pieces:
            hints = _hints(run)
            window.append((run, chunk, last, hints, executor.submit(_worker, chunk, hints)))
            if len(window) >= 2 * self._jobs:
                done = window.popleft()
                yield *done[:4], done[4].result()
        while window:
            done = window.popleft()
            yield *done[:4], done[4].result()

    def _absorb(self, run: _FileRun, chunk: Chunk, hints: dict[str, Any], result: ChunkResult
                ) -> None:
        """Feed a chunk's observations to the document rules and spool its records (a streamed
        file's line index first takes the chunk's lines)."""
        if run.index.blocks is not None:
            run.index.extend(chunk.text, result.lines)
        decided = self._decided(run, (
            found for rule_id, decider in run.deciders.items()
            for found in decider.take(result.observations[rule_id], chunk.offset, run.segments,
                                      hints.get(rule_id))))
        run.spool.add(result.records, decided, result.stored)
        run.segments += result.segments
        self._progress(len(chunk.text))

    def _finish(self, run: _FileRun) -> Iterator[Records]:
        """The file's records, merged with the findings that needed the whole document (those
        of each part and the final ones, merged together first: one splice of its bytes)."""
        final = self._rendered(run, [decider.finished(self._executor)
                                     for decider in run.deciders.values()])
        final_keys = final._keys()
        taken = 0
        for records, decided in run.spool.parts():
            upto = max([taken, *(_through(final_keys, part) for part in (records, decided)
                                 if part)])
            yield records.merged(decided.merged(final, taken, upto))
            taken = upto
        if taken < len(final):
            yield Records().merged(final, taken)

    def _decided(self, run: _FileRun, found: Iterable[tuple[Finding, Observation]]) -> Records:
        """Deciders' findings rendered, in report order."""
        return self._rendered(run, [decided_of(found)])

    def _rendered(self, run: _FileRun, parts: list[Decided]) -> Records:
        """Deciders' findings as columns (with their digests) rendered, in report order."""
        found = FindingColumns.concatenated([columns for columns, _ in parts])
        every_digest = list(chain.from_iterable(digests for _, digests in parts))
        order = _report_order(found)
        records = Records()
        records.add(self._render, self.options, run.path, found.take(order),
                    [every_digest[at] for at in order], run.index)
        return records

    def check_pair(self, document: Document, source: Document) -> Records:
        """Records of an English document checked against its Chinese source.

        With workers, the alignment's English evidence is computed in one of them and the
        Chinese side is segmented and cut in the other while this process runs the guide
        search. The Chinese side is sent first, before the English document is handed over:
        it is the longest task that the alignment waits for (0.03 s sooner on the benchmark
        pair). The rules that read only the English run in workers, which render them, while
        this process aligns the pair and runs the others: the same findings, in the same order
        (by position and rule, English-only rules first among equals, as the analysis sorts
        them). Those rules go in two tasks, one after the other (``_EnglishTasks``), queued
        behind the evidence and the cuts: a worker is free for them while this process works
        on the alignment alone, and the two tasks at once would slow it. The beads are left
        unscored: no rule reads their scores.
        """
        from transreview.pipeline import analyze

        executor = self._executor
        if executor is None:
            analysis = analyze(document, source, self.options.glossary,
                               select=self.options.rules, scores=False)
            return _document_records(self._render, self.options, document, analysis.findings,
                                     analysis.en_segments)
        glossary = self.options.glossary
        sourced = [rule for rule in self.options.rules if REGISTRY[rule].needs_source]
        with_matches = bool(sourced) and glossary is not None
        cutting = executor.submit(_chinese_side, handed(source), with_matches)
        shared = handed(document)
        evidence = executor.submit(_english_side, shared)
        tasks = _EnglishTasks(executor, shared, [
            rule for rule in self.options.rules if rule not in sourced], with_matches)
        try:
            analysis = analyze(document, source, glossary, select=sourced,
                               english=lambda: evidence.result().value(),
                               chinese=cutting.result, executor=executor, scores=False,
                               en_matches=tasks.matches if with_matches else None)
            records = _document_records(self._render, self.options, document,
                                        analysis.findings, analysis.en_segments)
            english = tasks.records()
        finally:
            tasks.stop()
        evidence.result()  # every task is done with the document
        shared.discard()
        return english.merged(records)


class _EnglishTasks:
    """The English-only rules of a document pair's check, as two worker tasks
    (``_english_records``): the rules that read the glossary, with the glossary's matches when
    ``with_matches``, sent at once; and the others, sent when the first is done (a task with
    nothing to do is not sent)."""

    def __init__(self, executor: Executor, shared: Handoff[Document], rules: list[str],
                 with_matches: bool) -> None:
        self._executor, self._shared = executor, shared
        first = [rule for rule in rules if REGISTRY[rule].reads_glossary]
        self._rules = (first, [rule for rule in rules if rule not in first])
        self._with_matches = with_matches
        self._sent: dict[int, Future[Handoff[tuple[Records, MatchColumns]]] | None] = {}
        self._lock = threading.Lock()
        self._stopped = False
        self._results: dict[int, tuple[Records, MatchColumns]] = {}
        sent = self._send(0)
        if sent is None:
            self._send(1)
        else:
            sent.add_done_callback(self._send_second)

    def _send(self, task: int) -> Future[Handoff[tuple[Records, MatchColumns]]] | None:
        """Send ``task`` unless it was sent (by the first task's callback, in the pool's
        thread, or by this process waiting for its result) or the run has stopped."""
        with self._lock:
            if task not in self._sent and not self._stopped:
                matches = self._with_matches and task == 0
                self._sent[task] = self._executor.submit(
                    _english_records, self._shared, self._rules[task], matches
                ) if self._rules[task] or matches else None
            return self._sent.get(task)

    def _send_second(self, _: Future[Handoff[tuple[Records, MatchColumns]]]) -> None:
        """Send the second task (in the pool's thread, the first being done). A pool that
        cannot take it any more (broken, or shut down) is left to say so when this process
        asks for the result, instead of a traceback from this thread."""
        with contextlib.suppress(RuntimeError):  # BrokenExecutor is one too
            self._send(1)

    def _result(self, task: int) -> tuple[Records, MatchColumns]:
        if task not in self._results:
            sent = self._send(task)
            self._results[task] = (
                (Records(), MatchColumns.of(())) if sent is None else sent.result().value())
        return self._results[task]

    def matches(self) -> MatchColumns:
        """The glossary's matches over the English text (the first task's alone: the source
        rules that read them need not wait for the second)."""
        return self._result(0)[1]

    def records(self) -> Records:
        """The records of both tasks, merged in report order."""
        return self._result(0)[0].merged(self._result(1)[0])

    def stop(self) -> None:
        """Send nothing more (the run is over, or failed)."""
        with self._lock:
            self._stopped = True


def file_sizes(paths: Iterable[str]) -> int:
    """Total size in bytes of the files that exist (for a progress bar)."""
    total = 0
    for path in paths:
        try:
            total += os.path.getsize(path)
        except OSError:
            continue
    return total
