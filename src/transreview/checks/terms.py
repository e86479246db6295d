"""Glossary rules: forbidden variants in the English, source terms with no approved rendering."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence

from transreview.checks.base import CheckContext, Rule, register
from transreview.model import Bead, Detail, Finding, FindingColumns, Severity, Term

_MINOR_WORDS = frozenset({"a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on",
                          "or", "the", "to", "with"})


def inflect(phrase: str, ending: str) -> str:
    """``phrase`` with the plural or possessive ``ending`` found on a matched variant."""
    if not ending:
        return phrase
    mark = "’" if "’" in ending else "'"
    plural = ending.lower().rstrip("'’") in ("s", "es", "ies") and not ending.lower().startswith(
        ("'", "’"))
    if not plural:
        return phrase + mark + "s"
    if phrase[-1:].lower() == "y" and phrase[-2:-1].lower() not in tuple("aeiou"):
        result = phrase[:-1] + ("IES" if phrase[-1].isupper() else "ies")
    elif phrase.lower().endswith(("s", "x", "z", "ch", "sh")):
        result = phrase + ("ES" if phrase[-1].isupper() else "es")
    else:
        result = phrase + ("S" if phrase[-1].isupper() else "s")
    return result + mark if ending[-1] in "'’" else result


def match_case(replacement: str, original: str) -> str:
    """``replacement`` in the case of ``original``: all caps, title case or initial capital.

    A replacement that has capitals of its own (a proper name) keeps them. An abbreviation in
    capitals ("FTZ", "U.S.": one word, with a dot or of four letters at most) says nothing of
    the case its replacement takes, which stays as the glossary writes it ("Pilot Free Trade
    Zone", not "PILOT FREE TRADE ZONE"); longer text in capitals is a heading, kept so.
    """
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        abbreviation = len(original.split()) == 1 and ("." in original or len(letters) <= 4)
        return replacement if abbreviation else replacement.upper()
    if any(c.isupper() for c in replacement):
        return replacement
    words = original.replace("-", " ").split()
    title = len(words) > 1 and all(
        w[0].isupper() for w in words if w.lower() not in _MINOR_WORDS and w[0].isalpha())
    if title:
        parts = replacement.split(" ")
        return " ".join(
            p if index and p in _MINOR_WORDS else p[:1].upper() + p[1:]
            for index, p in enumerate(parts))
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def preferred_for(term: Term, original: str, ending: str) -> str:
    """The preferred rendering of ``term`` to replace ``original`` (which ended in ``ending``)."""
    preferred = inflect(term.en[0], ending)
    return preferred if term.case_sensitive else match_case(preferred, original)


@register
class ForbiddenTerm(Rule):
    """A forbidden variant of a glossary term is used."""

    id = "forbidden-term"
    severity = Severity.ERROR
    reads_glossary = True
    description = "a glossary term's forbidden variant is used (suggests the preferred rendering)"

    def run(self, context: CheckContext) -> Iterator[Finding]:
        return self.found(context).findings()

    def found(self, context: CheckContext) -> FindingColumns:
        """The findings as columns: one detail per forbidden variant as written (with its
        ending), shared by all its occurrences."""
        if context.glossary is None:
            return FindingColumns.of(())
        terms = context.glossary.terms
        text = context.en.text
        matches = context.forbidden_matches()
        said: dict[tuple[int, str, str], Detail] = {}
        # the details of the variants whose suggestion takes a capital at a sentence's start
        opening: dict[tuple[int, str, str], Detail] = {}
        details = []
        for start, end, row, suffix in zip(matches.start, matches.end, matches.term,
                                           matches.suffix, strict=True):
            original = text[start:end]
            key = (row, original, suffix)
            detail = said.get(key)
            if detail is None:
                term = terms[row]
                note = f" ({term.note})" if term.note else ""
                message = f"{original!r} is a forbidden variant; use {term.en[0]!r}{note}"
                suggestion = preferred_for(term, original, suffix)
                detail = said[key] = (message, original, suggestion)
                if (original[:1].isupper() and suggestion[:1].islower()
                        and not term.case_sensitive):
                    opening[key] = (message, original, suggestion[0].upper() + suggestion[1:])
            if key in opening and context.opens_sentence(start):
                detail = opening[key]
            details.append(detail)
        count = len(details)
        return FindingColumns([self.id] * count, [self.severity] * count, list(matches.start),
                              list(matches.end), context.segments_at(matches.start), details)


@register
class MissingTerm(Rule):
    """A source sentence has a glossary term whose approved renderings are absent in its
    translation."""

    id = "missing-term"
    severity = Severity.ERROR
    needs_source = True
    reads_glossary = True
    description = "a glossary source term has none of its approved renderings in the translation"

    def run(self, context: CheckContext) -> Iterator[Finding]:
        """A term is missing where none of its renderings is in the bead (as words or inside a
        longer match) and the glossary's matches over the whole English text have none of its
        rows in the bead: only the beads where the first test fails need the matches."""
        glossary, alignment = context.glossary, context.alignment
        if glossary is None or alignment is None:
            return
        rows, bounds = (column.tolist() for column in context.zh_terms())
        renderings = [tuple(" ".join(rendering.casefold().split()) for rendering in term.en)
                      for term in glossary.terms]
        spaced = [tuple(rendering for rendering in row if " " in rendering)
                  for row in renderings]
        text, english_sentences = context.en.text, alignment.en
        doubtful: list[tuple[Bead, list[tuple[int, int]]]] = []
        for bead in alignment.beads:
            zh_ids = bead.zh
            if not zh_ids or not bead.en:
                continue
            if len(zh_ids) == 1:
                index = zh_ids[0]
                low, high = bounds[index], bounds[index + 1]
                if low == high:
                    continue
                first_sentence = dict.fromkeys(rows[low:high], index)
            else:
                first_sentence = {}
                for index in zh_ids:
                    for row in rows[bounds[index] : bounds[index + 1]]:
                        first_sentence.setdefault(row, index)
                if not first_sentence:
                    continue
            absent = _unwritten(first_sentence, renderings, spaced, text[
                english_sentences[bead.en[0]].start : english_sentences[bead.en[-1]].end])
            if absent:
                doubtful.append((bead, absent))
        spans = [(alignment.en[bead.en[0]].start, alignment.en[bead.en[-1]].end)
                 for bead, _ in doubtful]
        for (bead, absent), matched in zip(doubtful, _present(context, spans), strict=True):
            first = alignment.en[bead.en[0]]
            for row, index in absent:
                if row in matched:
                    continue
                term = glossary.terms[row]
                yield Finding(
                    rule=self.id, severity=self.severity,
                    message=f"source term {term.zh!r} is not rendered as "
                            f"{' or '.join(map(repr, term.en))}",
                    start=first.start, end=first.end, segment=first.index,
                    term=term.zh, suggestion=None, zh_segment=index,
                )


def _unwritten(first_sentence: dict[int, int], renderings: Sequence[tuple[str, ...]],
               spaced: Sequence[tuple[str, ...]], english: str) -> list[tuple[int, int]]:
    """The items of ``first_sentence`` (row: sentence) none of whose ``renderings``
    (casefolded, whitespace runs a space; ``spaced``, those with a space) is in ``english``
    casefolded with its whitespace runs made a space: an approved rendering inside a longer
    glossary match ("Pudong" in "Pudong New Area"), which longest-match-wins hides, counts.

    A rendering in the casefolded text as it is is there once the runs are cut too, so the
    runs are only cut for the renderings with a space not found without, and only in a text
    with runs to cut: printable characters (whose only whitespace is the space) and no two
    spaces together are the text cut but for its ends, which no rendering starts or ends with.
    """
    folded = english.casefold()
    found = [(row, index) for row, index in first_sentence.items()
             if not any(map(folded.__contains__, renderings[row]))]
    if not any(spaced[row] for row, _ in found) or (
            "  " not in folded and folded.isprintable()):
        return found
    cut = " ".join(folded.split())
    return [(row, index) for row, index in found if not any(map(cut.__contains__, spaced[row]))]


def _present(context: CheckContext, spans: list[tuple[int, int]]) -> list[set[int]]:
    """The rows of ``context.en_matches`` that start in each of ``spans`` (in text order)."""
    matches = context.en_matches()
    return [set(matches.term[bisect_left(matches.start, start) : bisect_left(matches.start, end)])
            for start, end in spans]
