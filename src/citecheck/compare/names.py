"""Names matched across scripts: consonant skeletons and a CLDR exonym gazetteer.

An Arabic claim and an English page share few words, but they share names.
Both sides are reduced to a consonant skeleton (vowels, long-vowel letters and
ع dropped, sounds merged into coarse classes: ج/g/j, ق/k/q/c, ف/f/v/p→b...), so
حفتر ~ Haftar and لافروف ~ Lavrov meet. Country names come from babel's CLDR
data (مصر ~ Egypt), with the Arabic nisba adjective (مصري) folded in.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from citecheck.compare.normalize import fold, tokens

logger = logging.getLogger(__name__)

MIN_SKELETON = 3
"""Shorter skeletons (two consonants) match too many unrelated words to count."""
MIN_SIMILARITY = 0.75

_ARABIC_CLASSES = str.maketrans(
    {
        "ب": "b", "ت": "t", "ث": "t", "ج": "g", "ح": "h", "خ": "k", "د": "d", "ذ": "d",
        "ر": "r", "ز": "z", "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
        "غ": "g", "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
        "ع": "", "ا": "", "و": "", "ي": "", "ء": "",
    }
)  # fmt: skip
_LATIN_DIGRAPHS = (("kh", "k"), ("sh", "s"), ("th", "t"), ("gh", "g"), ("ph", "f"), ("dh", "d"))
_LATIN_CLASSES = str.maketrans(
    {"v": "f", "p": "b", "c": "k", "q": "k", "j": "g", "x": "ks", "a": "", "e": "", "i": "",
     "o": "", "u": "", "y": "", "w": "", "'": ""}
)  # fmt: skip
_DEMONYM_ENDINGS = frozenset({"", "n", "s", "ns", "k", "ks"})
"""Syria/Syrian, Sudan/Sudanese, Turkey/Turkish, Iraq/Iraqi: skeletons the name may grow by."""
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z'\-]+")


def _collapse(skeleton: str) -> str:
    collapsed = re.sub(r"(.)\1+", r"\1", skeleton)
    return (
        collapsed[:-1] if len(collapsed) > MIN_SKELETON and collapsed.endswith("h") else collapsed
    )


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """Return the consonant skeleton of one word, Arabic or Latin script."""
    word = fold(word)
    if word.isascii() is False and word.isalpha() and all(ord(char) < 0x250 for char in word):
        word = "".join(
            c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
        )
    if word.startswith("ال") and len(word) > 4:
        word = word[2:]
    if word.isascii():
        for digraph, sound in _LATIN_DIGRAPHS:
            word = word.replace(digraph, sound)
        return _collapse(word.translate(_LATIN_CLASSES))
    return _collapse(word.translate(_ARABIC_CLASSES))


def similarity(left: str, right: str) -> float:
    """1 - normalised edit distance between two skeletons."""
    if not left or not right:
        return 0.0
    previous = list(range(len(right) + 1))
    for i, a in enumerate(left, 1):
        current = [i]
        for j, b in enumerate(right, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return 1 - previous[-1] / max(len(left), len(right))


def latin_names(text: str) -> set[str]:
    """Skeletons of the capitalised Latin words of a page (its likely names)."""
    found = {skeleton(word) for word in _CAPITALISED.findall(text)}
    return {item for item in found if len(item) >= 2}


def exonym(word: str) -> str | None:
    """The English country name a folded Arabic word (name or nisba) refers to, if any."""
    table = gazetteer()
    return table.get(word) or table.get(word.removeprefix("ال"))


AMBIGUOUS_NAMES = frozenset({"عمان"})
"""Folded country names that also name a city: عمّان (Amman, Jordan's capital) folds to
Oman's عمان, so a claim about Amman would name another country than a page about Jordan.
The bare word names no country; its nisba (العماني، العمانية) still names Oman."""

_CLITICS = ("وال", "بال", "فال", "كال", "لل", "و", "ب", "ل", "ف")
"""Conjunctions and prepositions written onto an Arabic word (والعراق، لمصر، بسوريا)."""


def country(word: str) -> str | None:
    """The English country name a folded Arabic word refers to, also with a conjunction or
    preposition written onto it (والعراق، لمصر، بسوريا، للسعودية); `exonym` reads the bare
    word only, this reads what a headline writes."""
    found = exonym(word)
    for clitic in _CLITICS:
        if found is None and word.startswith(clitic) and len(word) - len(clitic) >= MIN_SKELETON:
            bare = word[len(clitic) :]
            found = exonym(bare) or (exonym("ال" + bare) if clitic == "لل" else None)
    return found


def matches_name(word: str, names: Iterable[str]) -> bool:
    """Whether a (folded Arabic) word names one of the page's Latin names or countries."""
    english = exonym(word)
    key = skeleton(word)
    names = list(names)
    if english and names_country(english, names):
        return True
    return len(key) >= MIN_SKELETON and any(
        similarity(key, name) >= MIN_SIMILARITY for name in names
    )


def names_country(english: str, names: Iterable[str]) -> bool:
    """Whether one of the name skeletons is the country or its demonym (Syria, Syrian)."""
    country = skeleton(english)
    return len(country) >= 2 and any(
        name.startswith(country) and name.removeprefix(country) in _DEMONYM_ENDINGS
        for name in names
    )


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """Folded Arabic country names and their nisba adjectives → English name (CLDR)."""
    try:
        from babel import Locale
    except ImportError:
        logger.info("babel not installed; no exonym gazetteer")
        return {}
    arabic = Locale("ar").territories
    english = Locale("en").territories
    table: dict[str, str] = {}
    for code, name in arabic.items():
        if code in english and not code.isdigit():
            _add_exonym(table, name, english[code])
    return table


def _add_exonym(table: dict[str, str], arabic: str, english: str) -> None:
    words = tokens(fold(arabic))
    if len(words) != 1:
        # the first word of a longer name is a common noun (منطقة اليورو, جزر القمر, جبل طارق,
        # الجبل الأسود) or a shorter country's name (غينيا بيساو): as a key it would read
        # "the region" or "mountain villages" as a country
        return
    word = words[0].removeprefix("ال")
    if word not in AMBIGUOUS_NAMES:
        table[word] = english
    nisba = word[:-1] if word.endswith("يا") else word + "ي"
    table[nisba] = english
    table[nisba + "ه"] = english  # feminine nisba (ة folded to ه): اليمنية
