"""``inconsistent-term``'s name candidates of a run pinned to a plain reading of the rules.

The rule reads each run's words once and takes its pieces as ranges of them; the plain form below
works on lists of tokens, piece by piece, as the rules are stated: they must give the same
candidates for every run, sentence-initial or not, cut by its sentence's end or not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hypothesis import example, given, settings
from hypothesis import strategies as st

from transreview.checks.names import (
    _ARTICLES,
    _CONNECTORS,
    _FUNCTION,
    _STARTERS,
    _shapes,
    _simple_name,
    singular,
)

Token = tuple[str, int, int]
Shape = tuple[str, int, int, str, tuple[str, ...]]


def content_words(tokens: list[Token]) -> int:
    return sum(1 for text, _, _ in tokens if text.lower() not in _FUNCTION)


def plain_pieces(run: list[Token]) -> Iterator[list[Token]]:
    """The run, its connector-free pieces, and each tail of it that starts after a connector."""
    yield run
    for position, token in enumerate(run):
        if token[0] in _CONNECTORS:
            continue
        if position and run[position - 1][0] not in _CONNECTORS:
            continue
        end = position
        while end < len(run) and run[end][0] not in _CONNECTORS:
            end += 1
        if position == 0:
            if end < len(run):
                yield run[:end]
            continue
        yield run[position:end]
        if end < len(run):
            yield run[position:]


def plain_names(text: str, run: list[Token], initial: bool) -> Iterator[Shape]:
    while run and run[-1][0] in _CONNECTORS:
        run = run[:-1]
    if run and run[0][0].lower() in _ARTICLES:
        run, initial = run[1:], False
    if initial and run and (run[0][0].lower() in _STARTERS or run[0][0].endswith(("ing", "ed"))):
        run, initial = run[1:], False
    while run and run[0][0] in _CONNECTORS:
        run = run[1:]
    if content_words(run) < 2:
        return
    for piece in plain_pieces(run):
        if content_words(piece) < 2:
            continue
        words = [word.lower().replace("’", "'") for word, _, _ in piece]
        written = words[-1]
        words[-1] = singular(written)
        plural = words[-1] != written and not written.endswith("'s")
        start, end = piece[0][1], piece[-1][2]
        if words[-1] != written and not plural:
            end -= 2
        first = "1" if initial and piece[0] == run[0] else "0"
        yield (" ".join(words), start, end, text[start:end],
               ("name", first, "s" if plural else "", ""))


def plain_shapes(run: str, initial: bool, cut: int) -> list[Shape]:
    simple = None if cut else _simple_name(run, initial)
    if simple is not None:
        key, plural = simple
        return [(key, 0, len(run), run, ("name", "1" if initial else "0",
                                         "s" if plural else "", ""))]
    tokens = [(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", run)
              if not cut or m.end() <= cut]
    shapes: list[Shape] = []
    part: list[Token] = []
    for token in tokens:
        part.append(token)
        owner = token[0].lower().replace("’", "'") not in ("people's", "women's", "children's",
                                                          "men's")
        if token[0].endswith(("'s", "’s")) and owner:
            shapes += plain_names(run, part, initial)
            part, initial = [], False
    shapes += plain_names(run, part, initial)
    return shapes


WORDS = ["Shanghai", "Pilot", "Free", "Trade", "Zone", "Zones", "Center", "Cities", "Cities'",
         "People's", "People’s", "Women's", "Party’s", "China's", "Congress", "of", "for", "and",
         "on", "the", "Of", "For", "The", "A", "An", "a", "In", "Being", "Reporting", "Opened",
         "However", "Today", "First", "New", "Boxes", "Bus", "İstanbul", "São", "X"]
"""Capitalised words, plurals and possessives, connectors (and their capitalised forms, which
are not connectors), articles, sentence starters and ``-ing``/``-ed`` words."""


@st.composite
def runs(draw: st.DrawFn) -> tuple[str, int]:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=9))
    spaces = draw(st.lists(st.sampled_from([" ", "  ", "\t", " \t"]), min_size=len(words),
                           max_size=len(words)))
    run = "".join(word + space for word, space in zip(words, spaces, strict=True)).rstrip()
    return run, draw(st.integers(min_value=0, max_value=len(run)))


@settings(max_examples=1000, deadline=None)
@given(runs(), st.booleans())
@example(("The Center of the Shanghai Pilot Free Trade Zone of Boxes", 0), True)
@example(("Being People's Congress for the Shanghai Free Trade and Pilot Zone's Cities", 30),
         True)
@example(("Shanghai of the of Pilot Zone on Trade Center for", 0), False)
def test_a_runs_candidates_are_the_plain_readings(run_cut: tuple[str, int], initial: bool
                                                  ) -> None:
    run, cut = run_cut
    assert list(_shapes(run, initial, cut)) == plain_shapes(run, initial, cut)
