"""The interface every export format implements."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from transreview.model import ReviewSnapshot


@dataclass(frozen=True, slots=True)
class Exporter:
    """One export format: its name, what it is, and the function that renders it."""

    name: str
    """The ``--format`` value."""
    description: str
    """One line for ``--help``."""
    suffix: str
    """The usual file suffix, with the dot."""
    needs_source: bool
    """True when the format holds the Chinese source, so a snapshot without one is refused."""
    render: Callable[[ReviewSnapshot], bytes]
    """Snapshot -> the file's bytes."""
