"""The review session: SQLite store with an append-only edit log, apply/undo (no Textual here)."""

from transreview.review.lock import SessionLockedError
from transreview.review.session import (
    FILTERS,
    Filter,
    ReviewError,
    ReviewProgress,
    ReviewSession,
    View,
    default_session_path,
)
from transreview.review.store import UnappliedEdit

__all__ = [
    "FILTERS",
    "Filter",
    "ReviewError",
    "ReviewProgress",
    "ReviewSession",
    "SessionLockedError",
    "UnappliedEdit",
    "View",
    "default_session_path",
]
