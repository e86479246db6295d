"""The surface rules report the same whatever the size of the chunks a file is checked in."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from transreview.checks.batch import FileChecker, Options

RULES = ("duplicate-segment", "untranslated", "repeated-word", "unbalanced-pair", "whitespace")
LINES = ["Riverside and sea, long wind; barges compete for the current.",
         "Riverside and sea long wind barges compete for the current!",
         "He said the plan was good for all of us. Then he left.",
         "We agreed. He said the plan was good for all of us.",
         "Following the Footprint of the General Secretary: a Modern Metropolis",
         "Former Title: a Modern Metropolis (Following the Footprint of the General Secretary)",
         "It was the the best  of times , “and the worst.", '"Yes," he said (and left.',
         "The 上海 office is is open.", "", "", "Straße STRASSE café CAFÉ — ends here."]


def records(path: Path, size: int, jobs: int = 1) -> list[tuple[int, int, str, str, bytes]]:
    with FileChecker(Options(rules=RULES, fmt="json", chunk_chars=size), jobs=jobs) as checker:
        return [(r.start, r.end, r.rule, r.digest, r.piece)
                for _, batch in checker.batches([str(path)]) for r in batch]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LINES), st.sampled_from(["\n", "\r\n", "\r"])),
                min_size=1, max_size=24))
@example([(line, "\n") for line in LINES * 2])
def test_chunk_size_changes_no_record(lines: list[tuple[str, str]]) -> None:
    """Line ends of every kind, in chunks (their lines counted, then taken from the check)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "en.txt"
        path.write_text("".join(line + end for line, end in lines), encoding="utf-8",
                        newline="")
        whole = records(path, 1 << 20)
        assert records(path, 40) == whole
        assert records(path, 150) == whole


def lines_of(found: list[tuple[int, int, str, str, bytes]]) -> list[int]:
    """The line of each finding, read from its JSON piece."""
    return [json.loads(piece.decode().lstrip(",\n "))["line"] for *_, piece in found]


def test_chunks_checked_by_workers_give_the_records_of_one_process(tmp_path: Path) -> None:
    path = tmp_path / "en.txt"
    ends = ["\n", "\r\n", "\r", "\n\n"]
    path.write_text("".join(line + ends[number % 4] for number, line in enumerate(LINES * 30)),
                    encoding="utf-8", newline="")
    whole = records(path, 1 << 20)
    assert len(whole) > 100 and any(line > 200 for line in lines_of(whole))
    assert records(path, 300, jobs=2) == whole
