"""The review session store: append-only log, undo, resume, re-application, locking."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from transreview.model import (
    Alignment,
    Bead,
    Document,
    Finding,
    Segment,
    Severity,
    Signature,
)
from transreview.review import (
    ReviewError,
    ReviewSession,
    SessionLockedError,
    View,
    default_session_path,
)

TEXT = (
    "The colour of the Bund is grey.\n"
    "\n"
    "Pudong has a new colour scheme.\n"
    "Nothing to see here.\n"
    "The the river flows.\n"
)


@dataclass(frozen=True, slots=True)
class LineAnalysis:
    """A small real analysis: one segment per non-blank line, findings from two simple rules."""

    en_segments: tuple[Segment, ...]
    zh_segments: tuple[Segment, ...]
    alignment: Alignment | None
    findings: tuple[Finding, ...]
    signature: Signature


def lines_of(document: Document) -> tuple[Segment, ...]:
    """One segment per non-blank line."""
    segments: list[Segment] = []
    offset = 0
    for line in document.text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            segments.append(Segment(len(segments), offset, offset + len(body), body, len(segments)))
        offset += len(line)
    return tuple(segments)


def line_analyzer(en: Document, zh: Document | None, glossary: str | None) -> LineAnalysis:
    """Segments are lines, aligned 1:1 with the Chinese lines when there is a source;
    'colour' is a forbidden term (-> 'color'); 'The the' a repeated word."""
    segments = lines_of(en)
    zh_segments = lines_of(zh) if zh else ()
    alignment = None
    if zh is not None:
        pairs = max(len(segments), len(zh_segments))
        beads = tuple(
            Bead((i,) if i < len(zh_segments) else (), (i,) if i < len(segments) else ())
            for i in range(pairs)
        )
        alignment = Alignment(zh_segments, segments, beads)
    findings: list[Finding] = []
    for segment in segments:
        for match in re.finditer(r"colour", segment.text):
            start = segment.start + match.start()
            findings.append(Finding("forbidden-term", Severity.ERROR, "Use 'color'.", start,
                                    start + 6, segment.index, "colour", "color"))
        for match in re.finditer(r"\b(\w+) \1\b", segment.text, re.IGNORECASE):
            start = segment.start + match.start()
            findings.append(Finding("repeated-word", Severity.WARNING, "Repeated word.", start,
                                    segment.start + match.end(), segment.index, match.group(),
                                    match.group(1)))
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return LineAnalysis(segments, zh_segments, alignment, tuple(findings),
                        Signature(version="test"))


@pytest.fixture
def english(tmp_path: Path) -> Path:
    path = tmp_path / "en.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def open_session(
    english: Path, *, session_path: str | None = None, reviewer: str | None = None,
    read_only: bool = False,
) -> ReviewSession:
    return ReviewSession.open(
        str(english), session_path=session_path, reviewer=reviewer, read_only=read_only,
        analyzer=line_analyzer,
    )


def test_new_session_lives_beside_the_english_file(english: Path) -> None:
    session = open_session(english)
    try:
        assert session.path == english.with_name("en.txt.review.sqlite")
        assert session.path.is_file()
        assert session.en_segments[0].text == "The colour of the Bund is grey."
        assert session.progress().findings == 3
        assert session.corrected_text() == TEXT
    finally:
        session.close()
    assert default_session_path(str(english)) == session.path


def test_accept_changes_the_span_and_is_logged_and_committed(english: Path) -> None:
    session = open_session(english, reviewer="ana")
    first = session.findings_in(0)[0]
    edit = session.accept(first.id)
    assert session.current(0) == "The color of the Bund is grey."
    assert session.finding(first.id).status == "accepted"
    assert session.status(0) == "edited"
    assert (edit.kind, edit.finding, edit.reviewer) == ("accept", first.id, "ana")
    assert edit.before == "The colour of the Bund is grey."
    assert edit.timestamp.endswith("Z")
    assert "@@" in edit.patch
    # A second connection sees the change at once: it was committed before accept returned.
    with sqlite3.connect(session.path) as other:
        rows = other.execute("SELECT segment, after, finding, reviewer FROM edits").fetchall()
    assert rows == [(0, "The color of the Bund is grey.", first.id, "ana")]
    session.close()


def test_log_is_append_only_in_the_database(english: Path) -> None:
    session = open_session(english)
    session.accept(session.findings_in(0)[0].id)
    session.close()
    with sqlite3.connect(english.with_name("en.txt.review.sqlite")) as db:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("UPDATE edits SET after='x'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("DELETE FROM status_events")


def test_undo_appends_a_reverting_entry(english: Path) -> None:
    session = open_session(english)
    fid = session.findings_in(3)[0].id
    session.reject(fid)
    session.edit(1, "Pudong has a new color scheme!")
    assert session.undo() == (1,)
    assert session.current(1) == "Pudong has a new colour scheme."
    assert session.status(1) == "unreviewed"
    assert session.finding(session.findings_in(1)[0].id).status == "open"
    assert session.undo() == (3,)
    assert session.finding(fid).status == "open"
    assert session.undo() is None
    kinds = [(e.kind, e.reverts) for e in session.edits]
    assert kinds == [("edit", None), ("undo", session.edits[0].id)]
    session.close()


def test_edit_resolves_findings_whose_term_is_gone(english: Path) -> None:
    session = open_session(english)
    repeated = session.findings_in(3)[0]
    session.edit(3, "The river flows.")
    assert session.finding(repeated.id).status == "accepted"
    assert session.progress().open == 2
    session.undo()
    assert session.finding(repeated.id).status == "open"
    session.close()


def test_accept_after_an_edit_relocates_the_term(english: Path) -> None:
    session = open_session(english)
    fid = session.findings_in(1)[0].id
    session.edit(1, "The colour: Pudong has a new colour scheme.")
    session.accept(fid)
    assert session.current(1) == "The colour: Pudong has a new color scheme."
    with pytest.raises(ReviewError, match="already accepted"):
        session.accept(fid)
    session.close()


def test_accept_all_changes_every_place_of_the_term(english: Path) -> None:
    session = open_session(english)
    fid = session.findings_in(0)[0].id
    assert len(session.similar(fid)) == 2
    assert session.accept_all(fid) == 2
    assert "colour" not in session.corrected_text()
    assert session.progress().open == 1
    session.undo()
    assert session.corrected_text() == TEXT
    session.close()


def test_reopening_resumes_every_change_and_the_view(english: Path) -> None:
    session = open_session(english)
    session.accept(session.findings_in(0)[0].id)
    session.mark_reviewed(2)
    session.reject(session.findings_in(3)[0].id)
    session.set_view(View(cursor=3, filter="open", search="river"))
    expected = session.corrected_text()
    session.close()

    again = open_session(english)
    try:
        assert again.corrected_text() == expected
        assert again.status(2) == "reviewed"
        assert again.progress().open == 1
        assert again.view == View(cursor=3, filter="open", search="river")
        assert [e.kind for e in again.edits] == ["accept"]
        snapshot = again.snapshot()
        assert snapshot.corrected_text() == expected
        assert [s.status for s in snapshot.findings] == ["accepted", "open", "rejected"]
        again.undo()
        assert again.finding(again.findings_in(3)[0].id).status == "open"
    finally:
        again.close()


def test_reopening_uses_the_cached_analysis(english: Path) -> None:
    open_session(english).close()

    def refuse(en: Document, zh: Document | None, glossary: str | None) -> LineAnalysis:
        raise AssertionError("the analysis should come from the session")

    ReviewSession.open(str(english), analyzer=refuse).close()


def test_changed_english_file_gets_the_edits_reapplied(english: Path) -> None:
    session = open_session(english)
    session.accept(session.findings_in(0)[0].id)
    session.edit(3, "The river flows east.")
    session.edit(2, "Nothing at all to see here.")
    session.mark_reviewed(1)
    session.close()
    english.write_text(
        "A new first line.\n"
        "The colour of the Bund is grey.\n"
        "\n"
        "Pudong has a new colour scheme.\n"
        "Something else entirely is written here now.\n"
        "The the river flows.\n",
        encoding="utf-8",
    )
    again = open_session(english)
    try:
        text = again.corrected_text()
        assert "The color of the Bund is grey." in text
        assert "The river flows east." in text
        assert "Something else entirely is written here now." in text
        assert [(u.before, u.after) for u in again.unapplied] == [
            ("Nothing to see here.", "Nothing at all to see here.")
        ]
        assert again.status(2) == "reviewed"
        first = again.findings_in(1)[0]
        assert first.status == "accepted"
    finally:
        again.close()
    third = open_session(english)
    assert len(third.unapplied) == 1
    third.close()


def test_second_opener_is_refused_and_read_only_works(english: Path) -> None:
    session = open_session(english)
    session.mark_reviewed(0)
    with pytest.raises(SessionLockedError, match="already open"):
        open_session(english)
    viewer = open_session(english, read_only=True)
    assert viewer.status(0) == "reviewed"
    with pytest.raises(ReviewError, match="read-only"):
        viewer.mark_reviewed(1)
    viewer.close()
    session.close()
    open_session(english).close()


def test_lock_of_a_killed_process_does_not_block(english: Path) -> None:
    open_session(english).close()
    holder = textwrap.dedent(f"""
        import sys
        from transreview.review import ReviewSession
        session = ReviewSession.open({str(english)!r})
        print("open", flush=True)
        sys.stdin.read()
    """)
    process = subprocess.Popen(
        [sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "open"
        with pytest.raises(SessionLockedError, match=f"pid {process.pid}"):
            open_session(english)
    finally:
        process.kill()
        process.wait()
    open_session(english).close()


def test_explicit_session_path_and_garbage_file(english: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "sessions" / "mine.sqlite"
    elsewhere.parent.mkdir()
    open_session(english, session_path=str(elsewhere)).close()
    assert elsewhere.is_file()
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    from transreview.errors import InputError

    with pytest.raises(InputError, match="review session"):
        open_session(english, session_path=str(garbage))


def test_hter_equals_corpus_ter_of_the_whole_document(english: Path) -> None:
    from transreview.metrics import hter

    session = open_session(english)
    assert session.hter() == 0.0
    session.edit(0, "The color of Bund is grey today.")
    session.edit(3, "The river flows.")
    originals = [segment.text for segment in session.en_segments]
    corrected = [session.current(i) for i in range(len(session))]
    expected = hter(originals, corrected)
    assert expected > 0
    assert session.hter() == pytest.approx(expected)
    session.edit(2, "")
    assert session.hter() > expected
    session.undo()
    assert session.hter() == pytest.approx(expected)
    session.close()


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("The colour of the Bund.", "The color of the Bund.",
         [(0, "The "), (-1, "colour"), (1, "color"), (0, " of the Bund.")]),
        ("A city [note].", "A big city [note].", [(0, "A "), (1, "big "), (0, "city [note].")]),
        ("Same.", "Same.", [(0, "Same.")]),
        ("", "New.", [(1, "New.")]),
    ],
)
def test_word_diff_works_on_whole_words(
    before: str, after: str, expected: list[tuple[int, str]]
) -> None:
    from transreview.review.diff import word_diff

    assert word_diff(before, after) == expected


def test_a_recorded_glossary_that_has_gone_still_reopens_from_the_cache(
    english: Path, tmp_path: Path
) -> None:
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text("zh\ten\n色\tcolor\n", encoding="utf-8")
    ReviewSession.open(str(english), glossary_path=str(glossary), analyzer=line_analyzer).close()
    glossary.unlink()

    def refuse(en: Document, zh: Document | None, path: str | None) -> LineAnalysis:
        raise AssertionError("the analysis should come from the session")

    session = ReviewSession.open(str(english), analyzer=refuse)
    assert session.record.glossary_path == str(glossary)
    session.close()
    english.write_text(TEXT + "More.\n", encoding="utf-8")
    from transreview.errors import InputError

    with pytest.raises(InputError, match="no such file"):
        ReviewSession.open(str(english))


def test_alignment_round_trips_through_the_session(english: Path, tmp_path: Path) -> None:
    chinese = tmp_path / "zh.txt"
    chinese.write_text("外滩的颜色是灰色的。\n浦东有新的配色。\n没什么可看的。\n河流流淌。\n多出的一句。\n",
                       encoding="utf-8")
    session = ReviewSession.open(str(english), str(chinese), analyzer=line_analyzer)
    try:
        expected = line_analyzer(session.en, session.zh, None)
        assert expected.alignment is not None
        assert session.beads == expected.alignment.beads
        assert session.beads[-1].en == ()
        assert [session.zh_text(i) for i in range(len(session))] == [
            "外滩的颜色是灰色的。", "浦东有新的配色。", "没什么可看的。", "河流流淌。"
        ]
        assert session.snapshot().zh_segments == expected.zh_segments
    finally:
        session.close()


def test_another_sqlite_database_is_refused_untouched(english: Path, tmp_path: Path) -> None:
    from transreview.errors import InputError

    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
    before = other.read_bytes()
    with pytest.raises(InputError, match="not a transreview review session"):
        open_session(english, session_path=str(other))
    assert other.read_bytes() == before
    session = open_session(english, session_path=str(tmp_path / "s.sqlite"))
    session.close()
    with sqlite3.connect(tmp_path / "s.sqlite") as db:
        db.execute("UPDATE meta SET value='1' WHERE key='schema'")
    with pytest.raises(InputError, match="another transreview version \\(schema 1"):
        open_session(english, session_path=str(tmp_path / "s.sqlite"))
