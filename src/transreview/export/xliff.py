"""XLIFF 2.1: a ``<unit>`` per English paragraph, a ``<segment>`` per aligned bead.

Source is the Chinese, target the corrected English. Segment ``state``: ``final`` when the bead's
findings are all resolved (accepted or rejected) and the bead was reviewed or had findings;
``reviewed`` when every English sentence of it was reviewed or edited but a finding is still open;
``initial`` for a bead with no English; otherwise ``translated``. XLIFF 2 core has no notes on a
segment, so the unit's ``<notes>`` hold, per segment, the original English
(``category="original"``, id ``<segment id>-original``) and the findings (``category="finding"``).
Beads with no English join the unit before them.
"""

from __future__ import annotations

from transreview.export.base import Exporter
from transreview.export.units import BeadUnit, bead_units, describe, xml_attr, xml_text
from transreview.model import ReviewSnapshot, Severity

NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
_PRIORITY = {Severity.ERROR: 1, Severity.WARNING: 5, Severity.INFO: 9}


def state(unit: BeadUnit) -> str:
    """The XLIFF segment state of a bead (see the module docstring)."""
    if not unit.bead.en:
        return "initial"
    if unit.open_findings == 0 and (unit.findings or unit.reviewed):
        return "final"
    return "reviewed" if unit.reviewed else "translated"


def paragraphs(units: list[BeadUnit]) -> list[list[BeadUnit]]:
    """Beads grouped by the English paragraph of their first sentence, in order."""
    groups: list[list[BeadUnit]] = []
    current: int | None = None
    for unit in units:
        if groups and (unit.paragraph is None or unit.paragraph == current):
            groups[-1].append(unit)
            continue
        groups.append([unit])
        current = unit.paragraph
    return groups


def _unit(number: int, group: list[BeadUnit]) -> list[str]:
    out = [f'    <unit id="u{number}">\n']
    notes: list[str] = []
    for unit in group:
        notes.append(f'        <note id="b{unit.number}-original" category="original" '
                     f'appliesTo="target">{xml_text(unit.original)}</note>\n')
        notes.extend(
            f'        <note id="b{unit.number}-{finding.id}" category="finding" '
            f'priority="{_PRIORITY[finding.finding.severity]}">{xml_text(describe(finding))}'
            "</note>\n"
            for finding in unit.findings
        )
    out += ["      <notes>\n", *notes, "      </notes>\n"]
    for unit in group:
        out.append(f'      <segment id="b{unit.number}" state="{state(unit)}">\n')
        out.append(f"        <source>{xml_text(unit.zh)}</source>\n")
        out.append(f"        <target>{xml_text(unit.corrected)}</target>\n")
        out.append("      </segment>\n")
    out.append("    </unit>\n")
    return out


def render(snapshot: ReviewSnapshot) -> bytes:
    """The snapshot's beads as an XLIFF 2.1 document in UTF-8."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<xliff xmlns="{NAMESPACE}" version="2.1" srcLang="zh-CN" trgLang="en">\n',
        f'  <file id="f1" original={xml_attr(snapshot.en.path)} xml:space="preserve">\n',
        "    <notes>\n",
        f'      <note id="signature" category="signature">'
        f"{xml_text(snapshot.signature.to_text())}</note>\n",
        "    </notes>\n",
    ]
    for number, group in enumerate(paragraphs(bead_units(snapshot)), start=1):
        out += _unit(number, group)
    out.append("  </file>\n</xliff>\n")
    return "".join(out).encode("utf-8")


EXPORTER = Exporter("xliff", "XLIFF 2.1, a unit per paragraph and a segment per bead, with review "
                    "state", ".xlf", True, render)
