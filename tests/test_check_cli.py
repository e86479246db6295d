"""`transreview check` in a subprocess: exit codes, formats, jobs, baselines and configuration."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from transreview.checks import REGISTRY
from transreview.cli.check import default_jobs, on_glibc
from transreview.glossary import load_glossary
from transreview.ingest import read_document
from transreview.pipeline import analyze
from transreview.report import json_schema

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "shanghai" / "en.txt"
GLOSSARY = ROOT / "glossary.tsv"

CLEAN = "The city opened a new port.\nIt is busy.\n"
WARNINGS_ONLY = "The city opened a new  port.\n"
ERRORS = "The grass-roots cadres met.\nThe 上海 office opened.\n"
GLOSSARY_TEXT = "zh\ten\tforbidden\n基层\tgrassroots\tgrass-roots\n"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "transreview", "check", *args],
                          capture_output=True, text=True, check=False, cwd=cwd)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "warn.txt").write_text(WARNINGS_ONLY, encoding="utf-8")
    (tmp_path / "err.txt").write_text(ERRORS, encoding="utf-8")
    (tmp_path / "g.tsv").write_text(GLOSSARY_TEXT, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--jobs", "-3", "--jobs must be 0 (all CPUs) or more"),
    ("--chunk-size", "-5", "--chunk-size must be 1 or more (characters)"),
    ("--chunk-size", "0", "--chunk-size must be 1 or more (characters)"),
])
def test_a_bad_number_is_a_usage_error(work: Path, option: str, value: str, message: str
                                       ) -> None:
    result = run(option, value, "clean.txt", cwd=work)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"transreview: {message}\n"


def test_exit_codes_and_fail_on(work: Path) -> None:
    assert run("clean.txt", cwd=work).returncode == 0
    warn = run("warn.txt", cwd=work)
    assert warn.returncode == 0
    assert warn.stdout == ("warn.txt:1:22: warning whitespace several spaces in a row -> ' '\n")
    assert run("--fail-on", "warning", "warn.txt", cwd=work).returncode == 1
    assert run("--glossary", "g.tsv", "err.txt", cwd=work).returncode == 1
    missing = run("absent.txt", cwd=work)
    assert missing.returncode == 2 and missing.stdout == ""
    assert "absent.txt: no such file" in missing.stderr and "Traceback" not in missing.stderr
    bad_rule = run("--select", "nope", "clean.txt", cwd=work)
    assert bad_rule.returncode == 2 and "unknown rule" in bad_rule.stderr
    (work / "bad.tsv").write_text("zh\tforbidden\n", encoding="utf-8")
    bad_glossary = run("--glossary", "bad.tsv", "clean.txt", cwd=work)
    assert bad_glossary.returncode == 2 and "bad.tsv:1:" in bad_glossary.stderr


def test_text_report_of_several_files_goes_to_stdout_only(work: Path) -> None:
    result = run("--glossary", "g.tsv", "clean.txt", "err.txt", "warn.txt", cwd=work)
    assert result.stdout.splitlines() == [
        "err.txt:1:5: error forbidden-term 'grass-roots' is a forbidden variant; use "
        "'grassroots' -> grassroots",
        "err.txt:2:5: error untranslated Chinese text left untranslated: '上海'",
        "warn.txt:1:22: warning whitespace several spaces in a row -> ' '",
    ]
    assert "3 finding(s): 2 error(s), 1 warning(s)" in result.stderr


def test_select_and_ignore(work: Path) -> None:
    only = run("--glossary", "g.tsv", "--select", "untranslated", "err.txt", cwd=work)
    assert [line.split()[2] for line in only.stdout.splitlines()] == ["untranslated"]
    rest = run("--glossary", "g.tsv", "--ignore", "untranslated,whitespace", "err.txt", cwd=work)
    assert [line.split()[2] for line in rest.stdout.splitlines()] == ["forbidden-term"]


def test_json_report_validates_against_the_schema_and_matches_analyze(work: Path) -> None:
    result = run("--format", "json", "--glossary", str(GLOSSARY), str(SEED), cwd=work)
    report = json.loads(result.stdout)
    jsonschema.validate(report, json_schema())
    analysis = analyze(read_document(str(SEED)), glossary=load_glossary(str(GLOSSARY)))
    text = analysis.en.text
    assert [(f["rule"], f["term"]) for f in report["findings"]] == [
        (f.rule, f.term) for f in analysis.findings]
    for finding, original in zip(report["findings"], analysis.findings, strict=True):
        lines = text.split("\n")
        line = lines[finding["line"] - 1]
        assert finding["line"] == text.count("\n", 0, original.start) + 1
        start = finding["column"] - 1
        if finding["end_line"] == finding["line"]:
            assert line[start:finding["end_column"] - 1] == original.term
    assert report["signature"] == analysis.signature.to_text()
    assert report["summary"]["findings"] == len(analysis.findings)
    assert report["summary"]["failed"] is True and result.returncode == 1


def test_json_report_with_no_findings_is_valid(work: Path) -> None:
    report = json.loads(run("--format", "json", "clean.txt", cwd=work).stdout)
    jsonschema.validate(report, json_schema())
    assert report["findings"] == [] and report["summary"]["files"] == 1


def test_sarif_report_parses_back(work: Path) -> None:
    result = run("--format", "sarif", "--glossary", "g.tsv", "err.txt", "clean.txt", cwd=work)
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0"
    run_ = sarif["runs"][0]
    rule_ids = [rule["id"] for rule in run_["tool"]["driver"]["rules"]]
    assert [r["ruleId"] for r in run_["results"]] == ["forbidden-term", "untranslated"]
    first = run_["results"][0]
    assert rule_ids[first["ruleIndex"]] == "forbidden-term" and first["level"] == "error"
    region = first["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (1, 5, 16)
    assert first["fixes"][0]["artifactChanges"][0]["replacements"][0][
        "insertedContent"]["text"] == "grassroots"


def test_junit_report_parses_back(work: Path) -> None:
    result = run("--format", "junit", "--glossary", "g.tsv", "err.txt", "clean.txt", cwd=work)
    root = ET.fromstring(result.stdout)
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("3", "2")
    cases = suite.findall("testcase")
    assert [case.get("classname") for case in cases] == ["err.txt", "err.txt", "clean.txt"]
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("type") == "error"
    assert "grassroots" in (failure.text or "")


def test_github_annotations(work: Path) -> None:
    result = run("--format", "github", "--glossary", "g.tsv", "err.txt", cwd=work)
    assert result.stdout.splitlines()[0] == (
        "::error file=err.txt,line=1,col=5,endLine=1,endColumn=16,title=forbidden-term::"
        "'grass-roots' is a forbidden variant; use 'grassroots' (suggestion: grassroots)")


def test_jobs_2_gives_the_same_report_as_jobs_1(tmp_path: Path) -> None:
    seed = SEED.read_text(encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text(seed * 6, encoding="utf-8")
    args = ("--format", "json", "--glossary", str(GLOSSARY), "--chunk-size", "20000", "big.txt")
    one = run("--jobs", "1", *args, cwd=tmp_path)
    two = run("--jobs", "2", *args, cwd=tmp_path)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    findings = json.loads(one.stdout)["findings"]
    # repeats of the whole article across chunks are found by the document rules
    assert sum(1 for f in findings if f["rule"] == "duplicate-segment") > 5 * 40
    whole = run("--jobs", "1", "--format", "json", "--glossary", str(GLOSSARY), "big.txt",
                cwd=tmp_path)
    assert json.loads(whole.stdout)["findings"] == findings


_REFAULTS = """
import resource, sys
from transreview.cli.check import _tune_allocator
if sys.argv[1] == "tuned":
    _tune_allocator()

def faults():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(5):
        blocks = [b"x" * (8 << 20) for _ in range(6)]
        del blocks
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

faults()  # the first blocks fault their pages in whatever the settings
print(faults())
"""


@pytest.mark.skipif(not on_glibc(), reason="only glibc's malloc is tuned")
def test_a_parallel_runs_allocator_reuses_freed_blocks_instead_of_faulting_them_in_again(
        ) -> None:
    """Blocks of megabytes freed and allocated again, as a parallel check's chunks and reports
    are: glibc's defaults give their memory back and fault it in anew, the tuned allocator
    keeps it (the plain run shows the test can tell the two apart)."""
    def refaults(mode: str) -> int:
        result = subprocess.run([sys.executable, "-c", _REFAULTS, mode], capture_output=True,
                                text=True, check=True)
        return int(result.stdout)

    assert refaults("plain") > 10_000
    assert refaults("tuned") < 1_000


def test_a_python_without_ctypes_runs_untuned() -> None:
    """Tuning the allocator is an optimisation: where ``ctypes`` cannot be imported, the run
    goes on without it."""
    code = ("import sys; sys.modules['ctypes'] = None\n"
            "from transreview.cli.check import _tune_allocator\n"
            "_tune_allocator(); print('untuned')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "untuned", "")


@pytest.mark.parametrize(("cpus", "english", "source", "jobs"), [
    (8, 3_000_000, None, 1),  # English alone: one process up to 4 MB
    (8, 5_000_000, None, 8),  # then every CPU
    (8, 30_000, 20_000, 1),  # a small pair: one process
    (2, 2_200_000, 1_600_000, 2),  # a pair over 100 KB with its English under 4 MB: workers
    (8, 2_200_000, 1_600_000, 3),  # no more than a pair has work for at once
    (1, 5_000_000, 3_000_000, 1),
])
def test_default_jobs(cpus: int, english: int, source: int | None, jobs: int) -> None:
    assert default_jobs(cpus, english, source) == jobs


@pytest.mark.parametrize("fmt", ["json", "sarif", "text"])
def test_zh_with_jobs_gives_the_report_of_one_process(tmp_path: Path, fmt: str) -> None:
    """With workers, ``--zh`` runs the English-only rules in one of them, which renders their
    findings: same report (digests included), and the same baseline written."""
    corpus = SEED.parent
    args = ("--zh", str(corpus / "zh.txt"), "--format", fmt, "--glossary", str(GLOSSARY),
            str(corpus / "en.txt"))
    one = run("--jobs", "1", *args, cwd=tmp_path)
    two = run("--jobs", "2", *args, cwd=tmp_path)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    if fmt == "json":
        rules = {finding["rule"] for finding in json.loads(one.stdout)["findings"]}
        assert {"forbidden-term", "inconsistent-term", "missing-term", "omission"} <= rules
        for jobs in ("1", "2"):
            run("--jobs", jobs, "--write-baseline", f"base{jobs}.json", *args, cwd=tmp_path)
        assert (tmp_path / "base1.json").read_bytes() == (tmp_path / "base2.json").read_bytes()


def test_a_streamed_file_gives_the_report_of_the_whole(tmp_path: Path) -> None:
    """A file read in blocks (larger than two chunks) reports as when read whole, digests and
    CRLF line numbers included, with non-ASCII text before the findings."""
    seed = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    big = tmp_path / "big.txt"
    big.write_bytes(("“Ünïcödé” café — 上海 prologue.\r\n" + seed * 4).encode("utf-8"))
    for fmt in ("sarif", "text"):
        args = ("--format", fmt, "--glossary", str(GLOSSARY), "big.txt")
        streamed = run("--chunk-size", "5000", *args, cwd=tmp_path)
        whole = run(*args, cwd=tmp_path)
        assert streamed.returncode == whole.returncode == 1
        assert streamed.stdout == whole.stdout
    assert "partialFingerprints" in run("--format", "sarif", "--chunk-size", "5000",
                                        "--glossary", str(GLOSSARY), "big.txt",
                                        cwd=tmp_path).stdout


def test_baseline_round_trip(work: Path) -> None:
    written = run("--glossary", "g.tsv", "--write-baseline", "base.json", "err.txt", cwd=work)
    assert written.returncode == 0 and written.stdout == ""
    assert "recorded 2 finding(s)" in written.stderr
    again = run("--glossary", "g.tsv", "--baseline", "base.json", "err.txt", cwd=work)
    assert again.returncode == 0 and again.stdout == ""
    assert "2 suppressed" in again.stderr
    # a new problem in another sentence is still reported; editing a line revives its findings
    (work / "err.txt").write_text(ERRORS + "More grass-roots work.\n", encoding="utf-8")
    new = run("--glossary", "g.tsv", "--baseline", "base.json", "err.txt", cwd=work)
    assert new.returncode == 1
    assert [line.split(":")[1] for line in new.stdout.splitlines()] == ["3"]
    # a file that is not a baseline is never overwritten by one (the text would be lost)
    before = (work / "err.txt").read_bytes()
    refused = run("--glossary", "g.tsv", "--write-baseline", "err.txt", cwd=work)
    assert refused.returncode == 2 and refused.stdout == ""
    assert "err.txt exists and is not a transreview baseline" in refused.stderr
    assert (work / "err.txt").read_bytes() == before
    default = run("--glossary", "g.tsv", "--write-baseline", "--", "err.txt", cwd=work)
    assert default.returncode == 0 and (work / ".transreview-baseline.json").is_file()
    assert run("--glossary", "g.tsv", "err.txt", cwd=work).returncode == 0
    assert run("--glossary", "g.tsv", "--no-baseline", "err.txt", cwd=work).returncode == 1


def test_pyproject_configuration(work: Path) -> None:
    (work / "pyproject.toml").write_text(
        '[tool.transreview]\nglossary = "g.tsv"\nignore = ["untranslated"]\n'
        'fail-on = "warning"\n[tool.transreview.severity]\nforbidden-term = "warning"\n',
        encoding="utf-8")
    sub = work / "sub"
    sub.mkdir()
    result = run("../err.txt", cwd=sub)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "../err.txt:1:5: warning forbidden-term 'grass-roots' is a forbidden variant; use "
        "'grassroots' -> grassroots"]
    assert run("--fail-on", "error", "../err.txt", cwd=sub).returncode == 0
    assert run(cwd=sub).returncode == 2
    (work / "pyproject.toml").write_text("[tool.transreview]\nselct = []\n", encoding="utf-8")
    broken = run("../err.txt", cwd=sub)
    assert broken.returncode == 2 and "unknown key(s) selct" in broken.stderr


def test_no_argument_checks_the_bundled_corpus(tmp_path: Path) -> None:
    if not (ROOT / "corpora" / "shanghai" / "zh.txt").is_file():
        pytest.skip("the bundled Chinese source is absent")
    result = run("--format", "json", cwd=tmp_path)
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert "align:" in report["signature"]
    rules = {f["rule"] for f in report["findings"]}
    assert {"forbidden-term", "duplicate-segment", "addition"} <= rules
    last = max(f["line"] for f in report["findings"] if f["rule"] == "addition")
    assert last == 141  # the stray web-page line "Guess you like it"


def test_help_lists_every_rule_with_its_severity(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    for rule in REGISTRY.values():
        assert any(line.split()[:2] == [rule.id, rule.severity.value]
                   for line in result.stdout.splitlines() if line.strip()), rule.id


def test_empty_file_gives_an_empty_valid_report(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("--format", "json", "empty.txt", cwd=tmp_path)
    assert result.returncode == 0
    report = json.loads(result.stdout)
    jsonschema.validate(report, json_schema())
    assert report["findings"] == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_unreadable_file_stops_the_run_with_nothing_on_stdout(work: Path, jobs: str) -> None:
    (work / "bad.txt").write_bytes(b"caf\xe9\n")
    result = run("--format", "json", "--jobs", jobs, "err.txt", "bad.txt", cwd=work)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "bad.txt:1: not valid utf-8" in result.stderr.lower()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_block_late_in_a_streamed_file_stops_the_run_with_nothing_on_stdout(
        work: Path, jobs: str) -> None:
    """A large file is checked while it is read: a bad byte far into it still ends the run
    with the whole file's error (file and line) and an empty stdout."""
    seed = SEED.read_bytes()
    (work / "late.txt").write_bytes(seed * 3 + b"caf\xe9\n" + seed)
    result = run("--format", "json", "--jobs", jobs, "--chunk-size", "5000", "err.txt",
                 "late.txt", cwd=work)
    assert result.returncode == 2
    assert result.stdout == ""
    line = 3 * seed.count(b"\n") + 1
    assert f"late.txt:{line}: not valid utf-8" in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_several_files_in_parallel_keep_their_order(work: Path) -> None:
    (work / "empty.txt").write_bytes(b"")
    files = ["err.txt", "clean.txt", "warn.txt", "empty.txt", "err.txt"]
    one = run("--glossary", "g.tsv", "--jobs", "1", *files, cwd=work)
    two = run("--glossary", "g.tsv", "--jobs", "2", *files, cwd=work)
    assert one.stdout == two.stdout
    assert [line.split(":")[0] for line in two.stdout.splitlines()] == [
        "err.txt", "err.txt", "warn.txt", "err.txt", "err.txt"]


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_stdout_that_cannot_encode_the_report_gets_it_escaped(tmp_path: Path, fmt: str
                                                               ) -> None:
    """On an ASCII-only stdout, characters it cannot carry are escaped, not a traceback; the
    JSON report stays valid JSON with the same findings."""
    (tmp_path / "en.txt").write_text("The 上海 grass-roots office.\n", encoding="utf-8")
    (tmp_path / "g.tsv").write_text(GLOSSARY_TEXT, encoding="utf-8")
    args = ("--format", fmt, "--glossary", "g.tsv", "en.txt")
    plain = run(*args, cwd=tmp_path)
    ascii_only = subprocess.run(
        [sys.executable, "-m", "transreview", "check", *args], capture_output=True,
        check=False, cwd=tmp_path, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert plain.returncode == ascii_only.returncode == 1
    assert b"Traceback" not in ascii_only.stderr
    assert ascii_only.stdout.isascii()
    assert "\\u4e0a\\u6d77" in ascii_only.stdout.decode("ascii")
    if fmt == "json":
        assert json.loads(ascii_only.stdout) == json.loads(plain.stdout)


def test_the_report_writer_writes_in_order_and_raises_a_write_error_in_the_caller(
        tmp_path: Path) -> None:
    from transreview.cli.check import _Writer

    path = tmp_path / "report.json"
    with path.open("wb") as stream:
        writer = _Writer(stream)
        for number in range(50):
            writer.write(memoryview(f"{number},".encode()))
        writer.close()
    assert path.read_text() == "".join(f"{number}," for number in range(50))
    with path.open("rb") as read_only:
        writer = _Writer(read_only)
        writer.write(memoryview(b"x"))
        with pytest.raises(OSError):
            writer.close()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (a full device)")
def test_the_report_writer_raises_its_error_once_and_writes_nothing_after_it() -> None:
    from transreview.cli.check import _Writer

    raised = 0
    with open("/dev/full", "wb", buffering=0) as full:
        writer = _Writer(full)
        for _ in range(20):
            try:
                writer.write(memoryview(b"x" * 10))
            except OSError:
                raised += 1
        try:
            writer.close()
        except OSError:
            raised += 1
    assert raised == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (a full device)")
@pytest.mark.parametrize("copies", [1, 100_000])
def test_a_report_that_cannot_be_written_is_one_line_and_exit_2(tmp_path: Path, copies: int
                                                                 ) -> None:
    """A full disk gives one line naming the failure and exit 2, for a small report written at
    the end and for a large one written by the writer thread as it goes."""
    path = tmp_path / "en.txt"
    path.write_text("The grass-roots units met. The grassroots units met.\n" * copies,
                    encoding="utf-8")
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "transreview", "check", "--format", "json", "--quiet",
             "--no-baseline", "--jobs", "2", str(path)],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=300)
    assert result.returncode == 2
    assert result.stderr == "transreview: No space left on device\n"


def test_a_reader_that_stops_early_ends_a_large_check_quietly(tmp_path: Path) -> None:
    """A report piped into a reader that closes early (``| head``) ends the run without a
    traceback: the writer thread's broken pipe reaches the command."""
    text = "The grass-roots units met. The grassroots units met. Shanghai Tower.\n" * 40_000
    path = tmp_path / "en.txt"
    path.write_text(text, encoding="utf-8")
    check = subprocess.Popen(
        [sys.executable, "-m", "transreview", "check", "--format", "json", "--quiet",
         "--no-baseline", "--jobs", "2", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert check.stdout is not None and check.stderr is not None
    first = check.stdout.read(1000)
    check.stdout.close()
    errors = check.stderr.read().decode()
    check.wait(timeout=120)
    assert first.startswith(b"{")
    assert "Traceback" not in errors
