"""html export: the report loaded in a real headless Chromium shows the right counts and chart."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_export_golden import sample_snapshot, unedited

from transreview.export import render
from transreview.export.report import word_diff
from transreview.model import Finding, FindingState, Severity

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install -y chromium)")


def chromium(tmp_path: Path, *args: str) -> str:
    """Run headless Chromium with no network or profile side effects; return its stdout."""
    assert CHROMIUM is not None
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


class Page(HTMLParser):
    """Collects, from a DOM dump, the text of elements by id and the attributes of chart bars."""

    def __init__(self) -> None:
        super().__init__()
        self.by_id: dict[str, str] = {}
        self.cells: dict[tuple[str, str], int] = {}
        self.bars: list[dict[str, str]] = []
        self.articles: list[str] = []
        self.tags: Counter[str] = Counter()
        self._open: list[tuple[str, str | None, str | None]] = []
        self._row: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags[tag] += 1
        if tag == "tr" and "data-rule" in values:
            self._row = values["data-rule"]
        if tag == "rect" and "bar" in values.get("class", ""):
            self.bars.append(values)
        if tag == "article":
            self.articles.append(values.get("id", ""))
        key = values.get("id") or None
        status = values.get("data-status") if tag == "td" else None
        self._open.append((tag, key, status))
        if key:
            self.by_id[key] = ""

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            name, _, _ = self._open.pop()
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, key, _ in self._open:
            if key:
                self.by_id[key] += data
        if self._open and self._open[-1][2] and self._row is not None:
            self.cells[(self._row, self._open[-1][2] or "")] = int(data)


def png_pixels(data: bytes) -> set[tuple[int, int, int]]:
    """The distinct RGB colours of an 8-bit RGB or RGBA, non-interlaced PNG."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    position, chunks, header = 8, b"", b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        header = body if kind == b"IHDR" else header
        chunks += body if kind == b"IDAT" else b""
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0
    size = 3 if colour == 2 else 4
    raw, stride, previous = zlib.decompress(chunks), width * size, bytearray(width * size)
    colours: set[tuple[int, int, int]] = set()
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - size] if i >= size else 0
            up, corner = previous[i], previous[i - size] if i >= size else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + best) & 255
        colours.update((line[i], line[i + 1], line[i + 2]) for i in range(0, stride, size))
        previous = line
    return colours


@needs_chromium
def test_report_in_headless_chromium(tmp_path: Path) -> None:
    """The counts, metrics, chart bars and edited segments the browser shows are the session's."""
    snapshot = sample_snapshot()
    report = tmp_path / "report.html"
    report.write_bytes(render(snapshot, "html"))
    page = Page()
    page.feed(chromium(tmp_path, "--dump-dom", report.as_uri()))
    assert page.by_id["segments-total"] == "6"
    assert page.by_id["segments-reviewed"] == "5"
    assert page.by_id["segments-edited"] == "3"
    assert float(page.by_id["metric-hter"]) > 0
    assert 0 < float(page.by_id["metric-chrf"]) < 100
    expected: Counter[tuple[str, str]] = Counter(
        (f.finding.rule, f.status) for f in snapshot.findings)
    for (rule, status), count in page.cells.items():
        if rule != "all" and status != "total":
            assert count == expected[(rule, status)], (rule, status)
    assert page.cells[("all", "total")] == 4
    assert page.cells[("all", "accepted")] == 2
    assert sorted((b["data-rule"], b["data-status"], int(b["data-count"])) for b in page.bars) == \
        sorted((rule, status, count) for (rule, status), count in expected.items())
    assert page.articles == ["segment-1", "segment-3", "segment-4"]
    assert page.tags["del"] >= 3 and page.tags["ins"] >= 3
    assert "4.72万亿元" in page.by_id["segment-1"]
    assert "HTER 6.67" in page.by_id["segment-1"]
    assert "number-mismatch (accepted)" in page.by_id["segment-1"]


@needs_chromium
def test_report_screenshot_shows_the_chart(tmp_path: Path) -> None:
    """A screenshot of the report has the chart's open and accepted bar colours in it."""
    report = tmp_path / "report.html"
    report.write_bytes(render(sample_snapshot(), "html"))
    shot = tmp_path / "report.png"
    chromium(tmp_path, "--window-size=1000,1000", f"--screenshot={shot}", report.as_uri())
    colours = png_pixels(shot.read_bytes())
    assert (0xC0, 0x39, 0x2B) in colours
    assert (0x27, 0xAE, 0x60) in colours


def test_report_is_self_contained_and_escaped() -> None:
    """No external reference, no script; text that looks like markup is shown, not run."""
    snapshot = sample_snapshot()
    hostile = FindingState("f9", Finding("odd<rule>", Severity.INFO, "<script>alert(1)</script>",
                                         0, 8, 1), "accepted")
    html = render(replace(snapshot, findings=(*snapshot.findings, hostile)), "html").decode()
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "odd&lt;rule&gt;" in html
    assert "&lt;EXPO 2010&gt;" in html
    assert not re.search(r"\b(src|href)\s*=", html)
    assert "default-src 'none'" in html


def test_report_without_edits() -> None:
    """No edit: HTER 0, chrF 100, and the edits section says so."""
    html = render(unedited(sample_snapshot()), "html").decode()
    assert '<td id="metric-hter">0.00</td>' in html
    assert '<td id="metric-chrf">100.00</td>' in html
    assert "No segment was edited." in html


def test_word_diff_is_by_word() -> None:
    """Changed words are deleted and inserted whole; the rest is kept."""
    diffs = word_diff("It is the frontier of reform.", "It is at the forefront of reform.")
    assert (-1, "frontier") in diffs and (1, "forefront") in diffs and (1, "at ") in diffs
    assert "".join(t for op, t in diffs if op <= 0) == "It is the frontier of reform."
    assert "".join(t for op, t in diffs if op >= 0) == "It is at the forefront of reform."
