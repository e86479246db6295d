"""Rules over the aligned beads: numbers, omissions, additions and outlier length ratios."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator, Sequence
from itertools import accumulate, chain
from typing import TYPE_CHECKING

import numpy as np

from transreview.checks.base import CheckContext, Rule, register
from transreview.model import Alignment, Bead, Finding, Severity

if TYPE_CHECKING:
    from transreview.numbers import NumberMention

_MIN_BEADS_FOR_RATIO = 8
_STRAY_WORDS = 8
_RATIO_SPREAD = 4.0
_RATIO_FLOOR = math.log(2.2)


def _en_span(alignment: Alignment, bead: Bead) -> tuple[int, int]:
    return alignment.en[bead.en[0]].start, alignment.en[bead.en[-1]].end


def _quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _joined(alignment: Alignment, ids: list[int]) -> str:
    """The English sentences ``ids`` joined by a space."""
    return " ".join(alignment.en[i].text for i in ids)


def _totals(sizes: Sequence[int], groups: Sequence[Sequence[int]]) -> list[int]:
    """The sum of ``sizes`` over each of the non-empty ``groups`` of indices."""
    if not groups:
        return []
    flat = np.fromiter(chain.from_iterable(groups), dtype=np.int64)
    starts = np.fromiter(accumulate(map(len, groups), initial=0), dtype=np.int64,
                         count=len(groups) + 1)
    totals: list[int] = np.add.reduceat(np.array(sizes, dtype=np.int64)[flat],
                                        starts[:-1]).tolist()
    return totals


def _value_key(value: float) -> float:
    """``round(value, 6)``: what values are compared by (a whole number is its own key, and
    rounding one costs five times the test)."""
    return value if value.is_integer() else round(value, 6)


@register
class NumberMismatch(Rule):
    """A number on one side of a bead has no equal on the other side."""

    id = "number-mismatch"
    severity = Severity.ERROR
    needs_source = True
    description = "a number in the source or the translation has no equal on the other side"

    def run(self, context: CheckContext) -> Iterator[Finding]:
        from transreview.numbers import numbers_en, numbers_zh

        alignment = context.alignment
        if alignment is None:
            return
        zh_numbers = [numbers_zh(segment.text) for segment in alignment.zh]
        en_numbers = [numbers_en(segment.text) for segment in alignment.en]
        zh_keys, en_keys = _value_keys(zh_numbers), _value_keys(en_numbers)
        for bead in alignment.beads:
            if bead.zh and bead.en and _keys_of(zh_keys, bead.zh) != _keys_of(en_keys, bead.en):
                yield from self.judged(alignment, bead, zh_numbers, en_numbers)

    def judged(self, alignment: Alignment, bead: Bead,
               zh_numbers: Sequence[tuple[NumberMention, ...]],
               en_numbers: Sequence[tuple[NumberMention, ...]]) -> Iterator[Finding]:
        """The findings of one bead with both sides, given the numbers of every sentence (``run``
        skips the beads whose two sides hold the same values, numbers or none: each mention
        then has an equal on the other side, so they have no finding)."""
        from transreview.numbers import has_counterpart

        zh = [(m, index, _value_key(m.value)) for index in bead.zh for m in zh_numbers[index]]
        en = [(m, alignment.en[index], _value_key(m.value)) for index in bead.en
              for m in en_numbers[index]]
        zh_values = {key for _, _, key in zh}
        en_values = {key for _, _, key in en}
        zh_all, en_all = [m for m, _, _ in zh], [m for m, _, _ in en]
        start, end = _en_span(alignment, bead)
        for mention, index, key in zh:
            if key in en_values or _incidental_zh(mention.text, mention.value, mention.kind) or (
                    has_counterpart(mention, en_all)):
                continue
            en_values.add(key)
            yield Finding(
                rule=self.id, severity=self.severity,
                message=f"source number {mention.text!r} has no equal in the translation",
                start=start, end=end, segment=bead.en[0], term=mention.text,
                zh_segment=index,
            )
        for mention, segment, key in en:
            if key in zh_values or _incidental_en(
                    segment.text, mention.start, mention.value, mention.kind) or (
                    has_counterpart(mention, zh_all)):
                continue
            zh_values.add(key)
            yield Finding(
                rule=self.id, severity=self.severity,
                message=f"number {mention.text!r} has no equal in the source",
                start=segment.start + mention.start, end=segment.start + mention.end,
                segment=segment.index, term=mention.text, zh_segment=bead.zh[0],
            )


_NO_KEYS: frozenset[float] = frozenset()


def _value_keys(numbers: Sequence[tuple[NumberMention, ...]]) -> list[frozenset[float]]:
    """The value keys of each sentence's numbers."""
    return [frozenset([_value_key(m.value) for m in found]) if found else _NO_KEYS
            for found in numbers]


def _keys_of(keys: Sequence[frozenset[float]], ids: Sequence[int]) -> frozenset[float]:
    """The value keys of the sentences ``ids`` together."""
    return keys[ids[0]] if len(ids) == 1 else _NO_KEYS.union(*map(keys.__getitem__, ids))


def _incidental_zh(text: str, value: float, kind: str) -> bool:
    """A lone Chinese numeral up to ten (两, 三, 陆 ...) is too often idiom or part of a name."""
    return kind in ("number", "ordinal") and value <= 10 and not any(c.isdigit() for c in text)


def _incidental_en(text: str, start: int, value: float, kind: str) -> bool:
    """``one``/``first`` read as articles, and digits inside a name such as ``COVID-19``."""
    if kind in ("number", "ordinal") and value <= 1:
        return True
    before = text[max(0, start - 2) : start]
    return bool(before) and (before[-1].isalpha() or (before[-1] == "-" and before[:1].isalpha()))


@register
class Omission(Rule):
    """A source sentence aligned to nothing in the translation."""

    id = "omission"
    severity = Severity.ERROR
    needs_source = True
    description = "a source sentence with no translation (aligned to nothing)"

    def run(self, context: CheckContext) -> Iterator[Finding]:
        alignment = context.alignment
        if alignment is None:
            return
        position, segment = 0, None
        for bead in alignment.beads:
            if bead.en:
                last = alignment.en[bead.en[-1]]
                position, segment = last.end, last.index
                continue
            for index in bead.zh:
                source = alignment.zh[index].text
                yield Finding(
                    rule=self.id, severity=self.severity,
                    message=f"source sentence {index + 1} has no translation: {_quote(source)}",
                    start=position, end=position, segment=segment, term=source,
                    zh_segment=index,
                )


@register
class Addition(Rule):
    """An English sentence with no source sentence: aligned to nothing, a short paragraph riding
    along with another paragraph's source, or a sentence of a merged bead that its source does
    not support (``Alignment.unsupported``)."""

    id = "addition"
    severity = Severity.ERROR
    needs_source = True
    description = ("an English sentence with no source sentence (aligned to nothing, or beside "
                   "the sentences that translate its source)")

    def run(self, context: CheckContext) -> Iterator[Finding]:
        alignment = context.alignment
        if alignment is None:
            return
        unsupported = set(alignment.unsupported)
        for bead in alignment.beads:
            if bead.zh:
                if len(bead.en) > 1:
                    yield from self._stray_paragraph(alignment, bead)
                    yield from self._unsupported(alignment, bead, unsupported)
                continue
            for index in bead.en:
                segment = alignment.en[index]
                yield Finding(
                    rule=self.id, severity=self.severity,
                    message="this sentence has no counterpart in the source",
                    start=segment.start, end=segment.end, segment=index, term=segment.text,
                )

    def _unsupported(self, alignment: Alignment, bead: Bead, unsupported: set[int]
                     ) -> Iterator[Finding]:
        """The sentences of a merged bead that its source does not support
        (``Alignment.unsupported``)."""
        source = bead.zh[0] + 1
        for index in bead.en:
            if index in unsupported:
                segment = alignment.en[index]
                yield Finding(
                    rule=self.id, severity=self.severity,
                    message=f"this sentence has no counterpart in the source: it shares almost "
                            f"nothing with source sentence {source}, which the sentences beside "
                            f"it translate",
                    start=segment.start, end=segment.end, segment=index, term=segment.text,
                    zh_segment=bead.zh[0],
                )

    def _stray_paragraph(self, alignment: Alignment, bead: Bead) -> Iterator[Finding]:
        """A short English paragraph that only rides along with another paragraph's source
        (``run`` skips the beads with one English sentence, which is in one paragraph)."""
        zh_paragraphs = {alignment.zh[i].paragraph for i in bead.zh}
        by_paragraph: dict[int, list[int]] = {}
        for index in bead.en:
            by_paragraph.setdefault(alignment.en[index].paragraph, []).append(index)
        if len(by_paragraph) <= len(zh_paragraphs):
            return
        sizes = {p: sum(len(alignment.en[i].text) for i in ids) for p, ids in by_paragraph.items()}
        main = max(sizes, key=lambda p: sizes[p])
        for paragraph, ids in by_paragraph.items():
            words = sum(len(alignment.en[i].text.split()) for i in ids)
            if paragraph == main or words > _STRAY_WORDS:
                continue
            first, last = alignment.en[ids[0]], alignment.en[ids[-1]]
            yield Finding(
                rule=self.id, severity=self.severity,
                message="this short paragraph has no counterpart in the source",
                start=first.start, end=last.end, segment=first.index,
                term=_joined(alignment, ids),
            )


@register
class LengthRatio(Rule):
    """A bead whose English/Chinese length ratio is an outlier for this document."""

    id = "length-ratio"
    severity = Severity.WARNING
    needs_source = True
    description = "a bead whose length ratio is an outlier for this document (median/MAD)"

    def run(self, context: CheckContext) -> Iterator[Finding]:
        from transreview.align.features import content_lengths

        alignment = context.alignment
        if alignment is None:
            return
        zh_sizes, en_sizes = content_lengths(alignment.zh), content_lengths(alignment.en)
        paired = [bead for bead in alignment.beads if bead.zh and bead.en]
        measured = [(bead, math.log(en / zh)) for bead, zh, en in zip(
            paired, _totals(zh_sizes, [bead.zh for bead in paired]),
            _totals(en_sizes, [bead.en for bead in paired]), strict=True) if zh and en]
        if len(measured) < _MIN_BEADS_FOR_RATIO:
            return
        logs = [value for _, value in measured]
        median = statistics.median(logs)
        spread = 1.4826 * statistics.median(abs(value - median) for value in logs)
        limit = max(_RATIO_SPREAD * spread, _RATIO_FLOOR)
        typical = math.exp(median)
        for bead, value in measured:
            if abs(value - median) <= limit:
                continue
            start, end = _en_span(alignment, bead)
            which = "long" if value > median else "short"
            yield Finding(
                rule=self.id, severity=self.severity,
                message=f"translation is unusually {which} for its source: "
                        f"{math.exp(value):.1f} English characters per Chinese character "
                        f"(typical here {typical:.1f})",
                start=start, end=end, segment=bead.en[0], term=context.en.text[start:end],
                zh_segment=bead.zh[0],
            )
