"""`transreview glossary lint G`: validate a glossary file."""

from __future__ import annotations

import argparse
import sys

NAME = "glossary"
HELP = "validate a glossary file (glossary lint G)"
DESCRIPTION = """\
Glossary tools.

  transreview glossary lint G   report each problem of G as path:line: message;
                                exit 2 when there is one, 0 otherwise

Errors: no header, no 'zh' or 'en' column, an empty 'en', a bad 'case' value, a forbidden
variant equal to an approved rendering (of the same or another row), a duplicate row, a Chinese
term or an approved rendering claimed by two rows.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``lint`` action and the glossary path."""
    parser.add_argument("action", choices=("lint",), help="what to do (lint: validate)")
    parser.add_argument("glossary", metavar="G", help="the glossary.tsv to read")


def run(args: argparse.Namespace) -> int:
    """Print each problem on stdout; 2 when there is one."""
    from transreview.glossary import lint

    problems = lint(args.glossary)
    for problem in problems:
        print(problem)
    print(f"transreview: {args.glossary}: {len(problems)} problem(s)", file=sys.stderr)
    return 2 if problems else 0
