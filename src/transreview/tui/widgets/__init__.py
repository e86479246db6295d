"""The review TUI's widgets, one per module."""
