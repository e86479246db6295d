"""Rules that read only the English surface: Chinese left in, repeated words, pairs, spacing."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from operator import attrgetter
from typing import Any

import numpy as np

from transreview.checks.base import CheckContext, Rule, register
from transreview.model import Finding, FindingColumns, Severity
from transreview.segment.codes import char_codes, line_feeds, wide_offsets

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_CJK_RUN = re.compile(f"[{_HAN}](?:[{_HAN}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]*[{_HAN}])?")
_FIRST_HAN = 0x3400
"""No character in ``_HAN`` is below it."""
_HAN_CHAR = re.compile(f"[{_HAN}]")
_WIDE_SPACE = re.compile("\u3000+")
_CHINESE_MARKS = frozenset("，。、；：！？")
"""Chinese punctuation marks that English never uses."""
_WIDE_FORMS = str.maketrans({"。": ".", "、": ",", **{
    chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}})
"""The full-width forms of the ASCII characters (what a Chinese input method, or a copy from
the Chinese, leaves in English: "，", "（", "２０２２", "％") and the Chinese full stop and
enumeration comma, to the English characters that replace them."""
_WIDE_RUN = re.compile("[。、\uff01-\uff5e]+")
_WIDE_FIRST = 0x3001
"""No character of ``_WIDE_RUN`` is below it."""
_REPEATED = re.compile(r"\b([^\W\d_]++)([ \t]++)(?=\1\b)", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]", re.IGNORECASE)
_ALLOWED_REPEATS = frozenset({"had", "that", "is", "bye", "ha", "no", "very", "so", "far", "her",
                              "his", "this"})
_DOUBLE_SPACE = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE = re.compile(r"[ \t]+(?=[,;:!?.](?:\s|$))", re.MULTILINE)
_DOUBLE_SPACE_NO_TAB = re.compile(r"   *")
_SPACE_BEFORE_NO_TAB = re.compile(r"  *(?=[,;:!?.](?:\s|$))", re.MULTILINE)
"""The two patterns above for a text without tabs, written to start with a literal space (the
regex engine then jumps from space to space instead of trying every position)."""
_MARKS = frozenset(map(ord, ",;:!?."))
"""The marks a space before is reported for."""
_VISIBLE = re.compile(r"\S")

_OPENERS = {"(": ")", "[": "]", "{": "}", "（": "）", "【": "】", "《": "》", "「": "」",
            "『": "』", "“": "”", "‘": "’"}
_CLOSERS = {closer: opener for opener, closer in _OPENERS.items()}
_PAIR_CHARS = re.compile("[\"()\\[\\]{}（）【】《》「」『』“”‘’]")
_BRACKETS = "()[]{}（）【】《》「」『』“”‘’"
"""Pair characters other than the straight quote."""
_PAIRS = '"' + _BRACKETS
_NARROW_PAIRS = _PAIRS[: _PAIRS.index("（")]
"""The pair characters in ASCII."""
_WIDE_PAIRS = frozenset(map(ord, _PAIRS[len(_NARROW_PAIRS):]))
"""The pair characters outside ASCII, all from ``_FIRST_WIDE_PAIR`` on."""
_FIRST_WIDE_PAIR = min(_WIDE_PAIRS)
_MATCHED = re.compile('""|\\(\\)|\\[\\]|\\{\\}|（）|【】|《》|「」|『』|“”')
_PAIRING = re.compile(_PAIR_CHARS.pattern + r"(?:(?<=[^‘’])|(?<![^\W_].)|(?![^\W_]))")
"""The pair characters but a single curly quote between two letters or digits (an apostrophe
the pair machine skips)."""


@register
class Untranslated(Rule):
    """Chinese characters, Chinese punctuation marks or full-width characters left in the
    English."""

    id = "untranslated"
    severity = Severity.ERROR
    description = "Chinese characters, punctuation marks or full-width characters in the English"

    def run(self, context: CheckContext) -> Iterator[Finding]:
        """Each run of Chinese text, and each run of Chinese punctuation or full-width
        characters outside one (a "，" or "。" left in an English sentence, "（Pudong）",
        "２０２２"), with the English characters as its suggestion."""
        text = context.en.text
        if text.isascii():
            return iter(())
        wide = char_codes(text)[wide_offsets(text)]
        found = []
        if (wide >= _FIRST_HAN).any():
            found = [self.finding(context, match.start(), match.end(),
                                  f"Chinese text left untranslated: {match.group()!r}")
                     for match in _CJK_RUN.finditer(text)]
        if ((wide >= _WIDE_FIRST) & (wide < _FIRST_HAN) | (wide >= 0xFF01)).any():
            for match in _WIDE_RUN.finditer(text):
                start, end = match.span()
                if _beside_chinese(text, start, end):
                    continue
                run = match.group()
                what = ("Chinese punctuation" if _CHINESE_MARKS.issuperset(run)
                        else "full-width characters")
                found.append(self.finding(context, start, end, f"{what} {run!r} in the English",
                                          suggestion=_in_english(text, start, end)))
            found.sort(key=attrgetter("start"))
        return iter(found)


def _in_english(text: str, start: int, end: int) -> str:
    """The English characters of the full-width run ``text[start:end]``, spaced from a word
    after a mark that ends a clause or closes a bracket (not a colon or a full stop between digits:
    "3：1", "10：30"), and before an opening bracket."""
    english = text[start:end].translate(_WIDE_FORMS)
    between_digits = start > 0 and text[start - 1].isdigit() and english[-1] in ".:"
    if (end < len(text) and text[end].isalnum() and english[-1] in ",.;:!?)]"
            and not (between_digits and text[end].isdigit())):
        english += " "
    if start and text[start - 1].isalnum() and english[0] in "([":
        english = " " + english
    return english


def _beside_chinese(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` touches a Chinese character: it is then part of the Chinese
    text around it, which ``untranslated`` reports as a whole."""
    return bool((start and _HAN_CHAR.match(text, start - 1)) or _HAN_CHAR.match(text, end))


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
    in the text's codes lowered to bytes, every other character a space, as two equal words in a
    row; those are found with numpy. Lines with a non-ASCII letter are searched whole.
    """
    codes = char_codes(text)
    lines = _lines_with_letters(text, codes)
    line_starts = [start for start, _ in lines]
    matches: list[re.Match[str]] = []
    folded = codes | 0x20
    letters = _lower(folded)
    for start in _before_equal_words(folded.astype(np.uint8), letters):
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


def _before_equal_words(lowered: np.ndarray[Any, np.dtype[np.uint8]],
                        letters: np.ndarray[Any, np.dtype[np.bool_]]) -> list[int]:
    """Starts of the words (runs of ``letters``) of ``lowered`` that the next word repeats:
    neighbours of one length with the same first and last byte are compared in full (only the
    bytes of letters are read)."""
    inside = np.zeros(len(lowered) + 2, np.bool_)
    inside[1:-1] = letters
    edges = np.flatnonzero(inside[1:] != inside[:-1])
    starts, ends = edges[0::2], edges[1::2]
    lengths = ends - starts
    pairs = np.flatnonzero(lengths[1:] == lengths[:-1])
    pairs = pairs[(lowered[starts[pairs + 1]] == lowered[starts[pairs]])
                  & (lowered[ends[pairs + 1] - 1] == lowered[ends[pairs] - 1])]
    raw = lowered.tobytes()
    return [first for first, end, second, after in zip(
        starts[pairs].tolist(), ends[pairs].tolist(), starts[pairs + 1].tolist(),
        ends[pairs + 1].tolist(), strict=True) if raw[first:end] == raw[second:after]]


@lru_cache(maxsize=4096)
def _is_letter(code: int) -> bool:
    return _LETTER.match(chr(code)) is not None


def _lines_with_letters(text: str, codes: np.ndarray[Any, np.dtype[Any]]
                        ) -> list[tuple[int, int]]:
    """Spans of the lines (without their line end) holding a non-ASCII letter, in order
    (``codes`` are ``char_codes(text)``)."""
    wide = wide_offsets(text)
    if not len(wide):
        return []
    letters = [code for code in set(codes[wide].tolist()) if _is_letter(code)]
    if not letters:
        return []
    lines: list[tuple[int, int]] = []
    for at in wide[np.isin(codes[wide], letters)].tolist():
        if lines and at < lines[-1][1]:
            continue
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        lines.append((text.rfind("\n", 0, at) + 1, end))
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
        return self.found(context).findings()

    def found(self, context: CheckContext) -> FindingColumns:
        """The findings as columns, each problem ``_line`` reports one (a chunk may have
        thousands: no ``Finding`` is made of each)."""
        text = context.en.text
        problems = [problem for start, end, positions in _unsure_paragraphs(text)
                    for problem in _line(text, start, end, _continued(text, end), positions)]
        starts = [at for at, _, _ in problems]
        count = len(problems)
        return FindingColumns([self.id] * count, [self.severity] * count, starts,
                              [at + 1 for at in starts], context.segments_at(starts),
                              [(message, text[at], suggestion)
                               for at, message, suggestion in problems])


_Problem = tuple[int, str, str | None]
"""Where an unbalanced pair character is, what is wrong with it and the suggestion, if any."""


def _continued(text: str, end: int) -> bool:
    """Whether the next paragraph after offset ``end`` opens with a quotation mark."""
    following = _VISIBLE.search(text, end)
    return following is not None and text[following.start()] in '"“'


def _line(text: str, start: int, end: int, continued: bool, positions: list[int]
          ) -> Iterator[_Problem]:
    """The problems of the pairs of one paragraph (their offsets are ``positions``); a quotation
    that runs on into a next paragraph opening with a quotation mark is the usual convention,
    not an error."""
    stack: list[tuple[str, int]] = []
    for at in positions:
        char = text[at]
        if char in "‘’" and _is_apostrophe(text, at, start, end, stack):
            continue
        if char == '"':
            if stack and stack[-1][0] == '"':
                stack.pop()
            else:
                stack.append((char, at))
        elif char in _OPENERS:
            stack.append((char, at))
        elif not (char in ")）" and _list_label(text, at, start, stack)):
            yield from _close(stack, char, at)
    for char, at in stack:
        if continued and at == start and char in '"“':
            continue
        if char == '"' and _closes(text, at, start, end):
            yield at, "'\"' closes a quotation that its paragraph never opens", None
        else:
            yield at, f"{char!r} is never closed in its paragraph", None


def _closes(text: str, at: int, start: int, end: int) -> bool:
    """Whether the straight quote at ``at`` reads as a closing one: right after a word or a
    mark, and before a space, a mark or the paragraph's end ("…next year." he said)."""
    after = text[at + 1] if at + 1 < end else " "
    return at > start and not text[at - 1].isspace() and (after.isspace() or after in ".,;:!?)")


_LABEL = re.compile(r"(?:\d{1,3}|[A-Za-z]|[ivx]{1,4}|[IVX]{1,4})")
"""A list label closed by a parenthesis: a number, a letter or a small Roman numeral."""


def _list_label(text: str, at: int, start: int, stack: list[tuple[str, int]]) -> bool:
    """Whether the closing parenthesis at ``at``, which opens nothing on the ``stack``, ends a
    list label ("1) First", "items a), b) and c)") that starts its paragraph or a word."""
    if any(opener in "(（" for opener, _ in stack):
        return False
    begin = at
    while begin > max(start, at - 4) and text[begin - 1].isalnum():
        begin -= 1
    return (_LABEL.fullmatch(text, begin, at) is not None
            and (begin == start or text[begin - 1].isspace()))


def _close(stack: list[tuple[str, int]], char: str, at: int) -> Iterator[_Problem]:
    opener = _CLOSERS[char]
    if stack and stack[-1][0] == opener:
        stack.pop()
        return
    quote = char == "”" and stack and stack[-1][0] == '"'
    if quote:
        stack.pop()
        yield at, "closing '”' does not match the straight opening quote '\"'", '"'
        return
    if any(open_char == opener for open_char, _ in stack):
        while stack[-1][0] != opener:
            inner, position = stack.pop()
            yield position, f"{inner!r} is never closed before {char!r}", None
        stack.pop()
        return
    yield at, f"{char!r} has no matching {opener!r}", None


def _unsure_paragraphs(text: str) -> Iterator[tuple[int, int, list[int]]]:
    """Spans of the paragraphs (non-blank lines, trimmed) whose pairs may not balance, in order,
    with the offsets of their pair characters.

    A paragraph is sure when its pair characters are straight quotes of an even number, or
    when taking out matched neighbours leaves nothing: the pair machine then reports nothing
    there. Single curly quotes are never taken out (they may be apostrophes), but those between
    two letters or digits are left out first (the machine skips them). The pair characters and
    line ends are found in the text's codes with numpy, and only lines holding a pair character
    other than quotes of an even number are looked at.
    """
    codes = char_codes(text)
    present = [ord(char) for char in _NARROW_PAIRS if char in text]
    wide = codes[wide_offsets(text)]
    present += _WIDE_PAIRS.intersection(wide[wide >= _FIRST_WIDE_PAIR].tolist())
    if not present:
        return
    found = codes == present[0]
    for code in present[1:]:
        found |= codes == code
    at = np.flatnonzero(found)
    breaks = (np.flatnonzero((codes == 0x0A) | (codes == 0x0D)) if "\r" in text
              else line_feeds(text))
    numbers = np.searchsorted(breaks, at)
    quoted = codes[at] == 0x22
    odd = np.bincount(numbers[quoted], minlength=len(breaks) + 1) & 1
    bracketed = np.bincount(numbers[~quoted], minlength=len(breaks) + 1) > 0
    lines = np.flatnonzero(odd | bracketed)
    firsts = np.searchsorted(numbers, lines).tolist()
    lasts = np.searchsorted(numbers, lines, side="right").tolist()
    ends = [*breaks.tolist(), len(text)]
    positions = at.tolist()
    for number, quotes, first, last in zip(lines.tolist(), odd[lines].tolist(), firsts, lasts,
                                          strict=True):
        start = ends[number - 1] + 1 if number else 0
        if not quotes:
            pairs = "".join(map(text.__getitem__, positions[first:last]))
            if "‘" in pairs or "’" in pairs:
                pairs = "".join(_PAIRING.findall(text[start : ends[number]]))
            if _balanced(pairs):
                continue
        line = text[start : ends[number]]
        yield (start + len(line) - len(line.lstrip()), start + len(line.rstrip()),
               positions[first:last])


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
    """A ‘ or ’ between letters is an apostrophe; so is a ’ after a word with no ‘ open, one
    before a year's last digits (“the ’90s”) and the two of “rock ’n’ roll”."""
    before = text[at - 1] if at > start else " "
    after = text[at + 1] if at + 1 < end else " "
    if before.isalnum() and after.isalnum():
        return True
    if text[at] == "’" and (after.isdigit() or text.startswith("’n’", at)
                            or text.startswith("’n’", at - 2)):
        return True
    open_single = any(char == "‘" for char, _ in stack)
    return text[at] == "’" and before.isalnum() and not open_single


@register
class Whitespace(Rule):
    """Double spaces inside a line, spaces before punctuation or inside brackets, a comma or
    semicolon run into the next word, a sentence run into the next, and full-width spaces left
    from the Chinese (U+3000: an indent of two of them opens many Chinese paragraphs)."""

    id = "whitespace"
    severity = Severity.WARNING
    description = ("double spaces, a space before punctuation or inside brackets, no space after "
                   "a comma or a sentence's end, or a full-width space")

    def run(self, context: CheckContext) -> Iterator[Finding]:
        text = context.en.text
        tabbed = "\t" in text
        double, before = ((_DOUBLE_SPACE, _SPACE_BEFORE) if tabbed
                          else (_DOUBLE_SPACE_NO_TAB, _SPACE_BEFORE_NO_TAB))
        doubled, marked = _spacing(text, tabbed)
        for match in double.finditer(text) if doubled else ():
            start, end = match.span()
            if not _inside_line(text, start, end):
                continue
            if text[start - 1] in "([" or text[end] in ")]":
                continue  # spaces inside brackets, reported below
            yield self.finding(context, start, end, "several spaces in a row", suggestion=" ")
        for match in before.finditer(text) if marked else ():
            start, end = match.span()
            spaced_ellipsis = text.startswith(". .", end)
            if start and (text[start - 1].isalnum() or text[start - 1] == "_") and not (
                    text.startswith("..", end) or spaced_ellipsis):
                mark = text[end]
                yield self.finding(context, start, end, f"space before {mark!r}",
                                   suggestion="")
        for start, end, message, suggestion in _bracket_and_comma_spacing(text):
            yield self.finding(context, start, end, message, suggestion=suggestion)
        for match in _WIDE_SPACE.finditer(text) if "\u3000" in text else ():
            start, end = match.span()
            if _beside_chinese(text, start, end):
                continue
            opening = start == 0 or text[start - 1] == "\n"
            yield self.finding(context, start, end, "full-width space in the English",
                               suggestion="" if opening else " ")


def _spacing(text: str, tabbed: bool) -> tuple[bool, bool]:
    """Whether ``text`` has a space (or a tab, when ``tabbed``) right after another, and one
    right before a mark: what the double-space and the space-before scans need to find
    anything (a quick test for clean text)."""
    codes = char_codes(text)
    blank = codes == 0x20
    if tabbed:
        blank |= codes == 0x09
    after = codes[1:]
    following = set(after[blank[:-1] & (after <= 0x3F)].tolist())
    return bool(following & {0x20, 0x09}), not following.isdisjoint(_MARKS)


_QUOTES = "\"'“”‘’"


def _bracket_and_comma_spacing(text: str) -> Iterator[tuple[int, int, str, str]]:
    """Spaces right inside a bracket ("( the district )": between it and a word, a number or a
    quote; a bracket alone on its line, or after a sentence's end, is left alone), a comma or
    semicolon between two letters ("May,while"; numbers such as 1,000 keep theirs), and a full
    stop, question or exclamation mark that runs one sentence into the next: after two
    lower-case letters and before a capital and a lower-case one ("the city.The mayor"; not
    "e.g.", "U.S.A.", "3.5", "www.gov.cn" or "Ph.D."). Start, end, message and suggestion of
    each, in the order of the text. One pass over the text's codes finds the marks; only their
    neighbours are read."""
    codes = char_codes(text)
    marks = np.flatnonzero((codes == 0x28) | (codes == 0x29) | (codes == 0x5B) | (codes == 0x5D)
                           | (codes == 0x2C) | (codes == 0x3B) | (codes == 0x2E)
                           | (codes == 0x3F) | (codes == 0x21))
    marks = marks[(marks > 0) & (marks < len(codes) - 1)]
    if not len(marks):
        return
    kinds, before, after = codes[marks], codes[marks - 1], codes[marks + 1]
    found: list[tuple[int, int, str, str]] = []
    opening = (kinds == 0x28) | (kinds == 0x5B)
    for bracket in marks[opening & (after == 0x20)].tolist():
        end = bracket + 1
        while end < len(text) and text[end] == " ":
            end += 1
        if end < len(text) and (text[end].isalnum() or text[end] in _QUOTES):
            found.append((bracket + 1, end, f"space after {text[bracket]!r}", ""))
    closing = (kinds == 0x29) | (kinds == 0x5D)
    for bracket in marks[closing & (before == 0x20)].tolist():
        start = bracket - 1
        while start > 0 and text[start - 1] == " ":
            start -= 1
        if start and (text[start - 1].isalnum() or text[start - 1] in _QUOTES + "%"):
            found.append((start, bracket, f"space before {text[bracket]!r}", ""))
    separators = (kinds == 0x2C) | (kinds == 0x3B)
    joined = marks[separators & _lower(before | 0x20) & _lower(after | 0x20)]
    ends = marks[~opening & ~closing & ~separators & _lower(before) & _upper(after)]
    ends = ends[(ends >= 2) & (ends < len(codes) - 2)]
    run_on = ends[_lower(codes[ends - 2]) & _lower(codes[ends + 2])]
    for mark in np.concatenate([joined, run_on]).tolist():
        found.append((mark, mark + 1, f"no space after {text[mark]!r}", text[mark] + " "))
    yield from sorted(found)


def _lower(codes: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Whether each code is an ASCII lower-case letter."""
    return (codes >= 0x61) & (codes <= 0x7A)


def _upper(codes: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Whether each code is an ASCII capital."""
    return (codes >= 0x41) & (codes <= 0x5A)


def _inside_line(text: str, start: int, end: int) -> bool:
    """True when the run has a visible character on each side on its line."""
    return (start > 0 and not text[start - 1].isspace()
            and end < len(text) and not text[end].isspace())
