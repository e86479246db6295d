"""`transreview review`: open the review TUI on a document (by default the bundled corpus)."""

from __future__ import annotations

import argparse
import sys

NAME = "review"
HELP = "review a translation in the terminal: walk the findings, accept fixes, edit"
DESCRIPTION = """\
Open the review TUI. Every decision (accept, reject, edit, mark reviewed, undo) is written to
the review session, a SQLite file beside the English file (EN.review.sqlite; in the user data
folder when that folder is not writable), the moment it is made: quitting never asks to save,
and opening the same file again resumes where you left off. If EN changed since, your edits are
re-applied to the new text and those that no longer apply are listed.

With no EN, the bundled demo corpus (corpora/shanghai, its Chinese source and glossary.tsv).

keys: j/k move · n/N next/previous open finding · a accept · A accept everywhere · r reject ·
e edit · u undo · space reviewed · / search · f filter · x export · ? help · q quit

examples:
  transreview review
  transreview review --zh zh.txt --glossary glossary.tsv en.txt
  transreview review --session /tmp/en.sqlite --reviewer ana en.txt
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """EN, --zh, --glossary, --session, --reviewer, --read-only."""
    parser.add_argument("en", nargs="?", metavar="EN",
                        help="the English translation (default: the bundled demo corpus)")
    parser.add_argument("--zh", metavar="ZH", help="the Chinese source (default: the session's)")
    parser.add_argument("--glossary", metavar="G",
                        help="a glossary.tsv (default: the session's)")
    parser.add_argument("--session", metavar="PATH",
                        help="the review session file (default: EN.review.sqlite)")
    parser.add_argument("--reviewer", metavar="NAME",
                        help="the name recorded with each change (default: your login name)")
    parser.add_argument("--read-only", action="store_true",
                        help="look at a session without changing it (even while it is open)")


def run(args: argparse.Namespace) -> int:
    """Open the session in the TUI's worker, run the TUI, close the session.

    Unreadable or undecodable files, a session file that is not one and a session already
    open elsewhere are refused before the screen starts."""
    from pathlib import Path

    from transreview.ingest import fallback_encoding, read_bytes, read_document
    from transreview.review import ReviewSession
    from transreview.review.lock import SessionLock
    from transreview.review.session import Progress, default_session_path
    from transreview.review.store import Store
    from transreview.tui import make_app

    en, zh, glossary, session = args.en, args.zh, args.glossary, args.session
    if en is None:
        from transreview.resources import bundled_corpus, bundled_glossary

        en = str(bundled_corpus() / "en.txt")
        zh = zh or str(bundled_corpus() / "zh.txt")
        glossary = glossary or str(bundled_glossary())
    read_document(en, lang="en")
    if zh is not None:
        read_document(zh, lang="zh")
    if glossary is not None:
        read_bytes(glossary)
    session = session or str(default_session_path(en))
    if not args.read_only:
        probe = SessionLock(Path(session))
        probe.acquire()
        probe.release()
    if Path(session).is_file():
        Store(Path(session), read_only=True).close()
    encoding = getattr(args, "encoding", None)

    def opener(progress: Progress) -> ReviewSession:
        with fallback_encoding(encoding):
            return ReviewSession.open(en, zh, glossary, session, args.reviewer, args.read_only,
                                      progress=progress)

    app = make_app(opener)
    app.run()
    if app.failure is not None:
        raise app.failure
    if app.session is None:
        print("transreview: quit while the session was opening: nothing was saved",
              file=sys.stderr)
    else:
        app.session.close()
    return 0
