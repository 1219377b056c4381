"""Content drift: how far today's main text has moved from the first archived copy."""

from __future__ import annotations

from difflib import SequenceMatcher

from citecheck.compare.normalize import fold

SHINGLE = 3
"""Word trigrams: reordered paragraphs barely move the score, rewritten sentences do."""


def _shingles(text: str) -> set[tuple[str, ...]]:
    from citecheck.compare import bm25  # numpy: loaded by the first drift measured, not on import

    words = [word for word in bm25.terms(fold(text)) if word[0] not in "~#"]
    if len(words) < SHINGLE:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def drift(first_text: str, current_text: str) -> float:
    """Return how different two versions of a page's main text are.

    Args:
        first_text: the main text of the first archived copy.
        current_text: today's main text.

    Returns:
        0.0 for the same text (up to spacing, diacritics and letter forms), 1.0
        for texts sharing nothing; the Jaccard distance of word trigrams, or of
        characters for texts too short to have trigrams.
    """
    first, current = _shingles(first_text), _shingles(current_text)
    if not first and not current:
        return 0.0 if fold(first_text).strip() == fold(current_text).strip() else 1.0
    if len(first) < 2 or len(current) < 2:
        return round(1 - SequenceMatcher(None, fold(first_text), fold(current_text)).ratio(), 4)
    return round(1 - len(first & current) / len(first | current), 4)
