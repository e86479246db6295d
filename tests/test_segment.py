"""Sentence segmentation: table-driven cases per category, the document API, properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.model import Document, Lang
from transreview.segment import (
    SEGMENTER_NAME,
    segment_document,
    segment_presegmented,
    split_sentences,
)


def sentences(text: str, lang: Lang) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, lang)]


ENGLISH: dict[str, list[tuple[str, list[str]]]] = {
    "abbreviations": [
        ("Shanghai Co. Ltd. announced it.", ["Shanghai Co. Ltd. announced it."]),
        ("Mr. Wang met Dr. Li and Prof. Zhang.", ["Mr. Wang met Dr. Li and Prof. Zhang."]),
        ("He works for Guohua Life Insurance Co., Ltd. The company grew.",
         ["He works for Guohua Life Insurance Co., Ltd.", "The company grew."]),
        ("No. 1 Middle School opened in 1950.", ["No. 1 Middle School opened in 1950."]),
        ("U.S. officials came. They left.", ["U.S. officials came.", "They left."]),
        ("Cities, e.g. Shanghai, grew; i.e. Pudong too.",
         ["Cities, e.g. Shanghai, grew; i.e. Pudong too."]),
        ("We met at 9 a.m. The talks lasted an hour.",
         ["We met at 9 a.m.", "The talks lasted an hour."]),
        ("At 9 a.m. Mr. Li arrived.", ["At 9 a.m. Mr. Li arrived."]),
        ("We bought apples, pears, etc. The shop closed.",
         ["We bought apples, pears, etc.", "The shop closed."]),
        ("We bought apples, pears, etc. and went home.",
         ["We bought apples, pears, etc. and went home."]),
        ("See Fig. 3 and pp. 10-12.", ["See Fig. 3 and pp. 10-12."]),
        ("He said no. Then he left.", ["He said no.", "Then he left."]),
        ("He met Mr.\u00a0Li in the U.S.\tThe talks went well.",
         ["He met Mr.\u00a0Li in the U.S.", "The talks went well."]),
        ("He lives in the U.S. Mr. Li lives in Shanghai.",
         ["He lives in the U.S.", "Mr. Li lives in Shanghai."]),
    ],
    "initials": [
        ("J. K. Rowling wrote it.", ["J. K. Rowling wrote it."]),
        ("The author is J. K. Rowling. She lives in Edinburgh.",
         ["The author is J. K. Rowling.", "She lives in Edinburgh."]),
        ("It was Plan B. It worked.", ["It was Plan B.", "It worked."]),
    ],
    "numbers": [
        ("GDP reached 4.32 trillion yuan, up 8.1 percent. The population is 25 million.",
         ["GDP reached 4.32 trillion yuan, up 8.1 percent.", "The population is 25 million."]),
        ("It has 734,000 firms and 15.35 million people.",
         ["It has 734,000 firms and 15.35 million people."]),
        ("Exhibits rose from 278 to 1168. Visitors came.",
         ["Exhibits rose from 278 to 1168.", "Visitors came."]),
        ("Version 2.0.1 shipped. It works.", ["Version 2.0.1 shipped.", "It works."]),
    ],
    "ellipses": [
        ("He paused... then left.", ["He paused... then left."]),
        ("He paused... Then he left.", ["He paused...", "Then he left."]),
        ("Wait… The door opened.", ["Wait…", "The door opened."]),
        ("Wait… or not.", ["Wait… or not."]),
        ("And so on...", ["And so on..."]),
        ("It is . . . I think . . . fine.", ["It is . . . I think . . . fine."]),
    ],
    "quotations": [
        ('He said "Go." Then he left.', ['He said "Go."', "Then he left."]),
        ("He said “Go.” Then he left.", ["He said “Go.”", "Then he left."]),
        ("He said 'Go.' Then he left.", ["He said 'Go.'", "Then he left."]),
        ('"Go!" he said.', ['"Go!" he said.']),
        ("He asked, “Why?” She smiled.", ["He asked, “Why?”", "She smiled."]),
        ("It has 17 services. ”Sheng Hong, director, said.",
         ["It has 17 services. ”", "Sheng Hong, director, said."]),
        ('"Why?" Wang asked. "No idea."', ['"Why?" Wang asked.', '"No idea."']),
        ('"Go." He said nothing more.', ['"Go."', "He said nothing more."]),
        ('"Go." Prof. Zhang said: "Now."', ['"Go."', 'Prof. Zhang said: "Now."']),
        ('"We grew." Mayor Gong Zheng said the city will grow.',
         ['"We grew."', "Mayor Gong Zheng said the city will grow."]),
        ('"We grew." General Secretary Xi Jinping said.',
         ['"We grew." General Secretary Xi Jinping said.']),
        ("Let's see—' 'At you!' he cried.", ["Let's see—'", "'At you!' he cried."]),
        ("It was . . .' Then he left.", ["It was . . .'", "Then he left."]),
        ('"It works." "Does it?" "Yes."', ['"It works."', '"Does it?"', '"Yes."']),
    ],
    "lists": [
        ("1. Build the zone. 2. Open the port.", ["1. Build the zone.", "2. Open the port."]),
        ("1. First item", ["1. First item"]),
        ("1) Plan 2) Build 3) Open", ["1) Plan", "2) Build", "3) Open"]),
        ("a) Plan b) Build", ["a) Plan", "b) Build"]),
    ],
    "parentheses": [
        ("He left (he was tired.) and slept.", ["He left (he was tired.) and slept."]),
        ("He left. (He was tired.) Then he slept.",
         ["He left.", "(He was tired.)", "Then he slept."]),
        ("It is large (about 6,340 sq. km). It grew.",
         ["It is large (about 6,340 sq. km).", "It grew."]),
    ],
    "question and exclamation runs": [
        ("Really?! Yes.", ["Really?!", "Yes."]),
        ("What?? No!!! Fine.", ["What??", "No!!!", "Fine."]),
        ("She works at Yahoo! in Beijing.", ["She works at Yahoo! in Beijing."]),
    ],
}

CHINESE: dict[str, list[tuple[str, list[str]]]] = {
    "terminators": [
        ("上海是中国最大的城市。它有2500万人口！你去过吗？",
         ["上海是中国最大的城市。", "它有2500万人口！", "你去过吗？"]),
        ("真的吗？！太好了！！", ["真的吗？！", "太好了！！"]),
        ("你好!我很好?谢谢.", ["你好!", "我很好?", "谢谢."]),
    ],
    "ellipses": [
        ("他沉默了……过了很久才开口。", ["他沉默了……", "过了很久才开口。"]),
        ("上海、北京……，都在增长。", ["上海、北京……，都在增长。"]),
        ("陆家嘴、外滩……一座座地标拔地而起。", ["陆家嘴、外滩……一座座地标拔地而起。"]),
        ("他去过上海、北京，累了……然后回家。", ["他去过上海、北京，累了……", "然后回家。"]),
        ("等等…然后呢？", ["等等…", "然后呢？"]),
        ("他说：“我…… 我不知道。”然后走了。", ["他说：“我…… 我不知道。”", "然后走了。"]),
    ],
    "closing quotes and brackets": [
        ("他说：“我们走吧。”然后离开了。", ["他说：“我们走吧。”", "然后离开了。"]),
        ("「好的！」她说。", ["「好的！」", "她说。"]),
        ("『走吧……』他们出发了。", ["『走吧……』", "他们出发了。"]),
        ("（注：这是说明。）然后开始。", ["（注：这是说明。）", "然后开始。"]),
        ("他说‘好。’我们走。", ["他说‘好。’", "我们走。"]),
        ("“好！”，他说。", ["“好！”，他说。"]),
        ("“你为什么——”她停住了。", ["“你为什么——”", "她停住了。"]),
        ("这是——一个例子。", ["这是——一个例子。"]),
        ("“走吧。” ……他们又谈了一会儿。", ["“走吧。”", "……他们又谈了一会儿。"]),
        ("6. 片厂的故事。7. 开麦拉", ["6. 片厂的故事。", "7. 开麦拉"]),
        ("“你不会摔交。 ”他说。", ["“你不会摔交。 ”", "他说。"]),
        ('他说："走吧。"然后走了。', ['他说："走吧。"', "然后走了。"]),
        ('他走了。"你好，"她说。', ["他走了。", '"你好，"她说。']),
    ],
    "no split": [
        ("上海；北京；广州。", ["上海；北京；广州。"]),
        ("他读了《你好！世界》和《为什么？》两本书。",
         ["他读了《你好！世界》和《为什么？》两本书。"]),
        ("总书记说：要坚持。", ["总书记说：要坚持。"]),
    ],
    "mixed Latin and numbers": [
        ("增长3.5%，达到4.32万亿元。经济向好。", ["增长3.5%，达到4.32万亿元。", "经济向好。"]),
        ("美国U.S.经济增长了。", ["美国U.S.经济增长了。"]),
        ("他毕业于MIT. 后来回国了。", ["他毕业于MIT.", "后来回国了。"]),
        ("比例为３．２９％。下降了。", ["比例为３．２９％。", "下降了。"]),
        ("iPhone 12售价5999元。He said. 好的。", ["iPhone 12售价5999元。", "He said.", "好的。"]),
        ("访问www.gov.cn了解。", ["访问www.gov.cn了解。"]),
    ],
}


def _cases(table: dict[str, list[tuple[str, list[str]]]]) -> list[object]:
    return [
        pytest.param(text, expected, id=f"{category}-{number}")
        for category, cases in table.items()
        for number, (text, expected) in enumerate(cases)
    ]


@pytest.mark.parametrize(("text", "expected"), _cases(ENGLISH))
def test_english(text: str, expected: list[str]) -> None:
    assert sentences(text, "en") == expected


@pytest.mark.parametrize(("text", "expected"), _cases(CHINESE))
def test_chinese(text: str, expected: list[str]) -> None:
    assert sentences(text, "zh") == expected


def test_segmenter_name_is_stable_text() -> None:
    assert re.fullmatch(r"[a-z]+-\d+", SEGMENTER_NAME)


def test_unknown_language_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        split_sentences("Hello.", "fr")  # type: ignore[arg-type]


def test_document_paragraphs_and_offsets() -> None:
    text = "  First one. Second one.\r\n\r\n   \r\nThird.\n\nFourth? Fifth!  "
    segments = segment_document(Document("x.txt", text), "en")
    assert [s.text for s in segments] == ["First one.", "Second one.", "Third.", "Fourth?",
                                          "Fifth!"]
    assert [s.paragraph for s in segments] == [0, 0, 1, 2, 2]
    assert [s.index for s in segments] == [0, 1, 2, 3, 4]
    assert all(text[s.start:s.end] == s.text for s in segments)


def test_document_empty_and_blank() -> None:
    assert segment_document(Document("e.txt", ""), "en") == ()
    assert segment_document(Document("b.txt", " \n\t\r\n\u3000"), "zh") == ()


def test_document_chinese_offsets() -> None:
    text = "第一段。第二句！\n第二段。"
    segments = segment_document(Document("zh.txt", text), "zh")
    assert [(s.start, s.end, s.paragraph) for s in segments] == [(0, 4, 0), (4, 8, 0), (9, 13, 1)]


def test_presegmented_line_k_is_sentence_k() -> None:
    text = "One. Two.\r\n\nThree\rFour\n"
    segments = segment_presegmented(Document("p.txt", text))
    assert [s.text for s in segments] == ["One. Two.", "", "Three", "Four"]
    assert [s.paragraph for s in segments] == [0, 1, 2, 3]
    assert all(text[s.start:s.end] == s.text for s in segments)
    assert segment_presegmented(Document("e.txt", "")) == ()
    assert [s.text for s in segment_presegmented(Document("n.txt", "last"))] == ["last"]


_ALPHABET = st.sampled_from(
    [*"aAzZ09 .!?…。！？；，、“”\"'()（）《》「」:,-•",
     "Mr.", "U.S.", "e.g.", " . . . ", "...", "3.5", "\n", "\r\n", "\r", "\t", "\u3000", "\xa0",
     "中", "国", "The ", "1. ", "a. ", "2) "]
)
_TEXTS = st.lists(_ALPHABET, max_size=60).map("".join)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    cursor = 0
    pieces: list[str] = []
    for start, end in spans:
        assert cursor <= start < end
        sentence = text[start:end]
        assert sentence == sentence.strip()
        assert "\n" not in sentence and "\r" not in sentence
        gap = text[cursor:start]
        assert gap.strip() == ""
        pieces += [gap, sentence]
        cursor = end
    assert text[cursor:].strip() == ""
    assert "".join(pieces) + text[cursor:] == text
    covered = 0
    for line in _LINE_BREAK.split(text):
        if line.strip():
            lo = text.index(line, covered)
            hi = lo + len(line)
            assert any(lo <= start and end <= hi for start, end in spans)
            covered = hi


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.sampled_from(["en", "zh"]))
def test_spans_rebuild_the_text(text: str, lang: Lang) -> None:
    _check_spans(text, split_sentences(text, lang))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.sampled_from(["en", "zh"]))
def test_spans_rebuild_any_unicode(text: str, lang: Lang) -> None:
    _check_spans(text, split_sentences(text, lang))


@settings(max_examples=200, deadline=None)
@given(_TEXTS, st.sampled_from(["en", "zh"]))
def test_document_segments_agree_with_spans(text: str, lang: Lang) -> None:
    segments = segment_document(Document("h.txt", text), lang)
    assert [(s.start, s.end) for s in segments] == split_sentences(text, lang)
    assert [s.index for s in segments] == list(range(len(segments)))
    nonblank = [line for line in _LINE_BREAK.split(text) if line.strip()]
    assert sorted({s.paragraph for s in segments}) == list(range(len(nonblank)))
    for segment in segments:
        assert segment.text == text[segment.start:segment.end]
        assert segment.text in nonblank[segment.paragraph]


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_presegmented_matches_lines(text: str) -> None:
    lines = _LINE_BREAK.split(text)
    if lines[-1] == "":
        lines.pop()
    segments = segment_presegmented(Document("p.txt", text))
    assert [s.text for s in segments] == lines
    assert all(text[s.start:s.end] == s.text for s in segments)
