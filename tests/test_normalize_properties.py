"""The fast normaliser folds exactly as the per-character reference it replaced."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.compare.normalize import fold, is_arabic, normalize

# ---------------------------------------------------------------- the reference (old code)

_DROP = frozenset(
    {"\u0640", "\u061c", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff"}
    | {chr(code) for code in range(0x202A, 0x202F)}
    | {chr(code) for code in range(0x2066, 0x206A)}
)
_FOLD = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
        "گ": "ك", "ک": "ك", "ی": "ي", "٫": ".", "٬": ",",
        **{chr(0x0660 + digit): str(digit) for digit in range(10)},
        **{chr(0x06F0 + digit): str(digit) for digit in range(10)},
    }
)  # fmt: skip


def _is_dropped(char: str) -> bool:
    if char in _DROP or 0xE000 <= ord(char) <= 0xF8FF:
        return True
    return unicodedata.category(char) == "Mn"


def _fold_char(char: str) -> str:
    if _is_dropped(char):
        return ""
    folded = unicodedata.normalize("NFKC", char)
    return "".join(c for c in folded if not _is_dropped(c)).translate(_FOLD).casefold()


def reference_normalize(text: str) -> tuple[str, tuple[int, ...]]:
    pieces: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        pieces.append(folded)
        offsets.extend([index] * len(folded))
    return "".join(pieces), tuple(offsets)


def reference_is_arabic(text: str) -> bool:
    arabic = sum(1 for char in text if "\u0600" <= char <= "\u06ff")
    latin = sum(1 for char in text if char.isascii() and char.isalpha())
    return arabic > latin


# ---------------------------------------------------------------- random Arabic and Latin text

TRICKY = (
    "أإآٱىةؤئگکی٫٬٠١٩۰۹ـ\u064b\u064e\u0651\u0652\u0670\u200b\u200c\u200d\u200e\u200f\ufeff"
    "\u202a\u202e\u2066\u2069\u061c\ue000\ue005\uf8ff\u00a0\u00df\u0130\u0149\u01f0\u0390"
    "\u00bd\u00b2\ufb01\ufef7\ufefb\ufe8d\u0301\u0308\u1e9e\u2126\u212b\u2460\uff21\u3000"
    "ÅÉéèêÇçÑñÖøŁłŒœΣσςАаЖж"
)
ALPHABET = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
    st.characters(min_codepoint=0x00A0, max_codepoint=0x024F),
    st.characters(min_codepoint=0x0300, max_codepoint=0x036F),
    st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),
    st.sampled_from(TRICKY),
    st.characters(),  # anything at all, surrogates and astral planes included
)
TEXTS = st.text(ALPHABET, max_size=300)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_fold_and_normalize_equal_the_per_character_reference(text: str) -> None:
    folded, offsets = reference_normalize(text)
    assert fold(text) == folded
    normal = normalize(text)
    assert normal.text == folded
    assert normal.offsets == offsets


@settings(max_examples=200, deadline=None)
@given(st.text(ALPHABET, max_size=300))
def test_is_arabic_equals_the_per_character_reference(text: str) -> None:
    assert is_arabic(text) == reference_is_arabic(text)


def test_every_tricky_character_folds_as_the_reference() -> None:
    for char in TRICKY:
        assert fold(char) == reference_normalize(char)[0], repr(char)
    assert fold(TRICKY * 3) == reference_normalize(TRICKY * 3)[0]
    assert normalize(TRICKY).offsets == reference_normalize(TRICKY)[1]


def test_a_long_page_folds_as_the_reference() -> None:
    page = ("قال الوزيرُ إنّ الميناءَ سيُفتح — The Minister said ½ of İstanbul's ﬁrms. " * 400)[:30000]
    assert fold(page) == reference_normalize(page)[0]
    assert normalize(page).offsets == reference_normalize(page)[1]
