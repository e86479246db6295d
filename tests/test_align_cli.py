"""`transreview align` run as a subprocess: each output format, options, and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ZH = "那天晚上我没有走。\n她承认打我不对。\n第二天早上，我们在山上看见了一条河。\n"
EN = (
    "I did not leave that night.\n"
    "She admitted that she had been wrong to hit me.\n"
    "The next morning we saw a river on the mountain.\n"
)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "transreview", "align", *args],
        capture_output=True, text=True, encoding="utf-8", check=False, cwd=cwd,
    )


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text(ZH, encoding="utf-8")
    en.write_text(EN, encoding="utf-8")
    return zh, en


def test_beads_format(pair: tuple[Path, Path]) -> None:
    done = run("--zh", str(pair[0]), "--en", str(pair[1]), "--presegmented")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[0]:[0]\n[1]:[1]\n[2]:[2]\n"


def test_tsv_format(pair: tuple[Path, Path]) -> None:
    done = run("--zh", str(pair[0]), "--en", str(pair[1]), "--presegmented", "--format", "tsv")
    assert done.returncode == 0, done.stderr
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    assert rows[1] == ["她承认打我不对。", "She admitted that she had been wrong to hit me."]
    assert len(rows) == 3


def test_json_format_has_offsets_and_scores(pair: tuple[Path, Path]) -> None:
    done = run("--zh", str(pair[0]), "--en", str(pair[1]), "--presegmented", "--format", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["aligner"]
    beads = document["beads"]
    assert [(b["zh"], b["en"]) for b in beads] == [([0], [0]), ([1], [1]), ([2], [2])]
    for bead in beads:
        for (start, end), text in zip(bead["zh_spans"], bead["zh_text"], strict=True):
            assert ZH[start:end] == text
        for (start, end), text in zip(bead["en_spans"], bead["en_text"], strict=True):
            assert EN[start:end] == text
        assert 0.0 <= bead["score"] <= 1.0


def test_output_file_and_paragraph_mode(pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.align"
    zh, en = pair
    zh.write_text(ZH.replace("\n", "", 1), encoding="utf-8")
    done = run("--zh", str(zh), "--en", str(en), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert out.read_text(encoding="utf-8") == "[0]:[0]\n[1]:[1]\n[2]:[2]\n"


def test_glossary_is_read(pair: tuple[Path, Path], tmp_path: Path) -> None:
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text("zh\ten\n河\triver\n", encoding="utf-8")
    done = run("--zh", str(pair[0]), "--en", str(pair[1]), "--presegmented",
               "--glossary", str(glossary))
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 3


def test_bundled_corpus_aligns_every_sentence() -> None:
    corpus = ROOT / "corpora" / "shanghai"
    if not (corpus / "zh.txt").is_file():
        pytest.skip("the demo corpus has no zh.txt yet")
    done = run("--zh", str(corpus / "zh.txt"), "--en", str(corpus / "en.txt"))
    assert done.returncode == 0, done.stderr
    zh_seen = [int(k) for line in done.stdout.splitlines()
               for k in line.split(":")[0].strip("[]").split(",") if k]
    assert zh_seen == list(range(len(zh_seen)))


@pytest.mark.parametrize(
    ("zh_bytes", "message"),
    [
        (b"", "no sentences"),
        (b"\n\n  \n", "no sentences"),
        (b"\xff\xfe\x00\x00broken", "zh.txt"),
        (b"This is English text, given where the Chinese belongs.\n" * 3, "Chinese"),
    ],
)
def test_bad_chinese_input_is_one_line_and_exit_2(
    pair: tuple[Path, Path], zh_bytes: bytes, message: str
) -> None:
    pair[0].write_bytes(zh_bytes)
    done = run("--zh", str(pair[0]), "--en", str(pair[1]))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert message in done.stderr


def test_missing_file_and_missing_option(pair: tuple[Path, Path], tmp_path: Path) -> None:
    done = run("--zh", str(tmp_path / "absent.txt"), "--en", str(pair[1]))
    assert done.returncode == 2
    assert "no such file" in done.stderr
    done = run("--zh", str(pair[0]))
    assert done.returncode == 2
    assert "--en" in done.stderr


def test_one_giant_line_aligns(tmp_path: Path) -> None:
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("我们在山上看见了一条河" * 3000 + "。", encoding="utf-8")
    en.write_text("We saw a river on the mountain " * 3000 + ".", encoding="utf-8")
    done = run("--zh", str(zh), "--en", str(en), "--presegmented")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[0]:[0]\n"


def test_mismatched_sizes_still_cover_every_sentence(tmp_path: Path) -> None:
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("他笑了。\n", encoding="utf-8")
    en.write_text("".join(f"Sentence number {k} of a long English text.\n" for k in range(40)),
                  encoding="utf-8")
    done = run("--zh", str(zh), "--en", str(en), "--presegmented", "--format", "json")
    assert done.returncode == 0, done.stderr
    beads = json.loads(done.stdout)["beads"]
    assert [k for b in beads for k in b["en"]] == list(range(40))
    assert [k for b in beads for k in b["zh"]] == [0]


def test_unwritable_cache_folder_falls_back_to_the_temporary_folder(
    pair: tuple[Path, Path], tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder's parent should be", encoding="utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "XDG_CACHE_HOME": str(blocker / "cache"), "TMPDIR": str(temporary)}
    done = subprocess.run(
        [sys.executable, "-m", "transreview", "align", "--zh", str(pair[0]), "--en", str(pair[1]),
         "--presegmented"],
        capture_output=True, text=True, encoding="utf-8", check=False, env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[0]:[0]\n[1]:[1]\n[2]:[2]\n"
    assert list(temporary.glob("transreview-*/cedict-*.marshal"))


def test_output_never_replaces_an_input(pair: tuple[Path, Path]) -> None:
    zh, en = pair
    for target, name in ((en, str(en)), (zh, f"{zh.parent}/./{zh.name}")):
        before = target.read_bytes()
        done = run("--zh", str(zh), "--en", str(en), "-o", name)
        assert done.returncode == 2 and done.stdout == ""
        assert f"-o {name}: that is the input" in done.stderr
        assert target.read_bytes() == before
