"""Rules that read only the English surface: Chinese left in, repeated words, pairs, spacing."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate, compress, count, repeat
from operator import add, and_, contains

import numpy as np

from transreview.checks.base import CheckContext, Rule, register
from transreview.model import Finding, Severity

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_CJK_RUN = re.compile(f"[{_HAN}](?:[{_HAN}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]*[{_HAN}])?")
_HAN_LEADS = tuple(bytes([lead]) for lead in (0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEF, 0xF0))
"""The first UTF-8 byte of every character in ``_HAN``."""
_REPEATED = re.compile(r"\b([^\W\d_]++)([ \t]++)(?=\1\b)", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]", re.IGNORECASE)
_ASCII_WORDS = bytes(byte | 0x20 if chr(byte).isascii() and chr(byte).isalpha() else 0x20
                     for byte in range(256))
"""ASCII letters lower-cased, every other byte a space."""
_ALLOWED_REPEATS = frozenset({"had", "that", "is", "bye", "ha", "no", "very", "so", "far", "her",
                              "his", "this"})
_DOUBLE_SPACE = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE = re.compile(r"[ \t]+(?=[,;:!?.](?:\s|$))", re.MULTILINE)
_DOUBLE_SPACE_NO_TAB = re.compile(r"   *")
_SPACE_BEFORE_NO_TAB = re.compile(r"  *(?=[,;:!?.](?:\s|$))", re.MULTILINE)
"""The two patterns above for a text without tabs, written to start with a literal space (the
regex engine then jumps from space to space instead of trying every position)."""
_SPACED = re.compile(r" [ ,;:!?.]")
"""What either pattern needs in a text without tabs (a quick test for clean text)."""
_VISIBLE = re.compile(r"\S")

_OPENERS = {"(": ")", "[": "]", "{": "}", "（": "）", "【": "】", "《": "》", "「": "」",
            "『": "』", "“": "”", "‘": "’"}
_CLOSERS = {closer: opener for opener, closer in _OPENERS.items()}
_PAIR_CHARS = re.compile("[\"()\\[\\]{}（）【】《》「」『』“”‘’]")
_BRACKETS = "()[]{}（）【】《》「」『』“”‘’"
"""Pair characters other than the straight quote."""
_MATCHED = re.compile('""|\\(\\)|\\[\\]|\\{\\}|（）|【】|《》|「」|『』|“”')
_PAIRING = re.compile(_PAIR_CHARS.pattern + r"(?:(?<=[^‘’])|(?<![^\W_].)|(?![^\W_]))")
"""The pair characters but a single curly quote between two letters or digits (an apostrophe
the pair machine skips)."""


@register
class Untranslated(Rule):
    """Chinese characters left in the English."""

    id = "untranslated"
    severity = Severity.ERROR
    description = "Chinese characters left untranslated in the English"

    def run(self, context: CheckContext) -> Iterator[Finding]:
        text = context.en.text
        if text.isascii():
            return
        encoded = text.encode("utf-8", "surrogatepass")
        if not any(lead in encoded for lead in _HAN_LEADS):
            return
        for match in _CJK_RUN.finditer(text):
            yield self.finding(context, match.start(), match.end(),
                               f"Chinese text left untranslated: {match.group()!r}")


@register
class RepeatedWord(Rule):
    """A word written twice in a row ("the the")."""

    id = "repeated-word"
    severity = Severity.WARNING
    description = "the same word twice in a row (\"the the\")"

    def run(self, context: CheckContext) -> Iterator[Finding]:
        text = context.en.text
        for match in _repeats(text):
            word = match.group(1)
            end = match.end() + len(word)
            if word.lower() in _ALLOWED_REPEATS or text[match.end()].isupper():
                continue
            if _chained(text, match.start(), end, word):
                continue
            yield self.finding(context, match.start(2), end, f"word {word!r} repeated",
                               term=context.en.text[match.end() : end], suggestion="")


def _repeats(text: str) -> list[re.Match[str]]:
    """``_REPEATED.finditer(text)``, tried only where it can match.

    A match is two equal words of letters between word boundaries, so with ASCII letters it shows
    in the text lowered to bytes, every other character a space, as two equal words in a row;
    those are found with numpy. Lines with a non-ASCII letter are searched whole.
    """
    encoded = text.encode("ascii", "replace")
    lines = _lines_with_letters(text, encoded)
    line_starts = [start for start, _ in lines]
    matches: list[re.Match[str]] = []
    for start in _before_equal_words(encoded.translate(_ASCII_WORDS)):
        line = bisect_right(line_starts, start) - 1
        if line >= 0 and start < lines[line][1]:
            continue
        match = _REPEATED.match(text, start)
        if match is not None:
            matches.append(match)
    for start, end in lines:
        matches.extend(_REPEATED.finditer(text, start, end))
    if lines:
        matches.sort(key=lambda match: match.start())
    return matches


def _before_equal_words(lowered: bytes) -> list[int]:
    """Starts of the words (runs of bytes other than space) of ``lowered`` that the next word
    repeats: neighbours of one length with the same first and last byte are compared in
    full."""
    letters = np.frombuffer(lowered, np.uint8)
    inside = np.zeros(len(letters) + 2, np.bool_)
    np.not_equal(letters, 0x20, out=inside[1:-1])
    edges = np.flatnonzero(inside[1:] != inside[:-1])
    starts, ends = edges[0::2], edges[1::2]
    lengths = ends - starts
    alike = lengths[1:] == lengths[:-1]
    alike &= letters[starts[1:]] == letters[starts[:-1]]
    alike &= letters[ends[1:] - 1] == letters[ends[:-1] - 1]
    pairs = np.flatnonzero(alike)
    return [first for first, end, second, after in zip(
        starts[pairs].tolist(), ends[pairs].tolist(), starts[pairs + 1].tolist(),
        ends[pairs + 1].tolist(), strict=True) if lowered[first:end] == lowered[second:after]]


def _lines_with_letters(text: str, encoded: bytes) -> list[tuple[int, int]]:
    """Spans of the lines (without their line end) holding a non-ASCII letter, in order
    (``encoded`` is ``text`` in ASCII, ``?`` for any other character)."""
    if text.isascii():
        return []
    lines: list[tuple[int, int]] = []
    at = encoded.find(b"?")
    while at >= 0:
        if text[at] != "?" and _LETTER.match(text, at):
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            lines.append((text.rfind("\n", 0, at) + 1, end))
            at = end
        at = encoded.find(b"?", at + 1)
    return lines


def _chained(text: str, start: int, end: int, word: str) -> bool:
    """True when the pair is part of a longer repetition ("tock tock tock")."""
    after = re.match(r"[ \t]+(\w+)", text[end : end + len(word) + 8])
    before = re.search(r"(\w+)[ \t]+$", text[max(0, start - len(word) - 8) : start])
    return any(m is not None and m.group(1).lower() == word.lower() for m in (after, before))


@register
class UnbalancedPair(Rule):
    """Quotes and brackets (full-width ones included) that are not closed in their paragraph."""

    id = "unbalanced-pair"
    severity = Severity.WARNING
    description = "an unclosed or unopened quote or bracket within a paragraph"

    def run(self, context: CheckContext) -> Iterator[Finding]:
        text = context.en.text
        for start, end in _unsure_paragraphs(text):
            following = _VISIBLE.search(text, end)
            continued = following is not None and text[following.start()] in '"“'
            yield from self._line(context, text, start, end, continued)

    def _line(self, context: CheckContext, text: str, start: int, end: int, continued: bool
              ) -> Iterator[Finding]:
        """Pairs of one paragraph; a quotation that runs on into a next paragraph opening with
        a quotation mark is the usual convention, not an error."""
        stack: list[tuple[str, int]] = []
        for match in _PAIR_CHARS.finditer(text, start, end):
            char, at = match.group(), match.start()
            if char in "‘’" and _is_apostrophe(text, at, start, end, stack):
                continue
            if char == '"':
                if stack and stack[-1][0] == '"':
                    stack.pop()
                else:
                    stack.append((char, at))
            elif char in _OPENERS:
                stack.append((char, at))
            else:
                yield from self._close(context, stack, char, at)
        for char, at in stack:
            if continued and at == start and char in '"“':
                continue
            yield self.finding(context, at, at + 1, f"{char!r} is never closed in its paragraph")

    def _close(self, context: CheckContext, stack: list[tuple[str, int]], char: str, at: int
               ) -> Iterator[Finding]:
        opener = _CLOSERS[char]
        if stack and stack[-1][0] == opener:
            stack.pop()
            return
        quote = char == "”" and stack and stack[-1][0] == '"'
        if quote:
            stack.pop()
            yield self.finding(context, at, at + 1, "closing '”' does not match the straight "
                               "opening quote '\"'", suggestion='"')
            return
        if any(open_char == opener for open_char, _ in stack):
            while stack[-1][0] != opener:
                inner, position = stack.pop()
                yield self.finding(context, position, position + 1,
                                   f"{inner!r} is never closed before {char!r}")
            stack.pop()
            return
        yield self.finding(context, at, at + 1, f"{char!r} has no matching {opener!r}")


def _unsure_paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the paragraphs (non-blank lines, trimmed) whose pairs may not balance, in order.

    A paragraph is sure when its pair characters are straight quotes of an even number, or
    when taking out matched neighbours leaves nothing: the pair machine then reports nothing
    there. Single curly quotes are never taken out (they may be apostrophes), but those between
    two letters or digits are left out first (the machine skips them).
    """
    lines = (text.replace("\r", "\n") if "\r" in text else text).split("\n")
    starts = list(map(add, accumulate(map(len, lines), initial=0), count()))
    odd = set(compress(count(), map(and_, map(str.count, lines, repeat('"')), repeat(1))))
    bracketed: set[int] = set()
    for char in _BRACKETS:
        if char in text:
            bracketed.update(compress(count(), map(contains, lines, repeat(char))))
    for number in sorted(odd | bracketed):
        line = lines[number]
        if number not in odd and _balanced("".join(_PAIRING.findall(line))):
            continue
        start = starts[number] + len(line) - len(line.lstrip())
        yield start, starts[number] + len(line.rstrip())


@lru_cache(maxsize=4096)
def _balanced(pairs: str) -> bool:
    """True when taking out matched neighbours (``()``, ``""``...) again and again leaves
    nothing."""
    while pairs:
        reduced = _MATCHED.sub("", pairs)
        if reduced == pairs:
            return False
        pairs = reduced
    return True


def _is_apostrophe(text: str, at: int, start: int, end: int, stack: list[tuple[str, int]]
                   ) -> bool:
    """A ‘ or ’ between letters is an apostrophe; so is a ’ after a word with no ‘ open."""
    before = text[at - 1] if at > start else " "
    after = text[at + 1] if at + 1 < end else " "
    if before.isalnum() and after.isalnum():
        return True
    open_single = any(char == "‘" for char, _ in stack)
    return text[at] == "’" and before.isalnum() and not open_single


@register
class Whitespace(Rule):
    """Double spaces inside a line and spaces before punctuation."""

    id = "whitespace"
    severity = Severity.WARNING
    description = "double spaces, or a space before punctuation"

    def run(self, context: CheckContext) -> Iterator[Finding]:
        text = context.en.text
        if "\t" in text:
            double, before = _DOUBLE_SPACE, _SPACE_BEFORE
        elif _SPACED.search(text):
            double, before = _DOUBLE_SPACE_NO_TAB, _SPACE_BEFORE_NO_TAB
        else:
            return
        for match in double.finditer(text):
            start, end = match.span()
            if _inside_line(text, start, end):
                yield self.finding(context, start, end, "several spaces in a row",
                                   suggestion=" ")
        for match in before.finditer(text):
            start, end = match.span()
            spaced_ellipsis = text.startswith(". .", end)
            if start and (text[start - 1].isalnum() or text[start - 1] == "_") and not (
                    text.startswith("..", end) or spaced_ellipsis):
                mark = text[end]
                yield self.finding(context, start, end, f"space before {mark!r}",
                                   suggestion="")


def _inside_line(text: str, start: int, end: int) -> bool:
    """True when the run has a visible character on each side on its line."""
    return (start > 0 and not text[start - 1].isspace()
            and end < len(text) and not text[end].isspace())
