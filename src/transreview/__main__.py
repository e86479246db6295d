"""``python -m transreview``: the same entry point as the console script."""

from transreview.cli import entry

entry()
