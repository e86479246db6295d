"""Each character of a text as its code, in a numpy array, for scans that numpy does faster than
``str`` methods: segmentation and the surface checks read every chunk through it."""

from __future__ import annotations

from typing import Any

import numpy as np

_LAST: list[tuple[str, np.ndarray[Any, np.dtype[Any]]]] = [("", np.zeros(0, np.uint16))]
"""The last text ``char_codes`` was asked about and its codes (one pair, read and replaced
whole)."""


def char_codes(text: str) -> np.ndarray[Any, np.dtype[Any]]:
    """The code point of each character of ``text`` (lone surrogates as they are): UTF-16 units
    when they are one per character, UTF-32 ones otherwise.

    The last text's codes are kept, by identity: segmentation, the surface rules and
    duplicate-segment all read each chunk through them.
    """
    known, codes = _LAST[0]
    if known is text:
        return codes
    codes = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), np.uint16)
    if len(codes) != len(text):
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    _LAST[0] = (text, codes)
    return codes
