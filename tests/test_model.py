"""The data model's hand-written constructors match the dataclasses they belong to."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from transreview.model import Finding, Segment, Severity


@pytest.mark.parametrize("cls", [Segment, Finding])
def test_init_takes_exactly_the_fields_with_their_defaults(cls: type) -> None:
    parameters = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in parameters] == [f.name for f in fields]
    assert [p.default for p in parameters] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        for f in fields]


def test_instances_are_set_frozen_equal_and_picklable() -> None:
    segment = Segment(3, 10, 14, "Text", 1)
    finding = Finding("whitespace", Severity.WARNING, "m", 1, 2, segment=3, term="t")
    assert (segment.index, segment.start, segment.end, segment.text, segment.paragraph) == (
        3, 10, 14, "Text", 1)
    assert (finding.segment, finding.term, finding.suggestion, finding.zh_segment) == (
        3, "t", None, None)
    for made in (segment, finding):
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.start = 0  # type: ignore[misc]
        assert pickle.loads(pickle.dumps(made)) == made
        assert dataclasses.replace(made, start=5).start == 5
    assert segment == Segment(3, 10, 14, "Text", 1) != Segment(3, 10, 14, "Text", 2)
    assert hash(finding) == hash(Finding("whitespace", Severity.WARNING, "m", 1, 2, 3, "t"))
