"""glossary.tsv parsing, the English and Chinese matchers, and ``glossary lint``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from transreview.errors import InputError
from transreview.glossary import Glossary, lint, load_glossary
from transreview.model import Term


def write(tmp_path: Path, text: str, name: str = "g.tsv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_columns_by_name_in_any_order_with_comments_and_unknown_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "# comment\n\nnote\textra\ten\tcase\tzh\tforbidden\n"
                 "a note\tx\tZone| zone b \texact\t区\tArea|Region\n"
                 "# another comment\n\t\tcity\t\t\t\n")
    glossary = load_glossary(path)
    first, second = glossary.terms
    assert first == Term(zh="区", en=("Zone", "zone b"), forbidden=("Area", "Region"),
                         case_sensitive=True, note="a note", line=4)
    assert second.en == ("city",) and second.zh == "" and second.line == 6
    assert glossary.term_pairs() == (("区", "Zone"), ("区", "zone b"))


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_bytes("\ufeffzh\ten\r\n上海\tShanghai\r\n".encode())
    assert load_glossary(str(path)).terms[0].en == ("Shanghai",)


def test_digest_depends_on_content_only(tmp_path: Path) -> None:
    a = load_glossary(write(tmp_path, "zh\ten\n上海\tShanghai\n", "a.tsv"))
    b = load_glossary(write(tmp_path, "# c\nen\tzh\nShanghai\t上海\n", "b.tsv"))
    c = load_glossary(write(tmp_path, "zh\ten\n上海\tShanghai City\n", "c.tsv"))
    assert a.digest == b.digest != c.digest


@pytest.mark.parametrize(("text", "line", "message"), [
    ("", 1, "no header"),
    ("# only a comment\n", 1, "no header"),
    ("zh\tforbidden\nx\ty\n", 1, "'en'"),
    ("en\tnote\nx\ty\n", 1, "'zh'"),
    ("zh\ten\n区\t\n", 2, "empty 'en'"),
    ("zh\ten\n区\t | \n", 2, "empty 'en'"),
    ("zh\ten\tcase\n\n区\tzone\tsometimes\n", 3, "'case'"),
    ("zh\ten\n区\tzone\textra field\n", 2, "fields"),
])
def test_structural_errors_name_file_and_line(tmp_path: Path, text: str, line: int,
                                              message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as raised:
        load_glossary(path)
    assert raised.value.line == line
    assert message in raised.value.message
    assert str(raised.value).startswith(f"{path}:{line}: ")


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_glossary(str(tmp_path / "absent.tsv"))


def glossary_of(*rows: tuple[str, ...] | Term) -> Glossary:
    terms = []
    for row in rows:
        if isinstance(row, Term):
            terms.append(row)
        else:
            en, *rest = row
            terms.append(Term(zh="", en=tuple(en.split("|")),
                              forbidden=tuple(rest[0].split("|")) if rest else ()))
    return Glossary.from_terms(terms)


def spans(glossary: Glossary, text: str) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.kind) for m in glossary.find_en(text)]


# (rows, text, expected matched spans with their kind)
MATCHING = [
    # whole words only
    ((("zone",),), "ozone zones zone-based", [("zones", "approved"), ("zone", "approved")]),
    # regular plurals of the last word: -s, -es, -ies
    ((("city",), ("Expo",), ("box",)), "Cities, Expos and boxes; the city",
     [("Cities", "approved"), ("Expos", "approved"), ("boxes", "approved"),
      ("city", "approved")]),
    # possessives: 's, s', ’s
    ((("Zone",),), "the Zone's rules, the Zones' rules, the Zone’s rules",
     [("Zone's", "approved"), ("Zones'", "approved"), ("Zone’s", "approved")]),
    # case-insensitive by default
    ((("free trade zone",),), "FREE TRADE ZONE and Free Trade Zone",
     [("FREE TRADE ZONE", "approved"), ("Free Trade Zone", "approved")]),
    # whitespace runs and line breaks match any whitespace
    ((("Pilot Free Trade Zone",),), "the Pilot  Free\nTrade\r\n Zone.",
     [("Pilot  Free\nTrade\r\n Zone", "approved")]),
    # a forbidden variant containing an approved term: reported once, for the longer
    ((("Shanghai Pilot Free Trade Zone", "China Shanghai Pilot Free Trade Zone"),),
     "The China Shanghai Pilot Free Trade Zone and the Shanghai Pilot Free Trade Zone.",
     [("China Shanghai Pilot Free Trade Zone", "forbidden"),
      ("Shanghai Pilot Free Trade Zone", "approved")]),
    # a forbidden variant inside an approved term is not reported
    ((("megacity governance",), ("megacity", "mega city")),
     "megacity governance and a mega city", [("megacity governance", "approved"),
                                             ("mega city", "forbidden")]),
    # overlapping terms: the longest wins whatever the order of the rows
    ((("Trade Zone",), ("Free Trade",), ("Pilot Free Trade",)), "a Pilot Free Trade Zone",
     [("Pilot Free Trade", "approved")]),
    # punctuation inside a term
    ((("Co., Ltd.",),), "Guohua Life Insurance Co., Ltd. said",
     [("Co., Ltd.", "approved")]),
    # a typographic apostrophe matches a typewriter one, either way round
    ((("people's city",), ("the Party’s Central Committee",)),
     "The people’s city. The people's cities. The Party's Central Committee.",
     [("people’s city", "approved"), ("people's cities", "approved"),
      ("The Party's Central Committee", "approved")]),
]


@pytest.mark.parametrize(("rows", "text", "expected"), MATCHING)
def test_english_matching_rules(rows: tuple[tuple[str, ...], ...], text: str,
                                expected: list[tuple[str, str]]) -> None:
    assert spans(glossary_of(*rows), text) == expected


def test_apostrophes_match_either_way_in_a_long_text() -> None:
    """A text long enough to be matched in bulk, with typographic quotes and apostrophes (the
    fast path folds it as bytes)."""
    glossary = glossary_of(("people's city",), ("the Party’s Central Committee",))
    text = "“The people’s city.” " * 300 + "The Party's Central Committee."
    assert spans(glossary, text) == [("people’s city", "approved")] * 300 + [
        ("The Party's Central Committee", "approved")]


def test_exact_case_rows_match_only_their_case() -> None:
    glossary = glossary_of(Term(zh="", en=("Pudong",), case_sensitive=True),
                           Term(zh="", en=("TEU",), case_sensitive=True))
    assert spans(glossary, "Pudong, pudong, PUDONG, 15 million TEUs and teus") == [
        ("Pudong", "approved"), ("TEUs", "approved")]
    glossary = glossary_of(Term(zh="", en=("Xi'an",), case_sensitive=True))
    assert spans(glossary, "Xi’an, xi’an, Xi'an") == [("Xi’an", "approved"), ("Xi'an", "approved")]


def test_matches_are_deterministic_and_ordered() -> None:
    rows = [("a b",), ("b c",), ("c d",), ("a b c d e",)]
    text = "x a b c d y a b c d e"
    results = {tuple(spans(glossary_of(*order), text))
               for order in (rows, rows[::-1], rows[1:] + rows[:1])}
    assert results == {(("a b", "approved"), ("c d", "approved"),
                        ("a b c d e", "approved"))}


def test_match_offsets_after_collapsed_whitespace_point_into_the_original() -> None:
    glossary = glossary_of(("new area",), ("port",))
    text = "a  new \t\n area   near the    port"
    found = glossary.find_en(text)
    assert [text[m.start:m.end] for m in found] == ["new \t\n area", "port"]


def test_chinese_terms_match_after_width_folding() -> None:
    glossary = Glossary.from_terms([
        Term(zh="中国（上海）自由贸易试验区", en=("China (Shanghai) Pilot Free Trade Zone",)),
        Term(zh="上海", en=("Shanghai",)),
        Term(zh="15分钟社区生活圈", en=("15-minute community life circle",)),
    ])
    text = "建设中国(上海)自由贸易试验区，上海的１５分钟社区生活圈"
    assert [(text[s:e], t) for s, e, t in glossary.find_zh(text)] == [
        ("中国(上海)自由贸易试验区", 0), ("上海", 1), ("１５分钟社区生活圈", 2)]


LINT_CASES = [
    ("zh\ten\tforbidden\n基层\tgrassroots\tGrassroots\n", [(2, "approved rendering of this row")]),
    ("zh\ten\tforbidden\n甲\talpha\t\n乙\tbeta\tALPHA\n", [(3, "approved rendering of line 2")]),
    ("zh\ten\n甲\talpha\n甲\talpha\n", [(3, "duplicate of the row on line 2")]),
    ("zh\ten\n甲\talpha\n甲\tbeta\n", [(3, "'甲' is also claimed by line 2")]),
    ("zh\ten\n甲\talpha\n乙\tAlpha\n", [(3, "'Alpha' is also claimed by line 2")]),
    ("zh\ten\n甲\t\n", [(2, "empty 'en'")]),
    ("zh\ten\tforbidden\n甲\tpeople's city\tpeople’s city\n", [(2, "approved rendering")]),
    ("zh\tforbidden\n", [(1, "'en'")]),
]


@pytest.mark.parametrize(("text", "expected"), LINT_CASES)
def test_lint_reports_each_problem_with_its_line(tmp_path: Path, text: str,
                                                 expected: list[tuple[int, str]]) -> None:
    path = write(tmp_path, text)
    problems = lint(path)
    assert [p.line for p in problems] == [line for line, _ in expected]
    for problem, (line, message) in zip(problems, expected, strict=True):
        assert message in problem.message
        assert str(problem).startswith(f"{path}:{line}: ")


def test_lint_accepts_a_case_variant_in_an_exact_row(tmp_path: Path) -> None:
    path = write(tmp_path, "zh\ten\tforbidden\tcase\n浦东\tPudong\tPUDONG\texact\n")
    assert lint(path) == []


def test_project_glossary_is_clean() -> None:
    root = Path(__file__).resolve().parents[1]
    assert lint(str(root / "glossary.tsv")) == []


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "transreview", *args],
                          capture_output=True, text=True, check=False)


def test_glossary_lint_cli_exit_codes(tmp_path: Path) -> None:
    good = write(tmp_path, "zh\ten\n上海\tShanghai\n", "good.tsv")
    bad = write(tmp_path, "zh\ten\tforbidden\n上海\tShanghai\tshanghai\n", "bad.tsv")
    ok = run_cli("glossary", "lint", good)
    assert ok.returncode == 0 and ok.stdout == ""
    failed = run_cli("glossary", "lint", bad)
    assert failed.returncode == 2
    assert failed.stdout.startswith(f"{bad}:2: forbidden variant 'shanghai'")
    missing = run_cli("glossary", "lint", str(tmp_path / "absent.tsv"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert "Traceback" not in missing.stderr
