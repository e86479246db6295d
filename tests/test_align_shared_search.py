"""``_SharedSearch``: the final band scored, and the stretches searched again, partly by worker
processes give the search the same path."""

from __future__ import annotations

import importlib
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from test_align_scoring_blocks import scorers

import transreview.align
from transreview.align import _SharedSearch
from transreview.align.links import fold
from transreview.align.search import diagonal, search
from transreview.handoff import use_folder


@pytest.mark.parametrize("through_files", [False, True])
@pytest.mark.parametrize("chunk", [7, 30, 1000])
def test_worker_scored_rows_search_as_here(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                           chunk: int, through_files: bool) -> None:
    """With rows cut into several pieces (small chunks), into one, or none left to the workers,
    handed over as themselves or through files (none left behind): the same path, and link
    tables holding the scorer's links (folded)."""
    search_module = importlib.import_module("transreview.align.search")
    monkeypatch.setattr(search_module, "CHUNK", chunk)
    monkeypatch.setattr(search_module, "EXACT_CELLS", 0)
    monkeypatch.setattr(transreview.align, "CHUNK", chunk)
    scorer = scorers()[1]
    n_zh, n_en = scorer.n_zh, scorer.n_en
    centre = diagonal(n_zh, n_en)
    alone = search(n_zh, n_en, scorer.band, shapes=scorer.shapes, guide=centre, width=6)
    own = len(scorer.tables())
    use_folder(str(tmp_path) if through_files else "")
    try:
        with ProcessPoolExecutor(2) as executor:
            sharing = _SharedSearch(scorer, centre, 6, executor, tables=True)
            shared = search(n_zh, n_en, sharing.score, shapes=scorer.shapes, guide=centre,
                            width=6, research=sharing.research)
            sharing.close()
    finally:
        use_folder("")
    assert shared == alone
    assert os.listdir(tmp_path) == []
    tables = scorer.tables()[own:]
    assert len(tables) >= -(-(n_zh + 1) // chunk)
    for first, base, top, en_masks, zh_masks in tables:
        for r in range(len(base)):
            for q in range(max(0, -base[r]), min(top[r], n_en) - base[r]):
                en_mask, zh_mask = scorer.links(first + r, base[r] + q)
                assert (int(en_masks[r, q]), int(zh_masks[r, q])) == (fold(en_mask), fold(zh_mask))
