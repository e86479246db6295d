"""The SQLite file behind a review session: schema, cached analyses and the append-only log.

One file holds the documents (with content hashes), every analysis made of them (segments,
alignment beads, findings), and the log: actions, the edits they made and the status events
they caused. Triggers refuse UPDATE and DELETE on the log tables, so history is only appended.
The only mutable rows are the reviewer's view (cursor, filter, search) in ``view``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import overload

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

SCHEMA_VERSION = "1"

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
    analysis INTEGER NOT NULL, side TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER NOT NULL,
    end INTEGER NOT NULL, paragraph INTEGER NOT NULL, PRIMARY KEY (analysis, side, idx))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS beads (
    analysis INTEGER NOT NULL, idx INTEGER NOT NULL, zh_first INTEGER NOT NULL,
    zh_count INTEGER NOT NULL, en_first INTEGER NOT NULL, en_count INTEGER NOT NULL,
    score REAL NOT NULL, PRIMARY KEY (analysis, idx)) WITHOUT ROWID;
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

_APPEND_ONLY = ("actions", "edits", "status_events", "unapplied", "findings", "documents")


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
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
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
        if not read_only:
            self._create()
        version = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if version is None or version[0] != SCHEMA_VERSION:
            raise InputError(str(path), "not a transreview review session (unknown schema)")

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
            db.executemany(
                "INSERT INTO segments VALUES (?, ?, ?, ?, ?, ?)",
                _segment_rows(analysis, en_segments, zh_segments),
            )
            db.executemany(
                "INSERT INTO beads VALUES (?, ?, ?, ?, ?, ?, ?)",
                ((analysis, number, *_run(bead.zh), *_run(bead.en), bead.score)
                 for number, bead in enumerate(beads)),
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
        rows = self.db.execute(
            "SELECT start, end, paragraph FROM segments WHERE analysis=? AND side=? "
            "ORDER BY idx", (analysis, side),
        ).fetchall()
        starts, ends, paragraphs = (list(column) for column in zip(*rows, strict=True)) if rows \
            else ([], [], [])
        return SegmentList(text, starts, ends, paragraphs)

    def beads(self, analysis: int) -> list[tuple[int, int, int, int, float]]:
        """The stored alignment, in order: (zh first, zh count, en first, en count, score)."""
        return self.db.execute(
            "SELECT zh_first, zh_count, en_first, en_count, score FROM beads WHERE analysis=? "
            "ORDER BY idx", (analysis,),
        ).fetchall()

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


def _segment_rows(
    analysis: int, en: Sequence[Segment], zh: Sequence[Segment]
) -> Iterable[tuple[int, str, int, int, int, int]]:
    for side, segments in (("en", en), ("zh", zh)):
        for segment in segments:
            yield analysis, side, segment.index, segment.start, segment.end, segment.paragraph


def _run(indices: tuple[int, ...]) -> tuple[int, int]:
    """(first, count) of a bead side; a monotone alignment's sides are consecutive runs."""
    if not indices:
        return 0, 0
    if list(indices) != list(range(indices[0], indices[0] + len(indices))):
        raise ValueError(f"bead indices {indices} are not consecutive")
    return indices[0], len(indices)


def bead_of(row: tuple[int, int, int, int, float]) -> Bead:
    """The ``Bead`` of a row of ``Store.beads``."""
    zh_first, zh_count, en_first, en_count, score = row
    return Bead(tuple(range(zh_first, zh_first + zh_count)),
                tuple(range(en_first, en_first + en_count)), score)


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
