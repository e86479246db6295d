"""The wheel ships the demo corpus and glossary, and ``resources`` finds them outside a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True,
    )
    (built,) = out.glob("transreview-*.whl")
    return built


def test_wheel_contains_corpus_and_glossary(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in ("en.txt", "zh.txt", "gold.align"):
        assert f"transreview/_data/corpora/shanghai/{data}" in names
    assert "transreview/_data/glossary.tsv" in names


def test_installed_wheel_locates_bundled_data_from_any_directory(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "from transreview.resources import bundled_corpus, bundled_glossary\n"
        "print(bundled_corpus()); print(bundled_glossary())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, capture_output=True, text=True, check=True,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    corpus, glossary = (Path(line) for line in result.stdout.splitlines())
    assert corpus.is_relative_to(site) and (corpus / "en.txt").is_file()
    assert glossary.is_relative_to(site) and glossary.is_file()
