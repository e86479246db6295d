"""``--encoding`` decodes only the files that are not UTF-8: a GB18030 source beside a UTF-8
translation is read correctly on both sides."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def pair(tmp_path: Path) -> tuple[str, str]:
    zh = tmp_path / "zh.txt"
    zh.write_bytes("上海是一座城市。\n".encode("gb18030"))
    en = tmp_path / "en.txt"
    en.write_text("Café society in Shanghai.\n", encoding="utf-8")
    return str(zh), str(en)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "transreview", *args],
                          capture_output=True, text=True, check=False)


def test_align_reads_a_gb18030_source_beside_a_utf8_translation(pair: tuple[str, str]) -> None:
    zh, en = pair
    result = run("align", "--zh", zh, "--en", en, "--encoding", "gb18030", "--format", "tsv")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "上海是一座城市。\tCafé society in Shanghai.\n"


def test_without_encoding_the_gb18030_source_is_refused_with_a_hint(
    pair: tuple[str, str],
) -> None:
    zh, en = pair
    result = run("align", "--zh", zh, "--en", en)
    assert result.returncode == 2
    assert zh in result.stderr and "--encoding" in result.stderr


def test_check_reads_a_gb18030_source_beside_a_utf8_translation(pair: tuple[str, str]) -> None:
    zh, en = pair
    result = run("check", "--zh", zh, "--encoding", "gb18030", "--select", "untranslated",
                 "--format", "json", en)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["findings"] == []
