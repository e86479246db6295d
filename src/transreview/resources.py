"""Locate the bundled demo corpus and glossary, installed (wheel) or in a source checkout."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def data_root() -> Path:
    """The folder holding ``corpora/`` and ``glossary.tsv``.

    A wheel ships them as package data under ``transreview/_data``; an editable install or a
    plain checkout has them at the top of the repository, two levels above ``src/transreview``.
    """
    packaged = Path(str(files("transreview"))) / "_data"
    if (packaged / "glossary.tsv").is_file():
        return packaged
    return Path(__file__).resolve().parents[2]


def bundled_corpus() -> Path:
    """The demo corpus folder (``en.txt``, ``zh.txt``, ``gold.align``)."""
    return data_root() / "corpora" / "shanghai"


def bundled_glossary() -> Path:
    """The project glossary shipped with the demo corpus."""
    return data_root() / "glossary.tsv"
