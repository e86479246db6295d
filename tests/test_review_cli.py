"""`transreview review` in a subprocess: help, and refusals before the screen starts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from test_review_store import TEXT, line_analyzer

from transreview.review import ReviewSession


def review(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "transreview", "review", *args],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )


def test_help_names_the_keys_and_the_session() -> None:
    result = review("--help")
    assert result.returncode == 0
    for text in ("--session", "--reviewer", "--zh", "--glossary", "review.sqlite", "q quit"):
        assert text in result.stdout


def test_a_session_open_elsewhere_is_refused_with_one_line(tmp_path: Path) -> None:
    english = tmp_path / "en.txt"
    english.write_text(TEXT, encoding="utf-8")
    session = ReviewSession.open(str(english), analyzer=line_analyzer)
    try:
        result = review(str(english))
    finally:
        session.close()
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "already open" in result.stderr and "--read-only" in result.stderr


def test_a_missing_file_is_refused_with_one_line(tmp_path: Path) -> None:
    result = review(str(tmp_path / "missing.txt"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"transreview: {tmp_path / 'missing.txt'}: no such file"
    assert list(tmp_path.iterdir()) == []
