"""`transreview export`: write the corrected text, a bilingual file, a diff, data or a report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from transreview.errors import InputError, UsageError
from transreview.export import FORMATS

if TYPE_CHECKING:
    from transreview.model import ReviewSnapshot

NAME = "export"
HELP = "write the corrected text, TMX/XLIFF, a diff, JSON or an HTML report"
DESCRIPTION = """\
Export a review: EN uses the review session that belongs to it (EN.review.sqlite) when there is
one, otherwise a fresh analysis with no edits; --session PATH exports that session; with neither,
the bundled demo corpus. Formats (* needs the Chinese source):
""" + "".join(
    f"  {e.name:<6} {e.description}{' *' if e.needs_source else ''}\n" for e in FORMATS.values()
) + """
examples:
  transreview export en.txt --format txt -o en.corrected.txt
  transreview export en.txt --zh zh.txt --format tmx -o pairs.tmx
  transreview export --session en.txt.review.sqlite --format html -o report.html
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """EN, --zh, --glossary, --session, --presegmented, --format, -o."""
    parser.add_argument("en", nargs="?", metavar="EN", help="the English text (default: the "
                        "bundled corpus)")
    parser.add_argument("--zh", metavar="ZH", help="the Chinese source (for tmx and xliff when "
                        "no session has it)")
    parser.add_argument("--glossary", metavar="G", help="glossary.tsv for the checks")
    parser.add_argument("--session", metavar="PATH", help="export this review session")
    parser.add_argument("--presegmented", action="store_true",
                        help="one sentence per line in EN and ZH")
    parser.add_argument("--format", required=True, choices=tuple(FORMATS), help="output format")
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="output file ('-' for stdout); replaced atomically")


def _analyzed(en: str, zh: str | None, glossary: str | None,
              presegmented: bool) -> ReviewSnapshot:
    from transreview.glossary import load_glossary
    from transreview.ingest import read_document
    from transreview.pipeline import analyze, snapshot_of

    analysis = analyze(
        read_document(en, lang="en"),
        read_document(zh, lang="zh") if zh else None,
        load_glossary(glossary) if glossary else None,
        presegmented=presegmented,
    )
    return snapshot_of(analysis)


def _from_session(session: Path, en: str | None) -> ReviewSnapshot:
    """The snapshot of a review session, opened read-only (an open TUI does not block it)."""
    from transreview.ingest import read_document
    from transreview.review import ReviewSession
    from transreview.review.store import Store

    if en is None:
        store = Store(session, read_only=True)
        try:
            record = store.latest_analysis()
        finally:
            store.close()
        if record is None:
            raise UsageError(f"the review session {session} holds no analysis yet")
        en = record.en_abspath
    opened = ReviewSession.open(en, session_path=str(session), read_only=True)
    try:
        snapshot = opened.snapshot()
    finally:
        opened.close()
    if Path(en).is_file() and read_document(en).text != snapshot.en.text:
        print(f"transreview: warning: {en} changed since the review session {session} was "
              "made; exporting the reviewed version (open it with 'transreview review' to carry "
              "the edits over to the new text)", file=sys.stderr)
    return snapshot


def load_snapshot(args: argparse.Namespace) -> ReviewSnapshot:
    """The snapshot to export: the named or belonging session, else a fresh analysis.

    With no EN and no session, the bundled corpus with its Chinese source and glossary.
    """
    from transreview.resources import bundled_corpus, bundled_glossary
    from transreview.review import default_session_path

    if args.session is not None:
        if args.zh or args.glossary:
            raise UsageError("--zh and --glossary come from the review session; leave them out "
                             "with --session")
        if not Path(args.session).is_file():
            raise InputError(args.session, "no such review session")
        return _from_session(Path(args.session), args.en)
    en, zh, glossary = args.en, args.zh, args.glossary
    if en is None:
        corpus = bundled_corpus()
        en = str(corpus / "en.txt")
        zh = zh or (str(corpus / "zh.txt") if (corpus / "zh.txt").is_file() else None)
        glossary = glossary or (str(bundled_glossary()) if bundled_glossary().is_file() else None)
    if en != "-":
        session = default_session_path(en)
        if session.is_file():
            snapshot = _from_session(session, en)
            if zh and snapshot.zh is None:
                raise UsageError(f"the review session {session} was made without a Chinese "
                                 "source; review again with --zh to pair it")
            return snapshot
    return _analyzed(en, zh, glossary, args.presegmented)


def run(args: argparse.Namespace) -> int:
    """Load, render, write atomically."""
    from transreview.export import render
    from transreview.output import refuse_input, write_atomic

    refuse_input(args.output, (args.en, args.zh, args.glossary, args.session))
    write_atomic(args.output, render(load_snapshot(args), args.format))
    return 0
