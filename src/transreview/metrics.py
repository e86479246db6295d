"""Edit and translation metrics on sacrebleu: HTER of review edits, BLEU, chrF, TER.

HTER here is TER from the original English (hypothesis) to the corrected English (reference),
case-sensitive (sacrebleu lowercases TER by default, which would hide re-capitalisations), in
percent as sacrebleu reports it. Empty input gives 0.
"""

from __future__ import annotations

from collections.abc import Sequence


def hter(original: Sequence[str], corrected: Sequence[str]) -> float:
    """Case-sensitive TER (percent) of the original segments against the corrected ones."""
    if not original or all(a == b for a, b in zip(original, corrected, strict=True)):
        return 0.0
    from sacrebleu.metrics import TER

    return float(TER(case_sensitive=True).corpus_score(list(original), [list(corrected)]).score)
