"""The SQLite file behind a review session: schema, cached analyses and the append-only log.

One file holds the documents (with content hashes), every analysis made of them (segments,
alignment beads, findings), and the log: actions, the edits they made and the status events
they caused. Triggers refuse UPDATE and DELETE on the log tables, so history is only appended.
The only mutable rows are the reviewer's view (cursor, filter, search) in ``view``. Segment
offsets and beads are stored as packed columns, one row per analysis, so a session of 100,000
sentences opens in a fraction of a second.
"""

from __future__ import annotations

import bisect
import json
import sqlite3
import sys
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

from transreview.errors import InputError
from transreview.model import (
    Bead,
    Document,
    Edit,
    EditKind,
    Finding,
    Segment,
    Severity,
    Signature,
)

SCHEMA_VERSION = "2"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS view (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY, role TEXT NOT NULL, path TEXT NOT NULL, abspath TEXT NOT NULL,
    sha256 TEXT NOT NULL, encoding TEXT NOT NULL, bom INTEGER NOT NULL, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS analyses (
    id INTEGER PRIMARY KEY, en_doc INTEGER NOT NULL REFERENCES documents(id),
    zh_doc INTEGER REFERENCES documents(id), glossary_path TEXT, glossary_sha256 TEXT,
    signature TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS segments (
    analysis INTEGER NOT NULL, side TEXT NOT NULL, count INTEGER NOT NULL,
    starts BLOB NOT NULL, ends BLOB NOT NULL, paragraphs BLOB NOT NULL,
    PRIMARY KEY (analysis, side)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS beads (
    analysis INTEGER PRIMARY KEY, count INTEGER NOT NULL, zh_first BLOB NOT NULL,
    zh_count BLOB NOT NULL, en_first BLOB NOT NULL, en_count BLOB NOT NULL,
    score BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS findings (
    id INTEGER PRIMARY KEY, analysis INTEGER NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL,
    message TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, segment INTEGER,
    term TEXT NOT NULL, suggestion TEXT, zh_segment INTEGER);
CREATE TABLE IF NOT EXISTS actions (
    id INTEGER PRIMARY KEY, analysis INTEGER NOT NULL, kind TEXT NOT NULL,
    reviewer TEXT NOT NULL, timestamp TEXT NOT NULL, reverts INTEGER REFERENCES actions(id));
CREATE TABLE IF NOT EXISTS edits (
    id INTEGER PRIMARY KEY, action INTEGER NOT NULL REFERENCES actions(id),
    segment INTEGER NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL, kind TEXT NOT NULL,
    reviewer TEXT NOT NULL, timestamp TEXT NOT NULL, finding TEXT, patch TEXT NOT NULL,
    reverts INTEGER REFERENCES edits(id));
CREATE TABLE IF NOT EXISTS status_events (
    id INTEGER PRIMARY KEY, action INTEGER NOT NULL REFERENCES actions(id),
    target_kind TEXT NOT NULL, target TEXT NOT NULL, status TEXT NOT NULL,
    previous TEXT NOT NULL, reverts INTEGER REFERENCES status_events(id));
CREATE TABLE IF NOT EXISTS unapplied (
    id INTEGER PRIMARY KEY, analysis INTEGER NOT NULL, segment INTEGER NOT NULL,
    before TEXT NOT NULL, after TEXT NOT NULL, reason TEXT NOT NULL);
"""

_APPEND_ONLY = (
    "actions", "edits", "status_events", "unapplied", "findings", "documents", "analyses",
    "segments", "beads",
)


@dataclass(frozen=True, slots=True)
class AnalysisRecord:
    """One stored analysis: which document versions it was made from."""

    id: int
    en: Document
    en_sha256: str
    en_abspath: str
    zh: Document | None
    zh_sha256: str | None
    glossary_path: str | None
    glossary_sha256: str | None
    signature: Signature


@dataclass(frozen=True, slots=True)
class ActionRow:
    """One reviewer action (accept, reject, edit, review, accept-all, carry, undo)."""

    id: int
    kind: str
    reverts: int | None


@dataclass(frozen=True, slots=True)
class EventRow:
    """One status change of a finding (target = finding id) or a segment (target = index)."""

    id: int
    action: int
    target_kind: str
    target: str
    status: str
    previous: str
    reverts: int | None


@dataclass(frozen=True, slots=True)
class UnappliedEdit:
    """An edit from an earlier version of the English that could not be re-applied to this one."""

    segment: int
    """The segment index in the earlier version."""
    before: str
    """The segment's text in the earlier version, before the reviewer's edits."""
    after: str
    """The segment's text after them (what the reviewer wanted)."""
    reason: str
    """Why it did not apply."""


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    try:
        if read_only:
            connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
        else:
            connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        raise InputError(str(path), f"not a usable review session: {error}") from None
    return connection


class Store:
    """Reads and appends the rows of one session file; every write is its own transaction.

    The connection may be made in a worker thread and used by the UI thread after it (never
    by both at once), hence ``check_same_thread=False``.
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        if read_only and not path.is_file():
            raise InputError(str(path), "no such review session (cannot open it read-only)")
        self.db = _connect(path, read_only)
        try:
            self._check_or_create()
        except InputError:
            self.db.close()
            raise
        if not read_only:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")

    def _check_or_create(self) -> None:
        """Create the tables in an empty file; refuse any other database without touching it."""
        tables = {name for (name,) in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type='table'"
        )}
        if not tables and not self.read_only:
            self._create()
            return
        if "meta" not in tables:
            raise InputError(str(self.path), "not a transreview review session")
        row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None or row[0] != SCHEMA_VERSION:
            raise InputError(
                str(self.path), f"a review session of another transreview version (schema "
                f"{row[0] if row else 'unknown'}; this one reads {SCHEMA_VERSION}): move it "
                "away or pass another --session",
            )

    def _create(self) -> None:
        self.db.executescript(_SCHEMA)
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            for table in _APPEND_ONLY:
                for verb in ("UPDATE", "DELETE"):
                    db.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} "
                        f"ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                    )

    def transaction(self) -> _Transaction:
        """``with store.transaction() as db:`` commits on success, rolls back on error."""
        return _Transaction(self.db)

    def close(self) -> None:
        """Close the connection (the data is already committed)."""
        self.db.close()

    # -- analyses -------------------------------------------------------------------------

    def latest_analysis(self) -> AnalysisRecord | None:
        """The most recent analysis, or None for a new session."""
        row = self.db.execute(
            "SELECT id, en_doc, zh_doc, glossary_path, glossary_sha256, signature "
            "FROM analyses ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        en, en_sha, en_abspath = self._document(row[1])
        zh, zh_sha = (None, None) if row[2] is None else self._document(row[2])[:2]
        signature = json.loads(row[5])
        signature["checks"] = tuple(signature["checks"])
        return AnalysisRecord(
            row[0], en, en_sha, en_abspath, zh, zh_sha, row[3], row[4], Signature(**signature)
        )

    def _document(self, document_id: int) -> tuple[Document, str, str]:
        path, abspath, sha, encoding, bom, text = self.db.execute(
            "SELECT path, abspath, sha256, encoding, bom, text FROM documents WHERE id=?",
            (document_id,),
        ).fetchone()
        return Document(path, text, encoding, bool(bom)), sha, abspath

    def _document_id(self, db: sqlite3.Connection, role: str, doc: Document, sha: str) -> int:
        abspath = str(Path(doc.path).resolve())
        row = db.execute(
            "SELECT id FROM documents WHERE role=? AND sha256=? AND abspath=? AND path=?",
            (role, sha, abspath, doc.path),
        ).fetchone()
        if row is not None:
            return int(row[0])
        cursor = db.execute(
            "INSERT INTO documents (role, path, abspath, sha256, encoding, bom, text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (role, doc.path, abspath, sha, doc.encoding, int(doc.bom), doc.text),
        )
        return int(cursor.lastrowid or 0)

    def save_analysis(
        self,
        *,
        en: tuple[Document, str],
        zh: tuple[Document, str] | None,
        glossary: tuple[str, str] | None,
        en_segments: Sequence[Segment],
        zh_segments: Sequence[Segment],
        beads: Sequence[Bead],
        findings: Sequence[Finding],
        signature: Signature,
        created: str,
    ) -> tuple[int, list[str]]:
        """Store one analysis; return its id and the ids given to its findings, in order."""
        with self.transaction() as db:
            en_id = self._document_id(db, "en", *en)
            zh_id = None if zh is None else self._document_id(db, "zh", *zh)
            fields = {
                "version": signature.version, "segmenter": signature.segmenter,
                "aligner": signature.aligner, "glossary": signature.glossary,
                "checks": list(signature.checks),
            }
            cursor = db.execute(
                "INSERT INTO analyses (en_doc, zh_doc, glossary_path, glossary_sha256, signature,"
                " created) VALUES (?, ?, ?, ?, ?, ?)",
                (en_id, zh_id, glossary[0] if glossary else None,
                 glossary[1] if glossary else None, json.dumps(fields), created),
            )
            analysis = int(cursor.lastrowid or 0)
            for side, segments in (("en", en_segments), ("zh", zh_segments)):
                db.execute(
                    "INSERT INTO segments VALUES (?, ?, ?, ?, ?, ?)",
                    (analysis, side, len(segments), _pack([s.start for s in segments]),
                     _pack([s.end for s in segments]), _pack([s.paragraph for s in segments])),
                )
            runs = _runs(beads)
            db.execute(
                "INSERT INTO beads VALUES (?, ?, ?, ?, ?, ?, ?)",
                (analysis, len(runs), *(_pack([run[k] for run in runs]) for k in range(4)),
                 _pack([bead.score for bead in beads], "d")),
            )
            ids: list[str] = []
            for finding in findings:
                cursor = db.execute(
                    "INSERT INTO findings (analysis, rule, severity, message, start, end, segment,"
                    " term, suggestion, zh_segment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (analysis, finding.rule, finding.severity.value, finding.message,
                     finding.start, finding.end, finding.segment, finding.term,
                     finding.suggestion, finding.zh_segment),
                )
                ids.append(f"f{cursor.lastrowid}")
        return analysis, ids

    def segments(self, analysis: int, side: str, text: str) -> SegmentList:
        """The stored segments of one side; their text is sliced from ``text``."""
        row = self.db.execute(
            "SELECT starts, ends, paragraphs FROM segments WHERE analysis=? AND side=?",
            (analysis, side),
        ).fetchone()
        if row is None:
            return SegmentList(text, [], [], [])
        return SegmentList(text, _unpack(row[0]), _unpack(row[1]), _unpack(row[2]))

    def beads(self, analysis: int) -> BeadColumns:
        """The stored alignment."""
        row = self.db.execute(
            "SELECT zh_first, zh_count, en_first, en_count, score FROM beads WHERE analysis=?",
            (analysis,),
        ).fetchone()
        if row is None:
            return BeadColumns([], [], [], [], [])
        zh_first, zh_count, en_first, en_count = (_unpack(blob) for blob in row[:4])
        return BeadColumns(zh_first, zh_count, en_first, en_count, _unpack(row[4], "d"))

    def findings(self, analysis: int) -> list[tuple[str, Finding]]:
        """The stored findings with their ids, in order."""
        rows = self.db.execute(
            "SELECT id, rule, severity, message, start, end, segment, term, suggestion, "
            "zh_segment FROM findings WHERE analysis=? ORDER BY id", (analysis,),
        ).fetchall()
        return [
            (f"f{row[0]}", Finding(row[1], Severity(row[2]), row[3], row[4], row[5], row[6],
                                    row[7], row[8], row[9]))
            for row in rows
        ]

    # -- the log --------------------------------------------------------------------------

    def log(self, analysis: int) -> tuple[list[ActionRow], list[tuple[int, Edit]], list[EventRow]]:
        """The actions of one analysis with their edits (paired with action ids) and events.

        Read in one transaction: a writer in another process cannot slip an action in between.
        """
        self.db.execute("BEGIN")
        try:
            return self._log(analysis)
        finally:
            self.db.execute("COMMIT")

    def _log(
        self, analysis: int
    ) -> tuple[list[ActionRow], list[tuple[int, Edit]], list[EventRow]]:
        actions = [
            ActionRow(*row) for row in self.db.execute(
                "SELECT id, kind, reverts FROM actions WHERE analysis=? ORDER BY id", (analysis,)
            )
        ]
        edits = [
            (row[0], Edit(row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
                          row[9], row[10]))
            for row in self.db.execute(
                "SELECT e.action, e.id, e.segment, e.before, e.after, e.kind, e.reviewer, "
                "e.timestamp, e.finding, e.patch, e.reverts FROM edits e JOIN actions a "
                "ON a.id = e.action WHERE a.analysis=? ORDER BY e.id", (analysis,),
            )
        ]
        events = [
            EventRow(*row) for row in self.db.execute(
                "SELECT s.id, s.action, s.target_kind, s.target, s.status, s.previous, s.reverts "
                "FROM status_events s JOIN actions a ON a.id = s.action WHERE a.analysis=? "
                "ORDER BY s.id", (analysis,),
            )
        ]
        return actions, edits, events

    def append_action(
        self,
        analysis: int,
        kind: str,
        reviewer: str,
        timestamp: str,
        *,
        reverts: int | None = None,
        edits: Iterable[tuple[int, str, str, EditKind, str | None, str, int | None]] = (),
        events: Iterable[tuple[str, str, str, str, int | None]] = (),
    ) -> tuple[int, list[int], list[int]]:
        """Append one action with its edits and events in a single committed transaction.

        ``edits``: (segment, before, after, kind, finding, patch, reverts); ``events``:
        (target kind, target, status, previous, reverts). Returns the new row ids.
        """
        with self.transaction() as db:
            action = int(db.execute(
                "INSERT INTO actions (analysis, kind, reviewer, timestamp, reverts) "
                "VALUES (?, ?, ?, ?, ?)", (analysis, kind, reviewer, timestamp, reverts),
            ).lastrowid or 0)
            edit_ids = [
                int(db.execute(
                    "INSERT INTO edits (action, segment, before, after, kind, reviewer, "
                    "timestamp, finding, patch, reverts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (action, segment, before, after, kind_, reviewer, timestamp, finding,
                     patch, edit_reverts),
                ).lastrowid or 0)
                for segment, before, after, kind_, finding, patch, edit_reverts in edits
            ]
            event_ids = [
                int(db.execute(
                    "INSERT INTO status_events (action, target_kind, target, status, previous, "
                    "reverts) VALUES (?, ?, ?, ?, ?, ?)", (action, *event),
                ).lastrowid or 0)
                for event in events
            ]
        return action, edit_ids, event_ids

    def save_unapplied(self, analysis: int, items: Sequence[UnappliedEdit]) -> None:
        """Record the edits of an earlier version that no longer apply."""
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO unapplied (analysis, segment, before, after, reason) "
                "VALUES (?, ?, ?, ?, ?)",
                ((analysis, u.segment, u.before, u.after, u.reason) for u in items),
            )

    def unapplied(self, analysis: int) -> tuple[UnappliedEdit, ...]:
        """The edits that could not be carried over into this analysis."""
        return tuple(
            UnappliedEdit(*row) for row in self.db.execute(
                "SELECT segment, before, after, reason FROM unapplied WHERE analysis=? "
                "ORDER BY id", (analysis,),
            )
        )

    # -- the reviewer's view ----------------------------------------------------------------

    def view(self) -> dict[str, str]:
        """The saved cursor, filter and search."""
        return dict(self.db.execute("SELECT key, value FROM view").fetchall())

    def save_view(self, values: dict[str, str]) -> None:
        """Replace the saved view."""
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO view VALUES (?, ?)", values.items())


def _pack(values: Sequence[float], code: str = "q") -> bytes:
    """A column of numbers as little-endian machine words (one blob instead of 100,000 rows)."""
    packed = array(code, values)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def _unpack(blob: bytes, code: str = "q") -> list[Any]:
    values = array(code)
    values.frombytes(blob)
    if sys.byteorder == "big":
        values.byteswap()
    return values.tolist()


def _runs(beads: Sequence[Bead]) -> list[tuple[int, int, int, int]]:
    """(zh first, zh count, en first, en count) per bead. A monotone alignment's sides are
    consecutive runs; an empty side starts where the next sentence of that side would, so the
    ``first`` columns never decrease."""
    runs = []
    following = [0, 0]
    for bead in beads:
        run: list[int] = []
        for side, indices in enumerate((bead.zh, bead.en)):
            first = indices[0] if indices else following[side]
            if list(indices) != list(range(first, first + len(indices))):
                raise ValueError(f"bead indices {indices} are not consecutive")
            following[side] = first + len(indices)
            run += [first, len(indices)]
        runs.append((run[0], run[1], run[2], run[3]))
    return runs


@dataclass(frozen=True, slots=True)
class BeadColumns:
    """The alignment as columns, one entry per bead (see ``_runs``)."""

    zh_first: list[int]
    zh_count: list[int]
    en_first: list[int]
    en_count: list[int]
    score: list[float]

    def bead(self, number: int) -> Bead:
        """Bead ``number`` as a ``Bead``."""
        zh, en = self.zh_first[number], self.en_first[number]
        return Bead(tuple(range(zh, zh + self.zh_count[number])),
                    tuple(range(en, en + self.en_count[number])), self.score[number])

    def zh_of(self, en: int) -> range:
        """The Chinese sentence indices aligned with English sentence ``en``."""
        number = bisect.bisect_right(self.en_first, en) - 1
        if number < 0 or en >= self.en_first[number] + self.en_count[number]:
            return range(0)
        first = self.zh_first[number]
        return range(first, first + self.zh_count[number])


class SegmentList(Sequence[Segment]):
    """Stored segments, made into ``Segment`` objects only when asked for (opening is fast)."""

    __slots__ = ("ends", "paragraphs", "starts", "text")

    def __init__(self, text: str, starts: list[int], ends: list[int], paragraphs: list[int]):
        self.text = text
        self.starts = starts
        self.ends = ends
        self.paragraphs = paragraphs

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> Segment: ...
    @overload
    def __getitem__(self, index: slice) -> list[Segment]: ...
    def __getitem__(self, index: int | slice) -> Segment | list[Segment]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self.starts)
        start, end = self.starts[index], self.ends[index]
        return Segment(index, start, end, self.text[start:end], self.paragraphs[index])

    def texts(self) -> list[str]:
        """Every segment's text, in order."""
        text = self.text
        return [text[s:e] for s, e in zip(self.starts, self.ends, strict=True)]


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT (or ROLLBACK) on an autocommit connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
