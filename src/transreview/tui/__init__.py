"""The review TUI (the only package that imports Textual)."""

from transreview.tui.app import ReviewApp, make_app

__all__ = ["ReviewApp", "make_app"]
