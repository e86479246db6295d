"""The review app: keys that work everywhere, the screens, and the factory ``make_app``."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from transreview.review import ReviewSession
from transreview.tui.commands import ReviewCommands
from transreview.tui.screens.loading import LoadingScreen, Opener
from transreview.tui.screens.main import MainScreen


class ReviewApp(App[None]):
    """Opens (or is given) a review session and shows it on the main screen."""

    CSS_PATH = "app.tcss"
    TITLE = "transreview"
    COMMANDS = App.COMMANDS | {ReviewCommands}
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "quit")]

    def __init__(self, session: ReviewSession | Opener) -> None:
        super().__init__()
        self.session: ReviewSession | None = None
        """The open session (None while it is being opened)."""
        self.failure: BaseException | None = None
        """Why the session could not be opened, if it could not."""
        self._source = session

    def on_mount(self) -> None:
        """Show the session, opening it in a worker first when given an opener."""
        if isinstance(self._source, ReviewSession):
            self._show(self._source)
        else:
            self.push_screen(LoadingScreen(self._source), self._opened)

    def _opened(self, result: ReviewSession | BaseException | None) -> None:
        if isinstance(result, ReviewSession):
            self._show(result)
        else:
            self.failure = result
            self.exit(return_code=2)

    def _show(self, session: ReviewSession) -> None:
        self.session = session
        self.sub_title = session.en.path
        self.push_screen(MainScreen(session))

    async def action_quit(self) -> None:
        """Quit; every change is already committed, so only the view is saved."""
        if self.session is not None:
            self.session.save_view()
        self.exit()


def make_app(session: ReviewSession | Opener) -> ReviewApp:
    """The app for an open session, or for a function that opens one (run in a worker)."""
    return ReviewApp(session)
