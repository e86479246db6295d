"""`transreview review` in a subprocess: help, and refusals before the screen starts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
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


def test_session_goes_to_the_user_data_folder_when_the_english_folder_is_read_only(
    tmp_path: Path,
) -> None:
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: every folder is writable")
        caps = "-dac_override,-dac_read_search"
        prefix = [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]
    folder = tmp_path / "read-only"
    folder.mkdir()
    (folder / "en.txt").write_text("The colour of the Bund.\n", encoding="utf-8")
    folder.chmod(0o555)
    data = tmp_path / "data"
    code = ("from transreview.review import ReviewSession\n"
            f"session = ReviewSession.open({str(folder / 'en.txt')!r})\n"
            "print(session.path)\n"
            "session.close()\n")
    try:
        result = subprocess.run(
            [*prefix, sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
            env={**os.environ, "XDG_DATA_HOME": str(data)},
        )
    finally:
        folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    session = Path(result.stdout.strip())
    assert session.parent == data / "transreview" / "sessions"
    assert session.is_file() and session.name.startswith("en-")
    assert sorted(p.name for p in folder.iterdir()) == ["en.txt"]


def test_undecodable_english_is_refused_before_the_screen(tmp_path: Path) -> None:
    english = tmp_path / "en.txt"
    english.write_bytes(b"The colour\xff of the Bund.\n")
    result = review(str(english))
    assert result.returncode == 2
    assert result.stderr.startswith(f"transreview: {english}:1: not valid UTF-8")
    assert result.stderr.count("\n") == 1
