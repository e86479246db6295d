"""What a long alignment's workers send back is compact and loses nothing: the English evidence
travels as its link arrays (``EnglishLinks.sentence`` rebuilds a sentence), the Chinese words as
the dictionary entries their analysis reads (``ChineseWords.entries``)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from transreview.align import _words, english_evidence
from transreview.align.features import en_sentence, zh_cut, zh_sentence, zh_sentence_of
from transreview.align.links import EnglishLinks, EnglishSentences
from transreview.ingest import read_document
from transreview.model import Lang
from transreview.segment import segment_document

ROOT = Path(__file__).resolve().parents[1]
MAC_DEV = ROOT.parent / "shared" / "data" / "mac-dev"
DEMO = ROOT / "corpora" / "shanghai"


def _texts(path: Path, lang: Lang) -> list[str]:
    return [segment.text for segment in segment_document(read_document(str(path)), lang)]


def _pairs() -> list[tuple[Path, Path]]:
    """The demo corpus, and MAC-Dev's documents when ``../shared`` is there."""
    pairs = [(DEMO / "zh.txt", DEMO / "en.txt")]
    if MAC_DEV.is_dir():
        pairs += [(MAC_DEV / "zh" / name, MAC_DEV / "en" / name)
                  for name in sorted(path.name for path in (MAC_DEV / "zh").iterdir())]
    return pairs


LONG = ("The " + " ".join(f"committee{k} approved {k + 3} projects in Pudong" for k in range(30))
        + ", said Li Qiang on 5 March 2021.")
"""A sentence of far more than 64 content tokens, with names and numbers (its masks fold)."""


@pytest.mark.parametrize("zh_path, en_path", _pairs(), ids=lambda path: path.parent.name)
def test_english_links_rebuild_every_sentence(zh_path: Path, en_path: Path) -> None:
    """Each sentence rebuilt from the links equals the one they were built from, key order
    included, for real text and a sentence whose masks the rows fold."""
    sentences = [en_sentence(text) for text in [*_texts(en_path, "en"), LONG]]
    assert sentences[-1].size > 64 and sentences[-1].numbers and sentences[-1].names
    links = pickle.loads(pickle.dumps(EnglishLinks.of_sentences(sentences)))
    rebuilt = EnglishSentences(links)
    assert len(rebuilt) == len(sentences)
    for sentence, again in zip(sentences, rebuilt, strict=True):
        assert again == sentence
        assert list(again.lemmas) == list(sentence.lemmas)
        assert list(again.names) == list(sentence.names)
    assert rebuilt[-1] == sentences[-1] and rebuilt[2:5] == sentences[2:5]
    with pytest.raises(IndexError):
        rebuilt[len(sentences)]


def test_pickled_english_evidence_keeps_its_sentences() -> None:
    """``English`` pickles without its sentences' tables and reads the same afterwards."""
    segments = segment_document(read_document(str(DEMO / "en.txt")), "en")
    evidence = english_evidence(segments)
    again = pickle.loads(pickle.dumps(evidence))
    assert isinstance(again.sentences, EnglishSentences)
    assert list(again.sentences) == list(evidence.sentences)
    assert again.mentions == evidence.mentions


@pytest.mark.parametrize("zh_path, en_path", _pairs(), ids=lambda path: path.parent.name)
def test_dictionary_entries_give_the_same_chinese_features(zh_path: Path, en_path: Path) -> None:
    """A ``ChineseWords`` of only the entries that a document's words and names read finds
    the same features there as the whole dictionary."""
    zh_texts = _texts(zh_path, "zh")
    links = EnglishLinks.of_sentences([en_sentence(text) for text in _texts(en_path, "en")])
    extra = {"浦东新区": frozenset({"pudong"})}
    whole = _words(extra, links.lemmas(), links.names())
    cuts = [zh_cut(text, whole) for text in zh_texts]
    pieces = {unit for cut in cuts for unit in cut.units if isinstance(unit, str)}
    glosses, pinyin = whole.entries(pieces, zh_texts)
    assert len(glosses) < len(whole.glosses) and len(pinyin) < len(whole.pinyin)
    narrow = type(whole)(glosses, pinyin, {}, extra, links.lemmas(), links.names())
    expected = [zh_sentence(text, whole) for text in zh_texts]
    assert [zh_sentence_of(cut, text, narrow)
            for cut, text in zip(cuts, zh_texts, strict=True)] == expected
    assert any(sentence.names for sentence in expected)
