"""addition against a plain reference that looks for stray paragraphs in every bead with a
source."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.checks import CheckContext
from transreview.checks.source import Addition
from transreview.model import Alignment, Bead, Document, Finding, Segment

WORDS = ["Short.", "Two words.", "A much longer sentence of more than eight words, it seems."]


def reference(alignment: Alignment) -> list[Finding]:
    """Each English sentence of no bead with a source, and the stray paragraphs of every bead
    with one."""
    rule = Addition()
    found: list[Finding] = []
    for bead in alignment.beads:
        if bead.zh:
            found += rule._stray_paragraph(alignment, bead)
            continue
        found += [Finding(
            rule=rule.id, severity=rule.severity,
            message="this sentence has no counterpart in the source",
            start=alignment.en[index].start, end=alignment.en[index].end, segment=index,
            term=alignment.en[index].text) for index in bead.en]
    return found


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.integers(0, 2)), min_size=1, max_size=10),
       st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3)), max_size=8))
def test_additions_are_those_of_every_bead(english: list[tuple[str, int]],
                                           shapes: list[tuple[int, int]]) -> None:
    en, paragraph, position = [], 0, 0
    for index, (text, step) in enumerate(english):
        paragraph += step
        en.append(Segment(index, position, position + len(text), text, paragraph))
        position += len(text) + 1
    zh = tuple(Segment(n, 0, 1, "一", n // 2) for n in range(12))
    beads, i, j = [], 0, 0
    for a, b in shapes:
        if (a, b) == (0, 0) or j + b > len(en) or i + a > len(zh):
            continue
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b
    alignment = Alignment(zh, tuple(en), tuple(beads))
    context = CheckContext(en=Document(path="t", text=" ".join(t for t, _ in english)),
                           en_segments=tuple(en), zh_segments=zh, alignment=alignment)
    assert list(Addition().run(context)) == reference(alignment)
