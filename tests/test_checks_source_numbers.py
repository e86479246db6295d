"""number-mismatch against a plain reference that judges every bead, numbers or not, and the
value key against plain rounding."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.checks import REGISTRY, CheckContext
from transreview.checks.source import _incidental_en, _incidental_zh, _value_key
from transreview.model import Alignment, Bead, Document, Finding, Segment
from transreview.numbers import has_counterpart, numbers_en, numbers_zh

ZH = ["上海很大。", "共有3个区。", "增长了百分之三十。", "二〇二一年七月一日。", "第19届会议。",
      "两个人。", "约2500万人。", "有1.5倍。", "一个城市。"]
EN = ["Shanghai is big.", "There are 3 districts.", "It grew by 30%.", "On 1 July 2021.",
      "The 19th session.", "Two people.", "About 25 million people.", "It is 1.5 times.",
      "One city.", "COVID-19 came.", "He has 4 cats."]


def reference(alignment: Alignment) -> list[Finding]:
    """Every bead with both sides judged in turn: each side's numbers, less the incidental
    ones, need an equal value or a counterpart on the other side."""
    found = []
    for bead in alignment.beads:
        if not bead.zh or not bead.en:
            continue
        zh = [(m, i) for i in bead.zh for m in numbers_zh(alignment.zh[i].text)]
        en = [(m, alignment.en[i]) for i in bead.en for m in numbers_en(alignment.en[i].text)]
        zh_values = {round(m.value, 6) for m, _ in zh}
        en_values = {round(m.value, 6) for m, _ in en}
        zh_all, en_all = [m for m, _ in zh], [m for m, _ in en]
        first, last = alignment.en[bead.en[0]], alignment.en[bead.en[-1]]
        for m, i in zh:
            if _incidental_zh(m.text, m.value, m.kind) or round(m.value, 6) in en_values or (
                    has_counterpart(m, en_all)):
                continue
            en_values.add(round(m.value, 6))
            found.append(Finding(
                "number-mismatch", REGISTRY["number-mismatch"].severity,
                f"source number {m.text!r} has no equal in the translation", first.start,
                last.end, bead.en[0], m.text, None, i))
        for m, s in en:
            if _incidental_en(s.text, m.start, m.value, m.kind) or round(m.value, 6) in (
                    zh_values) or has_counterpart(m, zh_all):
                continue
            zh_values.add(round(m.value, 6))
            found.append(Finding(
                "number-mismatch", REGISTRY["number-mismatch"].severity,
                f"number {m.text!r} has no equal in the source", s.start + m.start,
                s.start + m.end, s.index, m.text, None, bead.zh[0]))
    return found


def segments(texts: list[str]) -> tuple[Segment, ...]:
    out = []
    position = 0
    for index, text in enumerate(texts):
        out.append(Segment(index, position, position + len(text), text, index))
        position += len(text) + 1
    return tuple(out)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ZH), min_size=1, max_size=12),
       st.lists(st.sampled_from(EN), min_size=1, max_size=12),
       st.lists(st.sampled_from([(1, 1), (1, 2), (2, 1), (1, 0), (0, 1), (2, 2)]), max_size=12))
def test_number_mismatch_is_every_bead_judged(
    zh_texts: list[str], en_texts: list[str], shapes: list[tuple[int, int]],
) -> None:
    """Skipping the beads without a number on either side changes nothing."""
    beads = []
    i = j = 0
    for a, b in shapes:
        if i + a > len(zh_texts) or j + b > len(en_texts):
            break
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b
    zh, en = segments(zh_texts), segments(en_texts)
    alignment = Alignment(zh, en, tuple(beads))
    context = CheckContext(
        en=Document("en", "\n".join(en_texts)), en_segments=en,
        zh=Document("zh", "\n".join(zh_texts)), zh_segments=zh, alignment=alignment)
    assert list(REGISTRY["number-mismatch"].run(context)) == reference(alignment)


@given(st.floats(allow_nan=False) | st.integers(-10**15, 10**15).map(float))
def test_value_key_is_rounding(value: float) -> None:
    assert _value_key(value) == round(value, 6)
