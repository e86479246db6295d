"""The command palette's review commands: every action of the review screen by name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from transreview.tui.screens.main import ACTIONS, MainScreen


class ReviewCommands(Provider):
    """Offers the review actions while the review screen is showing."""

    def _actions(self) -> list[tuple[str, str, Callable[[], object]]]:
        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        return [
            (title, help_text, partial(screen.run_action, action))
            for action, title, help_text in ACTIONS
        ]

    async def discover(self) -> Hits:
        """All review commands, for an empty palette."""
        for title, help_text, callback in self._actions():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """The review commands matching ``query``."""
        matcher = self.matcher(query)
        for title, help_text, callback in self._actions():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
