"""TMX 1.4b: one translation unit per aligned bead, Chinese source and corrected English target.

Each ``<tu>`` carries the findings of its bead as ``<note>``s and, as ``<prop>``s, the bead
(``x-bead``), the original English (``x-original``) and the review state (``x-status``), in the
order TMX's DTD requires (notes, props, then the two ``<tuv>``). An edited bead's ``changeid``
and ``changedate`` are the reviewer and time of its latest edit.
"""

from __future__ import annotations

from datetime import UTC, datetime

from transreview.export.base import Exporter
from transreview.export.units import BeadUnit, bead_units, describe, xml_attr, xml_text
from transreview.model import ReviewSnapshot

SOURCE_LANG = "zh-CN"
TARGET_LANG = "en"


def _status(statuses: tuple[str, ...]) -> str:
    if "edited" in statuses:
        return "edited"
    if statuses and "unreviewed" not in statuses:
        return "reviewed"
    return "unreviewed"


def tmx_date(timestamp: str) -> str | None:
    """An ISO 8601 time as TMX writes dates (``20260102T030405Z``, UTC); None if unreadable."""
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _changed(unit: BeadUnit) -> str:
    """``changeid``/``changedate`` attributes from the bead's latest edit, if any."""
    if unit.last_edit is None:
        return ""
    date = tmx_date(unit.last_edit.timestamp)
    return f" changeid={xml_attr(unit.last_edit.reviewer)}" + (
        f' changedate="{date}"' if date else "")


def render(snapshot: ReviewSnapshot) -> bytes:
    """The snapshot's beads as a TMX 1.4b document in UTF-8."""
    from transreview import __version__

    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n',
        '<tmx version="1.4">\n',
        f'  <header creationtool="transreview" creationtoolversion="{__version__}"'
        f' segtype="sentence" o-tmf="transreview" adminlang="en" srclang="{SOURCE_LANG}"'
        ' datatype="plaintext">\n',
        f'    <prop type="x-signature">{xml_text(snapshot.signature.to_text())}</prop>\n',
        "  </header>\n",
        "  <body>\n",
    ]
    for unit in bead_units(snapshot):
        out.append(f'    <tu tuid="{unit.number}"{_changed(unit)}>\n')
        out.extend(f"      <note>{xml_text(describe(state))}</note>\n" for state in unit.findings)
        out.append(f'      <prop type="x-bead">{unit.bead.to_text()}</prop>\n')
        out.append(f'      <prop type="x-original">{xml_text(unit.original)}</prop>\n')
        out.append(f'      <prop type="x-status">{_status(unit.statuses)}</prop>\n')
        out.append(f'      <tuv xml:lang="{SOURCE_LANG}"><seg>{xml_text(unit.zh)}</seg></tuv>\n')
        out.append(f'      <tuv xml:lang="{TARGET_LANG}"><seg>{xml_text(unit.corrected)}</seg>'
                   "</tuv>\n")
        out.append("    </tu>\n")
    out.append("  </body>\n</tmx>\n")
    return "".join(out).encode("utf-8")


EXPORTER = Exporter("tmx", "TMX 1.4b translation memory, one unit per aligned bead", ".tmx",
                    True, render)
