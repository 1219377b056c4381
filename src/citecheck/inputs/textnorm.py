"""Clean text for matching while keeping a map back to the original offsets.

Text that comes out of PDFs of Arabic articles carries characters a reader never
sees but a matcher trips over. `normalize` removes them and folds presentation
forms, and remembers where every kept character came from, so a match found in
the clean text can be reported at the right line and column of the source.

What it does, in order of appearance in the text (one pass):

1. removes tatweel/kashida (U+0640), private-use glyphs (U+E000-U+F8FF), bidi
   control marks (U+061C, U+200E/F, U+202A-E, U+2066-9), zero-width characters
   (U+200B-D, U+2060, U+FEFF) and the soft hyphen (U+00AD);
2. folds Arabic presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFC) to their
   letters with NFKC (a ligature may become several letters).

It does not change case, digits, diacritics or spacing: stronger matching
normalisers build on top of this one.
"""

from __future__ import annotations

import bisect
import logging
import re
import unicodedata
from dataclasses import dataclass

logger = logging.getLogger(__name__)

INVISIBLE_CHARS = (
    "\u00ad\u0640\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\ue000-\uf8ff"
)
"""A regex character-class body of what `normalize` removes."""

PRESENTATION_FORMS = "\ufb50-\ufdff\ufe70-\ufefc"
"""A regex character-class body of the Arabic presentation forms `normalize` folds."""

_CHANGED = re.compile(f"[{INVISIBLE_CHARS}]+|[{PRESENTATION_FORMS}]+")
_REMOVED = re.compile(f"[{INVISIBLE_CHARS}]")


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Clean text plus the map from its offsets back to the original text.

    `_clean_starts[k]` / `_original_starts[k]` mark where the k-th stretch of
    characters copied unchanged begins in each text; folded stretches map every
    clean offset inside them to the start of the original stretch.
    """

    text: str
    original: str
    _clean_starts: tuple[int, ...]
    _original_starts: tuple[int, ...]
    _copied: tuple[bool, ...]

    def original_offset(self, offset: int) -> int:
        """Return the offset in the original text of a clean-text offset.

        Args:
            offset: a position in `text` (0..len(text), the end included).

        Returns:
            The matching position in `original`; a character folded from a
            presentation form maps to that form's position.
        """
        index = bisect.bisect_right(self._clean_starts, offset) - 1
        if index < 0:
            return offset
        start = self._original_starts[index]
        if self._copied[index]:
            return start + offset - self._clean_starts[index]
        return start

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original [start, end) range of a clean-text range."""
        if end <= start:
            at = self.original_offset(start)
            return at, at
        return self.original_offset(start), self.original_offset(end - 1) + 1


def normalize(text: str) -> NormalizedText:
    """Remove invisible marks and fold presentation forms, keeping an offset map.

    Args:
        text: any text; it is never rejected.

    Returns:
        The `NormalizedText`, whose `original_offset` maps positions back.
    """
    pieces: list[str] = []
    clean_starts: list[int] = [0]
    original_starts: list[int] = [0]
    copied: list[bool] = [True]
    clean_at = copied_from = 0
    for match in _CHANGED.finditer(text):
        pieces.append(text[copied_from : match.start()])
        clean_at += match.start() - copied_from
        clean_at = _add_folded(match, pieces, clean_at, (clean_starts, original_starts, copied))
        copied_from = match.end()
        clean_starts.append(clean_at)
        original_starts.append(copied_from)
        copied.append(True)
    pieces.append(text[copied_from:])
    return NormalizedText(
        "".join(pieces), text, tuple(clean_starts), tuple(original_starts), tuple(copied)
    )


def _add_folded(
    match: re.Match[str],
    pieces: list[str],
    clean_at: int,
    tables: tuple[list[int], list[int], list[bool]],
) -> int:
    """Append the folded form of one changed stretch; return the new clean offset."""
    if _REMOVED.match(match.group()):
        return clean_at
    clean_starts, original_starts, copied = tables
    for position, char in enumerate(match.group(), start=match.start()):
        folded = unicodedata.normalize("NFKC", char)
        clean_starts.append(clean_at)
        original_starts.append(position)
        copied.append(len(folded) == 1)
        pieces.append(folded)
        clean_at += len(folded)
    return clean_at


def strip_invisible(text: str) -> str:
    """Return `text` without the invisible marks `normalize` removes (no map kept)."""
    return _REMOVED.sub("", text)
