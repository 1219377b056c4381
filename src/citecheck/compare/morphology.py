"""Word forms that spelling and stems do not match: Arabic derivation and number words.

A headline writes the verb where the article writes its verbal noun (يعوض "he
compensates" ~ تعويضا "compensation", يعتقل ~ اعتقال, يشارك ~ مشاركة), and a
number as digits where the article spells it out (6 ~ ستة, 3 ~ three). Snowball's
stems keep such pairs apart, so they are matched here:

- `roots`: a light root reading of a folded Arabic word. Its Snowball stems (which
  drop clitics and inflection) lose the letters of one derivational pattern
  (تفعيل، افتعال، انفعال، استفعال، تفاعل، مفعول، فاعل، the imperfect prefixes …)
  when exactly three root letters remain; a long vowel or hamza among them becomes
  one placeholder, so زيارة and يزور meet. A root is shared by related words (كتب،
  مكتب), so a root match counts only part of a word (ROOT_CREDIT).
- `number_value`: the value of a number written as one word, Arabic or English
  (ستة، وثلاثة، الخمسة، ألفين، six, twenty), as digits.
"""

from __future__ import annotations

import re
from functools import lru_cache

from citecheck.compare.normalize import is_arabic

ROOT_CREDIT = 0.5
"""A word sharing only its root with a page word is often the same idea in another part of
speech, but not always (كتب، مكتب، كتاب): it counts half, as a spelling variant does."""

_C = "(.)"
"""One root letter slot of a pattern (the pattern's own letters are written out)."""
_PATTERNS = tuple(
    re.compile(f"^{pattern}$".replace("C", _C))
    for pattern in (
        "استCCاC",  # استفعال
        "[يتنم]?ستCCC",  # (ي)ستفعل، مستفعل
        "استCCC",  # استفعل
        "اCتCاC",  # افتعال
        "[اتينم]CتCC",  # افتعل، يفتعل، مفتعل
        "انCCاC",  # انفعال
        "[اتينم]نCCC",  # انفعل، ينفعل، منفعل
        "تCCيC",  # تفعيل
        "[يتنم]?تCاCC",  # تفاعل، يتفاعل، متفاعل
        "[يتنم]تCCC",  # يتفعل، متفعل
        "مCCوC",  # مفعول
        "[يتنم]?CاCC",  # فاعل، يفاعل، مفاعل
        "[يتنما]CCC",  # يفعل، تفعل، مفعل، افعل
        "CCاC",  # فعال
        "CCيC",  # فعيل
        "CCوC",  # فعول
    )
)
_WEAK_LETTERS = frozenset("اويء")
_WEAK = str.maketrans({"ا": "*", "و": "*", "ي": "*", "ء": "*"})
"""Long vowels and hamza inside a root: يزور and زيارة share ز*ر."""

_ARABIC_NUMBERS = {
    **dict.fromkeys(("واحد", "واحده"), 1),
    **dict.fromkeys(("اثنان", "اثنين", "اثنتان", "اثنتين"), 2),
    **dict.fromkeys(("ثلاث", "ثلاثه"), 3),
    **dict.fromkeys(("اربع", "اربعه"), 4),
    **dict.fromkeys(("خمس", "خمسه"), 5),
    **dict.fromkeys(("ست", "سته"), 6),
    **dict.fromkeys(("سبع", "سبعه"), 7),
    **dict.fromkeys(("ثمان", "ثماني", "ثمانيه"), 8),
    **dict.fromkeys(("تسع", "تسعه"), 9),
    **dict.fromkeys(("عشر", "عشره"), 10),
    **{f"{stem}{ending}": value for stem, value in (
        ("عشر", 20), ("ثلاث", 30), ("اربع", 40), ("خمس", 50), ("ست", 60), ("سبع", 70),
        ("ثمان", 80), ("تسع", 90),
    ) for ending in ("ون", "ين")},
    **dict.fromkeys(("مايه", "ميه"), 100),
    **dict.fromkeys(("مايتين", "مايتان", "ميتين", "ميتان"), 200),
    **dict.fromkeys(("الف",), 1000),
    **dict.fromkeys(("الفين", "الفان"), 2000),
    **dict.fromkeys(("مليون",), 1_000_000),
    **dict.fromkeys(("مليونين", "مليونان"), 2_000_000),
    **dict.fromkeys(("مليار",), 1_000_000_000),
}  # fmt: skip
"""Folded Arabic number words (ة folds to ه, ئ to ي) and their values."""
_ENGLISH_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "million": 1_000_000,
    "billion": 1_000_000_000, "dozen": 12,
}  # fmt: skip
_NUMBER_PREFIXES = ("وال", "بال", "لل", "ال", "و", "ب", "ل")
"""Clitics an Arabic number word may carry: وثلاثة، بخمسة، الستة."""


@lru_cache(maxsize=65536)
def roots(stems: tuple[str, ...]) -> tuple[str, ...]:
    """The light roots of an Arabic word, read from its stems (bm25.stems); () if none.

    Args:
        stems: the folded stems of one Arabic word.

    Returns:
        Each distinct three-letter root a stem reduces to, long vowels as "*".
    """
    found: dict[str, None] = {}
    for stem in (*stems, *(stem[1:] for stem in stems if _has_conjunction(stem))):
        root = _root(stem)
        if root:
            found.setdefault(root, None)
    return tuple(found)


def _has_conjunction(stem: str) -> bool:
    """Whether a stem may still carry و or ف ("and", "so": ويعلن، فأعلن): Snowball keeps it
    on some verbs. Only long stems are read without it (وزير، وصل keep their و)."""
    return len(stem) >= 5 and stem[0] in "وف"


def _root(stem: str) -> str:
    """The root of one stem: what a pattern leaves, or the stem itself at three strong letters
    ("" if neither: a bare stem with a long vowel, زير or جول, is too ambiguous to read)."""
    if len(stem) == 3:
        return stem if not _WEAK_LETTERS & set(stem) and is_arabic(stem) else ""
    for pattern in _PATTERNS:
        match = pattern.match(stem)
        if match:
            return _weakened("".join(match.groups()))
    return ""


def _weakened(root: str) -> str:
    """The root with long vowels and hamza as "*" ("" when two of its letters are weak)."""
    weak = root.translate(_WEAK)
    return weak if weak.count("*") <= 1 and is_arabic(root) else ""


@lru_cache(maxsize=65536)
def number_value(word: str) -> str | None:
    """The value of one folded word that is a number, as digits (None if it is none).

    Args:
        word: a folded token: digits ("6", "2015") or a number word (ستة، وثلاثة، six).
    """
    if word.isdigit():
        return str(int(word)) if len(word) <= 15 else word
    if word.isascii():
        value = _ENGLISH_NUMBERS.get(word)
        return str(value) if value is not None else None
    for prefix in ("", *_NUMBER_PREFIXES):
        if word.startswith(prefix) and word[len(prefix) :] in _ARABIC_NUMBERS:
            return str(_ARABIC_NUMBERS[word[len(prefix) :]])
    return None
