"""Bad input, table-driven: each file is refused with one line naming it, or handled correctly.

The same table runs twice: through ``transreview.ingest`` (fast, exact) and through every
command of the CLI in a subprocess (exit status 2, one line on stderr, never a traceback).
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from transreview.errors import InputError
from transreview.ingest import (
    decode,
    detect_script_mismatch,
    encode,
    fallback_encoding,
    read_document,
)
from transreview.model import Document, Lang
from transreview.output import write_atomic

ZH_TEXT = "上海是中国最大的城市。浦东新区成立于1990年。\n2023年，上海的GDP达到4.72万亿元。\n"
EN_TEXT = (
    "Shanghai is the largest city in China. Pudong New Area was founded in 1990.\n"
    "In 2023, Shanghai's GDP reached 4.72 trillion yuan.\n"
)


@dataclass(frozen=True, slots=True)
class Case:
    """One input file and what must happen to it."""

    name: str
    """Test id."""
    data: bytes
    """The file's bytes."""
    lang: Lang = "en"
    """The language the file is given as."""
    error: str | None = None
    """A fragment of the refusal message, or None when the file must be accepted."""
    line: int | None = None
    """The line the refusal must name, where known."""
    encoding: str | None = None
    """The ``--encoding`` passed along."""
    text: str | None = None
    """The decoded text an accepted file must give (default: ``data`` as UTF-8)."""
    big: bool = False
    """A large input, run only through the commands meant to take one quickly."""


def _bad_utf8_line3() -> bytes:
    return b"First line.\nSecond line.\nThird \xe9t\xe9 line.\n"


CASES: tuple[Case, ...] = (
    Case("utf8-bom", codecs.BOM_UTF8 + EN_TEXT.encode(), text=EN_TEXT),
    Case("utf16le-bom", codecs.BOM_UTF16_LE + EN_TEXT.encode("utf-16-le"), text=EN_TEXT),
    Case("utf16be-bom", codecs.BOM_UTF16_BE + EN_TEXT.encode("utf-16-be"), text=EN_TEXT),
    Case("utf16le-no-bom", EN_TEXT.encode("utf-16-le"), error="--encoding utf-16-le", line=1),
    Case("utf16be-no-bom", EN_TEXT.encode("utf-16-be"), error="--encoding utf-16-be", line=1),
    Case("utf16le-no-bom-given", EN_TEXT.encode("utf-16-le"), encoding="utf-16-le", text=EN_TEXT),
    Case("gb18030", ZH_TEXT.encode("gb18030"), lang="zh", error="--encoding gb18030", line=1),
    Case("gbk-second-line", ("Title\n" + ZH_TEXT).encode("gbk"), lang="zh",
         error="--encoding gb18030", line=2),
    Case("gb18030-given", ZH_TEXT.encode("gb18030"), lang="zh", encoding="gb18030", text=ZH_TEXT),
    Case("invalid-utf8", _bad_utf8_line3(), error="byte 0xe9 at offset 31", line=3),
    Case("invalid-utf8-after-cr", b"One.\rTwo.\rThree \xff.\r", error="offset 16", line=3),
    Case("truncated-utf8", "Shanghai 上".encode()[:-1], error="offset 9", line=1),
    Case("unknown-encoding", EN_TEXT.encode(), encoding="klingon", error="unknown encoding"),
    Case("not-a-text-encoding", EN_TEXT.encode(), encoding="rot13", error="not a text encoding"),
    Case("nul-bytes", b"Line one.\nLine\x00two.\n", error="NUL", line=2),
    Case("binary-png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", error="NUL", line=3),
    Case("cp1252-accents", "Line one.\nCafé résumé: naïve façade, déjà vu à Zürich.\n"
         .encode("cp1252"), error="not valid UTF-8: byte 0xe9 at offset 13", line=2),
    Case("binary-no-nul", bytes(range(0x80, 0x100)) * 4, error="not valid UTF-8", line=1),
    Case("crlf", EN_TEXT.replace("\n", "\r\n").encode()),
    Case("lone-cr", EN_TEXT.replace("\n", "\r").encode()),
    Case("mixed-endings", b"One.\r\nTwo.\rThree.\nFour."),
    Case("no-final-newline", EN_TEXT.rstrip("\n").encode()),
    Case("empty", b""),
    Case("empty-zh", b"", lang="zh"),
    Case("only-blank-lines", b"\n\n  \n\t\n\r\n"),
    Case("bom-only", codecs.BOM_UTF8, text=""),
    Case("single-line-20mb", b"The city grew fast. " * 1_000_000, big=True),
    Case("100k-short-lines", b"A short line.\n" * 100_000, big=True),
    Case("zero-width-and-nbsp", "Shang\u200bhai\u00a0is\u2060big.\u200d\ufeff Pudong\u202fgrew.\n"
         .encode()),
    Case("full-width-latin", "Ｓｈａｎｇｈａｉ ｇｒｅｗ ｂｙ ５．５％ ｉｎ ２０２３. It is big.\n"
         .encode()),
    Case("full-width-zh", "上海ＧＤＰ增长５．５％，达到４．７２万亿元。\n".encode(), lang="zh"),
    Case("chinese-given-as-english", (ZH_TEXT * 3).encode(), error="given as English"),
    Case("english-given-as-chinese", EN_TEXT.encode(), lang="zh", error="given as Chinese"),
    Case("cyrillic-given-as-english", "Шанхай крупнейший город Китая и важный порт.\n".encode(),
         error="neither English nor Chinese"),
    Case("english-with-chinese-names", ("Pudong (浦东) is east of the Huangpu (黄浦江). " * 5)
         .encode()),
    Case("chinese-with-english-words",
         "使用 Python 的 asyncio 库进行异步编程需要了解 event loop。\n".encode(), lang="zh"),
)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_ingest_table(case: Case, tmp_path: Path) -> None:
    path = tmp_path / f"{case.name}.txt"
    path.write_bytes(case.data)
    if case.error is not None:
        with pytest.raises(InputError) as caught:
            read_document(str(path), case.encoding, lang=case.lang)
        assert case.error in caught.value.message
        assert caught.value.path == str(path)
        assert caught.value.line == case.line
        assert "\n" not in str(caught.value)
        return
    document = read_document(str(path), case.encoding, lang=case.lang)
    expected = case.text if case.text is not None else case.data.decode("utf-8")
    assert document.text == expected
    assert encode(document) == case.data


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda root: root / "missing.txt", "no such file"),
        (lambda root: root, "is a directory"),
        (lambda root: Path("/dev/zero"), "not a regular file"),
        (lambda root: root / "broken-link.txt", "no such file"),
    ],
    ids=["missing", "directory", "device", "broken-symlink"],
)
def test_ingest_paths(make: Callable[[Path], Path], error: str, tmp_path: Path) -> None:
    (tmp_path / "broken-link.txt").symlink_to(tmp_path / "nowhere")
    with pytest.raises(InputError, match=error):
        read_document(str(make(tmp_path)))


def test_utf16_and_utf8_sig_names_do_not_double_the_bom() -> None:
    data = "Hello.\n".encode("utf-16-le")
    document = decode("x.txt", data, "utf-16")
    assert document.encoding == "utf-16-le"
    assert encode(document) == data
    signed = decode("y.txt", b"Hello.\n", "utf-8-sig")
    assert encode(signed) == b"Hello.\n"


def test_encode_refuses_text_the_encoding_cannot_hold() -> None:
    document = decode("latin.txt", "café\n".encode("latin-1"), "latin-1")
    with pytest.raises(InputError, match="cannot encode"):
        encode(document, "café — bon\n")


def test_short_texts_are_never_a_script_mismatch() -> None:
    assert detect_script_mismatch(Document("a.txt", "上海。"), "en") is None
    assert detect_script_mismatch(Document("b.txt", "Shanghai."), "zh") is None


def test_write_atomic_refusals(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        write_atomic(str(tmp_path / "no" / "such" / "out.txt"), b"x")
    with pytest.raises(InputError, match="is a directory"):
        write_atomic(str(tmp_path), b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_write_atomic_follows_symlink_and_keeps_mode(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(str(link), b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"
    assert real.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]


def test_fallback_encoding_reads_only_files_that_are_not_utf8(tmp_path: Path) -> None:
    chinese = tmp_path / "zh.txt"
    chinese.write_bytes(ZH_TEXT.encode("gb18030"))
    english = tmp_path / "en.txt"
    english.write_bytes("Café in Shanghai.\n".encode())
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(EN_TEXT.encode("utf-16-le"))
    with fallback_encoding("gb18030"):
        assert read_document(str(chinese)).text == ZH_TEXT
        assert decode(str(chinese), chinese.read_bytes()).encoding == "gb18030"
        assert read_document(str(english)).encoding == "utf-8"
        with pytest.raises(InputError, match="contains NUL characters"):
            read_document(str(utf16))
    with fallback_encoding("utf-16-le"):
        assert read_document(str(utf16)).text == EN_TEXT
    with pytest.raises(InputError, match="--encoding gb18030"):
        read_document(str(chinese))


# --- the same table through the CLI -----------------------------------------------------------

def _without_dac_override() -> list[str] | None:
    """A prefix under which root obeys file permissions: [] when not root, None if impossible."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


def obeying_permissions(needed: bool, why: str) -> list[str]:
    """``_without_dac_override()`` when the case needs permissions obeyed (else ``[]``); skips
    the test, saying ``why`` it cannot fail, when root cannot be made to obey them."""
    if not needed:
        return []
    prefix = _without_dac_override()
    if prefix is None:
        pytest.skip(f"running as root without setpriv: {why}")
    return prefix


def run_cli(
    args: Sequence[str], cwd: Path, prefix: Sequence[str] = (), timeout: float = 600
) -> subprocess.CompletedProcess[bytes]:
    """``python -m transreview ARGS`` in a subprocess, stdin closed; a hang is exit -9."""
    command = [*prefix, sys.executable, "-m", "transreview", *args]
    try:
        return subprocess.run(command, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True,
                              check=False, timeout=timeout)
    except subprocess.TimeoutExpired as expired:
        return subprocess.CompletedProcess(command, -9, b"", f"timed out: {expired}".encode())




def assert_refused(
    result: subprocess.CompletedProcess[bytes],
    path: str,
    fragment: str,
    line: int | None,
) -> None:
    """Exit 2 and exactly one stderr line naming ``path`` (and ``line``) with ``fragment``
    (a TUI refuses before it draws anything)."""
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert result.returncode == 2, (result.returncode, stderr)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    where = f" {path}:{line}: " if line is not None else f" {path}: "
    assert where in lines[0], lines[0]
    assert fragment in lines[0], lines[0]


@dataclass(frozen=True, slots=True)
class Command:
    """How one command is given a file to read, and what it does with acceptable ones."""

    name: str
    """Test id."""
    argv: Callable[[str, Lang], list[str]]
    """The arguments that make the command read the file (named relative to the work folder)
    given as the language (the other side is ``en.txt`` or ``zh.txt`` there)."""
    ok: tuple[int, ...] = (0,)
    """The exit statuses of success."""
    roles: bool = True
    """Whether the command refuses a file whose script is not its language's."""
    big: tuple[str, ...] = ("single-line-20mb", "100k-short-lines")
    """The large cases run through it (each command's slowest ones are left to its benchmark)."""
    refuses: dict[str, str] = field(default_factory=dict)
    """Cases this command refuses although ingest accepts them: case name -> message fragment."""
    cases: tuple[str, ...] | None = None
    """The cases run through it (None: all); the full table runs through ``segment``, the
    other commands take one case of each kind, which keeps the suite fast."""
    output: str | None = None
    """A file the command writes that must be byte-identical to an accepted English input."""


EMPTY = ("empty", "empty-zh", "bom-only", "only-blank-lines")
"""The cases with no sentence at all."""


def _pair(command: str, *rest: str) -> Callable[[str, Lang], list[str]]:
    """``command --zh ZH EN rest`` with the file on its side and the good file on the other."""
    def argv(path: str, lang: Lang) -> list[str]:
        zh, en = (path, "en.txt") if lang == "zh" else ("zh.txt", path)
        return [command, "--zh", zh, en, *rest]
    return argv


KINDS = (
    "utf8-bom", "utf16le-bom", "utf16be-no-bom", "gb18030", "gb18030-given", "invalid-utf8",
    "nul-bytes", "crlf", "lone-cr", "mixed-endings", "no-final-newline", "empty", "empty-zh",
    "only-blank-lines", "zero-width-and-nbsp", "full-width-latin", "full-width-zh",
    "chinese-given-as-english", "english-given-as-chinese", "100k-short-lines",
)
"""One case of each kind, for the commands other than ``segment``."""
FEW = ("utf16le-bom", "gb18030", "invalid-utf8", "nul-bytes", "lone-cr", "empty",
       "zero-width-and-nbsp", "chinese-given-as-english", "english-given-as-chinese")
"""Fewer kinds, for the commands that only read their files whole (align, score)."""

COMMANDS: tuple[Command, ...] = (
    Command("segment", lambda path, lang: ["segment", "--lang", lang, path]),
    Command("align", lambda path, lang: ["align", "--zh", path, "--en", "en.txt"] if lang == "zh"
            else ["align", "--zh", "zh.txt", "--en", path], big=(), cases=FEW,
            refuses=dict.fromkeys(EMPTY, "no sentences to align")),
    Command("check", _pair("check", "--glossary", "glossary.tsv"), ok=(0, 1), cases=KINDS,
            big=("100k-short-lines",)),
    Command("export", _pair("export", "--format", "txt", "-o", "out.txt"), big=(), cases=KINDS,
            output="out.txt"),
    Command("review", _pair("review", "--session", "s.sqlite"), big=(),
            cases=("gb18030", "invalid-utf8", "nul-bytes", "chinese-given-as-english",
                   "english-given-as-chinese")),
    Command("score", lambda path, lang: ["score", "--hyp", path, "--ref", path], roles=False,
            big=(), cases=FEW, refuses=dict.fromkeys(EMPTY[:3], "empty")),
)

_MISMATCH = ("given-as-english", "given-as-chinese", "cyrillic-given-as-english")


def _table() -> list[tuple[Command, Case]]:
    return [
        (command, case) for command in COMMANDS for case in CASES
        if (case.name in command.big or not case.big)
        and (command.roles or not case.name.endswith(_MISMATCH))
        and (command.cases is None or case.name in command.cases)
    ]


TABLE = _table()
GLOSSARY = "zh\ten\tforbidden\n浦东新区\tPudong New Area\tPudong new district\n"


@pytest.fixture(scope="module")
def cli_results(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], tuple[subprocess.CompletedProcess[bytes], Path]]:
    """Every selected (command, case) of the table run once, in parallel (they are independent)."""
    selected = {
        item.name for item in request.session.items if item.name.startswith("test_cli_table[")
    }
    todo = [(c, k) for c, k in TABLE if f"test_cli_table[{c.name}-{k.name}]" in selected]
    root = tmp_path_factory.mktemp("cli-table")
    (root / "en.txt").write_text(EN_TEXT, encoding="utf-8")
    (root / "zh.txt").write_text(ZH_TEXT, encoding="utf-8")
    (root / "glossary.tsv").write_text(GLOSSARY, encoding="utf-8")
    for case in CASES:
        (root / f"{case.name}.txt").write_bytes(case.data)

    def run(item: tuple[Command, Case]) -> tuple[subprocess.CompletedProcess[bytes], Path]:
        command, case = item
        folder = root / f"{command.name}-{case.name}"
        folder.mkdir()
        for name in ("en.txt", "zh.txt", "glossary.tsv", f"{case.name}.txt"):
            (folder / name).symlink_to(root / name)
        extra = ["--encoding", case.encoding] if case.encoding else []
        argv = [*command.argv(f"{case.name}.txt", case.lang), *extra]
        return run_cli(argv, folder, timeout=120), folder

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        results = list(pool.map(run, todo))
    return {(c.name, k.name): r for (c, k), r in zip(todo, results, strict=True)}


@pytest.mark.parametrize(
    ("command", "case"), TABLE, ids=[f"{c.name}-{k.name}" for c, k in TABLE]
)
def test_cli_table(
    command: Command,
    case: Case,
    cli_results: dict[tuple[str, str], tuple[subprocess.CompletedProcess[bytes], Path]],
) -> None:
    result, folder = cli_results[(command.name, case.name)]
    name = "--encoding" if case.name in ("unknown-encoding", "not-a-text-encoding") else (
        f"{case.name}.txt"
    )
    if case.error is not None:
        assert_refused(result, name, case.error, case.line)
    elif case.name in command.refuses:
        assert_refused(result, name, command.refuses[case.name], None)
    else:
        stderr = result.stderr.decode("utf-8", "replace")
        assert "Traceback" not in stderr, stderr
        assert result.returncode in command.ok, stderr
        if command.output is not None and case.lang == "en":
            assert (folder / command.output).read_bytes() == case.data


PATH_CASES = (
    ("missing", "missing.txt", "no such file"),
    ("directory", "folder", "is a directory"),
    ("device", "/dev/zero", "not a regular file"),
    ("unreadable", "secret.txt", "permission denied"),
)


PATH_TABLE = [
    (command, *case) for command in COMMANDS for case in PATH_CASES
    if case[0] != "device" or command.name == "segment"
]


@pytest.mark.parametrize(
    ("command", "name", "path", "error"), PATH_TABLE,
    ids=[f"{row[0].name}-{row[1]}" for row in PATH_TABLE],
)
def test_cli_paths(command: Command, name: str, path: str, error: str, tmp_path: Path) -> None:
    prefix = obeying_permissions(name == "unreadable", "every file is readable")
    (tmp_path / "folder").mkdir()
    (tmp_path / "secret.txt").write_text(EN_TEXT, encoding="utf-8")
    (tmp_path / "secret.txt").chmod(0)
    (tmp_path / "en.txt").write_text(EN_TEXT, encoding="utf-8")
    (tmp_path / "zh.txt").write_text(ZH_TEXT, encoding="utf-8")
    (tmp_path / "glossary.tsv").write_text(GLOSSARY, encoding="utf-8")
    result = run_cli(command.argv(path, "en"), tmp_path, prefix, timeout=60)
    assert_refused(result, path, error, None)


def test_cli_stdin_names_the_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "transreview", "segment", "--lang", "en", "-"], cwd=tmp_path,
        input=_bad_utf8_line3(), capture_output=True, check=False, timeout=60,
    )
    assert_refused(result, "-", "not valid UTF-8", 3)


GLOSSARY_CASES = (
    ("wrong-header", "term\ttranslation\n上海\tShanghai\n", 2, "header lacks", 1),
    ("extra-column", "zh\ten\n上海\tShanghai\textra\n", 2, "row has 3 fields", 2),
    ("tab-inside-a-term", "zh\ten\tforbidden\n上海\tShang\thai\tShanghai City\tx\n", 2,
     "row has 5 fields", 2),
    ("empty-en", "zh\ten\n上海\t\n", 2, "empty 'en'", 2),
    ("bad-case-value", "zh\ten\tcase\n上海\tShanghai\tloud\n", 2, "'case' must be", 2),
    ("no-header", "# only a comment\n\n", 2, "no header", 1),
    ("empty-file", "", 2, "no header", 1),
    ("gb18030", None, 2, "--encoding gb18030", 2),
    ("duplicate-rows", "zh\ten\n上海\tShanghai\n上海\tShanghai\n", 2, "duplicate", 3),
    ("quotes", 'zh\ten\tnote\n上海\t"Shanghai"\tsaid "hi"\n', 0, None, None),
    ("bom-crlf", "\ufeffzh\ten\r\n上海\tShanghai\r\n", 0, None, None),
    ("lone-cr", "zh\ten\r上海\tShanghai\r浦东新区\tPudong New Area\r", 0, None, None),
    ("columns-in-any-order", "note\ten\tzh\tmisc\nx\tShanghai\t上海\ty\n", 0, None, None),
)


GLOSSARY_TABLE = [
    pytest.param(how, *case, id=f"{how}-{case[0]}")
    for how in ("lint", "check") for case in GLOSSARY_CASES
    if how == "lint" or case[0] in ("wrong-header", "gb18030", "duplicate-rows", "quotes",
                                    "lone-cr")
]


@pytest.mark.parametrize(("how", "name", "content", "status", "error", "line"), GLOSSARY_TABLE)
def test_cli_glossary(
    how: str, name: str, content: str | None, status: int, error: str | None,
    line: int | None, tmp_path: Path,
) -> None:
    glossary = tmp_path / "g.tsv"
    if content is None:
        glossary.write_bytes("zh\ten\n上海\t上海市政府 Shanghai\n".encode("gb18030"))
    else:
        glossary.write_text(content, encoding="utf-8", newline="")
    (tmp_path / "en.txt").write_text(EN_TEXT, encoding="utf-8")
    if how == "lint":
        result = run_cli(["glossary", "lint", "g.tsv"], tmp_path, timeout=60)
    else:
        result = run_cli(["check", "--glossary", "g.tsv", "en.txt"], tmp_path, timeout=60)
    output = (result.stdout + result.stderr).decode("utf-8", "replace")
    assert "Traceback" not in output, output
    if how == "check" and name == "duplicate-rows":
        assert result.returncode in (0, 1), output
    elif how == "check" and error is not None:
        assert_refused(result, "g.tsv", error, line)
    else:
        assert result.returncode == status, output
        if error is not None:
            assert f"g.tsv:{line}:" in output and error in output, output


OUTPUT_CASES = (
    ("missing-folder", "no/such/out.txt", "does not exist"),
    ("folder-as-file", "folder", "is a directory"),
    ("read-only-folder", "locked/out.txt", "is not writable"),
)


@pytest.mark.parametrize("command", ["export", "align"])
@pytest.mark.parametrize(("name", "out", "error"), OUTPUT_CASES, ids=[c[0] for c in OUTPUT_CASES])
def test_cli_output_folder(command: str, name: str, out: str, error: str, tmp_path: Path) -> None:
    prefix = obeying_permissions(name == "read-only-folder", "every folder is writable")
    (tmp_path / "folder").mkdir()
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked").chmod(0o555)
    (tmp_path / "en.txt").write_text(EN_TEXT, encoding="utf-8")
    (tmp_path / "zh.txt").write_text(ZH_TEXT, encoding="utf-8")
    argv = (["export", "en.txt", "--zh", "zh.txt", "--format", "txt", "-o", out]
            if command == "export" else ["align", "--zh", "zh.txt", "--en", "en.txt", "-o", out])
    result = run_cli(argv, tmp_path, prefix, timeout=60)
    assert_refused(result, out, error, None)
    assert sorted(p.name for p in (tmp_path / "locked").iterdir()) == []


@pytest.mark.parametrize(
    ("english", "mismatch"),
    [
        ("Shanghai's GDP grew by 5.5%, reaching 4.72 trillion yuan.", False),
        ("Ｓｈａｎｇｈａｉ's ＧＤＰ grew by ５．５％, reaching ４．７２ trillion yuan.", False),
        ("Ｓｈａｎｇｈａｉ's ＧＤＰ grew by ６．５％, reaching ４．７２ trillion yuan.", True),
    ],
    ids=["ascii", "full-width", "full-width-wrong"],
)
def test_full_width_digits_are_numbers(english: str, mismatch: bool, tmp_path: Path) -> None:
    chinese = "上海的GDP增长５．５％，达到４．７２万亿元。\n"
    (tmp_path / "zh.txt").write_text(chinese, encoding="utf-8")
    (tmp_path / "en.txt").write_text(english + "\n", encoding="utf-8")
    result = run_cli(["check", "--zh", "zh.txt", "--format", "json", "en.txt"], tmp_path)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    rules = {finding["rule"] for finding in report["findings"]}
    assert ("number-mismatch" in rules) == mismatch, report["findings"]


SESSION_CASES = (
    ("review-not-a-database", ["review", "en.txt", "--session", "notes.sqlite"], "notes.sqlite",
     "not a usable review session"),
    ("export-not-a-database", ["export", "--session", "notes.sqlite", "--format", "txt", "-o",
                               "out.txt"], "notes.sqlite", "not a usable review session"),
    ("export-truncated", ["export", "--session", "cut.sqlite", "--format", "txt", "-o",
                          "out.txt"], "cut.sqlite", "review session"),
    ("export-missing", ["export", "--session", "gone.sqlite", "--format", "txt", "-o",
                        "out.txt"], "gone.sqlite", "no such review session"),
    ("review-missing-folder", ["review", "en.txt", "--session", "no/s.sqlite"], "no/s.sqlite",
     "cannot open the review session"),
    ("review-read-only-folder", ["review", "en.txt", "--session", "locked/s.sqlite"],
     "locked/s.sqlite", "cannot open the review session"),
)


@pytest.mark.parametrize(
    ("name", "argv", "path", "error"), SESSION_CASES, ids=[c[0] for c in SESSION_CASES]
)
def test_cli_bad_session_files(
    name: str, argv: list[str], path: str, error: str, tmp_path: Path
) -> None:
    from transreview.review import ReviewSession

    prefix = obeying_permissions(name == "review-read-only-folder", "every folder is writable")
    (tmp_path / "en.txt").write_text(EN_TEXT, encoding="utf-8")
    (tmp_path / "notes.sqlite").write_text("not a database\n", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked").chmod(0o555)
    whole = tmp_path / "whole.sqlite"
    ReviewSession.open(str(tmp_path / "en.txt"), session_path=str(whole)).close()
    data = whole.read_bytes()
    (tmp_path / "cut.sqlite").write_bytes(data[: len(data) // 2])
    result = run_cli(argv, tmp_path, prefix, timeout=60)
    assert_refused(result, path, error, None)


def test_control_characters_in_a_file_name_keep_the_message_on_one_line(tmp_path: Path) -> None:
    result = run_cli(["segment", "--lang", "en", "two\nlines\x1b[31m.txt"], tmp_path, timeout=60)
    assert_refused(result, "two\\x0alines\\x1b[31m.txt", "no such file", None)
