"""Chinese sentence boundaries within paragraphs.

In: a text and the bounds ``[lo, hi)`` of one paragraph in it (``split``), or of all its
paragraphs (``split_paragraphs``, one scan of the whole text); a paragraph has no line break
inside and neither ``lo`` nor ``hi - 1`` is whitespace. Out: ``(start, end)`` character spans of
the sentences, in order, each stripped of surrounding whitespace; together they cover every
non-space character of a paragraph, so there is always at least one (blank lines are the
caller's to skip).

A sentence ends after 。！？ (full or half width, runs such as ！？ included), an ellipsis
…… / …, or a period after Latin text, together with the closing quotes and brackets that
follow (。” 」 』 ） ’). No boundary at ；or ：, before a comma, inside a 《》 title, after
an ellipsis that ends an enumeration (上海、北京……) or pauses inside a quotation, between
the digits of a decimal (3.5%) or after a Latin abbreviation (U.S.). Sentences inside a
quotation end at 。！？ as those outside it do, as the English side splits them. A straight
quote " after a terminator closes the sentence when the sentence holds an odd number of them,
else it opens the next one. A run that begins a sentence (……他们又谈了一会儿) and the period of
a list label (6. 片厂) end nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from transreview.segment.candidates import SPACE, candidates
from transreview.segment.en import is_abbreviation

_CANDIDATES = candidates(
    {**{end: rf"{re.escape(end)}[。！？!?｡]*" for end in "。！？!?｡"},
     **{end: rf"{end}[…⋯]*" for end in "…⋯"},
     ".": r"\.(?:\.{2,}|(?![0-9０-９A-Za-z]))",
     "．": r"．(?![0-9０-９A-Za-z])",
     "—": r"——*(?=[”’」』])"},
    r"[。！？!?｡…⋯]*"
    rf"(?P<close>(?:{SPACE}*[”’」』）〕】]|[)\]\"'»])*)"
    rf"(?={SPACE}*(?P<next>\S?))",
)
"""A terminator run (。！？ and their half-width forms, an ellipsis …… or ..., a period not
followed by a digit or a Latin letter, a dash that breaks off a quotation: ——”), then its closing
quotes and brackets (a full-width one even after a stray space: 。 ”); ``next`` is the next
non-space character on the line (empty at its end)."""

_LATIN_TAIL = re.compile(r"[A-Za-z][A-Za-z.]*\Z")
"""The Latin word (with inner periods) just before a period."""

_WINDOW = 200
"""How far a title, a quotation or an enumeration is looked for around a terminator: they are
short, and the bound keeps a giant line linear."""

_CONTINUATION = frozenset("，,、；;：:")
"""Punctuation after which a terminator does not end the sentence (……，等)."""

_STOPS = frozenset("。！？!?｡")
"""Terminators decided without a look at the text before them (unlike an ellipsis or a period)."""


def _inside(text: str, lo: int, hi: int, at: int, pair: str) -> bool:
    """Whether ``at`` lies between the two marks of ``pair`` (《》, “”), within ``_WINDOW``."""
    opening, closing = pair[0], pair[1]
    before = max(lo, at - _WINDOW)
    return text.rfind(opening, before, at) > text.rfind(closing, before, at) and (
        text.find(closing, at, min(hi, at + _WINDOW)) >= 0
    )


def _pause(text: str, lo: int, hi: int, start: int, at: int, *, closed: bool) -> bool:
    """Whether the ellipsis at ``at`` ends an enumeration (上海、北京……) or, not followed by a
    closing quote, pauses inside a quotation (“我…… 我不知道。”) rather than ending a sentence."""
    window = max(start, at - _WINDOW)
    if text.rfind("、", window, at) > text.rfind("，", window, at):
        return True
    return not closed and (_inside(text, lo, hi, at, "“”") or _inside(text, lo, hi, at, "「」"))


def _cut(text: str, lo: int, hi: int, start: int, titles: bool, match: re.Match[str]
         ) -> tuple[int, int] | None:
    """Whether the candidate ``match`` ends the sentence that began at ``start`` in the paragraph
    ``text[lo:hi]`` (``titles``: it holds a 《): ``(end of that sentence, start of the next)``, or
    None."""
    follower = match["next"]
    if follower in _CONTINUATION or "a" <= follower <= "z":
        return None
    run_start = match.start()
    if titles and _inside(text, lo, hi, run_start, "《》"):
        return None
    run = match["run"]
    if run_start == start:
        return None
    if (run[0] in "…⋯" or run.startswith("...")) and _pause(
        text, lo, hi, start, run_start, closed=match.end("close") > match.start("close")
    ):
        return None
    if run in ".．":
        latin = _LATIN_TAIL.search(text, max(lo, run_start - 24), run_start)
        if latin is not None and is_abbreviation(latin.group()):
            return None
        if text[start:run_start].isdigit() and run_start - start <= 2:
            return None
    close = match["close"]
    if '"' in close and text.count('"', start, run_start) % 2 == 0:
        end = match.start("close") + close.index('"')
        return end, end
    return match.end(), match.start("next")


def split(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Sentence spans of the Chinese paragraph ``text[lo:hi]`` (see the module docstring)."""
    spans: list[tuple[int, int]] = []
    start = lo
    titles = text.find("《", lo, hi) >= 0
    for match in _CANDIDATES.combined.finditer(text, lo, hi):
        if match.end() >= hi:
            break
        cut = _cut(text, lo, hi, start, titles, match)
        if cut is not None:
            spans.append((start, cut[0]))
            start = cut[1]
    spans.append((start, hi))
    return spans


def split_paragraphs(text: str, los: Sequence[int], his: Sequence[int]
                     ) -> tuple[list[int], list[int], list[int]]:
    """Starts, ends and paragraph indices of the sentences of ``text`` whose paragraphs are
    ``text[los[k]:his[k]]``: the spans ``split`` gives paragraph by paragraph, from one scan of
    the whole text and one loop over its candidates.

    A lone 。！？ right before the next character, outside any 《》 title and not at the start
    of a sentence (the common case) is decided here; other candidates go to ``_cut``.
    """
    starts: list[int] = []
    ends: list[int] = []
    paragraphs: list[int] = []
    paragraph = -1
    lo = hi = start = 0
    titles: bool | None = None
    for match in _CANDIDATES.scan(text):
        run_start, end = match.span()
        if run_start >= hi:
            if paragraph >= 0:
                starts.append(start)
                ends.append(hi)
                paragraphs.append(paragraph)
            paragraph += 1
            while his[paragraph] <= run_start:
                starts.append(los[paragraph])
                ends.append(his[paragraph])
                paragraphs.append(paragraph)
                paragraph += 1
            lo, hi = los[paragraph], his[paragraph]
            start = lo
            titles = None
        if end >= hi:
            continue
        if titles is None:
            titles = text.find("《", lo, hi) >= 0
        if end == run_start + 1 and not titles and run_start != start and (
            text[run_start] in _STOPS
        ):
            follower = text[end]
            if not follower.isspace():
                if follower not in _CONTINUATION and not "a" <= follower <= "z":
                    starts.append(start)
                    ends.append(end)
                    paragraphs.append(paragraph)
                    start = end
                continue
        cut = _cut(text, lo, hi, start, titles, match)
        if cut is not None:
            starts.append(start)
            ends.append(cut[0])
            paragraphs.append(paragraph)
            start = cut[1]
    if paragraph >= 0:
        starts.append(start)
        ends.append(hi)
        paragraphs.append(paragraph)
    starts += los[paragraph + 1:]
    ends += his[paragraph + 1:]
    paragraphs += range(paragraph + 1, len(los))
    return starts, ends, paragraphs
