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
    r"(?P<run>[。！？!?｡]+|[…⋯]+|\.{3,}|[.．](?![0-9０-９A-Za-z]))[。！？!?｡…⋯]*"
    r"[”’」』）)\]】〕\"'»]*"
    r"(?=\s*(?P<next>\S?))"
)
"""A terminator run, then its closing quotes and brackets; ``next`` is the next non-space
character (empty at the end)."""

_LATIN_TAIL = re.compile(r"[A-Za-z][A-Za-z.]*\Z")
"""The Latin word (with inner periods) just before a period."""

_CONTINUATION = frozenset("，,、；;：:")
"""Punctuation after which a terminator does not end the sentence (……，等)."""


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
        if titles and text.rfind("《", lo, run_start) > text.rfind("》", lo, run_start):
            continue
        run = match["run"]
        if (run[0] in "…⋯" or run.startswith("...")) and (
            text.rfind("、", start, run_start) > text.rfind("，", start, run_start)
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
