"""`transreview glossary` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse

from transreview.errors import UsageError

NAME = "glossary"
HELP = "not implemented yet"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No arguments yet."""


def run(args: argparse.Namespace) -> int:
    """Refuse clearly."""
    raise UsageError("'glossary' is not implemented yet")
