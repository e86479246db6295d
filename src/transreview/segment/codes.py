"""Each character of a text as its code, in a numpy array, for scans that numpy does faster than
``str`` methods: segmentation and the surface checks read every chunk through it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

_Codes = np.ndarray[Any, np.dtype[Any]]

_LAST: list[tuple[str, _Codes, dict[str, _Codes]]] = [("", np.zeros(0, np.uint16), {})]
"""The last text ``char_codes`` was asked about, its codes and what has been asked of them so
far (``_derived``), by name (one entry, read and replaced whole)."""


def code_points(text: str) -> _Codes:
    """The code point of each character of ``text`` (lone surrogates as they are): UTF-16 units
    when they are one per character (half the size of UTF-32, quicker to make and to read),
    UTF-32 ones otherwise."""
    codes = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), np.uint16)
    if len(codes) != len(text):
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    return codes


def char_codes(text: str) -> _Codes:
    """``code_points`` of ``text``, the last text's kept, by identity: segmentation, the
    glossary matcher, the surface rules and duplicate-segment all read each chunk through them.
    """
    known, codes, _ = _LAST[0]
    if known is text:
        return codes
    codes = code_points(text)
    _LAST[0] = (text, codes, {})
    return codes


def _derived(text: str, name: str, make: Callable[[_Codes], _Codes]) -> _Codes:
    """``make`` of the codes of ``text``, kept with them under ``name`` (read-only: every later
    reader of the text shares it)."""
    codes = char_codes(text)
    derived = _LAST[0][2]
    found = derived.get(name)
    if found is None:
        found = derived[name] = make(codes)
        found.flags.writeable = False
    return found


def wide_offsets(text: str) -> _Codes:
    """The offsets of the non-ASCII characters of ``text``, in order (kept with its codes)."""
    return _derived(text, "wide", lambda codes: np.flatnonzero(codes >= 0x80))


def line_feeds(text: str) -> _Codes:
    """The offsets of the line feeds of ``text``, in order (kept with its codes): its line ends
    when it has no carriage return."""
    return _derived(text, "feeds", lambda codes: np.flatnonzero(codes == 0x0A))
