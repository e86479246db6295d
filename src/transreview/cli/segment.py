"""`transreview segment`: split a text into sentences, one per line (or NUL-separated)."""

from __future__ import annotations

import argparse

NAME = "segment"
HELP = "split a text (FILE or stdin) into sentences, one per line"
DESCRIPTION = """\
Split a text into sentences and print them, one per line on stdout, verbatim.

The input is UTF-8 text (a BOM is accepted), one paragraph per line; a sentence never crosses
a line break and blank lines carry no sentence. English rules know abbreviations (Mr., Co.,
Ltd., U.S., a.m., e.g.), initials, decimals, ellipses, quotations, parentheses and numbered
lists; Chinese rules split after 。！？ and …… with their closing quotes and brackets, never at ；
nor inside 《》 titles. With --null each sentence is followed by a NUL byte instead of a newline,
for tools such as `xargs -0`.

examples:
  transreview segment --lang en corpora/shanghai/en.txt
  echo 'Mr. Smith left at 5 p.m. He was tired.' | transreview segment --lang en
      Mr. Smith left at 5 p.m.
      He was tired.
  transreview segment --lang zh --null zh.txt | xargs -0 -n1 echo
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--lang, --null, FILE."""
    parser.add_argument("--lang", required=True, choices=("en", "zh"),
                        help="language of the text: en (English) or zh (Chinese)")
    parser.add_argument("--null", action="store_true",
                        help="end each sentence with a NUL byte instead of a newline")
    parser.add_argument("file", nargs="?", default="-", metavar="FILE",
                        help="the text to split (default or '-': standard input)")


def run(args: argparse.Namespace) -> int:
    """Read, segment, print."""
    from transreview.ingest import read_document
    from transreview.output import write_atomic
    from transreview.segment import segment_document

    document = read_document(args.file, lang=args.lang)
    separator = "\0" if args.null else "\n"
    sentences = segment_document(document, args.lang)
    output = "".join(segment.text + separator for segment in sentences)
    write_atomic("-", output.encode("utf-8"))
    return 0
