"""Documents and helpers shared by the crash and concurrency tests (no tests of its own)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

SENTENCES = 40


def write_documents(folder: Path) -> tuple[Path, Path, Path]:
    """An English text, its Chinese source and a glossary whose forbidden variant the English
    uses in every fourth sentence, so the checks find fixes to accept."""
    en_lines, zh_lines = [], []
    for number in range(SENTENCES):
        year = 1990 + number
        if number % 4 == 0:
            en_lines.append(f"In {year}, Pudong new district opened project number {number}.")
            zh_lines.append(f"{year}年，浦东新区启动了第{number}号项目。")
        else:
            en_lines.append(f"In {year}, Shanghai built {number + 2} new bridges over the river.")
            zh_lines.append(f"{year}年，上海在江上新建了{number + 2}座桥。")
    en, zh, glossary = folder / "en.txt", folder / "zh.txt", folder / "glossary.tsv"
    en.write_text("\n".join(en_lines) + "\n", encoding="utf-8")
    zh.write_text("\n".join(zh_lines) + "\n", encoding="utf-8")
    glossary.write_text(
        "zh\ten\tforbidden\n浦东新区\tPudong New Area\tPudong new district\n上海\tShanghai\t\n",
        encoding="utf-8",
    )
    return en, zh, glossary


def integrity(session: Path) -> str:
    """SQLite's ``PRAGMA integrity_check`` verdict on the session file (``ok`` when intact)."""
    connection = sqlite3.connect(session)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()
