"""The aligner: length model, lexicon, the search, properties, and accuracy on MAC-Dev."""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pytest
from alignment_invariants import assert_alignment_invariants
from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.align import Weights, align, chinese_cuts
from transreview.align.english import content_lemmas, lemma
from transreview.align.length import estimate
from transreview.align.lexicon import (
    _pack_widths,
    _unpack_widths,
    clean_glosses,
    load_lexicon,
    widths_by_pair,
)
from transreview.handoff import use_folder
from transreview.ingest import read_document
from transreview.model import Document, Segment
from transreview.segment import segment_document, segment_presegmented

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]
MAC_DEV = ROOT.parent / "shared" / "data" / "mac-dev"


def segments(*texts: str) -> tuple[Segment, ...]:
    """Presegmented sentences, one per line."""
    return segment_presegmented(Document(path="<test>", text="\n".join(texts) + "\n"))


def beads_of(zh: tuple[Segment, ...], en: tuple[Segment, ...]) -> list[str]:
    return [bead.to_text() for bead in align(zh, en).beads]


ZH = (
    "那天晚上我没有走。",
    "陈清扬把我拉住，以伟大友谊的名义叫我留下来。",
    "她承认打我不对。",
    "我说，既然我是假的，你为什么相信我。",
    "第二天早上，我们在山上看见了一条河。",
    "河水很清，我们在河边洗了衣服。",
)
EN = (
    "I did not leave that night.",
    "Chen Qingyang pulled me back and asked me to stay in the name of great friendship.",
    "She admitted that she had been wrong to hit me.",
    "I said that if I was fake, why did she believe me?",
    "The next morning we saw a river on the mountain.",
    "The water of the river was clear, and we washed our clothes by the river.",
)


@pytest.mark.parametrize(
    "forms",
    [("studies", "studied", "study", "Studying"), ("went", "go", "goes", "gone"),
     ("hoping", "hoped", "hope"), ("women", "woman"), ("children", "child"), ("said", "says")],
)
def test_lemma_meets_inflections(forms: tuple[str, ...]) -> None:
    assert len({lemma(form) for form in forms}) == 1


def test_content_lemmas_drop_stop_words() -> None:
    found = content_lemmas("She admitted that the rivers weren't clean")
    assert found == [lemma("admit"), lemma("river"), lemma("clean")]


def test_gloss_cleaning_drops_classifiers_variants_and_remarks() -> None:
    field = "structure/composition (of things)/CL:座[zuo4],個|个[ge4]/variant of 構|构[gou4]"
    assert clean_glosses(field) == [lemma("structure"), lemma("composition")]
    assert clean_glosses("surname Chen/to narrate; to state") == [lemma("narrate"), lemma("state")]


def test_lexicon_links_words_and_pinyin() -> None:
    lexicon = load_lexicon()
    assert "friendship" in lexicon.glosses["友谊"].split()
    assert "admit" in lexicon.glosses["承认"].split()
    assert [lexicon.pinyin[ch] for ch in "黄宝妹"] == ["huang", "bao", "mei"]
    assert lexicon.widths == widths_by_pair(lexicon.glosses)


def test_widths_survive_the_cache_packing() -> None:
    heads = ["上海", "上海市", "上海中心大厦", "上" * 10, "上" * 11, "中心", "中心点", "卡拉OK"]
    widths = widths_by_pair(heads)
    assert widths["上海"] == (6, 3, 2)
    assert widths["上上"] == (11, 10)
    assert _unpack_widths(*_pack_widths(widths)) == widths


def test_length_model_prefers_the_document_ratio() -> None:
    model = estimate([10, 20, 30], [30, 60, 90])
    assert model.ratio == pytest.approx(3.0)
    fit = model.log_prob(np.array([10, 10, 10]), np.array([30, 60, 200]))
    assert fit[0] > fit[1] > fit[2]
    assert model.log_prob(np.array([0]), np.array([0]))[0] == 0.0


def test_one_to_one_pairs() -> None:
    assert beads_of(segments(*ZH), segments(*EN)) == [f"[{k}]:[{k}]" for k in range(6)]


def test_dropped_sentence_is_a_null_bead() -> None:
    zh = segments(*ZH[:3], "老乡们都说，这件事情跟队长毫无关系，谁也没想到。", *ZH[3:])
    result = beads_of(zh, segments(*EN))
    assert "[3]:[]" in result
    assert result[:3] == ["[0]:[0]", "[1]:[1]", "[2]:[2]"]
    assert result[4:] == ["[4]:[3]", "[5]:[4]", "[6]:[5]"]


def test_added_sentence_is_a_null_bead() -> None:
    en = segments(*EN[:4], "The old buffalo had escaped into the hills that cold winter.", *EN[4:])
    result = beads_of(segments(*ZH), en)
    assert "[]:[4]" in result


def test_merged_translation_is_a_two_to_one_bead() -> None:
    en = segments(EN[0], EN[1], EN[2] + " " + EN[3], EN[4], EN[5])
    result = beads_of(segments(*ZH), en)
    assert result == ["[0]:[0]", "[1]:[1]", "[2,3]:[2]", "[4]:[3]", "[5]:[4]"]


def test_glossary_pairs_are_evidence() -> None:
    zh = segments("上海推出了一网通办。")
    en = segments("Shanghai launched Government Online-Offline.")
    plain = align(zh, en).beads[0].score
    pairs = (("一网通办", "Government Online-Offline"),)
    assert align(zh, en, term_pairs=pairs).beads[0].score > plain


sentences = st.lists(st.text(alphabet="我你河水山 abcdefg.。123", max_size=30), max_size=12)


@settings(max_examples=60, deadline=None)
@given(zh_texts=sentences, en_texts=sentences)
def test_every_sentence_in_exactly_one_monotone_bead(
    zh_texts: list[str], en_texts: list[str]
) -> None:
    zh = tuple(Segment(k, 0, len(t), t, k) for k, t in enumerate(zh_texts))
    en = tuple(Segment(k, 0, len(t), t, 0) for k, t in enumerate(en_texts))
    assert_alignment_invariants(align(zh, en), len(zh), len(en))


@settings(max_examples=25, deadline=None)
@given(
    zh_count=st.integers(min_value=0, max_value=6),
    en_count=st.integers(min_value=0, max_value=90),
    seed=st.integers(min_value=0, max_value=10),
)
def test_lopsided_documents_still_cover_every_sentence(
    zh_count: int, en_count: int, seed: int
) -> None:
    zh = tuple(Segment(k, 0, 9, ZH[(k + seed) % 6], 0) for k in range(zh_count))
    en = tuple(Segment(k, 0, 9, EN[(k * seed) % 6], 0) for k in range(en_count))
    result = align(zh, en)
    assert [k for bead in result.beads for k in bead.zh] == list(range(zh_count))
    assert [k for bead in result.beads for k in bead.en] == list(range(en_count))


def test_long_insertion_is_followed_beyond_the_band() -> None:
    filler = ["Committee members postponed the budget vote."] * 60
    en = segments(*EN[:3], *filler, *EN[3:])
    result = beads_of(segments(*ZH), en)
    assert result[:3] == ["[0]:[0]", "[1]:[1]", "[2]:[2]"]
    assert result[-3:] == ["[3]:[63]", "[4]:[64]", "[5]:[65]"]


def test_mac_dev_accuracy() -> None:
    if not MAC_DEV.is_dir():
        pytest.skip(f"MAC-Dev not found at {MAC_DEV} (../shared is absent)")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from align_eval import evaluate, mac_documents

    score, _ = evaluate(mac_documents([]), Weights())
    strict, lax = score.f1()[2], score.f1()[5]
    assert strict >= 0.85
    assert lax >= 0.98


def test_demo_corpus_accuracy_and_dropped_sentences() -> None:
    corpus = ROOT / "corpora" / "shanghai"
    if not (corpus / "gold.align").is_file():
        pytest.skip("the demo corpus has no gold alignment yet")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from align_eval import Score, read_beads

    from transreview.ingest import read_document
    from transreview.segment import segment_document

    zh = segment_document(read_document(str(corpus / "zh.txt")), "zh")
    en = segment_document(read_document(str(corpus / "en.txt")), "en")
    gold = read_beads((corpus / "gold.align").read_text(encoding="utf-8"))
    found = [(bead.zh, bead.en) for bead in align(zh, en).beads]
    score = Score([0, 0, 0, 0], [0, 0, 0, 0])
    score.add(gold, found)
    assert score.f1()[2] >= 0.95
    dropped = [bead for bead in gold if bead[0] and not bead[1]]
    assert dropped
    assert all(bead in found for bead in dropped)


def test_band_is_recentred_around_a_long_insertion() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from align_eval import Score, read_beads
    from align_speed import generate

    zh_texts, en_texts, gold_lines = generate(300, seed=3)
    middle = len(en_texts) // 2
    inserted = ["Committee members postponed the budget vote."] * 80
    en_texts = en_texts[:middle] + inserted + en_texts[middle:]
    gold = []
    for zh_ids, en_ids in read_beads("\n".join(gold_lines)):
        moved = tuple(k + 80 if k >= middle else k for k in en_ids)
        gold.append((zh_ids, moved))
    gold += [((), (k,)) for k in range(middle, middle + 80)]
    zh = tuple(Segment(k, 0, len(t), t, k) for k, t in enumerate(zh_texts))
    en = tuple(Segment(k, 0, len(t), t, k) for k, t in enumerate(en_texts))
    result = align(zh, en)
    score = Score([0, 0, 0, 0], [0, 0, 0, 0])
    score.add(gold, [(bead.zh, bead.en) for bead in result.beads])
    assert score.f1()[2] >= 0.88


def test_english_evidence_from_elsewhere_gives_the_same_alignment() -> None:
    """``align`` with the English evidence handed in (pickled, as from a worker process) gives
    what it computes itself, and the evidence survives pickling unchanged."""
    from transreview.align import english_evidence
    from transreview.ingest import read_document
    from transreview.pipeline import analyze, english_side

    corpus = ROOT / "corpora" / "shanghai"
    en_document = read_document(str(corpus / "en.txt"))
    zh_document = read_document(str(corpus / "zh.txt"))
    evidence = english_side(en_document)
    again = pickle.loads(pickle.dumps(evidence))
    assert list(again.sentences) == list(evidence.sentences)
    assert again.sentences[3:9] == list(evidence.sentences[3:9])
    assert again.mentions == evidence.mentions
    assert any(evidence.mentions)
    assert again.links.ids == evidence.links.ids
    for name in ("start", "key", "mask"):
        assert np.array_equal(getattr(again.links, name), getattr(evidence.links, name))
    plain = analyze(en_document, zh_document)
    handed = analyze(en_document, zh_document, english=lambda: again)
    assert plain == handed
    zh, en = segments(*ZH), segments(*EN)
    assert align(zh, en, english=lambda: english_evidence(en)) == align(zh, en)


class Counting(Executor):
    """A process pool (``fork`` where there is one) that counts what it is given."""

    def __init__(self) -> None:
        method = "fork" if "fork" in get_all_start_methods() else "spawn"
        self.pool = ProcessPoolExecutor(max_workers=2, mp_context=get_context(method))
        self.names: list[str] = []

    def submit(
        self, fn: Callable[..., T], /, *args: Any, **kwargs: Any,
    ) -> Future[T]:
        self.names.append(fn.__name__)
        return self.pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.pool.shutdown(wait, cancel_futures=cancel_futures)


@pytest.mark.parametrize("learning", [True, False])
def test_workers_share_a_long_alignment_with_the_same_result(
    learning: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    """From ``PARALLEL`` Chinese sentences on, an executor's worker processes (what they are
    sent and return is pickled, through files with the bootstrap, as themselves without) cut
    the Chinese sentences into words (unless given them: ``chinese_cuts``), most of them into
    learnt units (when the bootstrap runs), and score most of the final band, in two tasks: the
    alignment is the same, scores included, and so are the numbers kept from the worker, and no
    file is left; below ``PARALLEL`` the executor is not used."""
    import transreview.align

    # the generated text is made of dictionary glosses: the bootstrap runs only when forced
    monkeypatch.setattr(transreview.align, "LEARN_BELOW", 1.01 if learning else 0.7)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from align_speed import generate

    from transreview.align import PARALLEL
    from transreview.numbers import _read_numbers_zh, numbers_zh

    zh_texts, en_texts, _ = generate(PARALLEL + 10, seed=5)
    zh, en = segments(*zh_texts), segments(*en_texts)
    pairs = [("发展", "development")]
    use_folder(str(tmp_path) if learning else "")
    try:
        with Counting() as executor:
            shared = align(zh, en, term_pairs=pairs, executor=executor)
            sent = list(executor.names)
            few = align(zh[:50], en[:50], executor=executor)
            cut_before = align(zh, en, term_pairs=pairs, executor=executor,
                               chinese=lambda: chinese_cuts(zh, pairs))
    finally:
        use_folder("")
    assert os.listdir(tmp_path) == []
    assert sent[-2:] == ["_bands", "_bands"]
    assert executor.names[len(sent):] == [name for name in sent if name != "_cuts"]
    assert chinese_cuts(zh[:50]) is None
    assert cut_before == shared
    assert ("_spans" in executor.names) == learning
    assert executor.names.count("_cuts") == 1
    assert all(numbers_zh(text) == _read_numbers_zh.__wrapped__(text) for text in zh_texts)
    assert shared == align(zh, en, term_pairs=pairs)
    assert few == align(zh[:50], en[:50])


@pytest.mark.parametrize("folder", [True, False])
def test_workers_search_again_where_the_path_leaves_the_band(
    folder: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    """Where the final search's path of a long document runs along its band's edge (here, 150
    English sentences are missing), workers share the stretches searched again (when they are
    ``RESEARCH_ROWS`` or more rows): the alignment is the same, scores included, and no file is
    left."""
    import transreview.align

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from align_speed import generate

    from transreview.align import PARALLEL

    zh_texts, en_texts, _ = generate(PARALLEL + 10, seed=5)
    zh, en = segments(*zh_texts), segments(*en_texts[:2000], *en_texts[2150:])
    monkeypatch.setattr(transreview.align, "RESEARCH_ROWS", 1)
    use_folder(str(tmp_path) if folder else "")
    try:
        with Counting() as executor:
            shared = align(zh, en, executor=executor)
    finally:
        use_folder("")
    assert os.listdir(tmp_path) == []
    assert "_stretches" in executor.names
    assert shared == align(zh, en)


@pytest.mark.parametrize("learning", [True, False])
def test_long_document_learns_from_stretches(
    learning: bool, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """From ``LONG`` sentences on, the first pass covers evenly spread stretches only, and stops
    after the ``JUDGED`` ones when the bootstrap is not needed: the alignment stays accurate, and
    covers a lopsided pair too (with the bootstrap and without)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from align_eval import Score, read_beads
    from align_speed import generate

    import transreview.align
    from transreview.align import JUDGED, LONG, WINDOWS

    monkeypatch.setattr(transreview.align, "LEARN_BELOW", 1.01 if learning else 0.0)
    passes: list[list[int]] = []
    first_pass = transreview.align._first_pass

    def recorded(*args: Any) -> list[tuple[int, int, int, int]]:
        passes.append(list(args[3]) if len(args) > 3 else list(range(WINDOWS)))
        return first_pass(*args)

    monkeypatch.setattr(transreview.align, "_first_pass", recorded)
    zh_texts, en_texts, gold_lines = generate(LONG + 10, seed=11)
    zh, en = segments(*zh_texts), segments(*en_texts)
    alignment = align(zh, en)
    assert passes == [list(JUDGED), list(range(WINDOWS))] if learning else [list(JUDGED)]
    assert_alignment_invariants(alignment, len(zh), len(en))
    score = Score([0, 0, 0, 0], [0, 0, 0, 0])
    score.add(read_beads("\n".join(gold_lines)), [(b.zh, b.en) for b in alignment.beads])
    assert score.f1()[2] >= 0.98
    few = segments(*en_texts[:30])
    assert_alignment_invariants(align(zh, few), len(zh), len(few))


def test_bootstrap_runs_only_where_the_dictionary_leaves_much_unexplained(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the dictionary covers the first pass's beads well (text made of dictionary
    glosses) the alignment is the one without the bootstrap, scores included; where it does not
    (MAC-Dev 002, a literary text) the bootstrap runs and changes it. ``LEARN_BELOW`` decides."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from align_speed import generate

    import transreview.align
    from transreview.ingest import read_document
    from transreview.segment import segment_presegmented

    plain = Weights(bootstrap=False)
    zh_texts, en_texts, _ = generate(3000, seed=5)
    zh, en = segments(*zh_texts), segments(*en_texts)
    assert align(zh, en) == align(zh, en, weights=plain)
    with monkeypatch.context() as always:
        always.setattr(transreview.align, "LEARN_BELOW", 1.01)
        assert align(zh, en) != align(zh, en, weights=plain)
    if not MAC_DEV.is_dir():
        pytest.skip(f"MAC-Dev not found at {MAC_DEV} (../shared is absent)")
    zh = segment_presegmented(read_document(str(MAC_DEV / "zh" / "002")))
    en = segment_presegmented(read_document(str(MAC_DEV / "en" / "002")))
    assert align(zh, en) != align(zh, en, weights=plain)
    monkeypatch.setattr(transreview.align, "LEARN_BELOW", 0.0)
    assert align(zh, en) == align(zh, en, weights=plain)


def test_unscored_beads_are_the_scored_beads_with_score_zero() -> None:
    """``scores=False`` gives the same beads, each with the unknown score 0.0."""
    corpus = ROOT / "corpora" / "shanghai"
    zh = segment_document(read_document(str(corpus / "zh.txt")), "zh")
    en = segment_document(read_document(str(corpus / "en.txt")), "en")
    scored, unscored = align(zh, en), align(zh, en, scores=False)
    assert [(bead.zh, bead.en) for bead in unscored.beads] == [
        (bead.zh, bead.en) for bead in scored.beads]
    assert {bead.score for bead in unscored.beads} == {0.0}
    assert any(bead.score > 0 for bead in scored.beads)
