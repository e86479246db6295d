"""``inconsistent-term``'s decider pinned to its plain forms.

The glossary rows of all the written forms are looked up in one search over the forms joined by
a separator: each must be what a search of the form alone gives. The rows a part hands to the
decider (made without ``Observation`` objects) must be those of its observations.
"""

from __future__ import annotations

import pickle

from hypothesis import example, given, settings
from hypothesis import strategies as st

from transreview.checks import REGISTRY, CheckContext
from transreview.checks.base import DocumentRule, LineIndex
from transreview.checks.names import _SEPARATOR, _Variants
from transreview.glossary import Glossary
from transreview.model import Document, Term
from transreview.segment import segment_document

GLOSSARY = Glossary.from_terms([
    Term(zh="", en=("Shanghai Pilot Free Trade Zone",), forbidden=("Shanghai FTZ",)),
    Term(zh="", en=("Center for Urban Operation", "Center of Urban Operation")),
    Term(zh="", en=("mega city", "megacity"), forbidden=("mega-city",)),
    Term(zh="", en=("Party",), case_sensitive=True),
    Term(zh="", en=("city",)),
    Term(zh="", en=("Pudong",), forbidden=("Pu dong",)),
    Term(zh="", en=("São Paulo", "Zoë")),
    Term(zh="", en=("People's Congress",)),
    Term(zh="", en=("x",)),
    Term(zh="", en=("Trade Zone",)),
])
"""Renderings with plural, possessive and ``-ies`` forms, case rules, forbidden variants,
non-ASCII letters, one letter and renderings within renderings."""

PIECES = ["Shanghai", "Pilot", "Free", "Trade", "Zone", "Zones", "FTZ", "Center", "for", "of",
          "Urban", "Operation", "mega", "city", "cities", "megacity", "megacities", "mega-city",
          "Mega-City", "Party", "party", "Parties", "Pudong", "Pudong's", "Pu", "dong", "São",
          "Paulo", "Zoë", "ZOË", "People's", "People’s", "Congress", "x", "X", "xs", "İstanbul",
          ";", "\u037e", "-", "'s", "s", "es"]

SPACES = ["", " ", "  ", "\t", " \t "]


@st.composite
def surfaces(draw: st.DrawFn) -> str:
    """A written form: pieces of renderings and their endings, joined by spaces or not."""
    parts = draw(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SPACES)),
                          min_size=1, max_size=6))
    return "".join(piece + space for piece, space in parts).strip() or "x"


def rule() -> DocumentRule:
    made = REGISTRY["inconsistent-term"]
    assert isinstance(made, DocumentRule)
    return made


def decider(glossary: Glossary | None) -> _Variants:
    made = rule().decider(glossary, LineIndex(""))
    assert isinstance(made, _Variants)
    return made


@settings(max_examples=300, deadline=None)
@given(st.lists(surfaces(), min_size=1, max_size=400))
@example(["Shanghai Pilot Free Trade Zone", "Shanghai FTZ", "Center of Urban Operation",
          "mega cities", "Pudong's", "São Paulo", "Trade Zone", "megacity"])
@example(["Shanghai Pilot Free Trade Zone"] * 300)
@example(["Shanghai", "Pilot Free Trade Zone", "x\u037ex", "Trade Zone"])
@example(["Shanghai Pilot Free", "Trade Zone", "mega", "city", "Pu", "dong"])
def test_forms_looked_up_together_get_the_rows_of_each_alone(forms: list[str]) -> None:
    judge = decider(GLOSSARY)
    assert judge._glossary_rows(forms) == [plain_row(form) for form in forms]
    assert [judge._row(form) for form in forms] == [plain_row(form) for form in forms]


def plain_row(surface: str) -> str | None:
    """The glossary row a surface is exactly an approved rendering of, as its one match over
    all of it says (``forbidden`` for a forbidden one)."""
    matches = GLOSSARY.find_en(surface)
    if len(matches) != 1 or (matches[0].start, matches[0].end) != (0, len(surface)):
        return None
    return "forbidden" if matches[0].kind == "forbidden" else f"glossary:{matches[0].term}"


def test_the_separator_is_matched_by_nothing() -> None:
    judge = decider(GLOSSARY)
    assert judge._row(_SEPARATOR) is None
    assert judge._glossary_rows(["Trade Zone", "Pudong"]) == ["glossary:9", "glossary:5"]


NAMES = ["Shanghai Pilot Free Trade Zone", "Shanghai Free Trade Pilot Zone", "Center of Urban "
         "Operation", "Center for Urban Operation", "grass-roots", "grassroots", "grass roots",
         "mega city", "megacity", "Pudong", "the", "work", "Zone", "São Paulo", "Sao Paulo"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from([" ", ". ", ".\n", "\n\n"])),
                min_size=1, max_size=60),
       st.booleans())
def test_a_parts_rows_are_those_of_its_observations(pieces: list[tuple[str, str]],
                                                     with_glossary: bool) -> None:
    text = "".join(name + separator for name, separator in pieces)
    document = Document(path="t.txt", text=text)
    context = CheckContext(en=document, en_segments=segment_document(document, "en"),
                           glossary=GLOSSARY if with_glossary else None)
    rows, summary = pickle.loads(pickle.dumps(rule().gathered(context)))
    observed_rows, observed_summary = rule().gather(list(rule().observe(context)))
    assert rows == observed_rows
    assert summary.strings() == observed_summary.strings()
