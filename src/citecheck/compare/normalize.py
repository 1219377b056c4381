"""Matching normaliser for Arabic and Latin text, with a map back to the original offsets.

Both the claim and the page pass through `fold` before any comparison, so
spelling variants that a reader does not notice (hamza forms, ى/ي, ة/ه,
diacritics, tatweel, Arabic-Indic digits, PDF private-use glyphs, bidi marks)
do not hide a match. `NormalizedText.offsets[i]` is the offset in the original
text of normalised character i, so evidence found in normalised text can be
shown at its true place in the stored page text.

Every character folds on its own: dropped if it is a mark, a bidi or
zero-width control or a private-use glyph; else its NFKC form, less such
characters, through the letter-form table, case-folded. Pages are 30-150 KB,
so the work is done by C loops, never a Python loop per character: the few
characters whose fold is more than case folding are found with one compiled
regex, replaced with `str.replace`, and the rest is `str.casefold`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

_DROP = frozenset(
    {"\u0640", "\u061c", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff"}
    | {chr(code) for code in range(0x202A, 0x202F)}
    | {chr(code) for code in range(0x2066, 0x206A)}
)
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "گ": "ك",
        "ک": "ك",
        "ی": "ي",
        "٫": ".",
        "٬": ",",
        **{chr(0x0660 + digit): str(digit) for digit in range(10)},
        **{chr(0x06F0 + digit): str(digit) for digit in range(10)},
    }
)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_ARABIC_LEADS = (b"\xd8", b"\xd9", b"\xda", b"\xdb")
"""UTF-8 lead bytes of U+0600..U+06FF (a lead byte is never a continuation byte)."""
_NOT_LATIN_LETTER = bytes(b for b in range(256) if not chr(b).isascii() or not chr(b).isalpha())
_SCANNED = ((0x0000, 0x07FF), (0x2000, 0x206F))
"""Latin, Greek, Cyrillic, Hebrew, Arabic and general punctuation: classified at import
(a few ms); any character outside them is looked at when a text holds it."""
_MANY_REPLACEMENTS = 48
"""Past this many distinct characters to replace, one `str.translate` pass is cheaper."""


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Text folded for matching, with `offsets[i]` = original offset of character i."""

    text: str
    offsets: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open range of normalised offsets back to the original text."""
        if not self.offsets or start >= end:
            return (0, 0)
        last = min(end, len(self.offsets)) - 1
        return (self.offsets[start], self.offsets[last] + 1)


def _is_dropped(char: str) -> bool:
    if char in _DROP or 0xE000 <= ord(char) <= 0xF8FF:
        return True
    return unicodedata.category(char) == "Mn"  # harakat, shadda, dagger alef, combining marks


@functools.lru_cache(maxsize=65536)
def _before_casefold(char: str) -> str:
    """What one character folds to, before case folding (case folding is per character)."""
    if _is_dropped(char):
        return ""
    folded = unicodedata.normalize("NFKC", char)
    return "".join(c for c in folded if not _is_dropped(c)).translate(_FOLD)


def _char_class(chars: list[str], extra: str = "") -> re.Pattern[str]:
    """A compiled `[...]` of the characters (as ranges of neighbours) and `extra`."""
    ranges: list[list[int]] = []
    for code in sorted(map(ord, chars)):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    escaped = "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges)
    return re.compile(f"[{escaped}{extra}]")


def _scanned_chars() -> list[str]:
    return [chr(code) for low, high in _SCANNED for code in range(low, high + 1)]


_OUTSIDE_SCANNED = "\\u0800-\\u1fff\\u2070-\\U0010ffff"


@functools.cache
def _special() -> re.Pattern[str]:
    """Characters whose fold is more than case folding, and every character not scanned."""
    special = [c for c in _scanned_chars() if _before_casefold(c) != c]
    return _char_class(special, _OUTSIDE_SCANNED)


@functools.cache
def _resized() -> re.Pattern[str]:
    """Characters that may fold to other than exactly one character (for `normalize` only)."""
    resized = [c for c in _scanned_chars() if len(_before_casefold(c).casefold()) != 1]
    return _char_class(resized, _OUTSIDE_SCANNED)


def fold(text: str) -> str:
    """Fold `text` for matching: the text of `normalize`, without the offset map.

    Args:
        text: any page or claim text.

    Returns:
        The folded text: lower-case, marks and controls dropped, letter forms unified.
    """
    if text.isascii():
        return text.lower()  # no ASCII character is dropped, decomposed or re-lettered
    replacements = {
        char: folded
        for char in set(_special().findall(text))
        if (folded := _before_casefold(char)) != char
    }
    if len(replacements) > _MANY_REPLACEMENTS or not _is_final(replacements):
        return text.translate({ord(char): new for char, new in replacements.items()}).casefold()
    for char, new in replacements.items():
        text = text.replace(char, new)
    return text.casefold()


def _is_final(replacements: dict[str, str]) -> bool:
    """Whether no replacement brings in a character that would itself be replaced.

    Replacing one character after another equals replacing all at once only then.
    """
    return all(_before_casefold(c) == c for new in replacements.values() for c in new)


def normalize(text: str) -> NormalizedText:
    """Fold `text` for matching and keep the offset of every output character.

    Args:
        text: any page or claim text.

    Returns:
        The folded text and, for each of its characters, the original offset.
    """
    offsets: list[int] = []
    done = 0
    for match in _resized().finditer(text):
        width = len(_before_casefold(match.group()).casefold())
        if width != 1:
            index = match.start()
            offsets.extend(range(done, index))
            offsets.extend([index] * width)
            done = index + 1
    offsets.extend(range(done, len(text)))
    return NormalizedText(fold(text), tuple(offsets))


def tokens(text: str) -> list[str]:
    """Split already folded text into word tokens (letters and digits)."""
    return _TOKEN.findall(text)


def is_arabic(text: str) -> bool:
    """Whether most letters of `text` are Arabic script."""
    data = text.encode("utf-8", "surrogatepass")  # counting bytes runs in C, not per character
    arabic = sum(data.count(lead) for lead in _ARABIC_LEADS)
    latin = len(data.translate(None, _NOT_LATIN_LETTER))
    return arabic > latin
