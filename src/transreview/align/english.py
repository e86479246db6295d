"""English word handling shared by the lexicon and the scorer: tokens, stop words, word keys.

Dictionary glosses and the translation both go through the same key function (irregular forms
mapped, then the Snowball English stemmer), so "studied", "studies" and "study" meet at one key
even where the key is not a word.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")

STOP_WORDS = frozenset(
    (
        "a", "an", "the", "and", "or", "but", "nor", "so", "yet", "if", "then", "than", "that",
        "this", "these", "those", "there", "here", "of", "to", "in", "on", "at", "by", "for",
        "from", "with", "without", "into", "onto", "upon", "over", "under", "about", "as", "is",
        "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "doing",
        "have", "has", "had", "having", "will", "would", "shall", "should", "can", "could", "may",
        "might", "must", "not", "no", "it", "its", "it's", "he", "him", "his", "she", "her", "hers",
        "they", "them", "their", "theirs", "we", "us", "our", "ours", "you", "your", "yours", "i",
        "me", "my", "mine", "one", "ones", "sb", "sth", "something", "someone", "somebody", "etc",
        "which", "who", "whom", "whose", "what", "when", "where", "why", "how", "all", "any",
        "some", "each", "every", "very", "just", "also", "too", "s", "t", "ll", "d", "re", "ve",
        "up", "out", "off", "down", "while", "even", "again", "indeed", "anyway", "though",
        "although", "whether", "because", "since", "until", "still", "only", "quite", "rather",
    )
)
"""Function words: no lexical evidence for alignment (pronouns too: they are too common)."""

_IRREGULAR = {
    "was": "be", "were": "be", "been": "be", "am": "be", "is": "be", "are": "be",
    "had": "have", "has": "have", "did": "do", "does": "do", "done": "do",
    "said": "say", "says": "say", "goes": "go", "went": "go", "gone": "go", "came": "come",
    "saw": "see",
    "seen": "see", "took": "take", "taken": "take", "made": "make", "got": "get",
    "gotten": "get", "gave": "give", "given": "give", "knew": "know", "known": "know",
    "thought": "think", "told": "tell", "found": "find", "left": "leave", "felt": "feel",
    "brought": "bring", "began": "begin", "begun": "begin", "kept": "keep", "held": "hold",
    "stood": "stand", "heard": "hear", "meant": "mean", "met": "meet", "ran": "run",
    "sat": "sit", "spoke": "speak", "spoken": "speak", "wrote": "write", "written": "write",
    "ate": "eat", "eaten": "eat", "fell": "fall", "fallen": "fall", "bought": "buy",
    "caught": "catch", "taught": "teach", "sold": "sell", "sent": "send", "built": "build",
    "lost": "lose", "paid": "pay", "laid": "lay", "led": "lead", "slept": "sleep",
    "wore": "wear", "worn": "wear", "won": "win", "understood": "understand",
    "became": "become", "rose": "rise", "risen": "rise", "drew": "draw", "drawn": "draw",
    "drove": "drive", "driven": "drive", "rode": "ride", "ridden": "ride", "broke": "break",
    "broken": "break", "chose": "choose", "chosen": "choose", "forgot": "forget",
    "forgotten": "forget", "hid": "hide", "hidden": "hide", "hung": "hang", "shook": "shake",
    "shaken": "shake", "struck": "strike", "threw": "throw", "thrown": "throw", "woke": "wake",
    "flew": "fly", "flown": "fly", "grew": "grow", "grown": "grow", "blew": "blow",
    "fought": "fight", "sought": "seek", "spent": "spend", "lent": "lend", "bent": "bend",
    "fed": "feed", "fled": "flee", "dug": "dig", "stuck": "stick", "swore": "swear",
    "tore": "tear", "torn": "tear", "sang": "sing", "sung": "sing", "sank": "sink",
    "drank": "drink", "drunk": "drink", "swam": "swim", "rang": "ring", "bore": "bear",
    "born": "bear", "lay": "lie", "lain": "lie", "men": "man", "women": "woman",
    "children": "child", "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose",
    "people": "person", "better": "good", "best": "good", "worse": "bad", "worst": "bad",
    "elder": "old", "eldest": "old", "older": "old", "oldest": "old", "further": "far",
    "farther": "far", "furthest": "far", "less": "little", "least": "little", "more": "many",
    "most": "many", "much": "many", "lives": "life", "wives": "wife", "knives": "knife",
    "leaves": "leaf", "halves": "half", "selves": "self", "themselves": "self",
    "himself": "self", "herself": "self", "myself": "self", "yourself": "self",
    "ourselves": "self", "itself": "self",
}

_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """A normalised key for ``word``: lower case, irregular forms mapped, then stemmed."""
    word = word.lower().replace("’", "'")
    if word.endswith("n't"):
        return "not"
    if word.endswith("'s"):
        word = word[:-2]
    elif "'" in word:
        word = word.split("'", 1)[0]
    stem: str = _STEMMER.stemWord(_IRREGULAR.get(word, word))
    return stem


def content_lemmas(text: str) -> list[str]:
    """The lemmas of the content words of ``text``, in order (stop words left out)."""
    out: list[str] = []
    for match in WORD.finditer(text):
        word = match.group().lower()
        if word in STOP_WORDS or len(word) < 2:
            continue
        key = lemma(word)
        if key not in STOP_WORDS:
            out.append(key)
    return out
