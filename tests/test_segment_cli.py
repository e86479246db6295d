"""`transreview segment` run in a subprocess: stdin, files, --null, errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "transreview", "segment", *args],
        input=stdin, capture_output=True, timeout=60, check=False,
    )


def test_stdin_one_sentence_per_line() -> None:
    result = run("--lang", "en", stdin=b"Mr. Smith left at 5 p.m. He was tired.\n\nBye!\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == "Mr. Smith left at 5 p.m.\nHe was tired.\nBye!\n"


def test_dash_reads_stdin() -> None:
    result = run("--lang", "zh", "-", stdin="你好。再见！".encode())
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == "你好。\n再见！\n"


def test_file_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "zh.txt"
    path.write_bytes("\ufeff他说：“走吧。”然后离开了。\r\n《你好！世界》是书。\r\n".encode())
    result = run("--lang", "zh", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().split("\n") == [
        "他说：“走吧。”", "然后离开了。", "《你好！世界》是书。", ""]


def test_null_output_is_verbatim(tmp_path: Path) -> None:
    text = "One\x0bstill one. Two\u2028too.\nThree."
    path = tmp_path / "en.txt"
    path.write_bytes(text.encode())
    result = run("--lang", "en", "--null", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().split("\0") == ["One\x0bstill one.", "Two\u2028too.", "Three.",
                                                  ""]


def test_gb18030_with_encoding(tmp_path: Path) -> None:
    path = tmp_path / "gb.txt"
    path.write_bytes("上海是城市。人口很多！".encode("gb18030"))
    result = run("--lang", "zh", "--encoding", "gb18030", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == "上海是城市。\n人口很多！\n"


def test_empty_input_prints_nothing() -> None:
    result = run("--lang", "en", stdin=b"")
    assert (result.returncode, result.stdout) == (0, b"")


def test_missing_file_exits_2_with_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = run("--lang", "en", str(missing))
    assert result.returncode == 2
    assert result.stdout == b""
    message = result.stderr.decode()
    assert message.count("\n") == 1 and str(missing) in message and "no such file" in message
    assert "Traceback" not in message


def test_binary_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bin.dat"
    path.write_bytes(b"\x00\x01\x02abc")
    result = run("--lang", "en", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr.decode()


def test_language_is_required() -> None:
    result = run(stdin=b"Hello.")
    assert result.returncode == 2
    assert "--lang" in result.stderr.decode()


def test_help_teaches_with_an_example() -> None:
    result = run("--help")
    assert result.returncode == 0
    text = result.stdout.decode()
    assert "--null" in text and "--encoding" in text and "examples:" in text
    assert "transreview segment --lang en" in text
