"""Findings -> reports: ``text``, ``json``, ``github``, ``junit`` and ``sarif``.

In: located findings (a finding with its file, 1-based line and column; ``end_column`` is the
column just after the span, as in SARIF) in report order, the signature and a summary. Out: a
piece of text per finding (``Renderer.item``/``items``, made where the finding is checked), and
a header and footer around the pieces: the pieces are held on disk until every input is read
(``write_held`` writes them out), then written as they come, so a large report is never held in
memory; a header that holds the summary (JUnit's) waits for all of them. No findings give a
valid, empty report in every format.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from json.encoder import encode_basestring
from typing import Any, BinaryIO, ClassVar, NamedTuple, TextIO

from transreview import __version__
from transreview.model import Detail, Finding, FindingColumns, Severity, Signature

FORMATS = ("text", "json", "github", "junit", "sarif")
_quote: Callable[[str], str] = encode_basestring
INFORMATION_URI = "https://github.com/transreview/transreview"


class Located(NamedTuple):
    """A finding placed in its file (a named tuple: one is made for every finding)."""

    path: str
    """The English file as given on the command line."""
    line: int
    """1-based line of the span's start."""
    column: int
    """1-based column (in characters) of the span's start."""
    end_line: int
    """1-based line of the span's end."""
    end_column: int
    """1-based column just after the span's last character."""
    finding: Finding
    """The finding."""
    digest: str = ""
    """Hash of the finding's segment text (for baselines)."""


@dataclass(slots=True)
class Summary:
    """Counts over a whole run."""

    files: list[str] = field(default_factory=list)
    """The files checked, in order."""
    severities: Counter[str] = field(default_factory=Counter)
    """Findings per severity."""
    rules: Counter[str] = field(default_factory=Counter)
    """Findings per rule."""
    files_with_findings: set[str] = field(default_factory=set)
    """Files that have at least one finding."""
    suppressed: int = 0
    """Findings hidden by the baseline."""
    fail_on: str = "error"
    """The severity that fails the run."""

    def add(self, path: str, rule: str, severity: str, count: int = 1) -> None:
        """Count ``count`` findings of one rule and severity in one file."""
        self.severities[severity] += count
        self.rules[rule] += count
        self.files_with_findings.add(path)

    @property
    def total(self) -> int:
        """All findings reported."""
        return sum(self.severities.values())

    @property
    def failed(self) -> bool:
        """True when a finding is at or above ``fail_on``."""
        threshold = Severity(self.fail_on).rank
        return any(count and Severity(level).rank >= threshold
                   for level, count in self.severities.items())

    def as_dict(self) -> dict[str, Any]:
        """The ``summary`` object of the JSON report."""
        return {
            "files": len(self.files),
            "findings": self.total,
            "errors": self.severities["error"],
            "warnings": self.severities["warning"],
            "infos": self.severities["info"],
            "suppressed": self.suppressed,
            "by_rule": dict(sorted(self.rules.items())),
            "fail_on": self.fail_on,
            "failed": self.failed,
        }

    def line(self) -> str:
        """One human line for stderr."""
        return (f"{self.total} finding(s): {self.severities['error']} error(s), "
                f"{self.severities['warning']} warning(s), {self.severities['info']} info "
                f"in {len(self.files)} file(s)"
                + (f"; {self.suppressed} suppressed by the baseline" if self.suppressed else ""))


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What reports say about a rule (SARIF's rule metadata)."""

    id: str
    severity: str
    description: str


def finding_json(path: str, line: int, column: int, end_line: int, end_column: int,
                 finding: Finding) -> str:
    """One finding of the JSON report, as JSON text (built directly: reports can be large);
    ``path`` is JSON text already."""
    return (f'{{"path": {path}, "line": {line}, "column": {column}, "end_line": {end_line}, '
            f'"end_column": {end_column}, '
            + _json_tail(finding.rule, finding.severity, finding.message, finding.term,
                         finding.suggestion))


def _json_tail(rule: str, severity: Severity, message: str, term: str, suggestion: str | None
               ) -> str:
    """The part of ``finding_json`` after the position, which many findings share."""
    termed = f', "term": {_quote(term)}' if term else ""
    suggested = "" if suggestion is None else f', "suggestion": {_quote(suggestion)}'
    return (f'"rule": {_quote(rule)}, "severity": "{severity._value_}", '
            f'"message": {_quote(message)}{termed}{suggested}}}')


class Renderer:
    """One report format: a header, one piece of text per finding, a footer.

    The pieces are made one at a time (in worker processes, for large runs); the header and the
    footer are made last, when the summary is complete.
    """

    separator = ""
    """Text between two findings' pieces."""
    summary_first = False
    """Whether the header holds the summary (then the pieces wait until it is complete)."""

    def header(self, signature: Signature, summary: Summary, rules: Sequence[RuleInfo]) -> str:
        """Text before the first finding."""
        return ""

    def item(self, item: Located) -> str:
        """The text of one finding."""
        raise NotImplementedError

    def items(self, path: str, spans: Iterable[tuple[int, int, int, int]],
              findings: Iterable[Finding], digests: Iterable[str]) -> list[str]:
        """``item`` of many findings of one file, each with its span (line, column, end line,
        end column) and digest."""
        return [self.item(Located(path, *span, finding, digest))
                for span, finding, digest in zip(spans, findings, digests, strict=True)]

    def found_items(self, path: str, spans: Iterable[tuple[int, int, int, int]],
                    found: FindingColumns, digests: Iterable[str]) -> list[str]:
        """``items`` of findings held as columns."""
        return self.items(path, spans, found.findings(), digests)

    def footer(self, signature: Signature, summary: Summary, rules: Sequence[RuleInfo]) -> str:
        """Text after the last finding."""
        return ""


class TextRenderer(Renderer):
    """``path:line:column: severity rule message [-> suggestion]``, one line each."""

    def item(self, item: Located) -> str:
        finding = item.finding
        line = (f"{item.path}:{item.line}:{item.column}: {finding.severity} {finding.rule} "
                f"{finding.message}")
        suggestion = finding.suggestion
        if suggestion is not None:
            plain = suggestion and suggestion == suggestion.strip()
            line += f" -> {suggestion if plain else repr(suggestion)}"
        return " ".join(line.splitlines()) + "\n"


class JsonRenderer(Renderer):
    """DESIGN's object: version, signature, findings, summary."""

    separator = ",\n  "

    def header(self, signature: Signature, summary: Summary, rules: Sequence[RuleInfo]) -> str:
        return ('{"version": ' + json.dumps(__version__) + ', "signature": '
                + json.dumps(signature.to_text()) + ', "findings": [\n  ')

    def item(self, item: Located) -> str:
        return finding_json(_quote(item.path), item.line, item.column, item.end_line,
                            item.end_column, item.finding)

    def found_items(self, path: str, spans: Iterable[tuple[int, int, int, int]],
                    found: FindingColumns, digests: Iterable[str]) -> list[str]:
        """``item`` of findings held as columns, with the part after the position made once
        for the findings that share it (a glossary's forbidden variant is reported with the
        same words again and again)."""
        quoted = _quote(path)
        tails: dict[tuple[str, Severity, Detail], str] = {}
        pieces = []
        for (line, column, end_line, end_column), rule, severity, detail in zip(
                spans, found.rules, found.severities, found.details, strict=True):
            key = (rule, severity, detail)
            tail = tails.get(key)
            if tail is None:
                tail = tails[key] = _json_tail(rule, severity, *detail)
            pieces.append(f'{{"path": {quoted}, "line": {line}, "column": {column}, '
                          f'"end_line": {end_line}, "end_column": {end_column}, {tail}')
        return pieces

    def footer(self, signature: Signature, summary: Summary, rules: Sequence[RuleInfo]) -> str:
        return '\n], "summary": ' + json.dumps(summary.as_dict(), ensure_ascii=False) + "}\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubRenderer(Renderer):
    """GitHub Actions workflow commands (annotations)."""

    _levels: ClassVar[dict[str, str]] = {"error": "error", "warning": "warning", "info": "notice"}

    def item(self, item: Located) -> str:
        finding = item.finding
        message = finding.message
        if finding.suggestion:
            message += f" (suggestion: {finding.suggestion})"
        properties = ",".join((
            f"file={_escape_property(item.path)}", f"line={item.line}", f"col={item.column}",
            f"endLine={item.end_line}", f"endColumn={item.end_column}",
            f"title={_escape_property(finding.rule)}",
        ))
        return f"::{self._levels[finding.severity._value_]} {properties}::{_escape_data(message)}\n"


def _xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot carry."""
    if all(ord(c) >= 0x20 or c in "\t\n\r" for c in text):
        return text
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)


class JunitRenderer(Renderer):
    """JUnit XML: a failing test case per finding, a passing one per clean file."""

    summary_first = True

    def header(self, signature: Signature, summary: Summary, rules: Sequence[RuleInfo]) -> str:
        from xml.sax.saxutils import quoteattr  # pulls in urllib and email: only for JUnit

        tests = summary.total + len(self._clean(summary))
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="transreview" tests="{tests}" failures="{summary.total}" '
            'errors="0">\n'
            f'  <testsuite name="transreview check" tests="{tests}" failures="{summary.total}" '
            'errors="0" skipped="0">\n'
            f'    <properties><property name="signature" value={quoteattr(signature.to_text())}'
            '/></properties>\n'
        )

    def item(self, item: Located) -> str:
        from xml.sax.saxutils import escape, quoteattr

        finding = item.finding
        name = quoteattr(f"{finding.rule} at {item.line}:{item.column}")
        body = f"{item.path}:{item.line}:{item.column}: {finding.message}"
        if finding.suggestion is not None:
            body += f"\nsuggestion: {finding.suggestion}"
        return (f"    <testcase classname={quoteattr(_xml_safe(item.path))} name={name}>\n"
                f"      <failure type={quoteattr(finding.severity.value)} "
                f"message={quoteattr(_xml_safe(finding.message))}>{escape(_xml_safe(body))}"
                "</failure>\n    </testcase>\n")

    def footer(self, signature: Signature, summary: Summary, rules: Sequence[RuleInfo]) -> str:
        from xml.sax.saxutils import quoteattr

        clean = "".join(f"    <testcase classname={quoteattr(_xml_safe(path))} "
                        'name="no findings"/>\n' for path in self._clean(summary))
        return clean + "  </testsuite>\n</testsuites>\n"

    @staticmethod
    def _clean(summary: Summary) -> list[str]:
        return [path for path in summary.files if path not in summary.files_with_findings]


class SarifRenderer(Renderer):
    """SARIF 2.1.0, one run; columns count Unicode code points."""

    separator = ",\n  "
    _levels: ClassVar[dict[str, str]] = {"error": "error", "warning": "warning", "info": "note"}

    def __init__(self, rules: Sequence[str] = ()) -> None:
        self._index = {rule: number for number, rule in enumerate(rules)}

    def header(self, signature: Signature, summary: Summary, rules: Sequence[RuleInfo]) -> str:
        driver = {
            "name": "transreview", "version": __version__, "informationUri": INFORMATION_URI,
            "rules": [
                {"id": rule.id, "shortDescription": {"text": rule.description},
                 "defaultConfiguration": {"level": self._levels[rule.severity]}}
                for rule in rules
            ],
        }
        return ('{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", '
                '"version": "2.1.0", "runs": [{"tool": {"driver": '
                + json.dumps(driver, ensure_ascii=False)
                + '}, "columnKind": "unicodeCodePoints", "properties": {"signature": '
                + json.dumps(signature.to_text()) + '}, "results": [\n  ')

    def item(self, item: Located) -> str:
        finding = item.finding
        region = {"startLine": item.line, "startColumn": item.column,
                  "endLine": item.end_line, "endColumn": item.end_column}
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "level": self._levels[finding.severity._value_],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": item.path}, "region": region}}],
        }
        if finding.rule in self._index:
            result["ruleIndex"] = self._index[finding.rule]
        if item.digest:
            result["partialFingerprints"] = {"segmentHash/v1": f"{finding.rule}:{item.digest}"}
        if finding.suggestion is not None:
            result["fixes"] = [{
                "description": {"text": f"replace with {finding.suggestion!r}"},
                "artifactChanges": [{
                    "artifactLocation": {"uri": item.path},
                    "replacements": [{"deletedRegion": region,
                                      "insertedContent": {"text": finding.suggestion}}],
                }],
            }]
        return json.dumps(result, ensure_ascii=False)

    def footer(self, signature: Signature, summary: Summary, rules: Sequence[RuleInfo]) -> str:
        return "\n]}]}\n"


def renderer(fmt: str, rules: Sequence[str] = ()) -> Renderer:
    """The renderer of format ``fmt`` (one of ``FORMATS``); ``rules`` are the enabled rule ids."""
    if fmt == "sarif":
        return SarifRenderer(rules)
    renderers: dict[str, type[Renderer]] = {
        "text": TextRenderer, "json": JsonRenderer, "github": GithubRenderer,
        "junit": JunitRenderer,
    }
    return renderers[fmt]()


def write_held(out: TextIO, render: Renderer, held: BinaryIO, signature: Signature,
               summary: Summary, rules: Sequence[RuleInfo]) -> None:
    """Write the header of a report, then the findings held in ``held`` already rendered,
    joined by the separator and encoded as ``out`` encodes (its bytes copied through in blocks
    to ``out``'s buffer); the rest of the findings and the footer may follow."""
    out.write(render.header(signature, summary, rules))
    out.flush()
    held.seek(0)
    shutil.copyfileobj(held, out.buffer, 1 << 20)


def json_schema() -> dict[str, Any]:
    """The JSON schema of the ``json`` report (shipped as package data)."""
    text = files("transreview").joinpath("schema/findings.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
