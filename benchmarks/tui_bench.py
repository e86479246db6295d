"""Review TUI speed on a generated document: the Line API table against Textual's DataTable.

Generates an English/Chinese pair of N one-sentence lines (default 100,000), makes a review
session from a synthetic analysis (one segment per line, 1:1 beads, a forbidden-term finding on
every seventh line: the pipeline is not what is measured here), then runs each variant in its own
process and reports:

- ready: from opening the (cached) session to the first frame of the populated table;
- key latency: from a key event's creation (``j`` / ``n`` / ``a``) to the first frame composed
  after it, taken on the app side (a hook on ``App._display`` that also renders the update to
  terminal bytes, as a real terminal would need); Pilot's own waits are not counted;
- accept + commit: ``ReviewSession.accept`` including its SQLite commit (WAL, synchronous=FULL);
- peak RSS of the process.

The DataTable variant is the same screen (status line, the same five columns from the same
session, the same detail panel following the cursor) with the table built the usual way (all
rows added on mount); its ``j`` is DataTable's cursor-down.

    python benchmarks/tui_bench.py            # 100,000 segments
    python benchmarks/tui_bench.py --quick    # 10,000 segments, fewer key presses
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transreview.model import Alignment, Bead, Document, Finding, Segment, Severity, Signature
from transreview.review import ReviewSession

WORDS = (
    "the", "city", "river", "port", "trade", "growth", "plan", "zone", "bridge", "people",
    "market", "culture", "science", "policy", "reform", "opening", "district", "tower",
    "finance", "museum", "harbour",
)
HAN = "上海城市发展改革开放经济金融贸易航运科技创新文化人民生活浦东新区世界国际"
SIZE = (120, 40)


@dataclass(frozen=True, slots=True)
class SyntheticAnalysis:
    """An analysis built directly: one segment per line, 1:1 beads, regular findings."""

    en_segments: tuple[Segment, ...]
    zh_segments: tuple[Segment, ...]
    alignment: Alignment | None
    findings: tuple[Finding, ...]
    signature: Signature


def generate(folder: Path, count: int) -> tuple[Path, Path]:
    """Write en.txt and zh.txt of ``count`` lines each."""
    rng = random.Random(7)
    english, chinese = [], []
    for number in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
        if number % 7 == 0:
            words.insert(rng.randint(0, len(words)), "colour")
        english.append(" ".join(words).capitalize() + ".")
        chinese.append("".join(rng.choice(HAN) for _ in range(rng.randint(12, 40))) + "。")
    en, zh = folder / "en.txt", folder / "zh.txt"
    en.write_text("\n".join(english) + "\n", encoding="utf-8")
    zh.write_text("\n".join(chinese) + "\n", encoding="utf-8")
    return en, zh


def _lines(text: str) -> tuple[Segment, ...]:
    segments, offset = [], 0
    for number, line in enumerate(text.split("\n")[:-1]):
        segments.append(Segment(number, offset, offset + len(line), line, number))
        offset += len(line) + 1
    return tuple(segments)


def synthetic(en: Document, zh: Document | None, glossary: str | None) -> SyntheticAnalysis:
    """The analysis the session caches (see the module docstring)."""
    en_segments = _lines(en.text)
    zh_segments = _lines(zh.text) if zh else ()
    beads = tuple(Bead((i,), (i,), 1.0) for i in range(len(en_segments)))
    findings = []
    for segment in en_segments:
        at = segment.text.find("colour")
        if at >= 0:
            start = segment.start + at
            findings.append(Finding("forbidden-term", Severity.ERROR, "Use 'color'.", start,
                                    start + 6, segment.index, "colour", "color"))
    alignment = Alignment(zh_segments, en_segments, beads)
    return SyntheticAnalysis(en_segments, zh_segments, alignment, tuple(findings),
                             Signature(version="bench"))


class FrameClock:
    """Records key-event times and frame times from inside the app."""

    def __init__(self) -> None:
        self.keys: list[float] = []
        self.frames: list[float] = []

    def install(self, app: Any) -> None:
        """Hook the app's display (rendering updates to bytes) and its driver's key input."""
        display = app._display
        console = app.console

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None and hasattr(renderable, "render_segments"):
                renderable.render_segments(console)
                self.frames.append(time.monotonic())

        app._display = timed_display

    def install_keys(self, app: Any) -> None:
        """Record the creation time of every key event sent to the app."""
        driver = app._driver
        send = driver.send_message

        def timed_send(message: Any) -> None:
            if type(message).__name__ == "Key":
                self.keys.append(message.time)
            send(message)

        driver.send_message = timed_send

    async def press(self, pilot: Any, key: str) -> float:
        """Press ``key``; return ms from its event to the first frame after it."""
        frames = len(self.frames)
        await pilot.press(key)
        for _ in range(200):
            if len(self.frames) > frames and self.frames[-1] >= self.keys[-1]:
                break
            await asyncio.sleep(0.005)
        after = [t for t in self.frames[frames:] if t >= self.keys[-1]]
        return (after[0] - self.keys[-1]) * 1000 if after else float("nan")


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"median": statistics.median(ordered), "p90": ordered[int(len(ordered) * 0.9)],
            "n": len(ordered)}


async def run_lineapi(en: Path, zh: Path, session_path: Path, presses: int) -> dict[str, Any]:
    """The project's TUI."""
    from transreview.tui import make_app
    from transreview.tui.screens.main import MainScreen

    clock = FrameClock()
    start = time.monotonic()
    session = ReviewSession.open(str(en), str(zh), None, str(session_path), analyzer=synthetic)
    opened = time.monotonic()
    app = make_app(session)
    clock.install(app)
    result: dict[str, Any] = {"open_s": opened - start}
    async with app.run_test(size=SIZE) as pilot:
        while not (isinstance(app.screen, MainScreen) and clock.frames):
            await asyncio.sleep(0.001)
        result["ready_s"] = clock.frames[0] - start
        clock.install_keys(app)
        result["j_ms"] = _summary([await clock.press(pilot, "j") for _ in range(presses)])
        result["n_ms"] = _summary([await clock.press(pilot, "n") for _ in range(presses)])
        accepts = []
        for _ in range(max(presses // 4, 10)):
            await clock.press(pilot, "n")
            accepts.append(await clock.press(pilot, "a"))
        result["a_key_ms"] = _summary(accepts)
    commits = []
    for state in [s for s in session.snapshot().findings if s.status == "open"][:presses]:
        began = time.perf_counter()
        session.accept(state.id)
        commits.append((time.perf_counter() - began) * 1000)
    result["accept_commit_ms"] = _summary(commits)
    session.close()
    return result


async def run_datatable(en: Path, zh: Path, session_path: Path, presses: int) -> dict[str, Any]:
    """The same screen with a DataTable, all rows added on mount."""
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    from transreview.tui.widgets.detail_panel import DetailPanel
    from transreview.tui.widgets.segment_table import STATUS_GLYPHS
    from transreview.tui.widgets.status_bar import StatusBar

    clock = FrameClock()
    start = time.monotonic()
    session = ReviewSession.open(str(en), str(zh), None, str(session_path), analyzer=synthetic)
    opened = time.monotonic()

    class TableApp(App[None]):
        CSS = "#detail { height: 40%; max-height: 16; border: round $primary; }"

        def compose(self) -> ComposeResult:
            yield StatusBar(id="status")
            yield DataTable(cursor_type="row")
            yield DetailPanel(id="detail")

        def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
            self.query_one(DetailPanel).show(session, event.cursor_row, None)
            self.query_one(StatusBar).show(session)

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("", "#", "Chinese", "English", "open")
            table.add_rows(
                (STATUS_GLYPHS[session.status(i)], str(i + 1), Text(session.zh_text(i)),
                 Text(session.current(i)), str(session.open_count(i) or ""))
                for i in range(len(session))
            )
            table.focus()

    app = TableApp()
    clock.install(app)
    result: dict[str, Any] = {"open_s": opened - start}
    async with app.run_test(size=SIZE) as pilot:
        while not clock.frames or app.query_one(DataTable).row_count < len(session):
            await asyncio.sleep(0.001)
        result["ready_s"] = clock.frames[-1] - start
        clock.install_keys(app)
        result["j_ms"] = _summary([await clock.press(pilot, "down") for _ in range(presses)])
    session.close()
    return result


VARIANTS: dict[str, Callable[[Path, Path, Path, int], Any]] = {
    "lineapi": run_lineapi, "datatable": run_datatable,
}


def child(variant: str, folder: Path, presses: int) -> None:
    """Run one variant in this process and print its figures as JSON."""
    result = asyncio.run(VARIANTS[variant](folder / "en.txt", folder / "zh.txt",
                                           folder / "session.sqlite", presses))
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--presses", type=int, default=100)
    parser.add_argument("--quick", action="store_true", help="10,000 segments, 30 presses")
    parser.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.segments, args.presses = 10_000, 30
    if args.variant:
        child(args.variant, args.folder, args.presses)
        return
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        en, zh = generate(folder, args.segments)
        began = time.monotonic()
        ReviewSession.open(str(en), str(zh), None, str(folder / "session.sqlite"),
                           analyzer=synthetic).close()
        print(f"{args.segments:,} segments; first open (synthetic analysis + storing it): "
              f"{time.monotonic() - began:.2f} s")
        results = {}
        for variant in VARIANTS:
            output = subprocess.run(
                [sys.executable, __file__, "--variant", variant, "--folder", str(folder),
                 "--presses", str(args.presses)],
                capture_output=True, text=True, check=True,
            ).stdout
            results[variant] = json.loads(output.strip().splitlines()[-1])
    line, table = results["lineapi"], results["datatable"]
    print(f"{'':28}{'Line API':>14}{'DataTable':>14}{'ratio':>9}")
    print(f"{'ready (s)':28}{line['ready_s']:14.3f}{table['ready_s']:14.3f}"
          f"{table['ready_s'] / line['ready_s']:8.1f}x")
    print(f"{'  of which session open (s)':28}{line['open_s']:14.3f}{table['open_s']:14.3f}")
    j_line, j_table = line["j_ms"]["median"], table["j_ms"]["median"]
    print(f"{'j to frame, median (ms)':28}{j_line:14.1f}{j_table:14.1f}{j_table / j_line:8.1f}x")
    print(f"{'j to frame, p90 (ms)':28}{line['j_ms']['p90']:14.1f}{table['j_ms']['p90']:14.1f}")
    print(f"{'n to frame, median (ms)':28}{line['n_ms']['median']:14.1f}")
    print(f"{'a to frame, median (ms)':28}{line['a_key_ms']['median']:14.1f}")
    print(f"{'accept + commit, median (ms)':28}{line['accept_commit_ms']['median']:14.2f}")
    print(f"{'peak RSS (MB)':28}{line['peak_rss_mb']:14.0f}{table['peak_rss_mb']:14.0f}")
    print("targets: ready <= 1 s, j/n median <= 30 ms, accept + commit <= 20 ms")


if __name__ == "__main__":
    main()
