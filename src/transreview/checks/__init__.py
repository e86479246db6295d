"""Alignment x Glossary -> Findings: one small class per rule, in a registry.

In: a ``CheckContext`` (the English document and segments; optionally the Chinese source, the
alignment and the glossary) and a list of rule ids (``enabled_rules``). Out: ``Finding`` objects
with character offsets into the English text. An empty document gives no findings. The CLI's
``--select``/``--ignore``, ``--help`` and the docs all read ``REGISTRY``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from transreview.checks import duplicate, names, source, terms, text
from transreview.checks.base import (
    REGISTRY,
    CheckContext,
    Decider,
    DocumentRule,
    LineIndex,
    Observation,
    Rule,
    text_digest,
)
from transreview.errors import UsageError
from transreview.model import Finding

__all__ = [
    "REGISTRY",
    "CheckContext",
    "Decider",
    "DocumentRule",
    "LineIndex",
    "Observation",
    "Rule",
    "enabled_rules",
    "run_checks",
    "text_digest",
]

_MODULES = (text, terms, duplicate, names, source)
"""The modules whose import registers the rules."""

_ORDER = ("forbidden-term", "inconsistent-term", "duplicate-segment", "untranslated",
          "repeated-word", "unbalanced-pair", "whitespace", "missing-term", "number-mismatch",
          "omission", "addition", "length-ratio")
"""The order of rules in help, signatures and reports: English-only rules first."""

_registered = dict(REGISTRY)
REGISTRY.clear()
REGISTRY.update(sorted(_registered.items(), key=lambda item: (
    _ORDER.index(item[0]) if item[0] in _ORDER else len(_ORDER), item[0])))


def _known(ids: Collection[str], option: str) -> None:
    unknown = sorted(set(ids) - set(REGISTRY))
    if unknown:
        raise UsageError(
            f"{option}: unknown rule id(s) {', '.join(unknown)} (known: {', '.join(REGISTRY)})")


def enabled_rules(select: Collection[str] | None = None, ignore: Collection[str] = (),
                  with_source: bool = False) -> list[str]:
    """Rule ids to run, in registry order: ``select`` (default all) minus ``ignore``.

    Rules that need the Chinese source are left out without one. Unknown ids are a
    ``UsageError``.
    """
    if select is not None:
        _known(select, "--select")
    _known(ignore, "--ignore")
    chosen = REGISTRY if select is None else set(select)
    return [
        rule_id for rule_id, rule in REGISTRY.items()
        if rule_id in chosen and rule_id not in ignore and (with_source or not rule.needs_source)
    ]


def run_checks(context: CheckContext, rules: Collection[str]) -> Iterator[Finding]:
    """Findings of the given rules, rule by rule in registry order."""
    for rule_id, rule in REGISTRY.items():
        if rule_id in rules:
            yield from rule.run(context)
