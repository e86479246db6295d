"""Sentence boundaries on real text: MAC-Dev's human segmentation, rejoined and split again."""

from __future__ import annotations

from pathlib import Path

import pytest

from transreview.model import Lang
from transreview.segment import split_sentences

MAC_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "mac-dev"


def boundary_f1(lang: Lang, joiner: str) -> float:
    """F1 of our sentence ends against the gold ends, over all chapters of one language."""
    hits = found = gold = 0
    for path in sorted((MAC_DEV / lang).iterdir()):
        sentences = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip()]
        text = joiner.join(sentences)
        ends: set[int] = set()
        cursor = 0
        for sentence in sentences[:-1]:
            cursor += len(sentence)
            ends.add(cursor)
            cursor += len(joiner)
        ours = {end for _, end in split_sentences(text, lang)[:-1]}
        hits += len(ours & ends)
        found += len(ours)
        gold += len(ends)
    precision, recall = hits / found, hits / gold
    return 2 * precision * recall / (precision + recall)


@pytest.mark.parametrize(("lang", "joiner"), [("en", " "), ("zh", "")])
def test_mac_dev_boundaries(lang: Lang, joiner: str) -> None:
    if not (MAC_DEV / lang).is_dir():
        pytest.skip(f"MAC-Dev not found at {MAC_DEV} (the shared data folder beside the repo)")
    assert boundary_f1(lang, joiner) >= 0.98
