"""The English number pattern's start test (``_EN_START``) against the same pattern without it."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.numbers import _EN_PATTERN, _EN_START

ROOT = Path(__file__).resolve().parents[1]
MAC_DEV = ROOT.parent / "shared" / "data" / "mac-dev" / "en"
GENERAL = re.compile(_EN_PATTERN.pattern.replace(_EN_START, r"(?=\w)", 1), re.IGNORECASE)
"""Every alternative tried at every word start."""


def matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


def test_start_test_is_in_the_pattern() -> None:
    assert GENERAL.pattern != _EN_PATTERN.pattern


def test_corpus_lines_match_alike() -> None:
    paths = [ROOT / "corpora" / "shanghai" / "en.txt"]
    if MAC_DEV.is_dir():
        paths += sorted(MAC_DEV.iterdir())
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            assert matches(_EN_PATTERN, line) == matches(GENERAL, line), line


PIECES = ["one", "Twenty", "a", "an", "A few", "hundred", "thousands of", "1,200", "3.5", "%",
          "per cent", "May", "may", "March", "Sept.", "12th", "1/2", "twice", "Phase", "II",
          "half", "of", "the", "first", "threefold", "century-old", "in his", "eighties", "and",
          "-", " ", ", ", "ſeven", "\u212aB", "ǅ", "İ", "٣", "Article", "X", "octogenarians",
          "mn", "bn", "-odd", "or so", "2024", "5th", "dozen", "quarter", "of", "Annex"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map(" ".join) | st.text(max_size=60))
def test_generated_text_matches_alike(text: str) -> None:
    assert matches(_EN_PATTERN, text) == matches(GENERAL, text)
