"""`transreview score`: BLEU, chrF and TER of a translation against a reference (sacrebleu)."""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import asdict

from transreview.errors import InputError

NAME = "score"
HELP = "BLEU, chrF and TER (sacrebleu) of one text against another"
DESCRIPTION = """\
Score a translation (--hyp) against a reference (--ref), line by line: corpus BLEU, chrF and TER
as sacrebleu computes them, each with its sacrebleu signature so scores are comparable. Chinese
texts (detected by script, or --lang zh) use sacrebleu's 'zh' tokenizer; nothing is downloaded.

examples:
  transreview score --hyp mt.txt --ref ref.txt
  transreview score --hyp mt.txt --ref ref.txt --chrf-word-order 2    (chrF++)
"""

_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\s\u3400-\u9fff\uf900-\ufaff]+")
MAX_TOKENS = 2000
"""Longest line scored: TER's memory and time grow with the square of a line's length (a
40 KB line takes over 1 GB), so longer lines are refused with a hint, not left to exhaust memory."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--hyp, --ref, --chrf-word-order, --lang, --format."""
    parser.add_argument("--hyp", required=True, metavar="H", help="the translation, one segment "
                        "per line")
    parser.add_argument("--ref", required=True, metavar="R", help="the reference, same lines")
    parser.add_argument("--chrf-word-order", type=int, default=0, choices=(0, 1, 2),
                        help="chrF word n-gram order: 0 chrF (default), 2 chrF++")
    parser.add_argument("--lang", choices=("en", "zh"), default=None,
                        help="tokenisation language (default: detect Chinese by script)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text (default): one metric per line; json: one object")


def read_lines(path: str) -> list[str]:
    """The lines of a text file (any line ending), without the line breaks."""
    from transreview.ingest import LINE_END, read_document

    text = read_document(path).text
    if not text:
        raise InputError(path, "is empty: nothing to score")
    pieces = LINE_END.split(text)
    lines = pieces[:-1] if pieces[-1] == "" else pieces
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_TOKENS and _count_tokens(line) > MAX_TOKENS:
            raise InputError(path, f"the line is longer than {MAX_TOKENS} words (or Chinese "
                             "characters), too long for TER: score one sentence per line "
                             "(see 'transreview segment')", number)
    return lines


def _count_tokens(line: str) -> int:
    """Words, counting each Chinese character as one (as TER's Asian support splits them)."""
    return sum(1 for _ in _TOKEN.finditer(line))


def run(args: argparse.Namespace) -> int:
    """Score and print."""
    from transreview.metrics import score

    hyp, ref = read_lines(args.hyp), read_lines(args.ref)
    if len(hyp) != len(ref):
        raise InputError(args.hyp, f"has {len(hyp)} lines but the reference {args.ref} has "
                         f"{len(ref)}; they must pair line by line")
    report = score(hyp, ref, chrf_word_order=args.chrf_word_order, lang=args.lang)
    if args.format == "json":
        print(json.dumps(asdict(report), indent=1))
        return 0
    print(f"BLEU = {report.bleu:.2f}  {report.bleu_signature}")
    print(f"{report.chrf_name} = {report.chrf:.2f}  {report.chrf_signature}")
    print(f"TER = {report.ter:.2f}  {report.ter_signature}")
    return 0
