"""SVG snapshots of the review screens at a fixed terminal size (pytest-textual-snapshot)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_review_store import line_analyzer

from transreview.review import ReviewSession
from transreview.tui import make_app

SIZE = (100, 30)
ENGLISH = (
    "Shanghai is the colour of the future, said the the mayor.\n"
    "The Pudong New Area opened in 1990 [a brackets test].\n"
    "Its port handles 47 million containers a year.\n"
)
CHINESE = (
    "上海是未来的颜色，市长说。\n"
    "浦东新区于1990年开放。\n"
    "其港口每年处理4700万个集装箱。\n"
)

SnapCompare = Callable[..., bool]


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ReviewSession]:
    monkeypatch.chdir(tmp_path)
    Path("en.txt").write_text(ENGLISH, encoding="utf-8")
    Path("zh.txt").write_text(CHINESE, encoding="utf-8")
    opened = ReviewSession.open("en.txt", "zh.txt", session_path="en.review.sqlite",
                                analyzer=line_analyzer)
    yield opened
    opened.close()


def test_main_screen(snap_compare: SnapCompare, session: ReviewSession) -> None:
    assert snap_compare(make_app(session), press=["a", "j"], terminal_size=SIZE)


def test_edit_view(snap_compare: SnapCompare, session: ReviewSession) -> None:
    assert snap_compare(make_app(session), press=["j", "e", *" Indeed."], terminal_size=SIZE)


def test_help_screen(snap_compare: SnapCompare, session: ReviewSession) -> None:
    assert snap_compare(make_app(session), press=["question_mark"], terminal_size=SIZE)
