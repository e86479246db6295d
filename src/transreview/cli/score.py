"""`transreview score` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse

from transreview.errors import UsageError

NAME = "score"
HELP = "not implemented yet"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No arguments yet."""


def run(args: argparse.Namespace) -> int:
    """Refuse clearly."""
    raise UsageError("'score' is not implemented yet")
