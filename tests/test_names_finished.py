"""``inconsistent-term``'s final findings as columns pinned to ``finish``.

The batch runner takes the decider's ``finished``: columns made straight from the reported rows'
packed occurrences, with one detail tuple per row. They must be ``finish``'s findings and digests
in ``finish``'s order, whatever the text, the chunks and the glossary, with digests or without.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_names_chunks import texts as compound_texts
from test_names_paths import GLOSSARY, texts

from transreview.checks import REGISTRY, CheckContext
from transreview.checks.base import Decider, DocumentRule, LineIndex
from transreview.checks.batch import chunks
from transreview.model import Document, FindingColumns
from transreview.segment import segment_document

RULE = REGISTRY["inconsistent-term"]
assert isinstance(RULE, DocumentRule)


def judged(text: str, size: int, digests: bool, with_glossary: bool) -> Decider:
    """A decider that has taken the text's chunks of ``size``."""
    assert isinstance(RULE, DocumentRule)
    glossary = GLOSSARY if with_glossary else None
    decider = RULE.decider(glossary, LineIndex(text), digests)
    segments_before = 0
    for chunk in chunks("t.txt", text, size):
        document = Document(path="t.txt", text=chunk.text)
        segments = segment_document(document, "en")
        context = CheckContext(en=document, en_segments=segments, glossary=glossary)
        list(decider.take(RULE.gathered(context, decider.hint()), chunk.offset, segments_before,
                          decider.hint()))
        segments_before += len(segments)
    return decider


def assert_finished_is_finish(text: str, size: int, digests: bool, with_glossary: bool
                              ) -> None:
    pairs = list(judged(text, size, digests, with_glossary).finish())
    columns, finished_digests = judged(text, size, digests, with_glossary).finished()
    assert columns == FindingColumns.of(finding for finding, _ in pairs)
    assert finished_digests == [observation.digest for _, observation in pairs]


@settings(max_examples=200, deadline=None)
@given(texts() | compound_texts(), st.integers(min_value=1, max_value=400), st.booleans(),
       st.booleans())
@example("The Shanghai Pilot Free Trade Zone grew. The Shanghai Pilot Free Trade Zone won.\n"
         "The Shanghai Free Trade Pilot Zone agreed. grass-roots units.\ngrassroots work.\n"
         "Grassroots work. The Shanghai Free Trade Pilot Zone met.\n", 60, True, True)
def test_finished_columns_are_the_findings_of_finish(text: str, size: int, digests: bool,
                                                     with_glossary: bool) -> None:
    assert_finished_is_finish(text, size, digests, with_glossary)


def test_finished_shares_one_detail_per_reported_row() -> None:
    text = ("The Shanghai Pilot Free Trade Zone grew. The Shanghai Pilot Free Trade Zone won.\n"
            "The Shanghai Pilot Free Trade Zone met. The Shanghai Free Trade Pilot Zone agreed.\n"
            "The Shanghai Free Trade Pilot Zone met.\n")
    assert_finished_is_finish(text, 1 << 20, True, False)
    columns, _ = judged(text, 1 << 20, False, False).finished()
    assert len(columns) == 2
    assert columns.details[0] is columns.details[1]
