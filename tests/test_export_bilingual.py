"""tmx and xliff exports read back by Translate Toolkit with the same pairs, notes and states."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from io import BytesIO

import pytest
from test_export_golden import build_snapshot, sample_snapshot, unedited
from translate.storage.tmx import tmxfile
from translate.storage.xliff2 import Xliff2File

from transreview.errors import UsageError
from transreview.export import render
from transreview.export.tmx import tmx_date
from transreview.model import ReviewSnapshot, SegmentState

XLIFF = "{urn:oasis:names:tc:xliff:document:2.0}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def expected_pairs(snapshot: ReviewSnapshot) -> list[tuple[str, str]]:
    """(Chinese, corrected English) per bead, computed from the snapshot's own texts."""
    pairs = []
    for bead in snapshot.beads:
        zh = "".join(snapshot.zh_segments[i].text for i in bead.zh)
        en = " ".join(snapshot.segments[i].current for i in bead.en)
        pairs.append((zh, en))
    return pairs


def test_tmx_read_back_by_translate_toolkit() -> None:
    """Every bead is a unit with the Chinese source and the corrected English target."""
    snapshot = sample_snapshot()
    store = tmxfile(BytesIO(render(snapshot, "tmx")))
    assert store.sourcelanguage == "zh-CN"
    assert [(u.source, u.gettarget("en")) for u in store.units] == expected_pairs(snapshot)
    assert "4.72 trillion" in store.units[1].target
    assert "f2 number-mismatch (error, accepted)" in store.units[1].getnotes()


def test_tmx_keeps_original_english_and_bead_as_props() -> None:
    """Each unit's props hold its bead and the original English; the header the signature."""
    snapshot = sample_snapshot()
    root = ET.fromstring(render(snapshot, "tmx"))
    assert root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None and header.get("srclang") == "zh-CN"
    assert header.findtext("prop") == snapshot.signature.to_text()
    units = root.findall("body/tu")
    assert len(units) == len(snapshot.beads)
    for unit, bead in zip(units, snapshot.beads, strict=True):
        props = {p.get("type"): p.text or "" for p in unit.findall("prop")}
        assert props["x-bead"] == bead.to_text()
        assert props["x-original"] == " ".join(snapshot.segments[i].original for i in bead.en)
        tags = [child.tag for child in unit]
        assert tags == sorted(tags, key=("note", "prop", "tuv").index)
        assert [tuv.get(XML_LANG) for tuv in unit.findall("tuv")] == ["zh-CN", "en"]


def test_tmx_units_carry_the_latest_edit() -> None:
    """Edited beads name the reviewer and time of their latest edit; others have neither."""
    snapshot = sample_snapshot()
    units = ET.fromstring(render(snapshot, "tmx")).findall("body/tu")
    assert [(u.get("changeid"), u.get("changedate")) for u in units] == [
        (None, None), ("reviewer@example", "20260102T030401Z"),
        ("reviewer@example", "20260102T030405Z"), ("reviewer@example", "20260102T030402Z"),
        (None, None)]
    assert tmx_date("2026-11-27T07:14:55.123Z") == "20261127T071455Z"
    assert tmx_date("2026-11-27T15:14:55+08:00") == "20261127T071455Z"
    assert tmx_date("yesterday") is None


def test_xliff_read_back_by_translate_toolkit() -> None:
    """Translate Toolkit's XLIFF 2 store reads a segment per bead with the corrected target."""
    snapshot = sample_snapshot()
    store = Xliff2File(BytesIO(render(snapshot, "xliff")))
    units = store.units
    assert [(u.source, u.target) for u in units] == expected_pairs(snapshot)
    assert [u.getid() for u in units] == ["u1::b1", "u1::b2", "u2::b3", "u3::b4", "u3::b5"]
    assert [u.xmlelement.get("state") for u in units] == [
        "final", "final", "reviewed", "final", "translated"]
    assert [u.isapproved() for u in units] == [True, True, True, True, False]
    notes = {n.get("id"): n.text for n in units[2].getunitelement().iter(f"{XLIFF}note")}
    assert notes["b3-original"] == ("Pudong New Area was established in 1990. It is the frontier "
                                    "of reform & opening up.")
    assert "f3 length-ratio (info, open)" in (notes["b3-f3"] or "")


def test_xliff_structure() -> None:
    """XLIFF 2.1 core structure: namespace, version, languages, element order, unique ids."""
    snapshot = sample_snapshot()
    root = ET.fromstring(render(snapshot, "xliff"))
    assert root.tag == f"{XLIFF}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.1", "zh-CN", "en")
    files = root.findall(f"{XLIFF}file")
    assert len(files) == 1
    children = [child.tag for child in files[0]]
    assert children[0] == f"{XLIFF}notes" and set(children[1:]) == {f"{XLIFF}unit"}
    unit_ids = [unit.get("id") for unit in files[0].iter(f"{XLIFF}unit")]
    assert len(unit_ids) == len(set(unit_ids)) == 3
    segments = 0
    for unit in files[0].iter(f"{XLIFF}unit"):
        tags = [child.tag for child in unit]
        assert tags[0] == f"{XLIFF}notes" and set(tags[1:]) == {f"{XLIFF}segment"}
        note_ids = [note.get("id") for note in unit.iter(f"{XLIFF}note")]
        assert len(note_ids) == len(set(note_ids))
        for segment in unit.iter(f"{XLIFF}segment"):
            segments += 1
            assert [c.tag for c in segment] == [f"{XLIFF}source", f"{XLIFF}target"]
            assert segment.get("state") in {"initial", "translated", "reviewed", "final"}
    assert segments == len(snapshot.beads)


def test_xliff_states_follow_the_review() -> None:
    """Nothing reviewed, no finding resolved: translated (and initial for an English omission)."""
    snapshot = unedited(build_snapshot(sample_snapshot().en, sample_snapshot().zh,
                                       reviewed=False))
    root = ET.fromstring(render(snapshot, "xliff"))
    states = [s.get("state") for s in root.iter(f"{XLIFF}segment")]
    assert states == ["translated"] * 5
    empty = replace(snapshot, beads=(*snapshot.beads, replace(snapshot.beads[0], en=())))
    root = ET.fromstring(render(empty, "xliff"))
    assert [s.get("state") for s in root.iter(f"{XLIFF}segment")][-1] == "initial"


@pytest.mark.parametrize("fmt", ["tmx", "xliff"])
def test_bilingual_formats_need_the_source(fmt: str) -> None:
    """Without a Chinese source the bilingual formats are refused with a clear message."""
    snapshot = build_snapshot(sample_snapshot().en, None)
    with pytest.raises(UsageError, match="--zh"):
        render(snapshot, fmt)


@pytest.mark.parametrize("fmt", ["tmx", "xliff"])
def test_characters_xml_cannot_hold_are_dropped(fmt: str) -> None:
    """A control character typed into an edit does not make the file unreadable."""
    snapshot = sample_snapshot()
    segments = list(snapshot.segments)
    segments[0] = SegmentState(0, segments[0].original, "Bell\x07 & <tag> “quote”", "edited")
    data = render(replace(snapshot, segments=tuple(segments)), fmt)
    ET.fromstring(data)
    assert "Bell & <tag> “quote”" in data.decode().replace("&amp;", "&").replace(
        "&lt;", "<").replace("&gt;", ">")
