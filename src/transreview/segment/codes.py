"""Each character of a text as its code, in a numpy array, for scans that numpy does faster than
``str`` methods: segmentation and the surface checks read every chunk through it."""

from __future__ import annotations

from typing import Any

import numpy as np

_Codes = np.ndarray[Any, np.dtype[Any]]

_LAST: list[tuple[str, _Codes, _Codes | None]] = [("", np.zeros(0, np.uint16), None)]
"""The last text ``char_codes`` was asked about, its codes and, once asked for, the offsets of
its non-ASCII characters (one entry, read and replaced whole)."""


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
    _LAST[0] = (text, codes, None)
    return codes


def wide_offsets(text: str) -> _Codes:
    """The offsets of the non-ASCII characters of ``text``, in order (kept with its codes)."""
    codes = char_codes(text)
    known, _, wide = _LAST[0]
    if known is text and wide is not None:
        return wide
    wide = np.flatnonzero(codes >= 0x80)
    _LAST[0] = (text, codes, wide)
    return wide
