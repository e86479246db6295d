"""`transreview score` run as a subprocess, against sacrebleu's own numbers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sacrebleu.metrics.bleu import BLEU
from sacrebleu.metrics.chrf import CHRF
from sacrebleu.metrics.ter import TER

HYP = ["The cat sat on the mat.", "It was a sunny day in Shanghai.", "Prices rose by 5%."]
REF = ["The cat is sitting on the mat.", "It was a sunny day in Shanghai.", "Prices rose 5 %."]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI."""
    return subprocess.run([sys.executable, "-m", "transreview", "score", *args],
                          capture_output=True, text=True, check=False)


def write(path: Path, lines: list[str], ending: str = "\n") -> str:
    """Write ``lines`` with ``ending`` after each and return the path."""
    path.write_bytes("".join(line + ending for line in lines).encode())
    return str(path)


def test_score_prints_sacrebleu_numbers_and_signatures(tmp_path: Path) -> None:
    """The three scores and signatures are sacrebleu's, whatever the line endings."""
    hyp = write(tmp_path / "hyp.txt", HYP, "\r\n")
    ref = write(tmp_path / "ref.txt", REF)
    result = run("--hyp", hyp, "--ref", ref, "--chrf-word-order", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    bleu, chrf, ter = BLEU(), CHRF(word_order=2), TER()
    expected = [
        ("BLEU", bleu.corpus_score(HYP, [REF]).score, bleu.get_signature()),
        ("chrF2++", chrf.corpus_score(HYP, [REF]).score, chrf.get_signature()),
        ("TER", ter.corpus_score(HYP, [REF]).score, ter.get_signature()),
    ]
    for line, (name, value, signature) in zip(lines, expected, strict=True):
        assert line == f"{name} = {value:.2f}  {signature}"


@pytest.mark.parametrize(("hyp_lines", "ref_lines", "flags"), [
    (HYP, REF, ["--chrf-word-order", "2"]),
    (["上海是中国最大的城市。", "今天很好。"], ["上海是中国最大城市。", "今天不错。"],
     ["--tokenize", "zh", "--ter-asian-support", "--ter-normalized"]),
])
def test_score_agrees_with_the_sacrebleu_command(tmp_path: Path, hyp_lines: list[str],
                                                 ref_lines: list[str], flags: list[str]) -> None:
    """Same scores (to 4 decimals) and signatures as sacrebleu's own command line."""
    hyp = write(tmp_path / "hyp.txt", hyp_lines)
    ref = write(tmp_path / "ref.txt", ref_lines)
    theirs = subprocess.run(
        [sys.executable, "-m", "sacrebleu", ref, "-i", hyp, "-m", "bleu", "chrf", "ter",
         "-f", "json", "-w", "4", *flags],
        capture_output=True, text=True, check=True)
    word_order = ["--chrf-word-order", "2"] if "--chrf-word-order" in flags else []
    ours = run("--hyp", hyp, "--ref", ref, "--format", "json", *word_order)
    assert ours.returncode == 0, ours.stderr
    mine = json.loads(ours.stdout)
    for metric, name in zip(json.loads(theirs.stdout), ("bleu", "chrf", "ter"), strict=True):
        assert round(mine[name], 4) == metric["score"], name
        assert mine[f"{name}_signature"] == metric["signature"]


def test_score_json_for_chinese(tmp_path: Path) -> None:
    """Chinese texts are scored with the zh tokenizer; --format json gives the full numbers."""
    hyp_lines = ["上海是中国最大的城市。", "今天很好。"]
    ref_lines = ["上海是中国最大城市。", "今天不错。"]
    hyp = write(tmp_path / "h", hyp_lines)
    ref = write(tmp_path / "r", ref_lines)
    result = run("--hyp", hyp, "--ref", ref, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["lang"] == "zh"
    assert data["bleu"] == BLEU(tokenize="zh").corpus_score(hyp_lines, [ref_lines]).score
    assert data["chrf"] == CHRF().corpus_score(hyp_lines, [ref_lines]).score
    assert "tok:zh" in data["bleu_signature"]


def test_score_refuses_mismatched_and_missing_files(tmp_path: Path) -> None:
    """Different line counts, an empty or a missing file: exit 2 with one line naming it."""
    hyp = write(tmp_path / "hyp.txt", HYP)
    short = write(tmp_path / "short.txt", REF[:2])
    result = run("--hyp", hyp, "--ref", short)
    assert result.returncode == 2
    assert "hyp.txt" in result.stderr and "3 lines" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("--hyp", str(empty), "--ref", short)
    assert result.returncode == 2 and "empty" in result.stderr
    result = run("--hyp", str(tmp_path / "missing.txt"), "--ref", short)
    assert result.returncode == 2 and "missing.txt" in result.stderr
    assert "Traceback" not in result.stderr


def test_score_refuses_a_line_too_long_for_ter(tmp_path: Path) -> None:
    ok = write(tmp_path / "ok.txt", ["a short line", "another short line"])
    long = write(tmp_path / "long.txt", ["a short line", "word " * 2500])
    result = run("--hyp", long, "--ref", ok)
    assert result.returncode == 2
    assert f"{long}:2: the line is longer than 2000 words" in result.stderr
    assert "Traceback" not in result.stderr
