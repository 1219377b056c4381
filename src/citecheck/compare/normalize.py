"""Matching normaliser for Arabic and Latin text, with a map back to the original offsets.

Both the claim and the page pass through `normalize` before any comparison, so
spelling variants that a reader does not notice (hamza forms, ى/ي, ة/ه,
diacritics, tatweel, Arabic-Indic digits, PDF private-use glyphs, bidi marks)
do not hide a match. `NormalizedText.offsets[i]` is the offset in the original
text of normalised character i, so evidence found in normalised text is shown
at its true place in the stored page text.
"""

from __future__ import annotations

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


def _fold_char(char: str) -> str:
    if _is_dropped(char):
        return ""
    folded = unicodedata.normalize("NFKC", char)
    return "".join(c for c in folded if not _is_dropped(c)).translate(_FOLD).casefold()


def normalize(text: str) -> NormalizedText:
    """Fold `text` for matching and keep the offset of every output character.

    Args:
        text: any page or claim text.

    Returns:
        The folded text and, for each of its characters, the original offset.
    """
    pieces: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        pieces.append(folded)
        offsets.extend([index] * len(folded))
    return NormalizedText("".join(pieces), tuple(offsets))


def fold(text: str) -> str:
    """Return only the folded text of `normalize` (no offset map)."""
    return "".join(_fold_char(char) for char in text)


def tokens(text: str) -> list[str]:
    """Split already folded text into word tokens (letters and digits)."""
    return _TOKEN.findall(text)


def is_arabic(text: str) -> bool:
    """Whether most letters of `text` are Arabic script."""
    arabic = sum(1 for char in text if "\u0600" <= char <= "\u06ff")
    latin = sum(1 for char in text if char.isascii() and char.isalpha())
    return arabic > latin
