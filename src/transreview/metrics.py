"""Edit and translation metrics on sacrebleu: HTER of review edits, BLEU, chrF, TER.

HTER here is TER from the original English (hypothesis) to the corrected English (reference),
case-sensitive (sacrebleu lowercases TER by default, which would hide re-capitalisations), in
percent as sacrebleu reports it. Empty input gives 0 HTER and, since nothing changed, 100 chrF and
BLEU. Only built-in sacrebleu tokenizers are used, none that downloads a model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sacrebleu.metrics.ter import TER

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


@dataclass(frozen=True, slots=True)
class EditMetrics:
    """How much review changed a text: original English against corrected English."""

    hter: float
    """Case-sensitive TER (percent) of the whole text, original as hypothesis."""
    chrf: float
    """chrF of the original against the corrected text."""
    bleu: float
    """BLEU of the original against the corrected text."""
    segment_hter: tuple[float, ...]
    """Per segment, in order: case-sensitive TER (percent); 0 for unchanged segments."""
    edited: int
    """Number of segments whose text changed."""


@dataclass(frozen=True, slots=True)
class ScoreReport:
    """BLEU, chrF and TER of a translation against a reference, with sacrebleu's signatures."""

    bleu: float
    """Corpus BLEU."""
    chrf: float
    """Corpus chrF (chrF++ when the word order is 2)."""
    ter: float
    """Corpus TER (percent)."""
    bleu_signature: str
    """sacrebleu's signature of the BLEU computation."""
    chrf_signature: str
    """sacrebleu's signature of the chrF computation."""
    ter_signature: str
    """sacrebleu's signature of the TER computation."""
    chrf_name: str
    """``chrF2`` or ``chrF2++``, as sacrebleu names the variant."""
    lang: str
    """``zh`` or ``en``: which tokenisation was used."""


def is_chinese(lines: Sequence[str]) -> bool:
    """True when at least a fifth of the non-space characters are CJK ideographs."""
    text = "".join("".join(line.split()) for line in lines)
    return bool(text) and len(_CJK.findall(text)) * 5 >= len(text)


def _ter() -> TER:
    from sacrebleu.metrics.ter import TER

    return TER(case_sensitive=True)


def _ter_stats(metric: TER, original: str, corrected: str) -> tuple[float, float]:
    """(edits, reference words) of one segment; an unchanged one costs only a word count."""
    if original == corrected:
        return 0.0, float(len(corrected.split()))
    stats = metric.sentence_score(original, [corrected])
    return float(stats.num_edits), float(stats.ref_length)


def _rate(edits: float, length: float) -> float:
    """TER in percent from summed statistics, as sacrebleu computes it."""
    if length > 0:
        return 100.0 * edits / length
    return 100.0 if edits else 0.0


def ter_statistics(original: str, corrected: str) -> tuple[float, float]:
    """(edits, reference words) of one segment's case-sensitive TER.

    Summed over the segments they give the document's HTER (100 * edits / words), so a caller
    can cache them per segment and update the total when one segment changes.
    """
    return _ter_stats(_ter(), original, corrected)


def segment_hter(original: str, corrected: str) -> float:
    """Case-sensitive TER (percent) of one original segment against its corrected text."""
    return _rate(*_ter_stats(_ter(), original, corrected))


def hter(original: Sequence[str], corrected: Sequence[str]) -> float:
    """Case-sensitive TER (percent) of the original segments against the corrected ones.

    Equal to sacrebleu's corpus TER, but only changed segments are aligned: an unchanged
    segment adds no edit and its word count to the reference length.
    """
    metric = _ter()
    stats = [_ter_stats(metric, a, b) for a, b in zip(original, corrected, strict=True)]
    return _rate(sum(e for e, _ in stats), sum(n for _, n in stats))


def _corpus(metric: Any, hyp: Sequence[str], ref: Sequence[str],
            same: Callable[[list[str]], list[list[int]]]) -> float:
    """sacrebleu's corpus score, with the statistics of unchanged segments computed directly.

    ``same(texts)`` gives the statistics of each text scored against itself (every n-gram
    matches), so only changed segments go through sacrebleu's n-gram extraction; the sums and
    the final score are sacrebleu's own (``_extract_corpus_statistics``,
    ``_compute_score_from_stats``, stable across sacrebleu 2.x).
    """
    changed = [(h, r) for h, r in zip(hyp, ref, strict=True) if h != r]
    rows = same([h for h, r in zip(hyp, ref, strict=True) if h == r])
    if changed:
        rows += metric._extract_corpus_statistics([h for h, _ in changed],
                                                  [[r for _, r in changed]])
    totals = [sum(column) for column in zip(*rows, strict=True)]
    return float(metric._compute_score_from_stats(totals).score)


def _ngrams(length: int, order: int) -> list[int]:
    return [max(0, length - n + 1) for n in range(1, order + 1)]


def chrf(hyp: Sequence[str], ref: Sequence[str], word_order: int = 0) -> float:
    """Corpus chrF (chrF++ with ``word_order=2``) of ``hyp`` against ``ref``; 100 when equal."""
    if list(hyp) == list(ref):
        return 100.0
    from sacrebleu.metrics.chrf import CHRF

    metric = CHRF(word_order=word_order)

    def same(texts: list[str]) -> list[list[int]]:
        rows = []
        for text in texts:
            orders = _ngrams(len("".join(text.split())), metric.char_order)
            if word_order:
                orders += _ngrams(len(metric._remove_punctuation(text)), word_order)
            rows.append([count for total in orders for count in (total, total, total)])
        return rows

    return _corpus(metric, hyp, ref, same)


def bleu(hyp: Sequence[str], ref: Sequence[str], lang: str = "en") -> float:
    """Corpus BLEU of ``hyp`` against ``ref`` (tokenizer ``zh`` for Chinese); 100 when equal."""
    if list(hyp) == list(ref):
        return 100.0
    from sacrebleu.metrics.bleu import BLEU

    metric = BLEU(tokenize="zh" if lang == "zh" else "13a")

    def same(texts: list[str]) -> list[list[int]]:
        rows = []
        for text in texts:
            tokens = len(metric._preprocess_segment(text).split())
            grams = _ngrams(tokens, metric.max_ngram_order)
            rows.append([tokens, tokens, *grams, *grams])
        return rows

    return _corpus(metric, hyp, ref, same)


def ter(hyp: Sequence[str], ref: Sequence[str], case_sensitive: bool = False) -> float:
    """Corpus TER (percent) of ``hyp`` against ``ref``, lowercased unless ``case_sensitive``."""
    if case_sensitive:
        return hter(hyp, ref)
    from sacrebleu.metrics.ter import TER

    return float(TER().corpus_score(list(hyp), [list(ref)]).score)


def edit_metrics(original: Sequence[str], corrected: Sequence[str]) -> EditMetrics:
    """HTER (per segment and whole), chrF and BLEU of the original against the corrected."""
    metric = _ter()
    stats = [_ter_stats(metric, a, b) for a, b in zip(original, corrected, strict=True)]
    return EditMetrics(
        hter=_rate(sum(e for e, _ in stats), sum(n for _, n in stats)),
        chrf=chrf(original, corrected),
        bleu=bleu(original, corrected),
        segment_hter=tuple(_rate(e, n) for e, n in stats),
        edited=sum(1 for a, b in zip(original, corrected, strict=True) if a != b),
    )


def score(
    hyp_lines: Sequence[str],
    ref_lines: Sequence[str],
    chrf_word_order: int = 0,
    lang: str | None = None,
) -> ScoreReport:
    """BLEU, chrF and TER of ``hyp_lines`` against ``ref_lines`` (same length), as sacrebleu.

    ``lang`` ``zh`` selects sacrebleu's ``zh`` BLEU tokenizer and TER's Asian support; ``None``
    detects Chinese from the reference's script.
    """
    if len(hyp_lines) != len(ref_lines):
        raise ValueError(f"{len(hyp_lines)} hypothesis lines but {len(ref_lines)} reference lines")
    if not hyp_lines:
        raise ValueError("no lines to score")
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER

    chosen = lang or ("zh" if is_chinese(ref_lines) else "en")
    hyps, refs = list(hyp_lines), [list(ref_lines)]
    bleu_metric = BLEU(tokenize="zh" if chosen == "zh" else "13a")
    chrf_metric = CHRF(word_order=chrf_word_order)
    ter_metric = TER(normalized=chosen == "zh", asian_support=chosen == "zh")
    bleu_score = bleu_metric.corpus_score(hyps, refs)
    chrf_score = chrf_metric.corpus_score(hyps, refs)
    ter_score = ter_metric.corpus_score(hyps, refs)
    return ScoreReport(
        bleu=float(bleu_score.score),
        chrf=float(chrf_score.score),
        ter=float(ter_score.score),
        bleu_signature=str(bleu_metric.get_signature()),
        chrf_signature=str(chrf_metric.get_signature()),
        ter_signature=str(ter_metric.get_signature()),
        chrf_name=str(chrf_score.name),
        lang=chosen,
    )
