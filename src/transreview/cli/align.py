"""`transreview align`: sentence-align a Chinese source with its English translation."""

from __future__ import annotations

import argparse
import json

from transreview.errors import InputError
from transreview.model import Alignment

NAME = "align"
HELP = "sentence-align a Chinese source with its English translation"
DESCRIPTION = """\
Sentence-align a Chinese source (--zh) with its English translation (--en).

formats:
  beads  one bead per line, [zh ids]:[en ids], 0-based: [0]:[0], [1]:[1,2], []:[4]
  tsv    one bead per line, zh text<TAB>en text (sentences of a side joined by a space)
  json   {"aligner", "beads": [{"zh", "en", "zh_text", "en_text", "zh_spans", "en_spans",
         "score"}]}; spans are [start, end) character offsets into each file
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--zh, --en, --presegmented, --glossary, --format, -o (the CLI adds --encoding)."""
    parser.add_argument("--zh", required=True, metavar="ZH", help="the Chinese source file")
    parser.add_argument("--en", required=True, metavar="EN", help="the English translation file")
    parser.add_argument(
        "--presegmented", action="store_true", help="one sentence per line (line k is sentence k)"
    )
    parser.add_argument("--glossary", metavar="G", help="glossary.tsv: term pairs as evidence")
    parser.add_argument(
        "--format", choices=("beads", "tsv", "json"), default="beads", help="output format"
    )
    parser.add_argument("-o", "--output", default="-", metavar="OUT", help="output file (- stdout)")


def render(alignment: Alignment, fmt: str) -> str:
    """The alignment in one of the output formats."""
    from transreview.align import ALIGNER_NAME

    if fmt == "beads":
        return "".join(bead.to_text() + "\n" for bead in alignment.beads)
    if fmt == "tsv":
        rows = []
        for bead in alignment.beads:
            zh = " ".join(_flat(alignment.zh[k].text) for k in bead.zh)
            en = " ".join(_flat(alignment.en[k].text) for k in bead.en)
            rows.append(f"{zh}\t{en}\n")
        return "".join(rows)
    beads = [
        {
            "zh": list(bead.zh),
            "en": list(bead.en),
            "zh_text": [alignment.zh[k].text for k in bead.zh],
            "en_text": [alignment.en[k].text for k in bead.en],
            "zh_spans": [[alignment.zh[k].start, alignment.zh[k].end] for k in bead.zh],
            "en_spans": [[alignment.en[k].start, alignment.en[k].end] for k in bead.en],
            "score": round(bead.score, 4),
        }
        for bead in alignment.beads
    ]
    lines = ",\n".join("  " + json.dumps(bead, ensure_ascii=False) for bead in beads)
    return f'{{"aligner": {json.dumps(ALIGNER_NAME)}, "beads": [\n{lines}\n]}}\n'


def _flat(text: str) -> str:
    """A sentence on one line: tabs and line breaks (possible inside a sentence) become spaces."""
    return " ".join(text.split())


def run(args: argparse.Namespace) -> int:
    """Read, segment, align, write."""
    from transreview.align import align
    from transreview.ingest import read_document
    from transreview.output import refuse_input, write_atomic
    from transreview.segment import segment_document, segment_presegmented

    refuse_input(args.output, (args.zh, args.en, args.glossary))
    zh_doc = read_document(args.zh, lang="zh")
    en_doc = read_document(args.en, lang="en")
    if args.presegmented:
        zh, en = segment_presegmented(zh_doc), segment_presegmented(en_doc)
    else:
        zh, en = segment_document(zh_doc, "zh"), segment_document(en_doc, "en")
    for document, segments in ((zh_doc, zh), (en_doc, en)):
        if not any(segment.text.strip() for segment in segments):
            raise InputError(document.path, "no sentences to align (the file is empty)")
    pairs: tuple[tuple[str, str], ...] = ()
    if args.glossary:
        from transreview.glossary import load_glossary

        pairs = load_glossary(args.glossary).term_pairs()
    alignment = align(zh, en, term_pairs=pairs)
    write_atomic(args.output, render(alignment, args.format).encode("utf-8"))
    return 0
