"""The surface rules report the same whatever the size of the chunks a file is checked in."""

from __future__ import annotations

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


def records(path: Path, size: int) -> list[tuple[int, int, str, str, bytes]]:
    with FileChecker(Options(rules=RULES, fmt="json", chunk_chars=size)) as checker:
        return [(r.start, r.end, r.rule, r.digest, r.piece)
                for _, batch in checker.batches([str(path)]) for r in batch]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=24),
       st.sampled_from(["\n", "\r\n"]))
@example(LINES * 2, "\n")
def test_chunk_size_changes_no_record(lines: list[str], end: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "en.txt"
        path.write_text(end.join(lines) + end, encoding="utf-8", newline="")
        whole = records(path, 1 << 20)
        assert records(path, 40) == whole
        assert records(path, 150) == whole
