"""Property: the compiled matcher finds exactly what one regular expression per rendering would,
after the same longest-match-wins selection."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.glossary import Glossary
from transreview.model import Term

WORDS = ["zone", "Zone", "free", "trade", "pilot", "city", "cities", "expo", "box", "boxes",
         "the", "of", "ozone", "trader", "Pilot", "FREE"]
SEPARATORS = [" ", "  ", "\n", ", ", "-", "'s ", "’s ", "s' ", ". ", "\r\n"]
PHRASES = ["zone", "free trade", "free trade zone", "pilot free trade zone", "city", "expo",
           "box", "trade zone", "the city", "of the"]


def reference(renderings: list[str], text: str) -> list[tuple[int, int]]:
    """Spans by one regex per rendering, then longest first, leftmost first, no overlaps."""
    spans: set[tuple[int, int]] = set()
    for rendering in renderings:
        words = rendering.split()
        last = words[-1]
        endings = r"(?:es'|es’|'s|’s|s'|s’|es|s)?"
        stems = [re.escape(last) + endings]
        if len(last) > 1 and last.endswith("y") and last[-2] not in "aeiou":
            stems.append(re.escape(last[:-1]) + r"(?:ies'|ies’|ies)")
        body = r"\s+".join(map(re.escape, words[:-1]) if len(words) > 1 else [])
        tail = "(?:" + "|".join(stems) + ")"
        pattern = (r"(?<!\w)" + (body + r"\s+" if body else "") + tail + r"(?!\w)")
        for match in re.finditer(pattern, text, re.IGNORECASE):
            spans.add(match.span())
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(end <= other[0] or other[1] <= start for other in chosen):
            chosen.append((start, end))
    return sorted(chosen)


@settings(max_examples=300, deadline=None)
@given(
    renderings=st.lists(st.sampled_from(PHRASES), min_size=1, max_size=5, unique=True),
    tokens=st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)),
                    max_size=30),
)
def test_matcher_agrees_with_one_regex_per_rendering(renderings: list[str],
                                                     tokens: list[tuple[str, str]]) -> None:
    text = "".join(word + separator for word, separator in tokens)
    glossary = Glossary.from_terms([Term(zh="", en=(r,)) for r in renderings])
    found = glossary.find_en(text)
    assert [(m.start, m.end) for m in found] == reference(renderings, text)
    for match in found:
        assert match.kind == "approved"
        assert text[match.start:match.end].strip() == text[match.start:match.end]
