"""The review session: the reviewer's decisions on one document, kept in a SQLite file.

In: the English file (and optionally its Chinese source and a glossary). The pipeline's analysis
is cached in the session, so reopening is fast and resumes where the reviewer left off. Every
change (accept, reject, edit, mark reviewed, undo) is one committed action of the append-only log
before the method returns. Offsets of findings are characters of the original English text;
segments are edited as whole sentences. If the English file changed since the session was made,
its edits are re-applied to the new text (diff-match-patch fuzzy patching); those that no longer
apply are kept in ``unapplied``.
"""

from __future__ import annotations

import bisect
import getpass
import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol, cast

from diff_match_patch import diff_match_patch

from transreview.errors import UsageError
from transreview.ingest import decode, read_bytes
from transreview.model import (
    Alignment,
    Bead,
    Document,
    Edit,
    EditKind,
    Finding,
    FindingState,
    FindingStatus,
    ReviewSnapshot,
    Segment,
    SegmentState,
    SegmentStatus,
    Signature,
)
from transreview.review.lock import SessionLock
from transreview.review.store import AnalysisRecord, Store, UnappliedEdit


class Analysis(Protocol):
    """What the session keeps of ``transreview.pipeline.Analysis``."""

    @property
    def en_segments(self) -> tuple[Segment, ...]: ...
    @property
    def zh_segments(self) -> tuple[Segment, ...]: ...
    @property
    def alignment(self) -> Alignment | None: ...
    @property
    def findings(self) -> tuple[Finding, ...]: ...
    @property
    def signature(self) -> Signature: ...


Analyzer = Callable[[Document, Document | None, str | None], Analysis]
"""Runs the pipeline: (English, Chinese or None, glossary path or None) -> an analysis."""
Progress = Callable[[str], None]
"""Told what the session is doing while it opens (for a progress indicator)."""
Filter = Literal["all", "open", "unreviewed", "edited"]
FILTERS: tuple[Filter, ...] = ("all", "open", "unreviewed", "edited")

_EditRow = tuple[int, str, str, EditKind, str | None, str, int | None]
_EventRow = tuple[str, str, str, str, int | None]


class ReviewError(Exception):
    """A reviewer action that cannot be carried out as asked (shown to the reviewer as is)."""


@dataclass(frozen=True, slots=True)
class ReviewProgress:
    """How far the review is."""

    reviewed: int
    """Segments reviewed or edited."""
    segments: int
    """All English segments."""
    open: int
    """Findings still open."""
    findings: int
    """All findings."""


@dataclass(frozen=True, slots=True)
class View:
    """Where the reviewer was: saved on every move, restored on reopening."""

    cursor: int = 0
    """The selected English segment."""
    filter: Filter = "all"
    """Which segments the table shows."""
    search: str = ""
    """The last search."""
    finding: str = ""
    """The finding selected within the segment (empty: the first open one)."""


def default_session_path(en_path: str) -> Path:
    """``<en>.review.sqlite`` beside the English file, or in the user data folder if unwritable."""
    english = Path(en_path).resolve()
    beside = english.with_name(english.name + ".review.sqlite")
    if beside.exists() or _writable(english.parent):
        return beside
    from platformdirs import user_data_path

    digest = hashlib.sha256(str(english).encode()).hexdigest()[:12]
    folder = user_data_path("transreview") / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{english.stem}-{digest}.review.sqlite"


def _writable(folder: Path) -> bool:
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _read(path: str) -> tuple[Document, str]:
    data = read_bytes(path)
    return decode(path, data), hashlib.sha256(data).hexdigest()


def _glossary_hash(path: str | None, recorded: str | None) -> str | None:
    """The glossary's content hash; a glossary the session recorded but that has since gone
    keeps its recorded hash, so the cached analysis still serves (re-analysis would fail)."""
    if path is None:
        return None
    if recorded is not None and not Path(path).is_file():
        return recorded
    return hashlib.sha256(read_bytes(path)).hexdigest()


def _pipeline(en: Document, zh: Document | None, glossary_path: str | None) -> Analysis:
    from transreview.glossary import load_glossary
    from transreview.pipeline import analyze

    glossary = load_glossary(glossary_path) if glossary_path else None
    return analyze(en, zh, glossary)


_DMP = diff_match_patch()
_FUZZY = diff_match_patch()
_FUZZY.Match_Threshold = 0.3
"""Stricter than the default 0.5, which lets a patch land on an unrelated sentence."""


def _patch(before: str, after: str) -> str:
    return str(_DMP.patch_toText(_DMP.patch_make(before, after)))


class ReviewSession:
    """One open review: the cached analysis plus the state replayed from the log."""

    def __init__(
        self,
        store: Store,
        record: AnalysisRecord,
        *,
        en: Document,
        reviewer: str,
        lock: SessionLock | None,
    ) -> None:
        self._store = store
        self._lock = lock
        self.record = record
        self.en = en
        self.zh = record.zh
        self.reviewer = reviewer
        self.signature: Signature = record.signature
        self.en_segments = store.segments(record.id, "en", en.text)
        self.zh_segments = store.segments(record.id, "zh", self.zh.text if self.zh else "")
        self._bead_columns = store.beads(record.id)
        self._beads: tuple[Bead, ...] | None = None
        self.unapplied: tuple[UnappliedEdit, ...] = store.unapplied(record.id)
        self._findings: dict[str, Finding] = dict(store.findings(record.id))
        self._order = list(self._findings)
        self._status: dict[str, FindingStatus] = dict.fromkeys(self._findings, "open")
        self._starts = self.en_segments.starts
        self._by_segment: dict[int, list[str]] = {}
        for fid in self._findings:
            self._by_segment.setdefault(self._segment_of(fid), []).append(fid)
        self._open_in = [0] * len(self.en_segments)
        for fid in self._findings:
            self._open_in[self._segment_of(fid)] += 1
        self._open_total = len(self._findings)
        self._current = self.en_segments.texts()
        self._edited: set[int] = set()
        self._reviewed: set[int] = set()
        self._edits: list[Edit] = []
        self._action_edits: dict[int, list[Edit]] = {}
        self._action_events: dict[int, list[tuple[int, str, str, str, str]]] = {}
        self._undo_stack: list[int] = []
        self.version = 0
        """Increases with every change, so views can tell when to redraw."""
        self._view = self._saved_view = self._load_view()
        self._original_words: int | None = None
        self._ter_cache: dict[int, tuple[str, float]] = {}
        actions, edits, events = store.log(record.id)
        for action in actions:
            self._action_edits[action.id] = []
            self._action_events[action.id] = []
        for action_id, edit in edits:
            self._apply_edit(action_id, edit)
        for event in events:
            self._apply_event(event.action, event.id, event.target_kind, event.target,
                              event.status, event.previous)
        for action in actions:
            self._push(action.id, action.kind, action.reverts)

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        en_path: str,
        zh_path: str | None = None,
        glossary_path: str | None = None,
        session_path: str | None = None,
        reviewer: str | None = None,
        read_only: bool = False,
        *,
        analyzer: Analyzer | None = None,
        progress: Progress | None = None,
    ) -> ReviewSession:
        """Open (or create) the session of ``en_path``; analyse the documents when needed.

        ``zh_path`` and ``glossary_path`` default to those the session was made with. A session
        already open for writing elsewhere raises ``SessionLockedError`` unless ``read_only``,
        which shows the stored state as it is and refuses changes.
        """
        tell = progress or (lambda _: None)
        if en_path == "-":
            raise UsageError("review needs an English file, not stdin")
        path = Path(session_path) if session_path else default_session_path(en_path)
        name = reviewer or _login()
        if read_only:
            viewer = Store(path, read_only=True)
            latest = viewer.latest_analysis()
            if latest is None:
                viewer.close()
                raise UsageError(f"the review session {path} holds no analysis yet")
            return cls(viewer, latest, en=latest.en, reviewer=name, lock=None)
        tell("reading the documents")
        en, en_sha = _read(en_path)
        lock = SessionLock(path)
        lock.acquire()
        store: Store | None = None
        try:
            store = Store(path)
            latest = store.latest_analysis()
            zh = _read(zh_path) if zh_path else None
            if zh is None and latest is not None and latest.zh is not None:
                zh = (latest.zh, latest.zh_sha256 or "")
            gloss = (str(Path(glossary_path).resolve()) if glossary_path
                     else latest.glossary_path if latest else None)
            gloss_sha = _glossary_hash(gloss, None if glossary_path or latest is None
                                       else latest.glossary_sha256)
            if latest is not None and (latest.en_sha256, latest.zh_sha256,
                                       latest.glossary_sha256) == (
                en_sha, zh[1] if zh else None, gloss_sha
            ):
                tell("loading the session")
                return cls(store, latest, en=en, reviewer=name, lock=lock)
            tell("analysing (segmenting, aligning, checking)")
            analysis = (analyzer or _pipeline)(en, zh[0] if zh else None, gloss)
            tell("saving the analysis")
            analysis_id, _ = store.save_analysis(
                en=(en, en_sha), zh=zh,
                glossary=(gloss, gloss_sha) if gloss and gloss_sha else None,
                en_segments=analysis.en_segments, zh_segments=analysis.zh_segments,
                beads=analysis.alignment.beads if analysis.alignment else (),
                findings=analysis.findings, signature=analysis.signature, created=_now(),
            )
            record = store.latest_analysis()
            assert record is not None and record.id == analysis_id
            session = cls(store, record, en=en, reviewer=name, lock=lock)
            if latest is not None:
                tell("re-applying earlier edits")
                session._carry_from(cls(store, latest, en=latest.en, reviewer=name, lock=None))
            return session
        except BaseException:
            if store is not None:
                store.close()
            lock.release()
            raise

    @property
    def path(self) -> Path:
        """The session file."""
        return self._store.path

    @property
    def read_only(self) -> bool:
        """True when the session was opened only to look."""
        return self._lock is None

    def close(self) -> None:
        """Save the view, close the database and release the lock (changes are committed)."""
        self.save_view()
        self._store.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- reading ----------------------------------------------------------------------------

    @property
    def beads(self) -> tuple[Bead, ...]:
        """The alignment (empty without a Chinese source)."""
        if self._beads is None:
            columns = self._bead_columns
            self._beads = tuple(map(columns.bead, range(len(columns.score))))
        return self._beads

    def __len__(self) -> int:
        return len(self.en_segments)

    def current(self, index: int) -> str:
        """The English segment's text after every edit so far."""
        return self._current[index]

    def status(self, index: int) -> SegmentStatus:
        """edited (text differs from the original), reviewed (marked), or unreviewed."""
        if index in self._edited:
            return "edited"
        return "reviewed" if index in self._reviewed else "unreviewed"

    def is_marked(self, index: int) -> bool:
        """Whether the reviewer marked the segment reviewed."""
        return index in self._reviewed

    def zh_text(self, index: int) -> str:
        """The Chinese text aligned with English segment ``index`` (empty when none)."""
        zh = self.zh_segments
        return "".join(zh.text[zh.starts[z]:zh.ends[z]] for z in self._bead_columns.zh_of(index))

    def open_count(self, index: int) -> int:
        """How many open findings segment ``index`` has."""
        return self._open_in[index]

    def finding(self, finding_id: str) -> FindingState:
        """One finding with its status."""
        if finding_id not in self._findings:
            raise ReviewError(f"no finding {finding_id!r} in this session")
        return FindingState(finding_id, self._findings[finding_id], self._status[finding_id])

    def findings_in(self, index: int) -> list[FindingState]:
        """The findings of one segment (Chinese-side ones at the segment they belong before)."""
        return [self.finding(fid) for fid in self._by_segment.get(index, ())]

    def span_in_current(self, finding_id: str) -> tuple[int, int] | None:
        """Where the finding's span is in its segment's current text (None if it is gone)."""
        finding = self._findings[finding_id]
        if finding.segment is None:
            return None
        segment = self.en_segments[finding.segment]
        start, end = finding.start - segment.start, finding.end - segment.start
        current = self._current[finding.segment]
        if current == segment.text:
            return start, end
        needle = segment.text[start:end]
        try:
            moved = self._relocate(segment.text, current, needle, start, finding.segment)
        except ReviewError:
            return None
        return moved, moved + len(needle)

    def progress(self) -> ReviewProgress:
        """Segments reviewed of all; findings open of all."""
        done = len(self._reviewed | self._edited)
        return ReviewProgress(done, len(self.en_segments), self._open_total, len(self._findings))

    def matches(self, index: int, view: Filter) -> bool:
        """Whether segment ``index`` passes the filter ``view``."""
        if view == "open":
            return self._open_in[index] > 0
        if view == "unreviewed":
            return index not in self._reviewed and index not in self._edited
        if view == "edited":
            return index in self._edited
        return True

    def next_open(self, start: int, step: int = 1) -> int | None:
        """The nearest segment after (``step`` 1) or before (-1) ``start`` with an open finding."""
        index = start + step
        while 0 <= index < len(self._open_in):
            if self._open_in[index]:
                return index
            index += step
        return None

    @property
    def edits(self) -> tuple[Edit, ...]:
        """The edit log of this version of the document, oldest first."""
        return tuple(self._edits)

    def similar(self, finding_id: str) -> list[str]:
        """Open findings with the same rule, term and suggestion as ``finding_id`` (it included)."""
        base = self.finding(finding_id).finding
        return [
            fid for fid in self._order
            if self._status[fid] == "open" and (f := self._findings[fid]).segment is not None
            and (f.rule, f.term.casefold(), f.suggestion)
            == (base.rule, base.term.casefold(), base.suggestion)
        ]

    def hter(self) -> float:
        """Case-sensitive TER (percent) of the original English against the corrected one.

        Corpus TER is the sum of the segments' edits over the sum of their reference words, and
        unchanged segments have no edits, so each edited segment's edit count is computed once
        (``metrics.ter_statistics`` of that segment) and cached until its text changes again.
        """
        from transreview.metrics import ter_statistics

        if self._original_words is None:
            self._original_words = sum(len(text.split()) for text in self.en_segments.texts())
        edits = 0.0
        words = self._original_words
        for index in self._edited:
            original, current = self.en_segments[index].text, self._current[index]
            cached = self._ter_cache.get(index)
            if cached is None or cached[0] != current:
                cached = self._ter_cache[index] = (current, ter_statistics(original, current)[0])
            edits += cached[1]
            words += len(current.split()) - len(original.split())
        return 100 * edits / words if words else 0.0

    def corrected_text(self) -> str:
        """The English text with every edit applied (the original file's text when none)."""
        pieces: list[str] = []
        cursor = 0
        for start, end, text in zip(
            self.en_segments.starts, self.en_segments.ends, self._current, strict=True
        ):
            pieces.append(self.en.text[cursor:start])
            pieces.append(text)
            cursor = end
        pieces.append(self.en.text[cursor:])
        return "".join(pieces)

    def snapshot(self) -> ReviewSnapshot:
        """Everything export needs, as it stands now."""
        return ReviewSnapshot(
            en=self.en,
            zh=self.zh,
            en_segments=tuple(self.en_segments),
            zh_segments=tuple(self.zh_segments),
            beads=self.beads,
            segments=tuple(
                SegmentState(s.index, s.text, self._current[s.index], self.status(s.index))
                for s in self.en_segments
            ),
            findings=tuple(self.finding(fid) for fid in self._order),
            edits=tuple(self._edits),
            signature=self.signature,
        )

    @property
    def view(self) -> View:
        """Where the reviewer is: cursor, filter and search (restored on reopening)."""
        return self._view

    def set_view(self, view: View) -> None:
        """Move the reviewer's view; kept in memory until ``save_view`` or ``close``."""
        self._view = view

    def save_view(self) -> None:
        """Write the view to the session file (it is not part of the edit log)."""
        if not self.read_only and self._view != self._saved_view:
            self._store.save_view(
                {"cursor": str(self._view.cursor), "filter": self._view.filter,
                 "search": self._view.search, "finding": self._view.finding}
            )
            self._saved_view = self._view

    # -- changing ---------------------------------------------------------------------------

    def accept(self, finding_id: str) -> Edit:
        """Apply the finding's suggestion to its span in the segment's current text."""
        segment, before, after = self._plan_accept(finding_id, {})
        self._commit("accept", [(segment, before, after, "accept", finding_id)],
                     [("finding", finding_id, "accepted")])
        return self._edits[-1]

    def accept_all(self, finding_id: str) -> int:
        """Accept the same suggestion for the same term everywhere; return how many changed.

        Places where the term can no longer be found (the segment was edited) are left open.
        """
        texts: dict[int, str] = {}
        edits: list[tuple[int, str, str, EditKind, str | None]] = []
        events: list[tuple[str, str, str]] = []
        for fid in self.similar(finding_id):
            try:
                segment, before, after = self._plan_accept(fid, texts)
            except ReviewError:
                continue
            texts[segment] = after
            edits.append((segment, before, after, "replace-all", fid))
            events.append(("finding", fid, "accepted"))
        if edits:
            self._commit("accept-all", edits, events)
        return len(edits)

    def reject(self, finding_id: str) -> None:
        """Dismiss an open finding without changing the text."""
        state = self.finding(finding_id)
        if state.status != "open":
            raise ReviewError(f"finding {finding_id} is already {state.status}")
        self._commit("reject", [], [("finding", finding_id, "rejected")])

    def edit(self, segment: int, text: str) -> Edit | None:
        """Replace the segment's text by the reviewer's; None when the text is unchanged."""
        self._check_segment(segment)
        if text == self._current[segment]:
            return None
        self._commit("edit", [(segment, self._current[segment], text, "edit", None)], [])
        return self._edits[-1]

    def mark_reviewed(self, segment: int, reviewed: bool = True) -> None:
        """Mark the segment reviewed (or take the mark back); no-op when already so."""
        self._check_segment(segment)
        if (segment in self._reviewed) != reviewed:
            self._commit("review", [], [("segment", str(segment),
                                         "reviewed" if reviewed else "unreviewed")])

    def undo(self) -> tuple[int, ...] | None:
        """Revert the last action not yet undone by appending its inverse; return the segments
        it touched, or None when there is nothing to undo."""
        if not self._undo_stack:
            return None
        target = self._undo_stack[-1]
        texts: dict[int, str] = {}
        edits: list[_EditRow] = []
        for edit in reversed(self._action_edits[target]):
            current = texts.get(edit.segment, self._current[edit.segment])
            texts[edit.segment] = edit.before
            edits.append((edit.segment, current, edit.before, "undo", edit.finding,
                          _patch(current, edit.before), edit.id))
        events: list[_EventRow] = [
            (kind, key, previous, status, event_id)
            for event_id, kind, key, status, previous in reversed(self._action_events[target])
        ]
        touched = {row[0] for row in edits} | {
            int(key) if kind == "segment" else self._segment_of(key)
            for kind, key, *_ in events
        }
        self._write("undo", edits, events, reverts=target)
        return tuple(sorted(touched))

    # -- internals --------------------------------------------------------------------------

    def _load_view(self) -> View:
        saved = self._store.view()
        chosen = saved.get("filter", "all")
        return View(
            min(max(int(saved.get("cursor", "0")), 0), max(len(self.en_segments) - 1, 0)),
            chosen if chosen in FILTERS else "all",
            saved.get("search", ""),
            saved.get("finding", ""),
        )

    def _check_segment(self, segment: int) -> None:
        if not 0 <= segment < len(self.en_segments):
            raise ReviewError(f"no segment {segment} (the document has {len(self.en_segments)})")

    def _segment_of(self, finding_id: str) -> int:
        finding = self._findings[finding_id]
        if finding.segment is not None:
            return finding.segment
        return max(0, bisect.bisect_right(self._starts, finding.start) - 1)

    def _plan_accept(self, finding_id: str, texts: dict[int, str]) -> tuple[int, str, str]:
        state = self.finding(finding_id)
        finding = state.finding
        if state.status != "open":
            raise ReviewError(f"finding {finding_id} is already {state.status}")
        if finding.segment is None or finding.suggestion is None:
            raise ReviewError(
                f"finding {finding_id} ({finding.rule}) has no suggestion to accept: "
                "edit the segment or reject the finding"
            )
        segment = self.en_segments[finding.segment]
        if not segment.start <= finding.start <= finding.end <= segment.end:
            raise ReviewError(
                f"finding {finding_id} ({finding.rule}) reaches beyond sentence "
                f"{finding.segment + 1}: edit the text by hand"
            )
        start, end = finding.start - segment.start, finding.end - segment.start
        current = texts.get(finding.segment, self._current[finding.segment])
        if current != segment.text:
            needle = segment.text[start:end]
            start = self._relocate(segment.text, current, needle, start, finding.segment)
            end = start + len(needle)
        return finding.segment, current, current[:start] + finding.suggestion + current[end:]

    @staticmethod
    def _relocate(original: str, current: str, needle: str, start: int, index: int) -> int:
        mapped = int(_DMP.diff_xIndex(_DMP.diff_main(original, current), start))
        if not needle:
            return mapped
        places = []
        found = current.find(needle)
        while found >= 0:
            places.append(found)
            found = current.find(needle, found + 1)
        if not places:
            raise ReviewError(
                f"{needle!r} is no longer in segment {index + 1} (it was edited): edit it by hand"
            )
        return min(places, key=lambda place: abs(place - mapped))

    def _commit(
        self,
        kind: str,
        edits: list[tuple[int, str, str, EditKind, str | None]],
        events: list[tuple[str, str, str]],
    ) -> None:
        """Complete an action's rows (patches, previous statuses, findings an edit resolved)."""
        statuses = dict(self._status)
        reviewed = set(self._reviewed)
        event_rows: list[_EventRow] = []
        for target_kind, target, status in events:
            if target_kind == "finding":
                previous: str = statuses[target]
                statuses[target] = cast(FindingStatus, status)
            else:
                previous = "reviewed" if int(target) in reviewed else "unreviewed"
                (reviewed.add if status == "reviewed" else reviewed.discard)(int(target))
            event_rows.append((target_kind, target, status, previous, None))
        final: dict[int, str] = {}
        for segment, _, after, _, _ in edits:
            final[segment] = after
        for segment, text in final.items():
            for fid in self._by_segment.get(segment, ()):
                term = self._findings[fid].term
                if statuses[fid] == "open" and term and term not in text:
                    statuses[fid] = "accepted"
                    event_rows.append(("finding", fid, "accepted", "open", None))
        self._write(
            kind,
            [(s, b, a, k, f, _patch(b, a), None) for s, b, a, k, f in edits],
            event_rows,
        )

    def _write(
        self, kind: str, edits: list[_EditRow], events: list[_EventRow], reverts: int | None = None
    ) -> None:
        if self.read_only:
            raise ReviewError("this session is open read-only: changes are not possible")
        stamp = _now()
        action, edit_ids, event_ids = self._store.append_action(
            self.record.id, kind, self.reviewer, stamp, reverts=reverts, edits=edits,
            events=events,
        )
        self._action_edits[action] = []
        self._action_events[action] = []
        for edit_id, (segment, before, after, edit_kind, fid, patch, edit_reverts) in zip(
            edit_ids, edits, strict=True
        ):
            self._apply_edit(action, Edit(edit_id, segment, before, after, edit_kind,
                                          self.reviewer, stamp, fid, patch, edit_reverts))
        for event_id, (target_kind, target, status, previous, _) in zip(
            event_ids, events, strict=True
        ):
            self._apply_event(action, event_id, target_kind, target, status, previous)
        self._push(action, kind, reverts)

    def _apply_edit(self, action: int, edit: Edit) -> None:
        self._action_edits[action].append(edit)
        self._edits.append(edit)
        self._current[edit.segment] = edit.after
        if edit.after == self.en_segments[edit.segment].text:
            self._edited.discard(edit.segment)
        else:
            self._edited.add(edit.segment)
        self.version += 1

    def _apply_event(
        self, action: int, event_id: int, kind: str, target: str, status: str, previous: str
    ) -> None:
        self._action_events[action].append((event_id, kind, target, status, previous))
        if kind == "segment":
            (self._reviewed.add if status == "reviewed" else self._reviewed.discard)(int(target))
        else:
            was = self._status[target]
            self._status[target] = cast(FindingStatus, status)
            delta = (status == "open") - (was == "open")
            self._open_in[self._segment_of(target)] += delta
            self._open_total += delta
        self.version += 1

    def _push(self, action: int, kind: str, reverts: int | None) -> None:
        if kind == "undo":
            if self._undo_stack and self._undo_stack[-1] == reverts:
                self._undo_stack.pop()
        else:
            self._undo_stack.append(action)

    def _carry_from(self, old: ReviewSession) -> None:
        """Re-apply the changes of an earlier analysis (the English file may have changed)."""
        if old.en.text == self.en.text:
            diffs = [(0, self.en.text)]
        else:
            chars_a, chars_b, lines = _DMP.diff_linesToChars(old.en.text, self.en.text)
            diffs = _DMP.diff_main(chars_a, chars_b, False)
            _DMP.diff_charsToLines(diffs, lines)
        starts = self._starts

        def shift(offset: int) -> int:
            return int(_DMP.diff_xIndex(diffs, offset))

        def locate(offset: int) -> int | None:
            if not starts:
                return None
            return max(0, bisect.bisect_right(starts, shift(offset)) - 1)

        texts: dict[int, str] = {}
        lost = list(old.unapplied)
        for index in sorted(old._edited):
            before, after = old.en_segments[index].text, old._current[index]
            target = locate(old.en_segments[index].start)
            if target is None:
                lost.append(UnappliedEdit(index, before, after, "the new text has no sentences"))
                continue
            text = texts.get(target, self._current[target])
            if text == after:
                continue
            patched, applied = _FUZZY.patch_apply(_FUZZY.patch_make(before, after), text)
            if all(applied):
                texts[target] = patched
            else:
                lost.append(UnappliedEdit(
                    index, before, after, "the text around the edit changed in the new version"
                ))
        edits: list[tuple[int, str, str, EditKind, str | None]] = [
            (segment, self._current[segment], text, "edit", None)
            for segment, text in sorted(texts.items())
        ]
        events: list[tuple[str, str, str]] = []
        for index in sorted(old._reviewed):
            target = locate(old.en_segments[index].start)
            if target is not None and self.en_segments[target].text == old.en_segments[index].text:
                events.append(("segment", str(target), "reviewed"))
        by_key = {(f.rule, f.term, f.start): fid for fid, f in self._findings.items()}
        for fid, status in old._status.items():
            finding = old._findings[fid]
            match = by_key.get((finding.rule, finding.term, shift(finding.start)))
            if status == "open" or match is None:
                continue
            if status == "rejected" or locate(finding.start) in texts:
                events.append(("finding", match, status))
        if lost:
            self._store.save_unapplied(self.record.id, lost)
            self.unapplied = tuple(lost)
        if edits or events:
            self._commit("carry", edits, events)
