"""``script_counts`` counts each distinct character once: the same counts as one pass of each
pattern over the text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from transreview.ingest import _HAN, _LATIN, _LETTER, _SCRIPT_SAMPLE, _count, script_counts

TRICKY = "aZ×÷ÀɏＡｚ上海\u9ffe\U00020001\U0003134f中文Ω٣_3 \n—\udc80"
"""Latin-range signs that are not letters (× ÷), full-width Latin, Han at the edges of its
ranges (some unassigned), a Greek letter, an Arabic digit, the underscore, a lone surrogate."""


def _plain(text: str) -> tuple[int, int, int]:
    sample = text[:_SCRIPT_SAMPLE]
    han, latin = _count(_HAN, sample), _count(_LATIN, sample)
    return han, latin, max(_count(_LETTER, sample) - han - latin, 0)


@given(st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=300))
def test_counts_equal_one_pass_of_each_pattern(text: str) -> None:
    assert script_counts(text) == _plain(text)


def test_only_the_sample_is_counted() -> None:
    text = "a" * _SCRIPT_SAMPLE + "上海" * 50
    assert script_counts(text) == _plain(text) == (0, _SCRIPT_SAMPLE, 0)
    assert script_counts(TRICKY * 3) == _plain(TRICKY * 3)
