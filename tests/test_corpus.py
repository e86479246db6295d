"""The bundled demo corpus and glossary: seed text unchanged, Chinese layout, gold beads, terms."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

from transreview.glossary import load_glossary
from transreview.ingest import read_document
from transreview.model import Lang, Segment
from transreview.segment import segment_document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "shanghai"
EN = CORPUS / "en.txt"
ZH = CORPUS / "zh.txt"
GOLD = CORPUS / "gold.align"
GLOSSARY = ROOT / "glossary.tsv"
SEED = ROOT.parent / "shared" / "seed" / "000_4774ea954e5d1fe4.txt"
SEED_SHA256 = "2fdc51b2ceb1478f40ab6b33546e8609ca42780646042fcfd46ae2bd25211f10"

EN_ONLY_PARAGRAPHS = (2, 3, 69)
"""English paragraphs with no Chinese counterpart: the "Former Title:" line, the repeated
couplet and the stray web-page line at the end."""
ZH_PARAGRAPHS = 67
DROPPED_BY_TRANSLATOR = (
    "以上海中心为旗舰站，一批“金领驿站”遍布金融城楼宇",
    "目前，洋山港四期已成为全球单体规模最大的自动化集装箱码头。",
    "漫步江畔河边，跑步、骑行、观景的市民游客络绎不绝。",
)
"""Chinese sentences with no English counterpart (the start of each)."""
ADDED_BY_TRANSLATOR = ("Former Title:", "Riverside and sea, long wind;", "Guess you like it")
BEAD = re.compile(r"\[((?:\d+(?:,\d+)*)?)\]:\[((?:\d+(?:,\d+)*)?)\]")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _en_paragraph(zh_paragraph: int) -> int:
    """The English paragraph that translates Chinese paragraph ``zh_paragraph``."""
    return zh_paragraph if zh_paragraph < 2 else zh_paragraph + 2


def _segments(path: Path, lang: Lang) -> tuple[Segment, ...]:
    return segment_document(read_document(str(path)), lang)


def _beads() -> list[tuple[list[int], list[int]]]:
    beads = []
    for number, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines(), 1):
        match = BEAD.fullmatch(line)
        assert match is not None, f"gold.align line {number} is not a bead: {line!r}"
        zh, en = (
            [int(i) for i in group.split(",")] if group else [] for group in match.groups()
        )
        assert zh or en, f"gold.align line {number} is an empty bead"
        beads.append((zh, en))
    return beads


def _glossary_rows() -> list[dict[str, str]]:
    lines = [
        line
        for line in GLOSSARY.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _variants(field: str) -> list[str]:
    return [v.strip() for v in field.split("|") if v.strip()]


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def test_en_is_the_seed_article_unchanged() -> None:
    data = EN.read_bytes()
    if SEED.is_file():
        assert data == SEED.read_bytes()
    assert hashlib.sha256(data).hexdigest() == SEED_SHA256


def test_zh_is_utf8_chinese_one_paragraph_per_line_with_blank_lines_between() -> None:
    data = ZH.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert text.endswith("\n") and "\r" not in text
    lines = text[:-1].split("\n")
    assert len(lines) == 2 * ZH_PARAGRAPHS - 1
    assert all(line.strip() == "" for line in lines[1::2])
    paragraphs = lines[0::2]
    for number, paragraph in enumerate(paragraphs):
        assert paragraph == paragraph.strip() and paragraph
        hanzi = len(CJK.findall(paragraph))
        assert hanzi / len(paragraph) > 0.6, f"paragraph {number} is not mostly Chinese"


def test_zh_paragraphs_mirror_the_english_ones() -> None:
    en_paragraphs = [line for line in EN.read_text(encoding="utf-8").splitlines() if line.strip()]
    zh_paragraphs = [line for line in ZH.read_text(encoding="utf-8").splitlines() if line.strip()]
    mapped = [_en_paragraph(p) for p in range(len(zh_paragraphs))]
    assert sorted(set(range(len(en_paragraphs))) - set(mapped)) == list(EN_ONLY_PARAGRAPHS)
    headings = [p for p, line in enumerate(zh_paragraphs) if line[-1] not in "。！？”）"]
    assert len(headings) == 6
    assert all(en_paragraphs[_en_paragraph(p)][-1] not in '.!?"' for p in headings)


def test_gold_covers_the_current_segmentation_once_and_in_order() -> None:
    zh, en = _segments(ZH, "zh"), _segments(EN, "en")
    beads = _beads()
    assert [i for z, _ in beads for i in z] == list(range(len(zh)))
    assert [i for _, e in beads for i in e] == list(range(len(en)))


def test_gold_has_omissions_additions_and_merges() -> None:
    shapes = [(len(z), len(e)) for z, e in _beads()]
    assert sum(1 for shape in shapes if shape[1] == 0) >= 2
    assert sum(1 for shape in shapes if shape[0] == 0) >= 3
    assert (1, 2) in shapes and (2, 1) in shapes


def test_gold_null_beads_are_the_known_omissions_and_additions() -> None:
    zh, en = _segments(ZH, "zh"), _segments(EN, "en")
    beads = _beads()
    dropped = [zh[i].text for z, e in beads if not e for i in z]
    added = [en[i].text for z, e in beads if not z for i in e]
    assert len(dropped) == len(DROPPED_BY_TRANSLATOR)
    assert all(t.startswith(p) for t, p in zip(dropped, DROPPED_BY_TRANSLATOR, strict=True))
    assert len(added) == len(ADDED_BY_TRANSLATOR)
    assert all(t.startswith(p) for t, p in zip(added, ADDED_BY_TRANSLATOR, strict=True))


def test_gold_beads_stay_within_corresponding_paragraphs() -> None:
    zh, en = _segments(ZH, "zh"), _segments(EN, "en")
    for z, e in _beads():
        if z and e:
            assert {_en_paragraph(zh[i].paragraph) for i in z} == {en[i].paragraph for i in e}
    added = [i for z, e in _beads() if not z for i in e]
    assert {en[i].paragraph for i in added} == set(EN_ONLY_PARAGRAPHS)


def test_glossary_has_forty_terms_with_english() -> None:
    rows = _glossary_rows()
    assert rows and list(rows[0])[:5] == ["zh", "en", "forbidden", "case", "note"]
    assert sum(1 for row in rows if _variants(row["en"])) >= 40
    assert all(_variants(row["en"]) for row in rows)
    assert {row["case"] for row in rows} <= {"", "ignore", "exact"}


def test_glossary_variants_are_distinct() -> None:
    seen: dict[str, str] = {}
    for row in _glossary_rows():
        for variant in _variants(row["en"]) + _variants(row["forbidden"]):
            key = _normalised(variant)
            assert key not in seen, f"{variant!r} listed for {seen.get(key)} and {row['zh']}"
            seen[key] = row["zh"]


def test_glossary_forbidden_variants_occur_in_the_english() -> None:
    text = _normalised(EN.read_text(encoding="utf-8"))
    missing = [
        variant
        for row in _glossary_rows()
        for variant in _variants(row["forbidden"])
        if not re.search(
            r"(?<!\w)" + re.escape(_normalised(variant)) + r"(?:s|es|'s|s')?(?!\w)", text
        )
    ]
    assert missing == []


def test_glossary_chinese_terms_occur_in_the_chinese() -> None:
    text = ZH.read_text(encoding="utf-8")
    assert [row["zh"] for row in _glossary_rows() if row["zh"] and row["zh"] not in text] == []


def test_glossary_loads_with_the_project_loader() -> None:
    glossary = load_glossary(str(GLOSSARY))
    assert len(glossary.terms) == len(_glossary_rows())
