"""English sentence boundaries within paragraphs.

In: a text and the bounds ``[lo, hi)`` of one paragraph in it (``split``), or of all its
paragraphs (``split_paragraphs``); a paragraph has no line break inside and neither ``lo`` nor
``hi - 1`` is whitespace. Out: ``(start, end)`` character spans of the sentences, in order, each
stripped of surrounding whitespace; together they cover every non-space character of a
paragraph, so there is always at least one (blank lines are the caller's to skip).

One compiled regex finds the candidate ends (a run of ``. ! ? …`` with its closing quotes and
brackets, followed by whitespace); cheap checks on the word before and the word after decide each
one, so the cost is a C-level scan plus a little work per candidate. ``split_paragraphs`` scans
the whole text at once and decides the commonest candidate, a period after a plain word, inline;
``split`` is the plain per-paragraph form that the tests hold it to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat
from operator import itemgetter
from typing import Any

import numpy as np

from transreview.segment.candidates import SPACE, candidates
from transreview.segment.codes import char_codes

_OPENERS = "\"'“‘([{«"
"""Characters that may open the next sentence before its first word."""


def _words(spaced: str) -> frozenset[str]:
    """The set of the space-separated words of ``spaced``."""
    return frozenset(spaced.split())


_CANDIDATES = candidates(
    {**{end: rf"{re.escape(end)}[.!?…]*(?: [.!?…]+)*" for end in ".!?…"},
     **{dash: rf"{dash}(?=[\"'”’])" for dash in "—–"}},
    rf"[\"'”’)\]»]*"
    rf"(?:{SPACE}+”|(?=\s|\Z))"
    rf"(?!{SPACE}+[\"'“‘(\[{{«]*[a-z])"
    rf"(?={SPACE}*(?P<next>\S*))",
)
"""A terminator run (a spaced ellipsis ``. . .`` is one run, a dash ending a quotation too),
closers, then whitespace or the end of the line; ``next`` is the following whitespace-separated
token. A closing ” set off by a space ('services. ”Sheng Hong said') still closes the sentence
before it. Runs before a lower-case word (Yahoo! in, Co. at, "Go!" he said) continue the
sentence and are not even candidates."""

_PERIOD = _CANDIDATES.by_first["."]
_AFTER_PERIOD = np.array([char.isspace() or char in ".!?\"')]" for char in map(chr, range(0x80))])
"""The ASCII characters a candidate may have right after a period (whitespace, terminators,
closers)."""

_QUOTES = frozenset("\"'”’")

_ATTRIBUTION = re.compile(
    r"(?P<name>[A-Z][\w'’.-]*)(?: [A-Z][\w'’.-]*){0,3} (?:asked|said|says|replied|answered|added|"
    r"cried|shouted|whispered|exclaimed|continued|explained|recalled|noted|remarked|protested|"
    r"snapped|pleaded|murmured|muttered|insisted|admitted|agreed|yelled|called|begged|"
    r"demanded|declared|announced)(?=[.,;!?])"
)
"""A name and a speech verb that ends a clause, after a closing quote ("Why?" Wang asked.): the
same sentence. Not 'Wang said: "..."' nor 'Wang said the plan works.', which begin new ones."""

_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]\Z")
"""Letters joined by periods: U.S, U.S.A, e.g, i.e, a.m, P.M (the final period is the candidate)."""

_LIST_MARKER = re.compile(
    r"(?<!\S)(?P<bullet>[•⁃◦▪*-] ?)?(?P<label>\d{1,2}|[a-z])(?P<suffix>\.\)|\.|\))(?=\s+\S)"
)
"""A list item label such as ``1.``, ``2.)``, ``3)``, ``a.``, ``• 9.`` or ``⁃10.``."""

_LIST_OPENERS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz•⁃◦▪*-")
"""First characters of a paragraph that may open a list."""

TITLES = _words(
    "mr mrs ms mx dr prof rev hon gen col lt capt cmdr adm maj sgt cpl pvt gov sen rep reps pres "
    "supt insp det st mt ft messrs mmes mme mlle msgr fr amb cf"
)
"""Abbreviations that stand before a name, so a capitalised word after them continues the
sentence (Mr. Smith, Mt. Fuji, St. Michael's)."""

NUMBER_ABBREVIATIONS = _words(
    "no nos n° nº p pp vol vols ch chap art arts sec secs fig figs eq eqs para ref tab op ed "
    "approx ca c est"
)
"""Abbreviations that stand before a number (No. 5, p. 55, Fig. 3); several are also ordinary
words (no, art), so they count as abbreviations only before a number."""

ABBREVIATIONS = _words(
    "co corp inc ltd llc plc bros jr sr esq dept dist div univ assn assoc intl natl govt "
    "ave blvd rd hwy sq apt bldg mfg vs etc al viz ie eg approx ca pp nos vol vols fig figs "
    "chap jan feb mar apr jun jul aug sep sept oct nov dec tue tues thu thur thurs fri "
    "hr hrs yr yrs lb lbs oz ph.d m.sc b.sc m.a b.a d.c"
) | TITLES
"""Abbreviations (lower case, without the final period) that usually do not end a sentence."""

STARTERS = _words(
    "A An The This That These Those It Its He She They We I You His Her Their Our My Your There "
    "Here What When Where Which Who Whom Whose Why How However But And So Yet Then Thus Also In "
    "On At For As If After Before Since Although Though While During Today Meanwhile Moreover "
    "Many Most Some Each Every All Both Such Other Did Does Do Is Are Was Were Has Have Had Being "
    "Millions More Now"
)
"""Words that commonly begin a sentence; after an abbreviation they signal a boundary."""

_TIMES = _words("a.m p.m")

_LETTERS = re.compile(r"[^\W\d_]+")
"""A run of letters: the word at the start of a token."""

_LAST_SPACE = re.compile(r"\s(?=\S*\Z)")
"""The last whitespace character before the end of the search range."""

_WORD_WINDOW = 64
"""How far back to look for the word before a period: longer words are never abbreviations, and
the bound keeps a giant line without spaces linear."""


def is_abbreviation(token: str) -> bool:
    """Whether ``token`` (without its final period) is an abbreviation that rarely ends a sentence.

    ``Ltd``, ``Dr``, ``U.S``, ``e.g``, ``a.m`` are; ``Jane.Doe@example.com`` and ``2022`` are not.
    """
    return token.lower() in ABBREVIATIONS or _DOTTED.match(token) is not None


def _is_initial(token: str) -> bool:
    """``K.`` in ``J. K. Rowling``: one capital letter and a period."""
    return len(token) >= 2 and token[0].isupper() and token[1] == "." and token[0].isalpha() and (
        len(token) == 2 or not token[2].isalpha()
    )


def _list_items(text: str, lo: int, hi: int) -> list[int]:
    """Start offsets of the list items after the first in a paragraph that opens a list.

    A paragraph opens a list when it starts with a label (``1.``, ``a)``, ``• 9.``); the items are
    the labels that follow it in sequence (2 after 1, b after a), so stray numbers are ignored.
    """
    first = _LIST_MARKER.match(text, lo, hi)
    if first is None:
        return []
    starts: list[int] = []
    label, suffix = first["label"], first["suffix"]
    for marker in _LIST_MARKER.finditer(text, first.end(), hi):
        if marker["suffix"] != suffix:
            continue
        following = marker["label"]
        if following.isdigit() != label.isdigit():
            continue
        expected = str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)
        if following == expected:
            starts.append(marker.start())
            label = following
    return starts


_PLAIN, _TITLE, _LABEL, _TIME, _ETC, _ABBREVIATION = range(6)


def _kind(token: str) -> tuple[int, bool]:
    """What the word before a single period is, and whether a number after it starts a sentence.

    ``_PLAIN`` words always end the sentence, ``_TITLE`` never, the others need a look at the
    context.
    """
    token = token.lstrip(_OPENERS)
    lower = token.lower()
    if not token:
        return _PLAIN, True
    if lower in TITLES:
        return _TITLE, False
    before_number = not (lower in NUMBER_ABBREVIATIONS or is_abbreviation(token))
    bare = token.lstrip("•⁃")
    if (bare.isdigit() and len(bare) <= 2) or (len(bare) == 1 and bare.isalpha()):
        return _LABEL, before_number
    if lower in _TIMES:
        return _TIME, before_number
    if lower == "etc":
        return _ETC, before_number
    if not before_number:
        return _ABBREVIATION, False
    return _PLAIN, True


def _piece_start(text: str, lo: int, at: int) -> int:
    """Where the text after the last plain space before ``at`` begins, looking back at most
    ``_WORD_WINDOW`` characters and not before ``lo``: the word before a period at ``at``, with
    any tab or other unprintable space in it (see ``_period``)."""
    window = max(lo, at - _WORD_WINDOW)
    return text.rfind(" ", window, at) + 1 or window


@lru_cache(maxsize=1 << 16)
def _period(piece: str) -> tuple[int, bool, int]:
    """``_kind`` of the word that ends ``piece`` (from ``_piece_start`` to a period), and where
    that word begins in ``piece``: at 0, or after its last whitespace if it holds an unprintable
    space.

    Cached because a text has few distinct words before periods.
    """
    offset = 0
    if not piece.isprintable():
        space = _LAST_SPACE.search(piece)
        offset = 0 if space is None else space.end()
    kind, before_number = _kind(piece[offset:])
    return kind, before_number, offset


def _ends_sentence(text: str, start: int, token_start: int, run_start: int, kind: int,
                   before_number: bool, follower: str) -> bool:
    """Decide a single period at ``run_start`` after a word of ``kind`` other than ``_PLAIN``
    that begins at ``token_start`` (the sentence began at ``start``)."""
    if kind == _TITLE:
        return False
    if follower[:1].isdigit():
        return before_number
    if kind == _ETC:
        return True
    if kind != _ABBREVIATION:
        if kind == _TIME:
            words_before = text.count(" ", max(start, token_start - _WORD_WINDOW), token_start)
            return follower[:1].isupper() and words_before >= 3
        if not text[start:token_start].strip(" •⁃◦▪*-"):
            return False
        if text[token_start:run_start].lstrip(_OPENERS + "•⁃").isdigit():
            return True
    if follower[-1:] == "." and follower[:-1].lower() in TITLES:
        return True
    return not _is_initial(follower) and _starter(follower)


def _starter(follower: str) -> bool:
    """Whether the next word is one that commonly begins a sentence."""
    word = _LETTERS.match(follower)
    return word is not None and word.group() in STARTERS


def _is_attribution(text: str, at: int) -> bool:
    """Whether a name and a speech verb (not a pronoun: "He said it.") begin at ``at``."""
    attribution = _ATTRIBUTION.match(text, at)
    return attribution is not None and attribution["name"] not in STARTERS


def _cut_before(text: str, spans: list[tuple[int, int]], start: int, cut: int) -> int:
    """End the sentence that began at ``start`` just before the list item at ``cut``."""
    if cut <= start:
        return start
    tail = cut
    while text[tail - 1].isspace():
        tail -= 1
    spans.append((start, tail))
    return cut


def _cut(text: str, lo: int, start: int, match: re.Match[str]) -> tuple[int, int] | None:
    """Whether the candidate ``match`` ends the sentence that began at ``start`` in the paragraph
    that begins at ``lo``: ``(end of that sentence, start of the next)``, or None."""
    end = match.end()
    run_start = match.start()
    follower = match["next"].lstrip(_OPENERS)
    if follower[:1].islower():
        return None
    run = match["run"]
    if run == ".":
        piece_start = _piece_start(text, lo, run_start)
        kind, before_number, offset = _period(text[piece_start:run_start])
        if kind != _PLAIN and not _ends_sentence(text, start, piece_start + offset, run_start,
                                                 kind, before_number, follower):
            return None
    elif run in "—–":
        if match["next"][:1] not in _OPENERS:
            return None
    elif " " in run:
        dots = run.count(".")
        if dots >= 4 and run.startswith(". .") and run_start > lo and (
            not text[run_start - 1].isspace()
        ):
            return run_start + 1, run_start + 2
        if dots <= 3 and end == match.end("run"):
            return None
    elif run[0] in ".…" and run_start > lo and text[run_start - 1] == "[":
        return None
    if text[end - 1] in _QUOTES and _is_attribution(text, match.start("next")):
        return None
    return end, match.start("next")


def split(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Sentence spans of the English paragraph ``text[lo:hi]`` (see the module docstring)."""
    spans: list[tuple[int, int]] = []
    start = lo
    items = _list_items(text, lo, hi)[::-1] if text[lo] in _LIST_OPENERS else []
    for match in _CANDIDATES.combined.finditer(text, lo, hi):
        if match.end() >= hi:
            break
        run_start = match.start()
        while items and items[-1] < run_start:
            start = _cut_before(text, spans, start, items.pop())
        cut = _cut(text, lo, start, match)
        if cut is not None:
            spans.append((start, cut[0]))
            start = cut[1]
    for item in reversed(items):
        start = _cut_before(text, spans, start, item)
    spans.append((start, hi))
    return spans


def _skip_to(text: str, los: Sequence[int], his: Sequence[int], paragraph: int, at: int,
             sentences: tuple[list[int], list[int], list[int]]) -> tuple[int, bool]:
    """Add the sentences of the paragraphs from ``paragraph`` on that end before offset ``at``
    (they hold no candidate: each is one sentence, unless it opens a list) and of the one that
    holds ``at`` if it opens a list (``split`` does the whole of such a paragraph).

    Returns the index of the paragraph that holds ``at`` (``len(los)`` if none does) and whether
    it opens a list.
    """
    starts, ends, paragraphs = sentences
    while paragraph < len(los):
        lo, hi = los[paragraph], his[paragraph]
        listed = text[lo] in _LIST_OPENERS and bool(_list_items(text, lo, hi))
        if listed:
            for start, end in split(text, lo, hi):
                starts.append(start)
                ends.append(end)
                paragraphs.append(paragraph)
        if hi > at:
            return paragraph, listed
        if not listed:
            starts.append(lo)
            ends.append(hi)
            paragraphs.append(paragraph)
        paragraph += 1
    return paragraph, False


def _terminal(codes: np.ndarray[Any, np.dtype[Any]]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Which ``codes`` are of terminators (``. ! ? …``)."""
    terminal: np.ndarray[Any, np.dtype[np.bool_]] = (
        (codes == 0x2E) | (codes == 0x21) | (codes == 0x3F) | (codes == 0x2026))
    return terminal


def _periods(text: str) -> tuple[np.ndarray[Any, np.dtype[np.intp]], list[int]]:
    """The offsets of the plain periods of ``text``, and of the periods that may begin another
    candidate that matters, in order.

    A plain period has no terminator before it, nor one before the space before it, and one
    space and an ASCII capital or digit after it: a candidate of its own, ``(p, p + 1)`` with
    the next token at ``p + 2``, that no other candidate reaches (only runs cross spaces and
    terminators). A period before an ASCII character that no candidate has there, or before a
    space and a lower-case ASCII letter, begins no candidate; one before a line end begins one
    that ends its paragraph, which decides nothing (the next candidate, or the end, closes the
    paragraph alike). Found with numpy among the codes of a chunk, they spare the regex most
    of its matches; the other periods are left to it.
    """
    codes = char_codes(text)
    periods = np.flatnonzero(codes == 0x2E)
    plain = np.zeros(len(periods), np.bool_)
    idle = np.zeros(len(periods), np.bool_)
    inner = (periods >= 2) & (periods < len(codes) - 2)
    at = periods[inner]
    after, following, before = codes[at + 1], codes[at + 2], codes[at - 1]
    spaced = after == 0x20
    capital = (((following >= 0x41) & (following <= 0x5A))
               | ((following >= 0x30) & (following <= 0x39)))
    in_run = _terminal(before) | ((before == 0x20) & _terminal(codes[at - 2]))
    plain[inner] = spaced & capital & ~in_run
    idle[inner] = (((after < 0x80) & ~_AFTER_PERIOD[np.minimum(after, 0x7F)])
                   | (spaced & (following >= 0x61) & (following <= 0x7A))
                   | (after == 0x0A) | (after == 0x0D))
    return periods[plain], periods[~(plain | idle)].tolist()


def _plain_kinds(text: str, plain: np.ndarray[Any, np.dtype[np.intp]], ends: list[int],
                 los: Sequence[int]) -> list[int]:
    """``_period`` kinds of the words before the periods at ``plain`` (``ends`` as a list), each
    from where ``_piece_start`` puts it: ``str`` methods mapped over all of them at once."""
    firsts = np.asarray(los)
    windows = np.maximum(firsts[np.searchsorted(firsts, plain, side="right") - 1],
                         plain - _WORD_WINDOW)
    spaces = np.fromiter(map(text.rfind, repeat(" "), windows.tolist(), ends), np.intp,
                         len(ends))
    pieces = np.where(spaces < 0, windows, spaces + 1).tolist()
    return list(map(itemgetter(0), map(_period, map(text.__getitem__, map(slice, pieces, ends)))))


def split_paragraphs(text: str, los: Sequence[int], his: Sequence[int]
                     ) -> tuple[list[int], list[int], list[int]]:
    """Starts, ends and paragraph indices of the sentences of ``text`` whose paragraphs are
    ``text[los[k]:his[k]]``: the spans ``split`` gives paragraph by paragraph.

    One scan finds the candidates of the whole text (plain periods, ``_periods``, without the
    regex), and one loop walks them, moving on to the paragraph of each. A single period
    right after a ``_PLAIN`` or ``_TITLE`` word (the common case) is decided here from a cached
    look at that word; other candidates go to ``_cut``, and a paragraph that opens a list to
    ``split``.
    """
    sentences: tuple[list[int], list[int], list[int]] = ([], [], [])
    starts, ends, paragraphs = sentences
    paragraph = -1
    lo = hi = start = 0
    limit = 0  # the paragraph's end, or 0 in a list, whose sentences split has given already
    plain, others = _periods(text)
    periods = plain.tolist()
    matches = {match.start(): match for match in _CANDIDATES.scan(text, others)}
    if not matches.keys().isdisjoint(periods):
        plain, periods = plain[:0], []  # the scan fell back to the combined regex: it has all
    kinds = dict(zip(periods, _plain_kinds(text, plain, periods, los), strict=True))
    found = np.concatenate((plain, np.fromiter(matches, np.intp, len(matches))))
    for run_start in np.sort(found).tolist():
        match = matches.get(run_start)
        end = run_start + 1 if match is None else match.end()
        if run_start >= hi:
            if limit:
                starts.append(start)
                ends.append(hi)
                paragraphs.append(paragraph)
            paragraph += 1
            lo, hi = los[paragraph], his[paragraph]
            limit = hi
            if hi <= run_start or text[lo] in _LIST_OPENERS:
                paragraph, listed = _skip_to(text, los, his, paragraph, run_start, sentences)
                lo, hi = los[paragraph], his[paragraph]
                limit = 0 if listed else hi
            start = lo
        if end >= limit:
            continue
        if match is None:
            kind = kinds[run_start]
            if kind == _TITLE:
                continue
            if kind == _PLAIN:
                starts.append(start)
                ends.append(end)
                paragraphs.append(paragraph)
                start = run_start + 2
                continue
            match = _PERIOD.match(text, run_start)
            assert match is not None
        elif end == run_start + 1 and text[run_start] == ".":
            kind = _period(text[_piece_start(text, lo, run_start):run_start])[0]
            if kind == _TITLE:
                continue
            if kind == _PLAIN:
                following = match.start("next")
                initial = text[following]
                if initial in _OPENERS:
                    initial = match["next"].lstrip(_OPENERS)[:1]
                if not initial.islower():
                    starts.append(start)
                    ends.append(end)
                    paragraphs.append(paragraph)
                    start = following
                continue
        cut = _cut(text, lo, start, match)
        if cut is not None:
            starts.append(start)
            ends.append(cut[0])
            paragraphs.append(paragraph)
            start = cut[1]
    if limit:
        starts.append(start)
        ends.append(hi)
        paragraphs.append(paragraph)
    _skip_to(text, los, his, paragraph + 1, len(text), sentences)
    return sentences
