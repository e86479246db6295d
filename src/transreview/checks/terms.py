"""Glossary rules: forbidden variants in the English, source terms with no approved rendering."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate

from transreview.checks.base import CheckContext, Rule, register
from transreview.glossary import Glossary
from transreview.model import Detail, Finding, FindingColumns, Segment, Severity, Term

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

    A replacement that has capitals of its own (a proper name) keeps them.
    """
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
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
        details = []
        for start, end, row, suffix in zip(matches.start, matches.end, matches.term,
                                           matches.suffix, strict=True):
            original = text[start:end]
            key = (row, original, suffix)
            detail = said.get(key)
            if detail is None:
                term = terms[row]
                note = f" ({term.note})" if term.note else ""
                detail = said[key] = (
                    f"{original!r} is a forbidden variant; use {term.en[0]!r}{note}",
                    original, preferred_for(term, original, suffix),
                )
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
    description = "a glossary source term has none of its approved renderings in the translation"

    def run(self, context: CheckContext) -> Iterator[Finding]:
        glossary, alignment = context.glossary, context.alignment
        if glossary is None or alignment is None:
            return
        matches = context.en_matches()
        starts, terms = matches.start, matches.term
        source_terms = _terms_by_sentence(glossary, alignment.zh)
        for bead in alignment.beads:
            if not bead.zh or not bead.en:
                continue
            first, last = alignment.en[bead.en[0]], alignment.en[bead.en[-1]]
            low, high = bisect_left(starts, first.start), bisect_left(starts, last.end)
            present = set(terms[low:high])
            english = ""
            reported: set[int] = set()
            for index in bead.zh:
                for term_index in source_terms[index]:
                    if term_index in present or term_index in reported:
                        continue
                    reported.add(term_index)
                    term = glossary.terms[term_index]
                    english = english or context.en.text[first.start : last.end].casefold()
                    if _inside_longer_match(term.en, english):
                        continue
                    yield Finding(
                        rule=self.id, severity=self.severity,
                        message=f"source term {term.zh!r} is not rendered as "
                                f"{' or '.join(map(repr, term.en))}",
                        start=first.start, end=first.end, segment=first.index,
                        term=term.zh, suggestion=None, zh_segment=index,
                    )


def _terms_by_sentence(glossary: Glossary, sentences: Sequence[Segment]) -> list[list[int]]:
    """The glossary source terms found in each sentence, in order: one search of the sentences
    joined by line feeds, which no term holds, so no match runs from one sentence into the
    next and each is what a search of its sentence alone finds."""
    joined = "\n".join(sentence.text for sentence in sentences)
    starts = list(accumulate((len(sentence.text) + 1 for sentence in sentences), initial=0))
    found: list[list[int]] = [[] for _ in sentences]
    for start, _, term_index in glossary.find_zh(joined):
        found[bisect_right(starts, start) - 1].append(term_index)
    return found


def _inside_longer_match(renderings: tuple[str, ...], english: str) -> bool:
    """Whether an approved rendering occurs in the (casefolded) English all the same: inside a
    longer glossary match ("Pudong" in "Pudong New Area"), which longest-match-wins hides."""
    return any(" ".join(rendering.casefold().split()) in " ".join(english.split())
               for rendering in renderings)
