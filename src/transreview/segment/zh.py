"""Chinese sentence boundaries within one paragraph.

In: a text and the bounds ``[lo, hi)`` of one paragraph in it (no line break inside, ``lo`` and
``hi - 1`` not whitespace). Out: ``(start, end)`` character spans of its sentences, in order, each
stripped of surrounding whitespace; together they cover every non-space character of the
paragraph. A sentence ends after 。！？ (full or half width, runs such as ！？ included), an
ellipsis …… / …, or a period after Latin text, together with the closing quotes and brackets that
follow (。” 」 』 ） ’). No boundary at ；or ：, before a comma, inside a 《》 title, after an
ellipsis that ends an enumeration (上海、北京……), between the digits of a decimal (3.5%) or
after a Latin abbreviation (U.S.). Sentences inside a quotation are split like those outside it,
as the English side splits them.
"""

from __future__ import annotations

import re

from transreview.segment.en import is_abbreviation

_CANDIDATE = re.compile(
    r"(?=[。！？!?｡…⋯.．])"
    r"(?P<run>[。！？!?｡]+|[…⋯]+|\.{3,}|[.．](?![0-9０-９A-Za-z]))[。！？!?｡…⋯]*"
    r"[”’」』）)\]】〕\"'»]*"
    r"(?=\s*(?P<next>\S?))"
)
"""A terminator run, then its closing quotes and brackets; ``next`` is the next non-space
character (empty at the end). The leading lookahead lets the scan skip other text quickly."""

_LATIN_TAIL = re.compile(r"[A-Za-z][A-Za-z.]*\Z")
"""The Latin word (with inner periods) just before a period."""

_WINDOW = 100
"""How far a title or an enumeration is looked for around a terminator: they are short, and the
bound keeps a giant line linear."""

_CONTINUATION = frozenset("，,、；;：:")
"""Punctuation after which a terminator does not end the sentence (……，等)."""


def _inside_title(text: str, lo: int, hi: int, at: int) -> bool:
    """Whether ``at`` lies inside a 《》 title (looked for within ``_WINDOW`` characters)."""
    before = max(lo, at - _WINDOW)
    return text.rfind("《", before, at) > text.rfind("》", before, at) and (
        text.find("》", at, min(hi, at + _WINDOW)) >= 0
    )


def split(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Sentence spans of the Chinese paragraph ``text[lo:hi]`` (see the module docstring)."""
    spans: list[tuple[int, int]] = []
    start = lo
    titles = text.find("《", lo, hi) >= 0
    for match in _CANDIDATE.finditer(text, lo, hi):
        end = match.end()
        if end >= hi:
            break
        follower = match["next"]
        if follower in _CONTINUATION or "a" <= follower <= "z":
            continue
        run_start = match.start()
        if titles and _inside_title(text, lo, hi, run_start):
            continue
        run = match["run"]
        if (run[0] in "…⋯" or run.startswith("...")) and (
            text.rfind("、", window := max(start, run_start - _WINDOW), run_start)
            > text.rfind("，", window, run_start)
        ):
            continue
        if run in ".．":
            latin = _LATIN_TAIL.search(text, max(lo, run_start - 24), run_start)
            if latin is not None and is_abbreviation(latin.group()):
                continue
        spans.append((start, end))
        start = match.start("next")
    spans.append((start, hi))
    return spans
