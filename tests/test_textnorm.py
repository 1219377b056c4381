"""textnorm: invisible marks removed, presentation forms folded, offsets kept."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.inputs.textnorm import normalize, strip_invisible


def test_tatweel_private_use_bidi_and_zero_width_are_removed() -> None:
    text = "مـــوسكو\ue005\u200f قالت\u200b\u2066 «\u202bنعم\u202c»\ufeff\u00ad"
    assert normalize(text).text == "موسكو قالت «نعم»"


def test_presentation_forms_fold_to_letters() -> None:
    # ﻟﻴﺒﻴﺎ is "ليبيا" written in presentation forms, as some PDFs extract it
    assert normalize("\ufedf\ufef4\ufe92\ufef4\ufe8e").text == "ليبيا"


def test_a_ligature_expands_and_maps_back_to_itself() -> None:
    result = normalize("ب\ufdf2ج")  # U+FDF2 is the Allah ligature, 4 letters under NFKC
    assert result.text == "ب" + unicodedata.normalize("NFKC", "\ufdf2") + "ج"
    assert [result.original_offset(i) for i in range(len(result.text) + 1)] == [0, 1, 1, 1, 1, 2, 3]


def test_offsets_map_back_to_the_original() -> None:
    original = "قـال\u200f الرئيس: ليبيا"
    result = normalize(original)
    at = result.text.index("ليبيا")
    assert original[result.original_offset(at) :].startswith("ليبيا")
    start, end = result.original_span(at, at + len("ليبيا"))
    assert original[start:end] == "ليبيا"
    assert result.original_offset(result.text.index("ا")) == original.index("ا")


def test_plain_text_is_unchanged_and_maps_identically() -> None:
    result = normalize("plain text, 123")
    assert result.text == "plain text, 123"
    assert all(result.original_offset(i) == i for i in range(16))


def test_strip_invisible() -> None:
    assert strip_invisible("a\u200fـb\ue000") == "ab"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_every_clean_character_comes_from_the_original(text: str) -> None:
    result = normalize(text)
    offsets = [result.original_offset(i) for i in range(len(result.text) + 1)]
    assert offsets == sorted(offsets)
    for i, char in enumerate(result.text):
        source = text[offsets[i]]
        assert source == char or char in unicodedata.normalize("NFKC", source)
