"""The review TUI on a copy of the bundled corpus, with the real pipeline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_tui_flows import SIZE, pilot_test

from transreview.resources import bundled_corpus, bundled_glossary
from transreview.review import ReviewSession
from transreview.tui import make_app
from transreview.tui.screens.confirm import ConfirmScreen
from transreview.tui.screens.edit import EditScreen
from transreview.tui.screens.main import MainScreen
from transreview.tui.widgets.segment_table import SegmentTable


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled corpus with its session already analysed (made once)."""
    folder = tmp_path_factory.mktemp("corpus")
    for name in ("en.txt", "zh.txt"):
        if not (bundled_corpus() / name).is_file():
            pytest.skip(f"the bundled corpus has no {name} yet")
        shutil.copy(bundled_corpus() / name, folder / name)
    shutil.copy(bundled_glossary(), folder / "glossary.tsv")
    ReviewSession.open(str(folder / "en.txt"), str(folder / "zh.txt"),
                       str(folder / "glossary.tsv")).close()
    return folder


@pytest.fixture
def english(corpus: Path, tmp_path: Path) -> Path:
    """A private copy of the analysed corpus and its session for one test."""
    for path in corpus.iterdir():
        if not path.name.endswith(".lock"):
            shutil.copy(path, tmp_path / path.name)
    return tmp_path / "en.txt"


def open_session(english: Path) -> ReviewSession:
    return ReviewSession.open(str(english), reviewer="tester")


@pilot_test
async def test_review_flow_on_the_bundled_corpus(english: Path) -> None:
    session = open_session(english)
    assert session.zh is not None and session.progress().findings > 0
    target = next(
        i for i in range(1, len(session))
        if any(s.finding.suggestion for s in session.findings_in(i))
    )
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(SegmentTable)
        while table.segment != target:
            await pilot.press("n")
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.selected is not None
        finding = screen.selected
        await pilot.press("a")
        assert finding.finding.suggestion is not None
        assert finding.finding.suggestion in session.current(target)
        assert session.finding(finding.id).status == "accepted"
        await pilot.press("e")
        assert isinstance(app.screen, EditScreen)
        await pilot.press(*" (reviewed)", "ctrl+s")
        assert session.current(target).endswith(" (reviewed)")
        await pilot.press("u")
        assert not session.current(target).endswith(" (reviewed)")
        await pilot.press("e", *" Checked.", "ctrl+s", "q")
    kept = session.current(target)
    session.close()
    again = open_session(english)
    try:
        assert again.current(target) == kept
        assert again.finding(finding.id).status == "accepted"
        assert again.view.cursor == target
        assert [e.kind for e in again.edits] == ["accept", "edit", "undo", "edit"]
    finally:
        again.close()


@pilot_test
async def test_accept_everywhere_search_and_filter_on_the_corpus(english: Path) -> None:
    session = open_session(english)
    app = make_app(session)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            assert isinstance(screen, MainScreen)
            table = screen.query_one(SegmentTable)
            for _ in range(len(session)):
                if screen.selected is not None and len(session.similar(screen.selected.id)) > 1:
                    break
                await pilot.press("n")
            selected = screen.selected
            assert selected is not None, "the corpus has no suggestion that applies twice"
            places = len(session.similar(selected.id))
            await pilot.press("A")
            assert isinstance(app.screen, ConfirmScreen)
            assert f"in {places} places" in app.screen.question
            await pilot.press("y")
            assert all(session.finding(fid).status == "accepted"
                       for fid in [selected.id, *session.similar(selected.id)])
            last = max(i for i in range(len(session)) if session.zh_text(i))
            needle = session.zh_text(last)[:6]
            await pilot.press("slash", *needle, "enter")
            assert table.segment is not None and needle in session.zh_text(table.segment)
            await pilot.press("f")
            assert session.view.filter == "open"
            assert all(session.open_count(i) > 0 for i in table.rows)
    finally:
        session.close()
