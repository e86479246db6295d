"""The review TUI's screens, one per module."""
