"""Each rule on small texts: table-driven positive and negative cases."""

from __future__ import annotations

import pytest

from transreview.checks import REGISTRY, CheckContext, enabled_rules, run_checks
from transreview.errors import UsageError
from transreview.glossary import Glossary
from transreview.model import Alignment, Bead, Document, Finding, Term
from transreview.segment import segment_document

GLOSSARY = Glossary.from_terms([
    Term(zh="上海自贸试验区", en=("Shanghai Pilot Free Trade Zone",),
         forbidden=("Shanghai Free Trade Pilot Zone", "China Shanghai Pilot Free Trade Zone")),
    Term(zh="基层", en=("grassroots",), forbidden=("grass-roots",)),
    Term(zh="超大城市", en=("megacity",), forbidden=("mega city",)),
    Term(zh="社会主义现代化国际大都市", en=("modern socialist international metropolis",),
         forbidden=("socialist modern international metropolis",)),
    Term(zh="洋山港", en=("Yangshan Port",)),
    Term(zh="浦东", en=("Pudong",), case_sensitive=True),
    Term(zh="城市大脑", en=("urban brain", "city brain")),
])


def check(rule: str, text: str, glossary: Glossary | None = None) -> list[Finding]:
    document = Document(path="t.txt", text=text)
    context = CheckContext(en=document, en_segments=segment_document(document, "en"),
                           glossary=glossary)
    return sorted(run_checks(context, [rule]), key=lambda f: (f.start, f.end))


def summary(findings: list[Finding]) -> list[tuple[str, str | None]]:
    return [(f.term, f.suggestion) for f in findings]


FORBIDDEN = [
    ("The Shanghai Free Trade Pilot Zone opened.",
     [("Shanghai Free Trade Pilot Zone", "Shanghai Pilot Free Trade Zone")]),
    # sentence-initial capital kept
    ("Grass-roots work matters. So does grass-roots work.",
     [("Grass-roots", "Grassroots"), ("grass-roots", "grassroots")]),
    # plural carried over to the suggestion, possessive too
    ("Two mega cities and the mega city's plan.",
     [("mega cities", "megacities"), ("mega city's", "megacity's")]),
    # title case kept
    ("Building a Socialist Modern International Metropolis",
     [("Socialist Modern International Metropolis", "Modern Socialist International Metropolis")]),
    # the longer forbidden variant containing the approved term: one finding
    ("The China Shanghai Pilot Free Trade Zone.",
     [("China Shanghai Pilot Free Trade Zone", "Shanghai Pilot Free Trade Zone")]),
    # a line break inside the variant
    ("the Shanghai Free Trade\nPilot Zone", [("Shanghai Free Trade\nPilot Zone",
                                              "Shanghai Pilot Free Trade Zone")]),
    # negatives: approved renderings, other words
    ("The Shanghai Pilot Free Trade Zone and grassroots cadres in a megacity.", []),
    ("Ozone, grass, roots and cities.", []),
]


@pytest.mark.parametrize(("text", "expected"), FORBIDDEN)
def test_forbidden_term(text: str, expected: list[tuple[str, str]]) -> None:
    findings = check("forbidden-term", text, GLOSSARY)
    assert summary(findings) == expected
    assert all(f.severity.value == "error" and f.segment is not None for f in findings)


def test_an_abbreviation_is_replaced_as_the_glossary_writes_the_name() -> None:
    glossary = Glossary.from_terms([
        Term(zh="", en=("Pilot Free Trade Zone",), forbidden=("FTZ",)),
        Term(zh="", en=("United States",), forbidden=("U.S.",)),
        Term(zh="", en=("gross domestic product",), forbidden=("GDP",)),
        Term(zh="", en=("grassroots",), forbidden=("grass-roots",)),
    ])
    text = "The FTZ and the U.S. grew. The GDP grew. GRASS-ROOTS WORK. Two FTZs."
    assert summary(check("forbidden-term", text, glossary)) == [
        ("FTZ", "Pilot Free Trade Zone"), ("U.S.", "United States"),
        ("GDP", "gross domestic product"), ("GRASS-ROOTS", "GRASSROOTS"),
        ("FTZs", "Pilot Free Trade Zones")]


def test_a_suggestion_in_lower_case_takes_a_capital_where_a_sentence_starts() -> None:
    # a rendering with capitals of its own keeps them, and takes one more at a sentence's start
    glossary = Glossary.from_terms([Term(zh="", en=("the CPC Central Committee",),
                                         forbidden=("the Party's Central Committee",))])
    text = ("The Party’s Central Committee met. Officials of The Party's Central Committee "
            "came. “The Party's Central Committee met,” he said.\nthe Party's Central Committee")
    assert [f.suggestion for f in check("forbidden-term", text, glossary)] == [
        "The CPC Central Committee", "the CPC Central Committee", "The CPC Central Committee",
        "the CPC Central Committee"]


def test_an_unmatched_straight_quote_is_told_opening_or_closing() -> None:
    text = ('The mayor said: "We will build parks.\n\nThe parks will open next year." '
            "Officials agreed.\n")
    assert [(f.start, f.message) for f in check("unbalanced-pair", text)] == [
        (16, "'\"' is never closed in its paragraph"),
        (69, "'\"' closes a quotation that its paragraph never opens")]


def test_forbidden_term_needs_a_glossary() -> None:
    assert check("forbidden-term", "grass-roots", None) == []


INCONSISTENT = [
    # a function word differs: the majority form is suggested for the minority one
    ("We visited the Comprehensive Management Center for Urban Operation. "
     "The Comprehensive Management Center for Urban Operation is big. "
     "Staff of the Comprehensive Management Center of Urban Operation agreed.",
     [("Comprehensive Management Center of Urban Operation",
       "Comprehensive Management Center for Urban Operation")]),
    # word order, and an extra leading qualifier on the rarer form
    ("The Shanghai Pilot Free Trade Zone grew.\nThe Shanghai Pilot Free Trade Zone is new.\n"
     "Building the China Shanghai Pilot Free Trade Zone.\nIn the Shanghai Free Trade Pilot Zone.",
     [("China Shanghai Pilot Free Trade Zone", "Shanghai Pilot Free Trade Zone"),
      ("Shanghai Free Trade Pilot Zone", "Shanghai Pilot Free Trade Zone")]),
    # a plural's possessive is part of a name, in any word order
    ("The Shanghai Municipal People's Government met. The Shanghai Municipal People's Government "
     "agreed. The Shanghai People's Municipal Government left.",
     [("Shanghai People's Municipal Government", "Shanghai Municipal People's Government")]),
    # and no qualifier to drop: two banks; a singular's possessive names an owner
    ("The People's Bank of China cut rates. The Bank of China lent. The Bank of China grew. "
     "China's Bank of Communications too.", []),
    # a level of government spelt out or not inside a name; the name's piece before "of" is
    # not reported apart from the whole
    ("The Shanghai Municipal Commission of Commerce met. The Shanghai Commission of Commerce "
     "spoke. The Shanghai Municipal Commission of Commerce agreed.",
     [("Shanghai Commission of Commerce", "Shanghai Municipal Commission of Commerce")]),
    ("The Shanghai City Party Committee met. The Shanghai Municipal Party Committee met. The "
     "Shanghai Municipal Party Committee agreed.",
     [("Shanghai City Party Committee", "Shanghai Municipal Party Committee")]),
    # but a name's last word says what it names
    ("Ho Chi Minh City grew. Ho Chi Minh wrote. Ho Chi Minh lived.", []),
    # hyphenated vs closed up; the case of the occurrence is kept
    ("grassroots units and grassroots work.\nGrass-roots work.",
     [("Grass-roots", "Grassroots")]),
    # a hyphenated word with a one-letter half, against its closed-up spelling
    ("E-commerce sales rose. Cross-border e-commerce grew. Ecommerce firms hired.",
     [("Ecommerce", "E-commerce")]),
    ("Her T-shirt, his T-shirt and a tshirt.", [("tshirt", "T-shirt")]),
    # but "a" and "I" are words, which such halves are not: "aside" is no "A-side"
    ("The A-side single. The A-side hit. Aside from that, we sang.", []),
    ("An A-board sign. The A-board fell. Welcome aboard the ship.", []),
    # two words vs closed up, plural forms count with their singular
    ("Megacities grow. A megacity is big. This mega city is huge.",
     [("mega city", "megacity")]),
    # negatives: ordinary phrases, a short form of a longer name, ordinal qualifiers
    ("The Municipal Party Committee met. The Shanghai Municipal Party Committee met again. "
     "The Shanghai Municipal Party Committee agreed.", []),
    ("Since the 18th National Congress of the Communist Party of China and the "
     "19th National Congress of the Communist Party of China, and the First National Congress "
     "of the Communist Party of China.", []),
    ("General Secretary Xi Jinping spoke. The General Secretary said so.", []),
    ("Set up the system. The setup works. We check in. Every one of them, everyone.", []),
    ("On Monday Shanghai Port opened. Shanghai Port is busy.", []),
    # coordination order is not a name variant
    ("Ma and Pa came home. Then Pa and Ma left.", []),
    # a hyphenated modifier against the two-word noun phrase is standard style
    ("They sold damaged goods. The damaged goods were cheap. Such damaged-goods behaviour.", []),
    ("She is well educated. A well-educated woman. A well-educated man.", []),
    # but two words used as a modifier where the document hyphenates are a variant
    ("A high-level meeting. The high-level team. The High level Reform.",
     [("High level", "High-level")]),
]


@pytest.mark.parametrize(("text", "expected"), INCONSISTENT)
def test_inconsistent_term(text: str, expected: list[tuple[str, str]]) -> None:
    assert summary(check("inconsistent-term", text)) == expected


def test_inconsistent_term_leaves_glossary_variants_to_forbidden_term() -> None:
    text = "grassroots work and grassroots units.\nGrass-roots work."
    assert check("inconsistent-term", text, GLOSSARY) == []


def test_approved_alternatives_of_one_row_are_not_inconsistent() -> None:
    center = "Comprehensive Management Center {} Urban Operation"
    glossary = Glossary.from_terms([Term(zh="", en=(center.format("for"), center.format("of")))])
    text = f"The {center.format('for')} works. The {center.format('of')} works."
    assert check("inconsistent-term", text, glossary) == []
    assert summary(check("inconsistent-term", text)) == [
        (center.format("of"), center.format("for"))]


def test_a_piece_of_a_forbidden_variant_is_never_suggested_for_an_approved_spelling() -> None:
    # "Jin Ping" is written three times, but only inside the forbidden "Xi Jin Ping", which
    # forbidden-term reports: the approved "Xi Jinping" is not a minority variant of it
    glossary = Glossary.from_terms([Term(zh="", en=("Xi Jinping",), forbidden=("Xi Jin Ping",))])
    text = "Xi Jin Ping came. Xi Jin Ping spoke. Xi Jin Ping left. Later Xi Jinping returned."
    assert summary(check("inconsistent-term", text)) == [("Jinping", "Jin Ping")]
    assert check("inconsistent-term", text, glossary) == []
    assert [f.term for f in check("forbidden-term", text, glossary)] == ["Xi Jin Ping"] * 3
    # the other spellings of the group are still compared
    text = "Old Town Hall. Old Town Hall. Old Townhall. Old Town-Hall."
    pieces = Glossary.from_terms([Term(zh="", en=("City Hall",), forbidden=("Old Town-Hall",))])
    assert summary(check("inconsistent-term", text, pieces)) == [("Townhall", "Town Hall")]


def test_a_capitalised_two_word_spelling_is_a_compound_as_well_as_a_name() -> None:
    # "Hong Kong" is also a name (capitalised words); as a compound it meets "Hongkong", and
    # the capitals it is written with are kept in the suggestion
    text = ("In Hong Kong it grew. In Hong Kong it is big. Hong Kong is old. In Hongkong it is "
            "rich. HONGKONG too.")
    findings = check("inconsistent-term", text)
    assert summary(findings) == [("Hongkong", "Hong Kong"), ("HONGKONG", "HONG KONG")]
    assert findings[0].message == (
        "'Hongkong' is written 'Hong Kong' elsewhere in this document (3 times)")
    assert summary(check("inconsistent-term", "The Mega City grew. The Megacity grew. "
                                              "The Megacity is big.")) == [
        ("Mega City", "Megacity")]
    # a spelling in capitals throughout (a heading) is no proper name to copy
    assert summary(check("inconsistent-term", "THE MEGA CITY.\nTHE MEGA CITY.\n"
                                              "The megacity grew.")) == [
        ("megacity", "mega city")]


ROMANISED = [
    # the syllables of a romanised name written apart, two letters long ("Pu", "Wu")
    ("Pudong grew. Banks in Pudong. Pu Dong is a hub.", [("Pu Dong", "Pudong")]),
    ("Lujiazui at night. The Lujiazui skyline. Walk along Lu Jiazui.",
     [("Lu Jiazui", "Lujiazui")]),
    ("Wuhan is big. Wuhan is old. The Wu Han office. The Wu-han office.",
     [("Wu Han", "Wuhan"), ("Wu-han", "Wuhan")]),
    ("In Wuhan and Wuhan, WU HAN.", [("WU HAN", "WUHAN")]),
    ("An Hui is a province. Anhui is inland.", [("An Hui", "Anhui")]),
    # a tie: the closed-up spelling wins, as romanised names are written; between a hyphen
    # and a space, the first written (a noun and a verb here, a modifier there)
    ("He Fei met them. Hefei grew.", [("He Fei", "Hefei")]),
    ("Lightning streaked across the sky. The lightning-streaked sky.", []),
    # syllables joined by an apostrophe vary the same way; the suggestion keeps the document's
    # apostrophe; contractions and a one-letter head are no syllables
    ("Jingan Temple is in Jingan District. The Jing'an Temple is old.",
     [("Jing'an", "Jingan")]),
    ("Yan’an grew. Yan’an is old. Yanan is far.", [("Yanan", "Yan’an")]),
    ("They're here and Theyre there. We'll go, Well. O'Neill and ONeill. John's, Johns.", []),
    # English words and abbreviations of two letters are no syllables
    ("Is Land Reform Working? The island is green.", []),
    ("On Line 2 trains run. Book online.", []),
    ("Mr Li met Ms Wang. Mrli said no.", []),
    # lower case, or a closed-up form missing from the document: no name written apart
    ("The pu dong ferry. Pudong grew.", []),
    ("Pu Dong is a hub. The Pu Dong ferry.", []),
]


@pytest.mark.parametrize(("text", "expected"), ROMANISED)
def test_a_romanised_name_written_in_syllables(text: str, expected: list[tuple[str, str]]
                                               ) -> None:
    assert summary(check("inconsistent-term", text)) == expected


def test_a_proper_compound_is_quoted_and_suggested_with_its_capital() -> None:
    findings = check("inconsistent-term", "Pudong grew. Banks in Pudong. The pu-dong ferry.")
    assert summary(findings) == [("pu-dong", "Pudong")]
    assert findings[0].message == (
        "'pu-dong' is written 'Pudong' elsewhere in this document (2 times)")


def test_a_compound_written_in_the_plural_is_quoted_so() -> None:
    findings = check("inconsistent-term", "The grassroots met. The grassroots voted. "
                                          "The grass-roots spoke.")
    assert [f.message for f in findings] == [
        "'grass-roots' is written 'grassroots' elsewhere in this document (2 times)"]


def test_glossary_preferred_rendering_wins_over_the_majority() -> None:
    text = ("The Shanghai Pilot Free Trade Zone grew. Officials of the Zone Pilot Free Trade "
            "Shanghai said so. The Zone Pilot Free Trade Shanghai agreed.")
    assert summary(check("inconsistent-term", text, GLOSSARY)) == [
        ("Zone Pilot Free Trade Shanghai", "Shanghai Pilot Free Trade Zone"),
        ("Zone Pilot Free Trade Shanghai", "Shanghai Pilot Free Trade Zone"),
    ]


DUPLICATES = [
    ("Riverside and sea, long wind; barges compete for the current.\n\n"
     "Another paragraph here today.\n\nRiverside and sea, long wind; barges compete for the "
     "current.\n",
     [("Riverside and sea, long wind; barges compete for the current.",
       "this paragraph repeats line 1")]),
    ("He said the plan was good for all of us. Then he left.\n"
     "We agreed. He said the plan was good for all of us.\n",
     [("He said the plan was good for all of us.", "this sentence repeats line 1")]),
    ("Following the Footprint of the General Secretary: Accelerating the Construction of a "
     "Modern Metropolis\n\nFormer Title: Accelerating the Construction of a Modern Metropolis "
     "(Following the Footprint of the General Secretary)\n",
     [("Former Title: Accelerating the Construction of a Modern Metropolis (Following the "
       "Footprint of the General Secretary)", "this paragraph nearly repeats line 1")]),
    # a short heading repeated by a careless export
    ("Shanghai Forges Ahead\n\nThe city grew fast this year.\n\nShanghai Forges Ahead\n",
     [("Shanghai Forges Ahead", "this paragraph repeats line 1")]),
    # negatives: short sentences, similar but different long paragraphs
    ('"Yes," he said.\nHe left.\n"Yes," he said.\nPhoto: Xinhua\nPhoto: Xinhua\n', []),
    # a credit line that each article of a file repeats
    ("Editor: Zhang Wei\n\nThe city grew.\n\nEditor: Zhang Wei\n\nChief editor: Li Ming Hua\n\n"
     "Chief editor: Li Ming Hua\n", []),
    ("Yes.\nYes.\nThank you.\nThank you.\nThere is no need to tell me.\n"
     "There is no need to tell me.\n", []),
    ("Bearing in mind the entrustment of the General Secretary, the port improved its "
     "management.\nBearing in mind the entrustment of the General Secretary, the city "
     "determined the direction of five people.\n", []),
]


@pytest.mark.parametrize(("text", "expected"), DUPLICATES)
def test_duplicate_segment(text: str, expected: list[tuple[str, str]]) -> None:
    findings = check("duplicate-segment", text)
    assert [(f.term, f.message) for f in findings] == expected


TEXT_RULES = [
    ("untranslated", "The 上海自贸区 opened in 2013 (中国（上海）).",
     [("上海自贸区", None), ("中国（上海", None)]),
    ("untranslated", "No Chinese — only dashes ——, dots · and “quotes”.", []),
    # Chinese punctuation in an English sentence, with the English mark; inside Chinese text,
    # the run's finding covers it
    ("untranslated", "Shanghai，a city。It grew：fast！ Then 上海。", [
        ("，", ", "), ("。", ". "), ("：", ": "), ("！", "!"), ("上海", None)]),
    # but a colon or a full stop between digits takes no space: a ratio, a time
    ("untranslated", "A 3：1 vote at 10：30, item 2：Budget.", [
        ("：", ":"), ("：", ":"), ("：", ": ")]),
    # full-width forms of ASCII characters, a run at a time, spaced as English writes them;
    # beside Chinese text, the run's finding covers them
    ("untranslated", "In ２０２２ the ＧＤＰ grew 5％.\nThe district（Pudong）is big. 中国（上海）",
     [("２０２２", "2022"), ("ＧＤＰ", "GDP"), ("％", "%"), ("（", " ("), ("）", ") "),
      ("中国（上海", None)]),
    ("repeated-word", "It was the the best. The the end.", [("the", ""), ("the", "")]),
    ("repeated-word", "He had had enough. The theme. the\nthe", []),
    ("repeated-word", "Zhen Zhen and Yao Yao heard tock tock tock; they asked her her name.", []),
    ("unbalanced-pair", 'He said "yes and left. (A note [here)].',
     [('"', None), ("[", None), ("]", None)]),
    ("unbalanced-pair", "《宣言》 and 【note】 and （full） and “quoted” and ‘single’ and it’s "
     "the members’ hall and (a [b] {c}).", []),
    ("unbalanced-pair", '"Gubei is home to many residents. ”Sheng Hong said.', [("”", '"')]),
    ("unbalanced-pair", "A closing ” alone, and an opening “ alone.", [("”", None), ("“", None)]),
    # a quotation running on into the next paragraph reopens it there
    ("unbalanced-pair", "“It is getting dark.\n\n“Our parents will worry!”\n", []),
    ("unbalanced-pair", "“It is getting dark.\n\nOur parents will worry.\n", [("“", None)]),
    # list labels closed by a parenthesis open nothing; a stray one after a longer word does
    # an apostrophe before a year's digits, and those of "rock ’n’ roll", are no quotes
    ("unbalanced-pair", "In the ’90s and ’08, workers’ rock ’n’ roll. ‘Open ’80s.",
     [("‘", None)]),
    ("unbalanced-pair", "1) First item\n2） Second item\nSteps a), b) and iv) here, (c) too.",
     []),
    ("unbalanced-pair", "It grew in 2021) and the items) stayed (open a).\nA stray ) here.",
     [(")", None), (")", None), (")", None)]),
    ("whitespace", "Two  spaces here , and a space before the stop .",
     [("  ", " "), (" ", ""), (" ", "")]),
    ("whitespace", "Indented line stays.\n    Next line ...\nA dot.5 and e.g. this", []),
    ("whitespace", "'Mine's . . .' he said.", []),
    # spaces inside brackets go; a comma or semicolon run into the next word takes a space
    ("whitespace", "Lujiazui ( the financial district ) grew.\n(  two) [ x ] in May,while; "
     "and;so",
     [(" ", ""), (" ", ""), ("  ", ""), (" ", ""), (" ", ""), (",", ", "), (";", "; ")]),
    ("whitespace", "(a) 1,000 and 3;4, [b] e.g. (x)\n) opens a line, f(x) = 2 ( \nend. ) Shanghai "
     "( ) ( .", []),
    # a sentence run into the next; abbreviations, numbers and domains are no sentence ends
    ("whitespace", "It grew.The mayor said so.Really?Yes!No. See e.g.This, U.S.Army, "
     "Ph.D.Thesis, www.gov.cn, 3.5 and Shanghai.",
     [(".", ". "), (".", ". "), ("?", "? "), ("!", "! ")]),
    # full-width spaces left from the Chinese: an indent goes, one between words is a space
    ("whitespace", "\u3000\u3000Indented.\nA\u3000space.\n上海\u3000浦东 is Chinese.",
     [("\u3000\u3000", ""), ("\u3000", " ")]),
]


@pytest.mark.parametrize(("rule", "text", "expected"), TEXT_RULES)
def test_text_rules(rule: str, text: str, expected: list[tuple[str, str | None]]) -> None:
    findings = check(rule, text)
    assert summary(findings) == expected
    for finding in findings:
        assert finding.rule == rule
        assert text[finding.start:finding.end] == finding.term or rule == "repeated-word"


def source_context(zh_text: str, en_text: str, beads: list[tuple[list[int], list[int]]],
                   glossary: Glossary | None = GLOSSARY) -> CheckContext:
    zh = Document(path="zh.txt", text=zh_text)
    en = Document(path="en.txt", text=en_text)
    zh_segments = segment_document(zh, "zh")
    en_segments = segment_document(en, "en")
    alignment = Alignment(zh_segments, en_segments,
                          tuple(Bead(tuple(z), tuple(e)) for z, e in beads))
    return CheckContext(en=en, en_segments=en_segments, zh=zh, zh_segments=zh_segments,
                        alignment=alignment, glossary=glossary)


def test_missing_term() -> None:
    context = source_context("洋山港很大。浦东很新。\n", "The port is big. Pudong is new.\n",
                             [([0], [0]), ([1], [1])])
    findings = list(run_checks(context, ["missing-term"]))
    assert [(f.term, f.zh_segment, f.segment) for f in findings] == [("洋山港", 0, 0)]


def test_missing_term_accepts_a_plural_or_any_approved_rendering() -> None:
    context = source_context("城市大脑很大。\n", "City brains are big.\n", [([0], [0])])
    assert list(run_checks(context, ["missing-term"])) == []


def test_number_mismatch() -> None:
    context = source_context(
        "上海有2500万人口。港口吞吐量达到4.32万亿元。他来了5次。\n",
        "Shanghai has 25 million people. Trade reached 4.32 trillion yuan. He came 6 times.\n",
        [([0], [0]), ([1], [1]), ([2], [2])])
    findings = list(run_checks(context, ["number-mismatch"]))
    assert sorted(f.term for f in findings) == ["5", "6"]


def test_omission_and_addition() -> None:
    context = source_context("第一句。第二句。\n", "The first sentence. An added one.\n",
                             [([0], [0]), ([1], []), ([], [1])])
    omission = list(run_checks(context, ["omission"]))
    addition = list(run_checks(context, ["addition"]))
    assert [(f.zh_segment, f.start == f.end) for f in omission] == [(1, True)]
    assert [(f.segment, f.term) for f in addition] == [(1, "An added one.")]


def test_length_ratio_flags_the_outlier_only() -> None:
    zh = "".join(f"这是第{n}句话。" for n in range(12)) + "短。\n"
    en = " ".join(f"This is sentence {n}." for n in range(12))
    en += " This one is far too long for its tiny source sentence, clearly padded out.\n"
    context = source_context(zh, en, [([n], [n]) for n in range(13)])
    findings = list(run_checks(context, ["length-ratio"]))
    assert [f.segment for f in findings] == [12]


def test_enabled_rules_select_ignore_and_source() -> None:
    english_only = enabled_rules()
    assert "forbidden-term" in english_only and "missing-term" not in english_only
    assert set(enabled_rules(with_source=True)) == set(REGISTRY)
    assert enabled_rules(select=["whitespace", "omission"]) == ["whitespace"]
    assert "whitespace" not in enabled_rules(ignore=["whitespace"])
    with pytest.raises(UsageError, match="unknown rule"):
        enabled_rules(select=["no-such-rule"])


def test_every_rule_has_metadata() -> None:
    for rule_id, rule in REGISTRY.items():
        assert rule.id == rule_id and rule.description
        assert rule.severity.value in ("error", "warning", "info")


def test_a_short_stray_paragraph_riding_on_another_source_is_an_addition() -> None:
    english = "(Reporter Liu Shi'an and others)\n\nGuess you like it\n"
    context = source_context("记者报道。\n", english, [([0], [0, 1])])
    findings = list(run_checks(context, ["addition"]))
    assert [(f.term, f.segment) for f in findings] == [("Guess you like it", 1)]
    joined = source_context("第一句。\n", "The first part. The second part.\n", [([0], [0, 1])])
    assert list(run_checks(joined, ["addition"])) == []
