"""A self-contained HTML review report: one file, inline CSS and SVG, nothing fetched.

It shows counts of findings by rule and status, HTER, chrF and BLEU of the whole text, a bar
chart of findings by rule, and every edited segment with its Chinese source, a word-level diff
(diff-match-patch over word tokens, then semantic cleanup) and the findings it resolved. All
text is HTML-escaped; a Content-Security-Policy forbids any network access.
"""

from __future__ import annotations

import re
from collections import Counter
from html import escape

from transreview.export.base import Exporter
from transreview.export.units import join
from transreview.metrics import edit_metrics
from transreview.model import FindingState, ReviewSnapshot

STATUSES = ("open", "accepted", "rejected")
_COLOURS = {"open": "#c0392b", "accepted": "#27ae60", "rejected": "#95a5a6"}
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_CODE_BASE = 0xF0000

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}
h1{margin-bottom:.2em}code{font-size:90%}table{border-collapse:collapse;margin:.5em 0 1em}
th,td{border:1px solid #ccc;padding:.2em .6em;text-align:right}th:first-child,td:first-child{
text-align:left}thead th,tfoot td{background:#f3f3f3}.segment{border-top:1px solid #ddd;
padding:.5em 0}.zh{color:#444}.diff{font-size:105%}ins{background:#d4f7d4;color:#05570a;
text-decoration:none}del{background:#fbd3d3;color:#8a1010}.resolved{margin:.2em 0;color:#333}
.legend span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;vertical-align:-.1em}
""".replace("\n", "")


def word_diff(before: str, after: str) -> list[tuple[int, str]]:
    """diff-match-patch diff of two texts over word tokens, semantically cleaned up.

    Each distinct token (word, run of spaces, punctuation mark) becomes one private-use
    character, so the character diff is a word diff; -1 deleted, 1 inserted, 0 kept. No time
    limit, so the diff does not depend on the machine's load.
    """
    from diff_match_patch import diff_match_patch

    vocabulary: dict[str, str] = {}
    tokens: list[str] = []

    def encode(text: str) -> str:
        codes = []
        for token in _TOKEN.findall(text):
            if token not in vocabulary:
                vocabulary[token] = chr(_CODE_BASE + len(tokens))
                tokens.append(token)
            codes.append(vocabulary[token])
        return "".join(codes)

    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    diffs = engine.diff_main(encode(before), encode(after), False)
    engine.diff_cleanupSemantic(diffs)
    return [(op, "".join(tokens[ord(code) - _CODE_BASE] for code in text)) for op, text in diffs]


def _diff_html(before: str, after: str) -> str:
    tags = {-1: "del", 1: "ins"}
    out = []
    for op, text in word_diff(before, after):
        out.append(escape(text) if op == 0 else f"<{tags[op]}>{escape(text)}</{tags[op]}>")
    return "".join(out)


def _counts_table(counts: dict[str, Counter[str]]) -> str:
    rows = []
    for rule in sorted(counts):
        cells = "".join(f'<td data-status="{s}">{counts[rule][s]}</td>' for s in STATUSES)
        total = sum(counts[rule].values())
        rows.append(f'<tr data-rule="{escape(rule)}"><td>{escape(rule)}</td>{cells}'
                    f'<td data-status="total">{total}</td></tr>')
    totals = Counter[str]()
    for counter in counts.values():
        totals.update(counter)
    foot = "".join(f'<td data-status="{s}">{totals[s]}</td>' for s in STATUSES)
    head = "".join(f"<th>{s}</th>" for s in STATUSES)
    return (f'<table id="findings-by-rule"><thead><tr><th>rule</th>{head}<th>total</th></tr>'
            f'</thead><tbody>{"".join(rows)}</tbody><tfoot><tr data-rule="all"><td>all rules</td>'
            f'{foot}<td data-status="total">{sum(totals.values())}</td></tr></tfoot></table>')


def _chart(counts: dict[str, Counter[str]]) -> str:
    """A horizontal stacked bar per rule (open, accepted, rejected), as inline SVG."""
    label, width, height, gap = 170, 380, 20, 8
    most = max((sum(c.values()) for c in counts.values()), default=0) or 1
    rows = []
    for row, rule in enumerate(sorted(counts)):
        y = row * (height + gap)
        rows.append(f'<text x="0" y="{y + 15}" font-size="13">{escape(rule)}</text>')
        x = float(label)
        for status in STATUSES:
            count = counts[rule][status]
            if not count:
                continue
            length = width * count / most
            rows.append(f'<rect class="bar" data-rule="{escape(rule)}" data-status="{status}" '
                        f'data-count="{count}" x="{x:.1f}" y="{y}" width="{length:.1f}" '
                        f'height="{height}" fill="{_COLOURS[status]}"><title>{escape(rule)}: '
                        f"{count} {status}</title></rect>")
            x += length
        rows.append(f'<text x="{x + 6:.1f}" y="{y + 15}" font-size="13">'
                    f"{sum(counts[rule].values())}</text>")
    total_height = max(len(counts) * (height + gap), height)
    legend = "".join(f'<span style="background:{_COLOURS[s]}"></span>{s}' for s in STATUSES)
    return (f'<svg id="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
            f'aria-label="findings by rule" width="{label + width + 40}" '
            f'height="{total_height}">{"".join(rows)}</svg><p class="legend">{legend}</p>')


def _resolved(snapshot: ReviewSnapshot, segment: int) -> list[FindingState]:
    """Findings an edit of ``segment`` resolved, or accepted findings on it, by id order."""
    named = {edit.finding for edit in snapshot.edits if edit.segment == segment and edit.finding}
    return [
        state for state in snapshot.findings
        if state.id in named or (state.finding.segment == segment and state.status == "accepted")
    ]


def _edited_segments(snapshot: ReviewSnapshot, hters: tuple[float, ...]) -> str:
    zh_of: dict[int, str] = {}
    if snapshot.zh is not None:
        for bead in snapshot.beads:
            parts = [snapshot.zh_segments[i] for i in bead.zh]
            text = join(snapshot.zh.text, parts, [p.text for p in parts])
            zh_of.update((index, text) for index in bead.en)
    out = []
    for state in snapshot.segments:
        if state.current == state.original:
            continue
        resolved = "".join(
            f'<li data-finding="{escape(f.id)}"><code>{escape(f.finding.rule)}</code> '
            f"({escape(f.status)}): {escape(f.finding.message)}</li>"
            for f in _resolved(snapshot, state.index)
        )
        zh = zh_of.get(state.index)
        source = f'<p class="zh" lang="zh-CN">{escape(zh)}</p>' if zh else ""
        findings = f'<ul class="resolved">{resolved}</ul>' if resolved else ""
        out.append(f'<article class="segment" id="segment-{state.index}" '
                   f'data-segment="{state.index}"><h3>Segment {state.index + 1} '
                   f'<small>HTER <span class="hter">{hters[state.index]:.2f}</span></small></h3>'
                   f"{source}"
                   f'<p class="diff" lang="en">{_diff_html(state.original, state.current)}</p>'
                   f"{findings}</article>")
    return "".join(out) or "<p>No segment was edited.</p>"


def render(snapshot: ReviewSnapshot) -> bytes:
    """The report as one UTF-8 HTML file."""
    original = [s.original for s in snapshot.segments]
    metrics = edit_metrics(original, [s.current for s in snapshot.segments])
    counts: dict[str, Counter[str]] = {}
    for state in snapshot.findings:
        counts.setdefault(state.finding.rule, Counter())[state.status] += 1
    reviewed = sum(1 for s in snapshot.segments if s.status != "unreviewed")
    zh = f" · Chinese: <code>{escape(snapshot.zh.path)}</code>" if snapshot.zh else ""
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Review report: {escape(snapshot.en.path)}</title><style>{_STYLE}</style></head>
<body><h1>Review report</h1>
<p>English: <code>{escape(snapshot.en.path)}</code>{zh}</p>
<p>Signature: <code id="signature">{escape(snapshot.signature.to_text())}</code></p>
<h2>Summary</h2>
<table id="summary"><tbody>
<tr><th>segments</th><td id="segments-total">{len(snapshot.segments)}</td></tr>
<tr><th>reviewed</th><td id="segments-reviewed">{reviewed}</td></tr>
<tr><th>edited</th><td id="segments-edited">{metrics.edited}</td></tr>
<tr><th>HTER</th><td id="metric-hter">{metrics.hter:.2f}</td></tr>
<tr><th>chrF</th><td id="metric-chrf">{metrics.chrf:.2f}</td></tr>
<tr><th>BLEU</th><td id="metric-bleu">{metrics.bleu:.2f}</td></tr>
</tbody></table>
<h2>Findings by rule and status</h2>
{_counts_table(counts)}
{_chart(counts)}
<h2>Edited segments</h2>
<section id="edits">{_edited_segments(snapshot, metrics.segment_hter)}</section>
</body></html>
"""
    return page.encode("utf-8")


EXPORTER = Exporter("html", "a self-contained HTML review report (counts, metrics, chart, diffs)",
                    ".html", False, render)
