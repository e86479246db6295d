"""Findings -> reports: ``text``, ``json``, ``github``, ``junit`` and ``sarif``.

In: located findings (a finding with its file, 1-based line and column; ``end_column`` is the
column just after the span, as in SARIF) in report order, the signature and a summary. Out: text
written to a stream, one finding at a time, so a large report never has to be held in memory.
An empty list of findings gives a valid, empty report in every format.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any, TextIO
from xml.sax.saxutils import escape, quoteattr

from transreview import __version__
from transreview.model import Finding, Severity, Signature

FORMATS = ("text", "json", "github", "junit", "sarif")
INFORMATION_URI = "https://github.com/transreview/transreview"


@dataclass(frozen=True, slots=True)
class Located:
    """A finding placed in its file."""

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

    def add(self, located: Located) -> None:
        """Count one finding."""
        self.severities[located.finding.severity.value] += 1
        self.rules[located.finding.rule] += 1
        self.files_with_findings.add(located.path)

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


Writer = Callable[[TextIO, Iterable[Located], Signature, Summary, Sequence[RuleInfo]], None]


def finding_dict(item: Located) -> dict[str, Any]:
    """One finding of the JSON report."""
    finding = item.finding
    record: dict[str, Any] = {
        "path": item.path, "line": item.line, "column": item.column,
        "end_line": item.end_line, "end_column": item.end_column,
        "rule": finding.rule, "severity": finding.severity.value, "message": finding.message,
    }
    if finding.term:
        record["term"] = finding.term
    if finding.suggestion is not None:
        record["suggestion"] = finding.suggestion
    return record


def _text(out: TextIO, items: Iterable[Located], signature: Signature, summary: Summary,
          rules: Sequence[RuleInfo]) -> None:
    for item in items:
        finding = item.finding
        line = (f"{item.path}:{item.line}:{item.column}: {finding.severity.value} {finding.rule} "
                f"{finding.message}")
        suggestion = finding.suggestion
        if suggestion is not None:
            plain = suggestion and suggestion == suggestion.strip()
            line += f" -> {suggestion if plain else repr(suggestion)}"
        out.write(" ".join(line.split("\n")) + "\n")


def _json(out: TextIO, items: Iterable[Located], signature: Signature, summary: Summary,
          rules: Sequence[RuleInfo]) -> None:
    out.write('{"version": ' + json.dumps(__version__) + ', "signature": '
              + json.dumps(signature.to_text()) + ', "findings": [')
    separator = "\n  "
    for item in items:
        out.write(separator + json.dumps(finding_dict(item), ensure_ascii=False))
        separator = ",\n  "
    out.write('\n], "summary": ' + json.dumps(summary.as_dict(), ensure_ascii=False) + "}\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(out: TextIO, items: Iterable[Located], signature: Signature, summary: Summary,
            rules: Sequence[RuleInfo]) -> None:
    levels = {"error": "error", "warning": "warning", "info": "notice"}
    for item in items:
        finding = item.finding
        message = finding.message
        if finding.suggestion:
            message += f" (suggestion: {finding.suggestion})"
        properties = ",".join((
            f"file={_escape_property(item.path)}", f"line={item.line}", f"col={item.column}",
            f"endLine={item.end_line}", f"endColumn={item.end_column}",
            f"title={_escape_property(finding.rule)}",
        ))
        out.write(f"::{levels[finding.severity.value]} {properties}::{_escape_data(message)}\n")


def _junit(out: TextIO, items: Iterable[Located], signature: Signature, summary: Summary,
           rules: Sequence[RuleInfo]) -> None:
    clean = [path for path in summary.files if path not in summary.files_with_findings]
    failing = summary.total
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<testsuites name="transreview" tests="{failing + len(clean)}" '
              f'failures="{failing}" errors="0">\n')
    out.write(f'  <testsuite name="transreview check" tests="{failing + len(clean)}" '
              f'failures="{failing}" errors="0" skipped="0">\n')
    out.write(f'    <properties><property name="signature" value={quoteattr(signature.to_text())}'
              f'/></properties>\n')
    for item in items:
        finding = item.finding
        name = quoteattr(f"{finding.rule} at {item.line}:{item.column}")
        body = f"{item.path}:{item.line}:{item.column}: {finding.message}"
        if finding.suggestion is not None:
            body += f"\nsuggestion: {finding.suggestion}"
        out.write(f"    <testcase classname={quoteattr(item.path)} name={name}>\n"
                  f"      <failure type={quoteattr(finding.severity.value)} "
                  f"message={quoteattr(finding.message)}>{escape(_xml_safe(body))}</failure>\n"
                  f"    </testcase>\n")
    for path in clean:
        out.write(f'    <testcase classname={quoteattr(path)} name="no findings"/>\n')
    out.write("  </testsuite>\n</testsuites>\n")


def _xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot carry."""
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20) if any(
        ord(c) < 0x20 for c in text) else text


def _sarif(out: TextIO, items: Iterable[Located], signature: Signature, summary: Summary,
           rules: Sequence[RuleInfo]) -> None:
    levels = {"error": "error", "warning": "warning", "info": "note"}
    index = {rule.id: number for number, rule in enumerate(rules)}
    driver = {
        "name": "transreview", "version": __version__, "informationUri": INFORMATION_URI,
        "rules": [
            {"id": rule.id, "shortDescription": {"text": rule.description},
             "defaultConfiguration": {"level": levels[rule.severity]}}
            for rule in rules
        ],
    }
    head = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
    }
    out.write(json.dumps(head)[:-1] + ', "runs": [{"tool": {"driver": ')
    out.write(json.dumps(driver, ensure_ascii=False))
    out.write('}, "columnKind": "unicodeCodePoints", "properties": {"signature": '
              + json.dumps(signature.to_text()) + '}, "results": [')
    separator = "\n  "
    for item in items:
        finding = item.finding
        region = {"startLine": item.line, "startColumn": item.column,
                  "endLine": item.end_line, "endColumn": item.end_column}
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "level": levels[finding.severity.value],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": item.path}, "region": region}}],
        }
        if finding.rule in index:
            result["ruleIndex"] = index[finding.rule]
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
        out.write(separator + json.dumps(result, ensure_ascii=False))
        separator = ",\n  "
    out.write("\n]}]}\n")


WRITERS: dict[str, Writer] = {
    "text": _text, "json": _json, "github": _github, "junit": _junit, "sarif": _sarif,
}


def write_report(fmt: str, out: TextIO, items: Iterable[Located], signature: Signature,
                 summary: Summary, rules: Sequence[RuleInfo]) -> None:
    """Write the report in format ``fmt`` (one of ``FORMATS``) to ``out``."""
    WRITERS[fmt](out, items, signature, summary, rules)


def json_schema() -> dict[str, Any]:
    """The JSON schema of the ``json`` report (shipped as package data)."""
    text = files("transreview").joinpath("schema/findings.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
