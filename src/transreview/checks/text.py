"""Rules that read only the English surface: Chinese left in, repeated words, pairs, spacing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from transreview.checks.base import CheckContext, Rule, register
from transreview.model import Finding, Severity

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_CJK_RUN = re.compile(f"[{_HAN}](?:[{_HAN}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]*[{_HAN}])?")
_REPEATED = re.compile(r"\b([^\W\d_]++)([ \t]++)(?=\1\b)", re.IGNORECASE)
_ALLOWED_REPEATS = frozenset({"had", "that", "is", "bye", "ha", "no", "very", "so", "far", "her",
                              "his", "this"})
_DOUBLE_SPACE = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE = re.compile(r"[ \t]+(?=[,;:!?.](?:\s|$))", re.MULTILINE)
_SPACED_MARKS = (" ,", " ;", " :", " !", " ?", " .")
"""What ``_SPACE_BEFORE`` needs, besides a tab (a quick test for clean text)."""
_PARAGRAPH = re.compile(r"\S(?:[^\r\n]*\S)?")

_OPENERS = {"(": ")", "[": "]", "{": "}", "（": "）", "【": "】", "《": "》", "「": "」",
            "『": "』", "“": "”", "‘": "’"}
_CLOSERS = {closer: opener for opener, closer in _OPENERS.items()}
_PAIR_CHARS = re.compile("[\"()\\[\\]{}（）【】《》「」『』“”‘’]")


@register
class Untranslated(Rule):
    """Chinese characters left in the English."""

    id = "untranslated"
    severity = Severity.ERROR
    description = "Chinese characters left untranslated in the English"

    def run(self, context: CheckContext) -> Iterator[Finding]:
        for match in _CJK_RUN.finditer(context.en.text):
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
        for match in _REPEATED.finditer(text):
            word = match.group(1)
            end = match.end() + len(word)
            if word.lower() in _ALLOWED_REPEATS or text[match.end()].isupper():
                continue
            if _chained(text, match.start(), end, word):
                continue
            yield self.finding(context, match.start(2), end, f"word {word!r} repeated",
                               term=context.en.text[match.end() : end], suggestion="")


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
        lines = [line.span() for line in _PARAGRAPH.finditer(text)]
        for number, (start, end) in enumerate(lines):
            following = lines[number + 1][0] if number + 1 < len(lines) else -1
            continued = following >= 0 and text[following] in '"“'
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
        if not ("\t" in text or "  " in text or any(pair in text for pair in _SPACED_MARKS)):
            return
        for match in _DOUBLE_SPACE.finditer(text):
            start, end = match.span()
            if _inside_line(text, start, end):
                yield self.finding(context, start, end, "several spaces in a row",
                                   suggestion=" ")
        for match in _SPACE_BEFORE.finditer(text):
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
